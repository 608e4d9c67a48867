"""asymmetric-numeral-systems: rANS, entropy coding with a single integer state.

Follows Duda (arXiv 1311.2540), range variant (rANS). Symbol s with quantised frequency
f_s out of M = 2^12 maps state x to (x // f_s) * M + cum_s + x % f_s, so x grows by about
M / f_s, i.e. -log2(f_s / M) bits. Checks: quantised frequencies sum to M, are >= 1 and
within 1 (or the remainder on the largest) of p*M; with M = 16 each encoding step equals a
brute-force count of the integers whose slot belongs to the symbol, and decoding inverts it;
exact round trips (big-integer and streaming 32-bit versions); the big-integer state length
is within log2 M + 1 bits (start-up cost) of sum -log2 q(s); the streaming coder's output is
within 0.1% of that ideal; and on a skewed source rANS beats the Huffman code's expected
length, approaching the entropy.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["quantise", "encode_bigint", "decode_bigint"]

SCALE = 12
M = 1 << SCALE

DOC_ZH = {
    "quantise": """把概率量化成总和恰为 M 的正整数频数 f_s ≈ p_s·M。

输入：p，概率的一维数组；M，总频数（2 的幂）。
输出：整数数组：先四舍五入 p·M 并至少取 1，再把差额 M - Σf 加到最大的频数上。

>>> quantise(np.array([0.5, 0.3, 0.2]), 16).tolist()
[8, 5, 3]
""",
    "encode_bigint": """大整数 rANS 编码：从 x = 1 开始，按逆序（后进先出）对每个符号做
