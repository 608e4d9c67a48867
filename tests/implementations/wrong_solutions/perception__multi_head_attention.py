"""Multi-head attention in which every head scales its scores by sqrt(d_model).

The learner splits the projections into heads but keeps the single-head temperature
sqrt(d) rather than each head's own sqrt(d_k) with d_k = d / h.
"""

import numpy as np

BREAKS = ["h = 2 heads (d_k = 8) equal the loop reference"]


def softmax(S):
    S = np.asarray(S, dtype=float)
    e = np.exp(S - S.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def attention(Q, K, V):
    d_k = Q.shape[-1]
    return softmax(Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k)) @ V


def mha(X, Wq, Wk, Wv, Wo, h):
    n, d = X.shape
    dk = d // h
    heads = []
    for i in range(h):
        cols = slice(i * dk, (i + 1) * dk)
        q, k, v = X @ Wq[:, cols], X @ Wk[:, cols], X @ Wv[:, cols]
        heads.append(softmax(q @ k.T / np.sqrt(d)) @ v)  # the model width, not d_k
    return np.concatenate(heads, axis=-1) @ Wo
