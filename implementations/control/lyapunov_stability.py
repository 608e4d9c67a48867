"""lyapunov-stability: V(x) = x'Px decreases along trajectories; energy for a damped pendulum.

Follows Khalil, Nonlinear Systems 3e, ch. 4 (Lyapunov Stability). For a Hurwitz A,
A'P + PA = -Q has P > 0 and dV/dt = -x'Qx; for a Schur A, A'PA - P = -Q gives
V(x[k+1]) - V(x[k]) = -x[k]'Q x[k]. P from scipy.linalg.solve_continuous_lyapunov /
solve_discrete_lyapunov is compared with a Kronecker-product linear solve and a
series sum; the decrease identities are checked along simulated trajectories.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_continuous_lyapunov, solve_discrete_lyapunov

from implementations._common import Report, main


def rk4(f, x, dt, n):
    out = [x]
    for _ in range(n):
        k1 = f(x)
        k2 = f(x + dt / 2 * k1)
        k3 = f(x + dt / 2 * k2)
        k4 = f(x + dt * k3)
        x = x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        out.append(x)
    return np.array(out)


def simpson(w, dt):
    """Composite Simpson rule on an even number of intervals."""
    return dt / 3 * (w[0] + w[-1] + 4 * w[1:-1:2].sum() + 2 * w[2:-1:2].sum())


def run() -> Report:
    r = Report("Lyapunov stability: quadratic and energy Lyapunov functions")
    A = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [-2.0, -4.0, -3.0]])  # Hurwitz
    Q = np.eye(3)
    P = solve_continuous_lyapunov(A.T, -Q)  # A'P + PA = -Q
    # independent: (I kron A' + A' kron I) vec P = -vec Q
    n = 3
    Pk = np.linalg.solve(np.kron(np.eye(n), A.T) + np.kron(A.T, np.eye(n)), -Q.reshape(-1)).reshape(
        n, n
    )
    r.check_close("scipy Lyapunov solution = Kronecker linear solve", P, Pk, rtol=1e-10, atol=1e-12)
    r.figure("eigenvalues of P", np.round(np.linalg.eigvalsh(P), 4).tolist())
    r.check(
        "P is symmetric positive definite",
        bool(np.allclose(P, P.T) and np.linalg.eigvalsh(P).min() > 0),
    )

    # along a trajectory, V(T) - V(0) = -int x'Qx dt
    dt, N = 5e-3, 1600
    X = rk4(lambda x: A @ x, np.array([1.0, 0.0, -1.0]), dt, N)
    V = np.einsum("ti,ij,tj->t", X, P, X)
    w = np.einsum("ti,ij,tj->t", X, Q, X)
    integral = simpson(w, dt)
    r.figure("V(0), V(8)", [float(V[0]), float(V[-1])])
    r.check("V decreases monotonically", bool(np.all(np.diff(V) < 0)))
    r.check_close("V(T) - V(0) = -int x'Qx dt", V[-1] - V[0], -integral, rtol=1e-6)

    # discrete time: A'PA - P = -Q and the exact one-step decrease
    Ad = np.array([[0.9, 0.4], [-0.3, 0.6]])
    Qd = np.diag([1.0, 2.0])
    Pd = solve_discrete_lyapunov(Ad.T, Qd)
    series = sum(
        np.linalg.matrix_power(Ad.T, k) @ Qd @ np.linalg.matrix_power(Ad, k) for k in range(400)
    )
    r.check_close("discrete P = sum_k (A')^k Q A^k", Pd, series, rtol=1e-10)
    x = np.array([2.0, -1.0])
    drops, preds = [], []
    for _ in range(30):
        xn = Ad @ x
        drops.append(xn @ Pd @ xn - x @ Pd @ x)
        preds.append(-x @ Qd @ x)
        x = xn
    r.check_close("V(x[k+1]) - V(x[k]) = -x[k]'Q x[k]", drops, preds, rtol=1e-9, atol=1e-14)

    # nonlinear: damped pendulum, energy E = w^2/2 + (1 - cos th), dE/dt = -b w^2
    b = 0.4
    Z = rk4(lambda z: np.array([z[1], -np.sin(z[0]) - b * z[1]]), np.array([2.5, 0.0]), 5e-3, 4000)
    E = 0.5 * Z[:, 1] ** 2 + 1 - np.cos(Z[:, 0])
    lost = simpson(b * Z[:, 1] ** 2, 5e-3)
    r.check("pendulum energy never increases", bool(np.all(np.diff(E) < 1e-12)))
    r.check_close("energy lost = b int w^2 dt", E[0] - E[-1], lost, rtol=1e-5)
    return r


if __name__ == "__main__":
    main(run)
