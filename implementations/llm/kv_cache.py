"""kv-cache: incremental decoding that stores past keys and values instead of recomputing them.

In a causal Transformer (Vaswani et al. 2017) the key/value of token j never change once
computed, so at generation step t only the new token's q, k, v are needed. Checks: logits
from cached incremental decoding equal a full causal recomputation at every step (written
out in the checks, with an explicit loop over positions), the cached keys and values of every
layer equal those of the full pass, greedy generation produces the same tokens as greedy
decoding by recomputation, a model whose first token dominates attention shows that the
cache really holds all past positions, and the cache holds exactly 2 * n_layers * T * d
numbers (one row per fed token; recomputation would project every prefix again).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["decode_step", "generate"]

DOC_ZH = {
    "decode_step": """带 KV 缓存的单步解码：处理位置 t 的新 token，把它在每层的 k、v 追加到缓存，返回该位置的 logits。

输入：tok，token id；t，位置；params = (E, P, W)：E (V, d) 词嵌入（同时作为输出层），P (Tmax, d) 位置嵌入，W 为每层的 [Wq, Wk, Wv, Wo]（各 (d, d)）；cache，每层一个 (K 列表, V 列表)，就地追加。
每层：q = h Wq，k = h Wk，v = h Wv，h <- h + softmax(K q / sqrt(d)) V Wo（K、V 含本 token）。输入 h = E[tok] + P[t]。
输出：长度 V 的 logits h E^T。

>>> E = np.eye(2); W = [[np.eye(2)] * 4]; cache = [([], [])]
>>> decode_step(0, 0, (E, np.zeros((1, 2)), W), cache).tolist(), len(cache[0][0])
([2.0, 0.0], 1)
""",
    "generate": """用 KV 缓存做贪心生成：先逐个喂入提示词，再每步取 logits 的 argmax 作为下一个 token。

输入：prompt，token id 列表（非空）；n_new，新生成的 token 数；params = (E, P, W)，同 decode_step。
输出：(ids, cache)：ids 为提示词加 n_new 个新 token；cache 为每层的 (K 列表, V 列表)，每个已喂入的 token（即除最后一个外的所有 token）各一行。

