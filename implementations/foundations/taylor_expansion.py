"""taylor-expansion: approximating a function by polynomials around a point.

Follows d2l-en 22.3 (single variable calculus, Taylor series) and Goodfellow et al. 4.3
(second-order Taylor model of the loss). Checks: the partial sums of exp against numpy.exp;
Lagrange's remainder bound; the order of the error (halving h divides the degree-n error by
about 2^(n+1), a log-log slope of n + 1); the multivariate second-order model
f(x + d) ~ f + g.d + d^T H d / 2 with error O(|d|^3).
"""

from __future__ import annotations

from math import factorial

import numpy as np

from implementations._common import Report, main


def taylor_exp(x, n):
    return sum(x**k / factorial(k) for k in range(n + 1))


def taylor_log1p(x, a, n):
    """Degree-n Taylor polynomial of log(1 + x) around a."""
    total = np.log1p(a)
    for k in range(1, n + 1):  # k-th derivative: (-1)^(k-1) (k-1)! / (1+a)^k
        total += (-1) ** (k - 1) * (x - a) ** k / (k * (1 + a) ** k)
    return total


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Taylor expansion")

    r.check_close(
        "20-term series for exp(1) equals numpy.exp(1)", taylor_exp(1.0, 20), np.e, rtol=1e-15
    )
    # Lagrange: |e^x - T_n(x)| <= e^max(x,0) |x|^(n+1) / (n+1)!
    xs = np.linspace(-2, 2, 41)
    ok = all(
        abs(np.exp(x) - taylor_exp(x, n))
        <= np.exp(max(x, 0)) * abs(x) ** (n + 1) / factorial(n + 1) + 1e-15
        for x in xs
        for n in range(1, 8)
    )
    r.check("Lagrange remainder bound holds (41 points, degrees 1-7)", ok)

    a, hs = 0.5, 0.1 * 2.0 ** -np.arange(6)
    slopes = {}
    for n in (1, 2, 3):
        err = [abs(np.log1p(a + h) - taylor_log1p(a + h, a, n)) for h in hs]
        slopes[n] = float(np.polyfit(np.log(hs), np.log(err), 1)[0])
    r.figure(
        "log-log slopes of the error for degree 1, 2, 3",
        {k: round(v, 3) for k, v in slopes.items()},
    )
    r.check_close(
        "degree-n error shrinks like h^(n+1)", list(slopes.values()), [2.0, 3.0, 4.0], atol=0.1
    )

    # f(x) = log-sum-exp(x): gradient softmax(x), Hessian diag(p) - p p^T.
    def f(v):
        return np.log(np.sum(np.exp(v)))

    x = rng.normal(size=4)
    p = np.exp(x) / np.exp(x).sum()
    g, H = p, np.diag(p) - np.outer(p, p)
    d = rng.normal(size=4)
    d /= np.linalg.norm(d)
    ts = np.array([0.1, 0.05, 0.025, 0.0125])
    err1 = [abs(f(x + t * d) - f(x) - t * g @ d) for t in ts]
    err2 = [abs(f(x + t * d) - f(x) - t * g @ d - 0.5 * t**2 * d @ H @ d) for t in ts]
    s1 = np.polyfit(np.log(ts), np.log(err1), 1)[0]
    s2 = np.polyfit(np.log(ts), np.log(err2), 1)[0]
    r.figure(
        "multivariate slopes (first-order, second-order model)",
        [round(float(s1), 3), round(float(s2), 3)],
    )
    r.check_close("first-order model error is O(t^2)", s1, 2.0, atol=0.1)
    r.check_close("second-order model (gradient + Hessian) error is O(t^3)", s2, 3.0, atol=0.15)
    return r


if __name__ == "__main__":
    main(run)
