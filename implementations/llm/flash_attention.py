"""flash-attention: exact attention computed tile by tile with an online softmax.

Follows Dao et al. (2022), Algorithm 1: keys/values are processed in blocks while each query
block keeps a running row-max m, running normaliser l and un-normalised output O, rescaling
them when a new block raises the max. The full T x T score matrix is never formed. Checks:
tiled output equals naive softmax attention (with and without a causal mask, for several tile
sizes), stays finite for logits ~ 1e3 where a naive exp overflows, and merging two partial
softmax states is exact.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def naive_attention(Q, K, V, causal=False):
    S = Q @ K.T / np.sqrt(Q.shape[1])
    if causal:
        S = np.where(np.tril(np.ones(S.shape, bool)), S, -np.inf)
    P = np.exp(S - S.max(1, keepdims=True))
    return (P / P.sum(1, keepdims=True)) @ V


def flash_attention(Q, K, V, Bq, Bk, causal=False):
    T, d = Q.shape
    O = np.zeros_like(Q)
    peak = 0
    for i0 in range(0, T, Bq):
        q = Q[i0 : i0 + Bq] / np.sqrt(d)
        m = np.full(len(q), -np.inf)  # running max of each query row
        l = np.zeros(len(q))  # running sum of exp(s - m)
        acc = np.zeros((len(q), V.shape[1]))  # running sum of exp(s - m) v
        for j0 in range(0, T, Bk):
            if causal and j0 > i0 + len(q) - 1:
                break  # whole tile is in the future
            s = q @ K[j0 : j0 + Bk].T  # only a Bq x Bk tile of scores
            if causal:
                qi, kj = np.arange(i0, i0 + len(q))[:, None], np.arange(j0, j0 + s.shape[1])[None]
                s = np.where(kj <= qi, s, -np.inf)
            peak = max(peak, s.size)
            m_new = np.maximum(m, s.max(1))
            scale = np.exp(m - m_new)  # rescale old statistics to the new max
            p = np.exp(s - m_new[:, None])
            l = scale * l + p.sum(1)
            acc = scale[:, None] * acc + p @ V[j0 : j0 + Bk]
            m = m_new
        O[i0 : i0 + Bq] = acc / l[:, None]
    return O, peak


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("FlashAttention-style tiled attention with online softmax")
    T, d = 50, 8
    Q, K, V = (rng.standard_normal((T, d)) for _ in range(3))
    ref = naive_attention(Q, K, V)
    worst, peaks = 0.0, []
    for Bq, Bk in [(1, 1), (7, 5), (16, 16), (50, 50)]:
        O, peak = flash_attention(Q, K, V, Bq, Bk)
        worst = max(worst, np.abs(O - ref).max())
        peaks.append(peak)
    r.check(
        "tiled == naive attention for tile sizes (1,1), (7,5), (16,16), (50,50)",
        worst < 1e-13,
        f"max err {worst:.2e}",
    )
    r.figure("largest score tile held, per tile size (naive: T*T = 2500)", peaks)
    Oc, _ = flash_attention(Q, K, V, 8, 6, causal=True)
    r.check_close(
        "causal tiled == causal naive",
        Oc,
        naive_attention(Q, K, V, causal=True),
        rtol=1e-12,
        atol=1e-13,
    )

    # Huge logits: exp without the max shift overflows, the online version does not.
    Qb = 300 * Q
    with np.errstate(over="ignore", invalid="ignore"):
        S = Qb @ K.T / np.sqrt(d)
        naive_no_shift = (np.exp(S) / np.exp(S).sum(1, keepdims=True)) @ V
    Ob, _ = flash_attention(Qb, K, V, 8, 8)
    r.check(
        "logits ~1e3: unshifted softmax gives inf/nan, tiled stays finite and exact",
        not np.all(np.isfinite(naive_no_shift))
        and np.allclose(Ob, naive_attention(Qb, K, V), atol=1e-12),
    )

    # Merge rule for two partial states (m1,l1,a1) and (m2,l2,a2) over disjoint key sets.
    s = rng.standard_normal(20) * 3
    v = rng.standard_normal((20, 3))

    def state(ss, vv):
        mm = ss.max()
        p = np.exp(ss - mm)
        return mm, p.sum(), p @ vv

    m1, l1, a1 = state(s[:9], v[:9])
    m2, l2, a2 = state(s[9:], v[9:])
    m = max(m1, m2)
    merged = (np.exp(m1 - m) * a1 + np.exp(m2 - m) * a2) / (
        np.exp(m1 - m) * l1 + np.exp(m2 - m) * l2
    )
    w = np.exp(s - s.max())
    w /= w.sum()
    r.check_close(
        "merging two partial softmax states == softmax over all keys", merged, w @ v, rtol=1e-12
    )
    return r


if __name__ == "__main__":
    main(run)
