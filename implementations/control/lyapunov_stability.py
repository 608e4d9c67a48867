"""lyapunov-stability: V(x) = x'Px decreases along trajectories of a stable linear system.

Follows Khalil, Nonlinear Systems 3e, ch. 4 (Lyapunov Stability). For a Hurwitz A,
A'P + PA = -Q has P > 0 and dV/dt = -x'Qx; for a Schur A, A'PA - P = -Q gives
V(x[k+1]) - V(x[k]) = -x[k]'Q x[k]. The learner solves both Lyapunov equations (as
linear systems in vec P). Checks compare with scipy.linalg.solve_continuous_lyapunov /
solve_discrete_lyapunov, with the series sum_k (A')^k Q A^k, with the integral
P = int e^{A't} Q e^{At} dt identity V(T) - V(0) = -int x'Qx dt along an RK4 trajectory
(Simpson's rule), and with the exact one-step decrease in discrete time.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_continuous_lyapunov, solve_discrete_lyapunov

from implementations._common import Report, main, solution

EXERCISE = ["lyap_continuous", "lyap_discrete"]

DOC_ZH = {
    "lyap_continuous": """解连续时间 Lyapunov 方程 A'P + PA = -Q。

输入：A，形状 (n, n)，Hurwitz（所有 Re lambda < 0）；Q，形状 (n, n) 的对称矩阵。
输出：形状 (n, n) 的 P；Q 正定时 P 正定，V(x) = x'Px 满足 dV/dt = -x'Qx。

>>> lyap_continuous(np.array([[-1.0, 0.0], [0.0, -2.0]]), np.eye(2)).tolist()
[[0.5, 0.0], [0.0, 0.25]]
""",
    "lyap_discrete": """解离散时间 Lyapunov 方程 A'PA - P = -Q。

