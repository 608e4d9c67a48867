"""monte-carlo-estimation: estimate expectations and integrals by averaging samples.

Follows Goodfellow et al. ch. 17 (17.1 sampling, 17.2 importance sampling) and MacKay
ch. 29. Checks: an integral against its closed form within the estimated standard error;
the standard-error formula against the spread over independent repetitions; confidence
interval coverage; importance sampling of a rare tail probability against
scipy.special.ndtr where plain Monte Carlo fails.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from implementations._common import Report, main


def mc(f, sampler, n, rng):
    y = f(sampler(n, rng))
    return y.mean(), y.std(ddof=1) / np.sqrt(n)  # estimate and its standard error


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Monte Carlo estimation")

    # I = integral_0^1 exp(x) dx = e - 1 = E[exp(U)], U ~ Uniform(0, 1).
    def uniform(n, g):
        return g.random(n)

    est, se = mc(np.exp, uniform, 100_000, rng)
    truth = np.e - 1
    r.figure("MC estimate of e - 1", est)
    r.figure("standard error", se)
    r.check(
        "estimate within 4 standard errors of e - 1",
        abs(est - truth) < 4 * se,
        f"|err|={abs(est - truth):.2g}, se={se:.2g}",
    )

    # Standard error formula vs the empirical spread of 300 independent estimates (n = 1000).
    runs = np.array([mc(np.exp, uniform, 1_000, rng) for _ in range(300)])
    spread = runs[:, 0].std(ddof=1)
    r.check_close(
        "reported standard error matches spread across repetitions",
        runs[:, 1].mean(),
        spread,
        rtol=0.15,
    )
    covered = np.mean(np.abs(runs[:, 0] - truth) < 1.96 * runs[:, 1])
    r.figure("95% interval coverage", covered)
    r.check(
        "95% intervals cover the truth about 95% of the time",
        0.91 < covered < 0.99,
        f"{covered:.3f}",
    )

    # Rare event p = P(Z > 4) for Z ~ N(0, 1). Plain MC with 20k samples sees ~1 hit.
    p = ndtr(-4.0)
    n = 20_000
    z = rng.standard_normal(n)
    plain = np.mean(z > 4)
    # Importance sampling: draw from q = N(4, 1); weight w = p(x)/q(x) = exp(-4x + 8).
    x = rng.standard_normal(n) + 4
    w = np.exp(-4 * x + 8)
    vals = (x > 4) * w
    is_est, is_se = vals.mean(), vals.std(ddof=1) / np.sqrt(n)
    r.figure(
        "P(Z > 4): exact, plain MC, importance sampling", [float(p), float(plain), float(is_est)]
    )
    r.check_close("importance sampling matches the exact tail (2% rel.)", is_est, p, rtol=0.02)
    r.check(
        "importance-sampling relative error is far below plain MC's",
        is_se / p < 0.1 * np.sqrt((1 - p) / (n * p)),
        f"IS rel. s.e. {is_se / p:.3g}",
    )
    return r


if __name__ == "__main__":
    main(run)
