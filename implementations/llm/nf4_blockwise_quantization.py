"""nf4-blockwise-quantization: 4-bit NormalFloat levels and block-wise absmax quantisation.

Follows Dettmers et al., "QLoRA" (arXiv 2305.14314): NF4 places its 16 levels at
quantiles of N(0, 1) (one more positive level than negative, so that 0 is exact), normalised
to [-1, 1]; weights are cut into blocks of 64, each block divided by its absmax and rounded to
the nearest level; double quantisation stores the 32-bit absmax constants in 8 bits with one
32-bit constant per 256 of them, cutting the overhead from 32/64 = 0.5 to
8/64 + 32/(64*256) = 0.127 bits per parameter. The level construction is the one in the
bitsandbytes library (create_normal_map, offset 0.9677083). Checks: the levels against the
published float32 NF4 table; codes against brute-force nearest-level search; each block's
absmax is reconstructed exactly; the per-element error is at most absmax times half the
largest gap; NF4 beats 4-bit uniform absmax on Gaussian weights; small blocks beat one
per-tensor scale on heavy-tailed weights; overhead bits against the QLoRA arithmetic.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import norm

from implementations._common import Report, main, solution

EXERCISE = ["nf4_levels", "quantize_blockwise", "dequantize_blockwise", "bits_per_parameter"]

DOC_ZH = {
    "nf4_levels": """NF4 的 16 个量化级（bitsandbytes 的 create_normal_map 构造）。

输入：offset，最外侧分位点的概率（默认 0.9677083）。
输出：升序的 16 个浮点数：8 个正值 norm.ppf(linspace(offset, 0.5, 9)[:-1])、7 个负值 -norm.ppf(linspace(offset, 0.5, 8)[:-1]) 和 0，再整体除以最大值，使范围为 [-1, 1]。

>>> [round(float(x), 4) for x in nf4_levels()[:3]]
[-1.0, -0.6962, -0.5251]
""",
    "quantize_blockwise": """分块 absmax 量化：每块除以块内最大绝对值，再取最近的量化级下标。

输入：w，一维浮点数组，长度是 block 的整数倍；levels，升序的量化级（范围 [-1, 1]）；block，块大小。
输出：(codes, absmax)：codes 为与 w 等长的整数数组（levels 的下标），absmax 为每块的 max|w|（长度 len(w)/block）。

>>> codes, s = quantize_blockwise(np.array([1.5, -2.0]), np.array([-1.0, 0.0, 1.0]), 2)
>>> codes.tolist(), s.tolist()
([2, 0], [2.0])
""",
    "dequantize_blockwise": """分块反量化：w_hat = levels[codes] * 该块的 absmax。

输入：codes；absmax；levels；block。
输出：与 codes 等长的浮点数组。

>>> dequantize_blockwise(np.array([2, 0]), np.array([2.0]), np.array([-1.0, 0.0, 1.0]), 2).tolist()
[2.0, -2.0]
""",
    "bits_per_parameter": """每个参数占用的平均比特数（含量化常数的开销）。

输入：bits，每个权重的比特数；block，每个 absmax 常数覆盖的权重数；const_bits，absmax 的比特数；dq_block，若不为 None 表示二次量化：absmax 存成 const_bits 位，每 dq_block 个 absmax 再共享一个 32 位常数。
输出：浮点数 bits + const_bits/block（+ 32/(block*dq_block)）。

