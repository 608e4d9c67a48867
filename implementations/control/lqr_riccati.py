"""lqr-riccati: discrete LQR by backward Riccati recursion (dynamic programming).

Follows Astrom & Murray, Feedback Systems 2e, ch. 7 (State Feedback: linear quadratic
regulators) and Rawlings, Mayne & Diehl, MPC 2e, ch. 1. Minimising
sum x'Qx + u'Ru over x[k+1] = A x + B u: the value function is x'Px with
P = Q + A'PA - A'PB (R + B'PB)^-1 B'PA. The fixed point of the recursion is compared
with scipy.linalg.solve_discrete_are, the simulated cost with x0'P x0, and random
perturbations of the gain must all cost more (costs via solve_discrete_lyapunov).
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_discrete_are, solve_discrete_lyapunov

from implementations._common import Report, main


def gain(A, B, R, P):
    return np.linalg.solve(R + B.T @ P @ B, B.T @ P @ A)


def cost_of_gain(A, B, Q, R, K, x0):
    """Infinite-horizon cost of u = -Kx: x0' S x0 with S = (A-BK)' S (A-BK) + Q + K'RK."""
    Acl = A - B @ K
    S = solve_discrete_lyapunov(Acl.T, Q + K.T @ R @ K)
    return x0 @ S @ x0


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("LQR: Riccati recursion vs scipy DARE, cost and optimality")
    dt = 0.1  # sampled double integrator
    A = np.array([[1.0, dt], [0.0, 1.0]])
    B = np.array([[dt**2 / 2], [dt]])
    Q = np.diag([1.0, 0.1])
    R = np.array([[0.5]])

    # backward recursion from P_N = Q (each step is one Bellman backup of a quadratic)
    P, its = Q.copy(), 0
    while True:
        K = gain(A, B, R, P)
        Pn = Q + A.T @ P @ (A - B @ K)
        its += 1
        if np.abs(Pn - P).max() < 1e-13 or its > 10000:
            P = Pn
            break
        P = Pn
    P_are = solve_discrete_are(A, B, Q, R)
    r.figure("Riccati iterations to converge", its)
    r.figure("P", np.round(P, 6).tolist())
    r.check_close("recursion fixed point = scipy solve_discrete_are", P, P_are, rtol=1e-9)
    K = gain(A, B, R, P_are)
    rho = np.abs(np.linalg.eigvals(A - B @ K)).max()
    r.figure("K", np.round(K.ravel(), 6).tolist())
    r.figure("closed-loop spectral radius", rho)
    r.check("closed loop is stable (rho < 1)", rho < 1)

    # simulated cost of the optimal policy equals the value function x0' P x0
    x0 = np.array([1.0, -0.5])
    x, J = x0.copy(), 0.0
    for _ in range(1500):  # rho^1500 ~ 1e-57: the tail is negligible
        u = -K @ x
        J += x @ Q @ x + u @ R @ u
        x = A @ x + B @ u
    r.check_close("sum of stage costs = x0' P x0", J, x0 @ P_are @ x0, rtol=1e-9)

    # optimality: every perturbed stabilising gain costs more
    J_opt = cost_of_gain(A, B, Q, R, K, x0)
    worse = 0
    for _ in range(50):
        Kp = K + 0.05 * rng.normal(size=K.shape)
        if np.abs(np.linalg.eigvals(A - B @ Kp)).max() < 1:
            worse += cost_of_gain(A, B, Q, R, Kp, x0) > J_opt
        else:
            worse += 1  # unstable gain: infinite cost
    r.check("50 perturbed gains all cost more than K*", worse == 50, f"{worse}/50")

    # Bellman equation at the fixed point: x'Px = min_u [x'Qx + u'Ru + (Ax+Bu)'P(Ax+Bu)]
    xs = rng.normal(size=(20, 2))
    lhs = np.einsum("bi,ij,bj->b", xs, P_are, xs)
    us = -(xs @ K.T)
    nxt = xs @ A.T + us @ B.T
    rhs = (
        np.einsum("bi,ij,bj->b", xs, Q, xs)
        + np.einsum("bi,ij,bj->b", us, R, us)
        + np.einsum("bi,ij,bj->b", nxt, P_are, nxt)
    )
    r.check_close("Bellman equation holds for 20 random states", lhs, rhs, rtol=1e-10)
    return r


if __name__ == "__main__":
    main(run)
