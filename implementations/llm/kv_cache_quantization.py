"""kv-cache-quantization: asymmetric low-bit KV cache, keys per channel and values per token.

Follows Liu et al., "KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache" (arXiv
2402.02750): each group of numbers is stored as round((x - min) / s) with s = (max - min) /
(2^b - 1); the key cache has a few outlier channels, so keys are quantised per channel (the
min and max of one channel over a group of tokens), while values are quantised per token;
the most recent tokens, which do not yet fill a group, stay in full precision. Checks: codes
are integers in [0, 2^b - 1] with each group's min and max reconstructed exactly and every
error at most s/2, against a brute-force loop over groups; on keys with planted outlier
channels per-channel grouping beats per-token grouping by a wide margin; the KIVI cache keeps
the residual tokens exact and quantises the rest exactly as the per-group reference does;
the attention output error falls as the bit width grows (2, 4, 8 bits).
"""

from __future__ import annotations

import numpy as np
from scipy.special import softmax

from implementations._common import Report, main, solution

EXERCISE = ["quantize_asym", "dequantize_asym", "kivi_cache"]

DOC_ZH = {
    "quantize_asym": """非对称（最小值/最大值）量化：沿 axis 取每组的 min 与 max，映射到整数 0..2^b-1。

输入：x，浮点数组；bits；axis，取统计量时被约简的轴（沿它的所有元素共享一组尺度）。
输出：(codes, scale, mn)：codes = round((x - mn) / scale) 截断到 [0, 2^b - 1] 的整数数组；scale = (max - min) / (2^b - 1) 与 mn = min，二者在 axis 上保持维度（keepdims）。

>>> codes, s, mn = quantize_asym(np.array([[0.0, 1.0, 3.0]]), 2, axis=1)
>>> codes.tolist(), s.ravel().tolist()
([[0, 1, 3]], [1.0])
""",
    "dequantize_asym": """非对称反量化：x_hat = codes * scale + mn。

输入：codes；scale；mn（可广播）。
输出：浮点数组。

>>> dequantize_asym(np.array([[0, 1, 3]]), np.array([[1.0]]), np.array([[0.5]])).tolist()
[[0.5, 1.5, 3.5]]
""",
    "kivi_cache": """KIVI 式 KV 缓存：键按通道量化、值按词元量化，最近的 residual 个词元保留全精度。

输入：K、V，形状 (T, d)；bits；group，键的分组长度（每组 group 个词元，每个通道一组尺度）；residual，末尾保留全精度的最少词元数。
设 n = ((T - residual) // group) * group（若为负则取 0）：前 n 个词元被量化——键在每组 group 个词元内按通道（axis=0）量化，值逐词元（axis=1）量化；其余词元原样保留。
输出：(K_hat, V_hat)，反量化后的缓存，形状与输入相同。

>>> K = np.arange(8.0).reshape(4, 2); Kh, Vh = kivi_cache(K, K, 8, 2, 2)
>>> bool(np.allclose(Kh, K)), bool(np.allclose(Vh, K))
(True, True)
""",
}

HINTS = {
    "en": (
        "Asymmetric quantisation maps [min, max] of each group onto the integers 0..2^b-1; "
        "which elements form a group is the whole difference between per-channel and per-token.",
        "scale = (max - min)/(2^b - 1), codes = clip(round((x - min)/scale), 0, 2^b - 1) with "
        "min/max taken along `axis` (keepdims). KIVI: keys grouped as blocks of `group` tokens, "
        "stats over axis 0 (per channel); values stats over axis 1 (per token); keep the tail.",
    ),
    "zh": (
        "非对称量化把每组的 [min, max] 映射到整数 0..2^b-1；按通道还是按词元量化，区别只在于哪些元素组成一组。",
        "scale = (max - min)/(2^b - 1)，codes = clip(round((x - min)/scale), 0, 2^b - 1)，min/max 沿 axis 求（keepdims）。"
        "KIVI：键按每 group 个词元分块、沿 axis 0（每个通道）求统计量；值沿 axis 1（每个词元）；末尾保留全精度。",
    ),
}


def quantize_asym(x, bits, axis):
    """Asymmetric (min/max) quantisation: each group along `axis` maps [min, max] onto the
    integers 0..2^b-1.

    Input: x, a float array; bits; axis, the axis reduced for the statistics (all elements
    along it share one scale). Output: (codes, scale, mn): codes = round((x - mn) / scale)
    clipped to [0, 2^b - 1] as an int array; scale = (max - min) / (2^b - 1) and mn = min,
    both kept with keepdims along axis.

    >>> codes, s, mn = quantize_asym(np.array([[0.0, 1.0, 3.0]]), 2, axis=1)
    >>> codes.tolist(), s.ravel().tolist()
    ([[0, 1, 3]], [1.0])
    """
    levels = 2**bits - 1
    mn = x.min(axis=axis, keepdims=True)
    mx = x.max(axis=axis, keepdims=True)
    scale = (mx - mn) / levels
    codes = np.clip(np.round((x - mn) / scale), 0, levels).astype(int)
    return codes, scale, mn


def dequantize_asym(codes, scale, mn):
    """Asymmetric dequantisation: x_hat = codes * scale + mn.

    Input: codes; scale; mn (broadcastable). Output: a float array.

    >>> dequantize_asym(np.array([[0, 1, 3]]), np.array([[1.0]]), np.array([[0.5]])).tolist()
    [[0.5, 1.5, 3.5]]
    """
    return codes * scale + mn


