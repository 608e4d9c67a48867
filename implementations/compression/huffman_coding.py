"""huffman-coding: the optimal prefix code, built by merging the two least likely symbols.

Follows Huffman (1952) and MacKay ITILA ch 5 / Cover & Thomas ch 5. Checks: the Huffman
tree is full (Kraft sum exactly 1); H <= L < H + 1; on random 5-symbol sources its expected
length equals the minimum over every Kraft-feasible length vector (brute force); and a
random message encodes and decodes back exactly.
"""

from __future__ import annotations

import heapq
import itertools

import numpy as np

from implementations._common import Report, main


def huffman_code(p) -> dict[int, str]:
    # heap of (probability, tie-break id, {symbol: partial codeword})
    heap = [(float(pi), i, {i: ""}) for i, pi in enumerate(p)]
    heapq.heapify(heap)
    uid = len(p)
    while len(heap) > 1:
        p0, _, c0 = heapq.heappop(heap)
        p1, _, c1 = heapq.heappop(heap)
        merged = {s: "0" + w for s, w in c0.items()} | {s: "1" + w for s, w in c1.items()}
        heapq.heappush(heap, (p0 + p1, uid, merged))
        uid += 1
    return heap[0][2]


def encode(msg, code) -> str:
    return "".join(code[s] for s in msg)


def decode(bits: str, code) -> list[int]:
    inv, out, cur = {w: s for s, w in code.items()}, [], ""
    for b in bits:
        cur += b
        if cur in inv:  # prefix-free: the first match is the symbol
            out.append(inv[cur])
            cur = ""
    return out


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Huffman coding")
    p = np.array([0.4, 0.2, 0.2, 0.1, 0.05, 0.05])
    code = huffman_code(p)
    lengths = np.array([len(code[i]) for i in range(len(p))])
    H = float(-(p * np.log2(p)).sum())
    L = float(p @ lengths)
    r.figure("code", {i: code[i] for i in range(len(p))})
    r.figure("H bits", H)
    r.figure("expected length", L)
    r.check_close(
        "Kraft sum is exactly 1 (full binary tree)", np.sum(2.0**-lengths), 1.0, rtol=1e-12
    )
    r.check("H <= L < H + 1", H <= L < H + 1, f"H={H:.4f} L={L:.4f}")

    # Optimality against brute force over all length vectors satisfying Kraft.
    grid = np.array(list(itertools.product(range(1, 6), repeat=5)))
    feasible = grid[(2.0**-grid).sum(axis=1) <= 1 + 1e-12]
    gaps = []
    for _ in range(30):
        q = rng.dirichlet(np.ones(5) * 0.7)
        cq = huffman_code(q)
        Lh = sum(q[s] * len(w) for s, w in cq.items())
        gaps.append(Lh - float((feasible @ q).min()))
    r.figure("max (Huffman - brute-force optimum) over 30 sources", max(gaps))
    r.check(
        "Huffman matches the brute-force optimum on 30 random sources",
        max(abs(g) for g in gaps) < 1e-12,
    )

    msg = list(rng.choice(len(p), size=2000, p=p))
    bits = encode(msg, code)
    r.check("decode(encode(msg)) == msg", decode(bits, code) == msg)
    r.figure("bits per symbol on a 2000-symbol message", len(bits) / len(msg))
    r.check(
        "empirical rate within 0.05 of the expected length",
        abs(len(bits) / len(msg) - L) < 0.05,
        f"{len(bits) / len(msg):.4f} vs {L:.4f}",
    )
    return r


if __name__ == "__main__":
    main(run)
