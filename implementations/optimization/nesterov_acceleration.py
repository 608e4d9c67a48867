"""nesterov-acceleration: Nesterov's accelerated gradient, convex and strongly convex.

Follows Nesterov (1983) and Goodfellow et al. ch. 8 (Nesterov momentum). Checks: on a
mu-strongly convex quadratic the spectral radius of the iteration is exactly
1 - 1/sqrt(kappa) (closed form derived from the 2x2 recurrence) and the gap obeys the
(1 - 1/sqrt(kappa))^k bound; for L-smooth convex least squares the gap obeys
f(x_k) - f* <= 2 L ||x0 - x*||^2 / (k+1)^2, plain GD obeys its L R^2/(2k) bound, and after
200 steps Nesterov's gap is far smaller; the first three steps with a k-dependent
momentum agree with a hand computation.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["nesterov"]

DOC_ZH = {
    "nesterov": """Nesterov 加速梯度法：先沿动量方向前瞻，再在前瞻点做一步步长 1/L 的梯度下降。

输入：grad，梯度函数；x0，起点；L，梯度的 Lipschitz 常数；steps，步数；beta(k)，第 k 步（k = 0, 1, ...）的动量系数。
y_k = x_k + beta(k) (x_k - x_{k-1})（x_{-1} = x0），x_{k+1} = y_k - grad(y_k) / L。
输出：形状 (steps+1, n) 的数组，第 0 行是 x0。

