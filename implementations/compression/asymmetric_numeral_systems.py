"""asymmetric-numeral-systems: rANS, entropy coding with a single integer state.

Follows Duda (arXiv 1311.2540), range variant (rANS). Symbol s with quantised frequency
f_s out of M = 2^12 maps state x to (x // f_s) * M + cum_s + x % f_s, so x grows by about
M / f_s, i.e. -log2(f_s / M) bits. Checks: exact round trip (big-integer and streaming
32-bit versions); the big-integer state length is within log2 M + 1 bits (start-up cost) of sum -log2 q(s); the
streaming coder's output is within 0.1% of that ideal; and on a skewed source rANS beats
the Huffman code's expected length, approaching the entropy.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

SCALE = 12
M = 1 << SCALE


def quantise(p) -> np.ndarray:
    f = np.maximum(1, np.round(p * M)).astype(int)
    f[np.argmax(f)] += M - f.sum()  # make the frequencies sum to M exactly
    return f


def encode_bigint(msg, f, cum) -> int:
    x = 1
    for s in reversed(msg):  # ANS is last-in first-out
        x = (x // f[s]) * M + cum[s] + x % f[s]
    return x


def decode_bigint(x, n, f, cum, slot2sym) -> tuple[list[int], int]:
    out = []
    for _ in range(n):
        slot = x % M
        s = int(slot2sym[slot])
        x = int(f[s]) * (x // M) + slot - int(cum[s])
        out.append(s)
    return out, x


L_LOW = 1 << 16  # streaming state lives in [2^16, 2^32)


def encode_stream(msg, f, cum) -> tuple[list[int], int]:
    x, words = L_LOW, []
    for s in reversed(msg):
        x_max = ((L_LOW >> SCALE) << 16) * int(f[s])
        while x >= x_max:  # renormalise: emit 16 low bits
            words.append(x & 0xFFFF)
            x >>= 16
        x = ((x // int(f[s])) << SCALE) + x % int(f[s]) + int(cum[s])
    return words, x


def decode_stream(words, x, n, f, cum, slot2sym) -> list[int]:
    words, out = list(words), []
    for _ in range(n):
        slot = x & (M - 1)
        s = int(slot2sym[slot])
        x = int(f[s]) * (x >> SCALE) + slot - int(cum[s])
        while x < L_LOW:
            x = (x << 16) | words.pop()
        out.append(s)
    return out


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Asymmetric numeral systems (rANS)")
    p = np.array([0.85, 0.07, 0.05, 0.03])
    fq = quantise(p)
    slot2sym = np.repeat(np.arange(len(fq)), fq)
    f = [int(v) for v in fq]  # Python ints: the big-integer state must not overflow
    cum = [0] + [int(v) for v in np.cumsum(fq)]
    N = 5000
    msg = [int(s) for s in rng.choice(len(p), size=N, p=p)]
    ideal = float(sum(np.log2(M / f[s]) for s in msg))
    H = float(-(p * np.log2(p)).sum())

    x = encode_bigint(msg, f, cum)
    dec, x_end = decode_bigint(x, N, f, cum, slot2sym)
    r.check(
        "big-integer rANS: decode(encode(x)) == x and the state returns to 1",
        dec == msg and x_end == 1,
    )
    r.figure("state bits", x.bit_length())
    r.figure("ideal bits sum -log2 q(s)", ideal)
    # the first step from x = 1 can cost up to log2 M bits; after that x grows by M/f_s
    r.check(
        "ideal - 1 <= state length <= ideal + log2 M + 1",
        ideal - 1 <= x.bit_length() <= ideal + SCALE + 1,
        f"{x.bit_length()} vs {ideal:.2f}",
    )

    words, xs = encode_stream(msg, f, cum)
    r.check(
        "streaming rANS (32-bit state, 16-bit words) round trip",
        decode_stream(words, xs, N, f, cum, slot2sym) == msg,
    )
    stream_bits = 16 * len(words) + 32
    r.figure("streaming output bits", stream_bits)
    r.check(
        "streaming output within 0.1% (+64 bits) of the ideal",
        stream_bits <= ideal * 1.001 + 64,
        f"{stream_bits} vs {ideal:.1f}",
    )

    # Huffman on this source has lengths 1, 2, 3, 3 (merge 0.03+0.05, then +0.07, then +0.85)
    L_huff = round(float(p @ np.array([1, 2, 3, 3])), 4)
    rate = x.bit_length() / N
    r.figure("bits/symbol: entropy, rANS, Huffman", (round(H, 4), round(rate, 4), L_huff))
    r.check("rANS rate beats the Huffman expected length", rate < L_huff, f"{rate:.4f} < {L_huff}")
    r.check(
        "rANS rate within 0.05 bit of the entropy", abs(rate - H) < 0.05, f"|{rate:.4f} - {H:.4f}|"
    )
    return r


if __name__ == "__main__":
    main(run)
