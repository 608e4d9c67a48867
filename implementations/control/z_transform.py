"""z-transform: a difference equation, its transfer function H(z) and impulse response.

Follows Hu Shousong, Automatic Control Principles (zh), ch. 7 (linear discrete systems):
y[n] = a1 y[n-1] + a2 y[n-2] + b0 x[n] + b1 x[n-1] has H(z) = (b0 + b1 z^-1) /
(1 - a1 z^-1 - a2 z^-2). The impulse response from running the recursion is compared
with partial fractions (residues at the poles), with power-series division of H,
with a truncated sum of h[n] z^-n, and the step limit with the final-value theorem.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def recurse(b, a, x):
    """Run y[n] = sum_k b[k] x[n-k] + sum_k a[k] y[n-1-k] (a holds a1, a2, ...)."""
    y = np.zeros(len(x))
    for n in range(len(x)):
        acc = sum(b[k] * x[n - k] for k in range(len(b)) if n - k >= 0)
        acc += sum(a[k] * y[n - 1 - k] for k in range(len(a)) if n - 1 - k >= 0)
        y[n] = acc
    return y


def run() -> Report:
    r = Report("z-transform: recursion, partial fractions and power series agree")
    b = np.array([1.0, 0.5])  # b0, b1
    a = np.array([1.2, -0.52])  # a1, a2 -> poles 0.6 +- 0.4j
    N = 60
    x = np.zeros(N)
    x[0] = 1.0
    h = recurse(b, a, x)

    # poles: roots of z^2 - a1 z - a2 ; H(z) = (b0 z^2 + b1 z) / (z^2 - a1 z - a2)
    den = np.array([1.0, -a[0], -a[1]])
    poles = np.roots(den)
    r.figure("poles", [complex(np.round(p, 6)) for p in poles])
    r.figure("|poles| (stable if < 1)", float(np.abs(poles).max()))

    # partial fractions of H(z)/z = (b0 z + b1) / ((z - p1)(z - p2)) -> h[n] = sum r_i p_i^n
    p1, p2 = poles
    res = [(b[0] * p1 + b[1]) / (p1 - p2), (b[0] * p2 + b[1]) / (p2 - p1)]
    n = np.arange(N)
    h_pf = sum(ri * pi**n for ri, pi in zip(res, poles)).real
    r.check_close("impulse response = sum of residues * p^n", h, h_pf, rtol=1e-9, atol=1e-12)

    # long division of B(z^-1) / A(z^-1) gives the power-series coefficients
    q = np.zeros(N)
    num = np.zeros(N + 2)
    num[:2] = b
    A_ = np.array([1.0, -a[0], -a[1]])
    for k in range(N):
        q[k] = num[k]
        num[k : k + 3] -= q[k] * A_
    r.check_close("impulse response = power series of H(z^-1)", h, q, rtol=1e-10, atol=1e-13)

    # the z-transform sum converges to H(z) outside the largest pole
    z0 = 1.3 * np.exp(0.7j)
    H = (b[0] + b[1] / z0) / (1 - a[0] / z0 - a[1] / z0**2)
    long_h = recurse(b, a, np.r_[1.0, np.zeros(399)])
    Zsum = np.sum(long_h * z0 ** (-np.arange(400)))
    r.check_close(
        "sum h[n] z^-n = H(z) at |z| = 1.3",
        [Zsum.real, Zsum.imag],
        [H.real, H.imag],
        rtol=1e-10,
        atol=1e-12,
    )

    # final-value theorem: unit-step response tends to H(1)
    step = recurse(b, a, np.ones(300))
    H1 = b.sum() / (1 - a.sum())
    r.figure("step response limit", step[-1])
    r.check_close("final value = H(1)", step[-1], H1, rtol=1e-10)
    return r


if __name__ == "__main__":
    main(run)
