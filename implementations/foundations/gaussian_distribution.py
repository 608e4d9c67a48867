"""gaussian-distribution: the univariate and multivariate normal distribution.

Follows Goodfellow et al. 3.9 (Common Probability Distributions), Bishop ch. 2 and
Murphy PML1 ch. 2-3. Checks: the density formula against its CDF (scipy.special.ndtr,
numerical derivative); the 68-95-99.7 rule against erf; the multivariate log-density via
Cholesky against an eigendecomposition route; sampling x = mu + L z reproducing the
covariance and mean, and row by row; the closed-form conditional against brute-force
conditioning on a grid; scipy.stats for non-default mean and scale and for d = 1 and 2.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr
from scipy.stats import multivariate_normal, norm

from implementations._common import Report, main, solution

EXERCISE = ["normal_pdf", "mvn_logpdf_chol", "mvn_sample"]

DOC_ZH = {
    "normal_pdf": """一元正态分布的密度 N(x; mu, sigma^2) = exp(-(x - mu)^2 / (2 sigma^2)) / (sigma sqrt(2 pi))。

输入：x，float 或数组；mu，均值；sigma，标准差（> 0）。
输出：与 x 同形状的密度值。

>>> round(float(normal_pdf(0.0)), 6)
0.398942
""",
    "mvn_logpdf_chol": """多元正态分布的对数密度，用 Cholesky 分解 S = L L^T 计算：
log N(x; mu, S) = -(|z|^2 + log det S + d log 2 pi) / 2，其中 z = L^{-1}(x - mu)，
log det S = 2 Σ log L_ii。

输入：X，形状 (n, d) 的点；mu，长度 d 的均值；S，d×d 正定协方差矩阵。
输出：长度 n 的对数密度数组。

>>> round(float(mvn_logpdf_chol(np.zeros((1, 2)), np.zeros(2), np.eye(2))[0]), 6)
-1.837877
""",
    "mvn_sample": """用 x = mu + L z 从 N(mu, S) 抽样，其中 S = L L^T（Cholesky），z 为标准正态向量。

输入：mu，长度 d 的均值；S，d×d 正定协方差矩阵；Z，形状 (n, d) 的标准正态抽样。
输出：形状 (n, d) 的样本，第 i 行为 mu + L Z[i]。

