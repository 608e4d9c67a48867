"""fourier-convolution: the DFT turns convolution into pointwise multiplication.

Follows Szeliski, Computer Vision 2e, ch. 3 (Fourier transforms of filters). Checks: FFT-based
circular and linear convolution against explicit sums and numpy.convolve, a 2-D case against an
explicit shift-and-add convolution, and Parseval's identity.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def circular_conv_loop(x, h):
    # y[n] = sum_k x[k] h[(n - k) mod N]: the definition, O(N^2).
    N = len(x)
    return np.array([sum(x[k] * h[(n - k) % N] for k in range(N)) for n in range(N)])


def fft_conv(x, h):
    # Linear convolution: zero-pad both to length len(x)+len(h)-1 so circular wrap-around vanishes.
    L = len(x) + len(h) - 1
    return np.fft.irfft(np.fft.rfft(x, L) * np.fft.rfft(h, L), L)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Convolution theorem")
    N = 64
    x, h = rng.normal(size=N), rng.normal(size=N)
    y_fft = np.real(np.fft.ifft(np.fft.fft(x) * np.fft.fft(h)))
    r.check_close(
        "circular: ifft(fft(x) fft(h)) equals the O(N^2) sum",
        y_fft,
        circular_conv_loop(x, h),
        rtol=0,
        atol=1e-10,
    )

    x, h = rng.normal(size=500), rng.normal(size=31)
    y = fft_conv(x, h)
    r.figure("linear convolution length", len(y))
    r.check_close(
        "linear: zero-padded FFT product equals numpy.convolve",
        y,
        np.convolve(x, h),
        rtol=0,
        atol=1e-10,
    )

    # 2-D: images and kernels work the same way with fft2.
    img, ker = rng.normal(size=(40, 50)), rng.normal(size=(5, 7))
    shape = (img.shape[0] + ker.shape[0] - 1, img.shape[1] + ker.shape[1] - 1)
    y2 = np.fft.irfft2(np.fft.rfft2(img, shape) * np.fft.rfft2(ker, shape), shape)
    ref = np.zeros(shape)
    for i in range(ker.shape[0]):  # full 2-D convolution as a sum of shifted copies
        for j in range(ker.shape[1]):
            ref[i : i + img.shape[0], j : j + img.shape[1]] += ker[i, j] * img
    r.check_close(
        "2-D: FFT product equals the shift-and-add convolution", y2, ref, rtol=0, atol=1e-10
    )

    # Parseval: energy is the same in time and frequency (numpy's unnormalised DFT needs 1/N).
    X = np.fft.fft(x)
    r.check_close(
        "Parseval: sum |x|^2 = (1/N) sum |X|^2",
        np.sum(x**2),
        np.sum(np.abs(X) ** 2) / len(x),
        rtol=1e-12,
    )

    # Cost: FFT convolution is O(N log N); the direct sum is O(N M).
    r.figure("direct multiplies for N=500, M=31", 500 * 31)
    return r


if __name__ == "__main__":
    main(run)
