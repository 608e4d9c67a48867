"""Distillation gradient taken as q - p, as for ordinary cross-entropy, without the 1/T.

The learner forgets that the logits are divided by T before the softmax, so the chain rule
contributes a factor 1/T; multiplying by T^2 in training then makes the steps T times too
large.
"""

import numpy as np

BREAKS = [
    "dC/dz = (q - p)/T matches finite differences",
    "two distillation steps by hand",
]


def _softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def soft_ce(z, v, T):
    z = np.asarray(z, dtype=float) / T
    p = _softmax(np.asarray(v, dtype=float) / T)
    logq = z - z.max() - np.log(np.exp(z - z.max()).sum())
    return float(-(p * logq).sum())


def soft_ce_grad(z, v, T):
    return _softmax(np.asarray(z, dtype=float) / T) - _softmax(np.asarray(v, dtype=float) / T)


def distill_linear(X, P, T, lr, steps):
    X, P = np.asarray(X, dtype=float), np.asarray(P, dtype=float)
    n = len(X)
    Ws = np.zeros((P.shape[1], X.shape[1]))
    for _ in range(steps):
        Q = _softmax(X @ Ws.T / T)
        Ws -= lr * T**2 * (Q - P).T @ X / n  # the gradient without its 1/T
    return Ws