x <- (x // f_s)·M + cum_s + x % f_s。

输入：msg，符号下标列表；f，频数列表（Python int，和为 M）；cum，累积频数 [0, f_0, f_0+f_1, ...]；M。
输出：最终状态 x（Python int）。

>>> encode_bigint([0, 1], [3, 1], [0, 3, 4], 4)
9
""",
    "decode_bigint": """大整数 rANS 解码：slot = x % M 确定符号 s（cum_s <= slot < cum_{s+1}），
再 x <- f_s·(x // M) + slot - cum_s，重复 n 次。

输入：x，状态；n，符号个数；f、cum 同上；slot2sym，长度 M 的数组（slot -> 符号）；M。
输出：(解出的符号列表，最终状态)；正确编码时最终状态回到 1。

>>> decode_bigint(9, 2, [3, 1], [0, 3, 4], [0, 0, 0, 1], 4)
([0, 1], 1)
""",
}

HINTS = {
    "en": (
        "Think of the integers as laid out in blocks of M slots, f_s of which belong to "
        "symbol s: encoding jumps to the x-th slot of s, decoding reads the slot back.",
        "Encode in reverse order (ANS is a stack): x -> (x // f_s) M + cum_s + x % f_s. "
        "Decode: slot = x % M gives s, then x -> f_s (x // M) + slot - cum_s. Use Python ints "
        "so the state never overflows.",
    ),
    "zh": (
        "把整数看成每块 M 个槽位，其中 f_s 个属于符号 s：编码跳到 s 的第 x 个槽位，解码把槽位读回来。",
        "逆序编码（ANS 是栈）：x -> (x // f_s) M + cum_s + x % f_s。解码：slot = x % M 给出 s，"
        "再 x -> f_s (x // M) + slot - cum_s。用 Python 整数，状态就不会溢出。",
    ),
}


def quantise(p, M=4096) -> np.ndarray:
    """Quantise probabilities to positive integer frequencies f_s ~ p_s M summing to M.

    Input: p, a 1-D array of probabilities; M, the total (a power of 2). Output: an integer
    array: round p M, at least 1, then add the shortfall M - sum f to the largest frequency.

    >>> quantise(np.array([0.5, 0.3, 0.2]), 16).tolist()
    [8, 5, 3]
    """
    f = np.maximum(1, np.round(np.asarray(p) * M)).astype(int)
    f[np.argmax(f)] += M - f.sum()  # make the frequencies sum to M exactly
    return f


def encode_bigint(msg, f, cum, M=4096) -> int:
    """Big-integer rANS encoding: start at x = 1 and, in reverse order (last in, first
    out), apply x <- (x // f_s) M + cum_s + x % f_s for each symbol.

    Input: msg, a list of symbol indices; f, frequencies (Python ints summing to M); cum, the
    cumulative frequencies [0, f_0, f_0+f_1, ...]; M. Output: the final state x (a Python int).

    >>> encode_bigint([0, 1], [3, 1], [0, 3, 4], 4)
    9
    """
    x = 1
    for s in reversed(msg):  # ANS is last-in first-out
        x = (x // f[s]) * M + cum[s] + x % f[s]
    return x


def decode_bigint(x, n, f, cum, slot2sym, M=4096) -> tuple[list[int], int]:
    """Big-integer rANS decoding: slot = x % M names the symbol s (cum_s <= slot <
    cum_{s+1}); then x <- f_s (x // M) + slot - cum_s; n times.

    Input: x, the state; n, the number of symbols; f and cum as for encoding; slot2sym, an
    array of length M (slot -> symbol); M. Output: (decoded symbols, final state); after a
    correct encoding the final state is 1 again.

    >>> decode_bigint(9, 2, [3, 1], [0, 3, 4], [0, 0, 0, 1], 4)
    ([0, 1], 1)
    """
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


def _step_ref(x, s, slot2sym, M):
    """Brute force: the x-th (from 0) integer y >= 0 whose slot y % M belongs to s."""
    y, seen = -1, -1
    while seen < x:
        y += 1
        seen += slot2sym[y % M] == s
    return y


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Asymmetric numeral systems (rANS)")
    p = np.array([0.85, 0.07, 0.05, 0.03])

    with r.case("quantised frequencies sum to M, are >= 1 and close to p*M") as c:
        for q, m in (
            (p, M),
            (np.array([0.9999, 0.00005, 0.00005]), 1024),
            (np.array([0.4, 0.35, 0.25]), 16),
        ):
            fq = np.asarray(f.quantise(q, m))
            c.equal(int(fq.sum()), m)
            c.true(bool(np.all(fq >= 1)), "every symbol keeps a slot")
            rest = np.delete(fq, np.argmax(q))
            c.true(
                bool(np.all(np.abs(rest - np.delete(q, np.argmax(q)) * m) <= 1)), "|f - pM| <= 1"
            )
        c.equal(np.asarray(f.quantise(p)).tolist(), [3481, 287, 205, 123])  # default M = 4096

    # Small alphabet, M = 16: each step must equal the brute-force slot count.
    m16 = 16
    f16 = [9, 4, 2, 1]
    cum16 = [0, 9, 13, 15, 16]
    s2s16 = np.repeat(np.arange(4), f16)
    with r.case("one encoding step = brute-force slot count (M = 16)") as c:
        ok = True
        for s in range(4):
            ok &= f.encode_bigint([s], f16, cum16, m16) == _step_ref(1, s, s2s16, m16)
        msgs = [
            [int(v) for v in rng.choice(4, size=rng.integers(1, 8), p=np.array(f16) / 16)]
            for _ in range(50)
        ]
        for msg in msgs:
            x = 1
            for s in reversed(msg):
                x = _step_ref(x, s, s2s16, m16)
            ok &= f.encode_bigint(msg, f16, cum16, m16) == x
        c.true(ok, "50 random messages and every first step")
    with r.case("decoding inverts the brute-force encoder (M = 16)") as c:
        ok = True
        for msg in msgs:
            x = 1
            for s in reversed(msg):
                x = _step_ref(x, s, s2s16, m16)
            dec, x_end = f.decode_bigint(x, len(msg), f16, cum16, s2s16, m16)
            ok &= list(dec) == msg and x_end == 1
        c.true(ok, "50 random messages")

    fq = np.array([3481, 287, 205, 123])  # quantise(p) worked out by hand
    slot2sym = np.repeat(np.arange(len(fq)), fq)
    fl = [int(v) for v in fq]  # Python ints: the big-integer state must not overflow
    cum = [0] + [int(v) for v in np.cumsum(fq)]
    N = 5000
    msg = [int(s) for s in rng.choice(len(p), size=N, p=p)]
    ideal = float(sum(np.log2(M / fl[s]) for s in msg))
    H = float(-(p * np.log2(p)).sum())

    x = 1
    with r.case("big-integer rANS: decode(encode(x)) == x and the state returns to 1") as c:
        x = f.encode_bigint(msg, fl, cum)
        dec, x_end = f.decode_bigint(x, N, fl, cum, slot2sym)
        c.true(list(dec) == msg and x_end == 1)
        r.figure("state bits", x.bit_length())
        r.figure("ideal bits sum -log2 q(s)", ideal)
    # the first step from x = 1 can cost up to log2 M bits; after that x grows by M/f_s
    with r.case("ideal - 1 <= state length <= ideal + log2 M + 1") as c:
        c.true(ideal - 1 <= x.bit_length() <= ideal + SCALE + 1, f"{x.bit_length()} vs {ideal:.2f}")

    with r.case("streaming rANS (32-bit state, 16-bit words) round trip") as c:
        fs = [int(v) for v in f.quantise(p)]
        cs = [0] + [int(v) for v in np.cumsum(fs)]
        s2s = np.repeat(np.arange(len(fs)), fs)
        words, xs = encode_stream(msg, fs, cs)
        c.true(len(s2s) == M and decode_stream(words, xs, N, fs, cs, s2s) == msg)
        stream_bits = 16 * len(words) + 32
        r.figure("streaming output bits", stream_bits)
    with r.case("streaming output within 0.1% (+64 bits) of the ideal") as c:
        c.true(stream_bits <= ideal * 1.001 + 64, f"{stream_bits} vs {ideal:.1f}")

    # Huffman on this source has lengths 1, 2, 3, 3 (merge 0.03+0.05, then +0.07, then +0.85)
    L_huff = round(float(p @ np.array([1, 2, 3, 3])), 4)
    rate = x.bit_length() / N
    r.figure("bits/symbol: entropy, rANS, Huffman", (round(H, 4), round(rate, 4), L_huff))
    with r.case("rANS rate beats the Huffman expected length") as c:
        c.true(1 < x and rate < L_huff, f"{rate:.4f} < {L_huff}")
    with r.case("rANS rate within 0.05 bit of the entropy") as c:
        c.true(abs(rate - H) < 0.05, f"|{rate:.4f} - {H:.4f}|")
    return r


if __name__ == "__main__":
    main(run)
