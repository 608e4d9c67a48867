"""probability-distributions: random variables, pmfs, pdfs, cdfs and sampling.

Follows Goodfellow et al. ch. 3 (3.2 Random Variables, 3.3 Probability Distributions) and
d2l-zh 2.6. Checks: the pmf of a sum of independent variables by convolution against
brute-force enumeration and numpy.convolve; inverse-CDF sampling against the closed-form CDF
(exactly, and with a Kolmogorov-Smirnov bound); the KS statistic against scipy.stats.kstest;
categorical inverse-CDF draws against numpy.searchsorted (ties) and, by a chi-square test,
against the pmf.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.stats import kstest

from implementations._common import Report, main, solution

EXERCISE = ["pmf_of_sum", "exponential_inverse_cdf", "ks_statistic", "sample_categorical"]

DOC_ZH = {
    "pmf_of_sum": """独立随机变量之和的分布列：X 取值 0..len(p)-1，Y 取值 0..len(q)-1，
P(X + Y = s) = Σ_k p[k] q[s - k]（卷积）。

输入：p、q，两个分布列（一维数组，长度可以不同）。
输出：长度 len(p) + len(q) - 1 的数组，第 s 个为 P(X + Y = s)。

>>> pmf_of_sum(np.array([0.5, 0.5]), np.array([0.5, 0.5])).tolist()
[0.25, 0.5, 0.25]
""",
    "exponential_inverse_cdf": """逆 CDF 抽样：指数分布 F(x) = 1 - exp(-lam x) 的逆函数 x = -log(1 - u) / lam。

输入：u，[0, 1) 内的均匀随机数（数组）；lam，速率（> 0）。
输出：与 u 同形状的样本，满足 F(x) = u。

>>> round(float(exponential_inverse_cdf(np.array([0.5]), np.log(2))[0]), 6)
1.0
""",
    "ks_statistic": """Kolmogorov-Smirnov 统计量：经验 CDF 与真实 CDF 的最大差距
D = max_i max(i/n - F(x_(i)), F(x_(i)) - (i-1)/n)，x_(i) 为排序后的样本。

输入：samples，一维样本；cdf，逐元素计算真实 CDF 的函数。
输出：一个 float，位于 [0, 1]。

>>> float(ks_statistic(np.array([0.5]), lambda x: x))
0.5
""",
    "sample_categorical": """用逆 CDF 从类别分布抽样：对每个 u，返回满足 u < cumsum(p)[j] 的最小 j。

输入：p，概率向量（长度 k）；u，[0, 1) 内的均匀随机数（一维数组）。
输出：与 u 同长度的整数数组，取值 0..k-1。

