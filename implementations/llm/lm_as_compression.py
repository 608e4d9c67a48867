"""lm-as-compression: arithmetic coding driven by a language model's next-symbol probabilities.

Any model q(x_t | x_<t) plus arithmetic coding is a lossless compressor whose code length is
within 2 bits of -log2 q(x_1..x_n) (Cover & Thomas ch. 13; MacKay ch. 6); Deletang et al. (2024)
use exactly this to compare LLMs with gzip. Here a bigram model with add-one counts, quantised to
integer frequencies summing to 2^12, drives an exact (big-integer) arithmetic coder. Checks:
the quantised table against a loop; the code names a point of the sequence's interval computed
with exact fractions; decoding a point chosen inside a known interval returns its sequence;
decoding returns the original text; code length L satisfies -log2 q(x) <= L <= -log2 q(x) + 2;
bits per symbol match the model's cross-entropy and beat the 8 bits/byte of raw storage and the
log2(alphabet) bits of a uniform code.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from implementations._common import Report, main, solution

PREC = 12  # every row of frequencies sums to 2^12

EXERCISE = ["quantise", "encode", "decode"]

DOC_ZH = {
    "quantise": """把条件概率表量化为整数频数：每个元素 max(1, floor(P * 2^PREC))，再把每行的差额加到该行最大的元素上，使每行恰好和为 2^PREC。

输入：P (A, A)，每行一个条件分布。
输出：int64 数组 F，与 P 同形，每个元素 >= 1，每行和为 2^PREC（PREC = 12）。

>>> quantise(np.array([[0.5, 0.25, 0.25], [1.0, 0.0, 0.0], [0.3, 0.3, 0.4]])).tolist()
[[2048, 1024, 1024], [4094, 1, 1], [1228, 1228, 1640]]
""",
    "encode": """精确（大整数）算术编码：在二元模型 F[prev, s] / 2^PREC（PREC = 12）下，把序列 x 映射为一个二进制分数 c / 2^m，使 [c/2^m, (c+1)/2^m) 落在 x 的区间内。

输入：x，符号列表；F，quantise 得到的频数表；start，第一个符号之前的上下文符号。每一步区间按该行的累积频数细分。
输出：(c, m)：整数 c 与码长 m（比特），m 为满足条件的最小值附近（不超过 -log2 q(x) + 2）。

>>> encode([1, 0], np.array([[2048, 2048], [1024, 3072]]), 0)
(8, 4)
""",
    "decode": """算术解码：已知码 (c, m) 与长度 n，逐步找出子区间包含 c / 2^m 的符号。

输入：c、m；n，符号个数；F；start，同 encode。
输出：长度 n 的符号列表（Python int）。

