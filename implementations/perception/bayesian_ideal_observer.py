"""bayesian-ideal-observer: the Bayes-optimal use of noisy cues, the benchmark for perception.

Follows Knill & Pouget (2004) and Ernst & Banks (2002): with independent Gaussian cues
x_i ~ N(s, sigma_i^2) and a flat prior, the posterior over s is Gaussian with precision
sum_i 1/sigma_i^2 and a reliability-weighted mean. Checks compare the closed form with brute-force
Bayes on a grid (two cues, three cues with a Gaussian prior); the combined estimate's Monte Carlo
variance with 1/(1/s1^2 + 1/s2^2) and with each single cue; equal cues leaving the mean unchanged;
and, for a two-alternative detection task, a threshold's error rate with simulation at two
thresholds, the ideal observer's Phi(-d'/2) (scipy.stats.norm), and a grid search placing the best
threshold at D/2.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import norm

from implementations._common import Report, main, solution

EXERCISE = ["combine_cues", "error_rate"]

DOC_ZH = {
    "combine_cues": """独立高斯线索的贝叶斯融合：x_i ~ N(s, sigma_i^2)。后验精度
= Σ 1/sigma_i^2（有先验 N(mu0, s0^2) 时再加 1/s0^2），后验均值 = Σ (x_i / sigma_i^2) / 精度
（先验像多一条线索 mu0）。

输入：cues，观测值序列；sigmas，各线索的噪声标准差；prior，None（平坦先验）或 (mu0, s0)。
输出：(后验均值, 后验方差)，两个 float。

>>> tuple(round(float(v), 6) for v in combine_cues([3.0, 5.0], [1.0, 2.0]))
(3.4, 0.8)
""",
    "error_rate": """二选一检测任务的错误率：s 以相等概率取 0 或 D，x ~ N(s, sigma^2)，
判决规则为 x > t 时回答 “D”。错误率 = 0.5 P(x > t | 0) + 0.5 P(x <= t | D)。

输入：t，阈值；D，信号强度；sigma，噪声标准差。
输出：一个 float。

