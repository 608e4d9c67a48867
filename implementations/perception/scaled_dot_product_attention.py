"""scaled-dot-product-attention: softmax(Q K^T / sqrt(d_k)) V, with an optional causal mask.

Follows Vaswani et al. (2017), Sec. 3.2.1 (and its footnote: for independent unit-variance
components q.k has variance d_k, hence the 1/sqrt(d_k) scale); d2l 11.3. Checks compare with an
explicit double loop in plain Python (outputs and weights, 5 queries against 7 keys), rows of the
weight matrix summing to 1, a zero query giving uniform weights, the closed form
log(a_j / a_0) = (q.k_j - q.k_0) / sqrt(d) of the weights at d = 128, huge logits (no overflow),
and the causal mask against a loop over each query's prefix of keys (lower-triangular weights,
outputs ignoring future values).
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["attention"]

DOC_ZH = {
    "attention": """缩放点积注意力：A = softmax(Q K^T / sqrt(d))（每行对键归一化），输出 A V。

输入：Q，形状 (n, d)；K，形状 (m, d)；V，形状 (m, d_v)；causal 为 True 时
第 i 个查询只能看位置 j <= i 的键（需 n <= m 的自注意力场景，掩码为下三角）。
输出：(A V, A)，形状分别为 (n, d_v) 和 (n, m)。logits 很大时也不能溢出。

