"""law-of-large-numbers: sample means converge; the error shrinks like sigma / sqrt(n).

Follows Goodfellow et al. 17.1 and 3.8, MacKay ch. 4 (weak law via Chebyshev). With many
independent replications the checks compare the root-mean-square error of the sample mean
with sigma / sqrt(n), fit the log-log slope (-1/2), test Chebyshev's bound, and compare the
standardised means with the normal CDF (central limit theorem, scipy.special.ndtr).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Law of large numbers")

    lam = 2.0  # exponential: mean 1/lam, sd 1/lam
    mu, sigma = 1 / lam, 1 / lam
    ns = np.array([10, 100, 1_000, 10_000])
    reps = 400
    rmse, means = [], {}
    for n in ns:
        X = rng.exponential(1 / lam, size=(reps, n))
        m = X.mean(axis=1)
        means[n] = m
        rmse.append(np.sqrt(np.mean((m - mu) ** 2)))
    rmse = np.array(rmse)
    r.figure(
        "RMS error of the sample mean", dict(zip(ns.tolist(), rmse.round(5).tolist(), strict=True))
    )
    # With 400 replications the RMSE estimate has ~5% relative noise; allow 20%.
    r.check_close("RMS error equals sigma / sqrt(n)", rmse, sigma / np.sqrt(ns), rtol=0.2)
    slope = np.polyfit(np.log(ns), np.log(rmse), 1)[0]
    r.figure("log-log slope of error vs n", slope)
    r.check("error decays like n^(-1/2)", abs(slope + 0.5) < 0.05, f"slope {slope:.3f}")

    # Chebyshev: P(|mean - mu| >= k sigma/sqrt(n)) <= 1/k^2 (any distribution with a variance).
    n, k = 1_000, 2.0
    frac = np.mean(np.abs(means[n] - mu) >= k * sigma / np.sqrt(n))
    r.check(
        "Chebyshev bound holds (k=2: fraction <= 1/4)", frac <= 1 / k**2, f"fraction {frac:.3f}"
    )

    # CLT: standardised means are close to N(0, 1): compare empirical CDF at a few points.
    z = (means[10_000] - mu) / (sigma / np.sqrt(10_000))
    pts = np.array([-1.5, -0.5, 0.0, 0.5, 1.5])
    emp = np.array([np.mean(z <= t) for t in pts])
    # Binomial s.e. of an empirical CDF value with 400 draws is at most 0.025; allow 3 s.e.
    r.check_close(
        "standardised means follow N(0,1) (central limit theorem)", emp, ndtr(pts), atol=0.075
    )
    return r


if __name__ == "__main__":
    main(run)
