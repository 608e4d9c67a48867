"""concentration-inequalities: Hoeffding's bound and the sample size it implies.

Follows Hoeffding (1963), Theorems 1 and 2: for independent X_i in [a, b] the mean exceeds
its expectation by t with probability at most exp(-2 n t^2 / (b - a)^2), and for [0, 1]
variables at most exp(-n KL(mu + t || mu)) (the sharper Theorem 1 form); Shalev-Shwartz &
Ben-David ch. 4 use it for uniform convergence. Checks: the exact binomial tail (scipy.stats)
never exceeds the KL bound, which never exceeds the quadratic bound; the bound on [a, b]
equals the [0, 1] bound at t / (b - a); the sample size is the smallest n whose two-sided
bound is at most delta; Monte Carlo deviation frequencies for uniform variables stay under the
bound; a +-eps interval from that n covers the mean in at least 1 - delta of repeated trials.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import binom

from implementations._common import Report, main, solution

EXERCISE = ["hoeffding_bound", "kl_bound", "hoeffding_sample_size"]

DOC_ZH = {
    "hoeffding_bound": """Hoeffding 不等式（单侧）：独立的 X_i ∈ [a, b]，P(均值 - 期望 ≥ t) ≤ exp(-2 n t^2 / (b - a)^2)。

输入：n，样本数；t > 0，偏差；a、b，取值范围。
输出：上界（浮点数）。

>>> round(float(hoeffding_bound(100, 0.1, 0.0, 1.0)), 6)
0.135335
""",
    "kl_bound": """Hoeffding 定理 1 的 KL 形式：X_i ∈ [0, 1]、期望 mu 时，P(均值 ≥ mu + t) ≤ exp(-n KL(mu + t || mu))，
其中 KL(q || p) = q ln(q/p) + (1-q) ln((1-q)/(1-p)) 是伯努利分布的 KL 散度（自然对数）。

输入：n；mu ∈ (0, 1)；t，满足 0 < mu + t < 1。
输出：上界（浮点数）。

>>> round(float(kl_bound(100, 0.5, 0.1)), 6)
0.133514
""",
    "hoeffding_sample_size": """使双侧界 2 exp(-2 n eps^2 / (b - a)^2) ≤ delta 的最小样本数 n。

输入：eps > 0；delta ∈ (0, 1)；a、b。
输出：整数 n。

