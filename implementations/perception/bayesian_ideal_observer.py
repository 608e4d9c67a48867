"""bayesian-ideal-observer: the Bayes-optimal use of noisy cues, the benchmark for perception.

Follows Knill & Pouget (2004) and Ernst & Banks (2002): with independent Gaussian cues
x_i ~ N(s, sigma_i^2) and a flat prior, the posterior over s is Gaussian with precision
sum_i 1/sigma_i^2 and a reliability-weighted mean. Checks: the closed form against brute-force
Bayes on a grid (with and without a Gaussian prior); the combined estimate's Monte Carlo variance
against 1/(1/s1^2 + 1/s2^2); and, for a two-alternative detection task, the ideal observer's
error rate Phi(-d'/2) against simulation and against every other threshold.
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main

Phi = lambda z: 0.5 * math.erfc(-z / math.sqrt(2))  # standard normal CDF


def grid_posterior(cues, sigmas, prior=None):
    s = np.linspace(-20, 20, 100001)
    logp = sum(-((x - s) ** 2) / (2 * sg**2) for x, sg in zip(cues, sigmas))
    if prior is not None:
        logp = logp - (s - prior[0]) ** 2 / (2 * prior[1] ** 2)
    p = np.exp(logp - logp.max())
    p /= p.sum()
    m = p @ s
    return m, p @ (s - m) ** 2


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Bayesian ideal observer")
    s1, s2 = 1.0, 2.0  # visual and haptic noise (arbitrary units)
    x1, x2 = 3.0, 5.0
    w1 = (1 / s1**2) / (1 / s1**2 + 1 / s2**2)
    mean = w1 * x1 + (1 - w1) * x2
    var = 1 / (1 / s1**2 + 1 / s2**2)
    r.figure("weight on the reliable cue", w1)
    r.check_close(
        "posterior mean and variance equal grid Bayes",
        [mean, var],
        list(grid_posterior([x1, x2], [s1, s2])),
        rtol=1e-6,
    )

    mu0, s0 = 0.0, 1.5  # a prior acts like one more cue
    prec = 1 / s1**2 + 1 / s2**2 + 1 / s0**2
    m_p = (x1 / s1**2 + x2 / s2**2 + mu0 / s0**2) / prec
    r.check_close(
        "with a Gaussian prior: closed form equals grid Bayes",
        [m_p, 1 / prec],
        list(grid_posterior([x1, x2], [s1, s2], (mu0, s0))),
        rtol=1e-6,
    )

    # Many trials at a fixed true s: the combined estimate is less variable than either cue.
    s_true, n = 1.0, 200000
    c1 = s_true + s1 * rng.normal(size=n)
    c2 = s_true + s2 * rng.normal(size=n)
    comb = w1 * c1 + (1 - w1) * c2
    r.figure(
        "MC variance: cue 1, cue 2, combined", f"{c1.var():.3f}, {c2.var():.3f}, {comb.var():.3f}"
    )
    r.check_close("combined variance = 1 / (1/s1^2 + 1/s2^2)", comb.var(), var, rtol=0.02)
    r.check("combination beats the best single cue", comb.var() < min(c1.var(), c2.var()))

    # Detection: s in {0, D} with equal priors, x ~ N(s, sigma^2). Ideal rule: say 'D' if x > D/2.
    D, sg = 1.5, 1.0
    s = rng.integers(0, 2, size=n) * D
    x = s + sg * rng.normal(size=n)
    err_mc = np.mean((x > D / 2) != (s > 0))
    err_ideal = Phi(-D / (2 * sg))
    r.figure("ideal error rate Phi(-d'/2)", err_ideal)
    r.check_close("simulated error rate equals Phi(-d'/2)", err_mc, err_ideal, rtol=0.02)
    err_at = lambda t: 0.5 * (1 - Phi(t / sg)) + 0.5 * Phi((t - D) / sg)
    ts = np.linspace(-1, 2.5, 351)
    r.check(
        "no other threshold has a lower error rate", min(err_at(t) for t in ts) >= err_ideal - 1e-12
    )
    return r


if __name__ == "__main__":
    main(run)
