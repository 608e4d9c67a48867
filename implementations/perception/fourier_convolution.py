"""fourier-convolution: the DFT turns convolution into pointwise multiplication.

Follows Szeliski, Computer Vision 2e, ch. 3 (Fourier transforms of filters). Checks compare
FFT-based circular convolution with the O(N^2) definitional sum and with a circularly shifted
delta, FFT-based linear convolution with numpy.convolve (even and odd output lengths, unequal
input lengths), and a 2-D case with scipy.signal.convolve2d and an explicit shift-and-add
convolution; Parseval's identity is shown as a figure.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import convolve2d

from implementations._common import Report, main, solution

EXERCISE = ["circular_conv_fft", "fft_conv", "fft_conv2d"]

DOC_ZH = {
    "circular_conv_fft": """用 DFT 计算循环卷积：y[n] = Σ_k x[k] h[(n - k) mod N] = ifft(fft(x) fft(h))。

输入：x、h，长度都为 N 的实数组。
输出：长度 N 的实数组。

>>> circular_conv_fft(np.array([1.0, 2, 3]), np.array([0.0, 1, 0])).round(6).tolist()
[3.0, 1.0, 2.0]
""",
    "fft_conv": """用 FFT 计算线性卷积（与 numpy.convolve 相同）：先把两者补零到长度
L = len(x) + len(h) - 1，使循环卷积的回绕消失。

输入：x、h，一维实数组（长度可不同）。
输出：长度 len(x) + len(h) - 1 的实数组。

>>> fft_conv(np.array([1.0, 2]), np.array([1.0, 1, 1])).round(6).tolist()
[1.0, 3.0, 3.0, 2.0]
""",
    "fft_conv2d": """用二维 FFT 计算二维完整（full）线性卷积。

输入：img，形状 (H, W)；ker，形状 (kh, kw)。
输出：形状 (H + kh - 1, W + kw - 1) 的实数组。

