"""newtons-method: Newton's method and its local quadratic convergence.

Follows Boyd & Vandenberghe ch. 9 (sec. 9.5) and Nocedal & Wright ch. 3.
Checks: one Newton step solves a quadratic exactly (np.linalg.solve); on L2-regularised
logistic regression the error ratios e_{k+1}/e_k^2 stay bounded while e_{k+1}/e_k -> 0, and
the solution matches a long gradient-descent run with step 1/L.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def expit(z):
    return 0.5 * (1 + np.tanh(0.5 * z))  # logistic sigmoid, overflow-free


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Newton's method")

    # a quadratic is solved in one step: x1 = x0 - A^{-1}(A x0 - b)
    M = rng.normal(size=(5, 5))
    A, b = M @ M.T + np.eye(5), rng.normal(size=5)
    x0 = rng.normal(size=5)
    x1 = x0 - np.linalg.solve(A, A @ x0 - b)
    r.check_close(
        "one Newton step minimises a quadratic exactly", x1, np.linalg.solve(A, b), rtol=1e-10
    )

    # L2-regularised logistic regression: smooth, strictly convex
    N, d, lam = 200, 4, 0.1
    X = rng.normal(size=(N, d))
    y = (rng.uniform(size=N) < expit(X @ rng.normal(size=d) * 2)).astype(float)

    def f(w):
        return np.sum(np.logaddexp(0, X @ w) - y * (X @ w)) + 0.5 * lam * w @ w

    def g(w):
        return X.T @ (expit(X @ w) - y) + lam * w

    def H(w):
        return X.T @ (X * (expit(X @ w) * (1 - expit(X @ w)))[:, None]) + lam * np.eye(d)

    w, ws = np.zeros(d), []
    for _ in range(8):
        w = w - np.linalg.solve(H(w), g(w))  # pure Newton step (no line search needed here)
        ws.append(w)
    # independent first-order reference: gradient descent with step 1/L (L bounds the Hessian)
    L = 0.25 * np.linalg.eigvalsh(X.T @ X).max() + lam
    ref, n_gd = np.zeros(d), 0
    while np.linalg.norm(g(ref)) > 1e-10:
        ref, n_gd = ref - g(ref) / L, n_gd + 1
    r.figure("iterations: Newton 8 vs gradient descent", n_gd)
    r.check_close("Newton solution equals the gradient-descent solution", w, ref, atol=1e-9)
    r.check("Newton's loss is no larger than GD's", f(w) <= f(ref) + 1e-12)
    e = np.array([np.linalg.norm(v - w) for v in ws[:5]])
    r.figure("errors ||w_k - w*||", [float(f"{v:.3g}") for v in e])
    q = e[1:] / e[:-1] ** 2
    r.figure("e_{k+1} / e_k^2", [float(f"{v:.3g}") for v in q])
    ok = e > 1e-13
    r.check("quadratic convergence: e_{k+1}/e_k^2 stays bounded (< 5)", np.all(q[ok[1:]] < 5))
    r.check("superlinear: e_{k+1}/e_k shrinks to < 1e-3", (e[ok][-1] / e[ok][-2]) < 1e-3)
    r.check_close("gradient at the Newton solution is zero", g(w), np.zeros(d), atol=1e-10)

    # Newton is affine invariant: running it on f(T z) gives iterates z_k = T^{-1} w_k
    T = rng.normal(size=(d, d)) + 3 * np.eye(d)
    z = np.zeros(d)
    for _ in range(3):
        z = z - np.linalg.solve(T.T @ H(T @ z) @ T, T.T @ g(T @ z))
    r.check_close(
        "affine invariance: Newton on f(Tz) tracks T^{-1} w_k", T @ z, ws[2], rtol=1e-9, atol=1e-12
    )
    return r


if __name__ == "__main__":
    main(run)
