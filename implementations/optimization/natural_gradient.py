"""natural-gradient: steepest descent in the Fisher metric, F^{-1} g.

Follows Amari (1998). Checks: Gauss-Hermite expectations equal the closed-form Gaussian
moments; the Fisher matrix of a Gaussian in (mu, sigma) and in (mu, log sigma) computed as
E[score score'] equals the closed forms; 1/2 d'F d matches the exact Gaussian KL for small d;
the natural-gradient step is invariant to reparameterisation (J F_phi^{-1} g_phi =
F_theta^{-1} g_theta) while the plain gradient step is not, and a unit step lands on the data
mean; for a categorical with free logits F^{-1} = diag(1/p) + 11'/p_K equals np.linalg.inv and
inverts a Monte Carlo E[score score'].
"""

from __future__ import annotations

import numpy as np
from numpy.polynomial.hermite_e import hermegauss
from scipy.special import factorial2

from implementations._common import Report, main, solution

EXERCISE = ["gauss_expect", "natural_step", "categorical_fisher_inv"]

DOC_ZH = {
    "gauss_expect": """用 Gauss-Hermite 求积计算 E_{x ~ N(mu, sigma^2)}[fun(x)]（对次数低于 2*deg 的多项式精确）。

输入：fun，可返回数或数组的函数；mu、sigma，正态分布的均值和标准差；deg，求积节点数。
用 numpy.polynomial.hermite_e.hermegauss(deg) 的节点 z 和权重 w（权重归一化为和 1），求 sum w_i fun(mu + sigma z_i)。
输出：与 fun 的返回值同形状。

>>> round(float(gauss_expect(lambda x: x**2, 1.0, 2.0)), 6)
5.0
""",
    "natural_step": """自然梯度方向 F^{-1} g：Fisher 度量下的最速下降方向。

输入：F，(n, n) 对称正定的 Fisher 矩阵；g，长度 n 的梯度。
输出：长度 n 的数组（解线性方程组，而不是显式求逆）。

>>> natural_step(np.diag([2.0, 0.5]), np.array([1.0, 1.0])).tolist()
[0.5, 2.0]
""",
    "categorical_fisher_inv": """类别分布（最后一个 logit 固定为 0，其余 K-1 个自由）的 Fisher 矩阵 F = diag(p') - p'p' 的逆的闭式。

输入：p，长度 K 的概率向量（全为正）；p' = p[:-1]。
输出：(K-1, K-1) 矩阵 diag(1/p') + 11'/p_K（Sherman-Morrison）。

>>> categorical_fisher_inv(np.array([0.5, 0.25, 0.25])).tolist()
[[6.0, 4.0], [4.0, 8.0]]
""",
}

HINTS = {
    "en": (
        "The Fisher matrix is the expected outer product of the score; precondition the "
        "gradient with its inverse, which does not depend on how the model is parameterised.",
        "Quadrature: sum_i w_i fun(mu + sigma z_i) with hermegauss nodes and weights divided by "
        "their sum. Natural step: np.linalg.solve(F, g). Categorical: diag(1/p[:-1]) + 1/p[-1] "
        "in every entry, the Sherman-Morrison inverse of diag(p') - p'p'.",
    ),
    "zh": (
        "Fisher 矩阵是得分函数外积的期望；用它的逆给梯度做预条件，结果与模型如何参数化无关。",
        "求积：sum_i w_i fun(mu + sigma z_i)，节点和权重来自 hermegauss，权重除以它们的和。自然步：np.linalg.solve(F, g)。"
        "类别分布：diag(1/p[:-1]) 再在每个元素上加 1/p[-1]，这是 diag(p') - p'p' 的 Sherman-Morrison 逆。",
    ),
}


def gauss_expect(fun, mu, sigma, deg=40):
    """E_{x ~ N(mu, sigma^2)}[fun(x)] by Gauss-Hermite quadrature (exact for polynomials).

    Input: fun, returning a number or an array; mu, sigma, the normal's mean and standard
    deviation; deg, the number of nodes. With the nodes z and weights w of
    numpy.polynomial.hermite_e.hermegauss(deg), normalised to sum 1, it returns
    sum w_i fun(mu + sigma z_i), shaped like fun's value. Exact below degree 2*deg.

    >>> round(float(gauss_expect(lambda x: x**2, 1.0, 2.0)), 6)
    5.0
    """
    z, w = hermegauss(deg)
    w = w / w.sum()
    return sum(wi * fun(mu + sigma * zi) for zi, wi in zip(z, w, strict=False))


def natural_step(F, g):
    """The natural-gradient direction F^{-1} g, steepest descent in the Fisher metric.

    Input: F, an (n, n) symmetric positive definite Fisher matrix; g, the gradient (n,).
    Output: n numbers (a linear solve, not an explicit inverse).

    >>> natural_step(np.diag([2.0, 0.5]), np.array([1.0, 1.0])).tolist()
    [0.5, 2.0]
    """
    return np.linalg.solve(F, g)


