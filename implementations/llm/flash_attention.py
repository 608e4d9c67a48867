"""flash-attention: exact attention computed tile by tile with an online softmax.

Follows Dao et al. (2022), Algorithm 1: keys/values are processed in blocks while each query
block keeps a running row-max m, running normaliser l and un-normalised output O, rescaling
them when a new block raises the max. The full T x T score matrix is never formed. Checks:
tiled output equals scipy softmax attention (with and without a causal mask, for several tile
sizes, a value width other than d, and cross-attention over a different number of keys), the
largest score tile held is Bq x Bk, the output stays finite for logits ~ 1e3 where a naive exp
overflows, and merging two partial softmax states (either order) is exact.
"""

from __future__ import annotations

import numpy as np
from scipy.special import softmax

from implementations._common import Report, main, solution

EXERCISE = ["flash_attention", "merge_states"]

DOC_ZH = {
    "flash_attention": """分块计算的精确注意力 softmax(Q K^T / sqrt(d)) V（Dao 等人 2022，算法 1）：每个查询块维护行最大值 m、归一化因子 l 和未归一化输出，遇到更大的最大值时重新缩放；从不构造完整的分数矩阵。

输入：Q (Tq, d)，K (Tk, d)，V (Tk, dv)；Bq、Bk，查询块和键块的大小；causal 为 True 时位置 i 只看 j <= i（此时 Tq = Tk）。
输出：(O, peak)：O 为 (Tq, dv) 的注意力输出；peak 为同时持有的最大分数块的元素个数。

>>> O, peak = flash_attention(np.eye(2), np.eye(2), np.array([[1.0], [3.0]]), 1, 1)
>>> O.round(6).tolist(), peak
([[1.660477], [2.339523]], 1)
""",
    "merge_states": """合并两个不相交键集上的在线 softmax 部分状态。

输入：(m1, l1, a1) 与 (m2, l2, a2)：m 为分数最大值，l = sum exp(s - m)，a = sum exp(s - m) v。
输出：(m, l, a)：并集上的状态，m = max(m1, m2)，各部分按 exp(m_i - m) 重新缩放后相加；a / l 即完整的注意力输出。

>>> m, l, a = merge_states(0.0, 1.0, np.array([2.0]), 1.0, 1.0, np.array([4.0]))
>>> round(float(m), 6), round(float(l), 6), a.round(6).tolist()
(1.0, 1.367879, [4.735759])
""",
}

HINTS = {
    "en": (
        "Softmax needs a max and a sum over all keys, but both can be kept as running "
        "statistics and corrected when a later block brings a larger max.",
        "Per query block keep m, l = sum exp(s - m) and acc = sum exp(s - m) v. For a new "
        "block: m' = max(m, rowmax s), rescale l and acc by exp(m - m'), add the block's "
        "exp(s - m') terms; at the end O = acc / l. Merging two states is the same rescaling.",
    ),
    "zh": (
        "softmax 需要所有键上的最大值和求和，但二者都可以作为运行统计量保存，并在后来的块带来更大的最大值时修正。",
        "每个查询块保存 m、l = sum exp(s - m) 与 acc = sum exp(s - m) v。对新块：m' = max(m, 行最大值 s)，"
        "把 l 和 acc 乘以 exp(m - m')，再加上该块的 exp(s - m') 项；最后 O = acc / l。合并两个状态也是同样的缩放。",
    ),
}


def flash_attention(Q, K, V, Bq, Bk, causal=False):
    """Exact attention softmax(Q K^T / sqrt(d)) V computed tile by tile (Dao et al. 2022,
    Alg. 1): each query block keeps a running row max m, normaliser l and un-normalised
    output, rescaled when a block raises the max; the full score matrix is never formed.

    Input: Q (Tq, d), K (Tk, d), V (Tk, dv); Bq, Bk the query and key tile sizes; causal,
    position i sees only j <= i (then Tq = Tk). Output: (O, peak), O the (Tq, dv) output and
    peak the number of entries of the largest score tile held at once.

    >>> O, peak = flash_attention(np.eye(2), np.eye(2), np.array([[1.0], [3.0]]), 1, 1)
    >>> O.round(6).tolist(), peak
    ([[1.660477], [2.339523]], 1)
    """
    T, d = Q.shape
    O = np.zeros((T, V.shape[1]))
    peak = 0
    for i0 in range(0, T, Bq):
        q = Q[i0 : i0 + Bq] / np.sqrt(d)
        m = np.full(len(q), -np.inf)  # running max of each query row
        l = np.zeros(len(q))  # running sum of exp(s - m)
        acc = np.zeros((len(q), V.shape[1]))  # running sum of exp(s - m) v
        for j0 in range(0, len(K), Bk):
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


