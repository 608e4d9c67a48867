"""minimum-description-length: choose the model that gives the shortest total code,
L(model) + L(data | model); a good fit that needs many parameters is paid for in bits.

Follows Rissanen (1978), MacKay (2003) ch. 28 and Cover & Thomas (2006) ch. 13 (two-stage
codes for binary sequences). Checks: a two-part code, (k/2) log2 n bits for k parameters plus
the Gaussian code length of the residuals, recovers the true degree of a noisy cubic over
several seeds while the residual error alone keeps preferring larger degrees; and for a
binary string with k ones the two-part code log2(n+1) + log2 C(n, k) equals, bit for bit,
the sequential code of the Laplace predictor (k_i + 1)/(i + 2). The learner writes the
polynomial two-part code, the binary two-part code and the sequential Laplace code; they are
compared with a least-squares fit by numpy.linalg.lstsq on a Vandermonde matrix, exact integer
binomials (math.comb), and the closed form -log2 B(k+1, n-k+1) (scipy.special.betaln) of the
Laplace mixture, on strings with no ones and all ones too.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import betaln

from implementations._common import Report, main, solution

EXERCISE = ["two_part_bits", "binary_two_part_bits", "laplace_sequential_bits"]

DOC_ZH = {
    "two_part_bits": """多项式回归的两段式码长：(k/2) log2 n 比特描述 k = deg + 2 个参数（系数与噪声尺度），加上残差在最大似然高斯下的码长。

输入：x、y，长度 n 的数组；deg，多项式次数。
输出：(总比特数, s2)，其中 s2 = mean(残差^2) 是最小二乘拟合的残差均方，
数据部分为 0.5 n log2(2πe s2)。

>>> bits, s2 = two_part_bits(np.arange(4.0), np.array([0.0, 1.0, 0.0, 1.0]), 0)
>>> round(float(bits), 4), round(float(s2), 6)
(6.1884, 0.25)
""",
    "binary_two_part_bits": """含 k 个 1 的长为 n 的二元串的两段式码长：log2(n+1) 比特传 k，再用 log2 C(n, k) 比特指出是哪一个串。

输入：n，串长；k，1 的个数（0 <= k <= n）。
输出：一个 float（比特）；n 很大时也要能算（用 lgamma，而不是阶乘）。

>>> round(binary_two_part_bits(3, 1), 6)
3.584963
""",
    "laplace_sequential_bits": """用 Laplace 预测器顺序编码二元串的码长：第 i 位（从 0 开始）为 1 的概率是 (前 i 位中 1 的个数 + 1) / (i + 2)。

输入：bits，0/1 的一维整数数组。
输出：一个 float，-Σ log2 p(实际出现的位)，单位比特。

