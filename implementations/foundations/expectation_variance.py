"""expectation-variance: expectation, variance, covariance and their algebra.

Follows Goodfellow et al. 3.8 (Expectation, Variance and Covariance). Checks: binomial mean
and variance from the pmf against the closed forms np and np(1-p); Var(aX+b) = a^2 Var(X);
variance of an independent sum = sum of variances (exact, via pmf convolution);
a covariance matrix against numpy.cov and against its construction.
"""

from __future__ import annotations

from math import comb

import numpy as np

from implementations._common import Report, main


def moments(values: np.ndarray, pmf: np.ndarray) -> tuple[float, float]:
    mean = float(np.sum(values * pmf))
    var = float(np.sum((values - mean) ** 2 * pmf))  # E[(X - E X)^2]
    return mean, var


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Expectation and variance")

    n, p = 20, 0.3
    k = np.arange(n + 1)
    pmf = np.array([comb(n, i) * p**i * (1 - p) ** (n - i) for i in k])
    mean, var = moments(k, pmf)
    r.figure("binomial(20, 0.3) mean", mean)
    r.figure("binomial(20, 0.3) variance", var)
    r.check_close("E[X] = np", mean, n * p, rtol=1e-12)
    r.check_close("Var[X] = np(1-p)", var, n * p * (1 - p), rtol=1e-12)
    r.check_close("Var[X] = E[X^2] - E[X]^2", var, np.sum(k**2 * pmf) - mean**2, rtol=1e-10)

    a, b = -3.0, 7.0
    _, var_affine = moments(a * k + b, pmf)
    r.check_close("Var[aX + b] = a^2 Var[X]", var_affine, a**2 * var, rtol=1e-12)

    # Independent sum: pmf of X + Y is the convolution; variances add, means add.
    die = np.full(6, 1 / 6)
    v_die = np.arange(1, 7)
    m1, v1 = moments(v_die, die)
    m2, v2 = moments(np.arange(2, 13), np.convolve(die, die))
    r.check_close("E[X+Y] = E[X] + E[Y]", m2, 2 * m1, rtol=1e-12)
    r.check_close("independent: Var[X+Y] = Var[X] + Var[Y] (= 35/6)", v2, 2 * v1, rtol=1e-12)

    # Covariance: x = L z with z standard normal has Cov[x] = L L^T.
    L = np.array([[1.0, 0.0, 0.0], [0.8, 0.6, 0.0], [-0.5, 0.3, 0.4]])
    X = rng.standard_normal((50_000, 3)) @ L.T
    Xc = X - X.mean(axis=0)
    C = Xc.T @ Xc / (len(X) - 1)
    r.check_close("sample covariance equals numpy.cov", C, np.cov(X, rowvar=False), rtol=1e-10)
    r.check_close("sample covariance approaches L L^T", C, L @ L.T, atol=0.03)
    return r


if __name__ == "__main__":
    main(run)
