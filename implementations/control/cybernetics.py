"""cybernetics: Wiener's feedback-and-oscillation question as a Nyquist computation.

Follows Wiener, Cybernetics, ch. IV ("Feed-back and Oscillation"): an effector A with
negative feedback of strength alpha gives the closed loop A/(1+alpha A); it oscillates
when -1/alpha is enclosed by the curve A(i w). For three first-order lags
A(s) = 1/(1+s)^3 we compare the winding-number test with the closed-loop roots
(numpy.roots) and with the closed-form critical gain alpha* = 8.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def A(s, n):
    return 1.0 / (1.0 + s) ** n  # n first-order lags in cascade


def unstable_roots(alpha, n):
    """Closed-loop characteristic polynomial (1+s)^n + alpha: count roots with Re > 0."""
    poly = np.poly1d([1.0, 1.0]) ** n + alpha
    return int(np.sum(np.roots(poly.coeffs).real > 0))


def encirclements(alpha, n):
    """Winding number of A(i w), w from -inf to inf, around the point -1/alpha.

    For this stable A, Nyquist's criterion says closed-loop RHP roots = clockwise
    encirclements of -1/alpha (equivalently of -1 by alpha*A)."""
    w = np.concatenate([-np.logspace(4, -4, 8001), np.logspace(-4, 4, 8001)])
    z = A(1j * w, n) + 1.0 / alpha
    ang = np.unwrap(np.angle(z))
    return int(round(-(ang[-1] - ang[0]) / (2 * np.pi)))  # clockwise counted positive


def run() -> Report:
    r = Report("Cybernetics: when does negative feedback turn into oscillation?")
    n = 3
    # the Nyquist curve of (1+s)^-3 crosses the negative real axis at w = sqrt(3),
    # where A = -1/8, so feedback is admissible only for alpha < 8
    w180 = np.sqrt(3.0)
    a180 = A(1j * w180, n)
    r.check_close(
        "A(i sqrt 3) = -1/8 (real-axis crossing)",
        [a180.real, a180.imag],
        [-1 / 8, 0.0],
        rtol=1e-12,
        atol=1e-15,
    )

    alphas = np.array([0.5, 2.0, 6.0, 7.9, 8.1, 12.0, 40.0])
    roots_count = [unstable_roots(a, n) for a in alphas]
    winding = [encirclements(a, n) for a in alphas]
    r.figure("alphas", alphas.tolist())
    r.figure("closed-loop RHP roots", roots_count)
    r.figure("encirclements of -1/alpha", winding)
    r.check(
        "winding number equals number of unstable closed-loop roots",
        roots_count == winding,
        f"{roots_count} vs {winding}",
    )
    r.check(
        "stable exactly for alpha < 8 (closed form)",
        all((c == 0) == (a < 8) for a, c in zip(alphas, roots_count)),
    )

    # critical gain by bisection on the largest real part of the roots
    lo, hi = 1.0, 20.0
    for _ in range(60):
        mid = (lo + hi) / 2
        poly = np.poly1d([1.0, 1.0]) ** n + mid
        lo, hi = (mid, hi) if np.roots(poly.coeffs).real.max() < 0 else (lo, mid)
    r.figure("critical alpha (bisection)", lo)
    r.check_close("bisection finds alpha* = 8", lo, 8.0, rtol=1e-9)

    # one or two lags: -1/alpha never enclosed, any amount of feedback is stable
    ok = all(
        unstable_roots(a, m) == 0 and encirclements(a, m) == 0
        for m in (1, 2)
        for a in (1.0, 100.0, 1e4)
    )
    r.check("one or two lags are stable for every alpha", ok)
    return r


if __name__ == "__main__":
    main(run)
