"""jensen-shannon-divergence: JSD(P,Q) = 1/2 KL(P||M) + 1/2 KL(Q||M) with M = (P+Q)/2.

Follows Lin (1991) and Goodfellow et al. (2014). Checks compare the KL form with the entropy
form H(M) - (H(P)+H(Q))/2, the mutual-information reading (JSD = I(Z; X) for a fair coin Z
choosing P or Q), the bound JSD <= log 2 reached on disjoint supports, the triangle
inequality for sqrt(JSD) on random triples, and the GAN value at the optimal discriminator,
V(D*) = -log 4 + 2 JSD. The learner writes KL and JSD (nats); JSD is also compared with
scipy.spatial.distance.jensenshannon on random pairs with zero probabilities, and KL with
scipy.special.rel_entr.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.distance import jensenshannon
from scipy.special import entr, rel_entr

from implementations._common import Report, main, solution

EXERCISE = ["kl", "jsd"]

DOC_ZH = {
    "kl": """KL 散度 D(p||q) = Σ p_i ln(p_i / q_i)，单位奈特。

输入：p、q，长度相同的 numpy 概率数组，p_i > 0 处要求 q_i > 0。
输出：一个 float；p_i = 0 的项不计入（即使 q_i = 0）。

>>> round(kl(np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.5, 0.25])), 6)
0.346574
""",
    "jsd": """Jensen-Shannon 散度 JSD(p, q) = KL(p||m)/2 + KL(q||m)/2，其中 m = (p + q)/2，单位奈特。

输入：p、q，长度相同的 numpy 概率数组（支撑集可以不相交）。
输出：一个 float，取值于 [0, ln 2]，且关于 p、q 对称。

>>> round(jsd(np.array([1.0, 0.0]), np.array([0.0, 1.0])), 6)
0.693147
""",
}

HINTS = {
    "en": (
        "Compare each distribution with their average rather than with each other: the "
        "average is positive wherever either one is, so nothing becomes infinite.",
        "m = (p + q) / 2, then JSD = 0.5 KL(p||m) + 0.5 KL(q||m), with KL summing p ln(p/m) "
        "over the outcomes where p > 0.",
    ),
    "zh": (
        "不要让两个分布互相比较，而是各自与它们的平均比较：只要有一个为正，平均就为正，所以不会出现无穷大。",
        "m = (p + q) / 2，JSD = 0.5 KL(p||m) + 0.5 KL(q||m)；KL 在 p > 0 的结果上对 p ln(p/m) 求和。",
    ),
}


def kl(p, q):
    """D(p||q) = sum p_i ln(p_i / q_i) in nats.

    Input: p, q, numpy probability arrays of equal length, q_i > 0 wherever p_i > 0.
    Output: a float; outcomes with p_i = 0 contribute nothing, even where q_i = 0.

    >>> round(kl(np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.5, 0.25])), 6)
    0.346574
    """
    m = p > 0
    return float(np.sum(p[m] * np.log(p[m] / q[m])))


def jsd(p, q):
    """Jensen-Shannon divergence KL(p||m)/2 + KL(q||m)/2 with m = (p + q)/2, in nats.

    Input: p, q, numpy probability arrays of equal length (the supports may be disjoint).
    Output: a float in [0, ln 2], symmetric in p and q.

    >>> round(jsd(np.array([1.0, 0.0]), np.array([0.0, 1.0])), 6)
    0.693147
    """
    m = 0.5 * (p + q)
    return 0.5 * kl(p, m) + 0.5 * kl(q, m)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Jensen-Shannon divergence")
    p, q = rng.dirichlet(np.ones(8)), rng.dirichlet(np.ones(8))
    H = lambda x: float(entr(x).sum())  # noqa: E731

    with r.case("KL agrees with scipy.special.rel_entr, zeros in p included") as c:
        P, Q = rng.dirichlet(np.ones(8), size=30), rng.dirichlet(np.ones(8), size=30)
        P[:10, :3] = 0.0
        P /= P.sum(1, keepdims=True)
        c.close([f.kl(a, b) for a, b in zip(P, Q)], rel_entr(P, Q).sum(1), rtol=1e-12)

    with r.case("agrees with scipy jensenshannon^2 on 100 pairs with zeros") as c:
        A, B = rng.dirichlet(np.full(8, 0.5), size=100), rng.dirichlet(np.full(8, 0.5), size=100)
        A[:30, :2] = 0.0
        B[20:50, 1:4] = 0.0
        A /= A.sum(1, keepdims=True)
        B /= B.sum(1, keepdims=True)
        c.close([f.jsd(a, b) for a, b in zip(A, B)], jensenshannon(A, B, axis=1) ** 2, rtol=1e-9)

    with r.case("KL form = H(M) - (H(P) + H(Q))/2") as c:
        j = f.jsd(p, q)
        r.figure("JSD(p, q) for a random pair (nats)", j)
        c.close(j, H(0.5 * (p + q)) - 0.5 * (H(p) + H(q)), rtol=1e-12)
    with r.case("symmetric") as c:
        c.close(f.jsd(q, p), H(0.5 * (p + q)) - 0.5 * (H(p) + H(q)), rtol=1e-12)

    # Z ~ Bernoulli(1/2) picks P or Q, X is drawn from it: I(Z; X) = JSD(P, Q).
    with r.case("JSD = I(Z; X) for a fair mixture") as c:
        J = 0.5 * np.vstack([p, q])
        prod = np.outer(J.sum(1), J.sum(0))
        c.close(f.jsd(p, q), float(np.sum(J * np.log(J / prod))), rtol=1e-12)

    # Bounded: JSD <= log 2, reached when the supports are disjoint (KL would be infinite).
    with r.case("disjoint supports: JSD = log 2") as c:
        a, b = np.r_[0.3, 0.7, 0, 0], np.r_[0, 0, 0.5, 0.5]
        c.close(f.jsd(a, b), np.log(2), rtol=1e-12)
    draws = rng.dirichlet(np.full(8, 0.3), size=(300, 3))
    with r.case("JSD <= log 2 on 300 random pairs") as c:
        vals = [f.jsd(x, y) for x, y, _ in draws]
        c.true(max(vals) <= np.log(2) and min(vals) > 0)

    # sqrt(JSD) is a metric (Endres & Schindelin): check the triangle inequality.
    with r.case("triangle inequality for sqrt(JSD) on 300 triples") as c:
        d = lambda x, y: np.sqrt(f.jsd(x, y))  # noqa: E731
        c.true(all(d(x, z) <= d(x, y) + d(y, z) + 1e-12 for x, y, z in draws))

    # GAN: V(D) = E_p log D + E_q log(1 - D) is maximised by D* = p/(p+q), where it equals -log 4 + 2 JSD.
    with r.case("GAN optimum V(D*) = -log 4 + 2 JSD") as c:
        V = lambda D: float(p @ np.log(D) + q @ np.log(1 - D))  # noqa: E731
        c.close(-np.log(4) + 2 * f.jsd(p, q), V(p / (p + q)), rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
