"""bootstrap-confidence-intervals: resample the data with replacement to see how much a
statistic varies, and read a confidence interval off the resampled values.

Follows Efron (1979), who introduced the bootstrap, and Murphy PML1 ch. 4 (frequentist
statistics: the bootstrap approximation of a sampling distribution). Resamples here are drawn as
np.random.default_rng(seed).integers(0, n, size=(B, n)). Checks: the resamples follow that
recipe exactly; for n = 3 the exact bootstrap distribution (all 27 resamples) has mean x_bar
and variance equal to the plug-in variance / n, and the Monte Carlo bootstrap agrees; the
bootstrap standard error of a mean matches the plug-in formula; the percentile interval equals
numpy's quantiles and, for a benchmark accuracy, is close to the normal (Wald) interval;
repeated simulated experiments cover the true accuracy about 95% of the time; and for two
models scored on the same items, the paired interval of the difference is much narrower than
one that ignores the pairing.
"""

from __future__ import annotations

from itertools import product

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["bootstrap_replicates", "percentile_interval", "paired_difference_interval"]

DOC_ZH = {
    "bootstrap_replicates": """自助法重复统计量：用 np.random.default_rng(seed).integers(0, n, size=(B, n)) 生成 B 组有放回抽样的下标，对每组计算 stat。

输入：x，(n,) 数据；stat，把 (B, n) 数组沿 axis=1 归约的函数（如 np.mean）；B，重复次数；seed，整数。
输出：(B,) 数组。

>>> np.round(bootstrap_replicates(np.array([1.0, 2.0, 3.0]), np.mean, 2, 0), 6).tolist()
[2.333333, 1.0]
""",
    "percentile_interval": """百分位置信区间：取重复值的 alpha/2 与 1 - alpha/2 分位数（np.quantile 的默认插值）。

输入：reps，(B,) 数组；alpha，如 0.05。
输出：(lo, hi)。

>>> percentile_interval(np.arange(101.0), 0.1)
(5.0, 95.0)
""",
    "paired_difference_interval": """配对自助法：同一批题目上两个模型的得分 a、b，用同一组重抽样下标（与 bootstrap_replicates 相同的生成方式）计算 mean(a) - mean(b) 的重复值，返回其百分位区间。

输入：a、b，(n,) 数组；B；seed；alpha。
输出：(lo, hi)。

>>> a = np.array([1.0, 1.0, 0.0, 1.0]); b = np.array([0.0, 1.0, 0.0, 1.0])
>>> lo, hi = paired_difference_interval(a, b, 2000, 0, 0.05)
>>> bool(lo <= 0.25 <= hi)
True
""",
}

HINTS = {
    "en": (
        "Treat the sample as if it were the population: draw n items from it with replacement, "
        "recompute the statistic, and repeat many times.",
        "idx = default_rng(seed).integers(0, n, size=(B, n)); reps = stat(x[idx], axis=1); the "
        "percentile interval is np.quantile(reps, [alpha/2, 1 - alpha/2]). For a paired comparison "
        "resample item indices once and use them for both models: reps = mean(a[idx] - b[idx], 1).",
    ),
    "zh": (
        "把样本当作总体：从中有放回地抽出 n 个，重新计算统计量，重复很多次。",
        "idx = default_rng(seed).integers(0, n, size=(B, n))；reps = stat(x[idx], axis=1)；百分位区间是 "
        "np.quantile(reps, [alpha/2, 1 - alpha/2])。配对比较时只对题目下标抽样一次，两个模型共用："
        "reps = mean(a[idx] - b[idx], 1)。",
    ),
}


def bootstrap_replicates(x, stat, B, seed):
    """Bootstrap replicates of a statistic: B resamples with replacement, drawn as index arrays
    np.random.default_rng(seed).integers(0, n, size=(B, n)), and stat applied to each.

    Input: x (n,) data; stat a function reducing a (B, n) array along axis=1 (e.g. np.mean);
    B the number of resamples; seed an int. Output: a (B,) array.

    >>> np.round(bootstrap_replicates(np.array([1.0, 2.0, 3.0]), np.mean, 2, 0), 6).tolist()
    [2.333333, 1.0]
    """
    x = np.asarray(x)
    idx = np.random.default_rng(seed).integers(0, x.size, size=(B, x.size))
    return stat(x[idx], axis=1)


def percentile_interval(reps, alpha):
    """Percentile confidence interval: the alpha/2 and 1 - alpha/2 quantiles of the
    replicates (numpy's default interpolation).

    Input: reps (B,); alpha, e.g. 0.05. Output: (lo, hi).

    >>> percentile_interval(np.arange(101.0), 0.1)
    (5.0, 95.0)
    """
    lo, hi = np.quantile(reps, [alpha / 2, 1 - alpha / 2])
    return float(lo), float(hi)


