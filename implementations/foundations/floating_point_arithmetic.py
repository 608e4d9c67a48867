"""floating-point-arithmetic: machine epsilon, range, rounding, cancellation, summation.

Follows Goodfellow et al. 4.1 (Overflow and Underflow) and 4.2 (Poor Conditioning).
Checks: machine epsilon found by halving against numpy.finfo for float16/32/64; a bfloat16
rounding (float32 with the low 16 bits rounded away, to nearest even) compared bit for bit
with an exact reference that picks the nearer of the two neighbouring bfloat16 values with
fractions.Fraction (ties, carries into the exponent, overflow, subnormals, signs, NaN);
a cancellation-free (1 - cos t)/t^2 against its exact Taylor series and the naive formula
where it is accurate; Kahan summation against math.fsum and Higham's error bound.
"""

from __future__ import annotations

import math
import struct
from fractions import Fraction

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["machine_eps", "to_bf16", "one_minus_cos_ratio", "kahan_sum"]

DOC_ZH = {
    "machine_eps": """用不断减半的方法求浮点类型 dtype 的机器精度：满足 1 + eps != 1 的最小的 2 的幂。

输入：dtype，numpy 浮点类型（np.float16、np.float32、np.float64）；运算要在该类型中进行。
输出：一个 Python float。

>>> machine_eps(np.float16)
0.0009765625
""",
    "to_bf16": """把 float32 数组舍入到 bfloat16（8 位指数、7 位尾数），舍入方式为就近舍入、平局取偶，
结果仍以 float32 返回。

输入：x，可转换为 float32 的数组。
输出：同形状的 float32 数组，每个值都是 bfloat16 可表示的数（低 16 位为 0）；NaN 仍为 NaN，
超出范围的值变为 inf。

>>> to_bf16(np.array([1 + 2**-8, 1 + 3 * 2**-8])).tolist()
[1.0, 1.015625]
""",
    "one_minus_cos_ratio": """计算 (1 - cos t) / t^2，且在 t 很小时不发生灾难性抵消。

输入：t，非零 float 或 float64 数组。
输出：同形状的 float64 值；t -> 0 时趋于 1/2。提示：1 - cos t = 2 sin^2(t/2)。

>>> round(float(one_minus_cos_ratio(1e-8)), 6)
0.5
""",
    "kahan_sum": """Kahan 补偿求和：全程在 float32 中累加，并用补偿项 c 记录每次加法丢失的低位。

输入：x，一维数组（按 float32 处理）。
输出：np.float32 类型的和。

>>> float(kahan_sum(np.array([1.0, 2.0**-24, 2.0**-24], dtype=np.float32)))
1.0000001192092896
""",
}

HINTS = {
    "en": (
        "Each of these asks what the hardware does with the bits it cannot keep: find where "
        "1 + eps stops changing, decide which neighbour a value rounds to, avoid subtracting "
        "nearly equal numbers, and remember what one addition lost.",
        "bfloat16 keeps the top 16 bits of a float32: add 0x7FFF plus the lowest kept bit "
        "(round half to even) before clearing the low 16 bits. Rewrite 1 - cos t as "
        "2 sin^2(t/2). In Kahan summation c = (t - s) - y is the rounding error of s + y.",
    ),
    "zh": (
        "这几个函数都在问：硬件如何处理它保存不下的那些位？找出 1 + eps 不再变化的位置，判断一个数"
        "舍入到哪个相邻值，避免相减两个几乎相等的数，并记住一次加法丢失了什么。",
        "bfloat16 保留 float32 的高 16 位：先加上 0x7FFF 再加上保留部分的最低位（平局取偶），"
        "然后清零低 16 位。把 1 - cos t 改写为 2 sin^2(t/2)。Kahan 求和中 c = (t - s) - y "
        "正是 s + y 的舍入误差。",
    ),
}


def machine_eps(dtype) -> float:
    """Machine epsilon of a numpy float type by halving: the smallest power of two with
    1 + eps != 1 when computed in that type.

    Input: dtype, a numpy floating type (np.float16, np.float32, np.float64); the arithmetic
    must happen in that type. Output: a Python float.

    >>> machine_eps(np.float16)
    0.0009765625
    """
    one, eps = dtype(1), dtype(1)
    while one + eps / dtype(2) != one:  # smallest power of two with 1 + eps != 1
        eps = eps / dtype(2)
    return float(eps)


def to_bf16(x):
    """Round float32 values to bfloat16 (8 exponent bits, 7 fraction bits), to nearest with
    ties to even, and return them as float32.

    Input: x, an array convertible to float32. Output: a float32 array of the same shape
    whose values are representable in bfloat16 (their low 16 bits are zero); NaN stays NaN
    and values beyond the range become inf.

    >>> to_bf16(np.array([1 + 2**-8, 1 + 3 * 2**-8])).tolist()
    [1.0, 1.015625]
    """
    x = np.asarray(x, dtype=np.float32)
    u = x.view(np.uint32).astype(np.uint64)
    u = (u + 0x7FFF + ((u >> 16) & 1)) & 0xFFFF0000  # round half to even on bit 16
    out = u.astype(np.uint32).view(np.float32)
    return np.where(np.isnan(x), np.float32(np.nan), out)  # a NaN payload must not carry to inf


