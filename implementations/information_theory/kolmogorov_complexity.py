"""kolmogorov-complexity: K(x) = length of the shortest program that prints x. It is not
computable, but any compressor gives an upper bound K(x) <= |compressed x| + O(1).

Follows Cover & Thomas (2006) ch. 14. Checks: zlib and lzma shrink repetitive and low-entropy
data but cannot shrink uniformly random bytes (most strings are incompressible: fewer than
2^{n-c} programs are shorter than n - c bits); the compressed size of Bernoulli(p) bits stays
above the entropy bound n h(p); and a pseudo-random string, whose true K is tiny (a seed and a
generator), is not compressed at all, so compressor lengths are only upper bounds on K.
"""

from __future__ import annotations

import lzma
import math
import zlib

import numpy as np

from implementations._common import Report, main

LZMA = [
    {"id": lzma.FILTER_LZMA2, "preset": 6, "dict_size": 1 << 16}
]  # small window: inputs are short


def clen(b: bytes) -> int:
    """Best of two real compressors: an upper bound on K(b) up to the decompressor's constant."""
    return min(len(zlib.compress(b, 9)), len(lzma.compress(b, filters=LZMA)))


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Kolmogorov complexity via compression bounds")
    n = 20_000

    repetitive = b"the cat sat on the mat. " * (n // 24)
    random_bytes = rng.integers(0, 256, size=n, dtype=np.uint8).tobytes()
    r.figure(
        "compressed bytes: repetitive vs random (n = 20000)", [clen(repetitive), clen(random_bytes)]
    )
    r.check(
        "repetitive text compresses below 2% of its length",
        clen(repetitive) < 0.02 * len(repetitive),
    )
    r.check("uniform random bytes do not compress", clen(random_bytes) >= len(random_bytes))

    # Counting: at most 2^(m-c) - 1 strings have a description shorter than m - c bits. So among
    # 200 random 1000-byte strings, expect none compressible by 2 or more bytes (probability < 2^-16 each).
    shrunk = sum(
        len(zlib.compress(rng.integers(0, 256, 1000, dtype=np.uint8).tobytes(), 9)) <= 998
        for _ in range(200)
    )
    r.check("no random string out of 200 compresses by >= 2 bytes", shrunk == 0)

    # Bernoulli(p) bits packed into bytes: compression cannot beat the entropy n h(p) on average.
    p = 0.05
    bits = (rng.random(8 * n) < p).astype(np.uint8)
    packed = np.packbits(bits).tobytes()
    h = -p * math.log2(p) - (1 - p) * math.log2(1 - p)
    bound_bytes = 8 * n * h / 8
    r.figure(
        "Bernoulli(0.05) bits: entropy bound vs compressed (bytes)",
        [round(bound_bytes), clen(packed)],
    )
    r.check(
        "compressed size is above n h(p) but well below n",
        bound_bytes < clen(packed) < 0.6 * len(packed),
    )

    # Pseudo-random bytes: the program "default_rng(12345).integers(0, 256, 20000)" is ~50 bytes,
    # yet compressors see no structure. Compressors bound K from above; they do not compute it.
    prng = np.random.default_rng(12345).integers(0, 256, size=n, dtype=np.uint8).tobytes()
    program = b"np.random.default_rng(12345).integers(0,256,20000,dtype=np.uint8)"
    r.figure(
        "pseudo-random: compressed size vs length of a generating program",
        [clen(prng), len(program)],
    )
    r.check(
        "compressor upper bound is far above a known short description",
        clen(prng) > 100 * len(program),
    )
    return r


if __name__ == "__main__":
    main(run)
