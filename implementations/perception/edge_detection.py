"""edge-detection: Sobel gradients and a Canny-style detector (smooth, gradient, thin, threshold).

Follows Szeliski, Computer Vision 2e, ch. 7 (edges) and Canny (1986): edges are maxima of the
gradient magnitude of a Gaussian-smoothed image. Checks: the filter against
scipy.ndimage.correlate (edge replication, a non-symmetric 3 x 5 kernel, a non-square image); the
Gaussian kernel against its closed form; Sobel on a plane against the closed form 8(a, b); gradient
orientation on a smooth disk against the analytic radial direction; the detected edge pixels of a
noisy disk against the known circle (on it, thin, all round); hysteresis dropping an isolated weak
step edge; smooth edges in four orientations whose weak ends are followed from a strong middle and
stay thin; and exact ties (a hard step without smoothing) kept by NMS and inclusive thresholds.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.ndimage import correlate

from implementations._common import Report, main, solution

EXERCISE = ["filt", "gaussian", "canny_like"]

SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], float)

DOC_ZH = {
    "filt": """“same” 尺寸的二维互相关，边界用复制（edge）填充：
out[i, j] = Σ_{p,q} ker[p, q] * P[i + p, j + q]，P 为四周各填充 kh//2、kw//2 的图像。

输入：img，二维数组；ker，奇数尺寸 (kh, kw) 的核。
输出：与 img 同形状的数组。

>>> filt(np.array([[0.0, 1.0, 2.0]]), np.array([[-1.0, 0.0, 1.0]])).tolist()
[[1.0, 2.0, 1.0]]
""",
    "gaussian": """一维归一化高斯核：x 取整数 -3 ceil(sigma), ..., 3 ceil(sigma)，
g[x] ∝ exp(-x^2 / (2 sigma^2))，Σ g = 1。

输入：sigma > 0。
输出：长度 6 ceil(sigma) + 1 的数组。

>>> gaussian(0.5).round(6).tolist()
[0.0, 0.000264, 0.106451, 0.786571, 0.106451, 0.000264, 0.0]
""",
    "canny_like": """Canny 式边缘检测：(1) 用 gaussian(sigma) 做可分离平滑（先行后列，filt）；
(2) Sobel 梯度 gx = filt(S, SOBEL_X)、gy = filt(S, SOBEL_X.T)，幅值 hypot 并除以其最大值；
(3) 非极大值抑制：把梯度方向量化为 4 个方向（arctan2(gy, gx) / (pi/4) 四舍五入后对 4 取模，
0: (0, 1)，1: (1, 1)，2: (1, 0)，3: (1, -1)），保留不小于该方向前后两个邻居（np.roll）的像素；
(4) 滞后阈值：>= hi 为强边缘，>= lo 为弱边缘，弱边缘只有经 8 邻域与强边缘相连才保留。

输入：img，二维数组；sigma；lo、hi，相对阈值。
输出：与 img 同形状的布尔数组。

