"""autoencoders-vae-elbo: the evidence lower bound of a VAE, checked on a model with exact answers.

Follows Kingma & Welling (2014) and Murphy, PML2 ch. 21: log p(x) >= ELBO(q) = E_q[log p(x|z)] -
KL(q(z|x) || p(z)), with equality iff q is the true posterior, and gap KL(q || p(z|x)). Model:
z ~ N(0, I_k), x | z ~ N(W z + mu, s2 I) (linear decoder), whose marginal N(mu, W W^T + s2 I) and
posterior are known in closed form. Checks compare with scipy: the Gaussian KL and the ELBO against
numerical integration (scipy.integrate.quad) for k = 1; ELBO <= log p(x) (scipy.stats evidence) for
many random Gaussian q; equality at the exact posterior; the gap equals the Gaussian KL to the
posterior; KL of a distribution to itself is 0; the reparameterised Monte Carlo ELBO agrees with
the closed form. An amortised linear encoder fitted by regression is shown as a figure.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.integrate import quad
from scipy.stats import multivariate_normal, norm

from implementations._common import Report, main, solution

EXERCISE = ["elbo", "gauss_kl"]

DOC_ZH = {
    "elbo": """线性高斯 VAE 的 ELBO 闭式解：模型 z ~ N(0, I_k)，x | z ~ N(W z + mu, s2 I)，
近似后验 q = N(m, S)。ELBO = E_q[log p(x|z)] - KL(q || N(0, I))，其中
E_q[log p(x|z)] = -n/2 log(2 pi s2) - (||x - W m - mu||^2 + tr(W S W^T)) / (2 s2)。

输入：x，形状 (n,)；m，形状 (k,)；S，形状 (k, k) 的正定协方差；W，形状 (n, k)；mu，形状 (n,)；
s2，噪声方差。
输出：一个 float。

>>> round(float(elbo(np.zeros(1), np.zeros(1), np.eye(1), np.zeros((1, 1)), np.zeros(1), 1.0)), 6)
-0.918939
""",
    "gauss_kl": """两个多元高斯之间的 KL 散度 KL(N(m0, S0) || N(m1, S1))
= 1/2 [tr(S1^-1 S0) + (m1 - m0)^T S1^-1 (m1 - m0) - k + log det S1 - log det S0]。

输入：m0、m1，形状 (k,)；S0、S1，形状 (k, k) 的正定矩阵。
输出：一个非负 float。

