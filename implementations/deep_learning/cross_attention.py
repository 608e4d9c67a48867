"""cross-attention: queries from one sequence (the decoder), keys and values from another.

Follows Vaswani et al. (2017, sec. 3.2.3, "encoder-decoder attention": queries come from the
previous decoder layer, memory keys and values from the encoder output) and d2l-en ch. 11.
out = softmax(Q K^T / sqrt(d_k)) V with Q = X_dec W_q, K = X_enc W_k, V = X_enc W_v and a
padding mask over encoder positions. Checks: every entry against a per-query loop with
scipy.special.softmax; decoder and encoder lengths may differ; permuting the encoder
positions changes nothing (a set of memories), permuting the queries permutes the rows;
each output row depends on its own query only; masked (padding) positions have exactly no
influence and give the same result as deleting them; and a sharp score scale turns the
weights into a one-hot choice of the best-matching key.
"""

from __future__ import annotations

import numpy as np
from scipy.special import softmax

from implementations._common import Report, main, solution

EXERCISE = ["cross_attention"]

DOC_ZH = {
    "cross_attention": """交叉注意力：查询来自解码器序列，键和值来自编码器序列。

Q = X_dec W_q，K = X_enc W_k，V = X_enc W_v；权重 A = softmax(Q Kᵀ / sqrt(d_k))（对编码器位置归一化）；
输出 A V。kv_mask 为长度 T_enc 的布尔数组，False 表示填充位置，其权重必须为 0；None 表示不屏蔽。
输入：X_dec (T_dec, d)；X_enc (T_enc, d)；W_q、W_k (d, d_k)；W_v (d, d_v)；kv_mask。
输出：(out, A)，out 形状 (T_dec, d_v)，A 形状 (T_dec, T_enc)。

>>> out, A = cross_attention(np.array([[1.0, 0.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]),
...                          np.eye(2), np.eye(2), np.eye(2))
>>> np.round(A, 6).tolist()
[[0.669762, 0.330238]]
""",
}

HINTS = {
    "en": (
        "It is scaled dot-product attention, except that the queries and the keys/values are "
        "projected from two different sequences; the softmax runs over encoder positions.",
        "Q = X_dec Wq, K = X_enc Wk, V = X_enc Wv; S = Q K^T / sqrt(d_k); set S[:, ~mask] = -inf; "
        "A = softmax(S, axis=1); return A V and A.",
    ),
    "zh": (
        "它就是缩放点积注意力，只是查询与键/值由两个不同的序列投影得到；softmax 在编码器位置上做。",
        "Q = X_dec Wq，K = X_enc Wk，V = X_enc Wv；S = Q Kᵀ / sqrt(d_k)；令 S[:, ~mask] = -inf；"
        "A = softmax(S, axis=1)；返回 A V 和 A。",
    ),
}


def cross_attention(X_dec, X_enc, W_q, W_k, W_v, kv_mask=None):
    """Cross-attention: queries from the decoder sequence, keys and values from the encoder.

    Q = X_dec W_q, K = X_enc W_k, V = X_enc W_v; weights A = softmax(Q K^T / sqrt(d_k)) over
    encoder positions; output A V. kv_mask, a boolean array of length T_enc, marks padding
    with False (its weight must be 0); None masks nothing. Input: X_dec (T_dec, d); X_enc
    (T_enc, d); W_q, W_k (d, d_k); W_v (d, d_v). Output: (out, A) with out (T_dec, d_v) and
    A (T_dec, T_enc).

    >>> out, A = cross_attention(np.array([[1.0, 0.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]),
    ...                          np.eye(2), np.eye(2), np.eye(2))
    >>> np.round(A, 6).tolist()
    [[0.669762, 0.330238]]
    """
    Q, K, V = X_dec @ W_q, X_enc @ W_k, X_enc @ W_v
    S = Q @ K.T / np.sqrt(K.shape[1])
    if kv_mask is not None:
        S = np.where(np.asarray(kv_mask)[None, :], S, -np.inf)
    S = S - S.max(axis=1, keepdims=True)
    A = np.exp(S)
    A = A / A.sum(axis=1, keepdims=True)
    return A @ V, A


