"""kolmogorov-complexity: K(x) = length of the shortest program that prints x. It is not
computable, but any compressor gives an upper bound K(x) <= |compressed x| + O(1).

Follows Cover & Thomas (2006) ch. 14. Checks: zlib and lzma shrink repetitive and low-entropy
data but cannot shrink uniformly random bytes (most strings are incompressible: fewer than
2^{n-c} programs are shorter than n - c bits); the compressed size of Bernoulli(p) bits stays
above the entropy bound n h(p); and a pseudo-random string, whose true K is tiny (a seed and a
generator), is not compressed at all, so compressor lengths are only upper bounds on K. The
learner writes the compressor bound (the better of zlib and lzma) and the entropy bound
n h(p) / 8 in bytes, which is compared with closed forms in bits (p = 1/2 gives exactly n/8
bytes, scipy.stats.entropy in base 2 otherwise), so a bound in nats fails.
"""

from __future__ import annotations

import lzma
import zlib

import numpy as np
from scipy.stats import entropy as sp_entropy

from implementations._common import Report, main, solution

EXERCISE = ["clen", "entropy_bound_bytes"]

DOC_ZH = {
    "clen": """用两个真实压缩器给出 K(b) 的上界：zlib（级别 9）与 lzma（使用模块的 LZMA 过滤器）压缩后长度的较小者，单位字节。

输入：b，bytes。
输出：一个 int，min(len(zlib.compress(b, 9)), len(lzma.compress(b, filters=LZMA)))。

>>> clen(b"a" * 1000) < 30
True
""",
    "entropy_bound_bytes": """n 个 Bernoulli(p) 比特的熵下界 n·h(p)，换算成字节（h 以比特计，除以 8）。

输入：n_bits，比特数；p，取 1 的概率，0 <= p <= 1。
输出：一个 float，n_bits·h(p)/8；h(0) = h(1) = 0。平均而言，任何无损压缩都不能短于它。

>>> round(entropy_bound_bytes(800, 0.5), 6)
100.0
""",
}

HINTS = {
    "en": (
        "K(x) cannot be computed, but any program that decompresses to x is a description "
        "of x; and no code beats the entropy on average.",
        "Take the shorter of zlib.compress(b, 9) and lzma.compress(b, filters=LZMA). The "
        "entropy bound is n_bits * h(p) bits with h in bits (log2), divided by 8 for bytes, "
        "with 0 log 0 = 0.",
    ),
    "zh": (
        "K(x) 不可计算，但任何能解压出 x 的程序都是 x 的一个描述；而平均而言没有编码能短于熵。",
        "取 zlib.compress(b, 9) 与 lzma.compress(b, filters=LZMA) 中较短者。熵下界是 n_bits·h(p) 比特，"
        "h 以比特计（log2），再除以 8 得到字节；约定 0·log 0 = 0。",
    ),
}

LZMA = [
    {"id": lzma.FILTER_LZMA2, "preset": 6, "dict_size": 1 << 16}
]  # small window: inputs are short


def clen(b: bytes) -> int:
    """Best of two real compressors: an upper bound on K(b) up to the decompressor's constant.

    Input: b, bytes. Output: an int, min(len(zlib.compress(b, 9)),
    len(lzma.compress(b, filters=LZMA))) in bytes.

    >>> clen(b"a" * 1000) < 30
    True
    """
    return min(len(zlib.compress(b, 9)), len(lzma.compress(b, filters=LZMA)))


def entropy_bound_bytes(n_bits, p):
    """The entropy bound n h(p) of n Bernoulli(p) bits, in bytes (h in bits, divided by 8).

    Input: n_bits, the number of bits; p, the probability of a one, 0 <= p <= 1. Output: a
    float, n_bits h(p) / 8 with h(0) = h(1) = 0; no lossless code is shorter on average.

    >>> round(entropy_bound_bytes(800, 0.5), 6)
    100.0
    """
    q = np.array([p, 1 - p])
    q = q[q > 0]
    return float(-n_bits * np.sum(q * np.log2(q)) / 8)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Kolmogorov complexity via compression bounds")
    n = 20_000

    repetitive = b"the cat sat on the mat. " * (n // 24)
    random_bytes = rng.integers(0, 256, size=n, dtype=np.uint8).tobytes()
    with r.case("the bound is the better of zlib and lzma") as c:
        for b in (repetitive, random_bytes[:3000], b"", b"abracadabra" * 40):
            z, x = len(zlib.compress(b, 9)), len(lzma.compress(b, filters=LZMA))
            c.equal(f.clen(b), min(z, x))
    with r.case("repetitive text compresses below 2% of its length") as c:
        r.figure(
            "compressed bytes: repetitive vs random (n = 20000)",
            [f.clen(repetitive), f.clen(random_bytes)],
        )
        c.true(f.clen(repetitive) < 0.02 * len(repetitive))
    with r.case("uniform random bytes do not compress") as c:
        c.true(len(random_bytes) <= f.clen(random_bytes) < len(random_bytes) + 100)

    # Counting: at most 2^(m-c) - 1 strings have a description shorter than m - c bits. So among
    # 200 random 1000-byte strings, expect none compressible by 2 or more bytes (probability < 2^-16 each).
    with r.case("no random string out of 200 compresses by >= 2 bytes") as c:
        sizes = [f.clen(rng.integers(0, 256, 1000, dtype=np.uint8).tobytes()) for _ in range(200)]
        c.true(min(sizes) > 998 and max(sizes) < 1100)

    with r.case("entropy bound in bits: n/8 bytes at p = 1/2, n h(p)/8 by scipy, 0 at p = 0") as c:
        c.close(f.entropy_bound_bytes(8000, 0.5), 1000.0, rtol=1e-12)
        c.close(
            f.entropy_bound_bytes(8 * n, 0.05),
            8 * n * sp_entropy([0.05, 0.95], base=2) / 8,
            rtol=1e-12,
        )
        c.close(
            [f.entropy_bound_bytes(64, 0.0), f.entropy_bound_bytes(64, 1.0)], [0.0, 0.0], atol=1e-12
        )

    # Bernoulli(p) bits packed into bytes: compression cannot beat the entropy n h(p) on average.
    with r.case("compressed size is above n h(p) but well below n") as c:
        p = 0.05
        bits = (rng.random(8 * n) < p).astype(np.uint8)
        packed = np.packbits(bits).tobytes()
        bound_bytes = f.entropy_bound_bytes(8 * n, p)
        r.figure(
            "Bernoulli(0.05) bits: entropy bound vs compressed (bytes)",
            [round(bound_bytes), f.clen(packed)],
        )
        c.true(bound_bytes < f.clen(packed) < 0.6 * len(packed))
        c.true(f.clen(packed) < 1.5 * bound_bytes, "within 50% of the bound")

    # Pseudo-random bytes: the program "default_rng(12345).integers(0, 256, 20000)" is ~50 bytes,
    # yet compressors see no structure. Compressors bound K from above; they do not compute it.
    with r.case("compressor upper bound is far above a known short description") as c:
        prng = np.random.default_rng(12345).integers(0, 256, size=n, dtype=np.uint8).tobytes()
        program = b"np.random.default_rng(12345).integers(0,256,20000,dtype=np.uint8)"
        r.figure(
            "pseudo-random: compressed size vs length of a generating program",
            [f.clen(prng), len(program)],
        )
        c.true(f.clen(prng) > 100 * len(program))
    return r


if __name__ == "__main__":
    main(run)