def one_minus_cos_ratio(t):
    """(1 - cos t) / t^2 computed without catastrophic cancellation for small t.

    Input: t, a non-zero float or float64 array. Output: float64 values of the same shape;
    the limit at t -> 0 is 1/2. Hint: 1 - cos t = 2 sin^2(t/2).

    >>> round(float(one_minus_cos_ratio(1e-8)), 6)
    0.5
    """
    t = np.asarray(t, dtype=float)
    return 2 * np.sin(t / 2) ** 2 / t**2  # same function, no subtraction of close numbers


def kahan_sum(x):
    """Kahan compensated summation in float32: a correction c carries the low-order bits
    that each addition s + y loses.

    Input: x, a 1-D array (used as float32). Output: the sum as an np.float32.

    >>> float(kahan_sum(np.array([1.0, 2.0**-24, 2.0**-24], dtype=np.float32)))
    1.0000001192092896
    """
    x = np.asarray(x, dtype=np.float32)
    s, c = np.float32(0), np.float32(0)
    for v in x:  # c carries the low-order bits lost in s + y
        y = v - c
        t = s + y
        c = (t - s) - y
        s = t
    return s


def _f32(bits: int) -> float:
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def _bf16_exact(bits: int) -> int:
    """Reference rounding of one float32 bit pattern to bfloat16, by exact comparison.

    The two bfloat16 neighbours are the value with the low 16 bits cleared (toward zero)
    and the next bfloat16 away from zero; the nearer wins, a tie goes to the even pattern.
    """
    x = _f32(bits)
    if math.isnan(x):
        return 0x7FC00000
    lo = bits & 0xFFFF0000
    hi = lo + 0x10000
    if lo == bits or math.isinf(x):
        return bits
    a = Fraction(_f32(lo))
    b = Fraction(_f32(hi)) if (hi & 0x7FFFFFFF) < 0x7F800000 else None
    v = Fraction(x)
    if b is None:  # above the largest bfloat16: round to inf past max + half an ulp
        b_val = Fraction(2) ** 128  # the value inf stands for in round-to-nearest
        da, db = abs(v - a), abs(Fraction(math.copysign(1, x)) * b_val - v)
    else:
        da, db = abs(v - a), abs(b - v)
    if da < db:
        return lo
    if db < da:
        return hi
    return lo if (lo >> 16) % 2 == 0 else hi


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Floating-point arithmetic")
    # One case for the three types: a learner's loop that never ends stops this case only.
    with r.case("machine epsilon equals numpy.finfo for float16, float32, float64") as c:
        for dt in (np.float16, np.float32, np.float64):
            e = f.machine_eps(dt)
            r.figure(f"machine epsilon {dt.__name__}", e)
            c.equal(e, float(np.finfo(dt).eps))
    r.figure("float16 max (2 - 2^-10) 2^15", float(np.finfo(np.float16).max))

    # bfloat16 keeps float32's 8-bit exponent but only 7 fraction bits: eps = 2^-7.
    with r.case("bf16: 1 + 2^-7 survives, 1 + 2^-9 rounds to 1") as c:
        c.equal(f.to_bf16(np.array([1 + 2**-7, 1 + 2**-9])), np.float32([1 + 2**-7, 1.0]))
    with r.case("bf16 represents 1e38, float16 overflows") as c:
        with np.errstate(over="ignore"):
            f16_big = np.float16(1e38)
        big = f.to_bf16(np.array([1e38]))[0]
        c.true(np.isfinite(big) and np.isinf(f16_big), f"bf16(1e38) = {big}")
        c.close(big, _f32(_bf16_exact(struct.unpack("<I", struct.pack("<f", 1e38))[0])), rtol=0)

    # Bit patterns that decide a rounding: exact ties (low half 0x8000) with an even and an
    # odd kept part, one below and above a tie, a kept part of all ones (carry into the
    # exponent), the largest finite values (overflow to inf), subnormals, zeros, NaN payloads.
    hi16 = rng.integers(0, 0x7F80, size=300, dtype=np.uint64)
    lows = np.array([0x8000, 0x7FFF, 0x8001, 0x0001, 0xFFFF, 0x0000], dtype=np.uint64)
    crafted = (hi16[:, None] << 16 | lows[None, :]).ravel()
    special = np.array(
        [0x3F808000, 0x3F818000, 0x3F7F8000, 0x3FFFFFFF, 0x3F7FFFFF, 0x7F7F7FFF, 0x7F7F8000,
         0x7F7FFFFF, 0x7F7F8001, 0x00008000, 0x00018000, 0x00007FFF, 0x00000001, 0x0000FFFF,
         0x00000000, 0x7F800000, 0x7F800001, 0x7FC00000, 0x7FBFFFFF],
        dtype=np.uint64,
    )  # fmt: skip
    rand = rng.integers(0, 0x7F800000, size=2000, dtype=np.uint64)
    pats = np.concatenate([crafted, special, rand])
    pats = np.concatenate([pats, pats | 0x80000000]).astype(np.uint32)  # both signs
    expect = np.array([_bf16_exact(int(b)) for b in pats], dtype=np.uint32)
    x32 = pats.view(np.float32)
    nan = np.isnan(x32)
    with r.case("bf16 rounding equals an exact nearest-even reference, bit for bit") as c:
        with np.errstate(all="ignore"):
            got = np.asarray(f.to_bf16(x32), dtype=np.float32)
        ok = got.shape == x32.shape
        c.true(ok, f"shape {got.shape}")
        if ok:
            gb = got.view(np.uint32)
            bad = ~nan & (gb != expect)
            c.true(not bad.any(), f"{int(bad.sum())} of {int((~nan).sum())} values differ")
            c.true(bool(np.all(np.isnan(got[nan]))), "NaN (any payload) stays NaN")
    with r.case("bf16 ties round to even: 1 + 2^-8 -> 1, 1 + 3 2^-8 -> 1 + 2^-6") as c:
        c.equal(
            f.to_bf16(np.float32([1 + 2**-8, 1 + 3 * 2**-8, -(1 + 2**-8), 2 - 2**-9])),
            np.float32([1.0, 1 + 2**-6, -1.0, 2.0]),
        )
    with r.case("bf16 rounding error <= 2^-8 (half an ulp)") as c:
        x = rng.normal(size=10_000).astype(np.float32)
        rel = np.abs(f.to_bf16(x).astype(float) - x) / np.abs(x)
        c.true(rel.max() <= 2**-8, f"max rel err {rel.max():.3g}")

    # Cancellation: (1 - cos t) / t^2 -> 1/2, but 1 - cos t is 0 in float64 for t = 1e-8.
    with r.case("rewritten form gives the limit 1/2") as c:
        t = 1e-8
        stable = f.one_minus_cos_ratio(t)
        naive = (1 - np.cos(t)) / t**2
        r.figure("(1 - cos t)/t^2 at t=1e-8: naive, rewritten", [float(naive), float(stable)])
        c.close(stable, 0.5, rtol=1e-12)
        c.true(abs(naive - 0.5) > 0.4, "the naive form loses every digit")
    with r.case("small t: equals the exact series 1/2 - t^2/24 + t^4/720") as c:
        ts = np.array([1e-12, -3e-9, 1e-6, 2.5e-4, -1e-3])
        ref = [
            float(Fraction(1, 2) - q**2 / 24 + q**4 / 720 - q**6 / 40320)
            for q in map(Fraction, ts.tolist())
        ]
        c.close(f.one_minus_cos_ratio(ts), ref, rtol=1e-14)
    with r.case("large t: equals the naive formula where it is accurate") as c:
        ts = np.array([0.5, 1.0, -2.0, 3.0, 10.0])
        c.close(f.one_minus_cos_ratio(ts), (1 - np.cos(ts)) / ts**2, rtol=1e-13)

    # Summation of 100000 float32 values of 0.1.
    v = np.full(100_000, 0.1, dtype=np.float32)
    exact = math.fsum(v.astype(np.float64))  # exactly rounded reference
    naive_sum = np.float32(0)
    for a in v:  # sequential float32 accumulation
        naive_sum += a
    with r.case("Kahan summation matches math.fsum") as c:
        ks = f.kahan_sum(v)
        r.figure("float32 sums: naive, Kahan, exact", [float(naive_sum), float(ks), exact])
        c.true(abs(naive_sum - exact) / exact > 1e-4, "naive float32 accumulation drifts")
        c.close(float(ks), exact, rtol=1e-7)
        c.true(np.asarray(ks).dtype == np.float32, f"returns {np.asarray(ks).dtype}")
    with r.case("Kahan recovers increments below half an ulp of 1") as c:
        w = np.r_[1.0, np.full(1000, 2.0**-24)].astype(np.float32)  # naive sum stays at 1
        c.equal(float(f.kahan_sum(w)), 1 + 1000 * 2.0**-24)
    with r.case("Kahan error <= (2u + n u^2) sum |x| on mixed signs and scales") as c:
        z = (rng.normal(size=5000) * 10.0 ** rng.integers(-3, 4, size=5000)).astype(np.float32)
        ref = math.fsum(z.astype(np.float64))
        u = 2.0**-24
        bound = (2 * u + len(z) * u**2) * np.sum(np.abs(z.astype(np.float64)))
        err = abs(float(f.kahan_sum(z)) - ref)
        c.true(err <= bound, f"error {err:.3g} vs bound {bound:.3g}")
    return r


if __name__ == "__main__":
    main(run)