>>> round(float(error_rate(1.0, 2.0, 1.0)), 6)
0.158655
""",
}

HINTS = {
    "en": (
        "Multiply Gaussian likelihoods: precisions add, and the mean is a precision-weighted "
        "average. For detection, add up the two ways of being wrong.",
        "prec = sum 1/sigma_i^2 (+ 1/s0^2); mean = (sum x_i/sigma_i^2 (+ mu0/s0^2)) / prec; "
        "var = 1/prec. error(t) = 0.5 (1 - Phi(t/sigma)) + 0.5 Phi((t - D)/sigma).",
    ),
    "zh": (
        "把高斯似然相乘：精度相加，均值是按精度加权的平均。检测任务中，把两种出错方式的概率加起来。",
        "prec = Σ 1/sigma_i^2（+ 1/s0^2）；mean = (Σ x_i/sigma_i^2（+ mu0/s0^2）) / prec；"
        "var = 1/prec。error(t) = 0.5 (1 - Phi(t/sigma)) + 0.5 Phi((t - D)/sigma)。",
    ),
}


def combine_cues(cues, sigmas, prior=None):
    """Bayesian fusion of independent Gaussian cues x_i ~ N(s, sigma_i^2).

    Posterior precision = sum 1/sigma_i^2 (+ 1/s0^2 with a prior N(mu0, s0^2)); posterior mean
    = sum (x_i / sigma_i^2) / precision (the prior acts as one more cue mu0). Input: the cues,
    their noise standard deviations, and prior None (flat) or (mu0, s0). Output: (posterior
    mean, posterior variance), two floats.

    >>> tuple(round(float(v), 6) for v in combine_cues([3.0, 5.0], [1.0, 2.0]))
    (3.4, 0.8)
    """
    x, s = np.asarray(cues, float), np.asarray(sigmas, float)
    prec, num = np.sum(1 / s**2), np.sum(x / s**2)
    if prior is not None:
        prec += 1 / prior[1] ** 2
        num += prior[0] / prior[1] ** 2
    return num / prec, 1 / prec


def error_rate(t, D, sigma):
    """Error rate of the rule 'say D when x > t' in a two-alternative detection task.

    s is 0 or D with equal probability and x ~ N(s, sigma^2); error = 0.5 P(x > t | 0) +
    0.5 P(x <= t | D). Input: the threshold t, the signal D, the noise sd sigma. Output: a float.

    >>> round(float(error_rate(1.0, 2.0, 1.0)), 6)
    0.158655
    """
    Phi = lambda z: 0.5 * math.erfc(-z / math.sqrt(2))  # standard normal CDF
    return 0.5 * (1 - Phi(t / sigma)) + 0.5 * Phi((t - D) / sigma)


def _grid_posterior(cues, sigmas, prior=None):
    s = np.linspace(-20, 20, 100001)
    logp = sum(-((x - s) ** 2) / (2 * sg**2) for x, sg in zip(cues, sigmas))
    if prior is not None:
        logp = logp - (s - prior[0]) ** 2 / (2 * prior[1] ** 2)
    p = np.exp(logp - logp.max())
    p /= p.sum()
    m = p @ s
    return m, p @ (s - m) ** 2


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Bayesian ideal observer")
    s1, s2 = 1.0, 2.0  # visual and haptic noise (arbitrary units)
    x1, x2 = 3.0, 5.0
    var = 1 / (1 / s1**2 + 1 / s2**2)

    with r.case("posterior mean and variance equal grid Bayes") as c:
        c.close(list(f.combine_cues([x1, x2], [s1, s2])), list(_grid_posterior([x1, x2], [s1, s2])),
                rtol=1e-6)

    with r.case("with a Gaussian prior: closed form equals grid Bayes") as c:
        cues, sg, prior = [3.0, 5.0, -1.0], [1.0, 2.0, 0.7], (0.5, 1.5)  # a prior acts like one more cue
        c.close(list(f.combine_cues(cues, sg, prior)), list(_grid_posterior(cues, sg, prior)),
                rtol=1e-6)

    with r.case("equal cues leave the mean unchanged and shrink the variance") as c:
        c.close(list(f.combine_cues([2.5, 2.5, 2.5], [0.5, 1.0, 3.0])),
                [2.5, 1 / (4 + 1 + 1 / 9)], rtol=1e-12)

    # Many trials at a fixed true s: the combined estimate is less variable than either cue.
    s_true, n = 1.0, 200000
    c1 = s_true + s1 * rng.normal(size=n)
    c2 = s_true + s2 * rng.normal(size=n)
    with r.case("combined variance = 1 / (1/s1^2 + 1/s2^2)") as c:
        # The posterior mean is linear in the cues: read off the weights from unit cues.
        w1 = f.combine_cues([1.0, 0.0], [s1, s2])[0]
        w2 = f.combine_cues([0.0, 1.0], [s1, s2])[0]
        r.figure("weight on the reliable cue", w1)
        comb = w1 * c1 + w2 * c2
        r.figure("MC variance: cue 1, cue 2, combined",
                 f"{c1.var():.3f}, {c2.var():.3f}, {comb.var():.3f}")
        c.close(comb.var(), var, rtol=0.02)
        c.close(comb.mean(), s_true, atol=0.01)
    with r.case("combination beats the best single cue") as c:
        c.true(comb.var() < min(c1.var(), c2.var()))
        c.true(f.combine_cues([x1, x2], [s1, s2])[1] < min(s1, s2) ** 2)

    # Detection: s in {0, D} with equal priors, x ~ N(s, sigma^2). Ideal rule: say 'D' if x > D/2.
    D, sg = 1.5, 1.0
    s = rng.integers(0, 2, size=n) * D
    x = s + sg * rng.normal(size=n)
    err_ideal = norm.cdf(-D / (2 * sg))
    r.figure("ideal error rate Phi(-d'/2)", err_ideal)
    with r.case("simulated error rate equals Phi(-d'/2)") as c:
        c.close(f.error_rate(D / 2, D, sg), err_ideal, rtol=1e-12)
        c.close(f.error_rate(D / 2, D, sg), np.mean((x > D / 2) != (s > 0)), rtol=0.02)
    with r.case("a biased threshold's error rate matches simulation") as c:
        t = 0.2
        c.close(f.error_rate(t, D, sg), np.mean((x > t) != (s > 0)), rtol=0.02)
        c.close(f.error_rate(t, D, 2.0), 0.5 * norm.sf(0.1) + 0.5 * norm.cdf(-0.65), rtol=1e-12)
    with r.case("no other threshold has a lower error rate") as c:
        ts = np.linspace(-1, 2.5, 351)
        errs = [f.error_rate(t, D, sg) for t in ts]
        c.close(ts[int(np.argmin(errs))], D / 2, atol=1e-9)
        c.true(min(errs) >= err_ideal - 1e-12)
    return r


if __name__ == "__main__":
    main(run)
