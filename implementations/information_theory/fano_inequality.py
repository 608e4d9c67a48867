"""fano-inequality: any estimate Xhat(Y) with error P_e satisfies H(X|Y) <= h(P_e) + P_e log(|X|-1).

Follows Cover & Thomas (2006) sec. 2.10. The learner writes the Fano right-hand side and the
error of the MAP estimator. On a small noisy channel the MAP error is compared with a brute
force over all deterministic estimators (also for a 3 x 6 joint) and the Fano bound is checked for it and for
random (sub-optimal) estimators; the bound is compared with hand values (0 at P_e = 0, log2 m
at P_e = (m-1)/m), the weaker form P_e >= (H(X|Y) - 1) / log|X| is verified, and a constructed
channel where Fano holds with equality confirms the bound is tight. H(X|Y) comes from
scipy.stats.entropy.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.stats import entropy as sp_entropy

from implementations._common import Report, main, solution

EXERCISE = ["fano_rhs", "map_error"]

DOC_ZH = {
    "fano_rhs": """Fano 不等式的右端 h(Pe) + Pe log2(m - 1)，单位比特（h 为二元熵）。

输入：pe，估计的错误概率，取值于 [0, 1]；m，X 的取值个数（m >= 2）。
输出：一个 float；任何估计都满足 H(X|Y) <= fano_rhs(pe, m)。约定 0·log 0 = 0。

>>> round(float(fano_rhs(0.5, 3)), 6)
1.5
""",
    "map_error": """最大后验（MAP）估计的错误概率：对每个 y 猜 argmax_x p(x, y)。

输入：J，二维联合概率表，J[x, y] = p(x, y)，总和为 1。
输出：一个 float，1 - Σ_y max_x p(x, y)。

>>> round(map_error(np.array([[0.4, 0.1], [0.2, 0.3]])), 6)
0.3
""",
}

HINTS = {
    "en": (
        "An error is either 'a mistake happened' (a binary event) or, given a mistake, "
        "which of the other m-1 values it was.",
        "fano_rhs = h(pe) + pe log2(m-1) with h the binary entropy (0 log 0 = 0). The MAP "
        "guess for each y is the x with the largest p(x, y), so it is right with probability "
        "sum_y max_x J[x, y].",
    ),
    "zh": (
        "出错可以拆成两步：是否出错（一个二元事件），以及出错时是其余 m-1 个值中的哪一个。",
        "fano_rhs = h(pe) + pe log2(m-1)，h 为二元熵（0·log 0 = 0）。对每个 y，MAP 猜 p(x, y) "
        "最大的 x，因此猜对的概率是 Σ_y max_x J[x, y]。",
    ),
}


def H(p):
    p = np.asarray(p, float).ravel()
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def fano_rhs(pe, m):
    """The right-hand side h(Pe) + Pe log2(m - 1) of Fano's inequality, in bits.

    Input: pe, an estimator's error probability in [0, 1]; m >= 2, the number of values of
    X. Output: a float bounding H(X|Y) from above for every estimator; 0 log 0 = 0.

    >>> round(float(fano_rhs(0.5, 3)), 6)
    1.5
    """
    return H([pe, 1 - pe]) + pe * np.log2(m - 1)


def map_error(J):
    """Error probability of the MAP estimator, which guesses argmax_x p(x, y) for each y.

    Input: J, a 2-D array with J[x, y] = p(x, y) summing to 1. Output: a float,
    1 - sum_y max_x p(x, y).

    >>> round(map_error(np.array([[0.4, 0.1], [0.2, 0.3]])), 6)
    0.3
    """
    return float(1 - J.max(axis=0).sum())


def cond_H(J):
    """H(X|Y) = H(X,Y) - H(Y) by scipy: the reference."""
    return float(sp_entropy(J.ravel(), base=2) - sp_entropy(J.sum(0), base=2))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Fano's inequality")

    with r.case("Fano bound by hand: 0 at Pe = 0, log2 m at Pe = (m-1)/m, h(0.2) + 0.4") as c:
        h02 = -0.2 * np.log2(0.2) - 0.8 * np.log2(0.8)
        c.close(
            [f.fano_rhs(0.0, 5), f.fano_rhs(0.75, 4), f.fano_rhs(0.2, 5), f.fano_rhs(0.3, 2)],
            [0.0, 2.0, h02 + 0.4, -0.3 * np.log2(0.3) - 0.7 * np.log2(0.7)],
            rtol=1e-12,
            atol=1e-15,
        )

    m = 5
    px = rng.dirichlet(np.ones(m) * 2)
    W = 0.55 * np.eye(m) + 0.45 * rng.dirichlet(np.ones(m), size=m)  # rows p(y|x)
    J = px[:, None] * W
    hxy = cond_H(J)
    pe_map = np.nan
    # MAP is the best deterministic estimator: brute force over all m^m maps g: y -> x.
    with r.case("MAP error equals the minimum over all deterministic estimators") as c:
        pe_map = f.map_error(J)
        best = min(
            1 - J[list(g), np.arange(m)].sum() for g in itertools.product(range(m), repeat=m)
        )
        c.close(pe_map, best, rtol=1e-12)
        # a 3 x 6 joint (more observations than values): all 3^6 maps y -> x
        K = rng.dirichlet(np.ones(18)).reshape(3, 6)
        best = min(
            1 - K[list(g), np.arange(6)].sum() for g in itertools.product(range(3), repeat=6)
        )
        c.close(f.map_error(K), best, rtol=1e-12)

    with r.case("MAP estimator obeys H(X|Y) <= h(Pe) + Pe log2(|X|-1)") as c:
        rhs = float(f.fano_rhs(pe_map, m))
        r.figure(
            "H(X|Y), MAP error, Fano right-hand side",
            [round(hxy, 5), round(pe_map, 5), round(rhs, 5)],
        )
        c.true(hxy <= rhs)

    # Any deterministic estimator g(y) also obeys it (Fano holds for every estimator).
    with r.case("500 random estimators obey the bound") as c:
        ok = True
        for _ in range(500):
            g = rng.integers(0, m, size=m)
            pe = 1 - J[g, np.arange(m)].sum()
            ok &= hxy <= f.fano_rhs(pe, m) + 1e-12
        c.true(ok)
    with r.case("weak form: Pe >= (H(X|Y) - 1) / log2|X|") as c:
        c.true(pe_map >= (hxy - 1) / np.log2(m))

    # Tightness: X uniform, Y = X with prob 1-e, else uniform over the other m-1 symbols.
    e = 0.2
    Wt = np.full((m, m), e / (m - 1))
    np.fill_diagonal(Wt, 1 - e)
    Jt = Wt / m
    with r.case("constructed channel: MAP error equals e") as c:
        c.close(f.map_error(Jt), e, rtol=1e-12)
    with r.case("and Fano holds with equality") as c:
        c.close(cond_H(Jt), f.fano_rhs(e, m), rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
