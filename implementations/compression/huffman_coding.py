"""huffman-coding: the optimal prefix code, built by merging the two least likely symbols.

Follows Huffman (1952) and MacKay ITILA ch 5 / Cover & Thomas ch 5. Checks: the code is
prefix-free (every pair of codewords compared) and its tree is full (Kraft sum exactly 1);
H <= L < H + 1; a dyadic source gets lengths exactly -log2 p; on random 5-symbol sources
(and one with a zero-probability symbol) its expected length equals the minimum over every
Kraft-feasible length vector (brute force); encoding equals the concatenated codewords and
decoding inverts it on a random message.
"""

from __future__ import annotations

import heapq
import itertools

import numpy as np

from implementations._common import Report, is_prefix_free, main, solution

EXERCISE = ["huffman_code", "encode", "decode"]

DOC_ZH = {
    "huffman_code": """构造霍夫曼码：反复合并概率最小的两个节点，左支加 "0"，右支加 "1"。

输入：p，n >= 2 个符号的概率（一维数组）。
输出：字典 {符号下标: 码字字符串}；码是前缀码，期望码长在所有前缀码中最小。

>>> sorted(len(w) for w in huffman_code([0.5, 0.25, 0.25]).values())
[1, 2, 2]
""",
    "encode": """用码表把消息编码成比特串：依次拼接各符号的码字。

输入：msg，符号下标序列；code，{符号: 码字}。
输出：一个由 "0"、"1" 组成的字符串。

>>> encode([0, 1, 0], {0: "0", 1: "10"})
'0100'
""",
    "decode": """把前缀码编出的比特串解码回符号序列。

输入：bits，"0"/"1" 字符串；code，{符号: 码字}（前缀码）。
输出：符号下标列表。前缀码保证读到第一个完整码字即可输出该符号。

>>> decode("0100", {0: "0", 1: "10"})
[0, 1, 0]
""",
}

HINTS = {
    "en": (
        "Keep a priority queue of subtrees keyed by total probability; the two lightest "
        "subtrees become siblings.",
        "Pop the two smallest, prefix '0' to every codeword of one and '1' to the other, push "
        "the merged subtree with the summed probability; a tie-break id keeps the heap from "
        "comparing dicts. Decoding reads bits until the buffer is a codeword.",
    ),
    "zh": (
        "用优先队列保存子树，以总概率为键；最轻的两棵子树成为兄弟。",
        "弹出最小的两个，一个的码字前加 '0'，另一个加 '1'，以概率之和压回合并后的子树；"
        "用一个编号打破平局，避免堆去比较字典。解码时逐位读入，缓冲区成为码字就输出。",
    ),
}


def huffman_code(p) -> dict[int, str]:
    """Build a Huffman code: repeatedly merge the two least likely nodes, "0" to one branch
    and "1" to the other.

    Input: p, the probabilities of n >= 2 symbols (1-D array). Output: a dict {symbol
    index: codeword string}; the code is prefix-free and its expected length is the
    smallest of all prefix codes.

    >>> sorted(len(w) for w in huffman_code([0.5, 0.25, 0.25]).values())
    [1, 2, 2]
    """
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
    """Encode a message with a code table: concatenate the symbols' codewords.

    Input: msg, a sequence of symbol indices; code, {symbol: codeword}. Output: a string of
    "0" and "1".

    >>> encode([0, 1, 0], {0: "0", 1: "10"})
    '0100'
    """
    return "".join(code[s] for s in msg)


def decode(bits: str, code) -> list[int]:
    """Decode a bit string written with a prefix code back into symbols.

    Input: bits, a "0"/"1" string; code, {symbol: codeword} (prefix-free). Output: the list
    of symbol indices; with a prefix code the first complete codeword read is the symbol.

    >>> decode("0100", {0: "0", 1: "10"})
    [0, 1, 0]
    """
    inv, out, cur = {w: s for s, w in code.items()}, [], ""
    for b in bits:
        cur += b
        if cur in inv:  # prefix-free: the first match is the symbol
            out.append(inv[cur])
            cur = ""
    return out



