"""gd-as-feedback-system: gradient descent on a quadratic is a linear discrete-time feedback loop.

Follows Boyd & Vandenberghe, Convex Optimization ch. 9 (gradient method on strongly
convex functions) and d2l 12.3 (Gradient Descent). On f(x) = x'Hx/2 - b'x the
"plant" is an integrator x[k+1] = x[k] + u[k] and the "controller" feeds back the
measured gradient u = -lr (Hx - b); the error obeys e[k+1] = (I - lr H) e[k]. Checks
compare the learner's iterates with (I - lr H)^k e0 (matrix powers), the learner's loop
rate with the rate measured from the iterates and with numpy's spectral radius of
I - lr H, the best fixed step with a grid search and with (kappa-1)/(kappa+1), and the
stability boundary lr = 2/L with runs just below and above it.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["gd", "loop_rate", "best_step"]

DOC_ZH = {
    "gd": """在二次函数 f(x) = x'Hx/2 - b'x 上做梯度下降：x <- x - lr (H x - b)。

输入：H，形状 (n, n) 的对称正定矩阵；b，形状 (n,)；x0，起点；lr，步长；steps，步数。
输出：形状 (steps+1, n) 的数组，第 k 行是 x[k]（第 0 行是 x0）。

>>> gd(np.array([[2.0]]), np.array([2.0]), np.array([0.0]), 0.25, 2).tolist()
[[0.0], [0.5], [0.75]]
""",
    "loop_rate": """反馈回路 e[k+1] = (I - lr H) e[k] 的收敛率：I - lr H 的谱半径 max_i |1 - lr lambda_i|。

输入：H，形状 (n, n) 的对称正定矩阵；lr，步长。
输出：float；小于 1 时梯度下降收敛。

>>> round(loop_rate(np.diag([1.0, 10.0]), 0.1), 6)
0.9
""",
    "best_step": """使 loop_rate 最小的固定步长 2/(mu + L)，mu、L 为 H 的最小、最大特征值。

输入：H，形状 (n, n) 的对称正定矩阵。
输出：float。

