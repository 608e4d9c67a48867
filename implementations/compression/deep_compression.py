"""deep-compression: prune, share weights by k-means, then Huffman-code the indices.

Follows Han, Mao & Dally (2016): pruning, trained quantisation (weight sharing) and
Huffman coding applied in sequence to a layer's weights (here a 256 x 256 layer, no
retraining). Storage is counted in bits: Huffman-coded 5-bit cluster indices, sparse
positions as Huffman-coded relative gaps (4-bit gaps; a gap too long for 4 bits inserts a
filler zero), and a float32 codebook. Checks: decoding the bit streams reconstructs the
pruned, shared weight matrix exactly; each stream's size equals the Huffman cost computed
independently as the sum of internal-node weights (so the parts add up to the total); each
Huffman stream lies within [H, H + 1) bits per symbol; and k-means from a linear
initialisation never has larger error than the uniform quantiser it starts from. Weight
sharing is compared with a brute-force Lloyd step from the documented start and with the
nearest-centroid and centroid conditions; the gap stream with the positions it must decode
to and the closed-form number of fillers; the Huffman code with a pairwise prefix test.
"""

from __future__ import annotations

import heapq
from collections import Counter

import numpy as np

from implementations._common import Report, is_prefix_free, main, solution

EXERCISE = ["share_weights", "relative_gaps", "huffman"]

DOC_ZH = {
    "share_weights": """权重共享：对保留下来的权重值做一维 k-means，初始质心为 np.linspace(min, max, K)（线性初始化）。

每次迭代：每个值分到最近的质心，非空单元的质心移到其均值（空单元保持不变）；最后再分配一次。
输入：vals，一维权重值；K，质心数；iters，迭代次数。
输出：(c，K 个质心，idx，每个值的质心编号)。

>>> c, idx = share_weights(np.array([0.0, 0.1, 0.9, 1.0]), 2, 5)
>>> np.round(c, 6).tolist(), idx.tolist()
([0.05, 0.95], [0, 0, 1, 1])
""",
    "relative_gaps": """稀疏位置的相对间隔编码：第一个位置相对 -1 计，之后相对上一个位置；间隔超过
max_gap 时先插入若干个“填充”项（间隔 max_gap，索引 K，表示零权重）。

输入：pos，递增的位置；idx，对应的质心编号；K，填充项使用的索引；max_gap。
输出：(gaps，间隔列表，idx_stream，索引列表，两者等长)。

>>> relative_gaps([2, 20], [5, 7], 32, 15)
([3, 15, 3], [5, 32, 7])
""",
    "huffman": """由频数构造霍夫曼码（反复合并两个频数最小的节点）。

输入：freq，字典 {符号: 频数}；只有一个符号时返回 {符号: "0"}。
输出：字典 {符号: 码字字符串}，前缀码且加权码长最小。

>>> sorted(len(w) for w in huffman({"a": 5, "b": 2, "c": 1, "d": 1}).values())
[1, 2, 3, 3]
""",
}

HINTS = {
    "en": (
        "Three stages, each removing a different redundancy: which weights exist (positions), "
        "which values they take (a small codebook), and how often each symbol occurs (Huffman).",
        "Weight sharing is 1-D k-means from a linear initialisation. Store positions as gaps "
        "from the previous kept weight; a gap longer than max_gap becomes max_gap-sized filler "
        "steps that carry the zero index K. Huffman: merge the two lightest nodes, with an id "
        "to break ties.",
    ),
    "zh": (
        "三个阶段，各去掉一种冗余：哪些权重存在（位置）、它们取哪些值（小码本）、每个符号多常见（霍夫曼）。",
        "权重共享是从线性初始化开始的一维 k-means。位置存成相对上一个保留权重的间隔；超过 max_gap 的间隔"
        "拆成若干个 max_gap 大小、携带零索引 K 的填充步。霍夫曼：合并最轻的两个节点，用编号打破平局。",
    ),
}


def huffman(freq: dict) -> dict:
    """Huffman code from symbol counts (repeatedly merge the two lightest nodes).

    Input: freq, a dict {symbol: count}; a single symbol gets {symbol: "0"}.
    Output: a dict {symbol: codeword string}, prefix-free with the least weighted length.

    >>> sorted(len(w) for w in huffman({"a": 5, "b": 2, "c": 1, "d": 1}).values())
    [1, 2, 3, 3]
    """
    heap = [(f, i, {s: ""}) for i, (s, f) in enumerate(sorted(freq.items()))]
    heapq.heapify(heap)
    uid = len(heap)
    if len(heap) == 1:
        return {s: "0" for s in freq}
    while len(heap) > 1:
        f0, _, c0 = heapq.heappop(heap)
        f1, _, c1 = heapq.heappop(heap)
        heapq.heappush(
            heap,
            (
                f0 + f1,
                uid,
                {s: "0" + w for s, w in c0.items()} | {s: "1" + w for s, w in c1.items()},
            ),
        )
        uid += 1
    return heap[0][2]


