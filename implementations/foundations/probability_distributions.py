"""probability-distributions: random variables, pmfs, pdfs, cdfs and sampling.

Follows Goodfellow et al. ch. 3 (3.2 Random Variables, 3.3 Probability Distributions) and
d2l-zh 2.6. Checks: the pmf of a sum of dice by convolution against brute-force
enumeration; a density integrating to one; inverse-CDF sampling against the closed-form
CDF with a Kolmogorov-Smirnov bound; empirical frequencies against the pmf.
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Probability distributions")

    # Discrete: the pmf of the sum of two fair dice is the convolution of two pmfs.
    die = np.full(6, 1 / 6)
    pmf_sum = np.convolve(die, die)  # values 2..12
    brute = np.zeros(11)
    for a, b in itertools.product(range(1, 7), repeat=2):  # enumerate all 36 outcomes
        brute[a + b - 2] += 1 / 36
    r.figure("P(sum of two dice = 7)", pmf_sum[5])
    r.check_close("convolution pmf equals brute-force enumeration", pmf_sum, brute, rtol=1e-12)
    r.check_close("pmf sums to one", pmf_sum.sum(), 1.0, rtol=1e-12)

    # Continuous: exponential density p(x) = lam * exp(-lam x) integrates to one.
    lam = 1.5
    x = np.linspace(0, 40, 400_001)
    pdf = lam * np.exp(-lam * x)
    total = np.trapezoid(pdf, x) if hasattr(np, "trapezoid") else np.trapz(pdf, x)
    r.figure("integral of exponential pdf (trapezoid)", total)
    r.check_close("density integrates to one", total, 1.0, rtol=1e-6)

    # Inverse-CDF sampling: F(x) = 1 - exp(-lam x)  =>  x = -log(1 - U) / lam.
    n = 20_000
    samples = -np.log1p(-rng.random(n)) / lam
    s = np.sort(samples)
    cdf = 1 - np.exp(-lam * s)
    # Kolmogorov-Smirnov statistic: largest gap between empirical and true CDF.
    ks = max(np.max(np.arange(1, n + 1) / n - cdf), np.max(cdf - np.arange(n) / n))
    crit = 1.628 / np.sqrt(n)  # 1% critical value (asymptotic)
    r.figure("KS statistic (n=20000)", ks)
    r.check(
        "inverse-CDF samples follow the exponential CDF (KS < 1% critical value)",
        ks < crit,
        f"D={ks:.4g} < {crit:.4g}",
    )
    r.check_close("sample mean near 1/lam", samples.mean(), 1 / lam, rtol=4 / np.sqrt(n))

    # Categorical sampling: frequencies approach the pmf (chi-square below its 99.9% point).
    p = np.array([0.5, 0.25, 0.15, 0.1])
    draws = rng.choice(4, size=n, p=p)
    counts = np.bincount(draws, minlength=4)
    chi2 = np.sum((counts - n * p) ** 2 / (n * p))
    r.figure("chi-square statistic (3 dof)", chi2)
    r.check(
        "categorical frequencies match pmf (chi2 < 16.27, the 99.9% point for 3 dof)",
        chi2 < 16.27,
        f"chi2={chi2:.3g}",
    )
    return r


if __name__ == "__main__":
    main(run)
