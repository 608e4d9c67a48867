"""kl-divergence: D(p||q) = sum p log(p/q), the expected log-likelihood ratio of p against q.

Follows Cover & Thomas (2006) sec. 2.3 and Kullback & Leibler (1951). Checks compare with
scipy.special.rel_entr, non-negativity with equality only at p = q, asymmetry, the chain rule
D(p(x,y)||q(x,y)) = D(p(x)||q(x)) + D(p(y|x)||q(y|x)), and the Gaussian closed form against
numerical integration. The learner writes D(p||q) for discrete arrays and the Gaussian closed
form; the checks also use zero probabilities in p, a hand-computed asymmetric pair, and
D(N(m,s^2)||N(m',s^2)) = (m-m')^2 / (2 s^2).
"""

from __future__ import annotations

import numpy as np
from scipy.special import rel_entr

from implementations._common import Report, main, solution

EXERCISE = ["kl", "kl_gauss"]

DOC_ZH = {
    "kl": """离散分布的 KL 散度 D(p||q) = Σ p_i ln(p_i / q_i)，单位奈特。

输入：p、q，形状相同的概率数组（可为二维联合表），p_i > 0 处要求 q_i > 0。
输出：一个 float，>= 0；p_i = 0 的项不计入（即使 q_i = 0）。

>>> round(kl([0.5, 0.5, 0.0], [0.25, 0.5, 0.25]), 6)
0.346574
""",
    "kl_gauss": """两个一维高斯分布之间的 KL 散度 D(N(m1, s1^2) || N(m2, s2^2)) 的闭式解，单位奈特。

输入：m1、s1，第一个高斯的均值与标准差；m2、s2，第二个的均值与标准差（s1、s2 > 0）。
输出：ln(s2/s1) + (s1^2 + (m1-m2)^2) / (2 s2^2) - 1/2。

>>> round(float(kl_gauss(1.0, 1.0, 0.0, 1.0)), 6)
0.5
""",
}

HINTS = {
    "en": (
        "D(p||q) is the expected log-likelihood ratio ln(p/q) under p, so only outcomes with "
        "p > 0 count.",
        "Flatten both arrays, mask p > 0, and sum p ln(p/q) there. For Gaussians, integrate "
        "ln p - ln q against p: the log-ratio is quadratic in x, so only the mean and variance "
        "of p enter.",
    ),
    "zh": (
        "D(p||q) 是在 p 下对数似然比 ln(p/q) 的期望，所以只有 p > 0 的结果才算数。",
        "把两个数组展平，取 p > 0 的位置，对 p ln(p/q) 求和。高斯情形：对 p 积分 ln p - ln q；"
        "对数比是 x 的二次式，只用到 p 的均值和方差。",
    ),
}


def kl(p, q):
    """D(p||q) = sum p_i ln(p_i / q_i) in nats.

    Input: p, q, probability arrays of equal shape (joint tables allowed), with q_i > 0
    wherever p_i > 0. Output: a float >= 0; outcomes with p_i = 0 contribute nothing, even
    where q_i = 0.

    >>> round(kl([0.5, 0.5, 0.0], [0.25, 0.5, 0.25]), 6)
    0.346574
    """
    p, q = np.asarray(p, float).ravel(), np.asarray(q, float).ravel()
    m = p > 0
    return float(np.sum(p[m] * np.log(p[m] / q[m])))


def kl_gauss(m1, s1, m2, s2):
    """Closed form D(N(m1, s1^2) || N(m2, s2^2)) in nats.

    Input: m1, s1, the mean and standard deviation of the first Gaussian; m2, s2 those of
    the second (s1, s2 > 0). Output: ln(s2/s1) + (s1^2 + (m1-m2)^2) / (2 s2^2) - 1/2.

    >>> round(float(kl_gauss(1.0, 1.0, 0.0, 1.0)), 6)
    0.5
    """
    return np.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Kullback-Leibler divergence")

    P = rng.dirichlet(np.full(8, 0.7), size=300)
    Q = rng.dirichlet(np.full(8, 0.7), size=300)
    P[:30, :3] = 0.0  # zero probabilities in p
    P /= P.sum(1, keepdims=True)
    Q[:15, 0] = 0.0  # q may vanish where p does
    Q /= Q.sum(1, keepdims=True)
    ours = np.full(300, np.nan)
    with r.case("agrees with scipy.special.rel_entr on 300 pairs") as c:
        ours = np.array([f.kl(p, q) for p, q in zip(P, Q)])
        c.close(ours, rel_entr(P, Q).sum(1), rtol=1e-12)
    with r.case("D(p||q) > 0 for all 300 distinct pairs") as c:
        c.true(bool(ours.min() > 0), f"min {ours.min():.3e}")
    with r.case("D(p||p) = 0") as c:
        c.close([f.kl(P[0], P[0]), f.kl(P[100], P[100])], [0.0, 0.0], atol=1e-15)

    with r.case("KL is not symmetric") as c:
        p, q = np.array([0.9, 0.1]), np.array([0.5, 0.5])
        a, b = f.kl(p, q), f.kl(q, p)
        r.figure("D(p||q), D(q||p) for p=(0.9,0.1), q=(0.5,0.5) (nats)", [round(a, 6), round(b, 6)])
        c.close(a, 0.9 * np.log(1.8) + 0.1 * np.log(0.2), rtol=1e-12)
        c.close(b, 0.5 * np.log(0.5 / 0.9) + 0.5 * np.log(5.0), rtol=1e-12)

    # Chain rule on a random 3x4 pair of joints (2-D tables go in whole).
    with r.case("chain rule: D(joint) = D(marginal) + D(conditional)") as c:
        Jp = rng.dirichlet(np.ones(12)).reshape(3, 4)
        Jq = rng.dirichlet(np.ones(12)).reshape(3, 4)
        px, qx = Jp.sum(1), Jq.sum(1)
        cond = sum(px[i] * f.kl(Jp[i] / px[i], Jq[i] / qx[i]) for i in range(3))
        dj = f.kl(Jp, Jq)
        c.close(dj, f.kl(px, qx) + cond, rtol=1e-12)
        c.close(dj, rel_entr(Jp, Jq).sum(), rtol=1e-12)

    # Gaussians: closed form vs trapezoid integration of p log(p/q) on a wide grid.
    with r.case("Gaussian closed form matches numerical integral") as c:
        m1, s1, m2, s2 = 0.3, 0.8, -0.5, 1.4
        x = np.linspace(-12, 12, 200_001)
        lp = -0.5 * ((x - m1) / s1) ** 2 - np.log(s1 * np.sqrt(2 * np.pi))
        lq = -0.5 * ((x - m2) / s2) ** 2 - np.log(s2 * np.sqrt(2 * np.pi))
        numeric = float(np.trapezoid(np.exp(lp) * (lp - lq), x))
        g = f.kl_gauss(m1, s1, m2, s2)
        r.figure("D(N(0.3,0.8^2) || N(-0.5,1.4^2)) closed form (nats)", float(g))
        c.close(g, numeric, rtol=1e-9)

    with r.case("Gaussians: equal variances give (m1-m2)^2/(2 s^2); equal laws give 0") as c:
        c.close(f.kl_gauss(2.0, 1.5, -1.0, 1.5), 9.0 / (2 * 1.5**2), rtol=1e-12)
        c.close(f.kl_gauss(0.7, 2.0, 0.7, 2.0), 0.0, atol=1e-15)
    return r


if __name__ == "__main__":
    main(run)