>>> round(laplace_sequential_bits(np.array([1, 0])), 6)
2.584963
""",
}

HINTS = {
    "en": (
        "A description has two parts: what the model is, and what the data look like once "
        "you know the model. More parameters shorten the second part and lengthen the first.",
        "Fit by least squares, s2 = mean squared residual, data bits = 0.5 n log2(2 pi e s2), "
        "model bits = (deg + 2)/2 log2 n. For strings: log2(n+1) + log2 C(n,k) via lgamma; the "
        "sequential code adds -log2 of (ones so far + 1)/(i + 2) or of its complement.",
    ),
    "zh": (
        "描述分两段：模型是什么，以及已知模型后数据是什么样。参数越多，第二段越短、第一段越长。",
        "最小二乘拟合，s2 = 残差均方，数据比特 = 0.5 n log2(2πe s2)，模型比特 = (deg + 2)/2 · log2 n。"
        "二元串：log2(n+1) + log2 C(n,k)（用 lgamma 计算）；顺序码逐位累加 "
        "-log2((目前为止 1 的个数 + 1)/(i + 2)) 或其补概率的 -log2。",
    ),
}


def two_part_bits(x, y, deg):
    """Two-part code length of a polynomial fit: (k/2) log2 n bits for k = deg + 2 parameters
    (coefficients and noise scale) plus the Gaussian code length of the residuals.

    Input: x, y, arrays of length n; deg, the polynomial degree. Output: (total bits, s2),
    with s2 = mean squared residual of the least-squares fit and data bits
    0.5 n log2(2 pi e s2).

    >>> bits, s2 = two_part_bits(np.arange(4.0), np.array([0.0, 1.0, 0.0, 1.0]), 0)
    >>> round(float(bits), 4), round(float(s2), 6)
    (6.1884, 0.25)
    """
    n = x.size
    coef = np.polynomial.polynomial.polyfit(x, y, deg)
    resid = y - np.polynomial.polynomial.polyval(x, coef)
    s2 = np.mean(resid**2)
    data_bits = 0.5 * n * np.log2(2 * np.pi * np.e * s2)  # -log2 likelihood at the ML fit
    return 0.5 * (deg + 2) * np.log2(n) + data_bits, s2


def binary_two_part_bits(n, k):
    """Two-part code of a binary string of length n with k ones: log2(n+1) bits for k, then
    log2 C(n, k) bits for which string it is.

    Input: n, the length; k, the number of ones (0 <= k <= n). Output: a float in bits,
    computed with lgamma so that large n works.

    >>> round(binary_two_part_bits(3, 1), 6)
    3.584963
    """
    return math.log2(n + 1) + (
        math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
    ) / math.log(2)


def laplace_sequential_bits(bits):
    """Sequential code length of a binary string under the Laplace predictor: bit i (from 0)
    is 1 with probability (ones among the first i bits + 1) / (i + 2).

    Input: bits, a 1-D integer array of 0s and 1s. Output: a float, -sum log2 p(observed
    bit), in bits.

    >>> round(laplace_sequential_bits(np.array([1, 0])), 6)
    2.584963
    """
    n = bits.size
    ones = np.r_[0, np.cumsum(bits)[:-1]]  # ones seen before position i
    p1 = (ones + 1) / (np.arange(n) + 2)
    return float(-np.sum(np.log2(np.where(bits == 1, p1, 1 - p1))))


def two_part_ref(x, y, deg):
    """The same code length with the fit by numpy.linalg.lstsq on a Vandermonde matrix."""
    V = np.vander(x, deg + 1, increasing=True)
    coef = np.linalg.lstsq(V, y, rcond=None)[0]
    s2 = float(np.mean((y - V @ coef) ** 2))
    return 0.5 * (deg + 2) * np.log2(x.size) + 0.5 * x.size * np.log2(2 * np.pi * np.e * s2), s2


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Minimum description length")
    true_coef = [0.5, -1.0, 0.0, 2.0]  # y = 0.5 - x + 2 x^3
    degrees = list(range(9))

    data = []
    for seed in range(5):
        rng = np.random.default_rng(seed)
        x = rng.uniform(-1, 1, 120)
        data.append(
            (x, np.polynomial.polynomial.polyval(x, true_coef) + 0.3 * rng.normal(size=x.size))
        )

    with r.case("two-part length agrees with a lstsq fit (Vandermonde) for degrees 0..8") as c:
        x, y = data[0]
        got = np.array([f.two_part_bits(x, y, d) for d in degrees], dtype=float)
        c.close(got, [two_part_ref(x, y, d) for d in degrees], rtol=1e-8)
        r.figure(
            "seed 0: total code length (bits) for degree 0..8",
            [round(float(b), 1) for b in got[:, 0]],
        )
        x4, y4 = data[1][0][:40], data[1][1][:40]  # a different n
        c.close(f.two_part_bits(x4, y4, 2), two_part_ref(x4, y4, 2), rtol=1e-8)

    chosen, rss_monotone = [], True
    with r.case("MDL picks the true degree 3 for every seed") as c:
        for x, y in data:
            res = [f.two_part_bits(x, y, d) for d in degrees]
            chosen.append(int(np.argmin([b for b, _ in res])))
            rss_monotone &= bool(np.all(np.diff([s for _, s in res]) <= 1e-12))
        r.figure("degree chosen by MDL for 5 seeds", chosen)
        c.true(chosen == [3] * 5)
    with r.case("residual error alone always prefers a higher degree") as c:
        c.true(rss_monotone and len(chosen) == 5)

    # Two-part code for a binary string vs the sequential Laplace (uniform-mixture) code.
    rng = np.random.default_rng(1)
    n = 400
    bits = (rng.random(n) < 0.15).astype(int)
    k = int(bits.sum())
    two_part = np.nan
    with r.case("binary two-part code = log2(n+1) + log2 C(n,k) with exact integers") as c:
        two_part = f.binary_two_part_bits(n, k)
        for nn, kk in ((n, k), (10, 0), (10, 10), (1000, 500)):
            c.close(
                f.binary_two_part_bits(nn, kk),
                math.log2(nn + 1) + math.log2(math.comb(nn, kk)),
                rtol=1e-10,
                atol=1e-12,
            )
    with r.case("two-part code = Laplace sequential code exactly") as c:
        sequential = f.laplace_sequential_bits(bits)
        r.figure(
            "binary string n=400, k ones; two-part vs sequential bits",
            [k, round(two_part, 4), round(sequential, 4)],
        )
        c.close(sequential, two_part, rtol=1e-10)
        # the Laplace mixture assigns the string probability B(k+1, n-k+1)
        for b in (bits, np.zeros(7, int), np.ones(7, int), np.array([0, 1, 1, 0, 1])):
            kk = int(b.sum())
            c.close(
                f.laplace_sequential_bits(b),
                -betaln(kk + 1, b.size - kk + 1) / np.log(2),
                rtol=1e-10,
            )

    # Both beat the raw n bits and stay within about (1/2) log2 n + 2 of n h(k/n).
    with r.case("n h(k/n) <= two-part length <= n h(k/n) + 0.5 log2 n + 2 < n") as c:
        h = -(k / n) * math.log2(k / n) - (1 - k / n) * math.log2(1 - k / n)
        c.true(n * h <= two_part <= n * h + 0.5 * math.log2(n) + 2 < n)
    return r


if __name__ == "__main__":
    main(run)
