"""lempel-ziv: universal dictionary coding (LZ78) approaching the entropy rate.

Follows Ziv & Lempel (1978) and Cover & Thomas ch 13. A binary Markov source with
P(0->1) = 0.1, P(1->0) = 0.3 has entropy rate H = sum_i pi_i h(row i) = 0.572 bits, while
its symbols alone (order-0) carry h(0.25) = 0.811 bits. Checks: LZ78 decodes exactly; its
phrases are distinct; its rate falls as n grows, stays above the entropy rate, and at
n = 2^17 beats every memoryless code (it has learned the memory); zlib (DEFLATE = LZ77 +
Huffman, an independent library) lands in the same band. The parse equals Cover & Thomas's
worked example and a brute-force greedy parse (shortest new prefix) on random strings; the
bit count equals sum (bit_length(i - 1) + 1).
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["lz78_encode", "lz78_decode", "lz78_bits"]

DOC_ZH = {
    "lz78_encode": """LZ78 分解：每个新短语 = 已知的最长短语 + 一个新符号，输出 (该已知短语的编号, 新符号)。

输入：s，字符串。字典从空短语（编号 0）开始，新短语依次编号 1, 2, ...。
输出：(编号, 字符) 对的列表；若结尾剩下一个已知短语 w，则输出 (w[:-1] 的编号, w[-1])。

>>> lz78_encode("1011010")
[(0, '1'), (0, '0'), (1, '1'), (2, '1'), (0, '0')]
""",
    "lz78_decode": """LZ78 解码：短语表从 [""] 开始，每对 (i, c) 追加短语 phrases[i] + c，最后把短语拼起来。

输入：pairs，(编号, 字符) 对的列表。
输出：字符串。

>>> lz78_decode([(0, 'a'), (1, 'b'), (2, 'a')])
'aababa'
""",
    "lz78_bits": """n 个 LZ78 短语的总比特数：第 i 个短语用 ceil(log2 i) 位指向之前的短语，再加 1 位新符号。

输入：n_phrases，短语个数。
输出：整数。

