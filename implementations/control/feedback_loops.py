"""feedback-loops: proportional feedback around a first-order plant.

Follows Astrom & Murray, Feedback Systems 2e, ch. 2 (Feedback Principles): feedback
shrinks steady-state error, disturbance response and sensitivity to plant changes by
the factor 1/(1+L), L the loop gain. The simulation (exact zero-order-hold stepping)
is checked against these closed forms.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def simulate(a, b, k, r, d, T=40.0, dt=0.01):
    """Plant dx/dt = -a x + b (u + d), controller u = k (r - x); exact ZOH steps."""
    ad = np.exp(-a * dt)
    bd = (1 - ad) / a * b  # integral of exp(-a s) b ds over one step
    x = 0.0
    for _ in range(int(T / dt)):
        u = k * (r - x)
        x = ad * x + bd * (u + d)
    return x


def run() -> Report:
    r = Report("Feedback loops: error, disturbance and sensitivity shrink by 1/(1+L)")
    a, b, k, ref = 1.0, 2.0, 4.5, 1.0
    K = b / a  # static plant gain
    L = k * K  # static loop gain
    r.figure("loop gain L = k K", L)

    # 1) steady-state tracking error of P control equals ref / (1 + L)
    y = simulate(a, b, k, ref, d=0.0)
    r.figure("steady-state output (P control)", y)
    r.check_close("tracking error = r/(1+L)", ref - y, ref / (1 + L), rtol=1e-6)

    # 2) a constant input disturbance d moves the output by K d open loop
    #    but only by K d / (1+L) in closed loop
    d = 0.3
    shift_cl = simulate(a, b, k, ref, d) - y
    shift_ol = K * d  # open loop: x_ss = K (u + d)
    r.figure("disturbance shift open loop", shift_ol)
    r.figure("disturbance shift closed loop", shift_cl)
    r.check_close("disturbance attenuated by 1/(1+L)", shift_cl, shift_ol / (1 + L), rtol=1e-6)

    # 3) sensitivity: a 1% change of plant gain changes the closed-loop gain by
    #    about S = 1/(1+L) percent (Bode's sensitivity function at s = 0)
    eps = 1e-4
    y2 = simulate(a, b * (1 + eps), k, ref, d=0.0)
    rel_change = (y2 - y) / y / eps
    r.figure("relative closed-loop change per relative plant change", rel_change)
    r.check_close("sensitivity equals 1/(1+L)", rel_change, 1 / (1 + L), rtol=1e-3)

    # 4) higher gain, smaller error: error(k) is monotone and matches the formula
    ks = np.array([0.5, 2.0, 8.0, 32.0])
    errs = np.array([ref - simulate(a, b, kk, ref, 0.0) for kk in ks])
    r.check_close("error for several gains matches 1/(1+kK)", errs, ref / (1 + ks * K), rtol=1e-5)
    r.check("error decreases as gain increases", bool(np.all(np.diff(errs) < 0)))
    return r


if __name__ == "__main__":
    main(run)
