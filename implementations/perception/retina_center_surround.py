"""retina-center-surround: the difference-of-Gaussians (DoG) receptive field of retinal ganglion
cells, a band-pass spatial filter.

Follows Enroth-Cugell & Robson (1966), who found that the contrast sensitivity function of cat
X-cells is well described by a difference of two Gaussians, supporting Gaussian centre and
antagonistic surround summating regions; and Marr & Hildreth (1980), whose edge theory uses
centre-surround del^2 G filters (the DoG with a surround about 1.6 times the centre width
approximates del^2 G). Model: k(r) = G_c(r) - w G_s(r), 2-D normalised Gaussians of widths
sigma_c < sigma_s, surround weight w. Checks: the kernel's sum is 1 - w (zero for a balanced
cell, which then ignores uniform light); its 2-D FFT equals the closed-form transfer function
exp(-2 pi^2 sigma_c^2 f^2) - w exp(-2 pi^2 sigma_s^2 f^2); the peak frequency formula equals a
brute-force argmax, and is 0 (low-pass) when w sigma_s^2 <= sigma_c^2; a grating's
response at its crest (direct spatial sum) equals H(f) times its contrast; the response to a centred spot is largest at the
radius where k changes sign; and DoG(sigma, 1.6 sigma) correlates > 0.99 with -del^2 G.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["dog_kernel", "dog_transfer", "dog_peak_frequency"]

DOC_ZH = {
    "dog_kernel": """高斯差（DoG）感受野：k(x, y) = G_c - w G_s，其中 G_sigma = exp(-(x^2 + y^2) / (2 sigma^2)) / (2 pi sigma^2)。

输入：X、Y，同形状的坐标数组；sc、ss，中心与周边的宽度（sc < ss）；w，周边权重。
输出：与 X 同形状的数组。

>>> round(float(dog_kernel(np.array([0.0]), np.array([0.0]), 1.0, 2.0, 1.0)[0]), 6)
0.119366
""",
    "dog_transfer": """DoG 的空间频率传递函数（二维傅里叶变换，频率单位为周期/单位长度）：H(f) = exp(-2 pi^2 sc^2 f^2) - w exp(-2 pi^2 ss^2 f^2)。

输入：fr，径向频率数组；sc、ss、w。
输出：与 fr 同形状的数组。

>>> round(float(dog_transfer(np.array([0.0]), 1.0, 2.0, 0.8)[0]), 6)
0.2
""",
    "dog_peak_frequency": """H(f) 取最大值的频率：f* = sqrt(ln(w ss^2 / sc^2) / (2 pi^2 (ss^2 - sc^2)))；当 w ss^2 ≤ sc^2 时 H 单调下降（低通），返回 0。

输入：sc、ss（sc < ss）、w。
输出：浮点数。

