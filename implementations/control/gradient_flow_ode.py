"""gradient-flow-ode: gradient descent is forward Euler on dx/dt = -grad f(x); Nesterov's ODE.

Follows Su, Boyd & Candes (2016), "A Differential Equation for Modeling Nesterov's
Accelerated Gradient Method". For f = x'Hx/2 - b'x the flow is
x(t) = x* + expm(-tH)(x0 - x*); the learner writes the matrix exponential by scaling and
squaring and Nesterov's method. Checks compare expm with scipy.linalg.expm and the
eigendecomposition; GD with step lr approaches the flow with first-order error (halving lr
halves it); f decreases with df/dt = -||grad f||^2 along the flow; Nesterov's first
iterates with hand-computed values, and for small s with Su et al.'s limit
X(t) = x0 2 J1(sqrt(lam) t) / (sqrt(lam) t) (scipy.special.j1) at t = k sqrt(s).
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import expm
from scipy.special import j1

from implementations._common import Report, main, solution

EXERCISE = ["expm_ss", "nesterov"]

DOC_ZH = {
    "expm_ss": """用缩放与平方法计算矩阵指数 e^M：先对 M / 2^s 求 Taylor 级数，再平方 s 次。

输入：M，形状 (n, n)；squarings，缩放次数 s；terms，Taylor 级数的项数。
输出：形状 (n, n) 的数组 e^M。

>>> np.round(expm_ss(np.array([[0.0, 1.0], [0.0, 0.0]])), 6).tolist()
[[1.0, 1.0], [0.0, 1.0]]
""",
    "nesterov": """Nesterov 加速梯度法：x_k = y_{k-1} - s grad(y_{k-1})，y_k = x_k + (k-1)/(k+2) (x_k - x_{k-1})。

从 x_0 = y_0 = x0 开始，k = 1, 2, ..., steps。
输入：grad，梯度函数；x0，起点（数组）；s，步长；steps，步数。
输出：x_steps（与 x0 同形状）。

