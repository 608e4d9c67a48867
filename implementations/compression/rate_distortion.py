"""rate-distortion: R(D) = min I(X; Xhat) over test channels with E d(X, Xhat) <= D.

Follows Cover & Thomas ch 10. Checks: for a Bernoulli(p) source with Hamming distortion a
brute-force search over all binary test channels reproduces R(D) = h(p) - h(D); for a
Gaussian, an entropy-coded fine uniform quantiser sits 0.5 log2(pi e / 6) = 0.254 bit above
R(D) = 0.5 log2(sigma^2 / D) (exact quantiser entropy from the normal CDF); and for three
independent Gaussians reverse water-filling matches a brute-force split of the distortion
(and, when D is small, gives every component D / 3; when D >= sum of variances, rate 0).
All rates are in bits.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from implementations._common import Report, main, solution

EXERCISE = ["binary_rd_bruteforce", "quantiser_entropy", "reverse_waterfill"]

DOC_ZH = {
    "binary_rd_bruteforce": """用网格暴力搜索求 Bernoulli(p) 信源、汉明失真下的 R(D)（比特）。

测试信道 a = P(xhat=1 | x=0)，b = P(xhat=0 | x=1)，在 [0,1]^2 的 n×n 网格上取值；
期望失真 (1-p) a + p b <= D（容差 1e-12）的信道中，I(X; Xhat) = H(Xhat) - H(Xhat | X) 的最小值。
输入：p；D；n，每个维度的网格点数。
输出：一个 float（比特）。

>>> round(binary_rd_bruteforce(0.5, 0.0, 11), 6)
1.0
""",
    "quantiser_entropy": """步长为 step 的中平（midtread）均匀量化器作用于 N(0, sigma^2) 时输出的熵（比特）。

单元边界为 (k + 1/2)·step，k = -200..200，两端各有一个无界的单元；单元概率由正态分布函数
（scipy.special.ndtr）精确给出，概率为 0 的单元不计。
输入：sigma；step。
输出：一个 float（比特）。

>>> round(quantiser_entropy(1.0, 1.0), 6)
2.104833
""",
    "reverse_waterfill": """独立高斯分量的逆注水：D_i = min(lambda, var_i)，水位 lambda 由二分法确定使 Σ D_i = D；
R = Σ 0.5 log2(var_i / D_i)（比特）。

输入：var，各分量方差的数组；D，总失真（0 < D <= Σ var）。
输出：(D_i 数组，R)。

