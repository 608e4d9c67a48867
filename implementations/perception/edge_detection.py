"""edge-detection: Sobel gradients and a Canny-style detector (smooth, gradient, thin, threshold).

Follows Szeliski, Computer Vision 2e, ch. 7 (edges) and Canny (1986): edges are maxima of the
gradient magnitude of a Gaussian-smoothed image. Checks: Sobel on a plane against the closed
form 8(a, b); gradient orientation on a smooth disk against the analytic radial direction; and
the detected edge pixels of a noisy disk against the known circle.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def filt(img, ker):
    # 'same' cross-correlation with edge replication, as a sum of shifted copies.
    kh, kw = ker.shape
    P = np.pad(img, ((kh // 2,) * 2, (kw // 2,) * 2), mode="edge")
    out = np.zeros_like(img)
    for i in range(kh):
        for j in range(kw):
            out += ker[i, j] * P[i : i + img.shape[0], j : j + img.shape[1]]
    return out


SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], float)


def gaussian(sigma):
    x = np.arange(-3 * int(np.ceil(sigma)), 3 * int(np.ceil(sigma)) + 1)
    g = np.exp(-(x**2) / (2 * sigma**2))
    return g / g.sum()


def canny_like(img, sigma=1.5, lo=0.1, hi=0.3):
    g = gaussian(sigma)
    S = filt(filt(img, g[None, :]), g[:, None])  # separable Gaussian smoothing
    gx, gy = filt(S, SOBEL_X), filt(S, SOBEL_X.T)
    mag = np.hypot(gx, gy)
    mag /= mag.max()
    # Non-maximum suppression: keep pixels not smaller than both neighbours along the gradient.
    ang = (np.round(np.arctan2(gy, gx) / (np.pi / 4)) % 4).astype(int)
    offs = {0: (0, 1), 1: (1, 1), 2: (1, 0), 3: (1, -1)}
    keep = np.zeros_like(mag, bool)
    for d, (di, dj) in offs.items():
        fwd = np.roll(mag, (-di, -dj), (0, 1))
        bwd = np.roll(mag, (di, dj), (0, 1))
        keep |= (ang == d) & (mag >= fwd) & (mag >= bwd)
    thin = mag * keep
    # Hysteresis: weak pixels survive only if connected to a strong one.
    strong, weak = thin >= hi, thin >= lo
    for _ in range(50):
        grown = strong.copy()
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                grown |= np.roll(strong, (di, dj), (0, 1))
        grown &= weak
        if (grown == strong).all():
            break
        strong = grown
    return strong


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Edge detection")
    yy, xx = np.mgrid[0:64, 0:64].astype(float)

    # 1. Sobel is a smoothed central difference: on I = a x + b y it returns exactly (8a, 8b).
    a, b = 0.7, -1.3
    plane = a * xx + b * yy
    gx, gy = filt(plane, SOBEL_X)[1:-1, 1:-1], filt(plane, SOBEL_X.T)[1:-1, 1:-1]
    r.check_close(
        "Sobel on a plane gives 8a, 8b",
        [gx.mean(), gy.mean(), np.ptp(gx) + np.ptp(gy)],
        [8 * a, 8 * b, 0.0],
        rtol=0,
        atol=1e-9,
    )

    # 2. A disk with a smooth (logistic) rim of radius R: the true gradient points along the radius.
    cx, cy, R = 31.3, 32.6, 18.0
    rho = np.hypot(xx - cx, yy - cy)
    disk = 1 / (1 + np.exp((rho - R) / 1.5))
    gx, gy = filt(disk, SOBEL_X), filt(disk, SOBEL_X.T)
    rim = np.abs(rho - R) < 1.0
    est = np.arctan2(gy[rim], gx[rim])
    true = np.arctan2(-(yy - cy)[rim], -(xx - cx)[rim])  # intensity grows towards the centre
    err = np.degrees(np.max(np.abs(np.angle(np.exp(1j * (est - true))))))
    r.figure("max orientation error on the rim (deg)", err)
    r.check(
        "Sobel orientation matches the analytic radial direction within 2 deg",
        err < 2.0,
        f"{err:.3f} deg",
    )

    # 3. Canny-style detector on a hard-edged noisy disk: edges should sit on the circle.
    noisy = (rho < R).astype(float) + rng.normal(scale=0.15, size=rho.shape)
    E = canny_like(noisy)
    dist = np.abs(rho[E] - R)
    r.figure("edge pixels found", int(E.sum()))
    r.figure("circumference 2 pi R", 2 * np.pi * R)
    r.figure("fraction of edge pixels within 1.5 px of the circle", np.mean(dist <= 1.5))
    r.check(
        "at least 95% of detected edge pixels lie on the true circle (+-1.5 px)",
        np.mean(dist <= 1.5) >= 0.95,
        f"{np.mean(dist <= 1.5):.3f}",
    )
    r.check(
        "edges are thin: pixel count within 25% of the circumference",
        abs(E.sum() - 2 * np.pi * R) < 0.25 * 2 * np.pi * R,
        f"{E.sum()} vs {2 * np.pi * R:.1f}",
    )
    return r


if __name__ == "__main__":
    main(run)
