"""minimum-description-length: choose the model that gives the shortest total code,
L(model) + L(data | model); a good fit that needs many parameters is paid for in bits.

Follows Rissanen (1978), MacKay (2003) ch. 28 and Cover & Thomas (2006) ch. 13 (two-stage
codes for binary sequences). Checks: a two-part code, (k/2) log2 n bits for k parameters plus
the Gaussian code length of the residuals, recovers the true degree of a noisy cubic over
several seeds while the residual error alone keeps preferring larger degrees; and for a
binary string with k ones the two-part code log2(n+1) + log2 C(n, k) equals, bit for bit,
the sequential code of the Laplace predictor (k_i + 1)/(i + 2).
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main


def two_part_bits(x, y, deg):
    """(k/2) log2 n for k = deg + 2 parameters (coefficients and noise scale) + Gaussian NLL in bits."""
    n = x.size
    coef = np.polynomial.polynomial.polyfit(x, y, deg)
    resid = y - np.polynomial.polynomial.polyval(x, coef)
    s2 = np.mean(resid**2)
    data_bits = 0.5 * n * np.log2(2 * np.pi * np.e * s2)  # -log2 likelihood at the ML fit
    return 0.5 * (deg + 2) * np.log2(n) + data_bits, s2


def run() -> Report:
    r = Report("Minimum description length")
    true_coef = [0.5, -1.0, 0.0, 2.0]  # y = 0.5 - x + 2 x^3
    degrees = list(range(9))

    chosen, rss_monotone = [], True
    for seed in range(5):
        rng = np.random.default_rng(seed)
        x = rng.uniform(-1, 1, 120)
        y = np.polynomial.polynomial.polyval(x, true_coef) + 0.3 * rng.normal(size=x.size)
        res = [two_part_bits(x, y, d) for d in degrees]
        chosen.append(int(np.argmin([b for b, _ in res])))
        rss = [s for _, s in res]
        rss_monotone &= bool(np.all(np.diff(rss) <= 1e-12))
        if seed == 0:
            r.figure(
                "seed 0: total code length (bits) for degree 0..8",
                [round(float(b), 1) for b, _ in res],
            )
    r.figure("degree chosen by MDL for 5 seeds", chosen)
    r.check("MDL picks the true degree 3 for every seed", chosen == [3] * 5)
    r.check("residual error alone always prefers a higher degree", rss_monotone)

    # Two-part code for a binary string vs the sequential Laplace (uniform-mixture) code.
    rng = np.random.default_rng(1)
    n = 400
    bits = (rng.random(n) < 0.15).astype(int)
    k = int(bits.sum())
    two_part = math.log2(n + 1) + (
        math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
    ) / math.log(2)
    ones = np.r_[0, np.cumsum(bits)[:-1]]  # ones seen before position i
    p1 = (ones + 1) / (np.arange(n) + 2)
    sequential = float(-np.sum(np.log2(np.where(bits == 1, p1, 1 - p1))))
    r.figure(
        "binary string n=400, k ones; two-part vs sequential bits",
        [k, round(two_part, 4), round(sequential, 4)],
    )
    r.check_close(
        "two-part code = Laplace sequential code exactly", sequential, two_part, rtol=1e-10
    )

    # Both beat the raw n bits and stay within about (1/2) log2 n + 2 of n h(k/n).
    h = -(k / n) * math.log2(k / n) - (1 - k / n) * math.log2(1 - k / n)
    r.check(
        "n h(k/n) <= two-part length <= n h(k/n) + 0.5 log2 n + 2 < n",
        n * h <= two_part <= n * h + 0.5 * math.log2(n) + 2 < n,
    )
    return r


if __name__ == "__main__":
    main(run)
