"""multi-head-attention: h attention heads on learned projections, concatenated and mixed by W_O.

Follows Vaswani et al. (2017), Sec. 3.2.2: MultiHead(Q,K,V) = Concat(head_1..head_h) W_O with
head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V), d_k = d_model / h (d2l 11.5). Checks: the batched
reshape implementation against h separately computed heads, h = 1 against plain single-head
attention, the parameter count 4 d_model^2 (independent of h), and permutation equivariance of
self-attention without positions.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def softmax(S):
    S = S - S.max(-1, keepdims=True)
    E = np.exp(S)
    return E / E.sum(-1, keepdims=True)


def attention(Q, K, V):
    return softmax(Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])) @ V


def mha(X, Wq, Wk, Wv, Wo, h):
    # One big projection, then split the feature axis into h heads: (n, d) -> (h, n, d/h).
    n, d = X.shape
    split = lambda M: M.reshape(n, h, d // h).transpose(1, 0, 2)
    heads = attention(split(X @ Wq), split(X @ Wk), split(X @ Wv))  # (h, n, d/h)
    return heads.transpose(1, 0, 2).reshape(n, d) @ Wo


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Multi-head attention")
    n, d, h = 6, 16, 4
    dk = d // h
    X = rng.normal(size=(n, d))
    Wq, Wk, Wv, Wo = (rng.normal(size=(d, d)) / np.sqrt(d) for _ in range(4))
    out = mha(X, Wq, Wk, Wv, Wo, h)

    # Reference: each head with its own d x d_k matrices (column blocks of Wq, Wk, Wv).
    heads = []
    for i in range(h):
        cols = slice(i * dk, (i + 1) * dk)
        heads.append(attention(X @ Wq[:, cols], X @ Wk[:, cols], X @ Wv[:, cols]))
    ref = np.concatenate(heads, axis=1) @ Wo
    r.check_close(
        "batched heads equal h independent heads, concatenated", out, ref, rtol=0, atol=1e-12
    )

    one = mha(X, Wq, Wk, Wv, Wo, 1)
    r.check_close(
        "h = 1 reduces to single-head attention",
        one,
        attention(X @ Wq, X @ Wk, X @ Wv) @ Wo,
        rtol=0,
        atol=1e-12,
    )

    # The heads attend differently: their weight matrices are not all the same.
    A = [
        softmax(
            (X @ Wq[:, i * dk : (i + 1) * dk]) @ (X @ Wk[:, i * dk : (i + 1) * dk]).T / np.sqrt(dk)
        )
        for i in range(h)
    ]
    spread = max(np.abs(A[i] - A[0]).max() for i in range(1, h))
    r.figure("max difference between head 0 and other heads' weights", spread)

    params = sum(M.size for M in (Wq, Wk, Wv, Wo))
    r.figure("parameters (d_model = 16)", params)
    r.check(
        "parameters = 4 d_model^2 for any h (heads split d_model)",
        params == 4 * d * d
        and all(h_ * (3 * d * (d // h_)) + d * d == 4 * d * d for h_ in (1, 2, 4, 8, 16)),
    )

    # No positions: permuting the tokens permutes the outputs (set function).
    P = rng.permutation(n)
    r.check_close(
        "self-attention is permutation-equivariant",
        mha(X[P], Wq, Wk, Wv, Wo, h),
        out[P],
        rtol=0,
        atol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