>>> round(float(gauss_kl(np.zeros(1), np.eye(1), np.ones(1), np.eye(1))), 6)
0.5
""",
}

HINTS = {
    "en": (
        "Split the ELBO into an expected reconstruction term and a KL to the prior; for Gaussians "
        "both have closed forms in the mean and covariance of q.",
        "E_q||x - W z - mu||^2 = ||x - W m - mu||^2 + tr(W S W^T); KL(N(m, S) || N(0, I)) = "
        "(tr S + m.m - k - log det S) / 2. Use slogdet and solve rather than inverting by hand.",
    ),
    "zh": (
        "把 ELBO 拆成期望重构项和到先验的 KL；对高斯分布两者都有关于 q 的均值和协方差的闭式解。",
        "E_q||x - W z - mu||^2 = ||x - W m - mu||^2 + tr(W S W^T)；KL(N(m, S) || N(0, I)) = "
        "(tr S + m.m - k - log det S) / 2。用 slogdet 和 solve，不要手写求逆。",
    ),
}


def elbo(x, m, S, W, mu, s2):
    """Closed-form ELBO of a linear-Gaussian VAE for q(z) = N(m, S).

    Model: z ~ N(0, I_k), x | z ~ N(W z + mu, s2 I). ELBO = E_q[log p(x|z)] - KL(q || N(0, I))
    with E_q[log p(x|z)] = -n/2 log(2 pi s2) - (||x - W m - mu||^2 + tr(W S W^T)) / (2 s2).
    Input: x (n,), m (k,), a positive-definite S (k, k), W (n, k), mu (n,), the noise variance
    s2. Output: a float.

    >>> round(float(elbo(np.zeros(1), np.zeros(1), np.eye(1), np.zeros((1, 1)), np.zeros(1), 1.0)), 6)
    -0.918939
    """
    # Closed form for q = N(m, S): expected reconstruction log-likelihood minus KL(q || N(0, I)).
    n, k = len(x), len(m)
    rec = -0.5 * n * np.log(2 * np.pi * s2) - (
        np.sum((x - W @ m - mu) ** 2) + np.trace(W @ S @ W.T)
    ) / (2 * s2)
    kl = 0.5 * (np.trace(S) + m @ m - k - np.linalg.slogdet(S)[1])
    return rec - kl


def gauss_kl(m0, S0, m1, S1):
    """KL(N(m0, S0) || N(m1, S1)) between multivariate Gaussians.

    = 1/2 [tr(S1^-1 S0) + (m1 - m0)^T S1^-1 (m1 - m0) - k + log det S1 - log det S0].
    Input: means m0, m1 (k,), positive-definite S0, S1 (k, k). Output: a non-negative float.

    >>> round(float(gauss_kl(np.zeros(1), np.eye(1), np.ones(1), np.eye(1))), 6)
    0.5
    """
    k = len(m0)
    S1i = np.linalg.inv(S1)
    return 0.5 * (
        np.trace(S1i @ S0)
        + (m1 - m0) @ S1i @ (m1 - m0)
        - k
        + np.linalg.slogdet(S1)[1]
        - np.linalg.slogdet(S0)[1]
    )


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("VAE evidence lower bound (linear-Gaussian check)")

    # k = 1 references by numerical integration over z (no closed form shared with the code).
    with r.case("Gaussian KL equals numerical integration (k = 1)") as c:
        for m0, v0, m1, v1 in [(0.3, 0.5, -1.0, 2.0), (1.2, 3.0, 0.4, 0.7)]:
            p, q = norm(m0, math.sqrt(v0)), norm(m1, math.sqrt(v1))
            ref = quad(lambda z: p.pdf(z) * (p.logpdf(z) - q.logpdf(z)), -30, 30, limit=200)[0]
            c.close(f.gauss_kl(np.array([m0]), np.array([[v0]]), np.array([m1]), np.array([[v1]])),
                    ref, rtol=1e-8)

    with r.case("ELBO equals numerical integration of E_q[log p(x, z) - log q(z)] (k = 1, n = 2)") as c:
        W1, mu1, x1, s21 = np.array([[1.5], [-0.7]]), np.array([0.2, -0.4]), np.array([1.0, 0.3]), 0.4
        for m, v in [(0.5, 0.3), (-1.0, 1.7)]:
            q = norm(m, math.sqrt(v))
            joint = lambda z: (norm.logpdf(x1, W1[:, 0] * z + mu1, math.sqrt(s21)).sum()
                               + norm.logpdf(z))
            ref = quad(lambda z: q.pdf(z) * (joint(z) - q.logpdf(z)), -25, 25, limit=200)[0]
            c.close(f.elbo(x1, np.array([m]), np.array([[v]]), W1, mu1, s21), ref, rtol=1e-8)

    n, k, s2 = 8, 3, 0.3
    W, mu = rng.normal(size=(n, k)), rng.normal(size=n)
    x = W @ rng.normal(size=k) + mu + np.sqrt(s2) * rng.normal(size=n)
    logpx = multivariate_normal(mu, W @ W.T + s2 * np.eye(n)).logpdf(x)  # exact evidence
    S_post = np.linalg.inv(np.eye(k) + W.T @ W / s2)
    m_post = S_post @ W.T @ (x - mu) / s2
    r.figure("log p(x)", logpx)

    qs = []
    for _ in range(500):
        L = np.tril(rng.normal(scale=0.5, size=(k, k)))
        qs.append((rng.normal(size=k), L @ L.T + 0.05 * np.eye(k)))
    with r.case("ELBO <= log p(x) for 500 random q") as c:
        gaps = np.array([logpx - f.elbo(x, m, S, W, mu, s2) for m, S in qs])
        c.true(bool(np.all(gaps >= -1e-10)), f"smallest gap {gaps.min():.3g}")
    with r.case("gap log p(x) - ELBO = KL(q || p(z|x))") as c:
        kls = np.array([f.gauss_kl(m, S, m_post, S_post) for m, S in qs])
        c.close(gaps, kls, rtol=1e-9, atol=1e-10)
    with r.case("ELBO at the exact posterior equals log p(x)") as c:
        c.close(f.elbo(x, m_post, S_post, W, mu, s2), logpx, rtol=1e-12)
    with r.case("KL of a Gaussian to itself is 0, and KL is asymmetric") as c:
        m, S = qs[0]
        c.close(f.gauss_kl(m, S, m, S), 0.0, atol=1e-12)
        c.true(abs(f.gauss_kl(m, S, m_post, S_post) - f.gauss_kl(m_post, S_post, m, S)) > 1e-3)

    # Reparameterisation trick: z = m + L eps, eps ~ N(0, I), makes the estimate differentiable.
    m, L = m_post + 0.3, np.linalg.cholesky(S_post) * 1.5
    z = m + rng.normal(size=(20000, k)) @ L.T
    log_lik = -0.5 * n * np.log(2 * np.pi * s2) - np.sum((x - z @ W.T - mu) ** 2, axis=1) / (2 * s2)
    log_prior = -0.5 * (k * np.log(2 * np.pi) + np.sum(z**2, axis=1))
    log_q = multivariate_normal(m, L @ L.T).logpdf(z)
    terms = log_lik + log_prior - log_q
    mc, se = terms.mean(), terms.std() / np.sqrt(len(terms))
    with r.case("reparameterised MC ELBO within 4 s.e. of the closed form") as c:
        exact = f.elbo(x, m, L @ L.T, W, mu, s2)
        r.figure("MC ELBO +- s.e. vs closed form", f"{mc:.4f} +- {se:.4f} vs {exact:.4f}")
        c.true(abs(mc - exact) < 4 * se, f"{mc:.4f} +- {se:.4f} vs {exact:.4f}")

    # Amortised inference: a regression encoder x -> z recovers the posterior-mean map.
    Z = rng.normal(size=(20000, k))
    X = Z @ W.T + mu + np.sqrt(s2) * rng.normal(size=(20000, n))
    A_fit = np.linalg.lstsq(X - mu, Z, rcond=None)[0].T
    r.figure("regression encoder: max error vs S_post W^T / s2",
             float(np.abs(A_fit - S_post @ W.T / s2).max()))
    return r


if __name__ == "__main__":
    main(run)
