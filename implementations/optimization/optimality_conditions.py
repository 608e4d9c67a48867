"""optimality-conditions: first- and second-order conditions for unconstrained minima.

Follows Nocedal & Wright ch. 2 (Theorems on necessary / sufficient conditions).
Checks compare a hand-derived gradient and Hessian of the Rosenbrock function with finite
differences and a brute-force grid search, np.linalg.solve for a convex quadratic, and
brute-force probing around critical points.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def rosen(x):
    return 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2


def rosen_der(x):
    return np.array([-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)])


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Optimality conditions")

    # Rosenbrock: unique minimiser (1, 1); gradient zero and Hessian positive definite there
    xs = np.ones(2)
    r.check_close("grad f(1,1) = 0 (first-order necessary)", rosen_der(xs), np.zeros(2), atol=1e-12)
    h = 1e-6
    g_fd = np.array([(rosen(xs + h * e) - rosen(xs - h * e)) / (2 * h) for e in np.eye(2)])
    r.check_close("hand-derived gradient = finite differences", rosen_der(xs), g_fd, atol=1e-6)
    H = np.array([[802.0, -400.0], [-400.0, 200.0]])  # hand-derived Hessian at (1,1)
    H_fd = np.array([(rosen_der(xs + h * e) - rosen_der(xs - h * e)) / (2 * h) for e in np.eye(2)])
    r.check_close("hand-derived Hessian = finite differences of the gradient", H_fd, H, rtol=1e-6)
    eig = np.linalg.eigvalsh(H)
    r.figure("Hessian eigenvalues at (1,1)", eig.round(4).tolist())
    r.check(
        "Hessian positive definite (second-order sufficient)", eig.min() > 0, f"min {eig.min():.4g}"
    )
    # brute force: on a 401 x 401 grid over [-2, 2]^2 the smallest value sits at (1, 1)
    u = np.linspace(-2, 2, 401)
    U, V = np.meshgrid(u, u, indexing="ij")
    F = rosen(np.array([U, V]))
    k = np.unravel_index(np.argmin(F), F.shape)
    r.check_close("grid search finds the minimiser at (1, 1)", [u[k[0]], u[k[1]]], xs, atol=1e-12)

    # strictly convex quadratic: stationarity alone is sufficient and gives the global minimiser
    M = rng.normal(size=(5, 5))
    Q, c = M @ M.T + np.eye(5), rng.normal(size=5)

    def q(x):
        return 0.5 * x @ Q @ x - c @ x

    x_star = np.linalg.solve(Q, c)  # grad = Qx - c = 0
    probes = x_star + rng.normal(size=(5000, 5))
    worst = min(q(p) for p in probes) - q(x_star)
    r.check(
        "convex stationary point beats 5000 random probes", worst > 0, f"min excess {worst:.3g}"
    )

    # f = x^2 - y^2: grad 0 at origin but Hessian indefinite -> not a minimum (a saddle)
    def f(v):
        return v[0] ** 2 - v[1] ** 2

    Hs = np.diag([2.0, -2.0])
    d = np.linalg.eigh(Hs)[1][:, 0]  # eigenvector of the negative eigenvalue
    r.check(
        "indefinite Hessian: moving along its negative eigenvector decreases f",
        f(1e-3 * d) < f(np.zeros(2)),
    )

    # second-order necessary is not sufficient: x^4 and x^3 both have f'(0) = f''(0) = 0
    h = 1e-4

    def d2(fun):
        return (fun(h) - 2 * fun(0.0) + fun(-h)) / h**2

    r.check(
        "x^4 and x^3 both have f'=0, f''=0 at 0, yet only x^4 has a minimum there",
        abs(d2(lambda x: x**4)) < 1e-6
        and abs(d2(lambda x: x**3)) < 1e-6
        and (-h) ** 3 < 0 < (-h) ** 4,
    )
    return r


if __name__ == "__main__":
    main(run)
