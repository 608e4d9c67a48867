"""linear-filters: shift-invariant linear filtering (box and Gaussian blur) and its frequency response.

Follows Szeliski, Computer Vision 2e, ch. 3 (linear filtering, separable filters, Fourier view).
Checks compare the sampled Gaussian kernel with its closed form (support, unit sum, ratios
exp(-x^2 / 2 sigma^2), two widths); the DTFT with an explicit sum over a non-symmetric filter; the
Gaussian's response with the continuous closed form exp(-2 pi^2 sigma^2 f^2) and, exactly, with its
periodised (aliased) version from the Poisson summation formula; the box filter with the
Dirichlet-kernel formula; the full 2-D convolution with scipy.signal.convolve2d and with separable
row-then-column numpy.convolve; and the filter's linearity and shift invariance.
"""

from __future__ import annotations

import cmath
import math

import numpy as np
from scipy.signal import convolve2d

from implementations._common import Report, main, solution

EXERCISE = ["gaussian_kernel", "dtft", "conv2d_full"]

DOC_ZH = {
    "gaussian_kernel": """采样并归一化的高斯核：g[x] ∝ exp(-x^2 / (2 sigma^2))，
x 取整数 -int(10 sigma), ..., int(10 sigma)，且 Σ g = 1。

输入：sigma > 0。
输出：(x, g)：整数位置数组与同长度的权重数组。

>>> x, g = gaussian_kernel(0.25)
>>> x.tolist(), g.round(6).tolist()
([-2, -1, 0, 1, 2], [0.0, 0.000335, 0.99933, 0.000335, 0.0])
""",
    "dtft": """离散时间傅里叶变换 H(f) = Σ_x h[x] exp(-2 pi i f x)，f 以“每样本周期数”计。

输入：h，滤波器权重；x，各权重所在的（整数）位置；f，频率数组。
输出：与 f 同长度的复数组。

>>> dtft(np.array([0.5, 0.5]), np.array([-1, 1]), np.array([0.0, 0.25, 0.5])).real.round(6).tolist()
[1.0, 0.0, -1.0]
""",
    "conv2d_full": """二维完整（full）卷积：out[i + p, j + q] += ker[p, q] * img[i, j]。

输入：img，形状 (H, W)；ker，形状 (kh, kw)。
输出：形状 (H + kh - 1, W + kw - 1) 的数组。

>>> conv2d_full(np.ones((1, 2)), np.array([[1.0, 2.0]])).tolist()
[[1.0, 3.0, 2.0]]
""",
}

HINTS = {
    "en": (
        "A filter is a weighted sum of shifted copies of the image; its frequency response is "
        "the same weights applied to complex exponentials.",
        "Gaussian: x = arange(-int(10 sigma), int(10 sigma) + 1), g = exp(-x^2/(2 sigma^2)) / sum. "
        "DTFT: exp(-2j pi outer(f, x)) @ h. Full convolution: add ker[p, q] * img into the "
        "output window starting at (p, q), for every (p, q).",
    ),
    "zh": (
        "滤波就是图像平移副本的加权和；频率响应就是把同样的权重作用在复指数上。",
        "高斯：x = arange(-int(10 sigma), int(10 sigma) + 1)，g = exp(-x^2/(2 sigma^2)) / 总和。"
        "DTFT：exp(-2j pi outer(f, x)) @ h。完整卷积：对每个 (p, q)，把 ker[p, q] * img 加到"
        "从 (p, q) 开始的输出窗口。",
    ),
}


def gaussian_kernel(sigma):
    """Sampled, normalised Gaussian g[x] proportional to exp(-x^2 / (2 sigma^2)).

    x runs over the integers -int(10 sigma) .. int(10 sigma) and sum g = 1. Input: sigma > 0.
    Output: (x, g), the integer positions and the weights.

    >>> x, g = gaussian_kernel(0.25)
    >>> x.tolist(), g.round(6).tolist()
    ([-2, -1, 0, 1, 2], [0.0, 0.000335, 0.99933, 0.000335, 0.0])
    """
    x = np.arange(-int(10 * sigma), int(10 * sigma) + 1)  # tails beyond 10 sigma are < 1e-21
    g = np.exp(-(x**2) / (2 * sigma**2))
    return x, g / g.sum()


def dtft(h, x, f):
    """Discrete-time Fourier transform H(f) = sum_x h[x] exp(-2 pi i f x), f in cycles/sample.

    Input: filter weights h, their (integer) positions x, an array of frequencies f.
    Output: a complex array of f's length.

    >>> dtft(np.array([0.5, 0.5]), np.array([-1, 1]), np.array([0.0, 0.25, 0.5])).real.round(6).tolist()
    [1.0, 0.0, -1.0]
    """
    return np.exp(-2j * np.pi * np.outer(f, x)) @ h


