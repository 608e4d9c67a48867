"""multi-head-attention: h attention heads on learned projections, concatenated and mixed by W_O.

Follows Vaswani et al. (2017), Sec. 3.2.2: MultiHead(Q,K,V) = Concat(head_1..head_h) W_O with
head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V), d_k = d_model / h (d2l 11.5). Checks compare with
an independent reference written as explicit loops over heads, queries and keys (scores scaled by
1/sqrt(d_k), softmax over the keys): the softmax against its closed form (including huge logits
and a non-square array), attention with more keys than queries and a batch (head) axis, the
batched reshape implementation against the loop for h = 4, 2 and 1, the head count mattering
(h = 2 and h = 4 give different outputs), and permutation equivariance of self-attention without
positions.
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["softmax", "attention", "mha"]

DOC_ZH = {
    "softmax": """沿最后一个轴的 softmax：softmax(s)_j = exp(s_j) / Σ_k exp(s_k)。

输入：S，任意形状的数组（最后一个轴是被归一化的轴）。
输出：与 S 同形状的数组，沿最后一个轴每一行非负且和为 1。
即使 S 中有很大的数（如 1000）也不能溢出：先减去每行的最大值。

>>> softmax(np.array([0.0, np.log(3.0)])).round(6).tolist()
[0.25, 0.75]
""",
    "attention": """缩放点积注意力 softmax(Q K^T / sqrt(d_k)) V。

输入：Q，形状 (..., n, d_k)；K，形状 (..., m, d_k)；V，形状 (..., m, d_v)；
前面的轴（如头的轴）是批量轴。
输出：形状 (..., n, d_v) 的数组；softmax 沿键的轴（长度 m）归一化。

>>> attention(np.ones((1, 4)), np.array([[1.0, 1, 1, 1], [0, 0, 0, 0]]), np.array([[1.0], [0.0]])).round(6).tolist()
[[0.880797]]
""",
    "mha": """多头自注意力：MultiHead(X) = Concat(head_1, ..., head_h) W_O，
head_i = Attention(X W_q[:, 块 i], X W_k[:, 块 i], X W_v[:, 块 i])，每块 d/h 列。

输入：X，形状 (n, d)；Wq、Wk、Wv、Wo，形状 (d, d)；h，头数（整除 d）。
输出：形状 (n, d) 的数组。每个头的缩放用自己的维度 d_k = d/h。