def merge_states(m1, l1, a1, m2, l2, a2):
    """Merge two online-softmax partial states over disjoint key sets.

    Input: (m1, l1, a1) and (m2, l2, a2): m the max score, l = sum exp(s - m),
    a = sum exp(s - m) v. Output: (m, l, a), the state of the union: m = max(m1, m2) and each
    part rescaled by exp(m_i - m) before adding; a / l is the full attention output.

    >>> m, l, a = merge_states(0.0, 1.0, np.array([2.0]), 1.0, 1.0, np.array([4.0]))
    >>> round(float(m), 6), round(float(l), 6), a.round(6).tolist()
    (1.0, 1.367879, [4.735759])
    """
    m = max(m1, m2)
    c1, c2 = np.exp(m1 - m), np.exp(m2 - m)
    return m, c1 * l1 + c2 * l2, c1 * np.asarray(a1) + c2 * np.asarray(a2)


def softmax_attention(Q, K, V, causal=False):
    """Reference: scipy's softmax over the full score matrix."""
    S = Q @ K.T / np.sqrt(Q.shape[1])
    if causal:
        S = np.where(np.tril(np.ones(S.shape, bool)), S, -np.inf)
    return softmax(S, axis=1) @ V


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("FlashAttention-style tiled attention with online softmax")
    T, d = 50, 8
    Q, K = (rng.standard_normal((T, d)) for _ in range(2))
    V = rng.standard_normal((T, 5))  # value width differs from d
    ref = softmax_attention(Q, K, V)
    with r.case("tiled == naive attention for tile sizes (1,1), (7,5), (16,16), (50,50)") as c:
        worst, peaks = 0.0, []
        for Bq, Bk in [(1, 1), (7, 5), (16, 16), (50, 50)]:
            O, peak = f.flash_attention(Q, K, V, Bq, Bk)
            c.true(np.shape(O) == (T, 5), f"shape {np.shape(O)}")
            worst = max(worst, np.abs(O - ref).max())
            peaks.append(peak)
        c.true(worst < 1e-13, f"max err {worst:.2e}")
    with r.case("largest score tile held is Bq x Bk, never T x T") as c:
        r.figure("largest score tile held, per tile size (naive: T*T = 2500)", peaks)
        c.equal(peaks, [1, 35, 256, 2500])
    with r.case("cross-attention: 50 queries over 37 keys, tiles (8, 6)") as c:
        Kc, Vc = rng.standard_normal((37, d)), rng.standard_normal((37, 3))
        Ox, px = f.flash_attention(Q, Kc, Vc, 8, 6)
        c.close(Ox, softmax_attention(Q, Kc, Vc), rtol=1e-12, atol=1e-13)
        c.equal(px, 48)
    with r.case("causal tiled == causal naive") as c:
        for Bq, Bk in [(8, 6), (1, 1), (5, 50)]:
            Oc, _ = f.flash_attention(Q, K, V, Bq, Bk, causal=True)
            c.close(Oc, softmax_attention(Q, K, V, causal=True), rtol=1e-12, atol=1e-13)
        c.close(Oc[0], V[0], rtol=1e-12)  # the first position sees only itself

    # Huge logits: exp without the max shift overflows, the online version does not.
    Qb = 300 * Q
    with np.errstate(over="ignore", invalid="ignore"):
        S = Qb @ K.T / np.sqrt(d)
        naive_no_shift = (np.exp(S) / np.exp(S).sum(1, keepdims=True)) @ V
    with r.case("logits ~1e3: unshifted softmax gives inf/nan, tiled stays finite and exact") as c:
        Ob, _ = f.flash_attention(Qb, K, V, 8, 8)
        c.true(not np.all(np.isfinite(naive_no_shift)))
        c.close(Ob, softmax_attention(Qb, K, V), atol=1e-12)

    # Merge rule for two partial states (m1,l1,a1) and (m2,l2,a2) over disjoint key sets.
    s = rng.standard_normal(20) * 3
    v = rng.standard_normal((20, 3))

    def state(ss, vv):
        mm = ss.max()
        p = np.exp(ss - mm)
        return mm, p.sum(), p @ vv

    with r.case("merging two partial softmax states == softmax over all keys") as c:
        w = softmax(s)
        for cut in (9, 3, 17):  # the larger max on either side
            m, l, a = f.merge_states(*state(s[:cut], v[:cut]), *state(s[cut:], v[cut:]))
            c.close(np.asarray(a) / l, w @ v, rtol=1e-12)
            c.close(m, s.max(), rtol=0)
            c.close(l, np.exp(s - s.max()).sum(), rtol=1e-12)
            m2, l2, a2 = f.merge_states(*state(s[cut:], v[cut:]), *state(s[:cut], v[:cut]))
            c.close([m2, l2], [m, l], rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
