"""causal-masking: self-attention in which position t may only look at positions <= t.

Follows Vaswani et al. (2017, sec. 3.2.3: in decoder self-attention illegal, leftward
connections are masked out by setting their scores to -inf before the softmax) and d2l-en
ch. 11 (the Transformer decoder). Checks: the mask is the lower triangle (brute-force i >= j,
T(T+1)/2 allowed pairs); every output row equals attention of that query over its prefix only,
computed with scipy.special.softmax; changing future tokens leaves all earlier outputs
unchanged; the first position can only read its own value; the weights above the diagonal
are exactly 0 and each row sums to 1; one masked pass over the whole sequence equals T separate
passes over the prefixes, which is why a decoder trains on every position at once.
"""

from __future__ import annotations

import numpy as np
from scipy.special import softmax

from implementations._common import Report, main, solution

EXERCISE = ["causal_mask", "causal_self_attention"]

DOC_ZH = {
    "causal_mask": """因果掩码：形状 (T, T) 的布尔矩阵，M[i, j] 为 True 当且仅当 j <= i（位置 i 可以看位置 j）。

输入：T，序列长度。输出：布尔数组 (T, T)。

>>> causal_mask(3).astype(int).tolist()
[[1, 0, 0], [1, 1, 0], [1, 1, 1]]
""",
    "causal_self_attention": """带因果掩码的自注意力：Q = X W_q，K = X W_k，V = X W_v；
得分 S = Q Kᵀ / sqrt(d_k)，被掩码的位置（j > i）置为 -inf，再按行做 softmax 得到 A；输出 A V。
输入：X (T, d)；W_q、W_k (d, d_k)；W_v (d, d_v)。输出：(out, A)，out 形状 (T, d_v)，A 形状 (T, T)。

>>> out, A = causal_self_attention(np.array([[1.0], [2.0]]), np.eye(1), np.eye(1), np.eye(1))
>>> np.round(A, 6).tolist()
[[1.0, 0.0], [0.119203, 0.880797]]
""",
}

HINTS = {
    "en": (
        "Build the attention scores as usual, then forbid every pair whose key comes after its "
        "query before taking the softmax.",
        "M = tril(ones((T, T))) as booleans; S = Q K^T / sqrt(d_k); S[~M] = -inf; A = softmax "
        "over each row; out = A V. Row 0 can then only attend to itself.",
    ),
    "zh": (
        "照常计算注意力得分，然后在 softmax 之前禁止所有“键在查询之后”的位置对。",
        "M = tril(ones((T, T)))（布尔型）；S = Q Kᵀ / sqrt(d_k)；S[~M] = -inf；对每一行做 softmax 得 A；out = A V。"
        "这样第 0 行只能关注它自己。",
    ),
}


def causal_mask(T):
    """Causal mask: a boolean (T, T) array with M[i, j] True exactly when j <= i.

    Input: T, the sequence length. Output: a boolean array (T, T); position i may attend to j.

    >>> causal_mask(3).astype(int).tolist()
    [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
    """
    idx = np.arange(T)
    return idx[None, :] <= idx[:, None]


def causal_self_attention(X, W_q, W_k, W_v):
    """Self-attention under a causal mask.

    Q = X W_q, K = X W_k, V = X W_v; scores S = Q K^T / sqrt(d_k) with the masked pairs
    (j > i) set to -inf before a row softmax gives A; output A V. Input: X (T, d); W_q, W_k
    (d, d_k); W_v (d, d_v). Output: (out, A) with out (T, d_v) and A (T, T).

    >>> out, A = causal_self_attention(np.array([[1.0], [2.0]]), np.eye(1), np.eye(1), np.eye(1))
    >>> np.round(A, 6).tolist()
    [[1.0, 0.0], [0.119203, 0.880797]]
    """
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    S = Q @ K.T / np.sqrt(K.shape[1])
    S = np.where(causal_mask(len(X)), S, -np.inf)
    A = np.exp(S - S.max(axis=1, keepdims=True))
    A = A / A.sum(axis=1, keepdims=True)
    return A @ V, A


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(5)
    r = Report("Causal masking in self-attention")
    T, d, d_k, d_v = 7, 5, 4, 3
    X = rng.normal(size=(T, d))
    Wq, Wk, Wv = rng.normal(size=(d, d_k)), rng.normal(size=(d, d_k)), rng.normal(size=(d, d_v))

    with r.case("mask is the lower triangle: M[i, j] = (j <= i)") as c:
        for n in (1, 2, 6):
            M = np.asarray(f.causal_mask(n))
            c.equal(M.astype(bool), np.array([[j <= i for j in range(n)] for i in range(n)]))
            c.equal(int(M.astype(bool).sum()), n * (n + 1) // 2)

    with r.case("row t = attention of query t over the prefix 0..t only (scipy softmax)") as c:
        out, A = f.causal_self_attention(X, Wq, Wk, Wv)
        Q, K, V = X @ Wq, X @ Wk, X @ Wv
        ref = np.array([softmax(K[: t + 1] @ Q[t] / np.sqrt(d_k)) @ V[: t + 1] for t in range(T)])
        c.equal(np.shape(out), (T, d_v))
        c.close(out, ref, rtol=1e-10)

    with r.case("weights: exactly 0 above the diagonal, each row sums to 1") as c:
        _, A = f.causal_self_attention(X, Wq, Wk, Wv)
        c.equal(A[np.triu_indices(T, 1)], np.zeros(T * (T - 1) // 2))
        c.close(A.sum(axis=1), np.ones(T), rtol=1e-12)
        c.true(np.all(A[np.tril_indices(T)] > 0), "every allowed pair has positive weight")

    with r.case("huge scores stay finite: one-hot on the best key of each prefix") as c:
        _, A = f.causal_self_attention(X * 30, Wq, Wk, Wv)
        S = (X * 30 @ Wq) @ (X * 30 @ Wk).T
        best = [int(np.argmax(S[t, : t + 1])) for t in range(T)]
        c.true(np.all(np.isfinite(A)), "no overflow (subtract the row maximum)")
        c.close(A, np.eye(T)[best], atol=1e-9)

    with r.case("the first position reads only its own value") as c:
        out, _ = f.causal_self_attention(X, Wq, Wk, Wv)
        c.close(out[0], X[0] @ Wv, rtol=1e-12)

    with r.case("changing future tokens leaves every earlier output unchanged") as c:
        out, _ = f.causal_self_attention(X, Wq, Wk, Wv)
        for t in (0, 3, 5):
            X2 = X.copy()
            X2[t + 1 :] = rng.normal(size=(T - t - 1, d)) * 5
            out2, _ = f.causal_self_attention(X2, Wq, Wk, Wv)
            c.close(out2[: t + 1], out[: t + 1], rtol=1e-12)
            c.true(np.abs(out2[t + 1 :] - out[t + 1 :]).max() > 1e-3, "later outputs do change")

    with r.case("one masked pass = T passes over the prefixes (parallel training)") as c:
        out, _ = f.causal_self_attention(X, Wq, Wk, Wv)
        for t in range(T):
            c.close(f.causal_self_attention(X[: t + 1], Wq, Wk, Wv)[0][-1], out[t], rtol=1e-10)

    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    full = softmax(Q @ K.T / np.sqrt(d_k), axis=1) @ V
    r.figure(
        "position 0 without the mask would move by", round(float(np.abs(full[0] - V[0]).max()), 4)
    )
    return r


if __name__ == "__main__":
    main(run)
