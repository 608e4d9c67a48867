"""linear-odes: x'(t) = A x(t), solved by the matrix exponential x(t) = e^{At} x(0).

Follows Strang, Differential Equations and Linear Algebra ch. 6 (eigenvalues, the matrix
exponential) and ch. 3 (Runge-Kutta), Khalil ch. 2 (qualitative behaviour of linear
systems). Checks: a hand-written RK4 integration against scipy.linalg.expm, against the
4th-order Taylor factor of one scalar step, and its fourth-order convergence; a
Taylor-series-with-squaring exponential against scipy.linalg.expm (large and small norms,
the zero matrix), the eigenvector solution V e^{Lambda t} V^{-1} x0, the rotation closed
form and the semigroup law; decay when every eigenvalue has negative real part.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import expm

from implementations._common import Report, main, solution

EXERCISE = ["rk4", "expm_taylor"]

DOC_ZH = {
    "rk4": """用经典四阶 Runge-Kutta 方法积分 x'(t) = A x(t)，从 x(0) = x0 积分到时间 T，共 steps 步。

输入：A，n×n 矩阵；x0，长度 n 的初值；T，终止时间；steps，步数（步长 dt = T / steps）。
输出：x(T) 的近似值，长度 n 的数组。每步：k1 = A x，k2 = A(x + dt/2 k1)，k3 = A(x + dt/2 k2)，
k4 = A(x + dt k3)，x <- x + dt/6 (k1 + 2 k2 + 2 k3 + k4)。

>>> rk4(np.array([[0.0]]), np.array([3.0]), 1.0, 4).tolist()
[3.0]
""",
    "expm_taylor": """用缩放-平方法和泰勒级数计算矩阵指数 e^M：先取满足 ||M / 2^s||_1 <= 1/2 的最小 s >= 0，
对 X = M / 2^s 求泰勒级数 Σ_{k<terms} X^k / k!，再平方 s 次：e^M = (e^{M/2^s})^{2^s}。

输入：M，n×n 矩阵；terms，级数项数。
输出：n×n 矩阵 e^M。

