"""gradient-descent: fixed-step gradient descent on a strongly convex quadratic.

Follows d2l-en sec. 12.3 and Boyd & Vandenberghe ch. 9 (convergence on strongly convex f).
Iterates are compared with the closed form (I - eta A)^t x0 (numpy matrix_power), the
contraction factor with max|1 - eta lambda_i|, and the limit with np.linalg.solve.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def gd(grad, x0, lr, steps):
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - lr * grad(xs[-1]))  # x_{t+1} = x_t - eta * grad f(x_t)
    return np.array(xs)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Gradient descent on a quadratic")
    n, mu, L = 6, 1.0, 50.0
    U = np.linalg.qr(rng.normal(size=(n, n)))[0]
    lam = np.linspace(mu, L, n)
    A = U @ np.diag(lam) @ U.T  # f(x) = 1/2 x'Ax - b'x, Hessian A
    b = rng.normal(size=n)
    x_star = np.linalg.solve(A, b)

    def grad(x):
        return A @ x - b

    x0 = rng.normal(size=n)

    lr = 1.0 / L
    xs = gd(grad, x0, lr, 60)
    closed = x_star + np.linalg.matrix_power(np.eye(n) - lr * A, 60) @ (x0 - x_star)
    r.check_close(
        "60 GD steps equal x* + (I - eta A)^60 (x0 - x*)", xs[-1], closed, rtol=1e-10, atol=1e-13
    )

    # per-eigendirection error shrinks exactly by |1 - eta lambda_i| each step
    e = (xs - x_star) @ U  # error in the eigenbasis
    ratio = e[1:6, :-1] / e[:5, :-1]  # lambda_n = L is wiped out in one step (1 - L/L = 0)
    r.check_close(
        "error along eigenvector i shrinks by (1 - eta lambda_i) per step",
        ratio,
        np.tile(1 - lr * lam[:-1], (5, 1)),
        rtol=1e-8,
    )
    r.check(
        "the lambda = L direction is removed in one step",
        abs(e[1, -1]) < 1e-12 * abs(e[0, -1]) + 1e-14,
    )
    err = np.linalg.norm(xs - x_star, axis=1)
    rate = (err[-1] / err[-11]) ** (1 / 10)
    r.figure("observed rate with eta=1/L", rate)
    r.check_close("slowest direction sets the rate 1 - mu/L", rate, 1 - mu / L, rtol=1e-3)

    # best fixed step eta = 2/(L+mu) gives rate (kappa-1)/(kappa+1)
    kappa = L / mu
    xs2 = gd(grad, x0, 2 / (L + mu), 80)
    err2 = np.linalg.norm(xs2 - x_star, axis=1)
    bound = (kappa - 1) / (kappa + 1)
    r.figure("rate bound (kappa-1)/(kappa+1)", bound)
    r.check(
        "||x_t - x*|| <= ((kappa-1)/(kappa+1))^t ||x0 - x*|| for eta = 2/(L+mu)",
        np.all(err2 <= bound ** np.arange(81) * err2[0] * (1 + 1e-10)),
    )

    # steps above 2/L diverge: |1 - eta L| > 1
    xs3 = gd(grad, x0, 2.1 / L, 200)
    r.check("eta = 2.1/L diverges (error grows)", np.linalg.norm(xs3[-1] - x_star) > 1e3 * err[0])
    r.check_close(
        "long run converges to np.linalg.solve(A, b)",
        gd(grad, x0, lr, 1500)[-1],
        x_star,
        atol=1e-10,
    )
    return r


if __name__ == "__main__":
    main(run)