def categorical_fisher_inv(p):
    """Closed-form inverse of a categorical's Fisher F = diag(p') - p'p' (last logit fixed at 0).

    Input: p, K positive probabilities; p' = p[:-1] are the free logits' probabilities.
    Output: the (K-1, K-1) matrix diag(1/p') + 11'/p_K (Sherman-Morrison).

    >>> categorical_fisher_inv(np.array([0.5, 0.25, 0.25])).tolist()
    [[6.0, 4.0], [4.0, 8.0]]
    """
    p = np.asarray(p, dtype=float)
    return np.diag(1 / p[:-1]) + 1 / p[-1]


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Natural gradient")
    mu, sigma = 0.7, 1.8

    with r.case("Gauss-Hermite expectations equal the closed-form Gaussian moments") as c:
        got = [f.gauss_expect(lambda x, k=k: x**k, mu, sigma) for k in range(5)]
        m2 = mu**2 + sigma**2
        m4 = mu**4 + 6 * mu**2 * sigma**2 + 3 * sigma**4
        c.close(got, [1.0, mu, m2, mu**3 + 3 * mu * sigma**2, m4], rtol=1e-12)
        c.close(f.gauss_expect(np.cos, 0.0, 1.0, 30), np.exp(-0.5), rtol=1e-12)  # E cos X
        c.close(
            f.gauss_expect(lambda x: x**6, 0.0, 1.0, 4), 15.0, rtol=1e-12
        )  # 4 nodes: exact to 7
        c.close(f.gauss_expect(lambda x: x**6, 0.0, 1.0, 3), 9.0, rtol=1e-12)  # 3 nodes: not exact
        # the default 40 nodes are exact up to degree 79: E x^78 = 77!!, but E x^80 = 79!! is missed
        c.close(f.gauss_expect(lambda x: x**78, 0.0, 1.0), factorial2(77, exact=True), rtol=1e-12)
        miss = f.gauss_expect(lambda x: x**80, 0.0, 1.0) / factorial2(79, exact=True) - 1
        c.true(abs(miss) > 1e-12, f"relative miss at degree 80: {miss:.2g}")

    # scores of log N(x; mu, sigma) in theta = (mu, sigma) and phi = (mu, s = log sigma)
    def score_t(x):
        return np.array([(x - mu) / sigma**2, -1 / sigma + (x - mu) ** 2 / sigma**3])

    def score_p(x):
        return np.array([(x - mu) / sigma**2, -1 + (x - mu) ** 2 / sigma**2])

    F_t = np.diag([1 / sigma**2, 2 / sigma**2])
    F_p = np.diag([1 / sigma**2, 2.0])
    with r.case("Fisher in (mu, sigma) = diag(1/sigma^2, 2/sigma^2)") as c:
        c.close(
            f.gauss_expect(lambda x: np.outer(score_t(x), score_t(x)), mu, sigma),
            F_t,
            rtol=1e-10,
            atol=1e-14,
        )
    with r.case("Fisher in (mu, log sigma) = diag(1/sigma^2, 2)") as c:
        c.close(
            f.gauss_expect(lambda x: np.outer(score_p(x), score_p(x)), mu, sigma),
            F_p,
            rtol=1e-10,
            atol=1e-14,
        )

    # Fisher = local metric of KL: KL(p_theta || p_theta+d) ~ 1/2 d' F d
    def kl(m1, s1, m2, s2):
        return np.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5

    d = np.array([0.3, -0.2]) * 1e-3
    with r.case("KL(p || p + d) = 1/2 d'Fd to second order") as c:
        F_q = f.gauss_expect(lambda x: np.outer(score_t(x), score_t(x)), mu, sigma)
        c.close(kl(mu, sigma, mu + d[0], sigma + d[1]), 0.5 * d @ F_q @ d, rtol=1e-3)

    # loss: expected negative log-likelihood of data y ~ N(2, 0.5^2) under the model
    m_y, s_y = 2.0, 0.5
    # d/dmu and d/dsigma of E_y[-log N(y; mu, sigma)] = log sigma + (s_y^2 + (m_y-mu)^2)/(2 sigma^2)
    g_t = np.array([-(m_y - mu) / sigma**2, 1 / sigma - (s_y**2 + (m_y - mu) ** 2) / sigma**3])
    J = np.diag([1.0, sigma])  # d theta / d phi  (sigma = exp(s))
    g_p = J.T @ g_t  # chain rule for the gradient
    with r.case("natural-gradient direction is the same in both parameterisations") as c:
        nat_t, nat_p = f.natural_step(F_t, g_t), f.natural_step(F_p, g_p)
        c.close(J @ nat_p, nat_t, rtol=1e-10)
        c.close(nat_t, [g_t[0] * sigma**2, g_t[1] * sigma**2 / 2], rtol=1e-12)
        c.true(not np.allclose(J @ g_p, g_t, rtol=1e-3), "the plain gradient direction is not")
    with r.case("a unit natural step moves mu exactly onto the data mean, whatever sigma is") as c:
        nat_t = f.natural_step(F_t, g_t)
        r.figure("natural step (d mu, d sigma)", np.round(-nat_t, 4).tolist())
        c.close(mu - nat_t[0], m_y, rtol=1e-12)
        Fc = np.array([[2.0, 0.5], [0.5, 1.0]])  # a non-diagonal metric
        c.close(Fc @ f.natural_step(Fc, g_t), g_t, rtol=1e-12)

    # categorical with K-1 free logits (last logit fixed at 0): F = diag(p) - p p'
    rng = np.random.default_rng(0)
    K = 5
    logits = np.append(rng.normal(size=K - 1), 0.0)
    p = np.exp(logits) / np.exp(logits).sum()
    pf = p[:-1]
    F = np.diag(pf) - np.outer(pf, pf)
    with r.case("categorical Fisher inverse = diag(1/p) + 11'/p_K") as c:
        c.close(f.categorical_fisher_inv(p), np.linalg.inv(F), rtol=1e-9)
    # Monte Carlo check of F = E[score score'] with score = onehot - p
    idx = rng.choice(K, size=200000, p=p)
    S = np.eye(K)[idx][:, :-1] - pf
    with r.case("F^{-1} inverts the Monte Carlo E[score score'] (200k samples)") as c:
        c.close(f.categorical_fisher_inv(p) @ (S.T @ S / len(S)), np.eye(K - 1), atol=0.05)
    return r


if __name__ == "__main__":
    main(run)
