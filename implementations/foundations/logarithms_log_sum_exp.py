"""logarithms-log-sum-exp: working in log space, and the stable log-sum-exp.

Follows Goodfellow et al. 4.1 (Overflow and Underflow) and Murphy PML1 ch. 2 (the
log-sum-exp trick). Checks: naive log(sum(exp(x))) overflows at x ~ 1e3 while the shifted
form is finite and equals scipy.special.logsumexp; the bounds max(x) <= LSE <= max(x) + log n;
products of many small probabilities underflow but their log-sum is exact; log1p accuracy
against a series; change of base between nats and bits.
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp as scipy_lse

from implementations._common import Report, main


def lse(x: np.ndarray) -> float:
    m = np.max(x)  # factor out exp(m) so the largest term is exp(0) = 1
    return float(m + np.log(np.sum(np.exp(x - m))))


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Logarithms and log-sum-exp")

    x = np.array([1000.0, 999.0, 998.0, 990.0])
    with np.errstate(over="ignore"):
        naive = np.log(np.sum(np.exp(x)))
    stable = lse(x)
    r.figure("naive log(sum(exp(x))) at x ~ 1e3", float(naive))
    r.figure("stable log-sum-exp", stable)
    r.check("naive form overflows to inf", np.isinf(naive))
    r.check_close("stable LSE equals scipy.special.logsumexp", stable, scipy_lse(x), rtol=1e-15)
    r.check_close(
        "stable LSE equals closed form 1000 + log(1 + e^-1 + e^-2 + e^-10)",
        stable,
        1000 + np.log1p(np.exp(-1) + np.exp(-2) + np.exp(-10)),
        rtol=1e-15,
    )
    with np.errstate(under="ignore"):
        small = lse(-x)  # very negative logits: naive would give log(0) = -inf
    r.check_close("stable LSE works for x ~ -1e3", small, scipy_lse(-x), rtol=1e-15)

    X = rng.normal(0, 5, size=(1000, 7))
    vals = np.array([lse(row) for row in X])
    mx = X.max(axis=1)
    r.check(
        "max(x) <= LSE(x) <= max(x) + log n on 1000 random vectors",
        np.all(mx <= vals) and np.all(vals <= mx + np.log(7) + 1e-12),
    )

    # Likelihood of 1000 independent events of probability 1e-5 each.
    p = np.full(1000, 1e-5)
    r.figure("product of 1000 probabilities 1e-5 (float64)", float(np.prod(p)))
    r.check("direct product underflows to 0", np.prod(p) == 0.0)
    r.check_close(
        "sum of logs is exact: 1000 log(1e-5)", np.sum(np.log(p)), 1000 * np.log(1e-5), rtol=1e-13
    )

    t = 1e-10  # log(1 + t) = t - t^2/2 + t^3/3 - ...
    series = t - t**2 / 2 + t**3 / 3
    r.check_close("log1p(1e-10) matches its Taylor series", np.log1p(t), series, rtol=1e-15)
    r.check("naive log(1 + 1e-10) loses ~7 digits", abs(np.log(1 + t) - series) / series > 1e-8)
    nats = np.log(np.array([2.0, 10.0, 256.0]))
    r.check_close(
        "bits = nats / ln 2 (equals numpy.log2)",
        nats / np.log(2),
        np.log2([2.0, 10.0, 256.0]),
        rtol=1e-15,
    )
    return r


if __name__ == "__main__":
    main(run)
