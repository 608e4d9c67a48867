"""pinsker-inequality: TV(P, Q) <= sqrt(KL(P||Q) / 2), with TV = sup_A |P(A) - Q(A)|.

Follows Cover & Thomas (2006) ch. 11. Checks the bound on random pairs of varied shape,
computes TV both as half the L1 distance and as a brute-force maximum over all events A,
shows the constant 1/2 is sharp (the ratio TV^2 / (KL/2) -> 1 for nearby Bernoullis), and
compares the learner's TV and KL of finely binned Gaussians N(0,1), N(mu,1) with the closed
forms TV = 2 Phi(mu/2) - 1 and KL = mu^2/2 and the Pinsker bound mu/2. The learner writes KL
(nats) and TV; KL is also compared with scipy.special.rel_entr (zero probabilities included).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from scipy.special import rel_entr
from scipy.stats import norm

from implementations._common import Report, main, solution

EXERCISE = ["kl", "tv"]

DOC_ZH = {
    "kl": """离散分布的 KL 散度 D(p||q) = Σ p_i ln(p_i / q_i)，单位奈特。

输入：p、q，长度相同的概率数组（numpy），p_i > 0 处要求 q_i > 0。
输出：一个 float；p_i = 0 的项不计入。

>>> round(kl(np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.5, 0.25])), 6)
0.346574
""",
    "tv": """全变差距离 TV(p, q) = sup_A |P(A) - Q(A)| = (1/2) Σ |p_i - q_i|。

输入：p、q，长度相同的概率数组（numpy）。
输出：一个 float，取值于 [0, 1]。

>>> round(tv(np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.5, 0.25])), 6)
0.25
""",
}

HINTS = {
    "en": (
        "The event A that separates P and Q the most collects exactly the outcomes where p > q.",
        "So TV = sum over p > q of (p - q) = half the L1 distance. KL sums p ln(p/q) over the "
        "outcomes with p > 0.",
    ),
    "zh": (
        "最能区分 P 和 Q 的事件 A 恰好由 p > q 的那些结果组成。",
        "所以 TV = Σ_{p>q} (p - q)，即 L1 距离的一半。KL 在 p > 0 的结果上对 p ln(p/q) 求和。",
    ),
}


def kl(p, q):
    """D(p||q) = sum p_i ln(p_i / q_i) in nats.

    Input: p, q, numpy probability arrays of equal length, q_i > 0 wherever p_i > 0.
    Output: a float; outcomes with p_i = 0 contribute nothing.

    >>> round(kl(np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.5, 0.25])), 6)
    0.346574
    """
    m = p > 0
    return float(np.sum(p[m] * np.log(p[m] / q[m])))


def tv(p, q):
    """Total variation TV(p, q) = sup_A |P(A) - Q(A)| = (1/2) sum |p_i - q_i|.

    Input: p, q, numpy probability arrays of equal length. Output: a float in [0, 1].

    >>> round(tv(np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.5, 0.25])), 6)
    0.25
    """
    return 0.5 * float(np.abs(p - q).sum())


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Pinsker's inequality")

    with r.case("KL agrees with scipy.special.rel_entr, zeros in p included") as c:
        P = rng.dirichlet(np.ones(6), size=40)
        Q = rng.dirichlet(np.ones(6), size=40)
        P[:10, :2] = 0.0
        P /= P.sum(1, keepdims=True)
        c.close([f.kl(p, q) for p, q in zip(P, Q)], rel_entr(P, Q).sum(1), rtol=1e-12)

    # TV as the best event: brute force over all 2^6 subsets A.
    with r.case("half L1 distance = max over events |P(A) - Q(A)|") as c:
        for _ in range(5):
            p, q = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))
            best = max(
                abs(p[list(A)].sum() - q[list(A)].sum())
                for k in range(7)
                for A in itertools.combinations(range(6), k)
            )
            c.close(f.tv(p, q), best, rtol=1e-12)

    with r.case("TV <= sqrt(KL/2) on 900 random pairs") as c:
        ratios = []
        for conc in (0.2, 1.0, 5.0):
            for _ in range(300):
                p, q = rng.dirichlet(np.full(6, conc)), rng.dirichlet(np.full(6, conc))
                ratios.append(f.tv(p, q) / math.sqrt(f.kl(p, q) / 2))
        r.figure("largest TV / sqrt(KL/2) over 900 random pairs", max(ratios))
        c.true(max(ratios) <= 1 + 1e-12 and min(ratios) > 0)

    # Sharp constant: Bernoulli(1/2 + e) vs Bernoulli(1/2): TV^2 / (KL/2) -> 1 as e -> 0.
    with r.case("constant 1/2 is sharp near p = q") as c:
        e = 1e-3
        b1, b0 = np.array([0.5 + e, 0.5 - e]), np.array([0.5, 0.5])
        c.close(f.tv(b1, b0), e, rtol=1e-9)
        c.close(f.tv(b1, b0) ** 2 / (f.kl(b1, b0) / 2), 1.0, rtol=1e-5)

    # Gaussians N(0,1) vs N(mu,1), binned finely: KL -> mu^2/2, TV -> 2 Phi(mu/2) - 1.
    mu = 1.2
    edges = np.linspace(-15, 15, 30_001)
    p0, p1 = np.diff(norm.cdf(edges)), np.diff(norm.cdf(edges, loc=mu))
    tv_closed = math.erf(mu / (2 * math.sqrt(2)))
    with r.case("Gaussian TV: binned TV = closed form") as c:
        tvb = f.tv(p0, p1)
        r.figure("Gaussian shift mu=1.2: TV and Pinsker bound mu/2", [round(tvb, 5), mu / 2])
        c.close(tvb, tv_closed, rtol=1e-6)
    with r.case("Gaussian TV <= sqrt(KL/2) = mu/2, binned KL = mu^2/2") as c:
        c.close(f.kl(p0, p1), mu**2 / 2, rtol=1e-6)
        c.true(f.tv(p0, p1) <= math.sqrt(f.kl(p0, p1) / 2))
    return r


if __name__ == "__main__":
    main(run)
