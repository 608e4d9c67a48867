"""line-search: Armijo backtracking, exact line search, and the Wolfe conditions.

Follows Nocedal & Wright ch. 3 (sufficient decrease, curvature, backtracking).
Checks: each accepted step satisfies sufficient decrease and is the largest grid step
that does (brute force); exact line search agrees with scipy.optimize.minimize_scalar;
scipy.optimize.line_search's step passes our strong-Wolfe checker.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import line_search as sp_line_search
from scipy.optimize import minimize_scalar, rosen, rosen_der

from implementations._common import Report, main


def backtracking(f, g, x, p, a0=1.0, rho=0.5, c1=1e-4):
    """Shrink a by rho until f(x + a p) <= f(x) + c1 a grad'p (Armijo)."""
    a, fx, slope = a0, f(x), g(x) @ p
    while f(x + a * p) > fx + c1 * a * slope:
        a *= rho
    return a


def wolfe_ok(f, g, x, p, a, c1=1e-4, c2=0.9):
    slope = g(x) @ p
    return f(x + a * p) <= f(x) + c1 * a * slope and abs(g(x + a * p) @ p) <= c2 * abs(slope)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Line search")
    x = np.array([-1.2, 1.0])
    steps, ok, largest = [], True, True
    grid = 0.5 ** np.arange(60)
    for _ in range(300):  # steepest descent with backtracking on Rosenbrock
        p = -rosen_der(x)
        a = backtracking(rosen, rosen_der, x, p)
        fx, slope = rosen(x), rosen_der(x) @ p
        ok &= rosen(x + a * p) <= fx + 1e-4 * a * slope
        # brute force over the whole grid at once (rosen is vectorised over columns)
        good = grid[rosen(x[:, None] + grid * p[:, None]) <= fx + 1e-4 * grid * slope]
        largest &= np.isclose(a, good[0])
        steps.append(a)
        x = x + a * p
    r.figure("f after 300 backtracking GD steps", rosen(x))
    r.check("every accepted step satisfies the Armijo condition", ok)
    r.check("backtracking returns the largest step 0.5^k with sufficient decrease", largest)
    r.check("function decreased from 24.2 to below 0.1", rosen(x) < 0.1, f"{rosen(x):.4g}")
    r.figure("smallest accepted step", min(steps))

    # exact line search on a quadratic: a* = g'g / g'Ag along p = -g
    M = rng.normal(size=(5, 5))
    A, b = M @ M.T + np.eye(5), rng.normal(size=5)

    def f(z):
        return 0.5 * z @ A @ z - b @ z

    z = rng.normal(size=5)
    gz = A @ z - b
    a_exact = gz @ gz / (gz @ A @ gz)
    a_num = minimize_scalar(lambda a: f(z - a * gz), bracket=(0, 1), tol=1e-12).x
    r.check_close("exact step g'g/g'Ag equals scipy minimize_scalar", a_exact, a_num, rtol=1e-6)
    r.check_close(
        "after an exact step the new gradient is orthogonal to the old one",
        (A @ (z - a_exact * gz) - b) @ gz,
        0.0,
        atol=1e-10,
    )

    # Wolfe conditions: scipy's strong-Wolfe line search returns a step our checker accepts
    x0 = np.array([-1.2, 1.0])
    p0 = -rosen_der(x0)
    a_w = sp_line_search(rosen, rosen_der, x0, p0, c1=1e-4, c2=0.9)[0]
    r.figure("scipy Wolfe step", a_w)
    r.check(
        "scipy line_search step satisfies strong Wolfe (checked independently)",
        wolfe_ok(rosen, rosen_der, x0, p0, a_w),
    )
    r.check(
        "a tiny step passes Armijo but fails the curvature condition",
        not wolfe_ok(rosen, rosen_der, x0, p0, 1e-8),
    )
    return r


if __name__ == "__main__":
    main(run)
