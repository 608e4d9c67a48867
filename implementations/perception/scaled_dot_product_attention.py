"""scaled-dot-product-attention: softmax(Q K^T / sqrt(d_k)) V, with an optional causal mask.

Follows Vaswani et al. (2017), Sec. 3.2.1 (and its footnote: for independent unit-variance
components q.k has variance d_k, hence the 1/sqrt(d_k) scale); d2l 11.3. Checks: the matrix form
against an explicit double loop, rows of the weight matrix summing to 1, the logit variance before
and after scaling against d_k and 1, and causality (outputs ignore future values).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def attention(Q, K, V, causal=False):
    d = Q.shape[-1]
    S = Q @ K.T / np.sqrt(d)
    if causal:  # position i may only look at j <= i
        S = np.where(np.tril(np.ones(S.shape, bool)), S, -np.inf)
    S = S - S.max(axis=1, keepdims=True)  # stable softmax
    A = np.exp(S)
    A /= A.sum(axis=1, keepdims=True)
    return A @ V, A


def attention_loop(Q, K, V):
    n, m, d = Q.shape[0], K.shape[0], Q.shape[1]
    out = np.zeros((n, V.shape[1]))
    for i in range(n):
        scores = [sum(Q[i, t] * K[j, t] for t in range(d)) / d**0.5 for j in range(m)]
        w = np.exp(np.array(scores) - max(scores))
        w /= w.sum()
        for j in range(m):
            out[i] += w[j] * V[j]
    return out


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Scaled dot-product attention")
    n, m, d, dv = 5, 7, 8, 3
    Q, K, V = rng.normal(size=(n, d)), rng.normal(size=(m, d)), rng.normal(size=(m, dv))
    out, A = attention(Q, K, V)
    r.check_close(
        "matrix form equals the explicit loop", out, attention_loop(Q, K, V), rtol=0, atol=1e-12
    )
    r.check_close("each row of weights sums to 1", A.sum(axis=1), np.ones(n), rtol=0, atol=1e-12)

    # Why sqrt(d): with unit-variance entries, Var(q.k) = d; dividing by sqrt(d) restores 1.
    d = 128
    q, k = rng.normal(size=(8000, d)), rng.normal(size=(8000, d))
    dots = np.einsum("ij,ij->i", q, k)
    r.figure("Var(q.k), d = 128", dots.var())
    r.check_close("Var(q.k) ~ d", dots.var(), d, rtol=0.05)
    r.check_close("Var(q.k / sqrt(d)) ~ 1", (dots / np.sqrt(d)).var(), 1.0, rtol=0.05)
    # Unscaled logits saturate the softmax: weights collapse onto one key.
    Qb, Kb = rng.normal(size=(1, d)), rng.normal(size=(64, d))
    unscaled = np.exp(Qb @ Kb.T - (Qb @ Kb.T).max())
    unscaled /= unscaled.sum()
    _, A_scaled = attention(Qb, Kb, Kb)
    r.figure("max weight over 64 keys, unscaled logits", unscaled.max())
    r.figure("max weight over 64 keys, scaled logits", A_scaled.max())

    # Causal mask: changing future values must not change earlier outputs.
    X = rng.normal(size=(6, 4))
    out1, A1 = attention(X, X, X, causal=True)
    X2 = X.copy()
    X2[4:] += 10.0
    out2, _ = attention(X2[:4], X2, X2, causal=True)
    r.check_close(
        "causal: outputs at positions < 4 ignore positions >= 4",
        out2[:4],
        out1[:4],
        rtol=0,
        atol=1e-12,
    )
    r.check("causal weights are lower-triangular", np.allclose(np.triu(A1, 1), 0))
    return r


if __name__ == "__main__":
    main(run)
