"""compressed-sensing: recover a k-sparse x in R^n from m << n random linear measurements.

Follows Candes, Romberg & Tao (2006), Donoho (2006) and Foucart & Rauhut ch 1. Measurement
matrix: i.i.d. Gaussian, scaled by 1/sqrt(m). Recovery: basis pursuit min ||z||_1 s.t.
Az = y, solved as a linear program by scipy.optimize.linprog (HiGHS), an independent
solver. Checks: restricted singular values over random 2k-column supports respect
Gordon's bounds 1 -+ sqrt(2k/m) on average (the restricted isometry property in action);
basis pursuit recovers x exactly from m = 80 of n = 256 samples in 5 of 5 trials; the
minimum-l2-norm solution does not; and with m = 20 basis pursuit fails.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from implementations._common import Report, main


def basis_pursuit(A: np.ndarray, y: np.ndarray) -> np.ndarray:
    m, n = A.shape
    # z = u - v with u, v >= 0; minimise sum(u + v) subject to A(u - v) = y
    res = linprog(np.ones(2 * n), A_eq=np.hstack([A, -A]), b_eq=y, bounds=(0, None), method="highs")
    return res.x[:n] - res.x[n:]


def sparse_vector(n, k, rng):
    x = np.zeros(n)
    x[rng.choice(n, k, replace=False)] = rng.normal(size=k)
    return x


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Compressed sensing")
    n, m, k = 256, 80, 8
    A = rng.normal(size=(m, n)) / np.sqrt(m)

    smax, smin = [], []
    for _ in range(200):
        s = np.linalg.svd(A[:, rng.choice(n, 2 * k, replace=False)], compute_uv=False)
        smax.append(s[0])
        smin.append(s[-1])
    a = np.sqrt(2 * k / m)
    r.figure(
        "mean restricted sigma_max, sigma_min over 200 supports of size 2k",
        (round(float(np.mean(smax)), 4), round(float(np.mean(smin)), 4)),
    )
    r.figure(
        "Gordon bounds 1 + sqrt(2k/m), 1 - sqrt(2k/m)",
        (round(float(1 + a), 4), round(float(1 - a), 4)),
    )
    r.check(
        "E sigma_max <= 1 + sqrt(2k/m) and E sigma_min >= 1 - sqrt(2k/m)",
        np.mean(smax) <= 1 + a and np.mean(smin) >= 1 - a,
    )
    r.check(
        "every sampled 2k-submatrix is well conditioned (0.3 < sigma < 1.7)",
        min(smin) > 0.3 and max(smax) < 1.7,
        f"range [{min(smin):.3f}, {max(smax):.3f}]",
    )

    errs, l2errs = [], []
    P = A.T @ np.linalg.inv(A @ A.T)  # minimum-l2-norm solution operator
    for _ in range(5):
        x = sparse_vector(n, k, rng)
        y = A @ x
        errs.append(np.linalg.norm(basis_pursuit(A, y) - x) / np.linalg.norm(x))
        l2errs.append(np.linalg.norm(P @ y - x) / np.linalg.norm(x))
    r.figure("basis pursuit relative errors (max over 5 trials)", float(max(errs)))
    r.check("basis pursuit recovers x exactly in 5/5 trials (rel. err < 1e-6)", max(errs) < 1e-6)
    r.check(
        "minimum-l2-norm solution does not recover x (rel. err > 0.5)",
        min(l2errs) > 0.5,
        f"min {min(l2errs):.3f}",
    )

    A20 = rng.normal(size=(20, n)) / np.sqrt(20)
    x = sparse_vector(n, k, rng)
    e20 = np.linalg.norm(basis_pursuit(A20, A20 @ x) - x) / np.linalg.norm(x)
    r.figure("relative error with m = 20", float(e20))
    r.check("too few measurements (m = 20): recovery fails (rel. err > 0.1)", e20 > 0.1)
    return r


if __name__ == "__main__":
    main(run)