>>> Di, R = reverse_waterfill(np.array([4.0, 1.0]), 1.0)
>>> [round(float(v), 6) for v in Di], round(R, 6)
([0.5, 0.5], 2.0)
""",
}

HINTS = {
    "en": (
        "R(D) is a minimum of mutual information over test channels; for Gaussians, "
        "spend distortion where the variance is largest first... or rather, equalise it.",
        "Binary: I = h(P(xhat=1)) - ((1-p) h(a) + p h(b)), minimised over the grid points "
        "meeting the distortion constraint. Gaussians: every component gets the same "
        "distortion lambda unless its variance is smaller (then D_i = var_i and rate 0); "
        "bisect on lambda so that sum min(lambda, var_i) = D. Use log2 for bits.",
    ),
    "zh": (
        "R(D) 是互信息在测试信道上的最小值；对高斯分量，要把失真均衡地分配。",
        "二元：I = h(P(xhat=1)) - ((1-p) h(a) + p h(b))，在满足失真约束的网格点上取最小。"
        "高斯：每个分量得到相同的失真 lambda，除非它的方差更小（此时 D_i = var_i，码率为 0）；"
        "对 lambda 二分使 Σ min(lambda, var_i) = D。用 log2 得到比特。",
    ),
}


def h2(q):
    q = np.clip(q, 1e-300, 1)
    r = np.clip(1 - q, 1e-300, 1)
    return -(q * np.log2(q) + r * np.log2(r))


def binary_rd_bruteforce(p: float, D: float, n: int = 501) -> float:
    """R(D) in bits of a Bernoulli(p) source with Hamming distortion, by grid search.

    Test channel a = P(xhat=1 | x=0), b = P(xhat=0 | x=1) on an n x n grid of [0,1]^2; the
    minimum of I(X; Xhat) = H(Xhat) - H(Xhat | X) over the channels with expected distortion
    (1-p) a + p b <= D (tolerance 1e-12).
    Input: p; D; n, grid points per axis. Output: a float in bits.

    >>> round(binary_rd_bruteforce(0.5, 0.0, 11), 6)
    1.0
    """
    # test channel: a = P(xhat=1 | x=0), b = P(xhat=0 | x=1)
    a, b = np.meshgrid(np.linspace(0, 1, n), np.linspace(0, 1, n))
    dist = (1 - p) * a + p * b
    q1 = (1 - p) * a + p * (1 - b)  # P(xhat = 1)
    I = h2(q1) - ((1 - p) * h2(a) + p * h2(b))  # I = H(Xhat) - H(Xhat | X)
    return float(I[dist <= D + 1e-12].min())


def quantiser_entropy(sigma: float, step: float) -> float:
    """Entropy in bits of a midtread uniform quantiser with the given step applied to
    N(0, sigma^2).

    Cell edges at (k + 1/2) step for k = -200..200, plus an unbounded cell at each end; the
    cell probabilities come exactly from the normal CDF (scipy.special.ndtr); empty cells
    are skipped. Input: sigma; step. Output: a float in bits.

    >>> round(quantiser_entropy(1.0, 1.0), 6)
    2.104833
    """
    edges = (np.arange(-200, 201) + 0.5) * step
    cdf = np.concatenate([[0.0], ndtr(edges / sigma), [1.0]])
    pm = np.diff(cdf)
    pm = pm[pm > 0]
    return float(-(pm * np.log2(pm)).sum())


def reverse_waterfill(var: np.ndarray, D: float) -> tuple[np.ndarray, float]:
    """Reverse water-filling for independent Gaussian components: D_i = min(lambda, var_i),
    the water level lambda found by bisection so that sum D_i = D; R = sum 0.5 log2(var_i /
    D_i) in bits.

    Input: var, the component variances; D, the total distortion (0 < D <= sum var).
    Output: (the array D_i, R).

    >>> Di, R = reverse_waterfill(np.array([4.0, 1.0]), 1.0)
    >>> [round(float(v), 6) for v in Di], round(R, 6)
    ([0.5, 0.5], 2.0)
    """
    lo, hi = 0.0, var.max()
    for _ in range(100):  # bisection on the water level
        lam = (lo + hi) / 2
        lo, hi = (lam, hi) if np.minimum(lam, var).sum() < D else (lo, lam)
    Di = np.minimum(lam, var)
    return Di, float(0.5 * np.log2(var / Di).sum())


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Rate-distortion function")
    p = 0.3
    Ds = [0.05, 0.1, 0.2]
    closed = [float(h2(p) - h2(D)) for D in Ds]
    with r.case("brute-force minimum matches h(p) - h(D)") as c:
        brute = [f.binary_rd_bruteforce(p, D) for D in Ds]
        r.figure(
            "Bernoulli(0.3): brute force R(D) at D = 0.05, 0.1, 0.2", [round(v, 4) for v in brute]
        )
        r.figure("closed form h(p) - h(D)", [round(v, 4) for v in closed])
        c.close(brute, closed, atol=5e-4)
        c.close(f.binary_rd_bruteforce(0.5, 0.1, 201), 1 - float(h2(0.1)), atol=5e-4)
        c.close(f.binary_rd_bruteforce(0.2, 0.0, 101), float(h2(0.2)), rtol=1e-9)  # lossless
    with r.case("R(D) = 0 once D >= p (send nothing, always guess 0)") as c:
        c.true(
            abs(f.binary_rd_bruteforce(p, p)) < 1e-9 and f.binary_rd_bruteforce(p, p - 0.02) > 0.01
        )

    # Gaussian: entropy-coded uniform quantiser with a fine step.
    sigma, step = 1.0, 0.05
    with r.case("gap equals 0.5 log2(pi e / 6)") as c:
        HQ = f.quantiser_entropy(sigma, step)
        D = step**2 / 12  # high-resolution distortion
        gap = HQ - 0.5 * np.log2(sigma**2 / D)
        r.figure("quantiser entropy minus R(D) (bits)", gap)
        c.close(gap, 0.5 * np.log2(np.pi * np.e / 6), atol=2e-3)
    with r.case("quantiser entropy of a coarse step equals the hand sum") as c:
        from scipy.stats import norm

        # sigma = 1000: the two unbounded end cells carry most of the mass
        for sg, st in ((1.0, 1.0), (2.0, 3.0), (0.5, 0.05), (1000.0, 1.0), (300.0, 1.0)):
            k = np.arange(-200, 200)  # interior cells between edges (k + 1/2) st, (k + 3/2) st
            P = norm.cdf((k + 1.5) * st / sg) - norm.cdf((k + 0.5) * st / sg)
            P = np.r_[P, norm.cdf(-199.5 * st / sg), norm.sf(200.5 * st / sg)]
            P = P[P > 0]
            c.close(f.quantiser_entropy(sg, st), -(P * np.log2(P)).sum(), rtol=1e-9)

    var = np.array([4.0, 1.0, 0.25])
    Dtot = 1.5
    Di, R = np.zeros(3), np.nan
    g = np.linspace(1e-4, 1.5, 751)
    D1, D2 = np.meshgrid(np.minimum(g, var[0]), np.minimum(g, var[1]))
    D3 = Dtot - D1 - D2
    ok = (D3 > 0) & (D3 <= var[2])
    Rg = 0.5 * (np.log2(var[0] / D1) + np.log2(var[1] / D2) + np.log2(var[2] / np.where(ok, D3, 1)))
    with r.case("water-filling distortions sum to D") as c:
        Di, R = f.reverse_waterfill(var, Dtot)
        r.figure("water-filling distortions", np.round(Di, 4).tolist())
        c.close(np.sum(Di), Dtot, rtol=1e-9)
        c.close(Di, [0.625, 0.625, 0.25], rtol=1e-9)  # lambda = 0.625, the small one is full
    with r.case("water-filling rate equals brute-force minimum") as c:
        c.close(R, Rg[ok].min(), atol=5e-4)
    with r.case("small D: equal split D/3 and rate sum 0.5 log2(var / (D/3))") as c:
        Di2, R2 = f.reverse_waterfill(var, 0.3)
        c.close(Di2, [0.1, 0.1, 0.1], rtol=1e-9)
        c.close(R2, 0.5 * np.log2(var / 0.1).sum(), rtol=1e-9)
        Di3, R3 = f.reverse_waterfill(np.array([3.0, 1.0]), 4.0)  # D = total variance
        c.close(Di3, [3.0, 1.0], rtol=1e-9)
        c.close(R3, 0.0, atol=1e-9)
    return r


if __name__ == "__main__":
    main(run)