def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Huffman coding")
    p = np.array([0.4, 0.2, 0.2, 0.1, 0.05, 0.05])
    grid = np.array(list(itertools.product(range(1, 6), repeat=5)))
    feasible = grid[(2.0**-grid).sum(axis=1) <= 1 + 1e-12]
    H = float(-(p * np.log2(p)).sum())
    code, L = {}, np.nan
    with r.case("code is prefix-free with one binary codeword per symbol") as c:
        code = f.huffman_code(p)
        c.equal(sorted(code), list(range(len(p))))
        c.true(all(set(w) <= {"0", "1"} and w for w in code.values()), "binary, non-empty")
        c.true(is_prefix_free(code.values()), "pairwise prefix test")
        lengths = np.array([len(code[i]) for i in range(len(p))])
        L = float(p @ lengths)
        r.figure("code", {i: code[i] for i in range(len(p))})
        r.figure("H bits", H)
        r.figure("expected length", L)
    with r.case("Kraft sum is exactly 1 (full binary tree)") as c:
        c.close(np.sum(2.0 ** -np.array([len(code[i]) for i in range(len(p))])), 1.0, rtol=1e-12)
    with r.case("H <= L < H + 1") as c:
        c.true(H <= L < H + 1, f"H={H:.4f} L={L:.4f}")
    with r.case("optimal expected length on the 6-symbol source (brute force)") as c:
        g6 = np.array(list(itertools.product(range(1, 7), repeat=6)))
        g6 = g6[(2.0**-g6).sum(axis=1) <= 1 + 1e-12]
        c.close(L, float((g6 @ p).min()), rtol=1e-12)  # 2.3 bits
    with r.case("dyadic source: lengths are exactly -log2 p") as c:
        q = np.array([0.125, 0.5, 0.0625, 0.25, 0.0625])
        cq = f.huffman_code(q)
        c.equal([len(cq[i]) for i in range(5)], [3, 1, 4, 2, 4])
        c.true(is_prefix_free(cq.values()), "pairwise prefix test")
    with r.case("uniform sources (all ties): lengths floor/ceil of log2 n") as c:
        for n in range(3, 13):
            cu = f.huffman_code(np.full(n, 1 / n))
            k = int(np.floor(np.log2(n)))
            short = 2 ** (k + 1) - n  # a complete tree: this many words of length k
            want = sorted([k] * short + [k + 1] * (n - short)) if short < n else [k] * n
            c.equal(sorted(len(w) for w in cu.values()), want)
            c.true(is_prefix_free(cu.values()), f"n={n}: prefix-free")
    with r.case("two symbols get one bit each") as c:
        c2 = f.huffman_code(np.array([0.9, 0.1]))
        c.equal(sorted(c2.values()), ["0", "1"])

    # Optimality against brute force over all length vectors satisfying Kraft.
    with r.case("Huffman matches the brute-force optimum on 30 random sources") as c:
        gaps = []
        for k in range(32):
            q = rng.dirichlet(np.ones(5) * 0.7)
            if k == 30:
                q = np.array([0.0, 0.3, 0.3, 0.25, 0.15])  # a zero-probability symbol
            if k == 31:
                q = np.array([1, 1, 1, 1, 2]) / 6  # a merged node ties with a leaf
            cq = f.huffman_code(q)
            c.true(len(cq) == 5 and is_prefix_free(cq.values()), "prefix-free, 5 codewords")
            Lh = sum(q[s] * len(w) for s, w in cq.items())
            gaps.append(Lh - float((feasible @ q).min()))
        r.figure("max (Huffman - brute-force optimum) over 32 sources", max(gaps))
        c.true(max(abs(g) for g in gaps) < 1e-12, f"max gap {max(abs(g) for g in gaps):.3g}")

    msg = [int(s) for s in rng.choice(len(p), size=2000, p=p)]
    ref_code = {0: "0", 1: "100", 2: "101", 3: "110", 4: "1110", 5: "1111"}  # by hand
    with r.case("encode concatenates codewords") as c:
        c.equal(f.encode(msg, ref_code), "".join(ref_code[s] for s in msg))
        c.equal(f.encode([], ref_code), "")
    with r.case("decode(encode(msg)) == msg") as c:
        c.true(list(f.decode("".join(ref_code[s] for s in msg), ref_code)) == msg)
        c.true(list(f.decode("".join(code[s] for s in msg), code)) == msg, "own code")
    with r.case("empirical rate within 0.05 of the expected length") as c:
        bits = f.encode(msg, code)
        r.figure("bits per symbol on a 2000-symbol message", len(bits) / len(msg))
        c.true(abs(len(bits) / len(msg) - L) < 0.05, f"{len(bits) / len(msg):.4f} vs {L:.4f}")
    return r


if __name__ == "__main__":
    main(run)
