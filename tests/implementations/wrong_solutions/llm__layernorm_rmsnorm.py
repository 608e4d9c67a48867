"""LayerNorm (and RMSNorm) that normalise over the batch axis instead of each token's features.

The learner carries BatchNorm's statistics over to LayerNorm: the mean and variance are
taken along axis 0 (across tokens) rather than along the last axis (within a token).
"""

import numpy as np

BREAKS = [
    "LN output: per-token mean 0",
    "LN output: per-token (population) variance 1",
    "RMSNorm output: per-token RMS 1",
]


def layernorm(x, g=1.0, b=0.0, eps=0.0):
    x = np.asarray(x, dtype=float)
    mu = x.mean(axis=0, keepdims=True)
    var = x.var(axis=0, keepdims=True)
    return g * (x - mu) / np.sqrt(var + eps) + b


def rmsnorm(x, g=1.0, eps=0.0):
    x = np.asarray(x, dtype=float)
    return g * x / np.sqrt(np.mean(x**2, axis=0, keepdims=True) + eps)
