"""gaussian-scale-space: Gaussian blurring as a family of scales, and the Laplacian pyramid.

Follows Szeliski (Computer Vision, 2nd ed.) ch. 3: separable Gaussian filtering, and image
pyramids, where each level of a Gaussian pyramid is blurred and subsampled by 2 and the
Laplacian pyramid stores the band-pass difference between a level and the upsampled next
level, so the image is recovered exactly by collapsing the pyramid. Boundaries here are
periodic. Checks: the sampled kernel sums to 1; the blur equals scipy.ndimage.gaussian_filter
(mode wrap) and, in the Fourier domain, multiplies each frequency by about exp(-2 pi^2
sigma^2 f^2); blurring twice with sigma_1 and sigma_2 equals one blur with sqrt(sigma_1^2 +
sigma_2^2) (the semigroup property); in 1-D, local extrema of a random signal only disappear
as sigma grows (no new structure is created); pyramid levels halve in size, collapse to the
original image exactly, match a scipy.ndimage construction, and a constant image has no detail
(the 5-tap binomial kernel [1, 4, 6, 4, 1] / 16 of the pyramid spreads even and odd samples
equally).
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter

from implementations._common import Report, main, solution

EXERCISE = ["gaussian_blur", "laplacian_pyramid", "collapse_pyramid"]

DOC_ZH = {
    "gaussian_blur": """可分离的高斯模糊（周期边界）：核 g[k] ∝ exp(-k^2 / (2 sigma^2))，k = -R..R，R = int(4 sigma + 0.5)，归一化使和为 1；
先沿最后一个轴、再沿第一个轴做循环卷积。输入可以是一维或二维数组。

输入：img；sigma > 0。
输出：同形状的数组。

>>> np.round(gaussian_blur(np.array([0.0, 0.0, 3.0, 0.0, 0.0]), 1.0), 3).tolist()
[0.175, 0.726, 1.197, 0.726, 0.175]
""",
    "laplacian_pyramid": """拉普拉斯金字塔，用 5 抽头二项式核 b = [1, 4, 6, 4, 1] / 16（循环边界，沿两个轴）：g_0 = img；
g_{i+1} = blur_b(g_i)[::2, ::2]；扩展 expand(g) = 4 × blur_b(在偶数位置放 g、其余补 0 的两倍大数组)；
L_i = g_i - expand(g_{i+1})（i < levels-1），最后一层存 g_{levels-1}。

输入：img，(n, n)，n 可被 2^(levels-1) 整除；levels。
输出：长度为 levels 的数组列表。

>>> [p.shape for p in laplacian_pyramid(np.zeros((8, 8)), 3)]
[(8, 8), (4, 4), (2, 2)]
""",
    "collapse_pyramid": """把拉普拉斯金字塔还原为图像：从最粗一层开始，反复执行 g = L_i + expand(g)（expand 与 laplacian_pyramid 中相同）。

输入：pyr，laplacian_pyramid 的输出。
输出：图像。

