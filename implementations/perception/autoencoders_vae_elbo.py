"""autoencoders-vae-elbo: the evidence lower bound of a VAE, checked on a model with exact answers.

Follows Kingma & Welling (2014) and Murphy, PML2 ch. 21: log p(x) >= ELBO(q) = E_q[log p(x|z)] -
KL(q(z|x) || p(z)), with equality iff q is the true posterior, and gap KL(q || p(z|x)). Model:
z ~ N(0, I_k), x | z ~ N(W z + mu, s2 I) (linear decoder), whose marginal N(mu, W W^T + s2 I) and
posterior are known in closed form. Checks: ELBO <= log p(x) for many random Gaussian q; equality
at the exact posterior; the gap equals the Gaussian KL to the posterior; the reparameterised
Monte Carlo ELBO agrees with the closed form; an amortised linear encoder fitted by regression
recovers the posterior-mean map.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def log_normal(x, mean, cov):
    d = len(x)
    diff = x - mean
    return -0.5 * (
        d * np.log(2 * np.pi) + np.linalg.slogdet(cov)[1] + diff @ np.linalg.solve(cov, diff)
    )


def elbo(x, m, S, W, mu, s2):
    # Closed form for q = N(m, S): expected reconstruction log-likelihood minus KL(q || N(0, I)).
    n, k = len(x), len(m)
    rec = -0.5 * n * np.log(2 * np.pi * s2) - (
        np.sum((x - W @ m - mu) ** 2) + np.trace(W @ S @ W.T)
    ) / (2 * s2)
    kl = 0.5 * (np.trace(S) + m @ m - k - np.linalg.slogdet(S)[1])
    return rec - kl


def gauss_kl(m0, S0, m1, S1):
    k = len(m0)
    S1i = np.linalg.inv(S1)
    return 0.5 * (
        np.trace(S1i @ S0)
        + (m1 - m0) @ S1i @ (m1 - m0)
        - k
        + np.linalg.slogdet(S1)[1]
        - np.linalg.slogdet(S0)[1]
    )


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("VAE evidence lower bound (linear-Gaussian check)")
    n, k, s2 = 8, 3, 0.3
    W, mu = rng.normal(size=(n, k)), rng.normal(size=n)
    x = W @ rng.normal(size=k) + mu + np.sqrt(s2) * rng.normal(size=n)

    logpx = log_normal(x, mu, W @ W.T + s2 * np.eye(n))  # exact evidence
    M = np.eye(k) + W.T @ W / s2
    S_post = np.linalg.inv(M)
    m_post = S_post @ W.T @ (x - mu) / s2
    r.figure("log p(x)", logpx)

    gaps = []
    for _ in range(500):
        L = np.tril(rng.normal(scale=0.5, size=(k, k)))
        m, S = rng.normal(size=k), L @ L.T + 0.05 * np.eye(k)
        gaps.append((logpx - elbo(x, m, S, W, mu, s2), gauss_kl(m, S, m_post, S_post)))
    gaps = np.array(gaps)
    r.check("ELBO <= log p(x) for 500 random q", np.all(gaps[:, 0] >= -1e-10))
    r.check_close(
        "gap log p(x) - ELBO = KL(q || p(z|x))", gaps[:, 0], gaps[:, 1], rtol=1e-9, atol=1e-10
    )
    r.check_close(
        "ELBO at the exact posterior equals log p(x)",
        elbo(x, m_post, S_post, W, mu, s2),
        logpx,
        rtol=1e-12,
    )

    # Reparameterisation trick: z = m + L eps, eps ~ N(0, I), makes the estimate differentiable in (m, L).
    m, L = m_post + 0.3, np.linalg.cholesky(S_post) * 1.5
    z = m + rng.normal(size=(20000, k)) @ L.T
    log_lik = -0.5 * n * np.log(2 * np.pi * s2) - np.sum((x - z @ W.T - mu) ** 2, axis=1) / (2 * s2)
    log_prior = -0.5 * (k * np.log(2 * np.pi) + np.sum(z**2, axis=1))
    eps_back = np.linalg.solve(L, (z - m).T)  # whitened samples
    log_q = -0.5 * (
        k * np.log(2 * np.pi) + np.linalg.slogdet(L @ L.T)[1] + np.sum(eps_back**2, axis=0)
    )
    # Entropy of q is known exactly; use it and Monte Carlo only for the cross terms.
    ent = 0.5 * (k * (1 + np.log(2 * np.pi)) + np.linalg.slogdet(L @ L.T)[1])
    terms = log_lik + log_prior
    mc, se = terms.mean() + ent, terms.std() / np.sqrt(len(terms))
    exact = elbo(x, m, L @ L.T, W, mu, s2)
    r.figure("MC ELBO +- s.e. vs closed form", f"{mc:.4f} +- {se:.4f} vs {exact:.4f}")
    r.check("reparameterised MC ELBO within 4 s.e. of the closed form", abs(mc - exact) < 4 * se)
    r.check_close(
        "entropy of q: closed form vs Monte Carlo -E[log q]", ent, -log_q.mean(), rtol=0.03
    )

    # Amortised inference: an encoder x -> posterior mean fitted by regression on simulated (z, x)
    # recovers the exact map A = S_post W^T / s2.
    Z = rng.normal(size=(20000, k))
    X = Z @ W.T + mu + np.sqrt(s2) * rng.normal(size=(20000, n))
    A_fit = np.linalg.lstsq(X - mu, Z, rcond=None)[0].T
    r.check_close(
        "regression encoder recovers the posterior-mean map",
        A_fit,
        S_post @ W.T / s2,
        rtol=0,
        atol=0.02,
    )
    return r


if __name__ == "__main__":
    main(run)
