"""Nucleus (top-p) sampling that drops the token whose probability crosses the threshold.

The learner keeps the tokens whose cumulative probability is <= thresh, so the kept mass
falls short of thresh instead of reaching it (an off-by-one on the sorted prefix).
"""

import numpy as np

BREAKS = [
    "top-p support (p=0.5) equals brute-force smallest subset",
    "top-p support (p=0.9) equals brute-force smallest subset",
]


def temperature_softmax(logits, T):
    z = np.asarray(logits, dtype=float) / T
    e = np.exp(z - z.max())
    return e / e.sum()


def top_k(p, k):
    p = np.asarray(p, dtype=float)
    order = np.argsort(-p, kind="stable")
    out = np.zeros_like(p)
    out[order[:k]] = p[order[:k]]
    return out / out.sum()


def top_p(p, thresh):
    p = np.asarray(p, dtype=float)
    order = np.argsort(-p, kind="stable")
    cum = np.cumsum(p[order])
    n_keep = max(1, int(np.sum(cum <= thresh)))  # stops one token early
    out = np.zeros_like(p)
    out[order[:n_keep]] = p[order[:n_keep]]
    return out / out.sum()
