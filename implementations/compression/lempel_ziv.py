"""lempel-ziv: universal dictionary coding (LZ78) approaching the entropy rate.

Follows Ziv & Lempel (1978) and Cover & Thomas ch 13. A binary Markov source with
P(0->1) = 0.1, P(1->0) = 0.3 has entropy rate H = sum_i pi_i h(row i) = 0.572 bits, while
its symbols alone (order-0) carry h(0.25) = 0.811 bits. Checks: LZ78 decodes exactly; its
phrases are distinct; its rate falls as n grows, stays above the entropy rate, and at
n = 2^17 beats every memoryless code (it has learned the memory); zlib (DEFLATE = LZ77 +
Huffman, an independent library) lands in the same band.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from implementations._common import Report, main


def markov_bits(n: int, a: float, b: float, rng) -> np.ndarray:
    # alternate runs: a 0-run ends w.p. a per step, a 1-run ends w.p. b (geometric lengths)
    runs = np.empty(2 * n, dtype=np.int64)
    runs[0::2] = rng.geometric(a, n)
    runs[1::2] = rng.geometric(b, n)
    vals = np.tile([0, 1], n).astype(np.uint8)
    return np.repeat(vals, runs)[:n]


def lz78_encode(s: str) -> list[tuple[int, str]]:
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
    phrases = [""]
    for i, c in pairs:
        phrases.append(phrases[i] + c)
    return "".join(phrases[1:])


def lz78_bits(n_phrases: int) -> int:
    # phrase i points to one of i earlier phrases (ceil log2 i bits) plus 1 new bit
    return sum(math.ceil(math.log2(i)) + 1 for i in range(1, n_phrases + 1))


def h2(q: float) -> float:
    return -q * math.log2(q) - (1 - q) * math.log2(1 - q)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Lempel-Ziv (LZ78)")
    a, b = 0.1, 0.3
    pi1 = a / (a + b)
    H = (1 - pi1) * h2(a) + pi1 * h2(b)  # entropy rate of the Markov chain
    H0 = h2(pi1)  # order-0 entropy of the marginal
    x = markov_bits(1 << 17, a, b, rng)
    s = "".join("01"[v] for v in x)

    rates = []
    for n in (1 << 10, 1 << 13, 1 << 17):
        pairs = lz78_encode(s[:n])
        rates.append(lz78_bits(len(pairs)) / n)
    pairs = lz78_encode(s)
    r.check("LZ78 decode(encode(x)) == x", lz78_decode(pairs) == s)
    decoded = [""]
    for i, c in pairs:
        decoded.append(decoded[i] + c)
    r.check(
        "all LZ78 phrases (but the last) are distinct", len(set(decoded[1:-1])) == len(decoded) - 2
    )

    z = 8 * len(zlib.compress(np.packbits(x).tobytes(), 9)) / len(x)
    r.figure("entropy rate H / order-0 entropy", (round(H, 4), round(H0, 4)))
    r.figure("LZ78 bits/symbol at n = 2^10, 2^13, 2^17", [round(v, 4) for v in rates])
    r.figure("zlib bits/symbol at n = 2^17", z)
    r.check("LZ78 rate decreases with n", rates[0] > rates[1] > rates[2])
    r.check("LZ78 rate stays above the entropy rate", rates[-1] > H, f"{rates[-1]:.4f} > {H:.4f}")
    r.check(
        "LZ78 at n=2^17 beats the best memoryless code (order-0 entropy)",
        rates[-1] < H0,
        f"{rates[-1]:.4f} < {H0:.4f}",
    )
    r.check("zlib (independent LZ77 coder) also lies between H and H0", H < z < H0, f"{z:.4f}")
    return r


if __name__ == "__main__":
    main(run)