>>> E = np.eye(2); W = [[np.zeros((2, 2))] * 4]
>>> ids, cache = generate([1], 2, (E, np.zeros((3, 2)), W))
>>> ids, len(cache[0][0])
([1, 1, 1], 2)
""",
}

HINTS = {
    "en": (
        "Causality means the keys and values of earlier tokens never change: compute them once, "
        "keep them, and at each step work only on the newest token.",
        "Per layer: append k = h Wk and v = h Wv of the new token to that layer's cache, attend "
        "with q = h Wq over all cached rows (the new one included), add the residual. "
        "Generation feeds the prompt one token at a time, then its own argmax.",
    ),
    "zh": (
        "因果性意味着前面 token 的键和值永远不变：算一次、存起来，每步只处理最新的 token。",
        "每层：把新 token 的 k = h Wk、v = h Wv 追加到该层缓存，用 q = h Wq 对全部缓存行（含新行）做注意力，"
        "再加残差。生成时先逐个喂入提示词，再喂入自己的 argmax。",
    ),
}


def softmax(s):
    e = np.exp(s - s.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def init_params(V, d, L, Tmax, rng):
    """n_layers of single-head causal attention + residual, learned positions, tied output."""
    E = rng.standard_normal((V, d)) / np.sqrt(d)
    P = 4 * rng.standard_normal((Tmax, d)) / np.sqrt(d)  # large enough that greedy
    W = [[2 * rng.standard_normal((d, d)) / np.sqrt(d) for _ in range(4)] for _ in range(L)]
    return E, P, W


def decode_step(tok, t, params, cache):
    """One decoding step with a KV cache: process the token at position t, append its k, v
    to every layer's cache, return the logits at that position.

    Input: tok, a token id; t, its position; params = (E, P, W): E (V, d) the embeddings
    (tied output), P (Tmax, d) positions, W a list of [Wq, Wk, Wv, Wo] per layer, each
    (d, d); cache, one (K list, V list) per layer, appended in place. Each layer does
    q = h Wq, k = h Wk, v = h Wv, h <- h + softmax(K q / sqrt(d)) V Wo (K and V include the
    new token), starting from h = E[tok] + P[t]. Output: the V logits h E^T.

    >>> E = np.eye(2); W = [[np.eye(2)] * 4]; cache = [([], [])]
    >>> decode_step(0, 0, (E, np.zeros((1, 2)), W), cache).tolist(), len(cache[0][0])
    ([2.0, 0.0], 1)
    """
    E, P, W = params
    h = E[tok] + P[t]
    for l, (Wq, Wk, Wv, Wo) in enumerate(W):
        q = h @ Wq
        cache[l][0].append(h @ Wk)
        cache[l][1].append(h @ Wv)
        K, Vv = np.array(cache[l][0]), np.array(cache[l][1])
        h = h + softmax(K @ q / np.sqrt(len(Wq))) @ Vv @ Wo
    return h @ E.T


def generate(prompt, n_new, params):
    """Greedy generation with a KV cache: feed the prompt one token at a time, then feed
    back the argmax of each step's logits.

    Input: prompt, a non-empty list of ids; n_new, how many tokens to add; params = (E, P, W)
    as in decode_step. Output: (ids, cache): ids the prompt plus n_new new tokens; cache one
    (K list, V list) per layer with one row per token fed (all tokens but the last).

    >>> E = np.eye(2); W = [[np.zeros((2, 2))] * 4]
    >>> ids, cache = generate([1], 2, (E, np.zeros((3, 2)), W))
    >>> ids, len(cache[0][0])
    ([1, 1, 1], 2)
    """
    cache = [([], []) for _ in params[2]]
    ids = list(prompt)
    for t in range(len(prompt) + n_new - 1):
        lg = decode_step(ids[t], t, params, cache)
        if t >= len(prompt) - 1:  # past the prompt: the prediction becomes the next token
            ids.append(int(np.argmax(lg)))
    return ids, cache


def full_pass(ids, params, counter=None):
    """Reference: recompute the whole prefix, position by position (no matrix masking)."""
    E, P, W = params
    T = len(ids)
    h = np.array([E[i] + P[j] for j, i in enumerate(ids)])
    kvs = []
    for Wq, Wk, Wv, Wo in W:
        k, v = h @ Wk, h @ Wv
        kvs.append((k, v))
        if counter is not None:
            counter[0] += T
        new = h.copy()
        for j in range(T):  # position j sees positions 0..j only
            s = np.array([h[j] @ Wq @ k[i] for i in range(j + 1)]) / np.sqrt(len(Wq))
            a = np.exp(s - s.max()) / np.exp(s - s.max()).sum()
            new[j] = h[j] + sum(a[i] * v[i] for i in range(j + 1)) @ Wo
        h = new
    return h @ E.T, kvs


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("KV cache for autoregressive decoding")
    V, d, L, T = 20, 16, 3, 12
    params = init_params(V, d, L, T, rng)
    prompt = [int(i) for i in rng.integers(0, V, size=4)]

    def greedy(ids, n, counter=None):  # recompute the whole prefix at each step
        ids = list(ids)
        for _ in range(n):
            ids.append(int(full_pass(ids, params, counter)[0][-1].argmax()))
        return ids

    counter = [0]
    ids = greedy(prompt, T - len(prompt), counter)
    kv_full = counter[0]
    ref_logits, ref_kv = full_pass(ids, params)

    with r.case("cached logits == full recomputation at every step") as c:
        cache = [([], []) for _ in range(L)]
        lg = np.array([f.decode_step(tok, t, params, cache) for t, tok in enumerate(ids)])
        c.close(lg, ref_logits, rtol=1e-10, atol=1e-12)
    with r.case("cached keys and values equal those of the full pass, layer by layer") as c:
        for l in range(L):
            c.close(np.array(cache[l][0]), ref_kv[l][0], rtol=1e-10, atol=1e-12)
            c.close(np.array(cache[l][1]), ref_kv[l][1], rtol=1e-10, atol=1e-12)
    with r.case("greedy tokens identical") as c:
        ids2, cache2 = f.generate(prompt, T - len(prompt), params)
        c.equal(list(ids2), ids)
        c.equal(list(f.generate(prompt[:1], 8, params)[0]), greedy(prompt[:1], 8))
        c.equal(list(f.generate(prompt, 0, params)[0]), prompt)

    # One layer whose keys make position 0 win every softmax: the output at step t must carry
    # the value of token 0, so a cache that drops or overwrites old rows is seen.
    with r.case("attention reaches the first cached position") as c:
        E = np.eye(4)
        Wk = np.zeros((4, 4))
        Wk[0, 0] = 50.0  # only token 0 has a large key
        Wq = np.zeros((4, 4))
        Wq[:, 0] = 1.0
        Wv = np.eye(4) * 3
        p1 = (E, np.zeros((5, 4)), [[Wq, Wk, Wv, np.eye(4)]])
        cache = [([], [])]
        out = [f.decode_step(tok, t, p1, cache) for t, tok in enumerate([0, 1, 2, 3])]
        c.close(np.array(out), full_pass([0, 1, 2, 3], p1)[0], rtol=1e-10, atol=1e-12)
        c.true(all(o[0] > 2.5 for o in out[1:]), "token 0's value dominates later steps")

    with r.case("cache size == 2 * n_layers * T_cached * d") as c:
        n_cached = sum(np.array(K).size + np.array(Vv).size for K, Vv in cache2)
        r.figure("numbers held in the cache", n_cached)
        c.equal(n_cached, 2 * L * (T - 1) * d)
        c.equal([len(K) for K, _ in cache2], [T - 1] * L)
    # Recomputation projects every prefix: 4 + 5 + ... + 11 rows per layer, the cache T - 1.
    r.figure("K/V projections: cached vs recompute (per layer)", [T - 1, kv_full // L])
    return r


if __name__ == "__main__":
    main(run)