def paired_difference_interval(a, b, B, seed, alpha):
    """Paired bootstrap: scores a and b of two models on the same items; resample the items
    once (same index recipe as bootstrap_replicates) for both, and return the percentile
    interval of mean(a) - mean(b).

    Input: a, b (n,); B; seed; alpha. Output: (lo, hi).

    >>> a = np.array([1.0, 1.0, 0.0, 1.0]); b = np.array([0.0, 1.0, 0.0, 1.0])
    >>> lo, hi = paired_difference_interval(a, b, 2000, 0, 0.05)
    >>> bool(lo <= 0.25 <= hi)
    True
    """
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    idx = np.random.default_rng(seed).integers(0, d.size, size=(B, d.size))
    return percentile_interval(d[idx].mean(1), alpha)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Bootstrap confidence intervals")

    x = rng.normal(2.0, 1.5, 30)
    with r.case("replicates follow the index recipe (mean and median)") as c:
        idx = np.random.default_rng(7).integers(0, 30, size=(50, 30))
        c.close(f.bootstrap_replicates(x, np.mean, 50, 7), x[idx].mean(1), rtol=1e-12)
        c.close(f.bootstrap_replicates(x, np.median, 50, 7), np.median(x[idx], axis=1), rtol=1e-12)
    with r.case("n = 3: Monte Carlo bootstrap matches the exact distribution of 27 resamples") as c:
        x3 = np.array([1.0, 4.0, 10.0])
        exact = np.array([x3[list(i)].mean() for i in product(range(3), repeat=3)])
        c.close(exact.mean(), x3.mean(), rtol=1e-12)
        c.close(exact.var(), x3.var() / 3, rtol=1e-12)  # plug-in variance / n
        reps = f.bootstrap_replicates(x3, np.mean, 40_000, 1)
        c.close(reps.mean(), exact.mean(), rtol=0.01)
        c.close(reps.var(), exact.var(), rtol=0.03)
    with r.case("bootstrap SE of the mean equals the plug-in s / sqrt(n) (n = 30)") as c:
        se = f.bootstrap_replicates(x, np.mean, 20_000, 2).std()
        c.close(se, x.std() / np.sqrt(30), rtol=0.03)

    with r.case("percentile interval equals numpy's quantiles") as c:
        reps = rng.normal(size=999)
        for a in (0.05, 0.2):
            c.close(
                f.percentile_interval(reps, a), np.quantile(reps, [a / 2, 1 - a / 2]), rtol=1e-12
            )
        c.equal(f.percentile_interval(np.arange(11.0), 0.2), (1.0, 9.0))

    acc = (rng.random(400) < 0.7).astype(float)
    with r.case("benchmark accuracy (400 items): percentile CI ~ Wald interval") as c:
        lo, hi = f.percentile_interval(f.bootstrap_replicates(acc, np.mean, 4000, 3), 0.05)
        p = acc.mean()
        w = 1.96 * np.sqrt(p * (1 - p) / 400)
        r.figure(
            "accuracy and 95% CI: bootstrap | Wald",
            [
                round(float(p), 3),
                [round(lo, 3), round(hi, 3)],
                [round(float(p - w), 3), round(float(p + w), 3)],
            ],
        )
        c.close([lo, hi], [p - w, p + w], atol=0.01)
    with r.case("coverage: about 95% of 300 simulated benchmarks contain the true accuracy") as c:
        hits = 0
        for k in range(300):
            sample = (rng.random(200) < 0.7).astype(float)
            lo, hi = f.percentile_interval(
                f.bootstrap_replicates(sample, np.mean, 400, 100 + k), 0.05
            )
            hits += lo <= 0.7 <= hi
        r.figure("coverage of the 95% percentile interval", hits / 300)
        c.true(0.91 <= hits / 300 <= 0.98, f"{hits}/300")

    with r.case("paired interval of a difference is narrower than an unpaired one") as c:
        skill = rng.random(500)  # item difficulty shared by both models
        a = (rng.random(500) < 0.2 + 0.7 * skill).astype(float)
        b = np.where(rng.random(500) < 0.9, a, 1 - a)  # model b agrees with a on 90% of items
        lo, hi = f.paired_difference_interval(a, b, 4000, 5, 0.05)
        idx = np.random.default_rng(5).integers(0, 500, size=(4000, 500))
        c.close([lo, hi], np.quantile((a - b)[idx].mean(1), [0.025, 0.975]), rtol=1e-12)
        ra = f.bootstrap_replicates(a, np.mean, 4000, 11)
        rb = f.bootstrap_replicates(b, np.mean, 4000, 12)
        ulo, uhi = f.percentile_interval(ra - rb, 0.05)
        r.figure(
            "width of the 95% CI of the difference: paired | unpaired",
            [round(hi - lo, 4), round(uhi - ulo, 4)],
        )
        c.true(hi - lo < 0.6 * (uhi - ulo), f"{hi - lo:.3f} vs {uhi - ulo:.3f}")
    return r


if __name__ == "__main__":
    main(run)
