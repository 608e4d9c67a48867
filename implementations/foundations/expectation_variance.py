"""expectation-variance: expectation, variance, covariance and their algebra.

Follows Goodfellow et al. 3.8 (Expectation, Variance and Covariance). Checks: binomial mean
and variance from the pmf against the closed forms np and np(1-p); Var(aX+b) = a^2 Var(X);
variance of an independent sum = sum of variances (exact, via pmf convolution);
a point mass with zero variance; a sample covariance matrix against numpy.cov (rows of a
non-square data matrix), against a double loop over pairs, and against its construction
x = L z with Cov = L L^T.
"""

from __future__ import annotations

from math import comb

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["moments", "covariance"]

DOC_ZH = {
    "moments": """离散随机变量的期望和方差：E[X] = Σ x p(x)，Var[X] = E[(X - E[X])^2]。

输入：values，取值（一维数组）；pmf，同长度的概率（和为 1）。
输出：元组 (mean, var)，两个 float。

>>> moments(np.array([0.0, 1.0]), np.array([0.75, 0.25]))
(0.25, 0.1875)
""",
    "covariance": """样本协方差矩阵（无偏，除以 n - 1）：C = Xc^T Xc / (n - 1)，Xc 为减去列均值后的数据。

输入：X，形状 (n, d) 的数组，每行一个样本，每列一个变量。
输出：形状 (d, d) 的对称矩阵。

>>> covariance(np.array([[0.0, 0.0], [2.0, 4.0]])).tolist()
[[2.0, 4.0], [4.0, 8.0]]
""",
}

HINTS = {
    "en": (
        "An expectation is a probability-weighted sum; a variance is the expectation of the "
        "squared distance from the mean.",
        "mean = sum(values * pmf), var = sum((values - mean)^2 * pmf). For a sample "
        "covariance subtract each column's mean, take Xc^T Xc and divide by n - 1.",
    ),
    "zh": (
        "期望是按概率加权的和；方差是到均值的距离平方的期望。",
        "mean = sum(values * pmf)，var = sum((values - mean)^2 * pmf)。样本协方差：每列减去其均值，"
        "计算 Xc^T Xc，再除以 n - 1。",
    ),
}


def moments(values, pmf):
    """Mean and variance of a discrete random variable: E[X] = sum x p(x) and
    Var[X] = E[(X - E[X])^2].

    Input: values, the values (1-D array); pmf, their probabilities (same length, summing
    to 1). Output: (mean, var), two floats.

    >>> moments(np.array([0.0, 1.0]), np.array([0.75, 0.25]))
    (0.25, 0.1875)
    """
    values, pmf = np.asarray(values, dtype=float), np.asarray(pmf, dtype=float)
    mean = float(np.sum(values * pmf))
    var = float(np.sum((values - mean) ** 2 * pmf))  # E[(X - E X)^2]
    return mean, var


def covariance(X):
    """Unbiased sample covariance matrix C = Xc^T Xc / (n - 1), Xc the column-centred data.

    Input: X, an (n, d) array with one sample per row and one variable per column.
    Output: a symmetric (d, d) matrix.

    >>> covariance(np.array([[0.0, 0.0], [2.0, 4.0]])).tolist()
    [[2.0, 4.0], [4.0, 8.0]]
    """
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)  # centre each variable
    return Xc.T @ Xc / (len(X) - 1)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Expectation and variance")

    n, p = 20, 0.3
    k = np.arange(n + 1)
    pmf = np.array([comb(n, i) * p**i * (1 - p) ** (n - i) for i in k])
    with r.case("E[X] = np") as c:
        mean, var = f.moments(k, pmf)
        r.figure("binomial(20, 0.3) mean", mean)
        r.figure("binomial(20, 0.3) variance", var)
        c.close(mean, n * p, rtol=1e-12)
    with r.case("Var[X] = np(1-p)") as c:
        c.close(f.moments(k, pmf)[1], n * p * (1 - p), rtol=1e-12)
    with r.case("Var[X] = E[X^2] - E[X]^2 (values of both signs)") as c:
        vals = np.array([-3.0, -0.5, 0.0, 2.0, 7.0])
        q = np.array([0.1, 0.3, 0.2, 0.25, 0.15])
        m1 = sum(a * b for a, b in zip(vals, q, strict=True))  # loops as the reference
        m2 = sum(a * a * b for a, b in zip(vals, q, strict=True))
        c.close(f.moments(vals, q), [m1, m2 - m1**2], rtol=1e-12)

    with r.case("Var[aX + b] = a^2 Var[X]") as c:
        a, b = -3.0, 7.0
        mean_aff, var_affine = f.moments(a * k + b, pmf)
        c.close(var_affine, a**2 * n * p * (1 - p), rtol=1e-12)
        c.close(mean_aff, a * n * p + b, rtol=1e-12)
    with r.case("a point mass has zero variance") as c:
        c.close(f.moments([-4.0, 1.0, 5.0], [0.0, 0.0, 1.0]), [5.0, 0.0], atol=1e-15)

    # Independent sum: pmf of X + Y is the convolution; variances add, means add.
    die = np.full(6, 1 / 6)
    with r.case("E[X+Y] = E[X] + E[Y]") as c:
        m2, _ = f.moments(np.arange(2, 13), np.convolve(die, die))
        c.close(m2, 7.0, rtol=1e-12)
    with r.case("independent: Var[X+Y] = Var[X] + Var[Y] (= 35/6)") as c:
        _, v1 = f.moments(np.arange(1, 7), die)
        _, v2 = f.moments(np.arange(2, 13), np.convolve(die, die))
        c.close([v1, v2], [35 / 12, 35 / 6], rtol=1e-12)

    # Covariance: x = L z with z standard normal has Cov[x] = L L^T.
    L = np.array([[1.0, 0.0, 0.0], [0.8, 0.6, 0.0], [-0.5, 0.3, 0.4]])
    X = rng.standard_normal((50_000, 3)) @ L.T + np.array([5.0, -2.0, 0.5])
    with r.case("sample covariance equals numpy.cov") as c:
        c.close(f.covariance(X), np.cov(X, rowvar=False), rtol=1e-10)
    with r.case("sample covariance approaches L L^T") as c:
        c.close(f.covariance(X), L @ L.T, atol=0.03)
    with r.case("small non-square sample: double loop over pairs (divides by n - 1)") as c:
        Y = rng.normal(size=(7, 4)) * [1.0, 3.0, 0.1, 2.0] + 10.0
        mu = [sum(Y[:, j]) / 7 for j in range(4)]
        ref = [
            [sum((Y[t, i] - mu[i]) * (Y[t, j] - mu[j]) for t in range(7)) / 6 for j in range(4)]
            for i in range(4)
        ]
        c.close(f.covariance(Y), ref, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