>>> decode(8, 4, 2, np.array([[2048, 2048], [1024, 3072]]), 0)
[1, 0]
""",
}

HINTS = {
    "en": (
        "Each symbol narrows an interval in proportion to its model probability; the final "
        "interval's width is q(x), so about -log2 q(x) bits name a point inside it.",
        "Keep low and width as integers over the denominator 2^(PREC t): low <- low 2^PREC + "
        "width cum[prev, s], width <- width F[prev, s]. Pick m with 2^-m <= width / 2^B and c the "
        "ceiling of low 2^m / 2^B. Decoding repeats the subdivision and picks the symbol whose "
        "sub-interval contains c / 2^m.",
    ),
    "zh": (
        "每个符号按其模型概率成比例地缩小区间；最终区间宽度为 q(x)，所以大约 -log2 q(x) 比特就能指出区间内的一点。",
        "把 low 和 width 保存为分母为 2^(PREC t) 的整数：low <- low 2^PREC + width cum[prev, s]，"
        "width <- width F[prev, s]。取 m 使 2^-m <= width / 2^B，c 为 low 2^m / 2^B 的上取整。解码重复同样的细分，"
        "选出子区间包含 c / 2^m 的符号。",
    ),
}


def quantise(P):
    """Quantise a conditional probability table to integer frequencies: max(1,
    floor(P * 2^PREC)) per entry, then each row's shortfall added to its largest entry, so
    that every row sums to exactly 2^PREC.

    Input: P (A, A), one conditional distribution per row. Output: an int64 array F shaped
    like P, entries >= 1, rows summing to 2^PREC (PREC = 12).

    >>> quantise(np.array([[0.5, 0.25, 0.25], [1.0, 0.0, 0.0], [0.3, 0.3, 0.4]])).tolist()
    [[2048, 1024, 1024], [4094, 1, 1], [1228, 1228, 1640]]
    """
    F = np.maximum(1, np.floor(P * (1 << PREC))).astype(np.int64)
    for row in F:
        row[np.argmax(row)] += (1 << PREC) - row.sum()
    return F


def encode(x, F, start):
    """Exact (big-integer) arithmetic coding: map the sequence x to a binary fraction
    c / 2^m whose interval [c/2^m, (c+1)/2^m) lies inside x's interval under the bigram model
    F[prev, s] / 2^PREC (PREC = 12).

    Input: x, a list of symbols; F, frequencies from quantise; start, the context symbol
    before x[0]. Each step subdivides the interval by the row's cumulative frequencies.
    Output: (c, m), an integer c and the code length m in bits (at most -log2 q(x) + 2).

    >>> encode([1, 0], np.array([[2048, 2048], [1024, 3072]]), 0)
    (8, 4)
    """
    cum = np.concatenate([np.zeros((len(F), 1), np.int64), F.cumsum(1)], 1)
    low, width, prev = 0, 1, start  # interval [low, low+width) / 2^(PREC * t)
    for s in x:
        low = low * (1 << PREC) + width * int(cum[prev, s])
        width *= int(F[prev, s])
        prev = s
    B = PREC * len(x)
    m = B - (width.bit_length() - 1) + 1  # 2^-m <= width / 2^B: a multiple of 2^-m lies inside
    c = -((-low << m) >> B)  # ceil(low * 2^m / 2^B)
    assert (c << B) < ((low + width) << m)
    return c, m


def decode(c, m, n, F, start):
    """Arithmetic decoding: given the code (c, m) and the length n, find step by step the
    symbol whose sub-interval contains c / 2^m.

    Input: c, m; n symbols; F and start as in encode. Output: a list of n symbols (ints).

    >>> decode(8, 4, 2, np.array([[2048, 2048], [1024, 3072]]), 0)
    [1, 0]
    """
    cum = np.concatenate([np.zeros((len(F), 1), np.int64), F.cumsum(1)], 1)
    low, width, prev, out = 0, 1, start, []
    for t in range(n):
        shift = PREC * (t + 1)
        for s in range(F.shape[1]):  # symbol whose sub-interval contains c / 2^m
            lo = low * (1 << PREC) + width * int(cum[prev, s])
            hi = lo + width * int(F[prev, s])
            if (lo << m) <= (c << shift) < (hi << m):
                break
        low, width, prev = lo, width * int(F[prev, s]), s
        out.append(s)
    return out


def interval(x, F, start):
    """[low, high) of a sequence with exact fractions, symbol by symbol."""
    low, width, prev = Fraction(0), Fraction(1), start
    for s in x:
        tot = int(F[prev].sum())
        low += width * Fraction(int(F[prev, :s].sum()), tot)
        width *= Fraction(int(F[prev, s]), tot)
        prev = s
    return low, low + width


def quantise_loops(P):
    F = [[max(1, int(p * 4096)) for p in row] for row in P]
    for row in F:
        j = max(range(len(row)), key=lambda j: (row[j], -j))
        row[j] += 4096 - sum(row)
    return np.array(F)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Language model + arithmetic coding = compressor")
    A = 6
    P = rng.dirichlet(0.4 * np.ones(A), size=A)  # the 'true' source: a Markov chain

    def sample(n):
        cdf, u, x = P.cumsum(1), rng.random(n), [0]
        for v in u[1:]:
            x.append(min(int(np.searchsorted(cdf[x[-1]], v)), A - 1))
        return np.array(x)

    train, test = sample(5000), sample(800)
    C = np.ones((A, A))
    np.add.at(C, (train[:-1], train[1:]), 1)  # add-one bigram counts
    F = quantise_loops(C / C.sum(1, keepdims=True))
    q = F / (1 << PREC)  # the model the coder really uses

    with r.case("quantised frequencies: >= 1, rows sum to 2^12, floors elsewhere") as c:
        Pz = np.vstack(
            [C / C.sum(1, keepdims=True), np.r_[1.0, np.zeros(A - 1)], np.full(A, 1 / A)]
        )[:, :A]
        Fq = np.asarray(f.quantise(Pz))
        c.equal(Fq, quantise_loops(Pz))
        c.true(bool(np.all(Fq >= 1)) and bool(np.all(Fq.sum(1) == 4096)), "range and sums")

    x = [int(s) for s in test[1:]]
    ideal = -np.sum(np.log2(q[test[:-1], test[1:]]))
    with r.case("the code c / 2^m names a point of x's interval (exact fractions)") as c:
        code, m = f.encode(x[:60], F, int(test[0]))
        lo, hi = interval(x[:60], F, int(test[0]))
        c.true(lo <= Fraction(code, 2**m) and Fraction(code + 1, 2**m) <= hi, f"m = {m}")
        c.true(m <= -np.log2(float(hi - lo)) + 2, "at most 2 bits over -log2 width")
    with r.case("decoding a point chosen inside a known interval returns that sequence") as c:
        y = [int(s) for s in rng.integers(0, A, 40)] + [0, 2]  # not ending in A - 1
        lo, hi = interval(y, F, 2)
        mm = 1
        while Fraction(1, 2**mm) > (hi - lo) / 4:  # a dyadic point well inside
            mm += 1
        cc = -((-lo.numerator * 2**mm) // lo.denominator) + 1  # ceil(lo 2^m) + 1
        c.equal(f.decode(cc, mm, len(y), F, 2), y)
        # the interval's own lower end (a dyadic number) belongs to it: [low, high)
        mz = lo.denominator.bit_length() - 1
        c.equal(f.decode(lo.numerator, mz, len(y), F, 2), y)
    with r.case("decode(encode(x)) == x") as c:
        code, m = f.encode(x, F, start=int(test[0]))
        c.equal(f.decode(code, m, len(x), F, int(test[0])), x)
    with r.case("-log2 q(x) <= code length <= -log2 q(x) + 2") as c:
        r.figure("code length vs -log2 q(x) (bits)", [m, float(ideal)])
        c.true(ideal <= m <= ideal + 2, f"{m} vs {ideal:.2f}")

    H = -np.sum(np.log2(q[test[:-1], test[1:]])) / len(x)
    with r.case("bits per symbol == model cross-entropy (+ at most 2/n)") as c:
        r.figure(
            "bits/symbol: arithmetic code, model cross-entropy, uniform code, raw bytes",
            [m / len(x), float(H), float(np.log2(A)), 8.0],
        )
        c.close(m / len(x), H, atol=2 / len(x))
    with r.case("beats the uniform code log2(A) and raw 8-bit storage") as c:
        c.true(m / len(x) < np.log2(A) < 8)
    return r


if __name__ == "__main__":
    main(run)
