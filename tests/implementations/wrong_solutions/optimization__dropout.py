"""Inverted dropout that multiplies the kept units by p instead of dividing by p.

The learner confuses training-time inverted dropout with the test-time weight scaling of
the original dropout, so E[output] = p^2 h rather than h.
"""

import numpy as np

BREAKS = [
    "E[mask * h / p] = h exactly (enumeration)",
    "Var = h^2 (1-p)/p",
    "Monte Carlo mean within 5 standard errors of h",
]


def mask_prob(masks, p):
    masks = np.asarray(masks)
    k = masks.sum(axis=1)
    return p**k * (1 - p) ** (masks.shape[1] - k)


def inverted_dropout(h, mask, p):
    return np.asarray(mask) * np.asarray(h, dtype=float) * p


def nwgm(s, prob):
    s = np.asarray(s, dtype=float)
    prob = np.asarray(prob, dtype=float)
    g1 = np.exp(np.sum(prob * np.log(s)))
    g0 = np.exp(np.sum(prob * np.log1p(-s)))
    return float(g1 / (g1 + g0))
