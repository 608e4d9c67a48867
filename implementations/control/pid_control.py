"""pid-control: a sampled PI / PID loop on a first-order plant K/(tau s + 1).

Follows Astrom & Murray, Feedback Systems 2e, ch. 11 (PID Control). With the integral
acting on the error and the P and D terms acting on the measurement (the "I-PD"
structure, no closed-loop zero), the closed loop is
  (tau + K kd) y'' + (1 + K kp) y' + K ki y = K ki r,
a pure second-order system. The simulated loop (dt = 1 ms) is compared with zero
steady-state error, the overshoot exp(-pi zeta / sqrt(1 - zeta^2)) and peak time
pi / w_d of those poles, and P-only control with the error 1/(1 + K kp).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

K, tau = 2.0, 1.0
dt, T = 1e-3, 15.0


def loop(kp, ki, kd, ref=1.0):
    """Plant stepped exactly (ZOH); integrator and derivative are discrete."""
    ad = np.exp(-dt / tau)
    bd = K * (1 - ad)
    y = y_prev = z = 0.0
    ys = np.empty(int(T / dt))
    for k in range(len(ys)):
        z += ki * (ref - y) * dt  # integral of the error
        u = z - kp * y - kd * (y - y_prev) / dt  # P and D on the measurement
        y_prev, y = y, ad * y + bd * u
        ys[k] = y
    return ys


def second_order(kp, ki, kd):
    m = tau + K * kd
    wn = np.sqrt(K * ki / m)
    zeta = (1 + K * kp) / (2 * m * wn)
    return wn, zeta


def run() -> Report:
    r = Report("PID control: sampled loop vs closed-loop pole predictions")
    # design for zeta = 0.4, wn = 2 rad/s
    kp, ki = (2 * 0.4 * 2 * tau - 1) / K, 4 * tau / K
    wn, zeta = second_order(kp, ki, 0.0)
    y = loop(kp, ki, 0.0)
    os_pred = np.exp(-np.pi * zeta / np.sqrt(1 - zeta**2))
    tp_pred = np.pi / (wn * np.sqrt(1 - zeta**2))
    r.figure("gains kp, ki", [kp, ki])
    r.figure("predicted zeta, wn", [float(zeta), float(wn)])
    r.figure("overshoot (sim, formula)", [float(y.max() - 1), float(os_pred)])
    r.check_close("zero steady-state error (integral action)", y[-1], 1.0, atol=2e-5)
    r.check_close("overshoot = exp(-pi zeta/sqrt(1-zeta^2))", y.max() - 1, os_pred, atol=3e-3)
    r.check_close("peak time = pi / w_d", (np.argmax(y) + 1) * dt, tp_pred, rtol=0.01)

    # on a first-order plant, derivative feedback adds to the y'' coefficient (it acts
    # like extra inertia), so here it lowers zeta; the pole formula must predict that too
    kd = 0.5
    wn2, zeta2 = second_order(kp, ki, kd)
    y2 = loop(kp, ki, kd)
    os2 = np.exp(-np.pi * zeta2 / np.sqrt(1 - zeta2**2))
    r.figure(
        "with kd = 0.5: zeta, overshoot (sim, formula)",
        [float(zeta2), float(y2.max() - 1), float(os2)],
    )
    r.check_close("PID overshoot matches its pole prediction", y2.max() - 1, os2, atol=3e-3)

    # P-only control leaves a steady-state error 1/(1 + K kp)
    kp_only = 3.0
    ad = np.exp(-dt / tau)
    yp = 0.0
    for _ in range(int(T / dt)):
        yp = ad * yp + K * (1 - ad) * kp_only * (1.0 - yp)
    r.check_close("P control error = 1/(1 + K kp)", 1.0 - yp, 1 / (1 + K * kp_only), rtol=1e-6)
    return r


if __name__ == "__main__":
    main(run)
