"""lqr-riccati: discrete LQR by backward Riccati recursion (dynamic programming).

Follows Astrom & Murray, Feedback Systems 2e, ch. 7 (State Feedback: linear quadratic
regulators) and Rawlings, Mayne & Diehl, MPC 2e, ch. 1. Minimising
sum x'Qx + u'Ru over x[k+1] = A x + B u: the value function is x'Px with
P = Q + A'PA - A'PB (R + B'PB)^-1 B'PA. Checks compare N backward steps with the minimum
of the finite-horizon cost over all input sequences (a condensed least-squares problem),
the fixed point with scipy.linalg.solve_discrete_are, the optimal gain's cost with
x0'P x0 and with random perturbed gains (costs via solve_discrete_lyapunov), and the
Bellman equation with a brute-force minimisation over u.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_discrete_are, solve_discrete_lyapunov

from implementations._common import Report, main, solution

EXERCISE = ["lqr_gain", "riccati_step", "dlqr"]

DOC_ZH = {
    "lqr_gain": """给定下一步的值函数矩阵 P，最优反馈增益 K = (R + B'PB)^-1 B'PA（u = -K x）。

输入：A，形状 (n, n)；B，形状 (n, m)；R，形状 (m, m)；P，形状 (n, n)。
输出：形状 (m, n) 的数组 K。

>>> lqr_gain(np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]])).tolist()
[[0.5]]
""",
    "riccati_step": """Riccati 递推的一步（一次贝尔曼备份）：P <- Q + A'P A - A'P B (R + B'P B)^-1 B'P A。

输入：A、B、Q、R、P，形状同上（Q 为 (n, n)）。
输出：形状 (n, n) 的数组：多走一步时的值函数矩阵。

>>> riccati_step(np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]])).tolist()
[[1.5]]
""",
    "dlqr": """无穷时域离散 LQR：从 P = Q 反复做 riccati_step 直到收敛，返回 (P, K)。

输入：A、B、Q、R；tol，相邻两次 P 的最大差的停止阈值；max_iter，迭代上限。
输出：(P, K)，P 是离散代数 Riccati 方程的解，K = lqr_gain(A, B, R, P)。

