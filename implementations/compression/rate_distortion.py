"""rate-distortion: R(D) = min I(X; Xhat) over test channels with E d(X, Xhat) <= D.

Follows Cover & Thomas ch 10. Checks: for a Bernoulli(p) source with Hamming distortion a
brute-force search over all binary test channels reproduces R(D) = h(p) - h(D); for a
Gaussian, an entropy-coded fine uniform quantiser sits 0.5 log2(pi e / 6) = 0.254 bit above
R(D) = 0.5 log2(sigma^2 / D) (exact quantiser entropy from the normal CDF); and for three
independent Gaussians reverse water-filling matches a brute-force split of the distortion.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from implementations._common import Report, main


def h2(q):
    q = np.clip(q, 1e-300, 1)
    r = np.clip(1 - q, 1e-300, 1)
    return -(q * np.log2(q) + r * np.log2(r))


def binary_rd_bruteforce(p: float, D: float, n: int = 501) -> float:
    # test channel: a = P(xhat=1 | x=0), b = P(xhat=0 | x=1)
    a, b = np.meshgrid(np.linspace(0, 1, n), np.linspace(0, 1, n))
    dist = (1 - p) * a + p * b
    q1 = (1 - p) * a + p * (1 - b)  # P(xhat = 1)
    I = h2(q1) - ((1 - p) * h2(a) + p * h2(b))  # I = H(Xhat) - H(Xhat | X)
    return float(I[dist <= D + 1e-12].min())


def reverse_waterfill(var: np.ndarray, D: float) -> tuple[np.ndarray, float]:
    lo, hi = 0.0, var.max()
    for _ in range(100):  # bisection on the water level
        lam = (lo + hi) / 2
        lo, hi = (lam, hi) if np.minimum(lam, var).sum() < D else (lo, lam)
    Di = np.minimum(lam, var)
    return Di, float(0.5 * np.log2(var / Di).sum())


def run() -> Report:
    r = Report("Rate-distortion function")
    p = 0.3
    Ds = [0.05, 0.1, 0.2]
    brute = [binary_rd_bruteforce(p, D) for D in Ds]
    closed = [float(h2(p) - h2(D)) for D in Ds]
    r.figure("Bernoulli(0.3): brute force R(D) at D = 0.05, 0.1, 0.2", [round(v, 4) for v in brute])
    r.figure("closed form h(p) - h(D)", [round(v, 4) for v in closed])
    r.check_close("brute-force minimum matches h(p) - h(D)", brute, closed, atol=5e-4)
    r.check(
        "R(D) = 0 once D >= p (send nothing, always guess 0)", binary_rd_bruteforce(p, p) < 1e-9
    )

    # Gaussian: entropy-coded uniform quantiser with a fine step.
    sigma, step = 1.0, 0.05
    edges = (np.arange(-200, 201) + 0.5) * step
    cdf = np.concatenate([[0.0], ndtr(edges / sigma), [1.0]])
    pm = np.diff(cdf)
    pm = pm[pm > 0]
    HQ = float(-(pm * np.log2(pm)).sum())
    D = step**2 / 12  # high-resolution distortion
    gap = HQ - 0.5 * np.log2(sigma**2 / D)
    r.figure("quantiser entropy minus R(D) (bits)", gap)
    r.check_close("gap equals 0.5 log2(pi e / 6)", gap, 0.5 * np.log2(np.pi * np.e / 6), atol=2e-3)

    var = np.array([4.0, 1.0, 0.25])
    Dtot = 1.5
    Di, R = reverse_waterfill(var, Dtot)
    g = np.linspace(1e-4, 1.5, 751)
    D1, D2 = np.meshgrid(np.minimum(g, var[0]), np.minimum(g, var[1]))
    D3 = Dtot - D1 - D2
    ok = (D3 > 0) & (D3 <= var[2])
    Rg = 0.5 * (np.log2(var[0] / D1) + np.log2(var[1] / D2) + np.log2(var[2] / np.where(ok, D3, 1)))
    r.figure("water-filling distortions", np.round(Di, 4).tolist())
    r.check_close("water-filling distortions sum to D", Di.sum(), Dtot, rtol=1e-9)
    r.check_close("water-filling rate equals brute-force minimum", R, Rg[ok].min(), atol=5e-4)
    return r


if __name__ == "__main__":
    main(run)
