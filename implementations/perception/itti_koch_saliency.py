"""itti-koch-saliency: bottom-up saliency from centre-surround feature maps and map normalisation.

Follows Itti, Koch & Niebur (1998), simplified: one map per colour and one intensity map (the paper
uses colour-opponent pairs, intensity and orientation over a Gaussian pyramid). Centre-surround
differences |G_c * F - G_s * F| feed the normalisation operator N(.), which multiplies a map by
(1 - mean of its other local maxima)^2: a map with one peak is promoted, a map with many similar
peaks is suppressed. Checks: centre-surround against scipy.ndimage.gaussian_filter (edge
replication) and zero under uniform illumination; N against a reference built on
scipy.ndimage.maximum_filter, and against the closed form (1 - mean of the other peaks)^2 on maps
with planted peaks (invariant to the map's scale); saliency against the mean of the normalised maps;
the saliency peak falls on the planted odd-one-out at each of 25 placements; N keeps a one-peak map
and suppresses a many-peak map.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.ndimage import gaussian_filter, maximum_filter

from implementations._common import Report, main, solution

EXERCISE = ["centre_surround", "normalise", "saliency"]

DOC_ZH = {
    "centre_surround": """中心-周边差：Σ_{(c, s) in pairs} |G_c * F - G_s * F|，G_sigma 为二维高斯模糊：
可分离（先沿一个轴再沿另一个轴），核在整数 -int(3 sigma), ..., int(3 sigma) 上取
exp(-x^2 / (2 sigma^2)) 并归一化，边界复制（等同 scipy.ndimage.gaussian_filter(F, sigma, mode="nearest")）。

输入：F，方形二维特征图；pairs，（中心 sigma，周边 sigma）对的序列。
输出：与 F 同形状的非负数组。

>>> F = np.zeros((9, 9)); F[4, 4] = 1.0
>>> round(float(centre_surround(F, ((1, 2),))[4, 4]), 6)
0.119371
""",
    "normalise": """Itti–Koch 归一化算子 N(M)：先 M / max(M)；找局部极大值（13 x 13 窗口内的最大值，
窗口外视为 -inf，且大于 0.05 倍最大值）；mbar 为除全局最大外其余局部极大值的均值（没有则为 0）；
返回 (M / max M) * (1 - mbar)^2。

输入：M，非负二维图，最大值为正。
输出：与 M 同形状的数组。

>>> M = np.zeros((30, 30)); M[5, 5] = 2.0; M[20, 20] = 1.0
>>> float(normalise(M).max())
0.25
""",
    "saliency": """显著图：三个特征图（红 R、绿 G、亮度 I）各自 centre_surround（pairs 用默认
((1, 4), (1, 8), (2, 8))），再 normalise，最后取三者的平均。

输入：R、G、I，同形状的方形二维数组。
输出：与它们同形状的数组。