>>> round(best_step(np.diag([1.0, 3.0])), 6)
0.5
""",
}

HINTS = {
    "en": (
        "Subtract the minimiser x* = H^-1 b from the update: what multiplies the error at "
        "each step?",
        "e[k+1] = (I - lr H) e[k], whose eigenvalues are 1 - lr lambda_i (H symmetric: use "
        "eigvalsh). The rate is the largest |1 - lr lambda|; it is smallest when the two "
        "extremes balance, 1 - lr mu = lr L - 1, i.e. lr = 2/(mu + L).",
    ),
    "zh": (
        "从更新式中减去极小点 x* = H^-1 b：每一步乘在误差上的是什么？",
        "e[k+1] = (I - lr H) e[k]，其特征值为 1 - lr lambda_i（H 对称：用 eigvalsh）。收敛率是最大的 "
        "|1 - lr lambda|；当两个端点平衡，即 1 - lr mu = lr L - 1、lr = 2/(mu + L) 时它最小。",
    ),
}


def gd(H, b, x0, lr, steps):
    """Gradient descent x <- x - lr (H x - b) on the quadratic f(x) = x'Hx/2 - b'x.

    Input: H, a symmetric positive-definite (n, n) array; b, shape (n,); x0, the start;
    lr, the step; steps, the number of steps. Output: an array of shape (steps+1, n);
    row k is x[k] (row 0 is x0).

    >>> gd(np.array([[2.0]]), np.array([2.0]), np.array([0.0]), 0.25, 2).tolist()
    [[0.0], [0.5], [0.75]]
    """
    x = np.asarray(x0, dtype=float)
    xs = [x]
    for _ in range(steps):
        x = x - lr * (H @ x - b)  # feedback of the measured gradient
        xs.append(x)
    return np.array(xs)


def loop_rate(H, lr):
    """Rate of the loop e[k+1] = (I - lr H) e[k]: the spectral radius max_i |1 - lr lambda_i|.

    Input: H, a symmetric positive-definite (n, n) array; lr, the step. Output: a float;
    gradient descent converges when it is below 1.

    >>> round(loop_rate(np.diag([1.0, 10.0]), 0.1), 6)
    0.9
    """
    return float(np.abs(1 - lr * np.linalg.eigvalsh(H)).max())


def best_step(H):
    """The fixed step 2/(mu + L) minimising loop_rate; mu, L the extreme eigenvalues of H.

    Input: H, a symmetric positive-definite (n, n) array. Output: a float.

    >>> round(best_step(np.diag([1.0, 3.0])), 6)
    0.5
    """
    lam = np.linalg.eigvalsh(H)
    return float(2 / (lam.min() + lam.max()))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Gradient descent as a feedback loop: eigenvalues predict everything")
    n = 6
    Qm, _ = np.linalg.qr(rng.normal(size=(n, n)))
    lam = np.array([1.0, 1.5, 2.0, 4.0, 7.0, 10.0])  # mu = 1, L = 10, kappa = 10
    H = Qm @ np.diag(lam) @ Qm.T
    b = rng.normal(size=n)
    xs_ = np.linalg.solve(H, b)
    x0 = xs_ + rng.normal(size=n)
    mu, L = lam.min(), lam.max()

    with r.case("error = (I - lr H)^k e0") as c:
        X = np.asarray(f.gd(H, b, x0, 0.1, 60), dtype=float)
        E_pred = np.array(
            [np.linalg.matrix_power(np.eye(n) - 0.1 * H, k) @ (x0 - xs_) for k in range(61)]
        )
        c.close(X - xs_, E_pred, rtol=1e-9, atol=1e-12)

    lrs = (0.05, 0.1, 2 / (mu + L), 0.19)
    with r.case("loop rate = spectral radius of I - lr H") as c:
        got = [f.loop_rate(H, lr) for lr in lrs]
        ref = [np.abs(np.linalg.eigvals(np.eye(n) - lr * H)).max() for lr in lrs]
        c.close(got, ref, rtol=1e-10)
        c.close(f.loop_rate(np.diag([3.0, 0.5]), 0.6), 0.8, rtol=1e-12)  # |1 - 1.8| wins

    with r.case("measured rate = max |1 - lr lambda_i|") as c:
        rates = []
        for lr in lrs:
            pred = np.abs(1 - lr * lam).max()
            k2 = int(np.log(1e-9) / np.log(pred))  # stop before the round-off floor
            err = np.linalg.norm(np.asarray(f.gd(H, b, x0, lr, k2)) - xs_, axis=1)
            rates.append((err[k2] / err[k2 - 100]) ** (1 / 100))
        r.figure("lr = 0.05, 0.1, 2/(mu+L), 0.19: measured rates", np.round(rates, 6).tolist())
        c.close(rates, [f.loop_rate(H, lr) for lr in lrs], rtol=1e-3)
        c.close(rates[0], 1 - 0.05 * mu, rtol=1e-3)  # lr < 2/(mu+L): rate = 1 - lr mu

    with r.case("lr = 2/(mu+L): rate = (kappa-1)/(kappa+1)") as c:
        lr_b = f.best_step(H)
        grid = np.linspace(0.01, 0.2, 1901)
        best_grid = grid[np.argmin([np.abs(1 - g * lam).max() for g in grid])]
        c.close(lr_b, best_grid, atol=1e-4)
        c.close(lr_b, 2 / 11, rtol=1e-12)
        kappa = L / mu
        c.close(f.loop_rate(H, lr_b), (kappa - 1) / (kappa + 1), rtol=1e-10)

    with r.case("converges just below 2/L, diverges just above") as c:
        below = np.linalg.norm(np.asarray(f.gd(H, b, x0, 0.99 * 2 / L, 2000))[-1] - xs_)
        above = np.linalg.norm(np.asarray(f.gd(H, b, x0, 1.01 * 2 / L, 2000))[-1] - xs_)
        r.figure("error after 2000 steps at 0.99*2/L and 1.01*2/L", [float(below), float(above)])
        c.true(below < 1e-6 and above > 1e6, f"{below:.2e}, {above:.2e}")
        c.true(f.loop_rate(H, 0.99 * 2 / L) < 1 < f.loop_rate(H, 1.01 * 2 / L), "rate crosses 1")
    return r


if __name__ == "__main__":
    main(run)
