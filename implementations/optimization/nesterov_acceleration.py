"""nesterov-acceleration: Nesterov's accelerated gradient, convex and strongly convex.

Follows Nesterov (1983) and Goodfellow et al. ch. 8 (Nesterov momentum). Checks: on a
mu-strongly convex quadratic the spectral radius of the iteration is exactly
1 - 1/sqrt(kappa) (closed form derived from the 2x2 recurrence) and the gap obeys the
(1 - 1/sqrt(kappa))^k bound; for L-smooth convex least squares the gap obeys
f(x_k) - f* <= 2 L ||x0 - x*||^2 / (k+1)^2, plain GD obeys its L R^2/(2k) bound, and after
200 steps Nesterov's gap is far smaller.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def nesterov(grad, x0, L, steps, beta):
    x_prev = x = x0.copy()
    xs = [x0]
    for k in range(steps):
        b = beta(k)
        yv = x + b * (x - x_prev)  # look ahead along the momentum
        x, x_prev = yv - grad(yv) / L, x  # gradient step taken at the look-ahead point
        xs.append(x)
    return np.array(xs)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Nesterov acceleration")

    # strongly convex quadratic: per eigenvalue, x_{k+1} = (1+b)(1-l/L) x_k - b (1-l/L) x_{k-1}
    mu, L = 1.0, 400.0
    kappa = L / mu
    b = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    lam = np.linspace(mu, L, 50)
    a = 1 - lam / L
    radii = [np.abs(np.roots([1, -(1 + b) * ai, b * ai])).max() for ai in a]
    r.figure("max spectral radius", max(radii))
    r.check_close(
        "spectral radius = 1 - 1/sqrt(kappa) (attained at lambda = mu)",
        max(radii),
        1 - 1 / np.sqrt(kappa),
        rtol=1e-6,
    )
    r.figure(
        "GD rate 1 - 1/kappa vs Nesterov 1 - 1/sqrt(kappa)",
        [1 - 1 / kappa, float(1 - 1 / np.sqrt(kappa))],
    )

    U = np.linalg.qr(rng.normal(size=(50, 50)))[0]
    A = U @ np.diag(lam) @ U.T
    x0 = rng.normal(size=50)
    xs = nesterov(lambda x: A @ x, x0, L, 300, lambda k: b)
    fgap = 0.5 * np.einsum("ij,jk,ik->i", xs, A, xs)
    bound = (1 - 1 / np.sqrt(kappa)) ** np.arange(301) * (fgap[0] + 0.5 * mu * x0 @ x0)
    r.check(
        "f(x_k) - f* <= (1 - 1/sqrt(kappa))^k (f(x0) - f* + mu/2 ||x0 - x*||^2)",
        np.all(fgap <= bound * (1 + 1e-9)),
    )

    # smooth convex, not strongly convex: least squares with a rank-deficient design
    X = rng.normal(size=(40, 60))  # 60 > 40: many minimisers, mu = 0
    yv = rng.normal(size=40)
    L2 = np.linalg.eigvalsh(X.T @ X).max()

    def f(w):
        return 0.5 * np.sum((X @ w - yv) ** 2)

    def grad(w):
        return X.T @ (X @ w - yv)

    w0 = np.zeros(60)
    w_star = np.linalg.lstsq(X, yv, rcond=None)[0]  # minimum-norm minimiser, f* = 0 here
    f_star = f(w_star)
    K = 200
    xs_n = nesterov(grad, w0, L2, K, lambda k: k / (k + 3))
    xs_g = nesterov(grad, w0, L2, K, lambda k: 0.0)  # beta = 0 is plain GD with step 1/L
    k = np.arange(1, K + 1)
    gap_n = np.array([f(w) for w in xs_n[1:]]) - f_star
    gap_g = np.array([f(w) for w in xs_g[1:]]) - f_star
    R2 = np.sum((w0 - w_star) ** 2)
    r.check(
        "Nesterov gap <= 2 L R^2 / (k+1)^2 for every k (Nesterov 1983 rate)",
        np.all(gap_n <= 2 * L2 * R2 / (k + 1) ** 2 * (1 + 1e-9)),
    )
    r.check(
        "GD gap <= L R^2 / (2k) for every k (the 1/k rate)",
        np.all(gap_g <= L2 * R2 / (2 * k) * (1 + 1e-9)),
    )
    r.figure("gap after 200 steps: Nesterov vs GD", [float(gap_n[-1]), float(gap_g[-1])])
    r.check(
        "after 200 steps Nesterov's gap is at least 10x smaller than GD's",
        gap_n[-1] * 10 < gap_g[-1],
    )
    return r


if __name__ == "__main__":
    main(run)