>>> bits_per_parameter(4, 64, 32)
4.5
""",
}

HINTS = {
    "en": (
        "Scale each block by its largest magnitude so it fits in [-1, 1], then store the index "
        "of the closest of the 16 levels; NF4 puts those levels at normal quantiles.",
        "levels = sort([ppf(linspace(off, .5, 9)[:-1]), 0, -ppf(linspace(off, .5, 8)[:-1])]) / "
        "max; codes = argmin_j |w/absmax - levels[j]|; w_hat = levels[codes] * absmax; "
        "overhead = const_bits/block (+ 32/(block*dq_block)).",
    ),
    "zh": (
        "把每块除以块内最大绝对值，使其落在 [-1, 1]，再存下 16 个量化级中最近者的下标；NF4 把这些量化级放在正态分位点上。",
        "levels = sort([ppf(linspace(off, .5, 9)[:-1]), 0, -ppf(linspace(off, .5, 8)[:-1])]) / max；"
        "codes = argmin_j |w/absmax - levels[j]|；w_hat = levels[codes] * absmax；"
        "开销 = const_bits/block（+ 32/(block*dq_block)）。",
    ),
}

# The float32 NF4 table of the bitsandbytes library (create_normal_map with offset 0.9677083).
NF4_TABLE = [
    -1.0,
    -0.6961928009986877,
    -0.5250730514526367,
    -0.39491748809814453,
    -0.28444138169288635,
    -0.18477343022823334,
    -0.09105003625154495,
    0.0,
    0.07958029955625534,
    0.16093020141124725,
    0.24611230194568634,
    0.33791524171829224,
    0.44070982933044434,
    0.5626170039176941,
    0.7229568362236023,
    1.0,
]


def nf4_levels(offset=0.9677083):
    """The 16 NF4 levels, built as bitsandbytes' create_normal_map does.

    Input: offset, the probability of the outermost quantile (default 0.9677083). Output: 16
    floats in increasing order: 8 positive norm.ppf(linspace(offset, 0.5, 9)[:-1]), 7 negative
    -norm.ppf(linspace(offset, 0.5, 8)[:-1]) and 0, all divided by the largest so that the
    range is [-1, 1].

    >>> [round(float(x), 4) for x in nf4_levels()[:3]]
    [-1.0, -0.6962, -0.5251]
    """
    pos = norm.ppf(np.linspace(offset, 0.5, 9)[:-1])
    neg = -norm.ppf(np.linspace(offset, 0.5, 8)[:-1])
    v = np.sort(np.concatenate([pos, [0.0], neg]))
    return v / v.max()


def quantize_blockwise(w, levels, block):
    """Block-wise absmax quantisation: divide each block by its largest magnitude and keep the
    index of the nearest level.

    Input: w, a 1-D float array whose length is a multiple of block; levels, increasing levels
    in [-1, 1]; block, the block size. Output: (codes, absmax): codes an int array as long as
    w (indices into levels), absmax the max |w| of each block (length len(w)/block).

    >>> codes, s = quantize_blockwise(np.array([1.5, -2.0]), np.array([-1.0, 0.0, 1.0]), 2)
    >>> codes.tolist(), s.tolist()
    ([2, 0], [2.0])
    """
    wb = np.asarray(w, float).reshape(-1, block)
    absmax = np.abs(wb).max(axis=1)
    x = wb / absmax[:, None]
    codes = np.abs(x[..., None] - levels).argmin(axis=-1)
    return codes.ravel(), absmax


def dequantize_blockwise(codes, absmax, levels, block):
    """Block-wise dequantisation: w_hat = levels[codes] times the block's absmax.

    Input: codes; absmax; levels; block. Output: a float array as long as codes.

    >>> dequantize_blockwise(np.array([2, 0]), np.array([2.0]), np.array([-1.0, 0.0, 1.0]), 2).tolist()
    [2.0, -2.0]
    """
    q = np.asarray(levels)[np.asarray(codes)].reshape(-1, block)
    return (q * np.asarray(absmax)[:, None]).ravel()


def bits_per_parameter(bits, block, const_bits, dq_block=None):
    """Average storage per parameter, counting the quantisation constants.

    Input: bits per weight; block, weights per absmax constant; const_bits, bits per absmax;
    dq_block, if not None, double quantisation: absmax stored in const_bits bits with one
    32-bit constant per dq_block of them. Output: the float bits + const_bits/block
    (+ 32/(block*dq_block)).

    >>> bits_per_parameter(4, 64, 32)
    4.5
    """
    extra = 0.0 if dq_block is None else 32 / (block * dq_block)
    return bits + const_bits / block + extra


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("NF4: normal-quantile levels, block-wise absmax, double quantisation")

    with r.case("levels equal the published float32 NF4 table") as c:
        lv = np.asarray(f.nf4_levels(), float)
        c.close(lv, NF4_TABLE, atol=2e-7)
    with r.case("levels for another offset follow the normal quantiles (scipy)") as c:
        off = 0.99
        q = np.sort(
            np.r_[
                norm.ppf(np.linspace(off, 0.5, 9)[:-1]), 0, -norm.ppf(np.linspace(off, 0.5, 8)[:-1])
            ]
        )
        c.close(f.nf4_levels(off), q / q.max(), rtol=1e-12)

    levels = np.array(NF4_TABLE)
    block = 64
    w = rng.normal(0, 0.02, 64 * 40)
    w[rng.integers(len(w), size=5)] *= 15  # a few outliers
    with r.case("codes are the brute-force nearest level of w / absmax") as c:
        codes, absmax = f.quantize_blockwise(w, levels, block)
        wb = w.reshape(-1, block)
        amax = np.abs(wb).max(1)
        c.close(absmax, amax, rtol=1e-12)
        want = np.empty(len(w), int)
        for i, x in enumerate(w):
            s = x / amax[i // block]
            want[i] = min(range(16), key=lambda j: abs(s - levels[j]))
        c.equal(np.asarray(codes), want)

    with r.case("dequantise: absmax exact, error <= absmax * half the largest gap") as c:
        wh = np.asarray(f.dequantize_blockwise(want, amax, levels, block))
        c.close(wh, levels[want] * np.repeat(amax, block), rtol=1e-12)
        err = np.abs(w - wh).reshape(-1, block)
        half_gap = np.max(np.diff(levels)) / 2
        c.true(np.all(err <= amax[:, None] * half_gap + 1e-15), "elementwise bound")
        top = np.abs(wb).argmax(1)
        c.close(wh.reshape(-1, block)[np.arange(len(amax)), top], wb[np.arange(len(amax)), top])

    def mse(x, lv, blk):
        cd, s = f.quantize_blockwise(x, lv, blk)
        return float(np.mean((x - f.dequantize_blockwise(cd, s, lv, blk)) ** 2))

    g = rng.normal(0, 1, 64 * 400)
    uniform4 = np.linspace(-1, 1, 15)  # symmetric int4 absmax: -7..7 over 7
    with r.case("NF4 has lower error than 4-bit uniform absmax on Gaussian weights") as c:
        e_nf, e_un = mse(g, levels, 64), mse(g, uniform4, 64)
        r.figure("MSE on N(0,1) weights, block 64: NF4 | int4 absmax", [e_nf, e_un])
        c.true(e_nf < 0.8 * e_un, f"{e_nf:.5f} vs {e_un:.5f}")
        e_ref = np.mean((g - dequant_ref(g, uniform4, 64)) ** 2)
        c.close(e_un, e_ref, rtol=1e-12)

    t = rng.standard_t(3, 64 * 256) * 0.02
    with r.case("blocks of 64 beat one scale per 16384 weights on heavy-tailed weights") as c:
        e64, e_all = mse(t, levels, 64), mse(t, levels, len(t))
        r.figure("MSE on t(3) weights: block 64 | one block", [e64, e_all])
        c.true(e64 < 0.5 * e_all, f"{e64:.3g} vs {e_all:.3g}")

    with r.case("overhead: 0.5 bit at block 64, 0.127 with double quantisation (QLoRA)") as c:
        c.close(f.bits_per_parameter(4, 64, 32), 4.5, rtol=1e-12)
        c.close(f.bits_per_parameter(4, 64, 8, 256), 4 + 0.125 + 32 / 16384, rtol=1e-12)
        c.close(f.bits_per_parameter(4, 64, 8, 256) - 4, 0.127, atol=5e-4)
        c.close(f.bits_per_parameter(8, 2048, 32), 8 + 1 / 64, rtol=1e-12)
    return r


def dequant_ref(x, lv, blk):
    xb = x.reshape(-1, blk)
    s = np.abs(xb).max(1, keepdims=True)
    idx = np.abs((xb / s)[..., None] - lv).argmin(-1)
    return (lv[idx] * s).ravel()


if __name__ == "__main__":
    main(run)