>>> out, A = attention(np.ones((1, 4)), np.array([[1.0, 1, 1, 1], [0, 0, 0, 0]]), np.array([[1.0], [0.0]]))
>>> out.round(6).tolist(), A.round(6).tolist()
([[0.880797]], [[0.880797, 0.119203]])
""",
}

HINTS = {
    "en": (
        "Compare every query with every key in one matrix product, turn each row of scores "
        "into a distribution, and average the values with it.",
        "S = Q K^T / sqrt(d); for causal, set S[i, j] = -inf where j > i; subtract each row's "
        "max, exponentiate, divide by the row sum (axis 1), and return (A V, A).",
    ),
    "zh": (
        "用一次矩阵乘法把每个查询和每个键比较，把每行分数变成分布，再用它对值加权平均。",
        "S = Q K^T / sqrt(d)；causal 时把 j > i 的 S[i, j] 设为 -inf；每行减去最大值、取指数、"
        "除以行和（axis 1），返回 (A V, A)。",
    ),
}


def attention(Q, K, V, causal=False):
    """Scaled dot-product attention: A = softmax(Q K^T / sqrt(d)) row by row, output A V.

    Input: Q of shape (n, d), K of shape (m, d), V of shape (m, d_v); with causal=True query i
    sees only keys j <= i (a lower-triangular mask). Output: (A V, A) of shapes (n, d_v) and
    (n, m). Must not overflow for huge logits.

    >>> out, A = attention(np.ones((1, 4)), np.array([[1.0, 1, 1, 1], [0, 0, 0, 0]]), np.array([[1.0], [0.0]]))
    >>> out.round(6).tolist(), A.round(6).tolist()
    ([[0.880797]], [[0.880797, 0.119203]])
    """
    d = Q.shape[-1]
    S = Q @ K.T / np.sqrt(d)
    if causal:  # position i may only look at j <= i
        S = np.where(np.tril(np.ones(S.shape, bool)), S, -np.inf)
    S = S - S.max(axis=1, keepdims=True)  # stable softmax
    A = np.exp(S)
    A /= A.sum(axis=1, keepdims=True)
    return A @ V, A


def _attention_loop(Q, K, V, causal=False):
    # Reference in plain Python: for each query, scores over its keys, softmax, weighted sum.
    Q, K, V = Q.tolist(), K.tolist(), V.tolist()
    d, outs, weights = len(Q[0]), [], []
    for i, q in enumerate(Q):
        keys = range(i + 1) if causal else range(len(K))
        s = [sum(q[t] * K[j][t] for t in range(d)) / math.sqrt(d) for j in keys]
        e = [math.exp(x - max(s)) for x in s]
        w = [x / sum(e) for x in e] + [0.0] * (len(K) - len(s))
        weights.append(w)
        outs.append([sum(w[j] * V[j][c] for j in range(len(K))) for c in range(len(V[0]))])
    return np.array(outs), np.array(weights)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Scaled dot-product attention")
    n, m, d, dv = 5, 7, 8, 3
    Q, K, V = 1.5 * rng.normal(size=(n, d)), rng.normal(size=(m, d)), rng.normal(size=(m, dv))
    out_ref, A_ref = _attention_loop(Q, K, V)

    with r.case("matrix form equals the explicit loop") as c:
        out, A = f.attention(Q, K, V)
        c.close(out, out_ref, rtol=0, atol=1e-12)
        c.close(A, A_ref, rtol=0, atol=1e-12)

    with r.case("each row of weights sums to 1") as c:
        _, A = f.attention(Q, K, V)
        c.close(A.sum(axis=1), np.ones(n), rtol=0, atol=1e-12)

    with r.case("a zero query weights every key equally") as c:
        out, A = f.attention(np.zeros((1, d)), K, V)
        c.close(A, np.full((1, m), 1 / m), rtol=1e-12)
        c.close(out, V.mean(0, keepdims=True), rtol=1e-12)

    # Why sqrt(d): with unit-variance entries, Var(q.k) = d; dividing by sqrt(d) restores 1.
    D = 128
    q, k = rng.normal(size=(8000, D)), rng.normal(size=(8000, D))
    r.figure("Var(q.k), d = 128", np.einsum("ij,ij->i", q, k).var())
    Qb, Kb = rng.normal(size=(1, D)), rng.normal(size=(64, D))
    with r.case("weights follow log(a_j / a_0) = (q.k_j - q.k_0) / sqrt(d) at d = 128") as c:
        _, A_scaled = f.attention(Qb, Kb, Kb)
        dots = np.array([sum(a * b for a, b in zip(Qb[0], kj)) for kj in Kb])
        c.close(np.log(A_scaled[0] / A_scaled[0, 0]), (dots - dots[0]) / math.sqrt(D),
                rtol=0, atol=1e-9)
        r.figure("max weight over 64 keys, scaled logits", A_scaled.max())
    # Unscaled logits saturate the softmax: weights collapse onto one key.
    unscaled = np.exp(Qb @ Kb.T - (Qb @ Kb.T).max())
    r.figure("max weight over 64 keys, unscaled logits", (unscaled / unscaled.sum()).max())

    with r.case("huge logits do not overflow") as c:
        Kh = np.array([[1000.0, 0], [999.0, 0], [0, 0]])
        _, A = f.attention(np.array([[2.0, 0.0]]), Kh, np.eye(3))
        e = np.exp([0.0, -math.sqrt(2.0), -2000 / math.sqrt(2.0)])
        c.close(A, [e / e.sum()], rtol=1e-12)

    # Causal mask: query i attends to keys 0..i only.
    X = rng.normal(size=(6, 4))
    with r.case("causal weights equal a loop over each prefix (lower-triangular)") as c:
        out1, A1 = f.attention(X, X, X, causal=True)
        ref_out, ref_A = _attention_loop(X, X, X, causal=True)
        c.close(A1, ref_A, rtol=0, atol=1e-12)
        c.close(out1, ref_out, rtol=0, atol=1e-12)

    with r.case("causal: outputs at positions < 4 ignore positions >= 4") as c:
        out1, _ = f.attention(X, X, X, causal=True)
        X2 = X.copy()
        X2[4:] += 10.0
        out2, _ = f.attention(X2, X2, X2, causal=True)
        c.close(out2[:4], out1[:4], rtol=0, atol=1e-12)
        c.true(np.abs(out2[4:] - out1[4:]).max() > 1.0, "later positions do change")
    return r


if __name__ == "__main__":
    main(run)
