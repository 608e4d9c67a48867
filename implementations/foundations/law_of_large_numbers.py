"""law-of-large-numbers: sample means converge; the error shrinks like sigma / sqrt(n).

Follows Goodfellow et al. 17.1 and 3.8, MacKay ch. 4 (weak law via Chebyshev). With many
independent replications the checks compare the root-mean-square error of the sample mean
with sigma / sqrt(n), fit the log-log slope (-1/2, against numpy.polyfit and exact power
laws), test Chebyshev's bound, and compare the standardised means with the normal CDF
(central limit theorem, scipy.special.ndtr); running means and the RMSE against loops.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from implementations._common import Report, main, solution

EXERCISE = ["running_mean", "rmse", "loglog_slope"]

DOC_ZH = {
    "running_mean": """沿最后一个轴的累积样本均值：第 n 个输出为前 n 个值的平均 (x_1 + ... + x_n) / n。

输入：x，形状 (..., N) 的数组（例如每行一次独立重复）。
输出：同形状的数组。

>>> running_mean(np.array([2.0, 4.0, 0.0, 6.0])).tolist()
[2.0, 3.0, 2.0, 3.0]
""",
    "rmse": """估计值相对真值的均方根误差 sqrt(mean((est - truth)^2))。

输入：est，估计值数组（沿第 0 轴为各次重复）；truth，真值（float 或可广播的数组）。
输出：沿第 0 轴求平均后的 RMSE（一维输入时为 float）。

>>> float(rmse(np.array([1.0, 3.0]), 2.0))
1.0
""",
    "loglog_slope": """对 log y 关于 log x 做最小二乘直线拟合，返回斜率（幂律 y ~ x^s 的指数 s）。

输入：x、y，正数一维数组，长度相同（至少 2）。
输出：斜率，一个 float。

