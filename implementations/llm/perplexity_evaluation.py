"""perplexity-evaluation: perplexity as exp(cross-entropy), its limits, and tokenizer dependence.

Perplexity of a model q on text x_1..x_N is exp(-(1/N) sum log q(x_t | x_<t)) (Jurafsky &
Martin; d2l ch. 9). Checks against closed forms: a uniform model over V tokens has perplexity
exactly V; on a long sample from a Markov chain the true model's perplexity approaches
exp(entropy rate) computed from the stationary distribution; and re-tokenising the same text
into 2-character tokens leaves the total code length (bits per character) unchanged while the
per-token perplexity is squared - so per-token perplexities of different tokenizers are not
comparable.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def perplexity(logprobs):
    return float(np.exp(-np.mean(logprobs)))


def sample_chain(P, n, rng):
    cdf, u, x = P.cumsum(1), rng.random(n), np.empty(n, dtype=int)
    x[0] = 0
    for t in range(1, n):
        x[t] = min(int(np.searchsorted(cdf[x[t - 1]], u[t])), len(P) - 1)
    return x


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Perplexity: definition, limits and tokenizer dependence")
    V = 5
    P = rng.dirichlet(np.ones(V), size=V)  # character-level Markov chain
    x = sample_chain(P, 40_000, rng)
    lp = np.log(P[x[:-1], x[1:]])  # true model's log-probabilities

    # Entropy rate of a stationary Markov chain: H = sum_i pi_i H(P_i.)
    w, vecs = np.linalg.eig(P.T)
    pi = np.real(vecs[:, np.argmin(abs(w - 1))])
    pi /= pi.sum()
    H = -np.sum(pi[:, None] * P * np.log(P))
    r.figure("entropy rate (nats/char)", H)
    r.figure("true model perplexity on 40k chars", perplexity(lp))
    r.check_close(
        "perplexity of the true model -> exp(entropy rate)", perplexity(lp), np.exp(H), rtol=0.02
    )

    r.check_close(
        "uniform model has perplexity V", perplexity(np.full(len(lp), -np.log(V))), V, rtol=1e-12
    )
    r.check(
        "perplexity of any model >= 1 and a wrong model is worse",
        1 <= perplexity(lp) < perplexity(np.log(rng.dirichlet(np.ones(V), size=V)[x[:-1], x[1:]])),
    )

    # Same text, same model, coarser tokens: token (a, b) after previous char c has
    # probability P[c, a] * P[a, b]. Total log-likelihood is identical ...
    y = x[1:] if len(x[1:]) % 2 == 0 else x[1:-1]
    prev = np.concatenate([[x[0]], y[1::2][:-1]])  # char preceding each pair
    lp_pair = np.log(P[prev, y[0::2]]) + np.log(P[y[0::2], y[1::2]])
    lp_char = np.log(P[np.concatenate([[x[0]], y[:-1]]), y])
    r.check_close(
        "2-char tokens: same total log-likelihood (bits per character)",
        lp_pair.sum(),
        lp_char.sum(),
        rtol=1e-12,
    )
    # ... but there are half as many tokens, so per-token perplexity is squared.
    r.figure(
        "per-token perplexity, char vs pair tokens", [perplexity(lp_char), perplexity(lp_pair)]
    )
    r.check_close(
        "pair-token perplexity == char perplexity squared",
        perplexity(lp_pair),
        perplexity(lp_char) ** 2,
        rtol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
