"""saddle-points-nonconvex: finding saddles with the Hessian and escaping them.

Follows Dauphin et al. (2014) and Goodfellow et al. ch. 8. f(x, y) = x^2 - y^2 + y^4/4 has
a saddle at 0 and minima at (0, +-sqrt 2). Checks: Hessian eigenvalues (analytic vs finite
differences) classify the critical points; GD started on the stable manifold y = 0 stays
stuck while a tiny perturbation or gradient noise escapes, after a number of steps that
matches the linearised closed form log(c/delta)/log(1 + 2 eta); a Newton step moves toward
the saddle while the saddle-free Newton step (|H| instead of H) moves away and lowers f.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def f(v):
    return v[0] ** 2 - v[1] ** 2 + v[1] ** 4 / 4


def grad(v):
    return np.array([2 * v[0], -2 * v[1] + v[1] ** 3])


def hess(v):
    return np.diag([2.0, -2.0 + 3 * v[1] ** 2])


def gd(v, lr, steps):
    for _ in range(steps):
        v = v - lr * grad(v)
    return v


def run() -> Report:
    r = Report("Saddle points in non-convex optimisation")
    h = 1e-5
    for name, p, kind in [
        ("origin", np.zeros(2), "saddle"),
        ("(0, sqrt 2)", np.array([0, np.sqrt(2)]), "minimum"),
    ]:
        H_fd = np.array([(grad(p + h * e) - grad(p - h * e)) / (2 * h) for e in np.eye(2)])
        ev = np.linalg.eigvalsh(H_fd)
        r.figure(f"Hessian eigenvalues at {name}", ev.round(6).tolist())
        r.check_close(f"finite-difference Hessian = analytic at {name}", H_fd, hess(p), atol=1e-8)
        got = "saddle" if ev.min() < 0 < ev.max() else "minimum" if ev.min() > 0 else "other"
        r.check(f"{name} classified as {kind} by eigenvalue signs", got == kind, got)
    r.check(
        "f(origin) = 0 is above f at the minima (= -1)",
        np.isclose(f(np.array([0, np.sqrt(2)])), -1.0),
    )

    lr = 0.05
    stuck = gd(np.array([1.0, 0.0]), lr, 500)
    r.check(
        "GD started on the stable manifold (y = 0) converges to the saddle",
        np.linalg.norm(stuck) < 1e-10,
    )
    esc = gd(np.array([1.0, 1e-8]), lr, 500)
    r.check_close(
        "a perturbation of 1e-8 in y escapes to the minimum y = sqrt 2",
        abs(esc[1]),
        np.sqrt(2),
        rtol=1e-6,
    )
    rng = np.random.default_rng(0)
    v = np.array([1.0, 0.0])
    for _ in range(500):  # GD plus tiny isotropic noise, as in SGD
        v = v - lr * grad(v) + 1e-6 * rng.normal(size=2)
    r.check(
        "gradient noise of size 1e-6 alone is enough to leave the saddle",
        abs(abs(v[1]) - np.sqrt(2)) < 1e-3,
        f"y = {v[1]:.5f}",
    )

    # escape time: near 0, y grows as (1 + 2 lr)^t, so |y| = 0.1 takes log(0.1/delta)/log(1 + 2 lr)
    def escape_steps(delta):
        v, t = np.array([1.0, delta]), 0
        while abs(v[1]) < 0.1:
            v, t = v - lr * grad(v), t + 1
        return t

    counts = {d: escape_steps(d) for d in (1e-4, 1e-8, 1e-12)}
    pred = {d: np.log(0.1 / d) / np.log(1 + 2 * lr) for d in counts}
    r.figure("steps to escape for delta = 1e-4, 1e-8, 1e-12", list(counts.values()))
    r.check(
        "escape steps match log(0.1/delta)/log(1 + 2 lr) within 2 steps",
        all(abs(counts[d] - pred[d]) <= 2 for d in counts),
        f"{list(counts.values())} vs {[round(float(v), 1) for v in pred.values()]}",
    )

    # Newton is attracted by the saddle; saddle-free Newton (|H|^{-1} g) is repelled
    v = np.array([0.3, 0.2])
    H = hess(v)
    newton = v - np.linalg.solve(H, grad(v))
    w, U = np.linalg.eigh(H)
    sfn = v - U @ np.diag(1 / np.abs(w)) @ U.T @ grad(v)
    r.figure(
        "Newton / saddle-free Newton from (0.3, 0.2)",
        [newton.round(4).tolist(), sfn.round(4).tolist()],
    )
    r.check("Newton step moves toward the saddle (|y| shrinks)", abs(newton[1]) < abs(v[1]))
    r.check(
        "saddle-free Newton moves away along the negative-curvature direction and lowers f",
        abs(sfn[1]) > abs(v[1]) and f(sfn) < f(v),
    )
    return r


if __name__ == "__main__":
    main(run)
