"""quasi-newton-bfgs: the BFGS inverse-Hessian update and L-BFGS two-loop recursion.

Follows Nocedal & Wright ch. 6 (BFGS) and ch. 7 (limited-memory BFGS).
Checks: the secant condition H y = s after every update; the Rosenbrock minimiser agrees
with scipy.optimize.minimize(method='BFGS'); on a quadratic with exact line searches
H_n = A^{-1} (np.linalg.inv); two-loop L-BFGS equals the dense BFGS product.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from implementations._common import Report, main


def rosen(x):
    return 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2


def rosen_g(x):
    return np.array([-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)])


def bfgs_update(H, s, y):
    rho = 1.0 / (y @ s)
    V = np.eye(len(s)) - rho * np.outer(s, y)
    return V @ H @ V.T + rho * np.outer(s, s)  # Nocedal & Wright eq. (6.17)


def two_loop(g, S, Y):
    """L-BFGS: H g from stored pairs, with H0 = I."""
    q, alphas = g.copy(), []
    for s, y in reversed(list(zip(S, Y, strict=False))):
        a = (s @ q) / (y @ s)
        alphas.append(a)
        q -= a * y
    for (s, y), a in zip(zip(S, Y, strict=False), reversed(alphas), strict=False):
        q += s * (a - (y @ q) / (y @ s))
    return q


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("BFGS and L-BFGS")
    x, H, secant, it = np.array([-1.2, 1.0]), np.eye(2), 0.0, 0
    while np.linalg.norm(rosen_g(x)) > 1e-10 and it < 200:
        p = -H @ rosen_g(x)
        a = 1.0
        while rosen(x + a * p) > rosen(x) + 1e-4 * a * (rosen_g(x) @ p):
            a *= 0.5  # Armijo backtracking
        s = a * p
        y = rosen_g(x + s) - rosen_g(x)
        x = x + s
        if y @ s > 1e-12:  # curvature condition keeps H positive definite
            H = bfgs_update(H, s, y)
            secant = max(secant, np.linalg.norm(H @ y - s) / np.linalg.norm(s))
        it += 1
    r.figure("BFGS iterations on Rosenbrock", it)
    r.check(
        "secant condition H_{k+1} y_k = s_k after every update",
        secant < 1e-8,
        f"max rel residual {secant:.2g}",
    )
    ref = minimize(
        rosen, np.array([-1.2, 1.0]), jac=rosen_g, method="BFGS", options={"gtol": 1e-10}
    )
    r.check_close("minimiser equals scipy BFGS and the true (1, 1)", x, ref.x, atol=1e-7)
    r.check("H stays positive definite", np.linalg.eigvalsh(H).min() > 0)

    # quadratic + exact line search: BFGS ends in n steps with H_n = A^{-1}
    n = 5
    M = rng.normal(size=(n, n))
    A, b = M @ M.T + np.eye(n), rng.normal(size=n)
    x, H, S, Y = np.zeros(n), np.eye(n), [], []
    for _ in range(n):
        gk = A @ x - b
        p = -H @ gk
        s = -(gk @ p) / (p @ A @ p) * p  # exact minimiser along p
        y = A @ s
        H = bfgs_update(H, s, y)
        S.append(s)
        Y.append(y)
        x = x + s
    r.check_close(
        "after n exact-line-search steps x = A^{-1} b", x, np.linalg.solve(A, b), rtol=1e-8
    )
    r.check_close("and H_n = A^{-1}", H, np.linalg.inv(A), rtol=1e-6, atol=1e-9)

    # L-BFGS two-loop with all pairs stored reproduces the dense BFGS matrix (H0 = I)
    Hd = np.eye(n)
    for s, y in zip(S, Y, strict=False):
        Hd = bfgs_update(Hd, s, y)
    v = rng.normal(size=n)
    r.check_close("two-loop recursion equals dense BFGS H v", two_loop(v, S, Y), Hd @ v, rtol=1e-9)
    big, mem = 10**6, 10
    r.figure(
        "storage for n = 1e6 parameters: L-BFGS (m = 10) vs dense H",
        f"{2 * mem * big:.1e} vs {big**2:.1e}",
    )
    return r


if __name__ == "__main__":
    main(run)