>>> fft_conv2d(np.ones((2, 2)), np.ones((1, 2))).round(6).tolist()
[[1.0, 2.0, 1.0], [1.0, 2.0, 1.0]]
""",
}

HINTS = {
    "en": (
        "In the frequency domain, convolution is a pointwise product; the catch is that the DFT "
        "is periodic, so it computes circular convolution.",
        "Circular: real(ifft(fft(x) * fft(h))). Linear: zero-pad both to L = len(x)+len(h)-1 "
        "(rfft(x, L), rfft(h, L)) and invert with irfft(..., L); in 2-D pad each axis the same way "
        "with rfft2 / irfft2.",
    ),
    "zh": (
        "在频域中卷积就是逐点相乘；要注意 DFT 是周期的，所以它算出的是循环卷积。",
        "循环：real(ifft(fft(x) * fft(h)))。线性：把两者补零到 L = len(x)+len(h)-1"
        "（rfft(x, L)、rfft(h, L)），再用 irfft(..., L) 逆变换；二维时每个轴同样补零，"
        "用 rfft2 / irfft2。",
    ),
}


def circular_conv_fft(x, h):
    """Circular convolution by the DFT: y[n] = sum_k x[k] h[(n - k) mod N] = ifft(fft(x) fft(h)).

    Input: real arrays x, h of the same length N. Output: a real array of length N.

    >>> circular_conv_fft(np.array([1.0, 2, 3]), np.array([0.0, 1, 0])).round(6).tolist()
    [3.0, 1.0, 2.0]
    """
    return np.real(np.fft.ifft(np.fft.fft(x) * np.fft.fft(h)))


def fft_conv(x, h):
    """Linear convolution by the FFT (as numpy.convolve), zero-padding to len(x) + len(h) - 1.

    Input: 1-D real arrays x, h (lengths may differ). Output: a real array of length
    len(x) + len(h) - 1.

    >>> fft_conv(np.array([1.0, 2]), np.array([1.0, 1, 1])).round(6).tolist()
    [1.0, 3.0, 3.0, 2.0]
    """
    # Zero-pad both to length len(x)+len(h)-1 so circular wrap-around vanishes.
    L = len(x) + len(h) - 1
    return np.fft.irfft(np.fft.rfft(x, L) * np.fft.rfft(h, L), L)


def fft_conv2d(img, ker):
    """Full 2-D linear convolution by the 2-D FFT.

    Input: img (H, W), ker (kh, kw). Output: a real array of shape (H + kh - 1, W + kw - 1).

    >>> fft_conv2d(np.ones((2, 2)), np.ones((1, 2))).round(6).tolist()
    [[1.0, 2.0, 1.0], [1.0, 2.0, 1.0]]
    """
    shape = (img.shape[0] + ker.shape[0] - 1, img.shape[1] + ker.shape[1] - 1)
    return np.fft.irfft2(np.fft.rfft2(img, shape) * np.fft.rfft2(ker, shape), shape)


def _circular_loop(x, h):
    # y[n] = sum_k x[k] h[(n - k) mod N]: the definition, O(N^2).
    N = len(x)
    return np.array([sum(x[k] * h[(n - k) % N] for k in range(N)) for n in range(N)])


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Convolution theorem")
    N = 64
    x, h = rng.normal(size=N), rng.normal(size=N)
    with r.case("circular: ifft(fft(x) fft(h)) equals the O(N^2) sum") as c:
        c.close(f.circular_conv_fft(x, h), _circular_loop(x, h), rtol=0, atol=1e-10)
        x7, h7 = rng.normal(size=7), rng.normal(size=7)  # odd length
        c.close(f.circular_conv_fft(x7, h7), _circular_loop(x7, h7), rtol=0, atol=1e-12)

    with r.case("circular: a delta at 5 rotates x by 5 places") as c:
        delta = np.zeros(N)
        delta[5] = 1.0
        c.close(f.circular_conv_fft(x, delta), np.roll(x, 5), rtol=0, atol=1e-12)

    with r.case("linear: zero-padded FFT product equals numpy.convolve") as c:
        x5, h31 = rng.normal(size=500), rng.normal(size=31)
        y = f.fft_conv(x5, h31)
        r.figure("linear convolution length", len(y))
        c.close(y, np.convolve(x5, h31), rtol=0, atol=1e-10)

    with r.case("linear: odd output length and a longer kernel than signal") as c:
        a, b = rng.normal(size=4), rng.normal(size=8)  # length 11
        c.close(f.fft_conv(a, b), np.convolve(a, b), rtol=0, atol=1e-12)

    # 2-D: images and kernels work the same way with fft2.
    img, ker = rng.normal(size=(40, 50)), rng.normal(size=(5, 7))
    with r.case("2-D: FFT product equals the shift-and-add convolution") as c:
        ref = np.zeros((44, 56))
        for i in range(ker.shape[0]):  # full 2-D convolution as a sum of shifted copies
            for j in range(ker.shape[1]):
                ref[i : i + img.shape[0], j : j + img.shape[1]] += ker[i, j] * img
        y2 = f.fft_conv2d(img, ker)
        c.close(y2, ref, rtol=0, atol=1e-10)
        c.close(y2, convolve2d(img, ker), rtol=0, atol=1e-10)

    with r.case("2-D: odd output sizes (3 x 4 image, 2 x 3 kernel) equal scipy") as c:
        a, b = rng.normal(size=(3, 4)), rng.normal(size=(2, 3))
        c.close(f.fft_conv2d(a, b), convolve2d(a, b), rtol=0, atol=1e-12)

    # Parseval: energy is the same in time and frequency (numpy's unnormalised DFT needs 1/N).
    r.figure("Parseval: sum |x|^2 and (1/N) sum |X|^2",
             f"{np.sum(x**2):.6f}, {np.sum(np.abs(np.fft.fft(x)) ** 2) / N:.6f}")
    # Cost: FFT convolution is O(N log N); the direct sum is O(N M).
    r.figure("direct multiplies for N=500, M=31", 500 * 31)
    return r


if __name__ == "__main__":
    main(run)