>>> mha(np.eye(2), np.eye(2), np.eye(2), np.eye(2), np.eye(2), 2).round(6).tolist()
[[0.731059, 0.5], [0.5, 0.731059]]
""",
}

HINTS = {
    "en": (
        "Project once with the full d x d matrices, then view the feature axis as h blocks of "
        "d/h columns: each block is one head.",
        "Reshape (n, d) -> (n, h, d/h) and move the head axis first, run batched attention "
        "(scale 1/sqrt(d/h), softmax over the keys), then undo the reshape and multiply by W_O.",
    ),
    "zh": (
        "先用完整的 d x d 矩阵做一次投影，再把特征轴看成 h 个各 d/h 列的块：每块就是一个头。",
        "把 (n, d) 变形为 (n, h, d/h) 并把头的轴移到最前，做批量注意力（缩放 1/sqrt(d/h)，"
        "softmax 沿键的轴），再变形回去并乘以 W_O。",
    ),
}


def softmax(S):
    """Softmax along the last axis: softmax(s)_j = exp(s_j) / sum_k exp(s_k).

    Input: S, an array of any shape (the last axis is normalised). Output: an array of the same
    shape whose rows along the last axis are non-negative and sum to 1. Must not overflow for
    huge entries (e.g. 1000): subtract each row's maximum first.

    >>> softmax(np.array([0.0, np.log(3.0)])).round(6).tolist()
    [0.25, 0.75]
    """
    S = S - S.max(-1, keepdims=True)
    E = np.exp(S)
    return E / E.sum(-1, keepdims=True)


def attention(Q, K, V):
    """Scaled dot-product attention softmax(Q K^T / sqrt(d_k)) V.

    Input: Q of shape (..., n, d_k), K of shape (..., m, d_k), V of shape (..., m, d_v); the
    leading axes (e.g. heads) are batch axes. Output: an array of shape (..., n, d_v); the
    softmax normalises over the keys (the axis of length m).

    >>> attention(np.ones((1, 4)), np.array([[1.0, 1, 1, 1], [0, 0, 0, 0]]), np.array([[1.0], [0.0]])).round(6).tolist()
    [[0.880797]]
    """
    return softmax(Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])) @ V


def mha(X, Wq, Wk, Wv, Wo, h):
    """Multi-head self-attention Concat(head_1..head_h) W_O, head_i on column block i.

    head_i = Attention(X Wq[:, block i], X Wk[:, block i], X Wv[:, block i]), blocks of d/h
    columns. Input: X of shape (n, d); Wq, Wk, Wv, Wo of shape (d, d); h, the number of heads
    (dividing d). Output: an array of shape (n, d). Each head scales by its own d_k = d/h.

    >>> mha(np.eye(2), np.eye(2), np.eye(2), np.eye(2), np.eye(2), 2).round(6).tolist()
    [[0.731059, 0.5], [0.5, 0.731059]]
    """
    # One big projection, then split the feature axis into h heads: (n, d) -> (h, n, d/h).
    n, d = X.shape
    split = lambda M: M.reshape(n, h, d // h).transpose(1, 0, 2)
    heads = attention(split(X @ Wq), split(X @ Wk), split(X @ Wv))  # (h, n, d/h)
    return heads.transpose(1, 0, 2).reshape(n, d) @ Wo


def _attend_loop(q, K, V):
    # One query against all keys, in plain Python: scores / sqrt(d_k), softmax over the keys.
    dk = len(q)
    s = [sum(q[c] * K[b][c] for c in range(dk)) / math.sqrt(dk) for b in range(len(K))]
    mx = max(s)
    w = [math.exp(x - mx) for x in s]
    Z = sum(w)
    return [sum(w[b] / Z * V[b][c] for b in range(len(K))) for c in range(len(V[0]))]


def _mha_loop(X, Wq, Wk, Wv, Wo, h):
    # Reference: loop over heads and queries, each head on its own column block.
    n, d = X.shape
    dk = d // h
    Q, K, V = (X @ W for W in (Wq, Wk, Wv))
    cat = np.zeros((n, d))
    for i in range(h):
        cols = slice(i * dk, (i + 1) * dk)
        Kc, Vc = K[:, cols].tolist(), V[:, cols].tolist()
        for a in range(n):
            cat[a, cols] = _attend_loop(Q[a, cols].tolist(), Kc, Vc)
    return cat @ Wo


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Multi-head attention")
    n, d, h = 6, 16, 4
    X = rng.normal(size=(n, d))
    Wq, Wk, Wv, Wo = (rng.normal(size=(d, d)) for _ in range(4))  # unscaled: peaked weights

    with r.case("softmax equals exp / sum along the last axis (3 x 5, huge logits)") as c:
        S = rng.normal(size=(3, 5)) * 3
        S[1] += 1000.0  # must not overflow
        S[2, :2] = 1000.0  # a tie at the top
        ref = np.array([[math.exp(x - max(row)) / sum(math.exp(y - max(row)) for y in row)
                         for x in row] for row in S.tolist()])
        c.close(f.softmax(S), ref, rtol=1e-12, atol=1e-15)

    with r.case("attention equals the loop reference (4 queries, 7 keys, 2 heads)") as c:
        Q, K, V = rng.normal(size=(2, 4, 3)), rng.normal(size=(2, 7, 3)), rng.normal(size=(2, 7, 5))
        Q *= 2.0  # logits large enough that the 1/sqrt(d_k) scale matters
        ref = np.array([[_attend_loop(q, K[b].tolist(), V[b].tolist()) for q in Q[b].tolist()]
                        for b in range(2)])
        c.close(f.attention(Q, K, V), ref, rtol=0, atol=1e-12)

    with r.case("batched heads equal h independent heads, concatenated") as c:
        out = f.mha(X, Wq, Wk, Wv, Wo, h)
        c.close(out, _mha_loop(X, Wq, Wk, Wv, Wo, h), rtol=0, atol=1e-10)

    with r.case("h = 2 heads (d_k = 8) equal the loop reference") as c:
        c.close(f.mha(X, Wq, Wk, Wv, Wo, 2), _mha_loop(X, Wq, Wk, Wv, Wo, 2), rtol=0, atol=1e-10)

    with r.case("h = 1 reduces to single-head attention") as c:
        c.close(f.mha(X, Wq, Wk, Wv, Wo, 1), _mha_loop(X, Wq, Wk, Wv, Wo, 1), rtol=0, atol=1e-10)

    with r.case("the number of heads changes the output (h = 2 vs h = 4)") as c:
        gap = np.abs(f.mha(X, Wq, Wk, Wv, Wo, 2) - f.mha(X, Wq, Wk, Wv, Wo, 4)).max()
        r.figure("max |MHA(h=2) - MHA(h=4)|", float(gap))
        c.true(gap > 1e-3, f"max difference {gap:.3g}")

    # No positions: permuting the tokens permutes the outputs (set function).
    with r.case("self-attention is permutation-equivariant") as c:
        P = rng.permutation(n)
        out = f.mha(X, Wq, Wk, Wv, Wo, h)
        c.close(f.mha(X[P], Wq, Wk, Wv, Wo, h), out[P], rtol=0, atol=1e-10)
        c.true(np.abs(out - out.mean(0)).max() > 1e-3, "outputs differ between tokens")
    r.figure("parameters (d_model = 16, any h)", 4 * d * d)
    return r


if __name__ == "__main__":
    main(run)
