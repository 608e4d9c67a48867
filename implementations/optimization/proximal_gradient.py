"""proximal-gradient: gradient step on the smooth part, prox step on the non-smooth part.

Follows Liu, Hu, Li & Wen (2021) ch. 8 (composite optimisation) and Murphy PML1 ch. 8.
For the lasso 1/2||Xw - y||^2 + lam ||w||_1 the prox is soft-thresholding (ISTA). Checks:
soft-threshold equals the 1-D prox found by grid search; ISTA's objective never increases
with step 1/L; the solution satisfies the lasso subgradient optimality conditions and
matches an independent cyclic coordinate-descent solver.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def soft(v, t):
    return np.sign(v) * np.maximum(np.abs(v) - t, 0.0)  # prox of t*|.|


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Proximal gradient (ISTA) for the lasso")

    vs, t = rng.normal(size=12) * 2, 0.7

    # brute force: evaluate 1/2 (x - v)^2 + t|x| on a grid of step 1e-5 and take the argmin
    grid = np.linspace(-8, 8, 1_600_001)
    brute = [grid[np.argmin(0.5 * (grid - v) ** 2 + t * np.abs(grid))] for v in vs]
    r.check_close(
        "soft threshold = argmin_x 1/2 (x - v)^2 + t|x| (grid search)",
        soft(vs, t),
        brute,
        atol=1e-5,
    )

    N, d, lam = 50, 20, 3.0
    X = rng.normal(size=(N, d))
    w_true = np.zeros(d)
    w_true[:4] = [3.0, -2.0, 1.5, 4.0]
    y = X @ w_true + 0.5 * rng.normal(size=N)

    def F(w):
        return 0.5 * np.sum((X @ w - y) ** 2) + lam * np.abs(w).sum()

    L = np.linalg.norm(X, 2) ** 2  # Lipschitz constant of the smooth gradient
    w, objs = np.zeros(d), []
    for _ in range(2000):
        w = soft(w - X.T @ (X @ w - y) / L, lam / L)  # gradient step, then prox
        objs.append(F(w))
    r.figure("nonzeros in the lasso solution", int(np.sum(w != 0)))
    r.check("objective never increases (step 1/L)", np.all(np.diff(objs) <= 1e-10))

    # optimality: X'(y - Xw) = lam sign(w) on the support, |X'(y - Xw)| <= lam off it
    c = X.T @ (y - X @ w)
    on = w != 0
    r.check_close(
        "on the support: X'(y - Xw) = lam sign(w)", c[on], lam * np.sign(w[on]), atol=1e-6
    )
    r.check("off the support: |X'(y - Xw)| <= lam", np.all(np.abs(c[~on]) <= lam + 1e-6))

    # independent solver: cyclic coordinate descent, each coordinate minimised exactly
    wc, col2 = np.zeros(d), np.sum(X**2, axis=0)
    for _ in range(300):
        for j in range(d):
            rj = y - X @ wc + X[:, j] * wc[j]  # residual without coordinate j
            wc[j] = soft(X[:, j] @ rj, lam) / col2[j]
    r.check_close("same optimal value as coordinate descent", F(w), F(wc), rtol=1e-9)
    r.check_close("same minimiser", w, wc, atol=1e-6)
    return r


if __name__ == "__main__":
    main(run)
