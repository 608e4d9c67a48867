"""gradient-descent: fixed-step gradient descent on a strongly convex quadratic.

Follows d2l-en sec. 12.3 and Boyd & Vandenberghe ch. 9 (convergence on strongly convex f).
Iterates are compared with the closed form (I - eta A)^t x0 (numpy matrix_power), the
contraction factor with max|1 - eta lambda_i|, the limit with np.linalg.solve, and the
first two steps with a hand computation on a non-quadratic function.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["gd"]

DOC_ZH = {
    "gd": """固定步长梯度下降 x_{t+1} = x_t - lr * grad(x_t)。

输入：grad，返回梯度的函数；x0，起点（数组）；lr，步长；steps，步数。
输出：形状 (steps+1, n) 的数组，第 0 行是 x0，第 t 行是第 t 步后的点。

>>> gd(lambda x: 2 * x, np.array([1.0, -2.0]), 0.25, 2).tolist()
[[1.0, -2.0], [0.5, -1.0], [0.25, -0.5]]
""",
}

HINTS = {
    "en": (
        "Repeatedly move a little in the direction in which the function decreases fastest.",
        "x_{t+1} = x_t - lr * grad(x_t); keep every iterate, starting with x0, in a list and "
        "stack it at the end.",
    ),
    "zh": (
        "反复沿函数下降最快的方向走一小步。",
        "x_{t+1} = x_t - lr * grad(x_t)；把包括 x0 在内的每个迭代点存进列表，最后堆叠成数组。",
    ),
}


def gd(grad, x0, lr, steps):
    """Fixed-step gradient descent x_{t+1} = x_t - lr * grad(x_t).

    Input: grad, a function returning the gradient; x0, the start (an array); lr, the step
    size; steps, the number of steps.
    Output: an array (steps+1, n): row 0 is x0, row t the point after step t.

    >>> gd(lambda x: 2 * x, np.array([1.0, -2.0]), 0.25, 2).tolist()
    [[1.0, -2.0], [0.5, -1.0], [0.25, -0.5]]
    """
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - lr * grad(xs[-1]))  # x_{t+1} = x_t - eta * grad f(x_t)
    return np.array(xs)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Gradient descent on a quadratic")

    # non-quadratic f = sum(x^4)/4 + x_0 x_1: gradient (x^3 + (x_1, x_0)), two steps by hand
    def g4(x):
        return x**3 + x[::-1]

    with r.case("first two steps by hand on f = sum x^4/4 + x_0 x_1") as c:
        xs = f.gd(g4, np.array([1.0, 2.0]), 0.1, 2)
        x1 = np.array([1.0 - 0.1 * 3.0, 2.0 - 0.1 * 9.0])  # grad (1 + 2, 8 + 1)
        x2 = x1 - 0.1 * np.array([x1[0] ** 3 + x1[1], x1[1] ** 3 + x1[0]])
        c.close(xs, np.array([[1.0, 2.0], x1, x2]), rtol=1e-14)

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
    with r.case("60 GD steps equal x* + (I - eta A)^60 (x0 - x*)") as c:
        xs = f.gd(grad, x0, lr, 60)
        closed = x_star + np.linalg.matrix_power(np.eye(n) - lr * A, 60) @ (x0 - x_star)
        c.equal(np.shape(xs), (61, n))
        c.close(xs[-1], closed, rtol=1e-10, atol=1e-13)

    # per-eigendirection error shrinks exactly by |1 - eta lambda_i| each step
    with r.case("error along eigenvector i shrinks by (1 - eta lambda_i) per step") as c:
        e = (f.gd(grad, x0, lr, 60) - x_star) @ U  # error in the eigenbasis
        ratio = e[1:6, :-1] / e[:5, :-1]  # lambda_n = L is wiped out in one step (1 - L/L = 0)
        c.close(ratio, np.tile(1 - lr * lam[:-1], (5, 1)), rtol=1e-8)
    with r.case("the lambda = L direction is removed in one step") as c:
        e = (f.gd(grad, x0, lr, 60) - x_star) @ U
        c.true(abs(e[1, -1]) < 1e-12 * abs(e[0, -1]) + 1e-14)
    with r.case("slowest direction sets the rate 1 - mu/L") as c:
        err = np.linalg.norm(f.gd(grad, x0, lr, 60) - x_star, axis=1)
        rate = (err[-1] / err[-11]) ** (1 / 10)
        r.figure("observed rate with eta=1/L", rate)
        c.close(rate, 1 - mu / L, rtol=1e-3)

    # best fixed step eta = 2/(L+mu) gives rate (kappa-1)/(kappa+1)
    kappa = L / mu
    bound = (kappa - 1) / (kappa + 1)
    r.figure("rate bound (kappa-1)/(kappa+1)", bound)
    with r.case("||x_t - x*|| <= ((kappa-1)/(kappa+1))^t ||x0 - x*|| for eta = 2/(L+mu)") as c:
        err2 = np.linalg.norm(f.gd(grad, x0, 2 / (L + mu), 80) - x_star, axis=1)
        c.true(np.all(err2 <= bound ** np.arange(81) * err2[0] * (1 + 1e-10)))

    # steps above 2/L diverge: |1 - eta L| > 1
    with r.case("eta = 2.1/L diverges (error grows)") as c:
        xs3 = f.gd(grad, x0, 2.1 / L, 200)
        c.true(np.linalg.norm(xs3[-1] - x_star) > 1e3 * np.linalg.norm(x0 - x_star))
    with r.case("long run converges to np.linalg.solve(A, b)") as c:
        c.close(f.gd(grad, x0, lr, 1500)[-1], x_star, atol=1e-10)
    return r


if __name__ == "__main__":
    main(run)