>>> E = canny_like(np.pad(np.ones((8, 8)), 8), 1.5, 0.1, 0.3)
>>> int(E.sum()), bool(E[8:16, 8:16].all())
(28, False)
""",
}

HINTS = {
    "en": (
        "An edge is where the smoothed image changes fastest: find large gradients, keep only the "
        "ridge of each, then keep weak ridge pixels only when they connect to strong ones.",
        "Smooth with g along rows then columns; Sobel gx, gy; mag = hypot / max; quantise the "
        "direction to 4 neighbours and keep mag >= both neighbours along it; strong = thin >= hi, "
        "weak = thin >= lo; grow strong through 8-neighbours inside weak until nothing changes.",
    ),
    "zh": (
        "边缘是平滑后图像变化最快的地方：找出大梯度，只保留每条脊线本身，再只保留与强边缘相连的弱边缘。",
        "用 g 先沿行后沿列平滑；Sobel 求 gx、gy；mag = hypot / max；把方向量化到 4 个邻居，"
        "保留沿该方向不小于两侧邻居的像素；strong = thin >= hi，weak = thin >= lo；"
        "在 weak 内通过 8 邻域不断扩展 strong，直到不再变化。",
    ),
}


def filt(img, ker):
    """'Same'-size 2-D cross-correlation with edge replication.

    out[i, j] = sum_{p,q} ker[p, q] P[i + p, j + q], P the image padded by kh//2 and kw//2 on
    each side by repeating its border. Input: a 2-D img and a kernel of odd size (kh, kw).
    Output: an array of img's shape.

    >>> filt(np.array([[0.0, 1.0, 2.0]]), np.array([[-1.0, 0.0, 1.0]])).tolist()
    [[1.0, 2.0, 1.0]]
    """
    kh, kw = ker.shape
    P = np.pad(img, ((kh // 2,) * 2, (kw // 2,) * 2), mode="edge")
    out = np.zeros_like(img)
    for i in range(kh):
        for j in range(kw):
            out += ker[i, j] * P[i : i + img.shape[0], j : j + img.shape[1]]
    return out


def gaussian(sigma):
    """Normalised 1-D Gaussian on x = -3 ceil(sigma) .. 3 ceil(sigma), g proportional to exp(-x^2 / 2 sigma^2).

    Input: sigma > 0. Output: an array of length 6 ceil(sigma) + 1 summing to 1.

    >>> gaussian(0.5).round(6).tolist()
    [0.0, 0.000264, 0.106451, 0.786571, 0.106451, 0.000264, 0.0]
    """
    x = np.arange(-3 * int(np.ceil(sigma)), 3 * int(np.ceil(sigma)) + 1)
    g = np.exp(-(x**2) / (2 * sigma**2))
    return g / g.sum()


def canny_like(img, sigma, lo, hi):
    """Canny-style edges: smooth, Sobel gradient, non-maximum suppression, hysteresis.

    (1) Separable smoothing with gaussian(sigma) (rows, then columns, with filt). (2) Sobel
    gx = filt(S, SOBEL_X), gy = filt(S, SOBEL_X.T); magnitude hypot(gx, gy) / its max.
    (3) Quantise the direction round(arctan2(gy, gx) / (pi/4)) mod 4 to the neighbour offsets
    0: (0, 1), 1: (1, 1), 2: (1, 0), 3: (1, -1) and keep pixels not smaller than both
    neighbours along it (np.roll). (4) Hysteresis: >= hi is strong, >= lo is weak, and weak
    pixels survive only when 8-connected to strong ones. Input: a 2-D img, sigma, the relative
    thresholds lo and hi. Output: a boolean array of img's shape.

    >>> E = canny_like(np.pad(np.ones((8, 8)), 8), 1.5, 0.1, 0.3)
    >>> int(E.sum()), bool(E[8:16, 8:16].all())
    (28, False)
    """
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
    while True:  # grow until nothing changes: weak chains of any length are followed
        grown = strong.copy()
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                grown |= np.roll(strong, (di, dj), (0, 1))
        grown &= weak
        if (grown == strong).all():
            break
        strong = grown
    return strong


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Edge detection")
    yy, xx = np.mgrid[0:64, 0:64].astype(float)

    with r.case("filter equals scipy.ndimage.correlate with edge replication") as c:
        img, ker = rng.normal(size=(9, 14)), rng.normal(size=(3, 5))
        c.close(f.filt(img, ker), correlate(img, ker, mode="nearest"), rtol=0, atol=1e-12)
        c.close(f.filt(img, SOBEL_X.T), correlate(img, SOBEL_X.T, mode="nearest"), rtol=0, atol=1e-12)

    with r.case("Gaussian kernel: support +-3 ceil(sigma), unit sum, exp(-x^2 / 2 sigma^2)") as c:
        for s in (1.5, 0.8):
            n = 3 * math.ceil(s)
            ref = np.array([math.exp(-(x * x) / (2 * s * s)) for x in range(-n, n + 1)])
            c.close(f.gaussian(s), ref / ref.sum(), rtol=1e-12)

    # 1. Sobel is a smoothed central difference: on I = a x + b y it returns exactly (8a, 8b).
    with r.case("Sobel on a plane gives 8a, 8b") as c:
        a, b = 0.7, -1.3
        plane = a * xx + b * yy
        gx, gy = f.filt(plane, SOBEL_X)[1:-1, 1:-1], f.filt(plane, SOBEL_X.T)[1:-1, 1:-1]
        c.close([gx.mean(), gy.mean(), np.ptp(gx) + np.ptp(gy)], [8 * a, 8 * b, 0.0],
                rtol=0, atol=1e-9)

    # 2. A disk with a smooth (logistic) rim of radius R: the true gradient points along the radius.
    cx, cy, R = 31.3, 32.6, 18.0
    rho = np.hypot(xx - cx, yy - cy)
    with r.case("Sobel orientation matches the analytic radial direction within 2 deg") as c:
        disk = 1 / (1 + np.exp((rho - R) / 1.5))
        gx, gy = f.filt(disk, SOBEL_X), f.filt(disk, SOBEL_X.T)
        rim = np.abs(rho - R) < 1.0
        est = np.arctan2(gy[rim], gx[rim])
        true = np.arctan2(-(yy - cy)[rim], -(xx - cx)[rim])  # intensity grows towards the centre
        err = np.degrees(np.max(np.abs(np.angle(np.exp(1j * (est - true))))))
        r.figure("max orientation error on the rim (deg)", err)
        c.true(err < 2.0, f"{err:.3f} deg")

    # 3. Canny-style detector on a hard-edged noisy disk: edges should sit on the circle.
    noisy = (rho < R).astype(float) + rng.normal(scale=0.15, size=rho.shape)
    with r.case("at least 95% of detected edge pixels lie on the true circle (+-1.5 px)") as c:
        E = f.canny_like(noisy, 1.5, 0.1, 0.3)
        dist = np.abs(rho[E] - R)
        r.figure("edge pixels found", int(E.sum()))
        r.figure("circumference 2 pi R", 2 * np.pi * R)
        r.figure("fraction of edge pixels within 1.5 px of the circle", np.mean(dist <= 1.5))
        c.true(np.mean(dist <= 1.5) >= 0.95, f"{np.mean(dist <= 1.5):.3f}")
    with r.case("edges are thin: pixel count within 25% of the circumference") as c:
        c.true(abs(E.sum() - 2 * np.pi * R) < 0.25 * 2 * np.pi * R, f"{E.sum()} vs {2 * np.pi * R:.1f}")
        # Every part of the circle is found: each 30-degree arc holds edge pixels.
        th = np.degrees(np.arctan2((yy - cy)[E], (xx - cx)[E])) % 360
        c.equal(len(np.unique((th // 30).astype(int))), 12)

    # 4. Hysteresis on vertical step edges: a strong edge at column 20; a weak one (contrast 0.2)
    # at column 44, isolated in rows 0-31 and touching the strong edge's region nowhere.
    with r.case("hysteresis keeps strong edges and drops isolated weak ones") as c:
        step = np.zeros((48, 64))
        step[:, 20:] = 1.0
        step[:, 44:] += 0.2
        Es = f.canny_like(step, 1.5, 0.1, 0.3)
        cols = np.nonzero(Es.any(axis=0))[0]
        c.true(bool(set(cols.tolist()) & {19, 20}), f"strong edge columns {cols.tolist()}")
        c.true(not Es[:, 40:].any(), "the weak edge alone is dropped")
        c.true(int(Es[:, 18:22].sum()) == 48, f"{int(Es[:, 18:22].sum())} pixels on the strong edge")
    # 5. Smooth edges through pixel centres in four orientations, with a contrast that is strong
    # only near the middle and fades out before the borders (so np.roll cannot wrap a chain
    # round): hysteresis must follow each line both ways from the middle, NMS must keep it thin.
    p = lambda u: 1 / (1 + np.exp(-u))
    lines = {"vertical": (xx - 32, yy - 32), "horizontal": (yy - 32, xx - 32),
             "diagonal /": ((xx + yy - 64) / np.sqrt(2), (xx - yy) / np.sqrt(2)),
             "diagonal \\": ((xx - yy) / np.sqrt(2), (xx + yy - 64) / np.sqrt(2))}
    for name, (u, v) in lines.items():
        with r.case(f"{name} edge: followed end to end by hysteresis and thin") as c:
            img = (0.3 + 0.7 * np.exp(-(v**2) / 128)) * p((24 - np.abs(v)) / 1.5) * p(u)
            E = f.canny_like(img, 1.0, 0.1, 0.6)
            win = np.abs(v) <= 18
            on = (np.abs(u) < 1e-9) & win
            c.true(bool(E[on].all()), f"{int(E[on].sum())} of {int(on.sum())} line pixels")
            c.true(bool(np.all(np.abs(u[E & win]) < 0.75)), "no pixel beyond the line's neighbours")
            strong = f.canny_like(img, 1.0, 0.6, 0.6)
            c.true(int(strong[on].sum()) <= 0.75 * int(on.sum()), "the strong part alone is shorter")

    # Tilted by 20 degrees from horizontal: still one pixel per column.
    for tilt in (20.0, -20.0):
        with r.case(f"edge tilted {tilt:+g} deg from horizontal stays one pixel per column") as c:
            t = np.radians(tilt)
            u = (yy - 32) * np.cos(t) - (xx - 32) * np.sin(t)
            E = f.canny_like(p(u / 1.2), 1.0, 0.1, 0.3)
            per_col = E[:, 12:-12].sum(axis=0)
            c.true(bool(np.all(per_col == 1)), f"pixels per column {sorted(set(per_col.tolist()))}")

    # 6. A hard step without smoothing (sigma 0.05) gives two exactly equal maxima per row:
    # NMS keeps ties (>=), and thresholds are inclusive (lo = hi = 1 keeps the maxima).
    with r.case("ties: a hard step is found, with inclusive thresholds") as c:
        step = np.zeros((24, 40))
        step[:, 20:] = 1.0
        E = f.canny_like(step, 0.05, 1.0, 1.0)
        c.true(bool(E[:, 19:21].all()), f"tie pixels kept: {int(E[:, 19:21].sum())} of 48")
        c.true(not E[:, :18].any() and not E[:, 22:].any(), "nothing away from the step")
    return r


if __name__ == "__main__":
    main(run)
