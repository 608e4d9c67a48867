"""Perplexity as the exponential of the summed (not mean) negative log-likelihood.

The learner forgets to divide by the number of tokens, so the "perplexity" grows
exponentially with the length of the text.
"""

import numpy as np

BREAKS = [
    "uniform model has perplexity V",
    "perplexity of the true model -> exp(entropy rate)",
]


def perplexity(logprobs):
    return float(np.exp(-np.sum(np.asarray(logprobs, dtype=float))))


def entropy_rate(P):
    P = np.asarray(P, dtype=float)
    w, v = np.linalg.eig(P.T)
    pi = np.real(v[:, np.argmin(np.abs(w - 1))])
    pi /= pi.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        H = -np.where(P > 0, P * np.log(P), 0.0).sum(axis=1)
    return float(pi @ H)


def pair_token_logprobs(P, x):
    P = np.asarray(P, dtype=float)
    x = np.asarray(x)
    out = []
    for j in range(1, len(x) - 1, 2):
        c, a, b = x[j - 1], x[j], x[j + 1]
        out.append(np.log(P[c, a]) + np.log(P[a, b]))
    return np.array(out)
