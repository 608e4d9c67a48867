"""gain-scheduling: linearise a nonlinear plant at several operating points, retune the gain for each.

Follows Khalil, Nonlinear Systems 3e, ch. 12 (Feedback Control: gain scheduling).
Tank x' = -c sqrt(x) + u; at the equilibrium x0 (u0 = c sqrt x0) the linearisation is
x' ~ -c/(2 sqrt x0) dx + du. With u = c sqrt(r) + k(r) (r - x) the local closed-loop
pole is -(k + c/(2 sqrt r)); scheduling k(r) = p - c/(2 sqrt r) puts it at -p everywhere,
while one fixed gain gives a different speed at each operating point. Checked: the
finite-difference Jacobian against the analytic one, and decay rates measured from
RK4 simulations of small steps against the predicted poles.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

c, p = 1.0, 2.0


def f(x, r, k):
    u = c * np.sqrt(r) + k * (r - x)
    return -c * np.sqrt(x) + u


def decay_rate(r, k, delta=1e-4, dt=1e-3, n=1500):
    """Simulate from x = r - delta with RK4 and fit the exponential rate of the error."""
    x, errs = r - delta, []
    for _ in range(n):
        k1 = f(x, r, k)
        k2 = f(x + dt / 2 * k1, r, k)
        k3 = f(x + dt / 2 * k2, r, k)
        k4 = f(x + dt * k3, r, k)
        x = x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        errs.append(r - x)
    errs = np.log(np.abs(errs))
    t = dt * (np.arange(n) + 1)
    return np.polyfit(t, errs, 1)[0]


def run() -> Report:
    r = Report("Gain scheduling: same local pole at every operating point")
    ops = np.array([0.25, 1.0, 4.0, 9.0])
    a_lin = -c / (2 * np.sqrt(ops))  # local plant pole at each x0
    h = 1e-6
    a_fd = np.array([(-c * np.sqrt(x + h) + c * np.sqrt(x - h)) / (2 * h) for x in ops])
    r.check_close("finite-difference Jacobian = -c / (2 sqrt x0)", a_fd, a_lin, rtol=1e-7)

    k_sched = p + a_lin  # so that a_lin - k = -p
    k_fixed = p - c / 2  # designed at x0 = 1 only
    rate_s = np.array([decay_rate(x, k) for x, k in zip(ops, k_sched)])
    rate_f = np.array([decay_rate(x, k_fixed) for x in ops])
    r.figure("operating points", ops.tolist())
    r.figure("scheduled gains", np.round(k_sched, 4).tolist())
    r.figure("measured rates, scheduled", np.round(rate_s, 4).tolist())
    r.figure("measured rates, fixed gain", np.round(rate_f, 4).tolist())
    r.check_close(
        "scheduled loop: local rate = -p at every point", rate_s, np.full(4, -p), rtol=1e-3
    )
    r.check_close(
        "fixed gain: local rate = a(x0) - k (linearisation)", rate_f, a_lin - k_fixed, rtol=1e-3
    )
    r.check(
        "fixed gain is fast at low level and slow at high level",
        rate_f[0] < -p - 0.3 and rate_f[-1] > -p + 0.3,
    )

    # equilibrium: the feed-forward term makes x = r an exact equilibrium of the nonlinear loop
    r.check_close(
        "f(r, r, k) = 0 at every operating point",
        [f(x, x, k) for x, k in zip(ops, k_sched)],
        np.zeros(4),
        atol=1e-15,
    )
    return r


if __name__ == "__main__":
    main(run)
