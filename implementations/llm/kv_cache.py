"""kv-cache: incremental decoding that stores past keys and values instead of recomputing them.

In a causal Transformer (Vaswani et al. 2017) the key/value of token j never change once
computed, so at generation step t only the new token's q, k, v are needed. Checks: logits
from cached incremental decoding equal full recomputation at every step, greedy generation
produces the same tokens, the cache holds exactly 2 * n_layers * T * d numbers, and the number
of per-token K/V projections drops from the sum of all prefix lengths (quadratic in T) to T.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def softmax(s):
    e = np.exp(s - s.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


class TinyLM:
    """n_layers of single-head causal attention + residual, learned positions, tied output."""

    def __init__(self, V, d, L, Tmax, rng):
        self.E = rng.standard_normal((V, d)) / np.sqrt(d)
        self.P = rng.standard_normal((Tmax, d)) / np.sqrt(d)
        self.W = [[rng.standard_normal((d, d)) / np.sqrt(d) for _ in range(4)] for _ in range(L)]
        self.kv_rows = 0  # how many token K/V projections were computed

    def full(self, ids):
        """Recompute everything for the whole prefix; return logits of the last position."""
        h = self.E[ids] + self.P[: len(ids)]
        T = len(ids)
        for Wq, Wk, Wv, Wo in self.W:
            q, k, v = h @ Wq, h @ Wk, h @ Wv
            self.kv_rows += T
            s = np.where(np.tril(np.ones((T, T), bool)), q @ k.T / np.sqrt(len(Wq)), -np.inf)
            h = h + softmax(s) @ v @ Wo
        return h[-1] @ self.E.T

    def step(self, tok, t, cache):
        """Process one new token at position t, appending its k, v to the per-layer cache."""
        h = self.E[tok] + self.P[t]
        for l, (Wq, Wk, Wv, Wo) in enumerate(self.W):
            q = h @ Wq
            cache[l][0].append(h @ Wk)
            cache[l][1].append(h @ Wv)
            self.kv_rows += 1
            K, Vv = np.array(cache[l][0]), np.array(cache[l][1])
            h = h + softmax(K @ q / np.sqrt(len(Wq))) @ Vv @ Wo
        return h @ self.E.T


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("KV cache for autoregressive decoding")
    V, d, L, T = 20, 16, 3, 12
    m = TinyLM(V, d, L, T, rng)
    prompt = [int(i) for i in rng.integers(0, V, size=4)]

    # Greedy generation, recomputing the whole prefix each step.
    ids, full_logits = list(prompt), []
    for t in range(len(prompt) - 1, T - 1):
        lg = m.full(np.array(ids[: t + 1]))
        full_logits.append(lg)
        if t + 1 >= len(ids):
            ids.append(int(lg.argmax()))
    kv_full, m.kv_rows = m.kv_rows, 0

    # Same generation with a cache: feed the prompt token by token, then one token per step.
    cache = [([], []) for _ in range(L)]
    ids2, cached_logits = list(prompt), []
    for t in range(T - 1):
        lg = m.step(ids2[t], t, cache)
        if t >= len(prompt) - 1:
            cached_logits.append(lg)
            if t + 1 >= len(ids2):
                ids2.append(int(lg.argmax()))
    r.check_close(
        "cached logits == full recomputation at every step",
        np.array(cached_logits),
        np.array(full_logits),
        rtol=1e-12,
        atol=1e-12,
    )
    r.check("greedy tokens identical", ids == ids2, f"{ids}")

    n_cached = sum(np.array(K).size + np.array(Vv).size for K, Vv in cache)
    r.figure("numbers held in the cache", n_cached)
    r.check("cache size == 2 * n_layers * T_cached * d", n_cached == 2 * L * (T - 1) * d)
    r.figure("K/V projections: cached vs recompute (per layer)", [m.kv_rows // L, kv_full // L])
    n = T - 1
    r.check(
        "projections: n with cache, sum of prefix lengths without",
        m.kv_rows == L * n and kv_full == L * sum(range(len(prompt), T)),
        f"{m.kv_rows} vs {kv_full}",
    )
    return r


if __name__ == "__main__":
    main(run)