>>> round(float(loglog_slope(np.array([1.0, 4.0, 16.0]), np.array([1.0, 0.5, 0.25]))), 6)
-0.5
""",
}

HINTS = {
    "en": (
        "The sample mean after n draws is a cumulative sum divided by n; its error over many "
        "replications is measured by a root-mean-square, and a power law is a straight line "
        "on log-log axes.",
        "running mean = cumsum(x, axis=-1) / (1, 2, ..., N); rmse = sqrt(mean((est - truth)^2)); "
        "the slope of the least-squares line through (log x, log y) is "
        "cov(log x, log y) / var(log x).",
    ),
    "zh": (
        "n 次抽样后的样本均值是累积和除以 n；在多次重复上用均方根衡量它的误差；幂律在双对数坐标下是一条直线。",
        "running mean = cumsum(x, axis=-1) / (1, 2, ..., N)；rmse = sqrt(mean((est - truth)^2))；"
        "过点 (log x, log y) 的最小二乘直线斜率为 cov(log x, log y) / var(log x)。",
    ),
}


def running_mean(x):
    """Cumulative sample means along the last axis: output n is (x_1 + ... + x_n) / n.

    Input: x, an array of shape (..., N) (e.g. one independent replication per row).
    Output: an array of the same shape.

    >>> running_mean(np.array([2.0, 4.0, 0.0, 6.0])).tolist()
    [2.0, 3.0, 2.0, 3.0]
    """
    x = np.asarray(x, dtype=float)
    return np.cumsum(x, axis=-1) / np.arange(1, x.shape[-1] + 1)


def rmse(est, truth):
    """Root-mean-square error sqrt(mean((est - truth)^2)) of estimates around the truth.

    Input: est, estimates with the replications along axis 0; truth, the true value (a
    float or a broadcastable array). Output: the RMSE averaged over axis 0 (a float for
    1-D input).

    >>> float(rmse(np.array([1.0, 3.0]), 2.0))
    1.0
    """
    return np.sqrt(np.mean((np.asarray(est, dtype=float) - truth) ** 2, axis=0))


def loglog_slope(x, y):
    """Slope of the least-squares line of log y against log x (the exponent s of y ~ x^s).

    Input: x, y, 1-D arrays of positive numbers of the same length (at least 2).
    Output: the slope, a float.

    >>> round(float(loglog_slope(np.array([1.0, 4.0, 16.0]), np.array([1.0, 0.5, 0.25]))), 6)
    -0.5
    """
    u, v = np.log(x), np.log(y)
    u = u - u.mean()  # centred u: sum(u * v) / sum(u * u) = cov(u, v) / var(u)
    return float(np.sum(u * v) / np.sum(u * u))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Law of large numbers")

    lam = 2.0  # exponential: mean 1/lam, sd 1/lam
    mu, sigma = 1 / lam, 1 / lam
    ns = np.array([10, 100, 1_000, 10_000])
    reps = 400
    X = rng.exponential(1 / lam, size=(reps, ns[-1]))
    with r.case("running mean equals a loop over prefixes (1-D and batched)") as c:
        x = rng.normal(size=25) - 3.0
        ref = [sum(x[: n + 1]) / (n + 1) for n in range(25)]
        c.close(f.running_mean(x), ref, rtol=1e-12)
        B = X[:3, :50]
        c.close(
            f.running_mean(B), [[np.mean(row[: n + 1]) for n in range(50)] for row in B], rtol=1e-12
        )
    with r.case("rmse equals its definition by a loop") as c:
        e = rng.normal(size=30)
        c.close(f.rmse(e, 0.7), np.sqrt(sum((v - 0.7) ** 2 for v in e) / 30), rtol=1e-12)
        E = rng.normal(size=(30, 3))
        c.close(
            f.rmse(E, -1.0), [np.sqrt(np.mean((E[:, j] + 1.0) ** 2)) for j in range(3)], rtol=1e-12
        )

    with r.case("RMS error equals sigma / sqrt(n)") as c:
        means = np.asarray(f.running_mean(X))[:, ns - 1]
        err = np.asarray(f.rmse(means, mu))
        r.figure(
            "RMS error of the sample mean",
            dict(zip(ns.tolist(), err.round(5).tolist(), strict=True)),
        )
        # With 400 replications the RMSE estimate has ~5% relative noise; allow 20%.
        c.close(err, sigma / np.sqrt(ns), rtol=0.2)
    means = X.cumsum(axis=1)[:, ns - 1] / ns  # the reference's own sample means
    emp = np.sqrt(np.mean((means - mu) ** 2, axis=0))
    with r.case("error decays like n^(-1/2)") as c:
        slope = f.loglog_slope(ns, emp)
        r.figure("log-log slope of error vs n", slope)
        c.close(slope, np.polyfit(np.log(ns), np.log(emp), 1)[0], rtol=1e-10)
        c.true(abs(slope + 0.5) < 0.05, f"slope {slope:.3f}")
    with r.case("log-log slope recovers exact power laws") as c:
        xs = np.array([2.0, 3.0, 10.0, 50.0, 400.0])
        c.close(
            [f.loglog_slope(xs, 7.0 * xs**s) for s in (-0.5, 1.0, 2.5)],
            [-0.5, 1.0, 2.5],
            rtol=1e-10,
        )

    # Chebyshev: P(|mean - mu| >= k sigma/sqrt(n)) <= 1/k^2 (any distribution with a variance).
    with r.case("Chebyshev bound holds (k=2: fraction <= 1/4)") as c:
        m1000 = np.asarray(f.running_mean(X[:, :1000]))[:, -1]
        c.close(m1000, means[:, 2], rtol=1e-10)
        frac = np.mean(np.abs(m1000 - mu) >= 2.0 * sigma / np.sqrt(1000))
        c.true(frac <= 1 / 4, f"fraction {frac:.3f}")

    # CLT: standardised means are close to N(0, 1): compare empirical CDF at a few points.
    with r.case("standardised means follow N(0,1) (central limit theorem)") as c:
        z = (np.asarray(f.running_mean(X))[:, -1] - mu) / (sigma / np.sqrt(10_000))
        pts = np.array([-1.5, -0.5, 0.0, 0.5, 1.5])
        emp_cdf = np.array([np.mean(z <= t) for t in pts])
        # Binomial s.e. of an empirical CDF value with 400 draws is at most 0.025; allow 3 s.e.
        c.close(emp_cdf, ndtr(pts), atol=0.075)
    return r


if __name__ == "__main__":
    main(run)
