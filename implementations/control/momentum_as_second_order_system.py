"""momentum-as-second-order-system: heavy-ball momentum is a damped second-order loop.

Follows Polyak (1964) and d2l 12.6 (Momentum). Implemented form (heavy ball, as in
PyTorch SGD): v[k+1] = beta v[k] + g[k], x[k+1] = x[k] - lr v[k+1], i.e.
x[k+1] = x[k] - lr g[k] + beta (x[k] - x[k-1]). On a quadratic each eigen-direction
lambda has characteristic polynomial z^2 - (1 + beta - lr lambda) z + beta: complex
roots mean an under-damped, overshooting mode. The learner writes the method, the mode
roots and Polyak's tuning. Checks: the two-step form and the EMA form (lr/(1-gamma)),
closed-form mode solutions c1 z1^k + c2 z2^k (numpy.roots), the spectral radius of the
2n x 2n iteration matrix (numpy.linalg.eigvals), Vieta's relations, Polyak's tuning
giving rate (sqrt(kappa)-1)/(sqrt(kappa)+1), and the overshoot predicted by the roots.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["heavy_ball", "mode_roots", "polyak_tuning"]

DOC_ZH = {
    "heavy_ball": """重球动量法（PyTorch SGD 的形式）：v <- beta v + grad(x)，x <- x - lr v，v 从 0 开始。

输入：grad，梯度函数；x0，起点（数组）；lr，步长；beta，动量系数；steps，步数。
输出：形状 (steps+1,) + x0.shape 的数组，第 k 行是 x[k]（第 0 行是 x0）。

>>> heavy_ball(lambda x: x, np.array([1.0]), 0.5, 0.5, 2).tolist()
[[1.0], [0.5], [0.0]]
""",
    "mode_roots": """二次函数 lam x^2 / 2 上重球法一个模态的特征根：z^2 - (1 + beta - lr lam) z + beta = 0 的两个根。

输入：lam > 0，曲率；lr，步长；beta，动量系数。
输出：形状 (2,) 的复数数组（两个根，顺序任意）。

>>> np.round(np.sort_complex(mode_roots(1.0, 0.4, 0.1)), 6).tolist()
[(0.2+0j), (0.5+0j)]
""",
    "polyak_tuning": """Polyak 的最优参数：lr = 4/(sqrt L + sqrt mu)^2，beta = ((sqrt kappa - 1)/(sqrt kappa + 1))^2，kappa = L/mu。

输入：mu，L，曲率的最小和最大值（0 < mu <= L）。
输出：(lr, beta)。此时收敛率为 (sqrt kappa - 1)/(sqrt kappa + 1)。

