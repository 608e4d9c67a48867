"""linear-filters: shift-invariant linear filtering (box and Gaussian blur) and its frequency response.

Follows Szeliski, Computer Vision 2e, ch. 3 (linear filtering, separable filters, Fourier view).
Checks: the Gaussian kernel's DTFT against the continuous closed form exp(-2 pi^2 sigma^2 f^2) and,
exactly, against its periodised (aliased) version from the Poisson summation formula; the
box filter against the Dirichlet-kernel formula, separability against a full 2-D convolution, and
linearity and shift invariance.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def gaussian_kernel(sigma):
    x = np.arange(-int(10 * sigma), int(10 * sigma) + 1)  # tails beyond 10 sigma are < 1e-21
    g = np.exp(-(x**2) / (2 * sigma**2))
    return x, g / g.sum()


def dtft(h, x, f):
    # H(f) = sum_x h[x] exp(-2 pi i f x), f in cycles per sample.
    return np.exp(-2j * np.pi * np.outer(f, x)) @ h


def conv2d_full(img, ker):
    out = np.zeros((img.shape[0] + ker.shape[0] - 1, img.shape[1] + ker.shape[1] - 1))
    for i in range(ker.shape[0]):
        for j in range(ker.shape[1]):
            out[i : i + img.shape[0], j : j + img.shape[1]] += ker[i, j] * img
    return out


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Linear filters")
    f = np.linspace(0, 0.5, 51)

    # Gaussian blur is a low-pass filter whose response is again a Gaussian (width 1/(2 pi sigma)).
    sigma = 2.0
    x, g = gaussian_kernel(sigma)
    H = dtft(g, x, f)
    r.figure("Gaussian |H| at f = 0.1 cycles/pixel", abs(H[10]))
    G = lambda nu: np.exp(-2 * np.pi**2 * sigma**2 * nu**2)
    r.check_close("Gaussian response ~ exp(-2 pi^2 sigma^2 f^2)", H.real, G(f), rtol=0, atol=1e-8)
    # Sampling periodises the spectrum: exactly H(f) = sum_k G(f - k) / sum_k G(k).
    k = np.arange(-3, 4)
    aliased = G(f[:, None] - k).sum(1) / G(k).sum()
    r.check_close(
        "Gaussian response equals the aliased (Poisson-summed) spectrum",
        H.real,
        aliased,
        rtol=0,
        atol=1e-13,
    )
    r.check_close("symmetric kernel has zero phase (imaginary part 0)", H.imag, 0 * f, atol=1e-12)

    # Box filter of width M: response is the Dirichlet kernel sin(pi f M) / (M sin(pi f)).
    M = 5
    xb = np.arange(M) - M // 2
    Hb = dtft(np.full(M, 1 / M), xb, f[1:])
    dirichlet = np.sin(np.pi * f[1:] * M) / (M * np.sin(np.pi * f[1:]))
    r.check_close(
        "box response equals the Dirichlet kernel", Hb.real, dirichlet, rtol=0, atol=1e-12
    )
    r.figure("box filter response at f = 0.5 (high frequencies leak through)", dirichlet[-1])

    # Separability: a 2-D Gaussian is an outer product, so blur rows then columns.
    img = rng.normal(size=(30, 40))
    full = conv2d_full(img, np.outer(g, g))
    rows = np.apply_along_axis(np.convolve, 1, img, g)
    sep = np.apply_along_axis(np.convolve, 0, rows, g)
    r.check_close("separable blur equals full 2-D convolution", sep, full, rtol=0, atol=1e-12)
    r.figure("multiplies per pixel: full vs separable", f"{len(g) ** 2} vs {2 * len(g)}")

    # Linearity and shift invariance are what make a filter a convolution.
    a, b = rng.normal(size=64), rng.normal(size=64)
    lhs = np.convolve(2 * a - 3 * b, g)
    r.check_close(
        "linearity: F(2a - 3b) = 2F(a) - 3F(b)",
        lhs,
        2 * np.convolve(a, g) - 3 * np.convolve(b, g),
        rtol=0,
        atol=1e-12,
    )
    shifted = np.convolve(np.concatenate([np.zeros(7), a]), g)
    r.check_close(
        "shift invariance: F(shift a) = shift F(a)",
        shifted[7:],
        np.convolve(a, g),
        rtol=0,
        atol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
