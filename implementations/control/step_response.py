"""step-response: overshoot, peak time and settling of wn^2 / (s^2 + 2 zeta wn s + wn^2).

Follows Astrom & Murray, Feedback Systems 2e, ch. 6 (Linear Systems: input/output
response) and Hu, Automatic Control Principles ch. 3 (time-domain analysis). The step
response is simulated exactly with a one-step matrix exponential (Taylor series); the measured
overshoot and peak time are compared with exp(-pi zeta / sqrt(1 - zeta^2)) and
pi / w_d, the whole curve with the closed-form response, and the 2% settling time
with the envelope bound ln(1 / (0.02 sqrt(1 - zeta^2))) / (zeta wn).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def expm_taylor(M, terms=20):
    """e^M by its Taylor series; exact to round-off for the small ||M|| used here."""
    out, term = np.eye(len(M)), np.eye(len(M))
    for k in range(1, terms):
        term = term @ M / k
        out = out + term
    return out


def simulate_step(wn, zeta, dt, n):
    """x = [y, y']; Van Loan block [[A, B], [0, 0]] steps the unit-step input exactly."""
    M = np.array([[0.0, 1.0, 0.0], [-(wn**2), -2 * zeta * wn, wn**2], [0.0, 0.0, 0.0]])
    Phi = expm_taylor(M * dt)
    z, ys = np.array([0.0, 0.0, 1.0]), np.empty(n)
    for k in range(n):
        ys[k] = z[0]
        z = Phi @ z
    return ys


def closed_form(t, wn, zeta):
    wd = wn * np.sqrt(1 - zeta**2)
    phi = np.arccos(zeta)
    return 1 - np.exp(-zeta * wn * t) * np.sin(wd * t + phi) / np.sqrt(1 - zeta**2)


def settling_time(t, y, band=0.02):
    outside = np.nonzero(np.abs(y - 1) > band)[0]
    return t[outside[-1] + 1]


def run() -> Report:
    r = Report("Step response: measured specs vs second-order formulas")
    wn, dt, n = 2.0, 2e-3, 10000
    t = np.arange(n) * dt
    rows, ok_curve, ok_os, ok_tp, ok_ts = [], True, True, True, True
    for zeta in (0.1, 0.3, 0.5, 0.7):
        y = simulate_step(wn, zeta, dt, n)
        ok_curve &= np.allclose(y, closed_form(t, wn, zeta), atol=1e-10)
        os_pred = np.exp(-np.pi * zeta / np.sqrt(1 - zeta**2))
        tp_pred = np.pi / (wn * np.sqrt(1 - zeta**2))
        ts = settling_time(t, y)
        ts_env = np.log(1 / (0.02 * np.sqrt(1 - zeta**2))) / (zeta * wn)
        ok_os &= abs((y.max() - 1) - os_pred) < 1e-6
        ok_tp &= abs(t[np.argmax(y)] - tp_pred) <= dt
        ok_ts &= ts <= ts_env + dt
        rows.append(
            [
                zeta,
                round(float(y.max() - 1), 4),
                round(float(ts), 3),
                round(float(4 / (zeta * wn)), 3),
            ]
        )
    r.figure("zeta, overshoot, 2% settling, rule-of-thumb 4/(zeta wn)", rows)
    r.check("simulated curve = closed-form step response", ok_curve)
    r.check("overshoot = exp(-pi zeta / sqrt(1 - zeta^2))", ok_os)
    r.check("peak time = pi / (wn sqrt(1 - zeta^2))", ok_tp)
    r.check("2% settling time within the envelope bound", ok_ts)

    # critical damping (zeta = 1): no overshoot, y = 1 - (1 + wn t) e^{-wn t}
    y1 = simulate_step(wn, 1.0, dt, n)
    r.check_close(
        "zeta = 1: y = 1 - (1 + wn t) exp(-wn t)",
        y1,
        1 - (1 + wn * t) * np.exp(-wn * t),
        atol=1e-10,
    )
    r.check(
        "zeta = 1: monotone, never above 1",
        bool(np.all(np.diff(y1) >= -1e-15) and y1.max() <= 1 + 1e-12),
    )
    return r


if __name__ == "__main__":
    main(run)
