"""monte-carlo-estimation: estimate expectations and integrals by averaging samples.

Follows Goodfellow et al. ch. 17 (17.1 sampling, 17.2 importance sampling) and MacKay
ch. 29. Checks: an integral against its closed form within the estimated standard error;
the standard-error formula against the spread over independent repetitions; confidence
interval coverage; the mean and standard error of a fixed sample against loops;
importance sampling of a rare tail probability against scipy.special.ndtr (where plain
Monte Carlo fails) and against its closed-form weights exp(-4x + 8).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr
from scipy.stats import norm

from implementations._common import Report, main, solution

EXERCISE = ["mc", "importance_sampling"]

DOC_ZH = {
    "mc": """蒙特卡罗估计 E[f(X)]：抽 n 个样本，返回 f 值的样本均值及其标准误差 s / sqrt(n)，
s 为样本标准差（除以 n - 1）。

输入：f，对数组逐元素计算的函数；sampler(n, rng)，返回 n 个样本；n，样本数（>= 2）；rng，随机数生成器。
输出：元组 (estimate, standard_error)。

>>> [float(v) for v in mc(lambda x: x, lambda n, g: np.array([1.0, 3.0]), 2, None)]
[2.0, 1.0]
""",
    "importance_sampling": """重要性抽样：用来自提议分布 q 的样本 x 估计 E_p[f(X)]，
即 w = p(x) / q(x) 加权后的平均 mean(f(x) w)，并返回其标准误差 std(f(x) w, ddof=1) / sqrt(n)。

输入：f，逐元素函数；x，来自 q 的样本（一维数组）；p、q，目标密度和提议密度（逐元素函数）。
输出：元组 (estimate, standard_error)。

