"""polyak-momentum: the heavy-ball method and its sqrt(kappa) rate on quadratics.

Follows d2l-en sec. 12.6 and Polyak (1964). On a quadratic each eigen-direction evolves as a
2x2 linear system; checks compare two hand-unrolled steps, the spectral radius of the full
iteration matrix (np.linalg.eigvals) with the closed form (sqrt(kappa)-1)/(sqrt(kappa)+1) and
with the observed decay of the iterates, iteration counts with a count from powers of that
matrix and their growth like sqrt(kappa) instead of kappa, and the last move with the
explicit geometric sum of past gradients.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["heavy_ball", "heavy_ball_iters"]

DOC_ZH = {
    "heavy_ball": """Polyak 重球法：x_{t+1} = x_t - lr * grad(x_t) + beta (x_t - x_{t-1})，约定 x_{-1} = x0。

输入：grad，梯度函数；x0，起点；lr，步长；beta，动量系数；steps，步数。
输出：形状 (steps+1, n) 的数组，第 0 行是 x0。

>>> heavy_ball(lambda x: x, np.array([1.0]), 0.5, 0.5, 3).tolist()
[[1.0], [0.5], [0.0], [-0.25]]
""",
    "heavy_ball_iters": """在对角二次函数（grad = lam * x）上，重球法从 x0 = x_{-1} = (1, ..., 1) 出发需要多少步收敛。

输入：lam，特征值数组；lr、beta，步长和动量；eps，容差；max_iter，最多步数。
输出：第一个满足 max|x_t| < eps 且 max|x_{t-1}| < eps 的 t（整数，t >= 1）；max_iter 步内达不到时返回 max_iter。

