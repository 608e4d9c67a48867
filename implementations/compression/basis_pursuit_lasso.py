"""basis-pursuit-lasso: l1-penalised least squares, the convex surrogate for sparsity.

Follows Tibshirani (1996) for the lasso, min_w 1/2 ||y - Xw||^2 + lam ||w||_1, and its
noiseless limit, basis pursuit (min ||w||_1 s.t. Xw = y). Solver: cyclic coordinate
descent with soft thresholding. Checks: the solution meets the KKT (subgradient)
conditions X^T(y - Xw) = lam sign(w_j) on the support and |.| <= lam off it; for an
orthonormal design it equals the closed form soft(X^T y, lam); w = 0 exactly when
lam >= ||X^T y||_inf; a brute-force scan over every support and sign pattern of a small
problem finds no better objective; and just below lam_max the path starts with the single
most correlated variable. (Basis pursuit itself is solved in compressed_sensing.)
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main


def soft(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def lasso_cd(X, y, lam, iters=2000, tol=1e-12):
    n, d = X.shape
    w = np.zeros(d)
    col2 = (X**2).sum(0)
    res = y.copy()
    for _ in range(iters):
        w_old = w.copy()
        for j in range(d):
            res += X[:, j] * w[j]  # remove coordinate j
            w[j] = soft(X[:, j] @ res, lam) / col2[j]
            res -= X[:, j] * w[j]
        if np.max(np.abs(w - w_old)) < tol:
            break
    return w


def objective(X, y, w, lam):
    return 0.5 * np.sum((y - X @ w) ** 2) + lam * np.abs(w).sum()


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Lasso and basis pursuit")
    n, d = 50, 20
    X = rng.normal(size=(n, d))
    w_true = np.zeros(d)
    w_true[[1, 5, 12]] = [2.0, -1.5, 1.0]
    y = X @ w_true + 0.1 * rng.normal(size=n)
    lam = 5.0
    w = lasso_cd(X, y, lam)
    g = X.T @ (y - X @ w)
    S = w != 0
    r.figure("support found", np.flatnonzero(S).tolist())
    r.check_close(
        "KKT on the support: X_j^T r = lam sign(w_j)", g[S], lam * np.sign(w[S]), atol=1e-8
    )
    r.check("KKT off the support: |X_j^T r| <= lam", bool(np.all(np.abs(g[~S]) <= lam + 1e-8)))

    Q, _ = np.linalg.qr(rng.normal(size=(n, d)))  # orthonormal columns
    yq = rng.normal(size=n) * 2
    r.check_close(
        "orthonormal design: lasso = soft(X^T y, lam)",
        lasso_cd(Q, yq, 0.7),
        soft(Q.T @ yq, 0.7),
        atol=1e-10,
    )
    lam_max = np.max(np.abs(X.T @ y))
    r.check(
        "w = 0 exactly when lam >= ||X^T y||_inf", np.all(lasso_cd(X, y, lam_max * 1.0001) == 0)
    )

    # brute force on a 6-variable problem: for each support and sign pattern the lasso
    # reduces to a smooth problem solved in closed form; keep the best consistent one.
    Xs, ys, ls = X[:, :6], y, 3.0
    best = objective(Xs, ys, np.zeros(6), ls)
    for kk in range(1, 7):
        for Sb in itertools.combinations(range(6), kk):
            A = Xs[:, Sb]
            for sg in itertools.product([-1, 1], repeat=kk):
                v = np.linalg.solve(A.T @ A, A.T @ ys - ls * np.array(sg))
                if np.all(np.sign(v) == sg):
                    wb = np.zeros(6)
                    wb[list(Sb)] = v
                    best = min(best, objective(Xs, ys, wb, ls))
    r.check_close(
        "coordinate descent objective = brute-force minimum",
        objective(Xs, ys, lasso_cd(Xs, ys, ls), ls),
        best,
        rtol=1e-9,
    )

    # lasso path: just below lam_max exactly one variable is active, the most correlated one
    w_enter = lasso_cd(X, y, lam_max * 0.98)
    r.check(
        "just below lam_max the only active variable is argmax |X_j^T y|",
        np.flatnonzero(w_enter).tolist() == [int(np.argmax(np.abs(X.T @ y)))],
        str(np.flatnonzero(w_enter).tolist()),
    )
    return r


if __name__ == "__main__":
    main(run)
