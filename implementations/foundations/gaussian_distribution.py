"""gaussian-distribution: the univariate and multivariate normal distribution.

Follows Goodfellow et al. 3.9 (Common Probability Distributions), Bishop ch. 2 and
Murphy PML1 ch. 2-3. Checks: the density formula against its CDF (scipy.special.ndtr,
numerical derivative); the 68-95-99.7 rule against erf; the multivariate log-density via
Cholesky against an eigendecomposition route; sampling x = mu + L z reproducing the
covariance; the closed-form conditional against brute-force conditioning on a grid.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from implementations._common import Report, main


def normal_pdf(x, mu=0.0, sigma=1.0):
    return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))


def mvn_logpdf_chol(X, mu, S):
    L = np.linalg.cholesky(S)
    z = np.linalg.solve(L, (X - mu).T)  # whiten: z = L^{-1}(x - mu)
    logdet = 2 * np.sum(np.log(np.diag(L)))
    return -0.5 * (np.sum(z**2, axis=0) + logdet + len(mu) * np.log(2 * np.pi))


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Gaussian distribution")

    x, h = np.linspace(-4, 4, 81), 1e-5
    deriv_cdf = (ndtr(x + h) - ndtr(x - h)) / (2 * h)  # pdf = d/dx CDF
    r.check_close(
        "pdf formula equals derivative of the normal CDF",
        normal_pdf(x),
        deriv_cdf,
        rtol=1e-7,
        atol=1e-12,
    )
    within = [ndtr(k) - ndtr(-k) for k in (1, 2, 3)]
    r.figure("P(|Z| < 1, 2, 3)", [round(float(w), 4) for w in within])
    r.check_close("68-95-99.7 rule", within, [0.6827, 0.9545, 0.9973], atol=1e-4)

    mu = np.array([1.0, -2.0, 0.5])
    A = rng.standard_normal((3, 3))
    S = A @ A.T + 0.5 * np.eye(3)
    X = rng.standard_normal((5, 3)) * 2
    w, V = np.linalg.eigh(S)  # independent route: S^{-1} = V diag(1/w) V^T
    d = (X - mu) @ V
    ref = -0.5 * (np.sum(d**2 / w, axis=1) + np.sum(np.log(w)) + 3 * np.log(2 * np.pi))
    r.check_close(
        "MVN log-density (Cholesky) equals eigendecomposition route",
        mvn_logpdf_chol(X, mu, S),
        ref,
        rtol=1e-10,
    )

    L = np.linalg.cholesky(S)
    Z = rng.standard_normal((100_000, 3))
    samples = mu + Z @ L.T  # x = mu + L z has covariance L L^T = S
    # Standard error of a sample covariance entry: sqrt((S_ii S_jj + S_ij^2) / n); allow 5 s.e.
    se = np.sqrt((np.outer(np.diag(S), np.diag(S)) + S**2) / len(Z))
    err = np.abs(np.cov(samples, rowvar=False) - S)
    r.check(
        "samples mu + L z have covariance S (within 5 s.e.)",
        np.all(err < 5 * se),
        f"max err/se {np.max(err / se):.2f}",
    )

    # Conditioning a 2-D Gaussian: x1 | x2 = c is normal with closed-form mean and variance.
    m = np.array([0.5, -1.0])
    C = np.array([[2.0, 1.2], [1.2, 1.5]])
    c = 0.3
    mean_cond = m[0] + C[0, 1] / C[1, 1] * (c - m[1])
    var_cond = C[0, 0] - C[0, 1] ** 2 / C[1, 1]
    g = np.linspace(-10, 10, 40_001)
    joint = np.exp(mvn_logpdf_chol(np.column_stack([g, np.full_like(g, c)]), m, C))
    cond = joint / (joint.sum() * (g[1] - g[0]))  # brute force: slice and renormalise
    r.figure("conditional mean, variance", [float(mean_cond), float(var_cond)])
    r.check_close(
        "grid-conditioned density equals the closed-form conditional",
        cond,
        normal_pdf(g, mean_cond, np.sqrt(var_cond)),
        rtol=1e-6,
        atol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