def kivi_cache(K, V, bits, group, residual):
    """KIVI-style KV cache: keys quantised per channel, values per token, and the most recent
    tokens kept in full precision.

    Input: K and V of shape (T, d); bits; group, the key group length (each group of `group`
    tokens has one scale per channel); residual, the least number of trailing tokens kept in
    full precision. With n = ((T - residual) // group) * group (0 if negative), the first n
    tokens are quantised: keys per channel (axis=0) inside each group of `group` tokens,
    values per token (axis=1); the other tokens are kept as they are. Output: (K_hat, V_hat),
    the dequantised caches, shaped like the inputs.

    >>> K = np.arange(8.0).reshape(4, 2); Kh, Vh = kivi_cache(K, K, 8, 2, 2)
    >>> bool(np.allclose(Kh, K)), bool(np.allclose(Vh, K))
    (True, True)
    """
    T = K.shape[0]
    n = max((T - residual) // group, 0) * group
    Kh, Vh = K.astype(float).copy(), V.astype(float).copy()
    for s in range(0, n, group):
        Kh[s : s + group] = dequantize_asym(*quantize_asym(K[s : s + group], bits, axis=0))
    if n:
        Vh[:n] = dequantize_asym(*quantize_asym(V[:n], bits, axis=1))
    return Kh, Vh


def ref_group_quant(x, bits):
    """Brute-force reference: quantise one 1-D group element by element."""
    lo, hi = min(x), max(x)
    s = (hi - lo) / (2**bits - 1)
    return np.array([lo + s * min(max(round((v - lo) / s), 0), 2**bits - 1) for v in x])


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("KIVI: asymmetric KV-cache quantisation, keys per channel, values per token")
    T, d = 96, 16
    K = rng.normal(size=(T, d))
    K[:, [3, 11]] = K[:, [3, 11]] * 1.5 + 15  # outlier channels, as KIVI observes in keys
    V = rng.normal(size=(T, d))

    with r.case("codes in [0, 2^b - 1]; group min and max exact; error <= scale / 2") as c:
        for bits in (2, 3, 4, 8):
            for axis in (0, 1):
                codes, s, mn = f.quantize_asym(K, bits, axis)
                codes = np.asarray(codes)
                c.true(np.issubdtype(codes.dtype, np.integer), "integer codes")
                c.true(codes.min() >= 0 and codes.max() <= 2**bits - 1, f"range at {bits} bits")
                xh = np.asarray(f.dequantize_asym(codes, s, mn))
                c.close(xh.min(axis=axis), K.min(axis=axis), rtol=1e-12)
                c.close(xh.max(axis=axis), K.max(axis=axis), rtol=1e-12)
                step = (K.max(axis=axis, keepdims=True) - K.min(axis=axis, keepdims=True)) / (
                    2**bits - 1
                )
                c.true(np.all(np.abs(K - xh) <= step / 2 + 1e-12), "half-step bound")

    with r.case("quantise/dequantise equals a brute-force loop over groups") as c:
        for bits in (2, 4):
            codes, s, mn = f.quantize_asym(V, bits, 1)
            xh = np.asarray(f.dequantize_asym(codes, s, mn))
            want = np.array([ref_group_quant(row, bits) for row in V])
            c.close(xh, want, rtol=1e-12, atol=1e-12)
            codes, s, mn = f.quantize_asym(V, bits, 0)
            want = np.array([ref_group_quant(col, bits) for col in V.T]).T
            c.close(np.asarray(f.dequantize_asym(codes, s, mn)), want, rtol=1e-12, atol=1e-12)

    with r.case("keys with outlier channels: per-channel error far below per-token") as c:
        errs = []
        for axis in (0, 1):  # axis 0: stats over tokens = one scale per channel
            xh = f.dequantize_asym(*f.quantize_asym(K, 2, axis))
            errs.append(float(np.mean((K - xh) ** 2)))
        r.figure("2-bit key MSE: per-channel | per-token", errs)
        c.true(errs[0] < 0.2 * errs[1], f"{errs[0]:.4f} vs {errs[1]:.4f}")

    group, residual = 32, 20
    with r.case("KIVI cache: residual tokens exact, the rest matches per-group reference") as c:
        for bits in (2, 4):
            Kh, Vh = (np.asarray(a) for a in f.kivi_cache(K, V, bits, group, residual))
            n = (T - residual) // group * group  # 64: two key groups, 32 full-precision tokens
            c.equal(Kh[n:], K[n:])
            c.equal(Vh[n:], V[n:])
            for s0 in range(0, n, group):
                want = np.array([ref_group_quant(col, bits) for col in K[s0 : s0 + group].T]).T
                c.close(Kh[s0 : s0 + group], want, rtol=1e-12, atol=1e-12)
            want_v = np.array([ref_group_quant(row, bits) for row in V[:n]])
            c.close(Vh[:n], want_v, rtol=1e-12, atol=1e-12)
        Kh, Vh = f.kivi_cache(K[:40], V[:40], 2, group, residual)  # too short: nothing quantised
        c.equal(np.asarray(Kh), K[:40])
        c.equal(np.asarray(Vh), V[:40])

    with r.case("attention output error shrinks as bits grow (2 > 4 > 8)") as c:
        q = rng.normal(size=(8, d)) * 0.3
        exact = softmax(q @ K.T / np.sqrt(d), axis=1) @ V
        errs = []
        for bits in (2, 4, 8):
            Kh, Vh = f.kivi_cache(K, V, bits, group, residual)
            out = softmax(q @ np.asarray(Kh).T / np.sqrt(d), axis=1) @ np.asarray(Vh)
            errs.append(float(np.max(np.abs(out - exact))))
        r.figure("max attention-output error at 2, 4, 8 bits", errs)
        c.true(errs[0] > errs[1] > errs[2] and errs[2] < 0.02, str(errs))
    return r


if __name__ == "__main__":
    main(run)