>>> expm_taylor(np.array([[0.0, 1.0], [0.0, 0.0]])).tolist()
[[1.0, 1.0], [0.0, 1.0]]
""",
}

HINTS = {
    "en": (
        "The solution of x' = A x is x(t) = e^{At} x(0); you can reach it either by small time "
        "steps or by summing the exponential series.",
        "RK4 averages four slopes with weights 1, 2, 2, 1 over 6. For e^M, divide M by 2^s "
        "so its norm is small, sum the Taylor series with term <- term @ X / k, then square "
        "the result s times.",
    ),
    "zh": (
        "x' = A x 的解是 x(t) = e^{At} x(0)；可以用小的时间步逐步逼近，也可以对指数级数求和。",
        "RK4 以权重 1、2、2、1（再除以 6）平均四个斜率。求 e^M 时先把 M 除以 2^s 使其范数变小，"
        "用 term <- term @ X / k 累加泰勒级数，再把结果平方 s 次。",
    ),
}


def rk4(A, x0, T, steps):
    """Integrate x'(t) = A x(t) from x(0) = x0 to time T with the classical fourth-order
    Runge-Kutta method in `steps` equal steps.

    Input: A, an n x n matrix; x0, the initial state (length n); T, the final time; steps,
    the number of steps (dt = T / steps). Output: the approximation of x(T), length n.
    Each step: k1 = A x, k2 = A(x + dt/2 k1), k3 = A(x + dt/2 k2), k4 = A(x + dt k3),
    x <- x + dt/6 (k1 + 2 k2 + 2 k3 + k4).

    >>> rk4(np.array([[0.0]]), np.array([3.0]), 1.0, 4).tolist()
    [3.0]
    """
    x, dt = np.asarray(x0, dtype=float), T / steps
    for _ in range(steps):
        k1 = A @ x
        k2 = A @ (x + dt / 2 * k1)
        k3 = A @ (x + dt / 2 * k2)
        k4 = A @ (x + dt * k3)
        x = x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return x


def expm_taylor(M, terms=20):
    """Matrix exponential e^M by scaling and squaring with a Taylor series: pick the
    smallest s >= 0 with ||M / 2^s||_1 <= 1/2, sum the series sum_{k<terms} X^k / k! for
    X = M / 2^s, then square s times: e^M = (e^{M/2^s})^{2^s}.

    Input: M, an n x n matrix; terms, the number of series terms. Output: the n x n matrix
    e^M.

    >>> expm_taylor(np.array([[0.0, 1.0], [0.0, 0.0]])).tolist()
    [[1.0, 1.0], [0.0, 1.0]]
    """
    M = np.asarray(M, dtype=float)
    s = max(0, int(np.ceil(np.log2(max(np.linalg.norm(M, 1), 1e-16)))) + 1)
    X = M / 2**s  # scale so the series converges fast
    E, term = np.eye(len(M)), np.eye(len(M))
    for k in range(1, terms):
        term = term @ X / k
        E = E + term
    for _ in range(s):  # then square back: e^M = (e^{M/2^s})^{2^s}
        E = E @ E
    return E


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Linear ODEs")

    # A damped oscillator x'' + 0.4 x' + 4 x = 0 written as a first-order system, plus a 3rd state.
    A = np.array([[0.0, 1.0, 0.0], [-4.0, -0.4, 0.5], [0.0, 0.0, -1.0]])
    x0 = np.array([1.0, 0.0, 2.0])
    T = 5.0
    exact = expm(A * T) @ x0
    r.figure("x(5) via expm", exact.round(6).tolist())
    with r.case("RK4 (dt = 1e-3) matches expm(A t) x0") as c:
        c.close(f.rk4(A, x0, T, 5000), exact, rtol=1e-9, atol=1e-12)
    with r.case(
        "RK4 is exact for one step on a scalar ODE up to its 4th-order Taylor polynomial"
    ) as c:
        a, dt = -0.7, 0.3  # one RK4 step multiplies by sum_{k<=4} (a dt)^k / k!
        z = a * dt
        c.close(
            f.rk4(np.array([[a]]), np.array([2.0]), dt, 1),
            [2.0 * (1 + z + z**2 / 2 + z**3 / 6 + z**4 / 24)],
            rtol=1e-14,
        )

    lam, V = np.linalg.eig(A)
    eig_sol = (V @ np.diag(np.exp(lam * T)) @ np.linalg.solve(V, x0)).real
    r.figure("eigenvalues of A", [complex(round(z.real, 4), round(z.imag, 4)) for z in lam])
    with r.case("eigen-solution V e^{Lambda t} V^{-1} x0 matches the Taylor exponential") as c:
        c.close(f.expm_taylor(A * T) @ x0, eig_sol, rtol=1e-10, atol=1e-12)
    with r.case("Taylor series with scaling and squaring matches expm") as c:
        c.close(f.expm_taylor(A * T), expm(A * T), rtol=1e-10, atol=1e-13)
    with r.case("large norm (||M||_1 ~ 60), a 5x5 random matrix and the zero matrix") as c:
        Mb = rng.normal(size=(5, 5)) * 6
        c.close(f.expm_taylor(Mb), expm(Mb), rtol=1e-9, atol=1e-12)
        Ms = rng.normal(size=(4, 4)) * 0.1
        c.close(f.expm_taylor(Ms), expm(Ms), rtol=1e-13, atol=1e-15)
        c.close(f.expm_taylor(np.zeros((3, 3))), np.eye(3), rtol=0)
    with r.case("scaling to ||M / 2^s||_1 <= 1/2: 12 terms suffice at ||M||_1 = 1024") as c:
        w = 1024.0  # e^M is a rotation by w; scaling less would leave a truncation error > 1e-6
        Rw = np.array([[0.0, -w], [w, 0.0]])
        c.close(f.expm_taylor(Rw, 12), expm(Rw), atol=1e-8)
    with r.case(
        "rotation generator: e^{[[0, -w], [w, 0]]} = [[cos w, -sin w], [sin w, cos w]]"
    ) as c:
        w = 2.3
        c.close(
            f.expm_taylor(np.array([[0.0, -w], [w, 0.0]])),
            [[np.cos(w), -np.sin(w)], [np.sin(w), np.cos(w)]],
            rtol=1e-12,
            atol=1e-14,
        )
    with r.case("semigroup: e^{A(s+t)} = e^{As} e^{At}") as c:
        c.close(
            f.expm_taylor(A * 2.0) @ f.expm_taylor(A * 3.0), expm(A * T), rtol=1e-10, atol=1e-13
        )

    with r.case("RK4 global error is O(dt^4)") as c:
        errs = [np.linalg.norm(f.rk4(A, x0, T, n) - exact) for n in (50, 100, 200, 400)]
        order = np.polyfit(np.log([T / 50, T / 100, T / 200, T / 400]), np.log(errs), 1)[0]
        r.figure("RK4 observed order", float(order))
        c.close(order, 4.0, atol=0.2)

    # Stability: all Re(lambda) < 0 => x(t) -> 0 for any start.
    with r.case("every trajectory decays (|x(40)| < 1e-3 |x(0)|)") as c:
        starts = rng.normal(size=(20, 3))
        E40 = f.expm_taylor(A * 40.0)
        norms = np.linalg.norm(starts @ E40.T, axis=1)
        c.true(bool(np.all(lam.real < 0)), "all eigenvalues have negative real part")
        c.true(np.all(norms < 1e-3 * np.linalg.norm(starts, axis=1)))
        c.close(E40, expm(A * 40.0), rtol=1e-8, atol=1e-14)
    return r


if __name__ == "__main__":
    main(run)