>>> heavy_ball_iters(np.array([1.0]), 1.0, 0.0)
2
""",
}

HINTS = {
    "en": (
        "Momentum remembers the last move and adds a fraction beta of it to the gradient step.",
        "Keep x and x_prev: x, x_prev = x - lr * grad(x) + beta * (x - x_prev), x. On a diagonal "
        "quadratic grad = lam * x elementwise; count steps until both x and x_prev are below eps.",
    ),
    "zh": (
        "动量记住上一步的移动，并把它的 beta 倍加到梯度步上。",
        "保存 x 和 x_prev：x, x_prev = x - lr * grad(x) + beta * (x - x_prev), x。对角二次函数上 grad = lam * x（逐元素）；"
        "数步数直到 x 和 x_prev 都小于 eps。",
    ),
}


def heavy_ball(grad, x0, lr, beta, steps):
    """Polyak's heavy ball: x_{t+1} = x_t - lr * grad(x_t) + beta (x_t - x_{t-1}), x_{-1} = x0.

    Input: grad, the gradient; x0, the start; lr, the step; beta, the momentum; steps.
    Output: an array (steps+1, n), row 0 being x0.

    >>> heavy_ball(lambda x: x, np.array([1.0]), 0.5, 0.5, 3).tolist()
    [[1.0], [0.5], [0.0], [-0.25]]
    """
    x_prev = x = np.asarray(x0, dtype=float)
    xs = [x]
    for _ in range(steps):
        x, x_prev = x - lr * grad(x) + beta * (x - x_prev), x
        xs.append(x)
    return np.array(xs)


def heavy_ball_iters(lam, lr, beta, eps=1e-8, max_iter=10000):
    """Steps of the heavy ball on the diagonal quadratic grad = lam * x from x0 = x_{-1} = 1.

    Input: lam, the eigenvalues; lr, beta, the step and momentum; eps, the tolerance;
    max_iter, the most steps.
    Output: the first t >= 1 with max|x_t| < eps and max|x_{t-1}| < eps, as an int; max_iter
    if that does not happen earlier.

    >>> heavy_ball_iters(np.array([1.0]), 1.0, 0.0)
    2
    """
    x_prev = x = np.ones_like(lam)
    for t in range(1, max_iter):
        x, x_prev = x - lr * lam * x + beta * (x - x_prev), x
        if np.max(np.abs(x)) < eps and np.max(np.abs(x_prev)) < eps:
            return t
    return max_iter


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Polyak heavy-ball momentum")

    with r.case("two steps by hand on grad = D x") as c:
        D = np.array([1.0, 4.0])
        xs = f.heavy_ball(lambda x: D * x, np.array([2.0, -1.0]), 0.1, 0.6, 2)
        x0 = np.array([2.0, -1.0])
        x1 = x0 - 0.1 * D * x0  # no momentum yet: x_{-1} = x0
        x2 = x1 - 0.1 * D * x1 + 0.6 * (x1 - x0)
        c.close(xs, np.array([x0, x1, x2]), rtol=1e-14)

    mu, L = 1.0, 100.0
    kappa = L / mu
    lam = np.linspace(mu, L, 20)
    lr = 4 / (np.sqrt(L) + np.sqrt(mu)) ** 2  # Polyak's tuned step
    beta = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2  # and momentum

    # iteration matrix on (x_t, x_{t-1}) for all eigen-directions at once
    n = len(lam)
    T = np.block([[np.diag(1 + beta - lr * lam), -beta * np.eye(n)], [np.eye(n), np.zeros((n, n))]])
    rho = np.abs(np.linalg.eigvals(T)).max()
    rate = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    r.figure("spectral radius (heavy ball)", rho)
    r.figure("best GD rate (kappa-1)/(kappa+1)", (kappa - 1) / (kappa + 1))
    with r.case("spectral radius = (sqrt(kappa)-1)/(sqrt(kappa)+1)") as c:
        c.close(rho, rate, rtol=1e-6)
        # the iterates are exactly the powers of T applied to (x0, x0)
        xs = f.heavy_ball(lambda x: lam * x, np.ones(n), lr, beta, 30)
        z = np.ones(2 * n)
        for _ in range(30):
            z = T @ z
        c.close(xs[-1], z[:n], rtol=1e-10, atol=1e-14)

    # observed decay per step over a long run matches rho (up to the polynomial Jordan factor)
    with r.case("observed decay rate matches the spectral radius within 1%") as c:
        xs = f.heavy_ball(lambda x: lam * x, np.ones(n), lr, beta, 400)
        norms = np.linalg.norm(xs, axis=1)
        obs = (norms[-1] / norms[-201]) ** (1 / 200)
        r.figure("observed per-step decay", obs)
        c.close(obs, rate, rtol=0.01)

    # iterations to 1e-8: heavy ball ~ sqrt(kappa), tuned GD ~ kappa
    def reference_count(lam_k, lr_k, b_k, eps=1e-8):
        Tk = np.block(
            [
                [np.diag(1 + b_k - lr_k * lam_k), -b_k * np.eye(len(lam_k))],
                [np.eye(len(lam_k)), np.zeros((len(lam_k),) * 2)],
            ]
        )
        z, t = np.ones(2 * len(lam_k)), 0
        while True:
            z, t = Tk @ z, t + 1
            if np.abs(z).max() < eps:
                return t

    params = {}
    for k in (100.0, 1600.0):
        params[k] = (
            np.array([1.0, k]),
            4 / (np.sqrt(k) + 1) ** 2,
            ((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2,
        )
    with r.case("iteration counts equal a count from powers of the iteration matrix") as c:
        for lam_k, lr_k, b_k in params.values():
            c.equal(f.heavy_ball_iters(lam_k, lr_k, b_k), reference_count(lam_k, lr_k, b_k))
        c.equal(
            f.heavy_ball_iters(np.array([1.0, 3.0]), 0.3, 0.2, 1e-5),
            reference_count(np.array([1.0, 3.0]), 0.3, 0.2, 1e-5),
        )
        c.equal(f.heavy_ball_iters(np.array([1.0]), 1.0, 0.0), 2)  # x_1 = 0 but x_0 = 1: t = 2
    with r.case(
        "the stopping test needs every coordinate of x_t and x_{t-1} strictly below eps"
    ) as c:
        # momentum makes |x_t| grow again: x = (1, 0, -0.9, ...) next to (1, 0.6, 0, ...)
        lam2 = np.array([1.0, 0.4])
        c.equal(f.heavy_ball_iters(lam2, 1.0, 0.9, 0.7), reference_count(lam2, 1.0, 0.9, 0.7))
        # |x_t| = 1, 1/4, 1/4, 1/16, 1/16, 1/64 ... exactly: at t = 5, x_4 = eps is not below it
        c.equal(f.heavy_ball_iters(np.array([1.25]), 1.0, 0.25, 2.0**-4), 6)
        # x_1 = (0, 1/4), x_2 = (-1/2, -5/16) exactly: with eps = 1/2, t = 2 does not stop yet
        lam3 = np.array([1.0, 0.75])
        c.equal(f.heavy_ball_iters(lam3, 1.0, 0.5, 0.5), reference_count(lam3, 1.0, 0.5, 0.5))
        c.true(reference_count(lam3, 1.0, 0.5, 0.5) > 2)
    with r.case("no convergence (lr = 0) stops at max_iter") as c:
        c.equal(f.heavy_ball_iters(np.array([1.0]), 0.0, 0.5), 10000)
        c.equal(f.heavy_ball_iters(np.array([1.0]), 0.0, 0.5, max_iter=7), 7)
    with r.case("heavy-ball count grows ~ sqrt(16) = 4 when kappa grows 16x (3 < ratio < 5)") as c:
        counts = {k: f.heavy_ball_iters(*v) for k, v in params.items()}
        r.figure("heavy-ball iterations (kappa 100, 1600)", list(counts.values()))
        gd = [int(np.ceil(np.log(1e-8) / np.log((k - 1) / (k + 1)))) for k in params]
        r.figure("GD iterations with eta = 2/(L+mu), closed form (kappa 100, 1600)", gd)
        ratio = counts[1600.0] / counts[100.0]
        c.true(3 < ratio < 5, f"{ratio:.2f}")

    # the last move is an exponentially weighted sum of past gradients: beta^k g_{t-1-k}
    rng = np.random.default_rng(0)
    g = rng.normal(size=(30, 3))
    with r.case("velocity equals the explicit geometric sum of past gradients") as c:
        it = iter(g)
        xs = f.heavy_ball(lambda x: next(it), np.zeros(3), 0.1, beta, 30)
        direct = sum(beta**k * g[-1 - k] for k in range(30))
        c.close(xs[-1] - xs[-2], -0.1 * direct, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