>>> lr, beta = polyak_tuning(1.0, 9.0)
>>> round(lr, 6), round(beta, 6)
(0.25, 0.25)
""",
}

HINTS = {
    "en": (
        "Eliminate v: the update becomes a two-term recursion in x, and on a quadratic each "
        "eigen-direction is a scalar linear recurrence of order two.",
        "x[k+1] = (1 + beta - lr lam) x[k] - beta x[k-1], characteristic polynomial "
        "z^2 - (1 + beta - lr lam) z + beta (numpy.roots). Polyak makes both extreme modes "
        "critically balanced: sqrt(beta) = (sqrt L - sqrt mu)/(sqrt L + sqrt mu), "
        "lr = (1 + sqrt(beta))^2 / L.",
    ),
    "zh": (
        "消去 v：更新变为 x 的两项递推；在二次函数上，每个特征方向都是一个二阶标量线性递推。",
        "x[k+1] = (1 + beta - lr lam) x[k] - beta x[k-1]，特征多项式 z^2 - (1 + beta - lr lam) z + beta"
        "（numpy.roots）。Polyak 让两个端点模态恰好平衡：sqrt(beta) = (sqrt L - sqrt mu)/(sqrt L + sqrt mu)，"
        "lr = (1 + sqrt(beta))^2 / L。",
    ),
}


def heavy_ball(grad, x0, lr, beta, steps):
    """Heavy-ball momentum as in PyTorch SGD: v <- beta v + grad(x), x <- x - lr v, from v = 0.

    Input: grad, the gradient function; x0, the start (an array); lr, the step; beta, the
    momentum; steps, the count. Output: an array of shape (steps+1,) + x0.shape; row k is
    x[k] (row 0 is x0).

    >>> heavy_ball(lambda x: x, np.array([1.0]), 0.5, 0.5, 2).tolist()
    [[1.0], [0.5], [0.0]]
    """
    x = np.asarray(x0, dtype=float)
    v, xs = np.zeros_like(x), [x]
    for _ in range(steps):
        v = beta * v + grad(x)
        x = x - lr * v
        xs.append(x)
    return np.array(xs)


def mode_roots(lam, lr, beta):
    """Roots of one heavy-ball mode on lam x^2 / 2: z^2 - (1 + beta - lr lam) z + beta = 0.

    Input: lam > 0, the curvature; lr, the step; beta, the momentum.
    Output: a complex array of shape (2,), the two roots in any order.

    >>> np.round(np.sort_complex(mode_roots(1.0, 0.4, 0.1)), 6).tolist()
    [(0.2+0j), (0.5+0j)]
    """
    return np.roots([1.0, -(1 + beta - lr * lam), beta]).astype(complex)


def polyak_tuning(mu, L):
    """Polyak's parameters lr = 4/(sqrt L + sqrt mu)^2, beta = ((sqrt k - 1)/(sqrt k + 1))^2.

    Input: mu, L, the smallest and largest curvature (0 < mu <= L), k = L/mu.
    Output: (lr, beta); the rate is then (sqrt k - 1)/(sqrt k + 1).

    >>> lr, beta = polyak_tuning(1.0, 9.0)
    >>> round(lr, 6), round(beta, 6)
    (0.25, 0.25)
    """
    kap = L / mu
    lr = 4 / (np.sqrt(L) + np.sqrt(mu)) ** 2
    return float(lr), float(((np.sqrt(kap) - 1) / (np.sqrt(kap) + 1)) ** 2)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Momentum as a second-order system: roots predict rate and overshoot")
    lam = np.array([1.0, 3.0, 10.0, 25.0])  # diagonal quadratic f = sum lam x^2 / 2
    grad = lambda x: lam * x
    x0 = np.array([1.0, -2.0, 0.5, 3.0])
    lr, beta = 0.03, 0.8

    with r.case("velocity form = x - lr g + beta (x - x_prev)") as c:
        X = np.asarray(f.heavy_ball(grad, x0, lr, beta, 80))
        Y = [x0, x0 - lr * grad(x0)]  # two-step (Polyak) form from x_{-1} = x_0
        for _ in range(79):
            Y.append(Y[-1] - lr * grad(Y[-1]) + beta * (Y[-1] - Y[-2]))
        c.close(X, np.array(Y), rtol=1e-12, atol=1e-14)

    with r.case("EMA form (lr/(1-gamma)) = heavy ball") as c:
        xe, ve, Xe = x0.copy(), np.zeros(4), [x0.copy()]
        for _ in range(80):
            ve = beta * ve + (1 - beta) * grad(xe)
            xe = xe - lr / (1 - beta) * ve
            Xe.append(xe.copy())
        c.close(f.heavy_ball(grad, x0, lr, beta, 80), np.array(Xe), rtol=1e-11, atol=1e-14)

    with r.case("each mode = c1 z1^k + c2 z2^k") as c:
        X = np.asarray(f.heavy_ball(grad, x0, lr, beta, 80))
        k, closed = np.arange(81), []
        for i, l in enumerate(lam):
            z1, z2 = np.roots([1.0, -(1 + beta - lr * l), beta]).astype(complex)
            x1 = x0[i] * (1 - lr * l)  # first step
            c2 = (x1 - z1 * x0[i]) / (z2 - z1)
            closed.append(((x0[i] - c2) * z1**k + c2 * z2**k).real)
        c.close(X, np.array(closed).T, rtol=1e-9, atol=1e-12)

    with r.case("mode roots: Vieta and the spectral radius of the iteration matrix") as c:
        for l in (1.0, 25.0, 60.0, 100.0):  # complex, complex, real negative, real
            z = np.asarray(f.mode_roots(l, lr, beta))
            c.close(
                [np.sum(z).real, np.prod(z).real], [1 + beta - lr * l, beta], rtol=1e-10, atol=1e-12
            )
            c.close([np.sum(z).imag, np.prod(z).imag], [0.0, 0.0], atol=1e-12)
        M = np.block(
            [[np.diag(1 + beta - lr * lam), -beta * np.eye(4)], [np.eye(4), np.zeros((4, 4))]]
        )
        rho = max(np.abs(f.mode_roots(l, lr, beta)).max() for l in lam)
        c.close(rho, np.abs(np.linalg.eigvals(M)).max(), rtol=1e-10)

    with r.case("rate = (sqrt kappa - 1)/(sqrt kappa + 1)") as c:
        mu, L = lam.min(), lam.max()
        kap = L / mu
        lr_p, beta_p = f.polyak_tuning(mu, L)
        c.close([lr_p, beta_p], [4 / 36, (4 / 6) ** 2], rtol=1e-12)
        c.close(f.polyak_tuning(2.0, 8.0), [4 / 18, 1 / 9], rtol=1e-12)  # kappa = 4
        err = np.linalg.norm(np.asarray(f.heavy_ball(grad, x0, lr_p, beta_p, 300)), axis=1)
        rate = (err[300] / err[200]) ** (1 / 100)
        r.figure("measured rate with Polyak tuning", rate)
        r.figure("gradient descent best rate (kappa-1)/(kappa+1)", (kap - 1) / (kap + 1))
        c.close(rate, (np.sqrt(kap) - 1) / (np.sqrt(kap) + 1), rtol=0.02)

    with r.case("overshoot exactly when the roots are complex or negative") as c:
        ok = True
        for l in np.linspace(0.5, 60, 40):
            z = np.asarray(f.mode_roots(l, lr, beta))
            disc = (1 + beta - lr * l) ** 2 - 4 * beta
            pred = bool(np.any(np.abs(z.imag) > 1e-12) or np.any(z.real < 0))
            xs = np.asarray(f.heavy_ball(lambda x: l * x, np.array([1.0]), lr, beta, 200))[:, 0]
            ok &= bool(np.any(xs < -1e-12)) == pred == (disc < 0 or 1 + beta - lr * l < 0)
        c.true(ok, "40 curvatures")
    return r


if __name__ == "__main__":
    main(run)