>>> R = np.zeros((30, 30)); R[10:13, 10:13] = 1.0
>>> S = saliency(R, np.zeros((30, 30)) + 0.5, R / 2)
>>> [int(v) for v in np.unravel_index(np.argmax(S), S.shape)]
[11, 11]
""",
}

HINTS = {
    "en": (
        "Something is salient when it differs from its surround, and a feature map counts more "
        "when it has one standout peak than when it has many similar ones.",
        "cs = sum |blur(F, c) - blur(F, s)| with a replicated-border Gaussian. N: divide by the max, "
        "find local maxima (max filter of size 13 and > 0.05), mbar = mean of all but the largest, "
        "multiply by (1 - mbar)^2. Saliency = mean of N(cs(R)), N(cs(G)), N(cs(I)).",
    ),
    "zh": (
        "与周围不同的东西才显著；一张特征图只有一个突出峰时比有许多相似峰时更重要。",
        "cs = Σ |blur(F, c) - blur(F, s)|，高斯模糊用复制边界。N：除以最大值，找局部极大值"
        "（13 大小的最大值滤波且 > 0.05），mbar = 除最大者外其余的均值，乘以 (1 - mbar)^2。"
        "显著图 = N(cs(R))、N(cs(G))、N(cs(I)) 的平均。",
    ),
}


@cache
def _blur_matrix(n, sigma):
    # Gaussian blur with edge replication as an n x n matrix B, so blur(F) = B F B^T.
    x = np.arange(-int(3 * sigma), int(3 * sigma) + 1)
    g = np.exp(-(x**2) / (2 * sigma**2))
    g /= g.sum()
    B = np.zeros((n, n))
    for i in range(n):
        for off, w in zip(x, g):
            B[i, min(max(i + off, 0), n - 1)] += w  # clamp index = replicate the border
    return B


def _blur(img, sigma):
    B = _blur_matrix(img.shape[0], sigma)
    return B @ img @ B.T


def centre_surround(F, pairs=((1, 4), (1, 8), (2, 8))):
    """Centre-surround difference sum_{(c, s) in pairs} |G_c * F - G_s * F|.

    G_sigma is a separable 2-D Gaussian blur whose 1-D kernel is exp(-x^2 / 2 sigma^2) on the
    integers -int(3 sigma) .. int(3 sigma), normalised, with the border replicated (as
    scipy.ndimage.gaussian_filter(F, sigma, mode="nearest")). Input: a square 2-D map F and
    the (centre, surround) sigma pairs. Output: a non-negative array of F's shape.

    >>> F = np.zeros((9, 9)); F[4, 4] = 1.0
    >>> round(float(centre_surround(F, ((1, 2),))[4, 4]), 6)
    0.119371
    """
    return sum(np.abs(_blur(F, c) - _blur(F, s)) for c, s in pairs)


def normalise(M):
    """Itti-Koch normalisation N(M) = (M / max M) (1 - mbar)^2.

    Local maxima: pixels equal to the maximum of their 13 x 13 window (outside the map counts
    as -inf) and above 0.05 of the maximum; mbar is the mean of all local maxima but the global
    one (0 when there is none). Input: a non-negative 2-D map with a positive maximum.
    Output: an array of M's shape.

    >>> M = np.zeros((30, 30)); M[5, 5] = 2.0; M[20, 20] = 1.0
    >>> float(normalise(M).max())
    0.25
    """
    M = M / M.max()
    h, size = 6, 13  # window about one item spacing
    P = np.pad(M, h, constant_values=-np.inf)
    # A square max filter is separable: max over rows, then over columns.
    rows = np.max([P[:, j : j + M.shape[1]] for j in range(size)], axis=0)
    big = np.max([rows[i : i + M.shape[0]] for i in range(size)], axis=0)
    peaks = M[(M == big) & (M > 0.05)]
    others = np.sort(peaks)[:-1]  # all local maxima except the global one
    mbar = others.mean() if len(others) else 0.0
    return M * (1 - mbar) ** 2


def saliency(R, G, I):
    """Saliency map: the mean of normalise(centre_surround(.)) over the maps R, G and I.

    centre_surround uses its default pairs ((1, 4), (1, 8), (2, 8)). Input: square 2-D arrays
    R (red), G (green), I (intensity) of one shape. Output: an array of that shape.

    >>> R = np.zeros((30, 30)); R[10:13, 10:13] = 1.0
    >>> S = saliency(R, np.zeros((30, 30)) + 0.5, R / 2)
    >>> [int(v) for v in np.unravel_index(np.argmax(S), S.shape)]
    [11, 11]
    """
    return sum(normalise(centre_surround(X)) for X in (R, G, I)) / 3


N_PIX = 72
CENTRES = [(8 + 14 * i, 8 + 14 * j) for i in range(5) for j in range(5)]


def _scene(odd):
    R, G = np.zeros((N_PIX, N_PIX)), np.zeros((N_PIX, N_PIX))
    for c in CENTRES:
        target = R if c == odd else G  # one red item among 24 green ones
        target[c[0] - 2 : c[0] + 3, c[1] - 2 : c[1] + 3] = 1.0
    return R, G, (R + G) / 2  # every item equally bright


def _cs_ref(F, pairs=((1, 4), (1, 8), (2, 8))):
    gf = lambda s: gaussian_filter(F, s, mode="nearest", truncate=3.0)
    return sum(np.abs(gf(c) - gf(s)) for c, s in pairs)


def _normalise_ref(M):
    M = M / M.max()
    peak = (M == maximum_filter(M, size=13, mode="constant", cval=-np.inf)) & (M > 0.05)
    vals = np.sort(M[peak])[:-1]
    return M * (1 - (vals.mean() if len(vals) else 0.0)) ** 2


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Itti-Koch saliency")

    with r.case("centre-surround equals differences of scipy Gaussian filters") as c:
        F = rng.random((40, 40))
        F[:, :5] += 2.0  # a bright border region: the replicated border matters
        c.close(f.centre_surround(F), _cs_ref(F), rtol=0, atol=1e-10)
        c.close(f.centre_surround(F, ((1, 2),)), _cs_ref(F, ((1, 2),)), rtol=0, atol=1e-10)

    with r.case("centre-surround response to uniform light is zero") as c:
        c.close(f.centre_surround(np.full((N_PIX, N_PIX), 0.8)).max(), 0.0, atol=1e-12)

    with r.case("N() equals the closed form (1 - mean of other peaks)^2 on planted peaks") as c:
        M = np.zeros((60, 50))  # not square
        peaks = {(20, 20): 1.0, (20, 14): 0.9, (14, 20): 0.9,  # 6 px left/up: inside the window
                 (20, 27): 0.5, (27, 20): 0.3,  # 7 px right/down: separate peaks
                 (2, 47): 0.6, (57, 1): 0.2,  # next to the border
                 (45, 30): 0.08, (45, 10): 0.05, (45, 45): 0.04}  # 0.08 counts; 5% and below do not
        for ij, v in peaks.items():
            M[ij] = v
        mbar = np.mean([0.5, 0.3, 0.6, 0.2, 0.08])
        c.close(f.normalise(M), M * (1 - mbar) ** 2, rtol=1e-12)
        c.close(f.normalise(7.0 * M), M * (1 - mbar) ** 2, rtol=1e-12)  # scale-free
        one = np.zeros((30, 30))
        one[4, 25] = 3.0  # one peak near a corner: kept at gain 1
        c.close(f.normalise(one), one / 3.0, rtol=1e-12)

    with r.case("N() equals a scipy.ndimage.maximum_filter reference on feature maps") as c:
        for odd in (CENTRES[0], CENTRES[12]):
            for X in _scene(odd):
                cs = _cs_ref(X)
                c.close(f.normalise(cs), _normalise_ref(cs), rtol=1e-10, atol=1e-12)

    with r.case("saliency is the mean of the three normalised maps") as c:
        R, G, I = _scene(CENTRES[7])
        c.close(f.saliency(R, G, I), sum(_normalise_ref(_cs_ref(X)) for X in (R, G, I)) / 3,
                rtol=1e-10, atol=1e-12)

    with r.case("saliency peak lies on the odd (red) item for every placement") as c:
        hits = 0
        for odd in CENTRES:  # the odd item at each of the 25 places in turn
            S = f.saliency(*_scene(odd))
            win = np.unravel_index(np.argmax(S), S.shape)
            hits += max(abs(win[0] - odd[0]), abs(win[1] - odd[1])) <= 2
        r.figure("odd item found first (out of 25 placements)", int(hits))
        c.true(hits == 25, f"{hits}/25")

    odd = CENTRES[7]
    with r.case("N() keeps the single-peak map (gain > 0.9)") as c:
        gain = {k: f.normalise(f.centre_surround(X)).max()
                for k, X in zip(("red", "green", "intensity"), _scene(odd))}
        r.figure("N() gain: red / green / intensity", ", ".join(f"{gain[k]:.3f}" for k in gain))
        c.true(gain["red"] > 0.9, f"{gain['red']:.3f}")
    with r.case("N() suppresses the 24-peak maps (gain < 0.05)") as c:
        c.true(max(gain["green"], gain["intensity"]) < 0.05)

    # Without N() (plain average of maps scaled to max 1) the 24 green items compete equally.
    raw = sum(m / m.max() for m in (_cs_ref(x) for x in _scene(odd))) / 3
    r.figure("same contrast without N()", raw[odd] / max(raw[c_] for c_ in CENTRES if c_ != odd))
    return r


if __name__ == "__main__":
    main(run)
