"""uniform-quantization: equal-width cells; each extra bit buys about 6.02 dB of SQNR.

Follows Cover & Thomas ch 10 and the affine (scale, zero-point) integer scheme of Jacob et
al. (2018) / Nagel et al. (2021). Checks: for a uniform input on [-1, 1] a b-bit midrise
quantiser has SQNR = 20 log10(2^b) = 6.02 b dB (Monte Carlo, 400k samples); the MSE matches
Delta^2 / 12; affine int8 quantisation errs by at most scale / 2 inside the clipping range;
the quantiser equals a brute-force nearest-level search over all 2^b midpoints (which also
clips out-of-range inputs); affine scale and zero point equal their closed forms, the integer
codes equal a brute-force nearest-grid-point search (also for an all-positive tensor, zero
point 0); affine int8 quantisation errs by at most scale / 2 inside the clipping range.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["midrise", "affine_quant"]

DOC_ZH = {
    "midrise": """b 位 midrise 均匀量化器：[-xmax, xmax] 分成 2^b 个等宽单元（步长 Δ = 2·xmax / 2^b），
输出所在单元的中点；超出范围的输入截断到最外侧单元。

输入：x，数组；bits，位数 b；xmax，量化范围。
输出：与 x 同形状的重建值数组。

>>> midrise(np.array([0.1, -0.6, 3.0]), 2).tolist()
[0.25, -0.75, 0.75]
""",
    "affine_quant": """非对称（scale, zero_point）量化到无符号 b 位整数：范围 [lo, hi] 必须包含 0
（lo = min(min x, 0)，hi = max(max x, 0)），scale = (hi - lo) / (2^b - 1)，zero = round(-lo / scale)，
q = clip(round(x / scale) + zero, 0, 2^b - 1)。

输入：x，数组；bits，位数（默认 8）。
输出：(q，整数数组；bits <= 8 时 dtype 为 uint8)，scale（float），zero（int）)。反量化为 (q - zero)·scale。

