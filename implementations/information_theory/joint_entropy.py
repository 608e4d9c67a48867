"""joint-entropy: H(X,Y) = -sum p(x,y) log p(x,y), the uncertainty of a pair.

Follows Cover & Thomas (2006) sec. 2.2 and MacKay (2003) ch. 8. The learner writes H for a
table of any shape. Checks compare it with scipy.stats.entropy on flattened tables with zero
cells, with the closed form H(X)+H(Y) for independent variables, the bounds max(H(X),H(Y)) <=
H(X,Y) <= H(X)+H(Y) on random joints (marginal entropies by scipy), H(X, f(X)) = H(X), a
3-D table, and a Monte Carlo estimate of -E log p(X,Y).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import entropy as sp_entropy

from implementations._common import Report, main, solution

EXERCISE = ["H"]

DOC_ZH = {
    "H": """联合熵 H(X,Y) = -Σ p(x,y) log2 p(x,y)，单位比特；任意维的概率表先展平。

输入：p，非负且总和为 1 的数组（一维分布或二维、三维联合表）。
输出：一个 float；概率为 0 的格子不计入（0·log 0 = 0）。

>>> round(H([[0.5, 0.25], [0.25, 0.0]]), 6)
1.5
""",
}

HINTS = {
    "en": (
        "A joint distribution is just a distribution over pairs: the table's shape does not "
        "matter to its entropy.",
        "Flatten the table, drop the zero cells, and sum -p log2 p over what is left.",
    ),
    "zh": (
        "联合分布就是关于“对”的分布：表的形状与它的熵无关。",
        "把表展平，去掉为 0 的格子，对剩下的求 -p log2 p 之和。",
    ),
}


def H(p):
    """Entropy in bits of any array of probabilities (joint tables are flattened).

    Input: p, a non-negative array of any shape (a distribution or a joint table) summing
    to 1. Output: a float, -sum p log2 p over all cells; zero cells contribute nothing.

    >>> round(H([[0.5, 0.25], [0.25, 0.0]]), 6)
    1.5
    """
    p = np.asarray(p, dtype=float).ravel()
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def hs(p):
    """scipy's entropy in bits of a flattened table: the reference."""
    return float(sp_entropy(np.ravel(p), base=2))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Joint entropy")

    with r.case("agrees with scipy.stats.entropy on tables with zero cells") as c:
        J = rng.dirichlet(np.full(20, 0.5)).reshape(4, 5)
        J[0, :3] = J[3, 4] = 0.0
        J /= J.sum()
        K = rng.dirichlet(np.ones(24)).reshape(2, 3, 4)
        c.close([f.H(J), f.H(K)], [hs(J), hs(K)], rtol=1e-12)

    # Independent pair: the joint table is an outer product, so entropies add.
    with r.case("independent: H(X,Y) = H(X) + H(Y)") as c:
        px, py = rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(5))
        c.close(f.H(np.outer(px, py)), hs(px) + hs(py), rtol=1e-12)

    # Random dependent joints: max(H(X), H(Y)) <= H(X,Y) <= H(X) + H(Y).
    lo, hi = [], []
    with r.case("H(X,Y) >= max(H(X), H(Y)) on 300 random joints") as c:
        for _ in range(300):
            J = rng.dirichlet(np.full(20, 0.3)).reshape(4, 5)
            hx, hy, hxy = hs(J.sum(1)), hs(J.sum(0)), f.H(J)
            lo.append(hxy - max(hx, hy))
            hi.append(hx + hy - hxy)
        r.figure("mean H(X)+H(Y)-H(X,Y) over 300 random joints (bits)", float(np.mean(hi)))
        c.true(min(lo) >= -1e-12, f"smallest H(X,Y) - max {min(lo):.3g}")
    with r.case("subadditivity H(X,Y) <= H(X) + H(Y) on 300 random joints") as c:
        c.true(len(hi) == 300 and min(hi) >= -1e-12, f"smallest gap {min(hi, default=np.nan):.3g}")

    # A deterministic function adds no uncertainty: H(X, X mod 3) = H(X).
    with r.case("H(X, f(X)) = H(X)") as c:
        p = rng.dirichlet(np.ones(9))
        J = np.zeros((9, 3))
        J[np.arange(9), np.arange(9) % 3] = p
        c.close(f.H(J), hs(p), rtol=1e-12)

    # Monte Carlo: H(X,Y) = E[-log2 p(X,Y)]; sample pairs and average the surprisal.
    with r.case("Monte Carlo -E log p(X,Y) within 4 standard errors of H(X,Y)") as c:
        J = rng.dirichlet(np.ones(12)).reshape(3, 4)
        idx = rng.choice(12, size=200_000, p=J.ravel())
        s = -np.log2(J.ravel()[idx])
        se = s.std() / np.sqrt(s.size)
        h = f.H(J)
        r.figure("Monte Carlo H(X,Y) (bits)", float(s.mean()))
        c.true(abs(s.mean() - h) < 4 * se, f"MC {s.mean():.5f} vs {h:.5f}, se {se:.1e}")
    return r


if __name__ == "__main__":
    main(run)