def _loop(X_dec, X_enc, Wq, Wk, Wv, keep=None):
    keep = np.ones(len(X_enc), bool) if keep is None else keep
    K, V = X_enc[keep] @ Wk, X_enc[keep] @ Wv
    rows = []
    for x in X_dec:
        q = x @ Wq
        w = softmax(np.array([q @ k for k in K]) / np.sqrt(Wk.shape[1]))
        rows.append(sum(wi * v for wi, v in zip(w, V)))
    return np.array(rows)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(4)
    r = Report("Cross-attention (encoder-decoder attention)")
    T_dec, T_enc, d, d_k, d_v = 5, 8, 6, 4, 3
    Xd, Xe = rng.normal(size=(T_dec, d)), rng.normal(size=(T_enc, d))
    Wq, Wk, Wv = rng.normal(size=(d, d_k)), rng.normal(size=(d, d_k)), rng.normal(size=(d, d_v))

    with r.case("matches a per-query loop with scipy softmax (T_dec != T_enc)") as c:
        out, A = f.cross_attention(Xd, Xe, Wq, Wk, Wv)
        c.equal(np.shape(out), (T_dec, d_v))
        c.equal(np.shape(A), (T_dec, T_enc))
        c.close(out, _loop(Xd, Xe, Wq, Wk, Wv), rtol=1e-10)
        c.close(A.sum(axis=1), np.ones(T_dec), rtol=1e-12)
        r.figure("largest attention weight per decoder position", np.round(A.max(axis=1), 4))

    with r.case(
        "permuting encoder positions changes nothing; permuting queries permutes rows"
    ) as c:
        out, _ = f.cross_attention(Xd, Xe, Wq, Wk, Wv)
        pe, pd = rng.permutation(T_enc), rng.permutation(T_dec)
        c.close(f.cross_attention(Xd, Xe[pe], Wq, Wk, Wv)[0], out, rtol=1e-10)
        c.close(f.cross_attention(Xd[pd], Xe, Wq, Wk, Wv)[0], out[pd], rtol=1e-10)

    with r.case("each output row depends on its own query only") as c:
        out, _ = f.cross_attention(Xd, Xe, Wq, Wk, Wv)
        X2 = Xd.copy()
        X2[2] = rng.normal(size=d) * 3
        out2, _ = f.cross_attention(X2, Xe, Wq, Wk, Wv)
        others = [0, 1, 3, 4]
        c.close(out2[others], out[others], rtol=1e-12)
        c.true(np.abs(out2[2] - out[2]).max() > 1e-3, "the changed query's row moves")

    keep = np.array([True] * 5 + [False] * 3)
    with r.case("padding mask: padded positions get weight 0, same as deleting them") as c:
        out, A = f.cross_attention(Xd, Xe, Wq, Wk, Wv, kv_mask=keep)
        c.close(out, _loop(Xd, Xe, Wq, Wk, Wv, keep), rtol=1e-10)
        c.equal(A[:, ~keep], np.zeros((T_dec, 3)))
        c.close(f.cross_attention(Xd, Xe[keep], Wq, Wk, Wv)[0], out, rtol=1e-10)
        Xp = Xe.copy()
        Xp[~keep] = rng.normal(size=(3, d)) * 100
        c.close(f.cross_attention(Xd, Xp, Wq, Wk, Wv, kv_mask=keep)[0], out, rtol=1e-12)

    with r.case("sharp scores: weights become one-hot on the best-matching key") as c:
        _, A = f.cross_attention(Xd, Xe, Wq * 200, Wk, Wv)
        best = np.argmax((Xd @ Wq) @ (Xe @ Wk).T, axis=1)
        c.close(A, np.eye(T_enc)[best], atol=1e-6)

    with r.case("one encoder position: every query reads its value") as c:
        out, A = f.cross_attention(Xd, Xe[:1], Wq, Wk, Wv)
        c.close(out, np.tile(Xe[0] @ Wv, (T_dec, 1)), rtol=1e-12)
        c.close(A, np.ones((T_dec, 1)), rtol=1e-12)

    return r


if __name__ == "__main__":
    main(run)