>>> hoeffding_sample_size(0.05, 0.05, 0.0, 1.0)
738
""",
}

HINTS = {
    "en": (
        "The bound depends on the deviation t only through t / (b - a), and it decays "
        "exponentially in n.",
        "One-sided: exp(-2 n t^2 / (b-a)^2); two-sided doubles it. Solving 2 exp(-2 n eps^2/(b-a)^2) "
        "<= delta gives n >= (b-a)^2 ln(2/delta) / (2 eps^2): round up. The KL form replaces 2 t^2 "
        "by KL(mu + t || mu) >= 2 t^2 (Pinsker), so it is never weaker.",
    ),
    "zh": (
        "界只通过 t / (b - a) 依赖于偏差 t，并随 n 指数衰减。",
        "单侧：exp(-2 n t^2 / (b-a)^2)；双侧乘以 2。由 2 exp(-2 n eps^2/(b-a)^2) ≤ delta 解得 "
        "n ≥ (b-a)^2 ln(2/delta) / (2 eps^2)，向上取整。KL 形式把 2 t^2 换成 KL(mu + t || mu) ≥ 2 t^2（Pinsker），"
        "所以它从不更弱。",
    ),
}


def hoeffding_bound(n, t, a, b):
    """Hoeffding's inequality (one-sided): for independent X_i in [a, b],
    P(mean - E mean >= t) <= exp(-2 n t^2 / (b - a)^2).

    Input: n samples; t > 0 the deviation; a, b the range. Output: the bound (float).

    >>> round(float(hoeffding_bound(100, 0.1, 0.0, 1.0)), 6)
    0.135335
    """
    return np.exp(-2 * n * t**2 / (b - a) ** 2)


def kl_bound(n, mu, t):
    """Hoeffding's Theorem 1 in KL form: for X_i in [0, 1] with mean mu,
    P(mean >= mu + t) <= exp(-n KL(mu + t || mu)), where KL(q || p) = q ln(q/p) +
    (1-q) ln((1-q)/(1-p)) is the Bernoulli KL divergence in nats.

    Input: n; mu in (0, 1); t with 0 < mu + t < 1. Output: the bound (float).

    >>> round(float(kl_bound(100, 0.5, 0.1)), 6)
    0.133514
    """
    q = mu + t
    kl = q * np.log(q / mu) + (1 - q) * np.log((1 - q) / (1 - mu))
    return np.exp(-n * kl)


def hoeffding_sample_size(eps, delta, a, b):
    """The smallest n with two-sided bound 2 exp(-2 n eps^2 / (b - a)^2) <= delta.

    Input: eps > 0; delta in (0, 1); a, b. Output: an integer n.

    >>> hoeffding_sample_size(0.05, 0.05, 0.0, 1.0)
    738
    """
    return int(np.ceil((b - a) ** 2 * np.log(2 / delta) / (2 * eps**2)))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Concentration: Hoeffding's inequality")

    grid = [(n, p, t) for n in (10, 50, 200) for p in (0.1, 0.5, 0.8) for t in (0.05, 0.1, 0.15)]
    grid = [(n, p, t) for n, p, t in grid if p + t < 1]
    with r.case("exact binomial tail <= KL bound <= quadratic bound") as c:
        for n, p, t in grid:
            k = int(np.ceil(n * (p + t) - 1e-9))
            exact = binom.sf(k - 1, n, p)  # P(S >= n (p + t))
            kl, hb = f.kl_bound(n, p, t), f.hoeffding_bound(n, t, 0.0, 1.0)
            c.true(exact <= kl * (1 + 1e-12) and kl <= hb * (1 + 1e-12), f"{(n, p, t)}")
    with r.case("bounds are not loose by more than their known factors at n = 200") as c:
        n, p, t = 200, 0.5, 0.1
        exact = binom.sf(int(n * (p + t)) - 1, n, p)
        kl = f.kl_bound(n, p, t)
        r.figure(
            "n = 200, mu = 0.5, t = 0.1: exact | KL | Hoeffding",
            [float(exact), float(kl), float(f.hoeffding_bound(n, t, 0.0, 1.0))],
        )
        c.true(kl < 30 * exact, f"KL bound {kl:.3g} vs exact {exact:.3g}")
    with r.case("KL exponent: -ln(bound)/n equals the Bernoulli KL divergence") as c:
        for mu, t in ((0.2, 0.1), (0.5, 0.3), (0.9, 0.05)):
            q = mu + t
            kl = q * np.log(q / mu) + (1 - q) * np.log((1 - q) / (1 - mu))
            c.close(-np.log(f.kl_bound(37, mu, t)) / 37, kl, rtol=1e-10)
    with r.case("quadratic bound: exponent is 2 t^2 / (b - a)^2 (range [-1, 3])") as c:
        for n, t in ((1, 0.5), (40, 0.3), (500, 0.1)):
            c.close(-np.log(f.hoeffding_bound(n, t, -1.0, 3.0)) / n, 2 * t**2 / 16, rtol=1e-10)
    with r.case("bound on [a, b] equals the [0, 1] bound at t / (b - a)") as c:
        c.close(f.hoeffding_bound(30, 0.6, -1.0, 2.0), f.hoeffding_bound(30, 0.2, 0.0, 1.0))

    with r.case("sample size is the smallest n with 2 * bound <= delta") as c:
        for eps, delta, a, b in ((0.05, 0.05, 0, 1), (0.02, 0.01, 0, 1), (0.3, 0.1, -2, 2)):
            n = f.hoeffding_sample_size(eps, delta, a, b)
            ok = 2 * np.exp(-2 * n * eps**2 / (b - a) ** 2) <= delta
            prev = 2 * np.exp(-2 * (n - 1) * eps**2 / (b - a) ** 2) > delta
            c.true(ok and prev, f"eps={eps}, delta={delta}: n={n}")
        n95 = f.hoeffding_sample_size(0.05, 0.05, 0, 1)
        r.figure("test items for +-5 points at 95% (Hoeffding)", n95)

    with r.case("Monte Carlo: P(mean - mu >= t) for uniform [-1, 3] stays under the bound") as c:
        X = rng.uniform(-1, 3, size=(20_000, 20))
        dev = X.mean(1) - 1.0
        for t in (0.3, 0.5, 0.8):
            freq = np.mean(dev >= t)
            c.true(freq <= f.hoeffding_bound(20, t, -1.0, 3.0), f"t={t}: {freq:.4g}")
    with r.case(
        "intervals mean +- eps with the Hoeffding n cover mu in >= 1 - delta of trials"
    ) as c:
        eps, delta, p = 0.1, 0.1, 0.3
        n = f.hoeffding_sample_size(eps, delta, 0.0, 1.0)
        means = rng.binomial(n, p, size=20_000) / n
        cover = np.mean(np.abs(means - p) < eps)
        r.figure("coverage of the Hoeffding interval (target >= 0.9)", float(cover))
        c.true(cover >= 1 - delta, f"n={n}, coverage {cover:.4f}")
    return r


if __name__ == "__main__":
    main(run)