>>> img = np.arange(16.0).reshape(4, 4)
>>> bool(np.allclose(collapse_pyramid(laplacian_pyramid(img, 2)), img))
True
""",
}

HINTS = {
    "en": (
        "A 2-D Gaussian is a product of 1-D Gaussians, so blur rows, then columns; with periodic "
        "boundaries a shifted copy is np.roll.",
        "blur: sum_k g[k] np.roll(x, k, axis) along each axis. Pyramid: reduce = blur then [::2, ::2]; "
        "expand = put the coarse values at even positions of a zero array twice the size, blur, "
        "multiply by 4. Store L_i = g_i - expand(g_{i+1}); collapsing adds the same expand back.",
    ),
    "zh": (
        "二维高斯是两个一维高斯的乘积，所以先按行、再按列模糊；周期边界下平移的副本就是 np.roll。",
        "模糊：沿每个轴计算 Σ_k g[k] np.roll(x, k, axis)。金字塔：缩小 = 模糊后取 [::2, ::2]；扩展 = 把粗层的值放到两倍大的零数组的偶数位置，"
        "模糊后乘以 4。存 L_i = g_i - expand(g_{i+1})；还原时加回同样的 expand。",
    ),
}


def gaussian_blur(img, sigma):
    """Separable Gaussian blur with periodic boundaries: kernel g[k] proportional to
    exp(-k^2 / (2 sigma^2)), k = -R..R with R = int(4 sigma + 0.5), normalised to sum 1;
    circular convolution along the last axis, then the first. 1-D or 2-D input.

    Input: img; sigma > 0. Output: an array of the same shape.

    >>> np.round(gaussian_blur(np.array([0.0, 0.0, 3.0, 0.0, 0.0]), 1.0), 3).tolist()
    [0.175, 0.726, 1.197, 0.726, 0.175]
    """
    R = int(4 * sigma + 0.5)
    k = np.arange(-R, R + 1)
    g = np.exp(-(k**2) / (2 * sigma**2))
    g = g / g.sum()
    out = np.asarray(img, dtype=float)
    for axis in sorted({out.ndim - 1, 0}, reverse=True):
        out = sum(w * np.roll(out, int(s), axis=axis) for s, w in zip(k, g))
    return out


BINOMIAL = np.array([1.0, 4.0, 6.0, 4.0, 1.0]) / 16


def _binomial_blur(x):
    """Circular 5-tap binomial filter [1, 4, 6, 4, 1] / 16 along both axes."""
    for axis in (1, 0):
        x = sum(w * np.roll(x, s, axis=axis) for s, w in zip(range(-2, 3), BINOMIAL))
    return x


def _expand(g):
    up = np.zeros((2 * g.shape[0], 2 * g.shape[1]))
    up[::2, ::2] = g
    return 4 * _binomial_blur(up)


def laplacian_pyramid(img, levels):
    """Laplacian pyramid with the 5-tap binomial kernel b = [1, 4, 6, 4, 1] / 16 (circular, along
    both axes): g_0 = img; g_{i+1} = blur_b(g_i)[::2, ::2]; expand(g) = 4 * blur_b(array twice as
    large holding g at even positions);
    L_i = g_i - expand(g_{i+1}) for i < levels - 1, and the last level stores g_{levels-1}.

    Input: img (n, n) with n divisible by 2^(levels-1); levels. Output: a list of levels arrays.

    >>> [p.shape for p in laplacian_pyramid(np.zeros((8, 8)), 3)]
    [(8, 8), (4, 4), (2, 2)]
    """
    pyr, g = [], np.asarray(img, dtype=float)
    for _ in range(levels - 1):
        nxt = _binomial_blur(g)[::2, ::2]
        pyr.append(g - _expand(nxt))
        g = nxt
    pyr.append(g)
    return pyr


def collapse_pyramid(pyr):
    """Rebuild the image from a Laplacian pyramid: starting from the coarsest level, repeat
    g = L_i + expand(g) (expand as in laplacian_pyramid).

    Input: pyr, the output of laplacian_pyramid. Output: the image.

    >>> img = np.arange(16.0).reshape(4, 4)
    >>> bool(np.allclose(collapse_pyramid(laplacian_pyramid(img, 2)), img))
    True
    """
    g = pyr[-1]
    for L in reversed(pyr[:-1]):
        g = L + _expand(g)
    return g


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Gaussian scale space and the Laplacian pyramid")
    img = rng.normal(size=(64, 64))

    with r.case("blur preserves the mean (kernel sums to 1)") as c:
        c.close(np.mean(f.gaussian_blur(img, 2.0)), img.mean(), atol=1e-12)
    with r.case("blur equals scipy.ndimage.gaussian_filter (mode wrap), 1-D and 2-D") as c:
        for s in (0.7, 1.0, 2.5):
            c.close(
                f.gaussian_blur(img, s),
                gaussian_filter(img, s, mode="wrap", truncate=int(4 * s + 0.5) / s),
                atol=1e-12,
            )
        sig = rng.normal(size=100)
        c.close(
            f.gaussian_blur(sig, 1.5),
            gaussian_filter(sig, 1.5, mode="wrap", truncate=6 / 1.5),
            atol=1e-12,
        )
    with r.case("in the Fourier domain the blur multiplies by ~exp(-2 pi^2 sigma^2 f^2)") as c:
        s = 2.0
        x = rng.normal(size=256)
        ratio = np.fft.rfft(f.gaussian_blur(x, s)) / np.fft.rfft(x)
        fr = np.fft.rfftfreq(256)
        c.close(ratio.real[fr < 0.3], np.exp(-2 * np.pi**2 * s**2 * fr[fr < 0.3] ** 2), atol=1e-4)
    with r.case("semigroup: blur(blur(x, 1.5), 2) = blur(x, 2.5)") as c:
        a = f.gaussian_blur(f.gaussian_blur(img, 1.5), 2.0)
        b = f.gaussian_blur(img, 2.5)
        c.close(a, b, atol=2e-4 * np.abs(b).max())
    with r.case("1-D causality: the number of local extrema never grows with sigma") as c:
        sig = rng.normal(size=400)
        counts = []
        for s in (0.5, 1, 2, 4, 8, 16):
            y = f.gaussian_blur(sig, s)
            d = np.sign(np.diff(np.r_[y, y[:1]]))
            counts.append(int(np.sum(d != np.roll(d, 1))))
        r.figure("local extrema at sigma = 0.5, 1, 2, 4, 8, 16", counts)
        c.true(all(b <= a for a, b in zip(counts, counts[1:])), f"{counts}")
        c.true(counts[-1] < counts[0] / 10, "coarse scales keep few extrema")

    with r.case("pyramid levels halve in size and collapse back exactly") as c:
        pyr = f.laplacian_pyramid(img, 4)
        c.equal([p.shape for p in pyr], [(64, 64), (32, 32), (16, 16), (8, 8)])
        c.close(f.collapse_pyramid(pyr), img, atol=1e-10)
    with r.case("coarse levels are the binomial-blurred, subsampled image (scipy.ndimage)") as c:
        from scipy.ndimage import convolve1d

        def reduce_ref(x):
            y = convolve1d(
                convolve1d(x, BINOMIAL, axis=1, mode="wrap"), BINOMIAL, axis=0, mode="wrap"
            )
            return y[::2, ::2]

        pyr = f.laplacian_pyramid(img, 3)
        c.close(pyr[-1], reduce_ref(reduce_ref(img)), atol=1e-12)
        up = np.zeros((64, 64))
        up[::2, ::2] = reduce_ref(img)
        exp_ref = 4 * convolve1d(
            convolve1d(up, BINOMIAL, axis=1, mode="wrap"), BINOMIAL, axis=0, mode="wrap"
        )
        c.close(pyr[0], img - exp_ref, atol=1e-12)
    with r.case("a constant image: all detail levels vanish") as c:
        pyr = f.laplacian_pyramid(np.full((32, 32), 3.0), 3)
        c.close(pyr[0], np.zeros((32, 32)), atol=1e-12)
        c.close(pyr[1], np.zeros((16, 16)), atol=1e-12)
        c.close(pyr[2], np.full((8, 8), 3.0), atol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
