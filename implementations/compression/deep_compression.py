"""deep-compression: prune, share weights by k-means, then Huffman-code the indices.

Follows Han, Mao & Dally (2016): pruning, trained quantisation (weight sharing) and
Huffman coding applied in sequence to a layer's weights (here a 256 x 256 layer, no
retraining). Storage is counted in bits: Huffman-coded 5-bit cluster indices, sparse
positions as Huffman-coded relative gaps (4-bit gaps; a gap too long for 4 bits inserts a
filler zero), and a float32 codebook. Checks: decoding the bit streams reconstructs the
pruned, shared weight matrix exactly; each stream's size equals the Huffman cost computed
independently as the sum of internal-node weights (so the parts add up to the total); each
Huffman stream lies within [H, H + 1) bits per symbol; and k-means from a linear
initialisation never has larger error than the uniform quantiser it starts from.
"""

from __future__ import annotations

import heapq
from collections import Counter

import numpy as np

from implementations._common import Report, main


def huffman(freq: dict) -> dict:
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


def run() -> Report:
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
    c = np.linspace(vals.min(), vals.max(), K)  # linear initialisation
    mse_init = np.mean((vals - c[np.abs(vals[:, None] - c).argmin(1)]) ** 2)
    for _ in range(30):
        idx = np.abs(vals[:, None] - c).argmin(1)
        n = np.bincount(idx, minlength=K)
        c = np.where(n > 0, np.bincount(idx, weights=vals, minlength=K) / np.maximum(n, 1), c)
    idx = np.abs(vals[:, None] - c).argmin(1)
    mse_km = np.mean((vals - c[idx]) ** 2)
    r.figure(
        "shared-weight MSE: uniform (linear init) vs k-means",
        (float(f"{mse_init:.3g}"), float(f"{mse_km:.3g}")),
    )
    r.check("k-means error <= the uniform quantiser it starts from", mse_km <= mse_init)

    # 3) sparse positions as relative gaps of at most 15 (4 bits); longer gaps get filler entries
    gaps, idx_stream, prev = [], [], -1
    for p_, i_ in zip(pos, idx):
        g = p_ - prev
        while g > 15:  # filler: jump 15, store a zero weight (index K)
            gaps.append(15)
            idx_stream.append(K)
            g -= 15
        gaps.append(int(g))
        idx_stream.append(int(i_))
        prev = p_
    code_i, code_g = huffman(Counter(idx_stream)), huffman(Counter(gaps))
    bits_i = "".join(code_i[s] for s in idx_stream)
    bits_g = "".join(code_g[s] for s in gaps)
    book_bits = 32 * K
    total = len(bits_i) + len(bits_g) + book_bits

    # decode everything back into a dense matrix
    gi, ii = huff_decode(bits_g, code_g), huff_decode(bits_i, code_i)
    dense, at = np.zeros(flat.size, dtype=np.float32), -1
    for g, s in zip(gi, ii):
        at += g
        if s != K:
            dense[at] = c[s]
    target = np.zeros(flat.size, dtype=np.float32)
    target[pos] = c[idx]
    r.check(
        "decoded streams rebuild the pruned, shared matrix exactly", np.array_equal(dense, target)
    )
    r.check(
        "stream sizes equal the independent Huffman cost (sum of internal-node weights)",
        len(bits_i) == huffman_cost(Counter(idx_stream))
        and len(bits_g) == huffman_cost(Counter(gaps)),
    )
    ok = all(
        entropy_bits(s) - 1e-12 <= len(b) / len(s) < entropy_bits(s) + 1
        for s, b in ((idx_stream, bits_i), (gaps, bits_g))
    )
    r.check("each Huffman stream uses between H and H + 1 bits per symbol", ok)
    dense_bits = 32 * flat.size
    r.figure(
        "bits: indices, positions, codebook, total", (len(bits_i), len(bits_g), book_bits, total)
    )
    r.figure("bits per kept weight (indices + positions)", (len(bits_i) + len(bits_g)) / len(vals))
    r.figure("compression ratio vs dense float32", dense_bits / total)
    r.check(
        "ratio exceeds pruning alone with float32 values + 8-bit positions (>= 2x better)",
        dense_bits / total >= 2 * dense_bits / (len(vals) * (32 + 8)),
    )
    return r


if __name__ == "__main__":
    main(run)
