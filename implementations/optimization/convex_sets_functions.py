"""convex-sets-functions: convexity tested by Jensen's inequality and by the Hessian.

Follows Boyd & Vandenberghe ch. 2-3 (definitions, first- and second-order conditions).
Checks compare the Jensen test with an analytic PSD Hessian, a finite-difference Hessian,
the first-order (tangent-plane) condition, and counter-examples that must fail.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Convex sets and convex functions")
    n, m = 4, 6
    A, b = rng.normal(size=(m, n)), rng.normal(size=m)

    # f(x) = log-sum-exp(Ax+b) + ||x||^2: convex (LSE is convex, composition with affine keeps it)
    # written for a batch of points x (rows), so the Jensen test below is vectorised
    def f(x):
        z = x @ A.T + b
        zmax = z.max(axis=-1, keepdims=True)
        lse = np.log(np.exp(z - zmax).sum(axis=-1)) + zmax[..., 0]
        return lse + np.sum(x * x, axis=-1)

    def softmax(z):
        e = np.exp(z - z.max())
        return e / e.sum()

    def grad(x):
        return A.T @ softmax(A @ x + b) + 2 * x

    def hess(x):
        p = softmax(A @ x + b)
        return A.T @ (np.diag(p) - np.outer(p, p)) @ A + 2 * np.eye(n)

    # Jensen on random pairs and random mixing weights
    X, Y = rng.normal(size=(2, 2000, n)) * 3
    th = rng.uniform(size=2000)
    Z = th[:, None] * X + (1 - th[:, None]) * Y
    lhs = f(Z)
    rhs = th * f(X) + (1 - th) * f(Y)
    viol = int(np.sum(lhs > rhs + 1e-12))
    r.figure("Jensen violations out of 2000", viol)
    r.check("Jensen holds on 2000 random pairs", viol == 0, f"{viol} violations")

    # first-order condition: f(y) >= f(x) + grad(x).(y-x)
    gap = [f(y) - f(x) - grad(x) @ (y - x) for x, y in zip(X[:500], Y[:500], strict=True)]
    r.check(
        "tangent plane is a global under-estimator", min(gap) >= -1e-12, f"min gap {min(gap):.3g}"
    )

    # second-order condition: analytic Hessian = central finite differences, and PSD (>= 2I)
    x0 = rng.normal(size=n)
    h = 1e-5
    H_fd = np.array([(grad(x0 + h * e) - grad(x0 - h * e)) / (2 * h) for e in np.eye(n)])
    r.check_close(
        "analytic Hessian = finite-difference Hessian", hess(x0), H_fd, rtol=1e-6, atol=1e-8
    )
    lam_min = min(np.linalg.eigvalsh(hess(x)).min() for x in X[:200])
    r.figure("smallest Hessian eigenvalue seen", lam_min)
    r.check(
        "Hessian PSD: smallest eigenvalue >= 2 (the ||x||^2 term)",
        lam_min >= 2 - 1e-10,
        f"{lam_min:.6g}",
    )

    # a nonconvex function must fail the same Jensen test (so the test can fail)
    def g(x):
        return np.sin(x).sum(axis=-1)

    lhs_g = g(Z)
    rhs_g = th * g(X) + (1 - th) * g(Y)
    r.check("Jensen test detects that sum(sin x) is not convex", np.any(lhs_g > rhs_g + 1e-9))

    # convex set: polyhedron {x: Gx <= h}; convex combinations of members stay inside
    G, hv = rng.normal(size=(8, n)), rng.uniform(1, 2, size=8)
    P = rng.normal(size=(20000, n))
    P = P[np.all(P @ G.T <= hv, axis=1)][:400]
    t = rng.uniform(size=(200, 1))
    C = t * P[:200] + (1 - t) * P[200:400]
    r.check("polyhedron is closed under convex combination", np.all(C @ G.T <= hv + 1e-12))
    # non-convex set: annulus 1 <= ||x|| <= 2 in 2-D; the midpoint of opposite points leaves it
    u = np.array([1.5, 0.0])
    mid = 0.5 * u + 0.5 * (-u)
    r.check(
        "annulus is not convex (midpoint of two members is outside)",
        not 1 <= np.linalg.norm(mid) <= 2,
    )
    return r


if __name__ == "__main__":
    main(run)
