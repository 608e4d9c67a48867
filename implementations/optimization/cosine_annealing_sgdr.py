"""cosine-annealing-sgdr: cosine learning-rate annealing with warm restarts.

Follows Loshchilov & Hutter (2017): eta_t = eta_min + 1/2 (eta_max - eta_min)
(1 + cos(pi T_cur / T_i)), with cycle lengths T_i = T_0 * T_mult^i. Checks: restart steps
equal the closed form T_0 (T_mult^i - 1)/(T_mult - 1); lr is eta_max at every restart and
(eta_max + eta_min)/2 at mid-cycle; the last step of a cycle is within
(eta_max - eta_min) pi^2/(4 T_i^2) of eta_min; lr never rises inside a cycle; the cycle mean
approaches (eta_max + eta_min)/2 (integral of the cosine); lr(t) + lr(T - t) is constant.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def sgdr(steps, eta_max, eta_min, T0, mult):
    lrs, restarts = [], []
    Ti, Tcur = T0, 0
    for t in range(steps):
        if Tcur == 0:
            restarts.append(t)
        lrs.append(eta_min + 0.5 * (eta_max - eta_min) * (1 + np.cos(np.pi * Tcur / Ti)))
        Tcur += 1
        if Tcur == Ti:  # warm restart: back to eta_max, longer cycle
            Tcur, Ti = 0, Ti * mult
    return np.array(lrs), restarts


def run() -> Report:
    r = Report("Cosine annealing with warm restarts (SGDR)")
    eta_max, eta_min, T0, mult = 0.1, 1e-4, 10, 2
    lrs, restarts = sgdr(10 * (1 + 2 + 4 + 8 + 16), eta_max, eta_min, T0, mult)
    closed = [T0 * (mult**i - 1) // (mult - 1) for i in range(5)]
    r.figure("restart steps", restarts)
    r.check(
        "restarts at T0 (mult^i - 1)/(mult - 1) = 0, 10, 30, 70, 150",
        restarts == closed,
        f"{restarts}",
    )
    r.check_close("lr = eta_max at every restart", lrs[restarts], np.full(5, eta_max), rtol=1e-12)
    mids = [s + T0 * mult**i // 2 for i, s in enumerate(restarts)]
    r.check_close(
        "lr = (eta_max + eta_min)/2 at mid-cycle",
        lrs[mids],
        np.full(5, (eta_max + eta_min) / 2),
        rtol=1e-12,
    )
    ends = [s - 1 for s in restarts[1:]] + [len(lrs) - 1]
    Ti = np.array([T0 * mult**i for i in range(5)])
    # 1 + cos(pi (T-1)/T) = 1 - cos(pi/T) <= pi^2 / (2 T^2): the cycle ends within that of eta_min
    gap = lrs[ends] - eta_min
    r.check(
        "last step of each cycle is within (eta_max-eta_min) pi^2/(4 T_i^2) of eta_min",
        np.all((gap > 0) & (gap <= (eta_max - eta_min) * np.pi**2 / (4 * Ti**2))),
        f"max gap {gap.max():.3g}",
    )
    r.check(
        "lr is non-increasing inside every cycle",
        all(np.all(np.diff(lrs[s : e + 1]) <= 1e-15) for s, e in zip(restarts, ends, strict=False)),
    )
    long_cycle = lrs[restarts[-1] :]
    r.figure("mean lr over the 160-step cycle", float(long_cycle.mean()))
    r.check_close(
        "cycle mean -> (eta_max + eta_min)/2 (integral of the cosine)",
        long_cycle.mean(),
        (eta_max + eta_min) / 2,
        rtol=1e-2,
    )
    # symmetry of the cosine: lr(T_cur) + lr(T - T_cur) = eta_max + eta_min within a cycle
    single, _ = sgdr(100, eta_max, eta_min, 100, 1)
    t = np.arange(1, 100)
    r.check_close(
        "cosine symmetry: lr(t) + lr(T - t) = eta_max + eta_min",
        single[t] + single[100 - t],
        np.full(99, eta_max + eta_min),
        rtol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
