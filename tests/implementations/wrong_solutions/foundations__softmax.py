"""Softmax normalised over the whole array instead of along the last axis.

The learner believes "softmax divides by the sum of the exponentials", so for a batch every
row is divided by the total over all rows (correct for a single vector only).
"""

import numpy as np

BREAKS = [
    "matches scipy.special.softmax",
    "equals exp(z - logsumexp(z))",
    "a batch of 3-D shape (2, 3, 4): along the last axis only",
]


def softmax(z, T=1.0):
    z = np.asarray(z, dtype=float) / T
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def softmax_jacobian(z):
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)
