"""cosine-annealing-sgdr: cosine learning-rate annealing with warm restarts.

Follows Loshchilov & Hutter (2017): eta_t = eta_min + 1/2 (eta_max - eta_min)
(1 + cos(pi T_cur / T_i)), with cycle lengths T_i = T_0 * T_mult^i. Checks: restart steps
equal the closed form T_0 (T_mult^i - 1)/(T_mult - 1); lr is eta_max at every restart and
(eta_max + eta_min)/2 at mid-cycle; the last step of a cycle is within
(eta_max - eta_min) pi^2/(4 T_i^2) of eta_min; lr never rises inside a cycle; the cycle mean
approaches (eta_max + eta_min)/2 (integral of the cosine); lr(t) + lr(T - t) is constant;
every step equals a vectorised closed form that locates t's cycle with np.searchsorted.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["sgdr"]

DOC_ZH = {
    "sgdr": """带热重启的余弦退火学习率（SGDR）。

输入：steps，总步数；eta_max、eta_min，学习率的上下界；T0，第一个周期的长度；mult，每次重启后周期长度乘的倍数。
周期内 eta_t = eta_min + 1/2 (eta_max - eta_min)(1 + cos(pi T_cur / T_i))，T_cur 是本周期已走的步数；
T_cur 达到 T_i 时重启：T_cur = 0，T_i <- T_i * mult。
输出：(lrs, restarts)：长度 steps 的学习率数组，和每个周期开始的步号列表。

>>> lrs, restarts = sgdr(6, 1.0, 0.0, 2, 2)
>>> np.round(lrs, 6).tolist(), restarts
([1.0, 0.5, 1.0, 0.853553, 0.5, 0.146447], [0, 2])
""",
}

HINTS = {
    "en": (
        "Track two counters: the step inside the current cycle and the current cycle length.",
        "lr = eta_min + (eta_max - eta_min)(1 + cos(pi T_cur / T_i))/2; after each step "
        "T_cur += 1, and when T_cur reaches T_i reset it to 0 and multiply T_i by mult.",
    ),
    "zh": (
        "维护两个计数器：当前周期内已走的步数，以及当前周期的长度。",
        "lr = eta_min + (eta_max - eta_min)(1 + cos(pi T_cur / T_i))/2；每步后 T_cur += 1，"
        "T_cur 达到 T_i 时把它清零，并把 T_i 乘以 mult。",
    ),
}


def sgdr(steps, eta_max, eta_min, T0, mult):
    """Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter 2017).

    Input: steps, the number of steps; eta_max, eta_min, the bounds of the rate; T0, the
    first cycle length; mult, the factor by which each new cycle is longer. Inside a cycle
    eta_t = eta_min + 1/2 (eta_max - eta_min)(1 + cos(pi T_cur / T_i)); when T_cur reaches
    T_i it restarts at 0 and T_i <- T_i * mult.
    Output: (lrs, restarts): the rates (an array of length steps) and the list of steps at
    which a cycle starts.

    >>> lrs, restarts = sgdr(6, 1.0, 0.0, 2, 2)
    >>> np.round(lrs, 6).tolist(), restarts
    ([1.0, 0.5, 1.0, 0.853553, 0.5, 0.146447], [0, 2])
    """
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


def _closed_form(steps, eta_max, eta_min, T0, mult):
    """Every step at once: find t's cycle among the restart points, then the cosine."""
    lengths = T0 * mult ** np.arange(60, dtype=float) if mult > 1 else np.full(steps + 1, T0)
    starts = np.concatenate([[0.0], np.cumsum(lengths)])
    t = np.arange(steps)
    i = np.searchsorted(starts, t, side="right") - 1
    cos = np.cos(np.pi * (t - starts[i]) / lengths[i])
    return eta_min + 0.5 * (eta_max - eta_min) * (1 + cos), starts[starts < steps].astype(int)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Cosine annealing with warm restarts (SGDR)")
    eta_max, eta_min, T0, mult = 0.1, 1e-4, 10, 2
    N = 10 * (1 + 2 + 4 + 8 + 16)
    closed = [T0 * (mult**i - 1) // (mult - 1) for i in range(5)]
    with r.case("restarts at T0 (mult^i - 1)/(mult - 1) = 0, 10, 30, 70, 150") as c:
        lrs, restarts = f.sgdr(N, eta_max, eta_min, T0, mult)
        r.figure("restart steps", list(restarts))
        c.equal(list(restarts), closed)
    with r.case("every step equals the closed form located by np.searchsorted") as c:
        for args in ((N, eta_max, eta_min, T0, mult), (47, 1.0, 0.2, 5, 3), (25, 2.0, 0.0, 7, 1)):
            lrs, restarts = f.sgdr(*args)
            ref, starts = _closed_form(*args)
            c.close(lrs, ref, rtol=1e-12)
            c.equal(list(restarts), starts.tolist())
    with r.case("lr = eta_max at every restart") as c:
        lrs, _ = f.sgdr(N, eta_max, eta_min, T0, mult)
        c.close(lrs[closed], np.full(5, eta_max), rtol=1e-12)
    mids = [s + T0 * mult**i // 2 for i, s in enumerate(closed)]
    with r.case("lr = (eta_max + eta_min)/2 at mid-cycle") as c:
        lrs, _ = f.sgdr(N, eta_max, eta_min, T0, mult)
        c.close(lrs[mids], np.full(5, (eta_max + eta_min) / 2), rtol=1e-12)
    ends = [s - 1 for s in closed[1:]] + [N - 1]
    Ti = np.array([T0 * mult**i for i in range(5)])
    # 1 + cos(pi (T-1)/T) = 1 - cos(pi/T) <= pi^2 / (2 T^2): the cycle ends within that of eta_min
    with r.case(
        "last step of each cycle is within (eta_max-eta_min) pi^2/(4 T_i^2) of eta_min"
    ) as c:
        lrs, _ = f.sgdr(N, eta_max, eta_min, T0, mult)
        gap = lrs[ends] - eta_min
        c.true(
            np.all((gap > 0) & (gap <= (eta_max - eta_min) * np.pi**2 / (4 * Ti**2))),
            f"max gap {gap.max():.3g}",
        )
    with r.case("lr is non-increasing inside every cycle") as c:
        lrs, _ = f.sgdr(N, eta_max, eta_min, T0, mult)
        c.true(all(np.all(np.diff(lrs[s : e + 1]) < 0) for s, e in zip(closed, ends, strict=True)))
    with r.case("cycle mean -> (eta_max + eta_min)/2 (integral of the cosine)") as c:
        lrs, _ = f.sgdr(N, eta_max, eta_min, T0, mult)
        long_cycle = lrs[closed[-1] :]
        r.figure("mean lr over the 160-step cycle", float(long_cycle.mean()))
        c.close(long_cycle.mean(), (eta_max + eta_min) / 2, rtol=1e-2)
    # symmetry of the cosine: lr(T_cur) + lr(T - T_cur) = eta_max + eta_min within a cycle
    with r.case("cosine symmetry: lr(t) + lr(T - t) = eta_max + eta_min") as c:
        single, _ = f.sgdr(100, eta_max, eta_min, 100, 1)
        t = np.arange(1, 100)
        c.close(single[t] + single[100 - t], np.full(99, eta_max + eta_min), rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
