"""Gaussian maximum likelihood with the unbiased variance (dividing by n - 1).

The learner believes the "right" variance estimate is always the unbiased one, but the
likelihood is maximised by dividing by n.
"""

import numpy as np

BREAKS = [
    "score (gradient) vanishes at the MLE",
    "MLE of a small sample equals loops (divides by n)",
    "MLE beats the unbiased variance in likelihood",
]


def gauss_loglik(x, mu, var):
    x = np.asarray(x, dtype=float)
    return float(-0.5 * len(x) * np.log(2 * np.pi * var) - np.sum((x - mu) ** 2) / (2 * var))


def gaussian_mle(x):
    x = np.asarray(x, dtype=float)
    mu = x.mean()
    return float(mu), float(np.sum((x - mu) ** 2) / (len(x) - 1))


def categorical_mle(y, k):
    y = np.asarray(y).astype(int)
    return np.bincount(y, minlength=k)[:k] / len(y)
