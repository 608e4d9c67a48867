"""lloyd-max-quantization: the MSE-optimal scalar quantiser for a known density.

Follows Lloyd (1982) and Max (1960); Cover & Thomas ch 10. Alternate two conditions:
thresholds at midpoints of neighbouring levels, levels at the conditional mean (centroid)
of their cell. For N(0, 1) the cell integrals are exact: mass Phi(b) - Phi(a), first moment
phi(a) - phi(b), second moment mass + a phi(a) - b phi(b). Checks: 1-bit optimum +-sqrt(2/pi)
with MSE 1 - 2/pi; 2- and 3-bit MSE equal Max's values 0.1175 and 0.03454; the MSE never
increases across iterations; for a uniform source Lloyd-Max returns the uniform quantiser
(MSE = Delta^2 / 12); the sample-based Lloyd iteration agrees with the exact one; the cell
moments equal scipy.integrate.quad integrals (infinite ends included); and the reported MSE
equals a quad integral of the squared error for the returned levels.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import quad
from scipy.special import ndtr

from implementations._common import Report, main, solution

EXERCISE = ["cell_moments", "lloyd_max_gaussian", "lloyd_samples"]

DOC_ZH = {
    "cell_moments": """标准正态 N(0,1) 在 [a, b) 上的质量、一阶矩和二阶矩（a、b 可为 ±inf，可为数组）。

输入：a、b，区间端点（标量或同形状数组）。
输出：(m0, m1, m2)：m0 = Phi(b) - Phi(a)，m1 = phi(a) - phi(b)，m2 = m0 + a phi(a) - b phi(b)
（端点为无穷时 a phi(a) 取 0）。

>>> [round(float(v), 6) for v in cell_moments(0.0, np.inf)]
[0.5, 0.398942, 0.5]
""",
    "lloyd_max_gaussian": """N(0,1) 的 Lloyd-Max 量化器：交替执行两个最优条件——阈值取相邻电平的中点，
电平取所在单元的条件均值（质心），单元积分用 cell_moments 精确计算。

输入：levels，电平个数；iters，迭代次数。初始电平为 np.linspace(-1.5, 1.5, levels)。
输出：(y，排好序的电平数组，history，每次迭代更新电平前的精确 MSE 列表)。

>>> y, h = lloyd_max_gaussian(2)
>>> [round(float(v), 6) for v in y], round(h[-1], 6)
([-0.797885, 0.797885], 0.36338)
""",
    "lloyd_samples": """基于样本的 Lloyd 迭代（一维 k-means）：每个样本归入最近的电平，再把电平移到其单元样本的均值。

输入：x，一维样本数组；c，初始电平（升序）；iters，迭代次数。
输出：升序电平数组（没有样本的单元保持原电平）。

