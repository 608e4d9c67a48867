"""scaling-laws: fitting L(N) = E + (N_c / N)^alpha to loss-vs-size data and extrapolating.

Kaplan et al. (2020) found test loss to follow power laws in parameters N, data D and compute
C (with C ~ 6 N D for a forward + backward pass). Here the data are synthetic with known
constants, so the fits can be checked against the truth: a noise-free pure power law is
recovered exactly by log-log regression; with an irreducible term and 0.2% noise a
variable-projection least-squares fit recovers alpha and E and extrapolates 100x beyond the
data; and counting the multiply-adds of forward and backward passes of dense layers gives
exactly 6 FLOPs per parameter per token.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def fit_offset_power_law(N, L):
    """Least squares for L = E + a N^-alpha: linear in (E, a) for fixed alpha, 1-D search over alpha."""

    def resid(alpha):
        X = np.column_stack([np.ones_like(N), N**-alpha])
        coef, *_ = np.linalg.lstsq(X, L, rcond=None)
        return np.sum((X @ coef - L) ** 2), coef

    grid = np.linspace(0.05, 1.0, 400)
    a = grid[np.argmin([resid(g)[0] for g in grid])]
    lo, hi = a - 0.01, a + 0.01
    for _ in range(60):  # golden-section refinement
        m1, m2 = hi - 0.618 * (hi - lo), lo + 0.618 * (hi - lo)
        if resid(m1)[0] < resid(m2)[0]:
            hi = m2
        else:
            lo = m1
    alpha = (lo + hi) / 2
    E, a_coef = resid(alpha)[1]
    return alpha, E, a_coef


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Scaling laws: power-law fits and extrapolation")
    N = np.logspace(6, 9, 13)

    # 1. Pure power law L = (Nc/N)^alpha: a straight line in log-log coordinates.
    alpha0, Nc0 = 0.076, 8.8e13  # synthetic constants (small exponent)
    L = (Nc0 / N) ** alpha0
    slope, icpt = np.polyfit(np.log(N), np.log(L), 1)
    r.check_close("log-log regression recovers alpha exactly", -slope, alpha0, rtol=1e-10)
    r.check_close("... and N_c", np.exp(icpt / -slope), Nc0, rtol=1e-8)

    # 2. With an irreducible loss E and 0.2% multiplicative noise.
    E0, a0, al0 = 1.7, 60.0, 0.3
    true = lambda n: E0 + a0 * n**-al0
    Ln = true(N) * (1 + 0.002 * rng.standard_normal(len(N)))
    alpha, E, a = fit_offset_power_law(N, Ln)
    r.figure("fitted alpha, E (true 0.3, 1.7)", [float(alpha), float(E)])
    r.check_close("fit recovers alpha within 5%", alpha, al0, rtol=0.05)
    r.check_close("fit recovers the irreducible loss E within 2%", E, E0, rtol=0.02)
    pred = E + a * (1e11) ** -alpha
    r.figure("loss at N = 1e11: predicted vs true", [float(pred), float(true(1e11))])
    r.check_close(
        "extrapolation 100x beyond the largest model within 1%", pred, true(1e11), rtol=0.01
    )

    # 3. Training FLOPs of dense layers: forward 2*a*b per token per (a x b) weight matrix,
    # backward 2*a*b for dX and 2*a*b for dW.
    widths, D = [512, 2048, 512, 2048, 512], 10_000
    params = sum(a * b for a, b in zip(widths, widths[1:]))
    flops = sum(D * (2 * a * b + 2 * a * b + 2 * a * b) for a, b in zip(widths, widths[1:]))
    r.check("training FLOPs of dense layers == 6 N D", flops == 6 * params * D, f"{flops:.3e}")
    return r


if __name__ == "__main__":
    main(run)