>>> mvn_sample(np.array([1.0, 0.0]), np.diag([4.0, 9.0]), np.array([[1.0, -1.0]])).tolist()
[[3.0, -3.0]]
""",
}

HINTS = {
    "en": (
        "The normal density is a squared, scaled distance from the mean inside an exponential; "
        "in d dimensions the distance is measured by the inverse covariance.",
        "With S = L L^T, solve L z = x - mu: the squared Mahalanobis distance is |z|^2 and "
        "log det S = 2 sum log diag(L). The same L maps standard normal z to mu + L z with "
        "covariance L L^T = S.",
    ),
    "zh": (
        "正态密度是指数里一个经过缩放的到均值的距离平方；在 d 维中，这个距离用协方差的逆来度量。",
        "设 S = L L^T，解 L z = x - mu：马氏距离的平方是 |z|^2，log det S = 2 sum log diag(L)。"
        "同一个 L 把标准正态 z 变成 mu + L z，其协方差为 L L^T = S。",
    ),
}


def normal_pdf(x, mu=0.0, sigma=1.0):
    """Univariate normal density N(x; mu, sigma^2) = exp(-(x - mu)^2 / (2 sigma^2)) /
    (sigma sqrt(2 pi)).

    Input: x, a float or an array; mu, the mean; sigma, the standard deviation (> 0).
    Output: the density, shaped like x.

    >>> round(float(normal_pdf(0.0)), 6)
    0.398942
    """
    return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))


def mvn_logpdf_chol(X, mu, S):
    """Log-density of a multivariate normal through the Cholesky factor S = L L^T:
    log N(x; mu, S) = -(|z|^2 + log det S + d log 2 pi) / 2 with z = L^{-1}(x - mu) and
    log det S = 2 sum log L_ii.

    Input: X, points of shape (n, d); mu, the mean (length d); S, a positive definite
    d x d covariance. Output: the n log-densities as a 1-D array.

    >>> round(float(mvn_logpdf_chol(np.zeros((1, 2)), np.zeros(2), np.eye(2))[0]), 6)
    -1.837877
    """
    L = np.linalg.cholesky(S)
    z = np.linalg.solve(L, (X - mu).T)  # whiten: z = L^{-1}(x - mu)
    logdet = 2 * np.sum(np.log(np.diag(L)))
    return -0.5 * (np.sum(z**2, axis=0) + logdet + len(mu) * np.log(2 * np.pi))


def mvn_sample(mu, S, Z):
    """Samples of N(mu, S) as x = mu + L z, with S = L L^T (Cholesky) and z standard normal.

    Input: mu, the mean (length d); S, a positive definite d x d covariance; Z, standard
    normal draws of shape (n, d). Output: the (n, d) samples, row i being mu + L Z[i].

    >>> mvn_sample(np.array([1.0, 0.0]), np.diag([4.0, 9.0]), np.array([[1.0, -1.0]])).tolist()
    [[3.0, -3.0]]
    """
    L = np.linalg.cholesky(S)
    return mu + Z @ L.T  # x = mu + L z has covariance L L^T = S


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Gaussian distribution")

    x, h = np.linspace(-4, 4, 81), 1e-5
    with r.case("pdf formula equals derivative of the normal CDF") as c:
        deriv_cdf = (ndtr(x + h) - ndtr(x - h)) / (2 * h)  # pdf = d/dx CDF
        c.close(f.normal_pdf(x), deriv_cdf, rtol=1e-7, atol=1e-12)
    with r.case("pdf with mu = -1.5, sigma = 0.4 equals scipy.stats.norm.pdf") as c:
        c.close(f.normal_pdf(x, -1.5, 0.4), norm.pdf(x, -1.5, 0.4), rtol=1e-12, atol=1e-300)
    with r.case("68-95-99.7 rule: integral of the pdf over [-k, k]") as c:
        within = []
        for k in (1, 2, 3):
            g = np.linspace(-k, k, 20_001)
            v = f.normal_pdf(g)
            within.append(float(np.sum((v[1:] + v[:-1]) / 2 * np.diff(g))))  # trapezoid rule
        r.figure("P(|Z| < 1, 2, 3)", [round(w, 4) for w in within])
        c.close(within, [ndtr(k) - ndtr(-k) for k in (1, 2, 3)], rtol=1e-8)
        c.close(within, [0.6827, 0.9545, 0.9973], atol=1e-4)

    mu = np.array([1.0, -2.0, 0.5])
    A = rng.standard_normal((3, 3))
    S = A @ A.T + 0.5 * np.eye(3)
    X = rng.standard_normal((5, 3)) * 2
    with r.case("MVN log-density (Cholesky) equals eigendecomposition route") as c:
        w, V = np.linalg.eigh(S)  # independent route: S^{-1} = V diag(1/w) V^T
        d = (X - mu) @ V
        ref = -0.5 * (np.sum(d**2 / w, axis=1) + np.sum(np.log(w)) + 3 * np.log(2 * np.pi))
        c.close(f.mvn_logpdf_chol(X, mu, S), ref, rtol=1e-10)
    with r.case("MVN log-density equals scipy.stats.multivariate_normal (d = 2 and d = 1)") as c:
        C2 = np.array([[2.0, -0.7], [-0.7, 0.5]])
        X2 = rng.normal(size=(6, 2))
        c.close(
            f.mvn_logpdf_chol(X2, np.zeros(2), C2),
            multivariate_normal(np.zeros(2), C2).logpdf(X2),
            rtol=1e-10,
        )
        X1 = np.array([[-1.0], [0.3], [4.0]])
        c.close(
            f.mvn_logpdf_chol(X1, np.array([0.5]), np.array([[2.25]])),
            norm.logpdf(X1[:, 0], 0.5, 1.5),
            rtol=1e-12,
        )

    L = np.linalg.cholesky(S)
    Z = rng.standard_normal((100_000, 3))
    with r.case("samples mu + L z have covariance S (within 5 s.e.)") as c:
        samples = np.asarray(f.mvn_sample(mu, S, Z))
        # Standard error of a sample covariance entry: sqrt((S_ii S_jj + S_ij^2) / n).
        se = np.sqrt((np.outer(np.diag(S), np.diag(S)) + S**2) / len(Z))
        err = np.abs(np.cov(samples, rowvar=False) - S)
        c.true(np.all(err < 5 * se), f"max err/se {np.max(err / se):.2f}")
        c.close(samples.mean(axis=0), mu, atol=5 * np.sqrt(np.max(np.diag(S)) / len(Z)))
    with r.case("each sample is mu + L z with L lower triangular (Cholesky)") as c:
        c.close(f.mvn_sample(mu, S, Z[:4]), [mu + L @ z for z in Z[:4]], rtol=1e-12)

    # Conditioning a 2-D Gaussian: x1 | x2 = c is normal with closed-form mean and variance.
    m = np.array([0.5, -1.0])
    C = np.array([[2.0, 1.2], [1.2, 1.5]])
    cv = 0.3
    mean_cond = m[0] + C[0, 1] / C[1, 1] * (cv - m[1])
    var_cond = C[0, 0] - C[0, 1] ** 2 / C[1, 1]
    g = np.linspace(-10, 10, 40_001)
    with r.case("grid-conditioned density equals the closed-form conditional") as c:
        joint = np.exp(f.mvn_logpdf_chol(np.column_stack([g, np.full_like(g, cv)]), m, C))
        cond = joint / (joint.sum() * (g[1] - g[0]))  # brute force: slice and renormalise
        r.figure("conditional mean, variance", [float(mean_cond), float(var_cond)])
        c.close(cond, norm.pdf(g, mean_cond, np.sqrt(var_cond)), rtol=1e-6, atol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
