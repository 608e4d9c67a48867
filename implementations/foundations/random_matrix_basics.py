"""random-matrix-basics: the Marchenko-Pastur law for the spectrum of sample covariance
matrices, and the size of a random Gaussian matrix.

Follows Marchenko & Pastur (1967): for an n x p matrix X with i.i.d. entries of mean 0 and
variance sigma^2, as n, p -> infinity with p / n -> gamma <= 1, the eigenvalues of X^T X / n
spread over [sigma^2 (1 - sqrt gamma)^2, sigma^2 (1 + sqrt gamma)^2] with density
sqrt((l+ - x)(x - l-)) / (2 pi sigma^2 gamma x). So even when the true covariance is the identity,
sample eigenvalues are far from 1, and the top of the support says the largest singular value
of an n x m Gaussian matrix is about sigma (sqrt n + sqrt m). Checks: the density integrates to 1
and has mean sigma^2 and second moment sigma^4 (1 + gamma) (scipy quad); it is positive exactly
inside the edges; the empirical eigenvalues of a 1200 x 300 Gaussian matrix match its CDF within a
Kolmogorov distance of 0.02 and fill the support up to the edges; the largest singular values
of several Gaussian matrices are within 3% of sigma (sqrt n + sqrt m); with entries of variance
1 / fan_in a layer keeps the squared norm of its input on average.
"""

from __future__ import annotations

import numpy as np
from scipy import integrate

from implementations._common import Report, main, solution

EXERCISE = ["mp_edges", "mp_density", "gaussian_spectral_norm"]

DOC_ZH = {
    "mp_edges": """Marchenko–Pastur 分布的支撑区间端点：(sigma2 (1 - sqrt(gamma))^2, sigma2 (1 + sqrt(gamma))^2)。

输入：gamma = p / n ∈ (0, 1]；sigma2，元素方差（默认 1）。
输出：(lo, hi)。

>>> mp_edges(0.25)
(0.25, 2.25)
""",
    "mp_density": """Marchenko–Pastur 密度：在 [l-, l+] 内为 sqrt((l+ - x)(x - l-)) / (2 pi sigma2 gamma x)，区间外为 0。

输入：x，数组；gamma ∈ (0, 1]；sigma2（默认 1）。
输出：与 x 同形状的数组。

>>> round(float(mp_density(np.array([1.0]), 0.25)[0]), 6)
0.616404
""",
    "gaussian_spectral_norm": """由支撑上端得到的 n × m 高斯矩阵（元素标准差 sigma）最大奇异值的近似：sigma (sqrt(n) + sqrt(m))。

输入：n、m；sigma（默认 1）。
输出：浮点数。

>>> gaussian_spectral_norm(100, 25)
15.0
""",
}

HINTS = {
    "en": (
        "The spectrum has hard edges at sigma^2 (1 +- sqrt gamma)^2; the density is a semicircle-like "
        "bump between them, divided by x.",
        "edges = sigma2 (1 -+ sqrt g)^2; density = sqrt(max(0, (hi - x)(x - lo))) / (2 pi sigma2 g x) "
        "inside, 0 outside. The largest eigenvalue of X^T X / n sits at hi, so the largest singular "
        "value of X is sqrt(n hi) = sigma (sqrt n + sqrt p).",
    ),
    "zh": (
        "谱在 sigma^2 (1 ± sqrt gamma)^2 处有硬边界；两边界之间的密度是一个类似半圆的鼓包，再除以 x。",
        "边界 = sigma2 (1 ∓ sqrt g)^2；区间内密度 = sqrt(max(0, (hi - x)(x - lo))) / (2 pi sigma2 g x)，区间外为 0。"
        "X^T X / n 的最大特征值位于 hi，所以 X 的最大奇异值为 sqrt(n hi) = sigma (sqrt n + sqrt p)。",
    ),
}


def mp_edges(gamma, sigma2=1.0):
    """Edges of the Marchenko-Pastur support: (sigma2 (1 - sqrt gamma)^2, sigma2 (1 + sqrt gamma)^2).

    Input: gamma = p / n in (0, 1]; sigma2 the entry variance (default 1). Output: (lo, hi).

    >>> mp_edges(0.25)
    (0.25, 2.25)
    """
    s = np.sqrt(gamma)
    return float(sigma2 * (1 - s) ** 2), float(sigma2 * (1 + s) ** 2)


def mp_density(x, gamma, sigma2=1.0):
    """Marchenko-Pastur density: sqrt((l+ - x)(x - l-)) / (2 pi sigma2 gamma x) on [l-, l+],
    0 outside.

    Input: x an array; gamma in (0, 1]; sigma2 (default 1). Output: an array shaped like x.

    >>> round(float(mp_density(np.array([1.0]), 0.25)[0]), 6)
    0.616404
    """
    x = np.asarray(x, dtype=float)
    lo, hi = mp_edges(gamma, sigma2)
    inside = (x > lo) & (x < hi)
    out = np.zeros_like(x)
    xi = x[inside]
    out[inside] = np.sqrt((hi - xi) * (xi - lo)) / (2 * np.pi * sigma2 * gamma * xi)
    return out