def huff_decode(bits: str, code: dict) -> list:
    inv, out, cur = {w: s for s, w in code.items()}, [], ""
    for b in bits:
        cur += b
        if cur in inv:
            out.append(inv[cur])
            cur = ""
    return out


def huffman_cost(freq: dict) -> int:
    """Total Huffman length = sum of the weights of all merged (internal) nodes."""
    h = sorted(freq.values())
    heapq.heapify(h)
    cost = 0
    while len(h) > 1:
        a, b = heapq.heappop(h), heapq.heappop(h)
        cost += a + b
        heapq.heappush(h, a + b)
    return cost


def entropy_bits(symbols) -> float:
    c = np.array(list(Counter(symbols).values()), dtype=float)
    p = c / c.sum()
    return float(-(p * np.log2(p)).sum())


def share_weights(vals, K, iters=30):
    """Weight sharing: 1-D k-means on the kept weight values from the linear initialisation
    np.linspace(min, max, K).

    Each iteration assigns every value to its nearest centroid and moves each non-empty
    cell's centroid to its mean (empty cells keep theirs); a final assignment follows.
    Input: vals, 1-D weight values; K, the number of centroids; iters.
    Output: (c, the K centroids; idx, each value's centroid index).

    >>> c, idx = share_weights(np.array([0.0, 0.1, 0.9, 1.0]), 2, 5)
    >>> np.round(c, 6).tolist(), idx.tolist()
    ([0.05, 0.95], [0, 0, 1, 1])
    """
    c = np.linspace(vals.min(), vals.max(), K)  # linear initialisation
    for _ in range(iters):
        idx = np.abs(vals[:, None] - c).argmin(1)
        n = np.bincount(idx, minlength=K)
        c = np.where(n > 0, np.bincount(idx, weights=vals, minlength=K) / np.maximum(n, 1), c)
    return c, np.abs(vals[:, None] - c).argmin(1)


def relative_gaps(pos, idx, K, max_gap=15):
    """Relative-gap coding of sparse positions: the first gap counts from -1, the others
    from the previous position; a gap longer than max_gap is preceded by filler entries
    (gap max_gap, index K, a zero weight).

    Input: pos, increasing positions; idx, their centroid indices; K, the filler index;
    max_gap. Output: (gaps, idx_stream), two lists of equal length.

    >>> relative_gaps([2, 20], [5, 7], 32, 15)
    ([3, 15, 3], [5, 32, 7])
    """
    gaps, idx_stream, prev = [], [], -1
    for p_, i_ in zip(pos, idx):
        g = p_ - prev
        while g > max_gap:  # filler: jump max_gap, store a zero weight (index K)
            gaps.append(max_gap)
            idx_stream.append(K)
            g -= max_gap
        gaps.append(int(g))
        idx_stream.append(int(i_))
        prev = p_
    return gaps, idx_stream