>>> lloyd_samples(np.array([0.0, 1.0, 9.0, 11.0]), np.array([2.0, 8.0]), 5).tolist()
[0.5, 10.0]
""",
}

HINTS = {
    "en": (
        "Two conditions, each optimal given the other: the best thresholds for fixed levels, "
        "and the best levels for fixed thresholds.",
        "Thresholds are midpoints (y_i + y_{i+1}) / 2 with -inf and +inf at the ends; each "
        "level moves to its cell's conditional mean m1 / m0. The MSE of a cell is "
        "m2 - 2 y m1 + y^2 m0. On samples, the same two steps are 1-D k-means.",
    ),
    "zh": (
        "两个条件，各自在另一个固定时最优：电平固定时的最佳阈值，阈值固定时的最佳电平。",
        "阈值是中点 (y_i + y_{i+1}) / 2，两端为 -inf 和 +inf；每个电平移到其单元的条件均值 m1 / m0。"
        "单元的 MSE 是 m2 - 2 y m1 + y^2 m0。在样本上，同样的两步就是一维 k-means。",
    ),
}


def phi(x):
    return np.exp(-0.5 * x**2) / np.sqrt(2 * np.pi)


def cell_moments(a, b):
    """Mass, first and second moment of N(0,1) on [a, b) (a, b may be +-inf, or arrays).

    Input: a, b, the cell ends (scalars or arrays of one shape). Output: (m0, m1, m2) with
    m0 = Phi(b) - Phi(a), m1 = phi(a) - phi(b), m2 = m0 + a phi(a) - b phi(b) (a phi(a) = 0
    at an infinite end).

    >>> [round(float(v), 6) for v in cell_moments(0.0, np.inf)]
    [0.5, 0.398942, 0.5]
    """
    m0 = ndtr(b) - ndtr(a)
    m1 = phi(a) - phi(b)
    aphi = np.where(np.isinf(a), 0.0, a * phi(np.where(np.isinf(a), 0, a)))
    bphi = np.where(np.isinf(b), 0.0, b * phi(np.where(np.isinf(b), 0, b)))
    return m0, m1, m0 + aphi - bphi


def lloyd_max_gaussian(levels: int, iters: int = 300):
    """Lloyd-Max quantiser for N(0,1): alternate thresholds at midpoints of neighbouring
    levels and levels at their cell's conditional mean (centroid), with exact cell
    integrals from cell_moments.

    Input: levels, the number of levels; iters. Start from np.linspace(-1.5, 1.5, levels).
    Output: (y, the sorted levels; history, the exact MSE at each iteration, before the
    levels are updated).

    >>> y, h = lloyd_max_gaussian(2)
    >>> [round(float(v), 6) for v in y], round(h[-1], 6)
    ([-0.797885, 0.797885], 0.36338)
    """
    y = np.linspace(-1.5, 1.5, levels)
    history = []
    for _ in range(iters):
        t = np.concatenate([[-np.inf], (y[:-1] + y[1:]) / 2, [np.inf]])  # nearest-neighbour
        m0, m1, m2 = cell_moments(t[:-1], t[1:])
        history.append(float((m2 - 2 * y * m1 + y**2 * m0).sum()))  # exact MSE
        y = m1 / m0  # centroids
    return y, history


def lloyd_samples(x, c, iters=100):
    """Sample-based Lloyd iteration (1-D k-means): assign each sample to its nearest level,
    move each level to the mean of its cell's samples.

    Input: x, a 1-D sample array; c, the initial levels (ascending); iters. Output: the
    levels, ascending (a cell without samples keeps its level).

    >>> lloyd_samples(np.array([0.0, 1.0, 9.0, 11.0]), np.array([2.0, 8.0]), 5).tolist()
    [0.5, 10.0]
    """
    c = np.array(c, dtype=float)
    for _ in range(iters):
        idx = np.searchsorted((c[:-1] + c[1:]) / 2, x)
        n = np.bincount(idx, minlength=len(c))
        s = np.bincount(idx, weights=x, minlength=len(c))
        c = np.where(n > 0, s / np.maximum(n, 1), c)
    return c


def _pdf(x):
    return np.exp(-0.5 * x * x) / np.sqrt(2 * np.pi)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Lloyd-Max quantization")
    with r.case("cell moments equal numerical integrals (scipy quad)") as c:
        for a, b in ((-np.inf, -0.7), (-0.7, 0.2), (0.2, 1.9), (1.9, np.inf), (-np.inf, np.inf)):
            ref = [quad(lambda t, k=k: t**k * _pdf(t), a, b)[0] for k in range(3)]
            c.close([float(v) for v in f.cell_moments(a, b)], ref, rtol=1e-8, atol=1e-12)
        a = np.array([-np.inf, -1.0, 0.5])
        b = np.array([-1.0, 0.5, np.inf])
        m0, m1, m2 = f.cell_moments(a, b)
        c.close(np.sum(m0), 1.0, rtol=1e-12)  # the cells partition the line
        c.close([np.sum(m1), np.sum(m2)], [0.0, 1.0], atol=1e-12)  # mean 0, variance 1

    y1, h1 = np.zeros(2), [np.nan]
    with r.case("1-bit levels are +-sqrt(2/pi)") as c:
        y1, h1 = f.lloyd_max_gaussian(2)
        r.figure("1-bit levels", np.asarray(y1).tolist())
        c.close(y1, [-np.sqrt(2 / np.pi), np.sqrt(2 / np.pi)], rtol=1e-9)
    with r.case("1-bit MSE = 1 - 2/pi") as c:
        c.close(h1[-1], 1 - 2 / np.pi, rtol=1e-9)
    y2, h2, y3, h3 = np.zeros(4), [np.nan], np.zeros(8), [np.nan]
    with r.case("2- and 3-bit MSE match Max (1960): 0.1175, 0.03454") as c:
        y2, h2 = f.lloyd_max_gaussian(4)
        y3, h3 = f.lloyd_max_gaussian(8)
        r.figure("2-bit levels", np.round(y2, 4).tolist())
        r.figure("MSE for 1, 2, 3 bits", [round(h1[-1], 5), round(h2[-1], 5), round(h3[-1], 5)])
        c.close([h2[-1], h3[-1]], [0.1175, 0.03454], rtol=1e-3)
        c.close(y2, [-1.5104, -0.4528, 0.4528, 1.5104], atol=2e-4)  # Max's 2-bit levels
    with r.case("reported MSE equals a quad integral for the levels") as c:
        for y, h in ((y2, h2), (y3, h3)):
            y = np.asarray(y)
            t = np.concatenate([[-np.inf], (y[:-1] + y[1:]) / 2, [np.inf]])
            ref = sum(
                quad(lambda v, q=q: (v - q) ** 2 * _pdf(v), t[i], t[i + 1])[0]
                for i, q in enumerate(y)
            )
            c.close(h[-1], ref, rtol=1e-7)
    with r.case("MSE never increases across Lloyd iterations") as c:
        c.true(
            all(
                len(h) == n and np.diff(h).max() <= 1e-15 and h[0] > h[-1] + 1e-4
                for h, n in ((h1, 300), (h2, 300), (h3, 300))
            )
        )
        _, h5 = f.lloyd_max_gaussian(3, 7)
        c.equal(len(h5), 7)
        # the first entry is the MSE of the documented start linspace(-1.5, 1.5, 3)
        ref = sum(
            quad(lambda v, q=q: (v - q) ** 2 * _pdf(v), lo, hi)[0]
            for q, lo, hi in ((-1.5, -np.inf, -0.75), (0.0, -0.75, 0.75), (1.5, 0.75, np.inf))
        )
        c.close(h5[0], ref, rtol=1e-7)

    # Uniform source on [0, 1): sample-based Lloyd converges to the uniform quantiser.
    u = np.sort(rng.uniform(0, 1, 40_000))
    c0 = np.sort(rng.uniform(0, 1, 8))
    cu = np.zeros(8)
    with r.case("uniform source: levels at (k + 1/2)/8") as c:
        cu = np.asarray(f.lloyd_samples(u, c0, 120))
        c.close(cu, (np.arange(8) + 0.5) / 8, atol=5e-3)
    with r.case("uniform source: MSE = Delta^2 / 12") as c:
        mse = np.mean(np.min((u[:, None] - cu[None, :]) ** 2, axis=1))
        c.close(mse, (1 / 8) ** 2 / 12, rtol=0.03)
    with r.case("sample-based Lloyd: one step by brute force, empty cells kept") as c:
        x = np.sort(np.r_[rng.normal(size=200).clip(-2.9, 2.9), 5.0])
        c1 = np.array([-3.0, -0.5, 0.4, 1.0, 5.5, 9.0])  # 5.5 gets one sample, 9 none
        idx = np.argmin(np.abs(x[:, None] - c1[None, :]), axis=1)
        ref = np.array([x[idx == j].mean() if np.any(idx == j) else c1[j] for j in range(6)])
        c.close(f.lloyd_samples(x, c1, 1), ref, rtol=1e-12)
        c.equal(int(np.sum(idx == 4)), 1)

    g = rng.normal(0, 1, 30_000)
    g = np.concatenate([g, -g])  # symmetrised sample: less sampling noise
    with r.case("sample-based Lloyd on N(0,1) data matches the exact 2-bit levels") as c:
        cg = f.lloyd_samples(g, np.array([-1.0, -0.3, 0.3, 1.0]), 100)
        c.close(cg, [-1.5104, -0.4528, 0.4528, 1.5104], atol=0.02)
    return r


if __name__ == "__main__":
    main(run)
