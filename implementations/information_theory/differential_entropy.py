"""differential-entropy: h(X) = -integral f(x) log f(x) dx for a continuous density f.

Follows Cover & Thomas (2006) ch. 8 (differential vs discrete entropy). Checks compare closed
forms (Gaussian 0.5 log(2 pi e sigma^2), negative for a narrow density; Laplace 1 + log 2b)
with numerical integration, the scaling rule h(aX) = h(X) + log|a|, the multivariate Gaussian
formula against a determinant from numpy.linalg, and H(X_delta) + log delta -> h(X) for a
finely quantised X.
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main

erf = np.vectorize(math.erf)


def h_numeric(logf, lo, hi, n=400_001):
    """-integral f log f by the trapezoid rule on [lo, hi] (nats)."""
    x = np.linspace(lo, hi, n)
    lf = logf(x)
    return float(-np.trapezoid(np.exp(lf) * lf, x))


def gauss_logpdf(s):
    return lambda x: -0.5 * (x / s) ** 2 - np.log(s * np.sqrt(2 * np.pi))


def run() -> Report:
    r = Report("Differential entropy")

    s = 1.7
    closed = 0.5 * np.log(2 * np.pi * np.e * s**2)
    r.figure("h(N(0, 1.7^2)) closed form (nats)", float(closed))
    numeric = h_numeric(gauss_logpdf(s), -20 * s, 20 * s)
    r.check_close("Gaussian: closed form = numerical integral", numeric, closed, rtol=1e-9)

    # A narrow density has negative differential entropy: it is not a count of bits.
    s_small = 0.1
    h_small = h_numeric(gauss_logpdf(s_small), -3, 3)
    r.figure("h(N(0, 0.1^2)) numerical (nats)", h_small)
    r.check_close(
        "narrow Gaussian: h < 0 and equals the closed form",
        h_small,
        0.5 * np.log(2 * np.pi * np.e * s_small**2),
        rtol=1e-9,
    )

    # Scaling: h(cX) = h(X) + log|c|, shown on a Laplace density (scale b -> c b).
    b, c = 0.6, 3.0
    lap = lambda bb: lambda x: -np.abs(x) / bb - np.log(2 * bb)
    h1, h2 = h_numeric(lap(b), -40, 40), h_numeric(lap(c * b), -120, 120)
    r.check_close("scaling rule h(cX) = h(X) + log c", h2, h1 + np.log(c), rtol=1e-7)
    r.check_close("Laplace closed form 1 + log(2b)", h1, 1 + np.log(2 * b), rtol=1e-7)

    # Multivariate Gaussian: h = 0.5 log((2 pi e)^d det K); compare with the eigenvalue sum.
    rng = np.random.default_rng(0)
    A = rng.normal(size=(4, 4))
    K = A @ A.T + 0.5 * np.eye(4)
    h_det = 0.5 * np.log((2 * np.pi * np.e) ** 4 * np.linalg.det(K))
    h_eig = sum(0.5 * np.log(2 * np.pi * np.e * lam) for lam in np.linalg.eigvalsh(K))
    r.check_close(
        "d-dim Gaussian: det formula = sum over independent principal axes",
        h_det,
        h_eig,
        rtol=1e-10,
    )

    # Quantisation: H(X_delta) + log delta -> h(X) as delta -> 0.
    errs = []
    for delta in (0.5, 0.1, 0.02):
        edges = np.arange(-12, 12 + delta / 2, delta)
        cdf = 0.5 * (1 + erf(edges / np.sqrt(2)))  # exact bin probabilities of N(0, 1)
        p = np.diff(cdf)
        Hd = -np.sum(p[p > 0] * np.log(p[p > 0]))
        errs.append(abs(Hd + np.log(delta) - 0.5 * np.log(2 * np.pi * np.e)))
    r.figure(
        "|H(X_delta) + log delta - h(X)| for delta = 0.5, 0.1, 0.02",
        [float(f"{e:.2e}") for e in errs],
    )
    r.check(
        "quantised entropy + log delta converges to h(X)",
        errs[0] > errs[1] > errs[2] and errs[2] < 1e-3,
    )
    return r


if __name__ == "__main__":
    main(run)