>>> sample_categorical(np.array([0.25, 0.5, 0.25]), np.array([0.1, 0.25, 0.8])).tolist()
[0, 1, 2]
""",
}

HINTS = {
    "en": (
        "A distribution can be handled through its pmf or density, its CDF, or samples; each "
        "task turns one of these into another.",
        "The pmf of X + Y is the convolution sum_k p[k] q[s - k]. Inverting u = 1 - exp(-lam x) "
        "gives x = -log(1 - u) / lam (log1p keeps small u exact). The KS statistic compares the "
        "sorted sample's steps i/n and (i-1)/n with F. A categorical draw is the number of "
        "cumulative sums at or below u.",
    ),
    "zh": (
        "一个分布可以通过它的分布列或密度、CDF 或样本来处理；每个函数都是把其中一种表示转换为另一种。",
        "X + Y 的分布列是卷积 sum_k p[k] q[s - k]。由 u = 1 - exp(-lam x) 反解得 x = -log(1 - u) / lam"
        "（log1p 对很小的 u 保持精确）。KS 统计量把排序后样本的台阶 i/n 与 (i-1)/n 和 F 比较。类别抽样的"
        "结果就是不超过 u 的累积和的个数。",
    ),
}


def pmf_of_sum(p, q):
    """The pmf of the sum of independent X on 0..len(p)-1 and Y on 0..len(q)-1:
    P(X + Y = s) = sum_k p[k] q[s - k] (a convolution).

    Input: p, q, two pmfs (1-D arrays, lengths may differ). Output: an array of length
    len(p) + len(q) - 1 whose entry s is P(X + Y = s).

    >>> pmf_of_sum(np.array([0.5, 0.5]), np.array([0.5, 0.5])).tolist()
    [0.25, 0.5, 0.25]
    """
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    out = np.zeros(len(p) + len(q) - 1)
    for k, pk in enumerate(p):  # X = k shifts the pmf of Y by k
        out[k : k + len(q)] += pk * q
    return out


def exponential_inverse_cdf(u, lam):
    """Inverse-CDF sampling of the exponential distribution F(x) = 1 - exp(-lam x):
    x = -log(1 - u) / lam.

    Input: u, uniforms in [0, 1) (an array); lam, the rate (> 0). Output: samples shaped
    like u with F(x) = u.

    >>> round(float(exponential_inverse_cdf(np.array([0.5]), np.log(2))[0]), 6)
    1.0
    """
    return -np.log1p(-np.asarray(u, dtype=float)) / lam


def ks_statistic(samples, cdf):
    """Kolmogorov-Smirnov statistic, the largest gap between the empirical and the true CDF:
    D = max_i max(i/n - F(x_(i)), F(x_(i)) - (i-1)/n) over the sorted sample x_(i).

    Input: samples, a 1-D sample; cdf, the true CDF (an elementwise function).
    Output: a float in [0, 1].

    >>> float(ks_statistic(np.array([0.5]), lambda x: x))
    0.5
    """
    s = np.sort(np.asarray(samples, dtype=float))
    n = len(s)
    F = cdf(s)
    return float(max(np.max(np.arange(1, n + 1) / n - F), np.max(F - np.arange(n) / n)))


def sample_categorical(p, u):
    """Inverse-CDF sampling of a categorical distribution: for each u the smallest j with
    u < cumsum(p)[j].

    Input: p, a probability vector (length k); u, uniforms in [0, 1) (1-D).
    Output: integers in 0..k-1, one per u.

    >>> sample_categorical(np.array([0.25, 0.5, 0.25]), np.array([0.1, 0.25, 0.8])).tolist()
    [0, 1, 2]
    """
    C = np.cumsum(p)[:-1]  # the last cumulative sum (1) is never needed
    return np.sum(C[None, :] <= np.asarray(u, dtype=float)[:, None], axis=1)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Probability distributions")

    # Discrete: the pmf of the sum of two fair dice is the convolution of two pmfs.
    die = np.full(6, 1 / 6)
    brute = np.zeros(11)
    for a, b in itertools.product(range(1, 7), repeat=2):  # enumerate all 36 outcomes
        brute[a + b - 2] += 1 / 36
    with r.case("convolution pmf equals brute-force enumeration") as c:
        pmf_sum = f.pmf_of_sum(die, die)
        r.figure("P(sum of two dice = 7)", float(pmf_sum[5]))
        c.close(pmf_sum, brute, rtol=1e-12)
    with r.case("unequal lengths and weights: equals numpy.convolve and enumeration") as c:
        p, q = rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(7))
        ref = np.zeros(10)
        for i, j in itertools.product(range(4), range(7)):
            ref[i + j] += p[i] * q[j]
        c.close(f.pmf_of_sum(p, q), ref, rtol=1e-12)
        c.close(f.pmf_of_sum(q, p), np.convolve(p, q), rtol=1e-12)
    with r.case("pmf sums to one") as c:
        c.close(np.sum(f.pmf_of_sum(die, f.pmf_of_sum(die, die))), 1.0, rtol=1e-12)

    # Inverse-CDF sampling: F(x) = 1 - exp(-lam x)  =>  x = -log(1 - U) / lam.
    lam, n = 1.5, 20_000
    u = rng.random(n)
    with r.case("inverse CDF: F(x(u)) = u, x(0) = 0, and tiny u stays exact") as c:
        g = np.array([0.0, 1e-12, 0.1, 0.5, 0.9, 0.999999])
        x = f.exponential_inverse_cdf(g, lam)
        c.close(-np.expm1(-lam * x), g, rtol=1e-12, atol=0)
        c.close(x[1], 1e-12 / lam, rtol=1e-9)  # log(1 - 1e-12) computed naively loses digits
    with r.case("inverse-CDF samples follow the exponential CDF (KS < 1% critical value)") as c:
        samples = f.exponential_inverse_cdf(u, lam)
        ks = kstest(samples, "expon", args=(0, 1 / lam)).statistic
        crit = 1.628 / np.sqrt(n)  # 1% critical value (asymptotic)
        r.figure("KS statistic (n=20000)", float(ks))
        c.true(ks < crit, f"D={ks:.4g} < {crit:.4g}")
        c.close(samples.mean(), 1 / lam, rtol=4 / np.sqrt(n))
    with r.case("KS statistic equals scipy.stats.kstest") as c:

        def expcdf(v):
            return 1 - np.exp(-lam * v)

        samples = -np.log1p(-u) / lam
        c.close(f.ks_statistic(samples, expcdf), kstest(samples, expcdf).statistic, rtol=1e-12)
        shifted = samples[:300] + 0.2  # a wrong distribution: a large gap
        c.close(f.ks_statistic(shifted, expcdf), kstest(shifted, expcdf).statistic, rtol=1e-12)
        # by hand for U(0, 1): the gap below the CDF (0.4), and above it (0.7)
        c.close(f.ks_statistic(np.array([0.9, 0.2]), lambda v: v), 0.4, rtol=1e-12)
        c.close(f.ks_statistic(np.array([0.1, 0.3]), lambda v: v), 0.7, rtol=1e-12)

    # Categorical sampling: frequencies approach the pmf (chi-square below its 99.9% point).
    p = np.array([0.5, 0.25, 0.15, 0.1])
    with r.case("categorical frequencies match pmf (chi2 < 16.27, the 99.9% point for 3 dof)") as c:
        draws = np.asarray(f.sample_categorical(p, rng.random(n)))
        counts = np.bincount(draws, minlength=4)
        chi2 = np.sum((counts - n * p) ** 2 / (n * p))
        r.figure("chi-square statistic (3 dof)", float(chi2))
        c.true(len(draws) == n and chi2 < 16.27, f"chi2={chi2:.3g}")
    with r.case("categorical sampling equals numpy.searchsorted, ties included") as c:
        pd = np.array([0.25, 0.5, 0.0, 0.25])  # a zero-probability class is never drawn
        uu = np.r_[0.0, 0.25, 0.5, 0.75, 0.999, rng.random(200)]
        c.equal(
            np.asarray(f.sample_categorical(pd, uu)),
            np.searchsorted(np.cumsum(pd), uu, side="right"),
        )
    return r


if __name__ == "__main__":
    main(run)
