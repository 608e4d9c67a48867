"""fisher-information: I(theta) = Var[score] = E[(d/dtheta log p(X; theta))^2], the curvature of
the log-likelihood and the local metric behind KL divergence.

Follows Cover & Thomas (2006) ch. 11 (Fisher information and the Cramer-Rao inequality) and
Murphy (2023) ch. 2. Checks compare closed forms (Bernoulli 1/(theta(1-theta)), Gaussian mean
1/sigma^2) with the exact variance of the score and minus the expected second derivative,
a Monte Carlo variance of the Gaussian score, the Cramer-Rao bound (attained by the sample
mean), and KL(p_theta || p_theta+d) ~ I(theta) d^2 / 2 for small d.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def bern_loglik(x, t):
    return x * np.log(t) + (1 - x) * np.log(1 - t)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Fisher information")

    t, h = 0.3, 1e-5
    xs, px = np.array([0.0, 1.0]), np.array([1 - t, t])
    # Score and curvature by central finite differences of the log-likelihood (not the formula).
    score = (bern_loglik(xs, t + h) - bern_loglik(xs, t - h)) / (2 * h)
    curv = (bern_loglik(xs, t + h) - 2 * bern_loglik(xs, t) + bern_loglik(xs, t - h)) / h**2
    closed = 1 / (t * (1 - t))
    r.figure("Bernoulli(0.3) Fisher information, closed form", closed)
    r.check_close("E[score] = 0", px @ score, 0.0, atol=1e-8)
    r.check_close("Var[score] (exact sum) = 1/(theta(1-theta))", px @ score**2, closed, rtol=1e-7)
    r.check_close("-E[d2 log p] = 1/(theta(1-theta))", -(px @ curv), closed, rtol=1e-4)

    # Gaussian mean with known sigma: score (x - mu)/sigma^2, so I = 1/sigma^2; Monte Carlo.
    mu, s = 1.0, 0.5
    x = rng.normal(mu, s, size=400_000)
    sc = (x - mu) / s**2
    se = sc.var() * np.sqrt(2 / x.size)  # sd of a sample variance of Gaussian data
    r.check(
        "Monte Carlo Var[score] within 4 se of 1/sigma^2",
        abs(sc.var() - 1 / s**2) < 4 * se,
        f"MC {sc.var():.4f} vs {1 / s**2:.4f}",
    )

    # Cramer-Rao: any unbiased estimator has variance >= 1/(n I). The sample mean attains it.
    n = 50
    k = np.arange(n + 1)
    logc = np.cumsum(np.r_[0, np.log(np.arange(1, n + 1))])
    pk = np.exp(logc[n] - logc - logc[::-1] + k * np.log(t) + (n - k) * np.log(1 - t))
    var_mean = pk @ (k / n - t) ** 2  # exact variance of the sample mean
    r.check_close(
        "Bernoulli sample mean attains Cramer-Rao 1/(n I)", var_mean, 1 / (n * closed), rtol=1e-10
    )

    # Local KL: KL(Bern(t) || Bern(t+d)) / d^2 -> I(t)/2.
    ratios = []
    for d in (1e-1, 1e-2, 1e-3):
        q = t + d
        kl = t * np.log(t / q) + (1 - t) * np.log((1 - t) / (1 - q))
        ratios.append(kl / d**2)
    r.figure(
        "KL/d^2 for d = 0.1, 0.01, 0.001 vs I/2",
        [round(float(v), 5) for v in ratios] + [round(closed / 2, 5)],
    )
    r.check_close("KL ~ I d^2 / 2 for small d", ratios[-1], closed / 2, rtol=1e-2)
    return r


if __name__ == "__main__":
    main(run)
