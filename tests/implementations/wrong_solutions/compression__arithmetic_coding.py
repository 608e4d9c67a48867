"""Arithmetic coding that emits only ceil(-log2 P(x)) bits, without the extra bit.

The learner believes the ideal code length is enough: the codeword's value still falls in
the final interval (so the message decodes), but its dyadic interval need not fit inside
it, so the code is not prefix-free in general (short random messages show it).
"""

import math
from fractions import Fraction

import numpy as np

BREAKS = [
    "codeword's dyadic interval lies inside [low, low + P(x))",
    "codeword length is ceil(-log2 P(x)) + 1 exactly",
]


def model(counts):
    total = sum(counts) + len(counts)
    cum = np.concatenate([[0], np.cumsum(np.asarray(counts, dtype=int) + 1)])
    return cum, total


def encode(msg, K=3):
    low, width, counts = Fraction(0), Fraction(1), [0] * K
    for s in msg:
        cum, total = model(counts)
        low += width * Fraction(int(cum[s]), total)
        width *= Fraction(int(cum[s + 1] - cum[s]), total)
        counts[s] += 1
    L = 0
    while Fraction(1, 2**L) > width:  # L = ceil(-log2 width), and no more
        L += 1
    k = math.ceil(low * 2**L)
    return (format(k, f"0{L}b") if L else ""), width


def decode(bits, n, K=3):
    v = Fraction(int(bits, 2) if bits else 0, 2 ** len(bits))
    low, width, counts, out = Fraction(0), Fraction(1), [0] * K, []
    for _ in range(n):
        cum, total = model(counts)
        for s in range(K):
            lo = low + width * Fraction(int(cum[s]), total)
            hi = low + width * Fraction(int(cum[s + 1]), total)
            if lo <= v < hi:
                break
        out.append(s)
        low, width = lo, hi - lo
        counts[s] += 1
    return out
