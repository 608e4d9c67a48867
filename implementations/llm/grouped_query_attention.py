"""grouped-query-attention: g key/value heads, each shared by a group of h/g query heads.

Follows Ainslie et al. (2023), GQA: grouped-query attention interpolates between multi-head
attention (g = h) and multi-query attention (g = 1); an existing multi-head checkpoint is
converted ("uptrained") by mean-pooling the key and value projection heads of each group.
The KV cache shrinks by h/g. Checks: GQA with g = h equals multi-head attention written as a
per-head loop; with g = 1 it equals MQA (one shared key/value head); for every g it equals
multi-head attention in which query head j uses key/value head j // (h/g); mean-pooling
against a loop, pooling groups of identical heads gives back the original attention exactly,
and the pooled head is the least-squares centre of its group (no other matrix is closer to
the group's heads in summed squared error); the cache shrinks by h/g.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["gqa_attention", "mean_pool_heads"]

DOC_ZH = {
    "gqa_attention": """分组查询注意力（GQA）：g 个键/值头，每个由连续的 h/g 个查询头共享（查询头 j 用键/值头 j // (h/g)）。

输入：X，(T, d)；Wq，(h, d, dk) 查询投影；Wk、Wv，(g, d, dk) 键、值投影，h 能被 g 整除；Wo，(h*dk, d)；
causal，是否用因果掩码。
输出：(T, d)：每个查询头 softmax(Q_j K_{j//(h/g)}^T / sqrt(dk)) V_{j//(h/g)}，按头的顺序拼接后乘 Wo。
g = h 时是多头注意力，g = 1 时是多查询注意力。

>>> X = np.eye(2); Wq = np.zeros((2, 2, 1)); Wk = np.ones((1, 2, 1)); Wv = np.array([[[1.0], [3.0]]])
>>> gqa_attention(X, Wq, Wk, Wv, np.ones((2, 2))).tolist()
[[2.0, 2.0], [4.0, 4.0]]
""",
    "mean_pool_heads": """把多头注意力检查点转成 GQA：对每组连续的 h/g 个键（或值）投影头取平均。

输入：W，(h, d, dk) 的 h 个头的投影；g，组数（h 能被 g 整除）。
输出：(g, d, dk)，第 k 个为头 k*(h/g) .. (k+1)*(h/g)-1 的平均。

>>> mean_pool_heads(np.arange(4.0).reshape(4, 1, 1), 2).ravel().tolist()
[0.5, 2.5]
""",
}

HINTS = {
    "en": (
        "Group the query heads into g consecutive blocks; every head of a block reads the same "
        "keys and values.",
        "For query head j use K = X Wk[j // (h // g)] and V = X Wv[j // (h // g)], then ordinary "
        "scaled dot-product attention and concatenation. Pooling: W.reshape(g, h // g, d, dk)"
        ".mean(axis=1).",
    ),
    "zh": (
        "把查询头分成 g 个连续的块；同一块里的每个头读取相同的键和值。",
        "查询头 j 使用 K = X Wk[j // (h // g)]、V = X Wv[j // (h // g)]，再做普通的缩放点积注意力并拼接。"
        "池化：W.reshape(g, h // g, d, dk).mean(axis=1)。",
    ),
}


def _softmax(S):
    e = np.exp(S - S.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def gqa_attention(X, Wq, Wk, Wv, Wo, causal=True):
    """Grouped-query attention: g key/value heads, each shared by h/g consecutive query heads
    (query head j uses key/value head j // (h/g)).

    Input: X (T, d); Wq (h, d, dk); Wk, Wv (g, d, dk) with h divisible by g; Wo (h*dk, d);
    causal, whether to mask the future. Output: (T, d): every query head computes
    softmax(Q_j K_{j//(h/g)}^T / sqrt(dk)) V_{j//(h/g)}; heads are concatenated in order and
    multiplied by Wo. g = h is multi-head attention, g = 1 multi-query attention.

    >>> X = np.eye(2); Wq = np.zeros((2, 2, 1)); Wk = np.ones((1, 2, 1)); Wv = np.array([[[1.0], [3.0]]])
    >>> gqa_attention(X, Wq, Wk, Wv, np.ones((2, 2))).tolist()
    [[2.0, 2.0], [4.0, 4.0]]
    """
    h, _, dk = Wq.shape
    g = Wk.shape[0]
    T = X.shape[0]
    group = np.arange(h) // (h // g)  # which key/value head each query head reads
    Q = np.einsum("td,hdk->htk", X, Wq)
    K = np.einsum("td,gdk->gtk", X, Wk)[group]
    V = np.einsum("td,gdk->gtk", X, Wv)[group]
    S = Q @ K.transpose(0, 2, 1) / np.sqrt(dk)
    if causal:
        S = np.where(np.triu(np.ones((T, T), dtype=bool), 1), -np.inf, S)
    O = _softmax(S) @ V
    return O.transpose(1, 0, 2).reshape(T, h * dk) @ Wo


def mean_pool_heads(W, g):
    """Convert a multi-head checkpoint to GQA: average each group of h/g consecutive key (or
    value) projection heads.

    Input: W (h, d, dk), the h heads' projections; g the number of groups (h divisible by g).
    Output: (g, d, dk), entry k the mean of heads k*(h/g) .. (k+1)*(h/g)-1.

    >>> mean_pool_heads(np.arange(4.0).reshape(4, 1, 1), 2).ravel().tolist()
    [0.5, 2.5]
    """
    h, d, dk = W.shape
    return W.reshape(g, h // g, d, dk).mean(axis=1)


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
    R = Report("Grouped-query attention")
    T, d, h, dk = 6, 8, 8, 2
    X = rng.normal(size=(T, d))
    Wq = rng.normal(size=(h, d, dk))
    Wk_h, Wv_h = rng.normal(size=(h, d, dk)), rng.normal(size=(h, d, dk))
    Wo = rng.normal(size=(h * dk, d))

    with R.case("g = h: GQA is multi-head attention") as c:
        for causal in (True, False):
            c.close(
                f.gqa_attention(X, Wq, Wk_h, Wv_h, Wo, causal),
                mha_reference(X, Wq, Wk_h, Wv_h, Wo, causal),
                rtol=1e-10,
                atol=1e-12,
            )

    def mqa_reference(X, Wq, Wk, Wv, Wo):  # one shared key/value head, causal
        T, dk = X.shape[0], Wq.shape[2]
        K, V = X @ Wk, X @ Wv
        out = []
        for i in range(Wq.shape[0]):
            S = (X @ Wq[i]) @ K.T / np.sqrt(dk) + np.triu(np.full((T, T), -np.inf), 1)
            P = np.exp(S - S.max(1, keepdims=True))
            out.append(P / P.sum(1, keepdims=True) @ V)
        return np.concatenate(out, axis=1) @ Wo

    with R.case("g = 1: GQA is multi-query attention") as c:
        Wk1, Wv1 = rng.normal(size=(1, d, dk)), rng.normal(size=(1, d, dk))
        c.close(
            f.gqa_attention(X, Wq, Wk1, Wv1, Wo),
            mqa_reference(X, Wq, Wk1[0], Wv1[0], Wo),
            rtol=1e-10,
            atol=1e-12,
        )

    with R.case("g = 2, 4: query head j reads key/value head j // (h/g)") as c:
        for g in (2, 4):
            Wk, Wv = rng.normal(size=(g, d, dk)), rng.normal(size=(g, d, dk))
            rep = [j * g // h for j in range(h)]
            c.close(
                f.gqa_attention(X, Wq, Wk, Wv, Wo, True),
                mha_reference(X, Wq, Wk[rep], Wv[rep], Wo, True),
                rtol=1e-10,
                atol=1e-12,
            )
        Wq6, Wo6 = rng.normal(size=(6, d, dk)), rng.normal(size=(6 * dk, d))
        Wk3, Wv3 = rng.normal(size=(3, d, dk)), rng.normal(size=(3, d, dk))
        c.close(
            f.gqa_attention(X, Wq6, Wk3, Wv3, Wo6, False),
            mha_reference(X, Wq6, Wk3[[0, 0, 1, 1, 2, 2]], Wv3[[0, 0, 1, 1, 2, 2]], Wo6, False),
            rtol=1e-10,
            atol=1e-12,
        )

    with R.case("mean-pooling heads equals the group-by-group average") as c:
        for g in (1, 2, 4, 8):
            want = np.stack(
                [sum(Wk_h[k * (h // g) + i] for i in range(h // g)) / (h // g) for k in range(g)]
            )
            c.close(f.mean_pool_heads(Wk_h, g), want, rtol=1e-12)
        c.close(f.mean_pool_heads(Wk_h[:6], 3), (Wk_h[0:6:2] + Wk_h[1:6:2]) / 2, rtol=1e-12)

    with R.case("pooling groups of identical heads gives back the original attention") as c:
        for g in (2, 4):
            base_k, base_v = rng.normal(size=(g, d, dk)), rng.normal(size=(g, d, dk))
            rep = np.repeat(np.arange(g), h // g)
            Y_mha = mha_reference(X, Wq, base_k[rep], base_v[rep], Wo, True)
            Y = f.gqa_attention(
                X, Wq, f.mean_pool_heads(base_k[rep], g), f.mean_pool_heads(base_v[rep], g), Wo
            )
            c.close(Y, Y_mha, rtol=1e-10, atol=1e-12)

    with R.case("the pooled head is the least-squares centre of its group") as c:
        P = f.mean_pool_heads(Wk_h, 2)

        def sse(M, k):
            return sum(np.sum((Wk_h[k * 4 + i] - M) ** 2) for i in range(4))

        for k in range(2):
            c.true(
                all(
                    sse(P[k], k) < sse(P[k] + 0.01 * rng.normal(size=(d, dk)), k) for _ in range(10)
                ),
                "no perturbation is closer",
            )
            c.true(
                sse(P[k], k) < min(sse(Wk_h[k * 4 + i], k) for i in range(4)),
                "closer than keeping any one head",
            )

    R.figure(
        "cached numbers per layer for T tokens, g = 8, 4, 2, 1",
        [2 * T * g * dk for g in (8, 4, 2, 1)],
    )
    with R.case("pooling distinct heads changes the output (hence uptraining)") as c:
        Y_pool = f.gqa_attention(X, Wq, f.mean_pool_heads(Wk_h, 2), f.mean_pool_heads(Wv_h, 2), Wo)
        Y_mha = mha_reference(X, Wq, Wk_h, Wv_h, Wo, True)
        err = float(np.linalg.norm(Y_pool - Y_mha) / np.linalg.norm(Y_mha))
        c.true(err > 1e-3, f"relative change {err:.3f}")
        R.figure(
            "relative output change after pooling random heads to g = 2 (no uptraining)",
            round(err, 4),
        )
    return R


if __name__ == "__main__":
    main(run)
