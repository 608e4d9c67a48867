"""floating-point-arithmetic: machine epsilon, range, rounding, cancellation, summation.

Follows Goodfellow et al. 4.1 (Overflow and Underflow) and 4.2 (Poor Conditioning).
Checks: machine epsilon found by halving against numpy.finfo for float16/32/64; the float16
maximum 65504 and its overflow; a bfloat16 emulation (float32 with the low 16 bits rounded
away) against the format's definition (8 exponent bits, 7 fraction bits); catastrophic
cancellation against a rewritten formula; Kahan summation against math.fsum.
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main


def machine_eps(dtype) -> float:
    one, eps = dtype(1), dtype(1)
    while one + eps / dtype(2) != one:  # smallest power of two with 1 + eps != 1
        eps = eps / dtype(2)
    return float(eps)


def to_bf16(x: np.ndarray) -> np.ndarray:
    """Round float32 to bfloat16 (round to nearest even) and return it as float32."""
    u = np.asarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    u = (u + 0x7FFF + ((u >> 16) & 1)) & 0xFFFF0000
    return u.astype(np.uint32).view(np.float32)


def kahan_sum(x: np.ndarray) -> np.float32:
    s, c = np.float32(0), np.float32(0)
    for v in x:  # c carries the low-order bits lost in s + y
        y = v - c
        t = s + y
        c = (t - s) - y
        s = t
    return s


def run() -> Report:
    r = Report("Floating-point arithmetic")
    for dt in (np.float16, np.float32, np.float64):
        e = machine_eps(dt)
        r.figure(f"machine epsilon {dt.__name__}", e)
        r.check_close(
            f"{dt.__name__} epsilon equals numpy.finfo", e, float(np.finfo(dt).eps), rtol=0
        )

    # Largest float16: (2 - 2^-10) * 2^15, from 10 fraction bits and a maximum exponent of 15.
    r.check_close(
        "float16 max is (2 - 2^-10) 2^15 = 65504",
        float(np.finfo(np.float16).max),
        (2 - 2**-10) * 2**15,
        rtol=0,
    )
    with np.errstate(over="ignore"):
        r.check("float16: 300 * 300 overflows to inf", np.isinf(np.float16(300) * np.float16(300)))

    # bfloat16 keeps float32's 8-bit exponent but only 7 fraction bits: eps = 2^-7.
    r.check_close(
        "bf16: 1 + 2^-7 survives, 1 + 2^-9 rounds to 1",
        to_bf16(np.array([1 + 2**-7, 1 + 2**-9])),
        [1 + 2**-7, 1.0],
        rtol=0,
    )
    with np.errstate(over="ignore"):
        f16_big = np.float16(1e38)
    r.check(
        "bf16 represents 1e38, float16 overflows",
        np.isfinite(to_bf16(np.array([1e38]))[0]) and np.isinf(f16_big),
    )
    x = np.random.default_rng(0).normal(size=10_000).astype(np.float32)
    rel = np.abs(to_bf16(x) - x) / np.abs(x)
    r.check(
        "bf16 rounding error <= 2^-8 (half an ulp)",
        rel.max() <= 2**-8,
        f"max rel err {rel.max():.3g}",
    )

    # Cancellation: (1 - cos t) / t^2 -> 1/2, but 1 - cos t is 0 in float64 for t = 1e-8.
    t = 1e-8
    naive = (1 - np.cos(t)) / t**2
    stable = 2 * np.sin(t / 2) ** 2 / t**2  # same function, no subtraction of close numbers
    r.figure("(1 - cos t)/t^2 at t=1e-8: naive, rewritten", [float(naive), float(stable)])
    r.check_close("rewritten form gives the limit 1/2", stable, 0.5, rtol=1e-12)
    r.check("naive form loses every digit", abs(naive - 0.5) > 0.4)

    # Summation of 100000 float32 values of 0.1.
    v = np.full(100_000, 0.1, dtype=np.float32)
    exact = math.fsum(v.astype(np.float64))  # exactly rounded reference
    naive_sum = np.float32(0)
    for a in v:  # sequential float32 accumulation
        naive_sum += a
    ks = kahan_sum(v)
    r.figure("float32 sums: naive, Kahan, exact", [float(naive_sum), float(ks), exact])
    r.check(
        "naive float32 accumulation drifts (rel err > 1e-4)", abs(naive_sum - exact) / exact > 1e-4
    )
    r.check_close("Kahan summation matches math.fsum", float(ks), exact, rtol=1e-7)
    return r


if __name__ == "__main__":
    main(run)