>>> P, K = dlqr(np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]]))
>>> round(float(P[0, 0]), 6), round(float(K[0, 0]), 6)
(1.618034, 0.618034)
""",
}

HINTS = {
    "en": (
        "Assume the cost-to-go from the next step is x'Px; minimise the one-step cost plus "
        "that over u, and the result is again a quadratic in x.",
        "Setting the gradient in u of u'Ru + (Ax+Bu)'P(Ax+Bu) to zero gives u = -Kx with "
        "K = (R + B'PB)^-1 B'PA; substituting back, P_new = Q + A'P(A - BK). Iterate from "
        "P = Q until the change is below tol.",
    ),
    "zh": (
        "假设从下一步开始的代价是 x'Px；对 u 最小化一步代价加上它，结果仍是 x 的二次型。",
        "令 u'Ru + (Ax+Bu)'P(Ax+Bu) 对 u 的梯度为零，得 u = -Kx，K = (R + B'PB)^-1 B'PA；代回得 "
        "P_new = Q + A'P(A - BK)。从 P = Q 开始迭代，直到变化小于 tol。",
    ),
}


def lqr_gain(A, B, R, P):
    """Optimal feedback gain K = (R + B'PB)^-1 B'PA (u = -K x) for next-step value matrix P.

    Input: A, shape (n, n); B, shape (n, m); R, shape (m, m); P, shape (n, n).
    Output: K, shape (m, n).

    >>> lqr_gain(np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]])).tolist()
    [[0.5]]
    """
    return np.linalg.solve(R + B.T @ P @ B, B.T @ P @ A)


def riccati_step(A, B, Q, R, P):
    """One Riccati step (one Bellman backup): P <- Q + A'PA - A'PB (R + B'PB)^-1 B'PA.

    Input: A, B, Q (n, n), R, P as above. Output: the (n, n) value matrix with one more
    step to go.

    >>> riccati_step(np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]])).tolist()
    [[1.5]]
    """
    K = lqr_gain(A, B, R, P)
    return Q + A.T @ P @ (A - B @ K)


def dlqr(A, B, Q, R, tol=1e-13, max_iter=10000):
    """Infinite-horizon discrete LQR: iterate riccati_step from P = Q to convergence.

    Input: A, B, Q, R; tol, the threshold on the largest change of P; max_iter, a cap.
    Output: (P, K): P solves the discrete algebraic Riccati equation, K = lqr_gain(A, B, R, P).

    >>> P, K = dlqr(np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]]))
    >>> round(float(P[0, 0]), 6), round(float(K[0, 0]), 6)
    (1.618034, 0.618034)
    """
    P = Q.copy()
    for _ in range(max_iter):
        Pn = riccati_step(A, B, Q, R, P)
        done = np.abs(Pn - P).max() < tol
        P = Pn
        if done:
            break
    return P, lqr_gain(A, B, R, P)


def _cost_of_gain(A, B, Q, R, K, x0):
    """Infinite-horizon cost of u = -Kx: x0' S x0 with S = (A-BK)' S (A-BK) + Q + K'RK."""
    Acl = A - B @ K
    return x0 @ solve_discrete_lyapunov(Acl.T, Q + K.T @ R @ K) @ x0


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("LQR: Riccati recursion vs scipy DARE, cost and optimality")
    dt = 0.1  # sampled double integrator
    A = np.array([[1.0, dt], [0.0, 1.0]])
    B = np.array([[dt**2 / 2], [dt]])
    Q = np.diag([1.0, 0.1])
    R = np.array([[0.5]])
    P_are = solve_discrete_are(A, B, Q, R)
    K_are = np.linalg.solve(R + B.T @ P_are @ B, B.T @ P_are @ A)

    with r.case("N Riccati steps = minimum over all input sequences (least squares)") as c:
        A2, B2 = rng.normal(size=(3, 3)), rng.normal(size=(3, 2))  # two inputs
        Q2, R2 = np.diag([1.0, 2.0, 0.5]), np.array([[0.3, 0.1], [0.1, 0.7]])
        x0, N = rng.normal(size=3), 4
        # x_k = A^k x0 + sum_j A^(k-1-j) B u_j; cost sum_{k<N} x'Qx + u'Ru + x_N'Q x_N
        Sx = [np.linalg.matrix_power(A2, k) for k in range(N + 1)]
        Su = np.zeros((3 * (N + 1), 2 * N))
        for k in range(N + 1):
            for j in range(k):
                Su[3 * k : 3 * k + 3, 2 * j : 2 * j + 2] = Sx[k - 1 - j] @ B2
        Qb = np.kron(np.eye(N + 1), Q2)
        Rb = np.kron(np.eye(N), R2)
        X0 = np.concatenate([S @ x0 for S in Sx])
        U = -np.linalg.solve(Su.T @ Qb @ Su + Rb, Su.T @ Qb @ X0)
        J = (X0 + Su @ U) @ Qb @ (X0 + Su @ U) + U @ Rb @ U
        P = Q2.copy()
        for _ in range(N):
            P = f.riccati_step(A2, B2, Q2, R2, P)
        c.close(x0 @ P @ x0, J, rtol=1e-9)
        # the first optimal input is the feedback of the (N-1)-step value matrix
        P = Q2.copy()
        for _ in range(N - 1):
            P = f.riccati_step(A2, B2, Q2, R2, P)
        c.close(-f.lqr_gain(A2, B2, R2, P) @ x0, U[:2], rtol=1e-9, atol=1e-12)

    with r.case("recursion fixed point = scipy solve_discrete_are") as c:
        P, K = f.dlqr(A, B, Q, R)
        r.figure("P", np.round(P, 6).tolist())
        r.figure("K", np.round(np.asarray(K).ravel(), 6).tolist())
        c.close(P, P_are, rtol=1e-9)
        c.close(K, K_are, rtol=1e-9)
        c.close(f.lqr_gain(A, B, R, P_are), K_are, rtol=1e-12)

    with r.case("coarse tol: stops at the step the rule names") as c:
        for tol in (1e-1, 1e-3):
            Pr = Q.copy()  # reference recursion written out
            while True:
                Kr = np.linalg.solve(R + B.T @ Pr @ B, B.T @ Pr @ A)
                Pn = Q + A.T @ Pr @ A - A.T @ Pr @ B @ Kr
                if np.abs(Pn - Pr).max() < tol:
                    break
                Pr = Pn
            c.close(f.dlqr(A, B, Q, R, tol=tol)[0], Pn, rtol=1e-10)

    with r.case("closed loop is stable (rho < 1)") as c:
        _, K = f.dlqr(A, B, Q, R)
        rho = np.abs(np.linalg.eigvals(A - B @ K)).max()
        r.figure("closed-loop spectral radius", rho)
        c.true(rho < 1, f"rho = {rho:.4f}")

    with r.case("sum of stage costs = x0' P x0") as c:
        P, K = f.dlqr(A, B, Q, R)
        x0 = np.array([1.0, -0.5])
        x, J = x0.copy(), 0.0
        for _ in range(1500):  # rho^1500 ~ 1e-57: the tail is negligible
            u = -K @ x
            J += x @ Q @ x + u @ R @ u
            x = A @ x + B @ u
        c.close(J, x0 @ P_are @ x0, rtol=1e-9)

    with r.case("50 perturbed gains all cost more than K*") as c:
        _, K = f.dlqr(A, B, Q, R)
        x0 = np.array([1.0, -0.5])
        J_opt = _cost_of_gain(A, B, Q, R, K, x0)
        worse = 0
        for _ in range(50):
            Kp = K + 0.05 * rng.normal(size=K.shape)
            unstable = np.abs(np.linalg.eigvals(A - B @ Kp)).max() >= 1  # infinite cost
            worse += bool(unstable or _cost_of_gain(A, B, Q, R, Kp, x0) > J_opt)
        c.true(worse == 50, f"{worse}/50")

    with r.case("Bellman equation holds for 20 random states") as c:
        xs = rng.normal(size=(20, 2))
        P1 = f.riccati_step(A, B, Q, R, P_are)  # the fixed point maps to itself
        c.close(P1, P_are, rtol=1e-10)
        # brute force: minimise over a fine grid of u around the optimum, per state
        Pr = rng.normal(size=(2, 2))
        Pr = Pr @ Pr.T + np.eye(2)  # any value matrix, not the fixed point
        Pn = f.riccati_step(A, B, Q, R, Pr)
        for x in xs[:5]:
            us = np.linspace(-20, 20, 400001)
            nxt = A @ x + B[:, 0] * us[:, None]
            vals = x @ Q @ x + R[0, 0] * us**2 + np.einsum("bi,ij,bj->b", nxt, Pr, nxt)
            c.close(x @ Pn @ x, vals.min(), rtol=1e-8)
    return r


if __name__ == "__main__":
    main(run)
