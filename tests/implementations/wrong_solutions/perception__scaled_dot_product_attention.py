"""Attention scaled by d instead of sqrt(d).

The learner remembers "divide the scores by the dimension" and uses d_k itself, which
flattens the weights: their log-ratios shrink by a further factor sqrt(d).
"""

import numpy as np

BREAKS = [
    "matrix form equals the explicit loop",
    "weights follow log(a_j / a_0) = (q.k_j - q.k_0) / sqrt(d) at d = 128",
]


def attention(Q, K, V, causal=False):
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    S = Q @ K.T / Q.shape[-1]  # should be / sqrt(d)
    if causal:
        S = np.where(np.tril(np.ones(S.shape, dtype=bool)), S, -np.inf)
    S = S - S.max(axis=-1, keepdims=True)
    A = np.exp(S)
    A /= A.sum(axis=-1, keepdims=True)
    return A @ V, A
