"""multi-query-attention: every query head shares one key head and one value head.

Follows Shazeer (2019), "Fast Transformer Decoding: One Write-Head is All You Need": keys and
values are shared across the h attention heads, so incremental decoding loads and caches h
times fewer key/value numbers, with only a minor loss of quality. Per layer and token the KV
cache holds 2 d_head numbers instead of 2 h d_head. Checks: MQA equals multi-head attention
(an explicit per-head loop written here) whose h key and value projections are all the same
matrix; it is causal (changing future tokens leaves earlier outputs unchanged); decoding one
token at a time from a cache of past keys and values reproduces the full forward pass, with a
cache of t x d_head keys (not h x t x d_head); and the cache-size formula against a count of the
arrays a decoder actually keeps, MHA / MQA = h.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["mqa_attention", "mqa_decode", "kv_cache_numbers"]

DOC_ZH = {
    "mqa_attention": """多查询注意力（MQA）：h 个查询头共享同一组键投影和值投影。

输入：X，(T, d) 的输入；Wq，(h, d, dk) 每个头的查询投影；Wk、Wv，(d, dk) 所有头共享的键、值投影；
Wo，(h*dk, d) 输出投影；causal，是否使用因果掩码（位置 t 只看 0..t）。
输出：(T, d)。对每个头 i：softmax(Q_i K^T / sqrt(dk)) V，K = X Wk，V = X Wv；按头的顺序拼接后乘 Wo。

>>> X = np.eye(2); Wq = np.zeros((2, 2, 1)); Wk = np.ones((2, 1)); Wv = np.array([[1.0], [3.0]])
>>> mqa_attention(X, Wq, Wk, Wv, np.ones((2, 2))).tolist()
[[2.0, 2.0], [4.0, 4.0]]
""",
    "mqa_decode": """用 KV 缓存逐词元解码 MQA：第 t 步只为 X[t] 计算 q、k、v，把 k、v 追加到缓存，再对缓存做注意力。

输入：与 mqa_attention 相同（X 的各行依次到达，使用因果注意力）。
输出：(Y, cache_shape)：Y 为 (T, d)，应与 mqa_attention(..., causal=True) 相同；cache_shape 为最后键缓存的形状 (T, dk)。

>>> X = np.eye(2); Wq = np.zeros((2, 2, 1)); Wk = np.ones((2, 1)); Wv = np.array([[1.0], [3.0]])
>>> Y, shape = mqa_decode(X, Wq, Wk, Wv, np.ones((2, 2))); Y.tolist(), shape
([[2.0, 2.0], [4.0, 4.0]], (2, 1))
""",
    "kv_cache_numbers": """一条序列的 KV 缓存要存多少个数：2（键和值）× 层数 × 词元数 × 键值头数 × 每头维度。

输入：layers；tokens；kv_heads（MHA 为 h，MQA 为 1）；d_head。
输出：整数。

