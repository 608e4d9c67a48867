"""v1-simple-complex-cells-gabor: Gabor receptive fields for simple cells, and phase-invariant
complex cells modelled as the energy of a quadrature pair.

Follows Hubel & Wiesel (1962), who described oriented simple cells with separate excitatory
and inhibitory subregions and complex cells that respond to an oriented edge or bar anywhere in
their field; and Daugman (1985), who showed that 2-D Gabor functions (Gaussian envelope times a
sinusoidal carrier) attain the lower limit of the joint space / spatial-frequency uncertainty
and presented evidence that simple-cell receptive-field profiles are well described by them.
The quadrature-energy complex cell sqrt(even^2 + odd^2) is a modelling choice here, used to
show phase invariance. Checks: the kernel against its formula and its 2-D FFT peak at (f cos
theta, f sin theta); the 1-D uncertainty product dx * df is 1/(4 pi) for a Gabor and larger for
a Hann window or two separated bumps; orientation and frequency tuning peak at the preferred values
(brute-force sweep of gratings); a simple cell's response to a drifting grating follows the
cosine of the phase, while the energy is constant to 1e-6.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["gabor", "uncertainty_product", "energy_response"]

DOC_ZH = {
    "gabor": """二维 Gabor 函数：exp(-(x'^2 + gamma^2 y'^2) / (2 sigma^2)) cos(2 pi f x' + phase)，
其中 x' = x cos(theta) + y sin(theta)，y' = -x sin(theta) + y cos(theta)。

输入：X、Y，坐标网格；sigma；theta（弧度）；f，周期/单位长度；phase；gamma，纵横比（默认 1）。
输出：与 X 同形状的数组。

>>> round(float(gabor(np.array([0.0]), np.array([0.0]), 2.0, 0.0, 0.25, 0.0)[0]), 6)
1.0
""",
    "uncertainty_product": """一维信号 g 的空间宽度与频率宽度之积 dx * df：dx^2 为 |g|^2 归一化后关于其均值的二阶矩，
df^2 为 |G(f)|^2（离散傅里叶变换）归一化后关于其均值的二阶矩。

输入：g，(n,) 复数或实数的采样；step，采样间隔。
输出：浮点数 dx * df（高斯或 Gabor 时为 1/(4 pi)）。

>>> x = np.arange(-512, 512) * 0.05
>>> round(float(uncertainty_product(np.exp(-x**2 / 2), 0.05) * 4 * np.pi), 6)
1.0
""",
    "energy_response": """复杂细胞的能量模型：偶对称（phase = 0）与奇对称（phase = -pi/2）Gabor 对图像的内积 e、o，
返回 (e, o, sqrt(e^2 + o^2))。

输入：img，与 X 同形状；X、Y；sigma、theta、f。
输出：三元组 (even, odd, energy)。

>>> X, Y = np.meshgrid(np.arange(-8.0, 8.0), np.arange(-8.0, 8.0))
>>> e, o, E = energy_response(np.zeros_like(X), X, Y, 2.0, 0.0, 0.25)
>>> float(E)
0.0
""",
}

HINTS = {
    "en": (
        "Rotate the coordinates first; then a Gabor is a Gaussian bump in the rotated frame "
        "multiplied by a cosine that varies along x' only.",
        "gabor = exp(-(x'^2 + gamma^2 y'^2)/(2 sigma^2)) cos(2 pi f x' + phase). For dx * df use the "
        "normalised densities |g|^2 and |fft(g)|^2 on np.fft.fftfreq(n, step), each with its own "
        "mean. Energy: e = sum(img * gabor(..., 0)), o = sum(img * gabor(..., -pi/2)), E = hypot(e, o).",
    ),
    "zh": (
        "先旋转坐标；这样 Gabor 就是旋转坐标系中的一个高斯包络，乘以只沿 x' 变化的余弦。",
        "gabor = exp(-(x'^2 + gamma^2 y'^2)/(2 sigma^2)) cos(2 pi f x' + phase)。求 dx * df 时，在 np.fft.fftfreq(n, step) "
        "上用归一化的 |g|^2 和 |fft(g)|^2，各自减去自己的均值。能量：e = sum(img * gabor(..., 0))，"
        "o = sum(img * gabor(..., -pi/2))，E = hypot(e, o)。",
    ),
}


def gabor(X, Y, sigma, theta, f, phase, gamma=1.0):
    """2-D Gabor function exp(-(x'^2 + gamma^2 y'^2) / (2 sigma^2)) cos(2 pi f x' + phase) with
    x' = x cos(theta) + y sin(theta), y' = -x sin(theta) + y cos(theta).

    Input: X, Y coordinate grids; sigma; theta in radians; f in cycles per unit; phase;
    gamma the aspect ratio (default 1). Output: an array shaped like X.

    >>> round(float(gabor(np.array([0.0]), np.array([0.0]), 2.0, 0.0, 0.25, 0.0)[0]), 6)
    1.0
    """
    xr = X * np.cos(theta) + Y * np.sin(theta)
    yr = -X * np.sin(theta) + Y * np.cos(theta)
    return np.exp(-(xr**2 + gamma**2 * yr**2) / (2 * sigma**2)) * np.cos(2 * np.pi * f * xr + phase)


def uncertainty_product(g, step):
    """Spatial width times frequency width, dx * df, of a 1-D signal g: dx^2 is the second
    central moment of |g|^2 (normalised), df^2 that of |G(f)|^2 from the DFT (normalised).

    Input: g (n,) real or complex samples; step the sample spacing. Output: dx * df (a float;
    1/(4 pi) for a Gaussian or a Gabor).

    >>> x = np.arange(-512, 512) * 0.05
    >>> round(float(uncertainty_product(np.exp(-x**2 / 2), 0.05) * 4 * np.pi), 6)
    1.0
    """
    n = len(g)
    x = (np.arange(n) - n // 2) * step
    px = np.abs(g) ** 2
    px = px / px.sum()
    mx = px @ x
    dx = np.sqrt(px @ (x - mx) ** 2)
    fr = np.fft.fftfreq(n, step)
    pf = np.abs(np.fft.fft(g)) ** 2
    pf = pf / pf.sum()
    mf = pf @ fr
    df = np.sqrt(pf @ (fr - mf) ** 2)
    return dx * df


def energy_response(img, X, Y, sigma, theta, f):
    """Energy model of a complex cell: the inner products e, o of the image with an even
    (phase 0) and an odd (phase -pi/2) Gabor; returns (e, o, sqrt(e^2 + o^2)).

    Input: img shaped like X; X, Y; sigma, theta, f. Output: (even, odd, energy).

    >>> X, Y = np.meshgrid(np.arange(-8.0, 8.0), np.arange(-8.0, 8.0))
    >>> e, o, E = energy_response(np.zeros_like(X), X, Y, 2.0, 0.0, 0.25)
    >>> float(E)
    0.0
    """
    e = np.sum(img * gabor(X, Y, sigma, theta, f, 0.0))
    o = np.sum(img * gabor(X, Y, sigma, theta, f, -np.pi / 2))
    return e, o, np.hypot(e, o)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("V1 simple and complex cells: Gabor receptive fields")
    n = 96
    ax = np.arange(n) - n / 2
    X, Y = np.meshgrid(ax, ax)
    sig, th, fr = 5.0, np.pi / 6, 0.125

    with r.case("kernel equals the formula at hand-computed points (gamma = 0.5)") as c:
        x, y = np.array([0.0, 3.0, -2.0]), np.array([0.0, 1.0, 4.0])
        xr, yr = x * np.cos(th) + y * np.sin(th), -x * np.sin(th) + y * np.cos(th)
        want = np.exp(-(xr**2 + 0.25 * yr**2) / 50) * np.cos(2 * np.pi * fr * xr + 0.3)
        c.close(f.gabor(x, y, sig, th, fr, 0.3, 0.5), want, rtol=1e-12)
        c.close(
            f.gabor(x, y, sig, th, fr, 0.3),
            np.exp(-(xr**2 + yr**2) / 50) * np.cos(2 * np.pi * fr * xr + 0.3),
            rtol=1e-12,
        )
    with r.case("2-D spectrum peaks at (f cos theta, f sin theta)") as c:
        G = np.abs(np.fft.fft2(np.asarray(f.gabor(X, Y, sig, th, fr, 0.0))))
        k = np.unravel_index(np.argmax(G * (np.fft.fftfreq(n)[None, :] >= 0)), G.shape)
        got = (np.fft.fftfreq(n)[k[1]], np.fft.fftfreq(n)[k[0]])
        c.close(got, (fr * np.cos(th), fr * np.sin(th)), atol=1 / n)

    step = 0.05
    x = (np.arange(4096) - 2048) * step
    with r.case("uncertainty product is 1/(4 pi) for a Gaussian and a complex Gabor") as c:
        c.close(
            f.uncertainty_product(np.exp(-(x**2) / (2 * 1.5**2)), step) * 4 * np.pi, 1.0, rtol=1e-6
        )
        gab = np.exp(-((x - 3) ** 2) / 8) * np.exp(2j * np.pi * 2.0 * x)
        c.close(f.uncertainty_product(gab, step) * 4 * np.pi, 1.0, rtol=1e-6)
    with r.case("... and larger for other windows (a Hann window; two separated bumps)") as c:
        hann = np.where(np.abs(x) < 4, np.cos(np.pi * x / 8) ** 2, 0.0)
        two = np.exp(-((x - 4) ** 2) / 2) + np.exp(-((x + 4) ** 2) / 2)
        uh = f.uncertainty_product(hann, step) * 4 * np.pi
        ut = f.uncertainty_product(two, step) * 4 * np.pi
        r.figure("4 pi dx df: Hann | two bumps", [round(float(uh), 4), round(float(ut), 3)])
        c.true(uh > 1.01, f"Hann {uh:.4g}")
        c.true(ut > 3, f"{ut:.3g}")

    def grating(theta, freq, phase):
        return np.cos(2 * np.pi * freq * (X * np.cos(theta) + Y * np.sin(theta)) + phase)

    with r.case("orientation tuning peaks at the preferred orientation") as c:
        thetas = np.linspace(0, np.pi, 73)[:-1]
        resp = [f.energy_response(grating(t, fr, 0.4), X, Y, sig, th, fr)[2] for t in thetas]
        c.close(thetas[int(np.argmax(resp))], th, atol=1e-9)
        c.true(min(resp) < 0.01 * max(resp), "orthogonal gratings barely respond")
    with r.case("frequency tuning peaks at the preferred frequency") as c:
        fs = np.linspace(0.05, 0.25, 41)
        resp = [f.energy_response(grating(th, q, 0.0), X, Y, sig, th, fr)[2] for q in fs]
        c.close(fs[int(np.argmax(resp))], fr, atol=0.006)
    with r.case("simple cell follows cos(phase); complex-cell energy is phase invariant") as c:
        phases = np.linspace(0, 2 * np.pi, 13)
        out = np.array([f.energy_response(grating(th, fr, p), X, Y, sig, th, fr) for p in phases])
        e, o, E = out[:, 0], out[:, 1], out[:, 2]
        c.close(e, E[0] * np.cos(phases), rtol=1e-6, atol=1e-6 * E[0])
        c.close(o, -E[0] * np.sin(phases), rtol=1e-6, atol=1e-6 * E[0])
        c.close(E, np.full_like(E, E[0]), rtol=1e-6)
        r.figure("energy over 13 grating phases: min / max", float(E.min() / E.max()))
    return r


if __name__ == "__main__":
    main(run)