def gaussian_spectral_norm(n, m, sigma=1.0):
    """The largest singular value of an n x m Gaussian matrix with entry scale sigma, as the
    top of the support gives it: sigma (sqrt(n) + sqrt(m)).

    Input: n, m; sigma (default 1). Output: a float.

    >>> gaussian_spectral_norm(100, 25)
    15.0
    """
    return float(sigma * (np.sqrt(n) + np.sqrt(m)))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Random matrices: the Marchenko-Pastur law")

    with r.case("edges at hand-computed points") as c:
        c.close(f.mp_edges(0.25), (0.25, 2.25), rtol=1e-12)
        c.close(f.gaussian_spectral_norm(100, 25), 15.0, rtol=1e-12)
        c.close(f.mp_edges(1.0, 2.0), (0.0, 8.0), atol=1e-12)
        c.close(f.mp_edges(0.09, 0.5), (0.5 * 0.49, 0.5 * 1.69), rtol=1e-12)
    for g, s2 in ((0.1, 1.0), (0.3, 2.0), (0.7, 0.5)):
        lo, hi = (s2 * (1 - np.sqrt(g)) ** 2, s2 * (1 + np.sqrt(g)) ** 2)
        with r.case(
            f"density (gamma = {g}, sigma^2 = {s2}): total 1, mean sigma^2, E x^2 = sigma^4 (1 + gamma)"
        ) as c:

            def dens(x, g=g, s2=s2):
                return float(f.mp_density(np.array([x]), g, s2)[0])

            c.close(integrate.quad(dens, lo, hi, limit=200)[0], 1.0, rtol=1e-6)
            c.close(integrate.quad(lambda x: x * dens(x), lo, hi, limit=200)[0], s2, rtol=1e-6)
            c.close(
                integrate.quad(lambda x: x * x * dens(x), lo, hi, limit=200)[0],
                s2**2 * (1 + g),
                rtol=1e-6,
            )
    with r.case("density is positive exactly inside the edges") as c:
        lo, hi = 0.25, 2.25
        xs = np.array([0.0, 0.2, 0.26, 1.0, 2.2, 2.3, 5.0])
        d = np.asarray(f.mp_density(xs, 0.25))
        c.equal(d > 0, (xs > lo) & (xs < hi))
        c.close(d[3], np.sqrt(1.25 * 0.75) / (2 * np.pi * 0.25), rtol=1e-12)
        # gamma = 1: the lower edge is 0, where the density formula would divide by zero
        c.close(
            f.mp_density(np.array([0.0, 4.0, 1.0]), 1.0),
            [0.0, 0.0, np.sqrt(3.0) / (2 * np.pi)],
            rtol=1e-12,
        )

    n, p = 1200, 300
    X = rng.normal(0, np.sqrt(1.5), (n, p))
    ev = np.sort(np.linalg.eigvalsh(X.T @ X / n))
    with r.case("empirical eigenvalues of X^T X / n (1200 x 300) follow the MP CDF") as c:
        grid = np.linspace(0, 6, 3001)
        pdf = f.mp_density(grid, p / n, 1.5)
        cdf = np.concatenate([[0], np.cumsum((pdf[1:] + pdf[:-1]) / 2 * np.diff(grid))])
        ks = np.max(np.abs(np.interp(ev, grid, cdf) - (np.arange(1, p + 1) - 0.5) / p))
        r.figure("Kolmogorov distance, empirical vs MP", round(float(ks), 4))
        c.true(ks < 0.02, f"{ks:.4f}")
        lo, hi = f.mp_edges(p / n, 1.5)
        r.figure(
            "smallest | largest eigenvalue vs edges",
            [round(float(ev[0]), 3), round(float(ev[-1]), 3), round(lo, 3), round(hi, 3)],
        )
        c.close([ev[0], ev[-1]], [lo, hi], rtol=0.05)
    with r.case("largest singular value of Gaussian matrices ~ sigma (sqrt n + sqrt m)") as c:
        for a, b, s in ((600, 150, 1.0), (300, 300, 0.1), (800, 40, 3.0)):
            top = np.linalg.norm(rng.normal(0, s, (a, b)), 2)
            c.close(f.gaussian_spectral_norm(a, b, s), top, rtol=0.03)
    with r.case(
        "entries of variance 1 / fan_in keep E ||W x||^2 = ||x||^2; norm ~ 1 + sqrt(m / n)"
    ) as c:
        fan_in, fan_out = 256, 256
        W = rng.normal(0, 1 / np.sqrt(fan_in), (fan_out, fan_in))
        xs = rng.normal(size=(fan_in, 200))
        c.close(np.mean(np.sum((W @ xs) ** 2, 0) / np.sum(xs**2, 0)), 1.0, rtol=0.03)
        c.close(
            np.linalg.norm(W, 2),
            f.gaussian_spectral_norm(fan_out, fan_in, 1 / np.sqrt(fan_in)),
            rtol=0.03,
        )
    return r


if __name__ == "__main__":
    main(run)