>>> kv_cache_numbers(32, 4096, 1, 128)
33554432
""",
}

HINTS = {
    "en": (
        "Compute K = X Wk and V = X Wv once; only the queries differ between heads.",
        "Q_i = X Wq[i]; S_i = Q_i K^T / sqrt(dk), masked above the diagonal when causal; "
        "O_i = softmax(S_i) V; concatenate O_0..O_{h-1} along features and multiply by Wo. "
        "Decoding keeps K, V of shape (t, dk): one key per past token, shared by every head.",
    ),
    "zh": (
        "K = X Wk 和 V = X Wv 只算一次；各头之间只有查询不同。",
        "Q_i = X Wq[i]；S_i = Q_i K^T / sqrt(dk)，因果时把对角线以上置为 -inf；O_i = softmax(S_i) V；"
        "把 O_0..O_{h-1} 沿特征维拼接后乘 Wo。解码时缓存形状为 (t, dk) 的 K、V：每个过去词元一个键，所有头共享。",
    ),
}


def _softmax(S):
    e = np.exp(S - S.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def mqa_attention(X, Wq, Wk, Wv, Wo, causal=True):
    """Multi-query attention: h query heads share one key projection and one value projection.

    Input: X (T, d); Wq (h, d, dk) per-head query projections; Wk, Wv (d, dk) shared by all
    heads; Wo (h*dk, d); causal, whether position t sees only 0..t.
    Output: (T, d). Head i is softmax(Q_i K^T / sqrt(dk)) V with K = X Wk, V = X Wv; heads are
    concatenated in order and multiplied by Wo.

    >>> X = np.eye(2); Wq = np.zeros((2, 2, 1)); Wk = np.ones((2, 1)); Wv = np.array([[1.0], [3.0]])
    >>> mqa_attention(X, Wq, Wk, Wv, np.ones((2, 2))).tolist()
    [[2.0, 2.0], [4.0, 4.0]]
    """
    h, _, dk = Wq.shape
    T = X.shape[0]
    Q = np.einsum("td,hdk->htk", X, Wq)
    K, V = X @ Wk, X @ Wv  # one key head and one value head
    S = Q @ K.T / np.sqrt(dk)  # (h, T, T)
    if causal:
        S = np.where(np.triu(np.ones((T, T), dtype=bool), 1), -np.inf, S)
    O = _softmax(S) @ V  # (h, T, dk)
    return O.transpose(1, 0, 2).reshape(T, h * dk) @ Wo


def mqa_decode(X, Wq, Wk, Wv, Wo):
    """Decode MQA one token at a time with a KV cache: at step t compute q, k, v for X[t] only,
    append k and v to the cache, and attend over the cache.

    Input: as mqa_attention (rows of X arrive in order; attention is causal).
    Output: (Y, cache_shape): Y (T, d), equal to mqa_attention(..., causal=True); cache_shape
    the final shape (T, dk) of the key cache.

    >>> X = np.eye(2); Wq = np.zeros((2, 2, 1)); Wk = np.ones((2, 1)); Wv = np.array([[1.0], [3.0]])
    >>> Y, shape = mqa_decode(X, Wq, Wk, Wv, np.ones((2, 2))); Y.tolist(), shape
    ([[2.0, 2.0], [4.0, 4.0]], (2, 1))
    """
    h, _, dk = Wq.shape
    Kc = np.zeros((0, dk))
    Vc = np.zeros((0, dk))
    out = []
    for x in X:
        Kc = np.vstack([Kc, x @ Wk])
        Vc = np.vstack([Vc, x @ Wv])
        q = np.einsum("d,hdk->hk", x, Wq)  # (h, dk)
        P = _softmax(q @ Kc.T / np.sqrt(dk))  # (h, t)
        out.append((P @ Vc).reshape(h * dk) @ Wo)
    return np.array(out), Kc.shape


def kv_cache_numbers(layers, tokens, kv_heads, d_head):
    """How many numbers one sequence's KV cache holds: 2 (keys and values) x layers x tokens x
    key/value heads x head width.

    Input: layers; tokens; kv_heads (h for MHA, 1 for MQA); d_head. Output: an int.

    >>> kv_cache_numbers(32, 4096, 1, 128)
    33554432
    """
    return 2 * layers * tokens * kv_heads * d_head


def mha_reference(X, Wq, Wk_heads, Wv_heads, Wo, causal):
    """Multi-head attention as explicit loops over heads, queries and keys."""
    h, _, dk = Wq.shape
    T = X.shape[0]
    heads = []
    for i in range(h):
        Q, K, V = X @ Wq[i], X @ Wk_heads[i], X @ Wv_heads[i]
        O = np.zeros((T, dk))
        for t in range(T):
            keys = range(t + 1) if causal else range(T)
            s = np.array([Q[t] @ K[j] / np.sqrt(dk) for j in keys])
            w = np.exp(s - s.max())
            w /= w.sum()
            O[t] = sum(wj * V[j] for wj, j in zip(w, keys))
        heads.append(O)
    return np.concatenate(heads, axis=1) @ Wo


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Multi-query attention")
    T, d, h, dk = 7, 8, 4, 3
    X = rng.normal(size=(T, d))
    Wq = rng.normal(size=(h, d, dk))
    Wk, Wv = rng.normal(size=(d, dk)), rng.normal(size=(d, dk))
    Wo = rng.normal(size=(h * dk, d))
    shared_k, shared_v = np.stack([Wk] * h), np.stack([Wv] * h)

    with R.case("MQA = multi-head attention whose h key/value projections are identical") as c:
        for causal in (True, False):
            c.close(
                f.mqa_attention(X, Wq, Wk, Wv, Wo, causal),
                mha_reference(X, Wq, shared_k, shared_v, Wo, causal),
                rtol=1e-10,
                atol=1e-12,
            )
        c.close(
            f.mqa_attention(X, Wq, Wk, Wv, Wo),
            mha_reference(X, Wq, shared_k, shared_v, Wo, True),
            rtol=1e-10,
            atol=1e-12,
        )
        X2, Wq2, Wo2 = rng.normal(size=(5, 6)), rng.normal(size=(2, 6, 5)), rng.normal(size=(10, 6))
        Wk2, Wv2 = rng.normal(size=(6, 5)), rng.normal(size=(6, 5))
        c.close(
            f.mqa_attention(X2, Wq2, Wk2, Wv2, Wo2, False),
            mha_reference(X2, Wq2, np.stack([Wk2] * 2), np.stack([Wv2] * 2), Wo2, False),
            rtol=1e-10,
            atol=1e-12,
        )

    with R.case("causal: changing future tokens leaves earlier outputs unchanged") as c:
        Y = f.mqa_attention(X, Wq, Wk, Wv, Wo, True)
        Xf = X.copy()
        Xf[4:] = rng.normal(size=(T - 4, d))
        c.close(f.mqa_attention(Xf, Wq, Wk, Wv, Wo, True)[:4], Y[:4], rtol=1e-12)
        c.true(
            not np.allclose(f.mqa_attention(Xf, Wq, Wk, Wv, Wo, False)[:4], Y[:4]),
            "without the mask the past does see the future",
        )

    with R.case("decoding from a cache reproduces the full pass; the cache is t x d_head") as c:
        Yd, shape = f.mqa_decode(X, Wq, Wk, Wv, Wo)
        c.close(Yd, mha_reference(X, Wq, shared_k, shared_v, Wo, True), rtol=1e-10, atol=1e-12)
        c.equal(tuple(shape), (T, dk))

    def counted(layers, tokens, kv_heads, dh):  # the arrays a decoder keeps, counted
        cache = [
            (np.zeros((kv_heads, tokens, dh)), np.zeros((kv_heads, tokens, dh)))
            for _ in range(layers)
        ]
        return sum(k.size + v.size for k, v in cache)

    with R.case("KV-cache size formula = count of the cached arrays; MHA / MQA = h") as c:
        for cfg in ((2, 5, 4, 3), (3, 7, 1, 8), (1, 1, 6, 2)):
            c.equal(f.kv_cache_numbers(*cfg), counted(*cfg))
        mha = f.kv_cache_numbers(32, 4096, 32, 128)
        mqa = f.kv_cache_numbers(32, 4096, 1, 128)
        c.equal(mha // mqa, 32)
        R.figure(
            "fp16 KV cache, 32 layers x 32 heads x 128, 4096 tokens: MHA | MQA (MiB)",
            [mha * 2 / 2**20, mqa * 2 / 2**20],
        )
    return R


if __name__ == "__main__":
    main(run)