输入：A，形状 (n, n)，Schur（谱半径 < 1）；Q，形状 (n, n) 的对称矩阵。
输出：形状 (n, n) 的 P = Σ_k (A')^k Q A^k，满足 V(x[k+1]) - V(x[k]) = -x[k]'Q x[k]。

>>> lyap_discrete(np.array([[0.5]]), np.array([[3.0]])).tolist()
[[4.0]]
""",
}

HINTS = {
    "en": (
        "Both equations are linear in the entries of P: flatten P into a vector and the "
        "matrix equation becomes an ordinary n^2 x n^2 linear system.",
        "With row-major vec, vec(M P N) = (M kron N') vec P. So A'P + PA = -Q is "
        "(kron(A', I) + kron(I, A')) vec P = -vec Q, and A'PA - P = -Q is "
        "(kron(A', A') - I) vec P = -vec Q; reshape the solution to (n, n).",
    ),
    "zh": (
        "两个方程对 P 的元素都是线性的：把 P 展平成向量，矩阵方程就变成普通的 n^2 x n^2 线性方程组。",
        "按行展平时 vec(M P N) = (M kron N') vec P。所以 A'P + PA = -Q 即 "
        "(kron(A', I) + kron(I, A')) vec P = -vec Q，A'PA - P = -Q 即 (kron(A', A') - I) vec P = -vec Q；"
        "把解 reshape 成 (n, n)。",
    ),
}


def lyap_continuous(A, Q):
    """Solve the continuous Lyapunov equation A'P + PA = -Q.

    Input: A, shape (n, n), Hurwitz (every Re lambda < 0); Q, a symmetric (n, n) array.
    Output: P, shape (n, n); for Q > 0 it is positive definite and V(x) = x'Px has
    dV/dt = -x'Qx.

    >>> lyap_continuous(np.array([[-1.0, 0.0], [0.0, -2.0]]), np.eye(2)).tolist()
    [[0.5, 0.0], [0.0, 0.25]]
    """
    n = A.shape[0]
    M = np.kron(A.T, np.eye(n)) + np.kron(np.eye(n), A.T)  # row-major vec of A'P + PA
    return np.linalg.solve(M, -Q.reshape(-1)).reshape(n, n)


def lyap_discrete(A, Q):
    """Solve the discrete Lyapunov equation A'PA - P = -Q.

    Input: A, shape (n, n), Schur (spectral radius < 1); Q, a symmetric (n, n) array.
    Output: P = sum_k (A')^k Q A^k, shape (n, n), so V(x[k+1]) - V(x[k]) = -x[k]'Q x[k].

    >>> lyap_discrete(np.array([[0.5]]), np.array([[3.0]])).tolist()
    [[4.0]]
    """
    n = A.shape[0]
    M = np.kron(A.T, A.T) - np.eye(n * n)
    return np.linalg.solve(M, -Q.reshape(-1)).reshape(n, n)


def _rk4(fun, x, dt, n):
    out = [x]
    for _ in range(n):
        k1 = fun(x)
        k2 = fun(x + dt / 2 * k1)
        k3 = fun(x + dt / 2 * k2)
        k4 = fun(x + dt * k3)
        x = x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        out.append(x)
    return np.array(out)


def _simpson(w, dt):
    """Composite Simpson rule on an even number of intervals."""
    return dt / 3 * (w[0] + w[-1] + 4 * w[1:-1:2].sum() + 2 * w[2:-1:2].sum())


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Lyapunov stability: quadratic Lyapunov functions")
    A = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [-2.0, -4.0, -3.0]])  # Hurwitz
    Q = np.eye(3)

    with r.case("Lyapunov solution = scipy solve_continuous_lyapunov") as c:
        c.close(f.lyap_continuous(A, Q), solve_continuous_lyapunov(A.T, -Q), rtol=1e-10, atol=1e-12)
        A4 = rng.normal(size=(4, 4)) - 3 * np.eye(4)  # non-symmetric, Hurwitz
        Q4 = rng.normal(size=(4, 4))
        Q4 = Q4 @ Q4.T
        c.close(
            f.lyap_continuous(A4, Q4), solve_continuous_lyapunov(A4.T, -Q4), rtol=1e-9, atol=1e-12
        )

    with r.case("P is symmetric positive definite") as c:
        P = np.asarray(f.lyap_continuous(A, Q), dtype=float)
        r.figure("eigenvalues of P", np.round(np.linalg.eigvalsh((P + P.T) / 2), 4).tolist())
        c.close(P, P.T, rtol=1e-10, atol=1e-12)
        c.true(np.linalg.eigvalsh((P + P.T) / 2).min() > 0, "min eigenvalue > 0")

    with r.case("V(T) - V(0) = -int x'Qx dt") as c:
        P = np.asarray(f.lyap_continuous(A, Q), dtype=float)
        dt, N = 5e-3, 1600
        X = _rk4(lambda x: A @ x, np.array([1.0, 0.0, -1.0]), dt, N)
        V = np.einsum("ti,ij,tj->t", X, P, X)
        r.figure("V(0), V(8)", [float(V[0]), float(V[-1])])
        c.true(bool(np.all(np.diff(V) < 0)), "V decreases monotonically")
        c.close(V[-1] - V[0], -_simpson(np.einsum("ti,ti->t", X, X), dt), rtol=1e-6)

    Ad = np.array([[0.9, 0.4], [-0.3, 0.6]])
    Qd = np.diag([1.0, 2.0])
    with r.case("discrete P = sum_k (A')^k Q A^k = scipy") as c:
        Pd = f.lyap_discrete(Ad, Qd)
        series = sum(
            np.linalg.matrix_power(Ad.T, k) @ Qd @ np.linalg.matrix_power(Ad, k) for k in range(400)
        )
        c.close(Pd, series, rtol=1e-10)
        A3 = rng.normal(size=(3, 3))
        A3 *= 0.9 / np.abs(np.linalg.eigvals(A3)).max()
        c.close(f.lyap_discrete(A3, np.eye(3)), solve_discrete_lyapunov(A3.T, np.eye(3)), rtol=1e-9)

    with r.case("V(x[k+1]) - V(x[k]) = -x[k]'Q x[k]") as c:
        Pd = np.asarray(f.lyap_discrete(Ad, Qd), dtype=float)
        x = np.array([2.0, -1.0])
        drops, preds = [], []
        for _ in range(30):
            xn = Ad @ x
            drops.append(xn @ Pd @ xn - x @ Pd @ x)
            preds.append(-x @ Qd @ x)
            x = xn
        c.close(drops, preds, rtol=1e-9, atol=1e-14)
    return r


if __name__ == "__main__":
    main(run)