def conv2d_full(img, ker):
    """Full 2-D convolution: out[i + p, j + q] += ker[p, q] * img[i, j].

    Input: img (H, W), ker (kh, kw). Output: an array of shape (H + kh - 1, W + kw - 1).

    >>> conv2d_full(np.ones((1, 2)), np.array([[1.0, 2.0]])).tolist()
    [[1.0, 3.0, 2.0]]
    """
    out = np.zeros((img.shape[0] + ker.shape[0] - 1, img.shape[1] + ker.shape[1] - 1))
    for i in range(ker.shape[0]):
        for j in range(ker.shape[1]):
            out[i : i + img.shape[0], j : j + img.shape[1]] += ker[i, j] * img
    return out


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Linear filters")
    fr = np.linspace(0, 0.5, 51)
    sigma = 2.0

    with r.case("Gaussian kernel: support +-10 sigma, unit sum, ratios exp(-x^2 / 2 sigma^2)") as c:
        for s in (2.0, 0.7):
            x, g = f.gaussian_kernel(s)
            n = int(10 * s)
            c.equal(np.asarray(x), np.arange(-n, n + 1))
            c.close(np.sum(g), 1.0, rtol=1e-12)
            c.close(g / g[n], [math.exp(-(k * k) / (2 * s * s)) for k in range(-n, n + 1)],
                    rtol=1e-12, atol=1e-300)

    with r.case("DTFT equals the explicit sum for a non-symmetric filter") as c:
        h, xs = rng.normal(size=5), np.array([-1, 0, 2, 3, 7])
        ref = [sum(h[k] * cmath.exp(-2j * math.pi * fv * xs[k]) for k in range(5)) for fv in fr]
        c.close(f.dtft(h, xs, fr).real, np.real(ref), rtol=0, atol=1e-12)
        c.close(f.dtft(h, xs, fr).imag, np.imag(ref), rtol=0, atol=1e-12)

    # Gaussian blur is a low-pass filter whose response is again a Gaussian (width 1/(2 pi sigma)).
    G = lambda nu: np.exp(-2 * np.pi**2 * sigma**2 * nu**2)
    with r.case("Gaussian response ~ exp(-2 pi^2 sigma^2 f^2)") as c:
        x, g = f.gaussian_kernel(sigma)
        H = f.dtft(g, x, fr)
        r.figure("Gaussian |H| at f = 0.1 cycles/pixel", abs(H[10]))
        c.close(H.real, G(fr), rtol=0, atol=1e-8)
    # Sampling periodises the spectrum: exactly H(f) = sum_k G(f - k) / sum_k G(k).
    with r.case("Gaussian response equals the aliased (Poisson-summed) spectrum") as c:
        k = np.arange(-3, 4)
        c.close(H.real, G(fr[:, None] - k).sum(1) / G(k).sum(), rtol=0, atol=1e-13)
    with r.case("symmetric kernel has zero phase (imaginary part 0)") as c:
        c.close(H.imag, 0 * fr, atol=1e-12)

    # Box filter of width M: response is the Dirichlet kernel sin(pi f M) / (M sin(pi f)).
    M = 5
    dirichlet = np.sin(np.pi * fr[1:] * M) / (M * np.sin(np.pi * fr[1:]))
    with r.case("box response equals the Dirichlet kernel") as c:
        Hb = f.dtft(np.full(M, 1 / M), np.arange(M) - M // 2, fr[1:])
        c.close(Hb.real, dirichlet, rtol=0, atol=1e-12)
    r.figure("box filter response at f = 0.5 (high frequencies leak through)", dirichlet[-1])

    # Separability: a 2-D Gaussian is an outer product, so blur rows then columns.
    img = rng.normal(size=(30, 40))
    g = np.exp(-(np.arange(-20, 21) ** 2) / 8.0)
    g /= g.sum()
    with r.case("separable blur equals full 2-D convolution") as c:
        full = f.conv2d_full(img, np.outer(g, g))
        rows = np.apply_along_axis(np.convolve, 1, img, g)
        c.close(full, np.apply_along_axis(np.convolve, 0, rows, g), rtol=0, atol=1e-12)
    with r.case("full 2-D convolution equals scipy.signal.convolve2d (3 x 4 kernel)") as c:
        ker = rng.normal(size=(3, 4))
        c.close(f.conv2d_full(img, ker), convolve2d(img, ker), rtol=0, atol=1e-12)
    r.figure("multiplies per pixel: full vs separable", f"{len(g) ** 2} vs {2 * len(g)}")

    # Linearity and shift invariance are what make a filter a convolution.
    a, b = rng.normal(size=(3, 64)), rng.normal(size=(3, 64))
    ker = rng.normal(size=(2, 5))
    with r.case("linearity: F(2a - 3b) = 2F(a) - 3F(b)") as c:
        lhs = f.conv2d_full(2 * a - 3 * b, ker)
        c.close(lhs, 2 * f.conv2d_full(a, ker) - 3 * f.conv2d_full(b, ker), rtol=0, atol=1e-12)
    with r.case("shift invariance: F(shift a) = shift F(a)") as c:
        shifted = f.conv2d_full(np.pad(a, ((2, 0), (7, 0))), ker)
        c.close(shifted[2:, 7:], f.conv2d_full(a, ker), rtol=0, atol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
