"""natural-gradient: steepest descent in the Fisher metric, F^{-1} g.

Follows Amari (1998). Checks: the Fisher matrix of a Gaussian in (mu, sigma) and in
(mu, log sigma) computed by Gauss-Hermite quadrature of E[score score'] equals the closed
forms; 1/2 d'F d matches the exact Gaussian KL for small d; the natural-gradient step is
invariant to reparameterisation (J F_phi^{-1} g_phi = F_theta^{-1} g_theta) while the plain
gradient step is not; for a categorical with free logits F^{-1} has a closed form.
"""

from __future__ import annotations

import numpy as np
from numpy.polynomial.hermite_e import hermegauss

from implementations._common import Report, main


def gauss_expect(fun, mu, sigma, deg=40):
    """E_{x ~ N(mu, sigma^2)}[fun(x)] by Gauss-Hermite quadrature (exact for polynomials)."""
    z, w = hermegauss(deg)
    w = w / w.sum()
    return sum(wi * fun(mu + sigma * zi) for zi, wi in zip(z, w, strict=False))


def run() -> Report:
    r = Report("Natural gradient")
    mu, sigma = 0.7, 1.8

    # scores of log N(x; mu, sigma) in theta = (mu, sigma) and phi = (mu, s = log sigma)
    def score_t(x):
        return np.array([(x - mu) / sigma**2, -1 / sigma + (x - mu) ** 2 / sigma**3])

    def score_p(x):
        return np.array([(x - mu) / sigma**2, -1 + (x - mu) ** 2 / sigma**2])

    F_t = gauss_expect(lambda x: np.outer(score_t(x), score_t(x)), mu, sigma)
    F_p = gauss_expect(lambda x: np.outer(score_p(x), score_p(x)), mu, sigma)
    r.check_close(
        "Fisher in (mu, sigma) = diag(1/sigma^2, 2/sigma^2)",
        F_t,
        np.diag([1 / sigma**2, 2 / sigma**2]),
        rtol=1e-10,
        atol=1e-14,
    )
    r.check_close(
        "Fisher in (mu, log sigma) = diag(1/sigma^2, 2)",
        F_p,
        np.diag([1 / sigma**2, 2.0]),
        rtol=1e-10,
        atol=1e-14,
    )

    # Fisher = local metric of KL: KL(p_theta || p_theta+d) ~ 1/2 d' F d
    def kl(m1, s1, m2, s2):
        return np.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5

    d = np.array([0.3, -0.2]) * 1e-3
    r.check_close(
        "KL(p || p + d) = 1/2 d'Fd to second order",
        kl(mu, sigma, mu + d[0], sigma + d[1]),
        0.5 * d @ F_t @ d,
        rtol=1e-3,
    )

    # loss: expected negative log-likelihood of data y ~ N(2, 0.5^2) under the model
    m_y, s_y = 2.0, 0.5
    # d/dmu and d/dsigma of E_y[-log N(y; mu, sigma)] = log sigma + (s_y^2 + (m_y-mu)^2)/(2 sigma^2)
    g_t = np.array([-(m_y - mu) / sigma**2, 1 / sigma - (s_y**2 + (m_y - mu) ** 2) / sigma**3])
    J = np.diag([1.0, sigma])  # d theta / d phi  (sigma = exp(s))
    g_p = J.T @ g_t  # chain rule for the gradient
    nat_t = np.linalg.solve(F_t, g_t)
    nat_p = np.linalg.solve(F_p, g_p)
    r.check_close(
        "natural-gradient direction is the same in both parameterisations",
        J @ nat_p,
        nat_t,
        rtol=1e-10,
    )
    r.check(
        "the plain gradient direction is not (J g_phi != g_theta)",
        not np.allclose(J @ g_p, g_t, rtol=1e-3),
    )
    r.figure("natural step (d mu, d sigma)", (-nat_t).round(4).tolist())
    r.check_close(
        "a unit natural step moves mu exactly onto the data mean, whatever sigma is",
        mu - nat_t[0],
        m_y,
        rtol=1e-12,
    )

    # categorical with K-1 free logits (last logit fixed at 0): F = diag(p) - p p'
    rng = np.random.default_rng(0)
    K = 5
    logits = np.append(rng.normal(size=K - 1), 0.0)
    p = np.exp(logits) / np.exp(logits).sum()
    pf = p[:-1]
    F = np.diag(pf) - np.outer(pf, pf)
    F_inv = np.diag(1 / pf) + 1 / p[-1]  # Sherman-Morrison closed form
    r.check_close(
        "categorical Fisher inverse = diag(1/p) + 11'/p_K", F_inv, np.linalg.inv(F), rtol=1e-9
    )
    # Monte Carlo check of F = E[score score'] with score = onehot - p
    idx = rng.choice(K, size=200000, p=p)
    S = np.eye(K)[idx][:, :-1] - pf
    r.check_close(
        "F equals the Monte Carlo E[score score'] (200k samples)", S.T @ S / len(S), F, atol=3e-3
    )
    return r


if __name__ == "__main__":
    main(run)