>>> q, scale, zero = affine_quant(np.array([-1.0, 0.0, 2.0]), 2)
>>> q.tolist(), round(scale, 6), zero
([0, 1, 3], 1.0, 1)
""",
}

HINTS = {
    "en": (
        "Work in units of the step: which cell index does x fall into, and where is that "
        "cell's centre?",
        "midrise: idx = clip(floor(x / step), -2^(b-1), 2^(b-1) - 1), output (idx + 0.5) step. "
        "affine: stretch [min(x, 0), max(x, 0)] over 0..2^b - 1; the zero point is the "
        "integer that represents 0.0 exactly.",
    ),
    "zh": (
        "以步长为单位思考：x 落在哪个单元编号里，这个单元的中心在哪里？",
        "midrise：idx = clip(floor(x / step), -2^(b-1), 2^(b-1) - 1)，输出 (idx + 0.5) step。"
        "affine：把 [min(x, 0), max(x, 0)] 拉伸到 0..2^b - 1；零点是精确表示 0.0 的那个整数。",
    ),
}


def midrise(x: np.ndarray, bits: int, xmax: float = 1.0) -> np.ndarray:
    """A b-bit midrise uniform quantiser: [-xmax, xmax] split into 2^b equal cells (step
    Delta = 2 xmax / 2^b); output the centre of x's cell, out-of-range inputs clipped to the
    outermost cells.

    Input: x, an array; bits, b; xmax, the range. Output: the reconstructions (x's shape).

    >>> midrise(np.array([0.1, -0.6, 3.0]), 2).tolist()
    [0.25, -0.75, 0.75]
    """
    step = 2 * xmax / 2**bits
    idx = np.clip(np.floor(x / step), -(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    return (idx + 0.5) * step  # reconstruct at the cell midpoint


def affine_quant(x: np.ndarray, bits: int = 8):
    """Asymmetric (scale, zero_point) quantisation to unsigned b-bit integers. The range
    [lo, hi] must contain 0 (lo = min(min x, 0), hi = max(max x, 0)); scale = (hi - lo) /
    (2^b - 1), zero = round(-lo / scale), q = clip(round(x / scale) + zero, 0, 2^b - 1).

    Input: x, an array; bits (default 8). Output: (q, integers, uint8 when bits <= 8; scale,
    a float; zero, an int). Dequantise with (q - zero) scale.

    >>> q, scale, zero = affine_quant(np.array([-1.0, 0.0, 2.0]), 2)
    >>> q.tolist(), round(scale, 6), zero
    ([0, 1, 3], 1.0, 1)
    """
    qmax = 2**bits - 1
    lo, hi = min(float(x.min()), 0.0), max(float(x.max()), 0.0)  # range must contain 0
    scale = (hi - lo) / qmax
    zero = int(round(-lo / scale))
    q = np.clip(np.round(x / scale) + zero, 0, qmax).astype(np.uint8 if bits <= 8 else np.int32)
    return q, scale, zero


def _nearest(x, levels):
    """Brute force: the nearest of the given levels to each x."""
    return levels[np.argmin(np.abs(x[:, None] - levels[None, :]), axis=1)]


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Uniform quantization")
    with r.case("midrise = nearest of the 2^b cell midpoints (brute force, with clipping)") as c:
        for b, xm in ((1, 1.0), (3, 1.0), (4, 2.5), (5, 0.5)):
            xs = rng.uniform(-1.5 * xm, 1.5 * xm, 3000)  # a third of them out of range
            step = 2 * xm / 2**b
            levels = (np.arange(-(2 ** (b - 1)), 2 ** (b - 1)) + 0.5) * step
            c.close(f.midrise(xs, b, xm), _nearest(xs, levels), rtol=1e-12)
        c.close(f.midrise(np.zeros(3), 2), [0.25] * 3, rtol=1e-12)  # midrise: no zero level
        c.close(f.midrise(np.full((2, 2), -0.25), 3), np.full((2, 2), -0.125), rtol=1e-12)
    x = rng.uniform(-1, 1, 400_000)
    bits = np.arange(2, 9)
    sqnr = np.zeros(len(bits))
    with r.case("SQNR = 20 log10(2^b) = 6.02 b dB") as c:
        sqnr = np.array(
            [10 * np.log10(np.mean(x**2) / np.mean((x - f.midrise(x, b)) ** 2)) for b in bits]
        )
        r.figure("SQNR (dB) for b = 2..8", np.round(sqnr, 3).tolist())
        c.close(sqnr, 20 * np.log10(2.0**bits), atol=0.05)
    with r.case("gain per extra bit is 6.02 dB") as c:
        c.close(np.diff(sqnr), np.full(len(bits) - 1, 20 * np.log10(2)), atol=0.05)
    with r.case("4-bit MSE equals Delta^2 / 12") as c:
        step = 2 / 2**4
        c.close(np.mean((x - f.midrise(x, 4)) ** 2), step**2 / 12, rtol=0.01)

    w = rng.normal(0.3, 1.0, 10_000).astype(np.float32)  # a weight tensor
    with r.case("affine scale and zero point equal their closed forms") as c:
        q, scale, zero = f.affine_quant(w)
        lo, hi = min(float(w.min()), 0.0), max(float(w.max()), 0.0)
        c.close(scale, (hi - lo) / 255, rtol=1e-9)
        c.equal(int(zero), int(np.floor(-lo / ((hi - lo) / 255) + 0.5)))
        r.figure("int8 scale, zero point", (float(scale), int(zero)))
        c.equal(str(np.asarray(q).dtype), "uint8")
        pos = np.array([0.5, 1.0, 3.0, 2.2])  # all positive: lo = 0, zero point 0
        qp, sp, zp = f.affine_quant(pos, 4)
        c.close(sp, 3.0 / 15, rtol=1e-12)
        c.equal(int(zp), 0)
        c.equal(np.asarray(qp).astype(int), [2, 5, 15, 11])
        c.equal(str(np.asarray(qp).dtype), "uint8")  # 4-bit codes also fit a byte
        q9, _, _ = f.affine_quant(pos, 9)
        c.equal(np.asarray(q9).astype(int), [85, 170, 511, 375])  # 9 bits do not fit a byte
        qn, sn, zn = f.affine_quant(np.array([-3.0, -1.0, -0.2]), 4)
        c.close(sn, 3.0 / 15, rtol=1e-12)  # all negative: hi = 0, zero point 15
        c.equal(int(zn), 15)
        c.equal(np.asarray(qn).astype(int), [0, 10, 14])
    with r.case("affine codes = nearest grid point (brute force)") as c:
        q, scale, zero = f.affine_quant(w)
        grid = (np.arange(256) - int(zero)) * float(scale)
        ref = np.argmin(np.abs(w.astype(float)[:, None] - grid[None, :]), axis=1)
        c.true(float(np.mean(np.asarray(q).astype(int) == ref)) > 0.999, "codes agree (ties aside)")
        c.true(int(np.max(np.abs(np.asarray(q).astype(int) - ref))) <= 1, "off by at most one")
    with r.case("affine int8 error <= scale/2 inside the representable range") as c:
        q, scale, zero = f.affine_quant(w)
        w_hat = (np.asarray(q).astype(np.float32) - zero) * scale
        lo_rep, hi_rep = -zero * scale, (255 - zero) * scale  # representable range
        inside = (w >= lo_rep) & (w <= hi_rep)
        err = np.abs(w - w_hat)
        c.true(inside.mean() > 0.99, "almost every weight is inside the range")
        c.true(
            float(err[inside].max()) <= scale / 2 * (1 + 1e-5),
            f"max {err[inside].max():.5f} vs {scale / 2:.5f}",
        )
        c.true(float(err.max()) <= scale * (1 + 1e-5), f"everywhere <= scale: {err.max():.5f}")

    g = rng.normal(0, 1, 400_000)  # Gaussian input, range +-5 sigma (overload negligible)
    with r.case("Gaussian input: also ~6.02 dB per bit at high rate") as c:
        sg = [
            10 * np.log10(np.mean(g**2) / np.mean((g - f.midrise(g, b, 5.0)) ** 2))
            for b in (6, 7, 8)
        ]
        r.figure("Gaussian SQNR (dB), 6-8 bits, clip at 5 sigma", np.round(sg, 3).tolist())
        c.close(np.diff(sg), [6.02, 6.02], atol=0.05)
    return r


if __name__ == "__main__":
    main(run)