>>> lz78_bits(4)
9
""",
}

HINTS = {
    "en": (
        "Grow the current phrase while it is already in the dictionary; the first time it is "
        "not, you have found a new phrase.",
        "Dictionary: phrase -> index, starting with {'': 0}; emit (index of w, c) and add "
        "w + c when w + c is new. The i-th phrase costs ceil(log2 i) bits for the pointer "
        "plus one bit for the new binary symbol.",
    ),
    "zh": (
        "当前短语还在字典里就继续延长；第一次不在字典里时，就找到了一个新短语。",
        "字典：短语 -> 编号，从 {'': 0} 开始；当 w + c 是新的时输出 (w 的编号, c) 并加入 w + c。"
        "第 i 个短语的指针占 ceil(log2 i) 位，新的二进制符号再占 1 位。",
    ),
}


def markov_bits(n: int, a: float, b: float, rng) -> np.ndarray:
    # alternate runs: a 0-run ends w.p. a per step, a 1-run ends w.p. b (geometric lengths)
    runs = np.empty(2 * n, dtype=np.int64)
    runs[0::2] = rng.geometric(a, n)
    runs[1::2] = rng.geometric(b, n)
    vals = np.tile([0, 1], n).astype(np.uint8)
    return np.repeat(vals, runs)[:n]


def lz78_encode(s: str) -> list[tuple[int, str]]:
    """LZ78 parsing: each new phrase = the longest known phrase + one new symbol; emit
    (index of that known phrase, new symbol).

    Input: s, a string. The dictionary starts with the empty phrase (index 0); new phrases
    get indices 1, 2, ... Output: a list of (index, character) pairs; if the string ends
    inside a known phrase w, emit (index of w[:-1], w[-1]).

    >>> lz78_encode("1011010")
    [(0, '1'), (0, '0'), (1, '1'), (2, '1'), (0, '0')]
    """
    d, out, w = {"": 0}, [], ""
    for c in s:
        if w + c in d:
            w += c
        else:  # new phrase = longest known phrase + one symbol
            out.append((d[w], c))
            d[w + c] = len(d)
            w = ""
    if w:
        out.append((d[w[:-1]], w[-1]))
    return out


def lz78_decode(pairs) -> str:
    """LZ78 decoding: start the phrase list at [""], append phrases[i] + c for each pair
    (i, c), and join the phrases.

    Input: pairs, a list of (index, character). Output: the string.

    >>> lz78_decode([(0, 'a'), (1, 'b'), (2, 'a')])
    'aababa'
    """
    phrases = [""]
    for i, c in pairs:
        phrases.append(phrases[i] + c)
    return "".join(phrases[1:])


def lz78_bits(n_phrases: int) -> int:
    """Total bits of n LZ78 phrases: phrase i points to one of i earlier phrases with
    ceil(log2 i) bits, plus 1 bit for the new symbol.

    Input: n_phrases. Output: an integer.

    >>> lz78_bits(4)
    9
    """
    # phrase i points to one of i earlier phrases (ceil log2 i bits) plus 1 new bit
    return sum(math.ceil(math.log2(i)) + 1 for i in range(1, n_phrases + 1))


def h2(q: float) -> float:
    return -q * math.log2(q) - (1 - q) * math.log2(1 - q)


def _parse_ref(s: str) -> list[tuple[int, str]]:
    """Brute force: repeatedly take the shortest prefix of the rest not yet a phrase."""
    phrases, out, i = [""], [], 0
    while i < len(s):
        j = i + 1
        while j <= len(s) and s[i:j] in phrases:
            j += 1
        w = s[i:j] if j <= len(s) else s[i:]
        out.append((phrases.index(w[:-1]), w[-1]))
        phrases.append(w)
        i += len(w)
    return out


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Lempel-Ziv (LZ78)")
    with r.case("LZ78 parse of Cover & Thomas's example 1,0,11,01,010,00,10") as c:
        want = [(0, "1"), (0, "0"), (1, "1"), (2, "1"), (4, "0"), (2, "0"), (1, "0")]
        c.true(list(f.lz78_encode("10110101000 10".replace(" ", ""))) == want)
        c.true(list(f.lz78_encode("00")) == [(0, "0"), (0, "0")], "ends inside a known phrase")
        c.true(list(f.lz78_encode("")) == [], "empty string")
    with r.case("LZ78 parse equals a brute-force greedy parse on random strings") as c:
        ok = True
        for _ in range(100):
            t = "".join(rng.choice(list("abc"), size=rng.integers(1, 40)))
            ok &= [tuple(p) for p in f.lz78_encode(t)] == _parse_ref(t)
        c.true(ok, "100 random strings over {a, b, c}")
    with r.case("LZ78 decode of hand-made pairs") as c:
        c.equal(f.lz78_decode([(0, "a"), (0, "b"), (1, "b"), (3, "a"), (2, "b")]), "abababab" + "b")
        c.equal(f.lz78_decode([]), "")
    with r.case("LZ78 bit count = sum (bit_length(i - 1) + 1)") as c:
        for n in (1, 2, 3, 5, 8, 9, 100, 1000):
            c.equal(int(f.lz78_bits(n)), sum((i - 1).bit_length() + 1 for i in range(1, n + 1)))

    a, b = 0.1, 0.3
    pi1 = a / (a + b)
    H = (1 - pi1) * h2(a) + pi1 * h2(b)  # entropy rate of the Markov chain
    H0 = h2(pi1)  # order-0 entropy of the marginal
    x = markov_bits(1 << 17, a, b, rng)
    s = "".join("01"[v] for v in x)

    rates, pairs = [], []
    with r.case("LZ78 decode(encode(x)) == x") as c:
        for n in (1 << 10, 1 << 13, 1 << 17):
            pairs = f.lz78_encode(s[:n])
            rates.append(f.lz78_bits(len(pairs)) / n)
        c.true(f.lz78_decode(pairs) == s)
    with r.case("all LZ78 phrases (but the last) are distinct") as c:
        decoded = [""]
        for i, ch in pairs:
            decoded.append(decoded[i] + ch)
        c.true("".join(decoded) == s and len(set(decoded[1:-1])) == len(decoded) - 2)

    z = 8 * len(zlib.compress(np.packbits(x).tobytes(), 9)) / len(x)
    r.figure("entropy rate H / order-0 entropy", (round(H, 4), round(H0, 4)))
    r.figure("LZ78 bits/symbol at n = 2^10, 2^13, 2^17", [round(v, 4) for v in rates])
    r.figure("zlib bits/symbol at n = 2^17", z)
    with r.case("LZ78 rate decreases with n") as c:
        c.true(len(rates) == 3 and rates[0] > rates[1] > rates[2])
    with r.case("LZ78 rate stays above the entropy rate") as c:
        c.true(len(rates) == 3 and rates[-1] > H, f"{rates[-1]:.4f} > {H:.4f}")
    with r.case("LZ78 at n=2^17 beats the best memoryless code (order-0 entropy)") as c:
        c.true(len(rates) == 3 and rates[-1] < H0, f"{rates[-1]:.4f} < {H0:.4f}")
    with r.case("zlib (independent LZ77 coder) also lies between H and H0, above LZ78's H") as c:
        c.true(H < z < H0 and len(rates) == 3, f"{z:.4f}")
    return r


if __name__ == "__main__":
    main(run)