>>> u = lambda x: np.ones_like(x)
>>> [float(v) for v in importance_sampling(lambda x: x, np.array([1.0, 3.0]), u, lambda x: 2 * u(x))]
[1.0, 0.5]
""",
}

HINTS = {
    "en": (
        "An expectation is approximated by an average over samples; the uncertainty of that "
        "average shrinks like one over the square root of the number of samples.",
        "estimate = mean(f(x)), standard error = std(f(x), ddof=1) / sqrt(n). When sampling "
        "from q instead of p, reweight each sample by w = p(x) / q(x) and average f(x) w.",
    ),
    "zh": (
        "期望用样本平均来近似；这个平均值的不确定度按样本数平方根的倒数缩小。",
        "estimate = mean(f(x))，标准误差 = std(f(x), ddof=1) / sqrt(n)。从 q 而不是 p 抽样时，"
        "给每个样本乘以权重 w = p(x) / q(x)，再对 f(x) w 求平均。",
    ),
}


def mc(f, sampler, n, rng):
    """Monte Carlo estimate of E[f(X)]: draw n samples and return the sample mean of f and
    its standard error s / sqrt(n), s the sample standard deviation (divided by n - 1).

    Input: f, an elementwise function; sampler(n, rng), returning n samples; n, the number
    of samples (>= 2); rng, a random generator. Output: (estimate, standard_error).

    >>> [float(v) for v in mc(lambda x: x, lambda n, g: np.array([1.0, 3.0]), 2, None)]
    [2.0, 1.0]
    """
    y = f(sampler(n, rng))
    return y.mean(), y.std(ddof=1) / np.sqrt(n)  # estimate and its standard error


def importance_sampling(f, x, p, q):
    """Importance sampling of E_p[f(X)] from samples x of a proposal q: the average of
    f(x) w with weights w = p(x) / q(x), and its standard error std(f(x) w, ddof=1) / sqrt(n).

    Input: f, an elementwise function; x, samples from q (1-D); p, q, the target and
    proposal densities (elementwise functions). Output: (estimate, standard_error).

    >>> u = lambda x: np.ones_like(x)
    >>> [float(v) for v in importance_sampling(lambda x: x, np.array([1.0, 3.0]), u, lambda x: 2 * u(x))]
    [1.0, 0.5]
    """
    vals = f(x) * p(x) / q(x)  # reweight samples of q to expectations under p
    return vals.mean(), vals.std(ddof=1) / np.sqrt(len(x))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Monte Carlo estimation")

    # I = integral_0^1 exp(x) dx = e - 1 = E[exp(U)], U ~ Uniform(0, 1).
    def uniform(n, g):
        return g.random(n)

    truth = np.e - 1
    with r.case("estimate within 4 standard errors of e - 1") as c:
        est, se = f.mc(np.exp, uniform, 100_000, rng)
        r.figure("MC estimate of e - 1", est)
        r.figure("standard error", se)
        c.true(abs(est - truth) < 4 * se, f"|err|={abs(est - truth):.2g}, se={se:.2g}")
        # Var[e^U] = (e^2 - 1)/2 - (e - 1)^2, so se = sqrt(Var / n).
        c.close(se, np.sqrt(((np.e**2 - 1) / 2 - truth**2) / 100_000), rtol=0.02)
    with r.case("mean and standard error of a fixed sample equal loops (ddof = 1)") as c:
        ys = np.array([0.5, 2.0, -1.0, 4.0, 3.5, 0.0])
        m = sum(ys) / 6
        s = np.sqrt(sum((v - m) ** 2 for v in ys) / 5)
        c.close(
            f.mc(lambda v: v**2, lambda n, g: ys[:n], 6, None),
            [np.mean(ys**2), np.std(ys**2, ddof=1) / np.sqrt(6)],
            rtol=1e-12,
        )
        c.close(f.mc(lambda v: v, lambda n, g: ys[:n], 6, None), [m, s / np.sqrt(6)], rtol=1e-12)

    # Standard error formula vs the empirical spread of 300 independent estimates (n = 1000).
    with r.case("reported standard error matches spread across repetitions") as c:
        runs = np.array([f.mc(np.exp, uniform, 1_000, rng) for _ in range(300)])
        c.close(runs[:, 1].mean(), runs[:, 0].std(ddof=1), rtol=0.15)
    with r.case("95% intervals cover the truth about 95% of the time") as c:
        covered = np.mean(np.abs(runs[:, 0] - truth) < 1.96 * runs[:, 1])
        r.figure("95% interval coverage", covered)
        c.true(0.91 < covered < 0.99, f"{covered:.3f}")

    # Rare event p = P(Z > 4) for Z ~ N(0, 1). Plain MC with 20k samples sees ~1 hit.
    p = ndtr(-4.0)
    n = 20_000
    plain = np.mean(rng.standard_normal(n) > 4)
    x = rng.standard_normal(n) + 4  # proposal q = N(4, 1)

    def tail(v):
        return (v > 4).astype(float)

    with r.case("importance sampling matches the exact tail (2% rel.)") as c:
        is_est, is_se = f.importance_sampling(tail, x, norm.pdf, lambda v: norm.pdf(v, 4.0))
        r.figure(
            "P(Z > 4): exact, plain MC, importance sampling",
            [float(p), float(plain), float(is_est)],
        )
        c.close(is_est, p, rtol=0.02)
        # the weights are p(x)/q(x) = exp(-4x + 8) in closed form
        w = np.exp(-4 * x + 8) * tail(x)
        c.close([is_est, is_se], [w.mean(), w.std(ddof=1) / np.sqrt(n)], rtol=1e-10)
    with r.case("importance-sampling relative error is far below plain MC's") as c:
        _, is_se = f.importance_sampling(tail, x, norm.pdf, lambda v: norm.pdf(v, 4.0))
        c.true(is_se / p < 0.1 * np.sqrt((1 - p) / (n * p)), f"IS rel. s.e. {is_se / p:.3g}")
    return r


if __name__ == "__main__":
    main(run)