>>> nesterov(lambda x: x, np.array([1.0]), 2.0, 3, lambda k: 0.5).tolist()
[[1.0], [0.5], [0.125], [-0.03125]]
""",
}

HINTS = {
    "en": (
        "Remember the previous iterate; extrapolate along the last move before taking the "
        "gradient, not after.",
        "y = x + beta(k) (x - x_prev); then x_prev, x = x, y - grad(y) / L. With beta = 0 this "
        "is plain gradient descent with step 1/L.",
    ),
    "zh": (
        "记住上一个迭代点；在求梯度之前（而不是之后）沿上一步的移动方向外推。",
        "y = x + beta(k) (x - x_prev)；然后 x_prev, x = x, y - grad(y) / L。beta = 0 时就是步长 1/L 的普通梯度下降。",
    ),
}


def nesterov(grad, x0, L, steps, beta):
    """Nesterov's accelerated gradient: look ahead along the momentum, then a 1/L gradient step.

    Input: grad, the gradient; x0, the start; L, the gradient's Lipschitz constant; steps;
    beta(k), the momentum at step k = 0, 1, ... With x_{-1} = x0:
    y_k = x_k + beta(k) (x_k - x_{k-1}), x_{k+1} = y_k - grad(y_k) / L.
    Output: an array (steps+1, n), row 0 being x0.

    >>> nesterov(lambda x: x, np.array([1.0]), 2.0, 3, lambda k: 0.5).tolist()
    [[1.0], [0.5], [0.125], [-0.03125]]
    """
    x_prev = x = x0.copy()
    xs = [x0]
    for k in range(steps):
        b = beta(k)
        yv = x + b * (x - x_prev)  # look ahead along the momentum
        x, x_prev = yv - grad(yv) / L, x  # gradient step taken at the look-ahead point
        xs.append(x)
    return np.array(xs)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Nesterov acceleration")

    # three steps by hand on grad = D x with D = diag(1, 3), L = 4, beta(k) = k / (k + 3)
    D = np.array([1.0, 3.0])
    with r.case("three steps by hand with beta(k) = k/(k+3)") as c:
        xs = f.nesterov(lambda x: D * x, np.array([1.0, -2.0]), 4.0, 3, lambda k: k / (k + 3))
        x0 = np.array([1.0, -2.0])
        x1 = x0 - D * x0 / 4  # beta(0) = 0
        y1 = x1 + 0.25 * (x1 - x0)
        x2 = y1 - D * y1 / 4
        y2 = x2 + 0.4 * (x2 - x1)
        x3 = y2 - D * y2 / 4
        c.close(xs, np.array([x0, x1, x2, x3]), rtol=1e-14)

    # strongly convex quadratic: per eigenvalue, x_{k+1} = (1+b)(1-l/L) x_k - b (1-l/L) x_{k-1}
    mu, L = 1.0, 400.0
    kappa = L / mu
    b = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    lam = np.linspace(mu, L, 50)
    a = 1 - lam / L
    radii = [np.abs(np.roots([1, -(1 + b) * ai, b * ai])).max() for ai in a]
    r.figure("max spectral radius", max(radii))
    r.figure(
        "GD rate 1 - 1/kappa vs Nesterov 1 - 1/sqrt(kappa)",
        [1 - 1 / kappa, float(1 - 1 / np.sqrt(kappa))],
    )
    with r.case("spectral radius = 1 - 1/sqrt(kappa) (attained at lambda = mu)") as c:
        c.close(max(radii), 1 - 1 / np.sqrt(kappa), rtol=1e-6)
        # observed: along lambda = mu the iterates decay like k (1 - 1/sqrt(kappa))^k (double root)
        xs = f.nesterov(lambda x: mu * x, np.ones(1), L, 2000, lambda k: b)[:, 0]
        obs = (xs[2000] / 2000) / (xs[1000] / 1000)
        c.close(obs ** (1 / 1000), 1 - 1 / np.sqrt(kappa), rtol=1e-4)

    U = np.linalg.qr(rng.normal(size=(50, 50)))[0]
    A = U @ np.diag(lam) @ U.T
    x0 = rng.normal(size=50)
    with r.case("f(x_k) - f* <= (1 - 1/sqrt(kappa))^k (f(x0) - f* + mu/2 ||x0 - x*||^2)") as c:
        xs = f.nesterov(lambda x: A @ x, x0, L, 300, lambda k: b)
        fgap = 0.5 * np.einsum("ij,jk,ik->i", xs, A, xs)
        bound = (1 - 1 / np.sqrt(kappa)) ** np.arange(301) * (fgap[0] + 0.5 * mu * x0 @ x0)
        c.true(len(xs) == 301 and np.all(fgap <= bound * (1 + 1e-9)))

    # smooth convex, not strongly convex: least squares with a rank-deficient design
    X = rng.normal(size=(40, 60))  # 60 > 40: many minimisers, mu = 0
    yv = rng.normal(size=40)
    L2 = np.linalg.eigvalsh(X.T @ X).max()

    def fn(w):
        return 0.5 * np.sum((X @ w - yv) ** 2)

    def grad(w):
        return X.T @ (X @ w - yv)

    w0 = np.zeros(60)
    w_star = np.linalg.lstsq(X, yv, rcond=None)[0]  # minimum-norm minimiser, f* = 0 here
    f_star = fn(w_star)
    K = 200
    k = np.arange(1, K + 1)
    R2 = np.sum((w0 - w_star) ** 2)

    def gaps(beta):
        return np.array([fn(w) for w in f.nesterov(grad, w0, L2, K, beta)[1:]]) - f_star

    with r.case("Nesterov gap <= 2 L R^2 / (k+1)^2 for every k (Nesterov 1983 rate)") as c:
        c.true(np.all(gaps(lambda k: k / (k + 3)) <= 2 * L2 * R2 / (k + 1) ** 2 * (1 + 1e-9)))
    with r.case("GD gap <= L R^2 / (2k) for every k (the 1/k rate)") as c:
        c.true(np.all(gaps(lambda k: 0.0) <= L2 * R2 / (2 * k) * (1 + 1e-9)))
    with r.case("after 200 steps Nesterov's gap is at least 10x smaller than GD's") as c:
        gn, gg = gaps(lambda k: k / (k + 3))[-1], gaps(lambda k: 0.0)[-1]
        r.figure("gap after 200 steps: Nesterov vs GD", [float(gn), float(gg)])
        c.true(gn * 10 < gg)
    return r


if __name__ == "__main__":
    main(run)