>>> np.round(nesterov(lambda x: x, np.array([1.0]), 0.5, 2), 6).tolist()
[0.25]
""",
}

HINTS = {
    "en": (
        "A Taylor series is accurate only for a small matrix; e^M = (e^{M/2^s})^(2^s) makes it "
        "small. Nesterov evaluates the gradient at an extrapolated point, not at x.",
        "expm: A = M / 2^s, sum the terms A^k/k! (each term = previous @ A / k), then square "
        "the result s times. Nesterov: keep x_{k-1}; x_k = y - s grad(y); "
        "y = x_k + (k-1)/(k+2) (x_k - x_{k-1}).",
    ),
    "zh": (
        "Taylor 级数只对小矩阵准确；e^M = (e^{M/2^s})^(2^s) 让矩阵变小。Nesterov 在外推点而不是 x 处求梯度。",
        "expm：A = M / 2^s，累加 A^k/k!（每一项 = 上一项 @ A / k），再把结果平方 s 次。Nesterov：保留 "
        "x_{k-1}；x_k = y - s grad(y)；y = x_k + (k-1)/(k+2) (x_k - x_{k-1})。",
    ),
}


def expm_ss(M, squarings=6, terms=20):
    """Matrix exponential e^M by scaling and squaring: Taylor series of M / 2^s, squared s times.

    Input: M, shape (n, n); squarings, the number s of halvings; terms, the number of
    Taylor terms. Output: e^M, shape (n, n).

    >>> np.round(expm_ss(np.array([[0.0, 1.0], [0.0, 0.0]])), 6).tolist()
    [[1.0, 1.0], [0.0, 1.0]]
    """
    A = M / 2**squarings
    out, term = np.eye(len(M)), np.eye(len(M))
    for k in range(1, terms):
        term = term @ A / k
        out = out + term
    for _ in range(squarings):
        out = out @ out
    return out


def nesterov(grad, x0, s, steps):
    """Nesterov's method x_k = y_{k-1} - s grad(y_{k-1}), y_k = x_k + (k-1)/(k+2) (x_k - x_{k-1}).

    Starts from x_0 = y_0 = x0 and runs k = 1, ..., steps. Input: grad, the gradient
    function; x0, the start (an array); s, the step; steps, the count. Output: x_steps,
    shaped like x0.

    >>> np.round(nesterov(lambda x: x, np.array([1.0]), 0.5, 2), 6).tolist()
    [0.25]
    """
    x = y = np.asarray(x0, dtype=float)
    for k in range(1, steps + 1):
        x_prev, x = x, y - s * grad(y)
        y = x + (k - 1) / (k + 2) * (x - x_prev)
    return x


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Gradient flow: GD -> ODE as lr -> 0; Nesterov -> Bessel solution")
    Qm, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    H = Qm @ np.diag([0.5, 1.0, 2.0, 4.0]) @ Qm.T
    b = rng.normal(size=4)
    xs = np.linalg.solve(H, b)
    x0 = xs + rng.normal(size=4)
    T = 2.0
    w, U = np.linalg.eigh(H)  # e^{-tH} = U diag(e^{-t w}) U'

    with r.case("eigen form of e^{-TH} = scaling-and-squaring series") as c:
        c.close(f.expm_ss(-T * H), U @ np.diag(np.exp(-T * w)) @ U.T, rtol=1e-10, atol=1e-14)
        M = rng.normal(size=(3, 3)) * 4  # non-symmetric, ||M|| ~ 10: the scaling matters
        c.close(f.expm_ss(M), expm(M), rtol=1e-9, atol=1e-12)
        c.close(f.expm_ss(M, squarings=10, terms=25), expm(M), rtol=1e-9, atol=1e-12)
        c.close(f.expm_ss(np.zeros((2, 2))), np.eye(2), atol=1e-15)

    with r.case("first-order convergence: halving lr halves the error") as c:
        x_flow = xs + f.expm_ss(-T * H) @ (x0 - xs)
        errs = []
        for lr in (0.02, 0.01, 0.005):
            x = x0.copy()
            for _ in range(int(round(T / lr))):
                x = x - lr * (H @ x - b)  # one forward-Euler step of the flow
            errs.append(np.linalg.norm(x - x_flow))
        r.figure("|GD(T) - x(T)| for lr = 0.02, 0.01, 0.005", [float(e) for e in errs])
        c.close([errs[0] / errs[1], errs[1] / errs[2]], [2.0, 2.0], rtol=0.03)

    with r.case("df/dt = -||grad f(x(t))||^2") as c:
        fq = lambda x: 0.5 * x @ H @ x - b @ x
        xt = lambda t: xs + f.expm_ss(-t * H) @ (x0 - xs)
        ts, h = np.linspace(0.1, 3.0, 30), 1e-5
        dfdt = np.array([(fq(xt(t + h)) - fq(xt(t - h))) / (2 * h) for t in ts])
        gn2 = np.array([np.linalg.norm(H @ xt(t) - b) ** 2 for t in ts])
        c.close(dfdt, -gn2, rtol=1e-6)
        c.true(bool(np.all(dfdt < 0)), "f is a Lyapunov function (strictly decreasing)")

    with r.case("Nesterov's first iterates by hand") as c:
        # f = lam x^2 / 2, q = 1 - s lam: x1 = q x0, x2 = q x1 (y1 = x1), y2 = x2 + (x2 - x1)/4,
        # x3 = q y2
        lam, s, q = 3.0, 0.1, 0.7
        x1, x2 = q, q * q
        y2 = x2 + (x2 - x1) / 4
        got = [f.nesterov(lambda x: lam * x, np.array([1.0]), s, k)[0] for k in (1, 2, 3)]
        c.close(got, [x1, x2, q * y2], rtol=1e-12)
        x4 = f.nesterov(lambda x: lam * x, np.array([1.0, -2.0]), s, 4)  # linear in x0
        c.close(x4[1], -2 * x4[0], rtol=1e-12)

    with r.case("Nesterov iterates approach the ODE solution as s -> 0") as c:
        gaps = []
        for s in (1e-4, 1e-6):
            k = int(round(6.0 / np.sqrt(s)))  # compare at t = 6
            x = f.nesterov(lambda x: x, np.array([1.0]), s, k)[0]
            t = k * np.sqrt(s)
            X = 2 * j1(t) / t
            gaps.append(abs(x - X))
            r.figure(f"s = {s:g}: Nesterov x_k, ODE X(t = 6)", [float(x), float(X)])
        c.true(gaps[1] < 0.2 * gaps[0] and gaps[1] < 2e-3, f"gaps {gaps[0]:.2e} -> {gaps[1]:.2e}")
    return r


if __name__ == "__main__":
    main(run)