def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Deep compression: prune + share + Huffman")
    W = rng.laplace(0, 0.05, size=(256, 256)).astype(
        np.float32
    )  # heavy-tailed like trained weights
    flat = W.ravel()
    keep = np.abs(flat) >= np.quantile(np.abs(flat), 0.9)  # 1) prune 90% by magnitude
    pos = np.flatnonzero(keep)
    vals = flat[pos]

    K = 32  # 2) 5-bit weight sharing
    c0 = np.linspace(vals.min(), vals.max(), K)  # the documented linear initialisation
    mse_init = np.mean((vals - c0[np.abs(vals[:, None] - c0).argmin(1)]) ** 2)
    c, idx = c0.copy(), np.zeros(len(vals), int)
    with r.case("one sharing iteration = a brute-force Lloyd step from the linear start") as cc:
        c1, idx1 = f.share_weights(vals, K, 1)
        a0 = np.array([int(np.argmin([abs(v - q) for q in c0])) for v in vals[:500]])
        ref = c0.copy()
        full = np.abs(vals[:, None] - c0).argmin(1)
        for j in range(K):
            if np.any(full == j):
                ref[j] = vals[full == j].mean()
        cc.equal(full[:500], a0)  # the vectorised reference agrees with the loop
        cc.close(c1, ref, rtol=1e-6)
        v4 = np.array([0.0, 0.1, 0.2, 5.0])  # the middle centroid of 3 gets no value
        c4, i4 = f.share_weights(v4, 3, 1)
        cc.close(c4, [0.1, 2.5, 5.0], rtol=1e-12)
    with r.case("k-means error <= the uniform quantiser it starts from") as cc:
        c, idx = f.share_weights(vals, K)
        c, idx = np.asarray(c, dtype=float), np.asarray(idx)
        cc.equal(idx, np.abs(vals[:, None] - c).argmin(1))  # nearest-centroid condition
        cr = c0.copy()
        for _ in range(30):  # the documented default: 30 Lloyd iterations
            a = np.abs(vals[:, None] - cr).argmin(1)
            cr = np.array([vals[a == j].mean() if np.any(a == j) else cr[j] for j in range(K)])
        cc.close(c, cr, rtol=1e-6)
        mse_km = np.mean((vals - c[idx]) ** 2)
        r.figure(
            "shared-weight MSE: uniform (linear init) vs k-means",
            (float(f"{mse_init:.3g}"), float(f"{mse_km:.3g}")),
        )
        cc.true(mse_km <= mse_init and len(c) == K)

    # 3) sparse positions as relative gaps of at most 15 (4 bits); longer gaps get filler entries
    gaps, idx_stream = [], []
    with r.case("gap stream decodes to the kept positions with the fewest fillers") as cc:
        gaps, idx_stream = f.relative_gaps(pos, idx, K)
        gaps, idx_stream = [int(g) for g in gaps], [int(i) for i in idx_stream]
        at, got_pos, got_idx = -1, [], []
        for g, sym in zip(gaps, idx_stream):
            at += g
            if sym != K:
                got_pos.append(at)
                got_idx.append(sym)
        cc.equal(len(gaps), len(idx_stream))
        cc.equal(got_pos, pos.tolist())
        cc.equal(got_idx, idx.tolist())
        cc.true(all(1 <= g <= 15 for g in gaps), "every gap fits 4 bits")
        d = np.diff(np.r_[-1, pos])
        cc.equal(len(gaps) - len(pos), int(np.sum((d - 1) // 15)))  # ceil(d / 15) - 1 each
        g2, s2 = f.relative_gaps([0, 31, 33], [1, 2, 3], 9, max_gap=10)
        cc.equal([list(g2), list(s2)], [[1, 10, 10, 10, 1, 2], [1, 9, 9, 9, 2, 3]])

    code_i, code_g = {}, {}
    with r.case("Huffman codes are prefix-free; one symbol gets one bit") as cc:
        code_i, code_g = f.huffman(Counter(idx_stream)), f.huffman(Counter(gaps))
        cc.true(is_prefix_free(code_i.values()) and is_prefix_free(code_g.values()), "pairwise")
        cc.equal(sorted(code_i), sorted(set(idx_stream)))
        cc.equal(dict(f.huffman({"x": 7})), {"x": "0"})
        cc.equal(sorted(len(w) for w in f.huffman({0: 1, 1: 1, 2: 1, 3: 1}).values()), [2] * 4)
        for fr in ({0: 1, 1: 1, 2: 1, 3: 3}, {0: 1, 1: 1, 2: 1, 3: 1, 4: 2}):  # node-leaf ties
            code = f.huffman(fr)
            cc.equal(sum(fr[s_] * len(w) for s_, w in code.items()), huffman_cost(fr))
    bits_i = "".join(code_i.get(s_, "") for s_ in idx_stream)
    bits_g = "".join(code_g.get(s_, "") for s_ in gaps)
    book_bits = 32 * K
    total = len(bits_i) + len(bits_g) + book_bits

    # decode everything back into a dense matrix
    with r.case("decoded streams rebuild the pruned, shared matrix exactly") as cc:
        gi, ii = huff_decode(bits_g, code_g), huff_decode(bits_i, code_i)
        dense, at = np.zeros(flat.size, dtype=np.float32), -1
        for g, sym in zip(gi, ii):
            at += g
            if sym != K:
                dense[at] = c[sym]
        target = np.zeros(flat.size, dtype=np.float32)
        target[pos] = c[np.abs(vals[:, None] - c).argmin(1)]
        cc.true(len(gi) == len(gaps) > 0 and np.array_equal(dense, target))
    with r.case(
        "stream sizes equal the independent Huffman cost (sum of internal-node weights)"
    ) as cc:
        cc.equal(len(bits_i), huffman_cost(Counter(idx_stream)))
        cc.equal(len(bits_g), huffman_cost(Counter(gaps)))
        cc.true(len(gaps) > 0)
    with r.case("each Huffman stream uses between H and H + 1 bits per symbol") as cc:
        cc.true(
            all(
                entropy_bits(s_) - 1e-12 <= len(b) / len(s_) < entropy_bits(s_) + 1
                for s_, b in ((idx_stream, bits_i), (gaps, bits_g))
            )
        )
    dense_bits = 32 * flat.size
    r.figure(
        "bits: indices, positions, codebook, total", (len(bits_i), len(bits_g), book_bits, total)
    )
    r.figure("bits per kept weight (indices + positions)", (len(bits_i) + len(bits_g)) / len(vals))
    r.figure("compression ratio vs dense float32", dense_bits / total)
    with r.case(
        "ratio exceeds pruning alone with float32 values + 8-bit positions (>= 2x better)"
    ) as cc:
        cc.true(len(bits_i) > 0 and dense_bits / total >= 2 * dense_bits / (len(vals) * (32 + 8)))
    return r


if __name__ == "__main__":
    main(run)