>>> round(float(dog_peak_frequency(1.0, 2.0, 1.0)), 6)
0.153004
""",
}

HINTS = {
    "en": (
        "The Fourier transform of a normalised Gaussian of width sigma is again a Gaussian, "
        "exp(-2 pi^2 sigma^2 f^2); the transform is linear.",
        "H(f) = e^{-a f^2} - w e^{-b f^2} with a = 2 pi^2 sc^2, b = 2 pi^2 ss^2. Setting dH/df = 0 "
        "gives a e^{-a f^2} = w b e^{-b f^2}, so f*^2 = ln(w b / a) / (b - a), valid when w b > a; "
        "otherwise the maximum is at f = 0.",
    ),
    "zh": (
        "宽度为 sigma 的归一化高斯函数的傅里叶变换仍是高斯 exp(-2 pi^2 sigma^2 f^2)；傅里叶变换是线性的。",
        "H(f) = e^{-a f^2} - w e^{-b f^2}，其中 a = 2 pi^2 sc^2，b = 2 pi^2 ss^2。令 dH/df = 0 得 "
        "a e^{-a f^2} = w b e^{-b f^2}，所以 f*^2 = ln(w b / a) / (b - a)，要求 w b > a；否则最大值在 f = 0。",
    ),
}


def dog_kernel(X, Y, sc, ss, w):
    """Difference-of-Gaussians receptive field k(x, y) = G_c - w G_s with
    G_sigma = exp(-(x^2 + y^2) / (2 sigma^2)) / (2 pi sigma^2).

    Input: X, Y coordinate arrays of one shape; sc, ss the centre and surround widths
    (sc < ss); w the surround weight. Output: an array shaped like X.

    >>> round(float(dog_kernel(np.array([0.0]), np.array([0.0]), 1.0, 2.0, 1.0)[0]), 6)
    0.119366
    """
    r2 = np.asarray(X) ** 2 + np.asarray(Y) ** 2
    gc = np.exp(-r2 / (2 * sc**2)) / (2 * np.pi * sc**2)
    gs = np.exp(-r2 / (2 * ss**2)) / (2 * np.pi * ss**2)
    return gc - w * gs


def dog_transfer(fr, sc, ss, w):
    """Spatial-frequency transfer function of the DoG (its 2-D Fourier transform, frequency
    in cycles per unit length): H(f) = exp(-2 pi^2 sc^2 f^2) - w exp(-2 pi^2 ss^2 f^2).

    Input: fr radial frequencies (array); sc, ss, w. Output: an array shaped like fr.

    >>> round(float(dog_transfer(np.array([0.0]), 1.0, 2.0, 0.8)[0]), 6)
    0.2
    """
    fr = np.asarray(fr, dtype=float)
    return np.exp(-2 * np.pi**2 * sc**2 * fr**2) - w * np.exp(-2 * np.pi**2 * ss**2 * fr**2)


def dog_peak_frequency(sc, ss, w):
    """Frequency where H(f) is largest: f* = sqrt(ln(w ss^2 / sc^2) / (2 pi^2 (ss^2 - sc^2))),
    or 0 when w ss^2 <= sc^2 (H then falls monotonically: a low-pass cell).

    Input: sc, ss (sc < ss), w. Output: a float.

    >>> round(float(dog_peak_frequency(1.0, 2.0, 1.0)), 6)
    0.153004
    """
    ratio = w * ss**2 / sc**2
    if ratio <= 1:
        return 0.0
    return float(np.sqrt(np.log(ratio) / (2 * np.pi**2 * (ss**2 - sc**2))))


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Centre-surround receptive fields: difference of Gaussians")
    n, dx = 128, 0.25
    ax = (np.arange(n) - n // 2) * dx
    X, Y = np.meshgrid(ax, ax)
    sc, ss = 1.3, 3.0

    with r.case("kernel sums to 1 - w; a balanced cell (w = 1) ignores uniform light") as c:
        for w in (0.6, 1.0):
            k = np.asarray(f.dog_kernel(X, Y, sc, ss, w))
            c.close(k.sum() * dx * dx, 1 - w, atol=1e-6)
        c.close(
            np.asarray(f.dog_kernel(X, Y, sc, ss, 0.0)).max(), 1 / (2 * np.pi * sc**2), rtol=1e-12
        )
    with r.case("kernel values equal the Gaussian formulas at a few points") as c:
        pts = np.array([[0.0, 0.0], [1.0, 0.5], [3.0, -2.0]])
        r2 = (pts**2).sum(1)
        want = np.exp(-r2 / 0.72) / (0.72 * np.pi) - 0.9 * np.exp(-r2 / 18) / (18 * np.pi)
        c.close(f.dog_kernel(pts[:, 0], pts[:, 1], 0.6, 3.0, 0.9), want, rtol=1e-12)
    with r.case("2-D FFT of the sampled kernel equals the closed-form transfer function") as c:
        k = np.asarray(f.dog_kernel(X, Y, sc, ss, 0.9))
        K = np.abs(np.fft.fft2(np.fft.ifftshift(k))) * dx * dx
        fx = np.fft.fftfreq(n, dx)
        FX, FY = np.meshgrid(fx, fx)
        H = f.dog_transfer(np.hypot(FX, FY), sc, ss, 0.9)
        c.close(K, np.abs(H), atol=1e-6)

    fgrid = np.linspace(0, 1.0, 200_001)
    with r.case("peak frequency formula equals the brute-force argmax of H") as c:
        for s1, s2, w in ((1.0, 3.0, 0.9), (0.5, 1.0, 1.0), (1.0, 1.6, 0.7), (2.0, 6.0, 0.2)):
            brute = fgrid[np.argmax(dog_transfer_ref(fgrid, s1, s2, w))]
            c.close(f.dog_peak_frequency(s1, s2, w), brute, atol=1e-5)
    with r.case("weak surround (w ss^2 <= sc^2): low-pass, peak at 0") as c:
        c.equal(f.dog_peak_frequency(1.0, 2.0, 0.2), 0.0)
        c.equal(f.dog_peak_frequency(1.0, 2.0, 0.25), 0.0)
    with r.case("a grating's response at its crest is H(f) times its contrast") as c:
        k = np.asarray(f.dog_kernel(X, Y, sc, ss, 0.9))
        for freq in (0.05, 0.125, 0.25):
            # convolution evaluated at x0 = 0 by direct summation: sum_x k(x) img(0 - x) dx^2
            out = np.sum(k * 0.3 * np.cos(2 * np.pi * freq * -X)) * dx * dx
            c.close(out, 0.3 * dog_transfer_ref(freq, sc, ss, 0.9), rtol=1e-4, atol=1e-7)

    with r.case("spot response is largest at the radius where the kernel changes sign") as c:
        w = 0.9
        rho = np.linspace(0.01, 6, 2000)
        kr = f.dog_kernel(rho, np.zeros_like(rho), sc, ss, w)
        dr = rho[1] - rho[0]
        spot = np.cumsum(2 * np.pi * rho * kr) * dr  # response to a centred disk of radius rho
        zero = rho[np.argmin(np.abs(kr))]
        r0 = np.sqrt(2 * sc**2 * ss**2 * np.log(ss**2 / (w * sc**2)) / (ss**2 - sc**2))
        r.figure(
            "best spot radius | sign change of k | closed form",
            [float(rho[np.argmax(spot)]), float(zero), float(r0)],
        )
        c.close(rho[np.argmax(spot)], r0, atol=2 * dr)
        c.close(zero, r0, atol=2 * dr)
    with r.case("DoG(sigma, 1.6 sigma) correlates > 0.99 with -del^2 G (Marr-Hildreth)") as c:
        d = np.asarray(f.dog_kernel(X, Y, 1.0, 1.6, 1.0)).ravel()
        best = 0.0
        for s in np.linspace(0.9, 1.6, 71):
            r2 = X**2 + Y**2
            log = -((r2 - 2 * s**2) / s**4) * np.exp(-r2 / (2 * s**2))
            best = max(best, np.corrcoef(d, log.ravel())[0, 1])
        r.figure("best correlation of DoG(1, 1.6) with -del^2 G", float(best))
        c.true(best > 0.99, f"{best:.4f}")
    return r


def dog_transfer_ref(fr, sc, ss, w):
    return np.exp(-2 * np.pi**2 * sc**2 * np.square(fr)) - w * np.exp(
        -2 * np.pi**2 * ss**2 * np.square(fr)
    )


if __name__ == "__main__":
    main(run)
