"""gibbs-inequality: -sum p log p <= -sum p log q for any distribution q, with equality iff q = p.

Follows MacKay (2003) ch. 2 (where it is called Gibbs' inequality) and Cover & Thomas (2006)
sec. 2.6 (information inequality). The learner writes H(p) and H(p, q) in nats. Checks compare
them with scipy.special.entr and an explicit loop over the outcomes, the gap H(p,q) - H(p) with
KL computed by scipy.special.rel_entr on 1000 random pairs (with zero probabilities), equality
at q = p against scipy, strict increase under perturbations of q, and H(p) <= log n.
"""

from __future__ import annotations

import numpy as np
from scipy.special import entr, rel_entr

from implementations._common import Report, main, solution

EXERCISE = ["entropy", "cross_entropy"]

DOC_ZH = {
    "entropy": """分布 p 的熵 H(p) = -Σ p_i ln p_i，单位奈特（自然对数）。

输入：p，非负且和为 1 的一维数组。
输出：一个 float；概率为 0 的项不计入（0·ln 0 = 0）。

>>> round(entropy([0.5, 0.5]), 6)
0.693147
""",
    "cross_entropy": """交叉熵 H(p, q) = -Σ p_i ln q_i，单位奈特。

输入：p、q，长度相同、非负且和为 1 的一维数组；p_i > 0 处要求 q_i > 0。
输出：一个 float；p_i = 0 的项不计入（即使 q_i = 0）。

>>> round(cross_entropy([0.5, 0.5, 0.0], [0.25, 0.5, 0.25]), 6)
1.039721
""",
}

HINTS = {
    "en": (
        "Both are averages under p: of -ln p(x) for H(p), of -ln q(x) for H(p, q).",
        "Keep only the outcomes with p(x) > 0 (they carry weight 0 otherwise) and sum "
        "-p(x) ln p(x) or -p(x) ln q(x) over them.",
    ),
    "zh": (
        "两者都是在 p 下的平均：H(p) 平均 -ln p(x)，H(p, q) 平均 -ln q(x)。",
        "只保留 p(x) > 0 的结果（其余权重为 0），对它们求 -p(x) ln p(x) 或 -p(x) ln q(x) 的和。",
    ),
}


def entropy(p):
    """Entropy H(p) = -sum p_i ln p_i in nats.

    Input: p, a 1-D array of non-negative numbers summing to 1. Output: a float; outcomes
    with p_i = 0 contribute nothing (0 ln 0 = 0).

    >>> round(entropy([0.5, 0.5]), 6)
    0.693147
    """
    p = np.asarray(p, dtype=float)
    m = p > 0
    return float(-np.sum(p[m] * np.log(p[m])))


def cross_entropy(p, q):
    """Cross-entropy H(p, q) = -sum p_i ln q_i in nats.

    Input: p, q, 1-D arrays of equal length, non-negative, each summing to 1, with q_i > 0
    wherever p_i > 0. Output: a float; outcomes with p_i = 0 contribute nothing, even where
    q_i = 0.

    >>> round(cross_entropy([0.5, 0.5, 0.0], [0.25, 0.5, 0.25]), 6)
    1.039721
    """
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    m = p > 0
    return float(-np.sum(p[m] * np.log(q[m])))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Gibbs' inequality")

    P = rng.dirichlet(np.full(7, 0.5), size=1000)
    Q = rng.dirichlet(np.full(7, 0.5), size=1000)
    P[:100, :2] = 0.0  # zero probabilities in p: 0 log 0 = 0 and 0 log q = 0
    P /= P.sum(axis=1, keepdims=True)
    Q[:50, 0] = 0.0  # q may vanish where p does
    Q /= Q.sum(axis=1, keepdims=True)
    Hp = Hpq = np.full(1000, np.nan)  # filled by the first two cases

    with r.case("H(p) agrees with scipy.special.entr on 1000 distributions") as c:
        Hp = np.array([f.entropy(p) for p in P])
        c.close(Hp, entr(P).sum(1), rtol=1e-12)

    with r.case("H(p,q) agrees with a loop over the outcomes") as c:
        Hpq = np.array([f.cross_entropy(p, q) for p, q in zip(P, Q)])
        loop = [sum(-a * np.log(b) for a, b in zip(p, q) if a != 0) for p, q in zip(P, Q)]
        c.close(Hpq, loop, rtol=1e-12)

    with r.case("H(p) <= H(p,q) for 1000 random pairs") as c:
        r.figure("smallest H(p,q) - H(p) over 1000 pairs (nats)", float((Hpq - Hp).min()))
        c.true(bool(np.all(Hpq >= Hp)))

    with r.case("gap equals KL from scipy.special.rel_entr") as c:
        c.close(Hpq - Hp, rel_entr(P, Q).sum(1), rtol=1e-9, atol=1e-15)

    # Equality only at q = p: perturbing q in any direction along the simplex raises H(p,q).
    p = P[500]
    with r.case("equality at q = p") as c:
        c.close(f.cross_entropy(p, p), entr(p).sum(), rtol=1e-12)
    with r.case("every small perturbation of q away from p increases H(p,q)") as c:
        worse = []
        for _ in range(200):
            d = rng.normal(size=7)
            d -= d.mean()  # stay on the simplex (sum zero)
            q = p + 1e-3 * d / np.abs(d).max() * p.min()
            worse.append(f.cross_entropy(p, q) - entr(p).sum())
        c.true(min(worse) > 0, f"smallest increase {min(worse):.3e}")

    # Taking q uniform: H(p, uniform) = log n exactly, so H(p) <= log n for every p.
    with r.case("H(p, uniform) = log 7 and H(p) <= log 7 for 1000 random p") as c:
        c.close(f.cross_entropy(P[0], np.full(7, 1 / 7)), np.log(7), rtol=1e-12)
        c.true(bool(np.all(Hp <= np.log(7) + 1e-12)))
    return r


if __name__ == "__main__":
    main(run)
