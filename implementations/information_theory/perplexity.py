"""perplexity: PPL = 2^{cross-entropy per token} = exp(mean negative log-likelihood).

Follows Murphy (2022) ch. 6 and Dive into Deep Learning ch. 9. Checks compare a uniform
model's perplexity with the vocabulary size, the perplexity of the true model on a long
sample from a Markov chain with exp(entropy rate) (closed form), and show that a weaker
(unigram) model has higher perplexity, as cross-entropy >= entropy requires.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def perplexity(logprobs):
    """exp of the mean negative log-likelihood (natural logs) of the observed tokens."""
    return float(np.exp(-np.mean(logprobs)))


def sample_chain(P, pi, n, rng):
    """Sample n states of a Markov chain started from its stationary law pi."""
    cum = np.cumsum(P, axis=1)
    u = rng.random(n)
    x = np.empty(n, dtype=int)
    x[0] = np.searchsorted(np.cumsum(pi), u[0])
    for t in range(1, n):
        x[t] = np.searchsorted(cum[x[t - 1]], u[t])
    return np.minimum(x, len(pi) - 1)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Perplexity")

    # A model that spreads mass uniformly over V tokens is "as confused as" a V-way choice.
    V = 50
    toks = rng.integers(0, V, size=1000)
    r.check_close(
        "uniform model over V=50 tokens has perplexity 50",
        perplexity(np.full(toks.size, -np.log(V))),
        V,
        rtol=1e-12,
    )

    # A 4-token Markov "language"; the true model's perplexity tends to exp(entropy rate).
    P = np.array(
        [[0.1, 0.6, 0.2, 0.1], [0.5, 0.1, 0.3, 0.1], [0.3, 0.3, 0.1, 0.3], [0.7, 0.1, 0.1, 0.1]]
    )
    w, v = np.linalg.eig(P.T)
    pi = np.real(v[:, np.argmin(abs(w - 1))])
    pi /= pi.sum()
    rate = float(-np.sum(pi[:, None] * P * np.log(P)))  # nats per token
    x = sample_chain(P, pi, 100_000, rng)
    lp_true = np.log(P[x[:-1], x[1:]])
    ppl_true = perplexity(lp_true)
    se = lp_true.std() / np.sqrt(lp_true.size)  # rough (ignores autocorrelation), so 5 se
    r.figure(
        "exp(entropy rate) vs true-model perplexity",
        [round(float(np.exp(rate)), 4), round(ppl_true, 4)],
    )
    r.check(
        "true-model perplexity within 5 se of exp(entropy rate)",
        abs(np.log(ppl_true) - rate) < 5 * se,
        f"log PPL {np.log(ppl_true):.4f} vs rate {rate:.4f}",
    )

    # A unigram model ignores context: its perplexity tends to exp(H(pi)) > exp(rate).
    ppl_uni = perplexity(np.log(pi[x[1:]]))
    r.figure("unigram-model perplexity", ppl_uni)
    r.check_close(
        "unigram perplexity tends to exp(H(pi))",
        np.log(ppl_uni),
        -np.sum(pi * np.log(pi)),
        rtol=5e-3,
    )
    r.check("weaker model has higher perplexity", ppl_uni > ppl_true)

    # Units: perplexity is the same whether computed in bits (2^H) or nats (e^H).
    r.check_close(
        "2^(bits per token) = e^(nats per token)",
        2 ** (-np.mean(lp_true) / np.log(2)),
        ppl_true,
        rtol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
