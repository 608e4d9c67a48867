"""model-predictive-control: receding-horizon QP for a double integrator with |u| <= umax.

Follows Rawlings, Mayne & Diehl, Model Predictive Control 2e, ch. 1-2. At each step
minimise sum_{k<N} x'Qx + u'Ru + x_N' P x_N over the input sequence, apply the first
input, repeat. Checks: with the LQR Riccati solution P as terminal cost and no active
constraints the first MPC input (a condensed QP) equals the LQR input -K x; the box-constrained
QP solved by accelerated projected gradient satisfies the KKT conditions and agrees
with a separately coded primal active-set solver; the closed loop reaches the origin
and hands over to LQR once the constraint stops binding.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

dt, N, umax = 0.1, 20, 1.0
A = np.array([[1.0, dt], [0.0, 1.0]])
B = np.array([[dt**2 / 2], [dt]])
Q, R = np.diag([1.0, 0.1]), np.array([[0.1]])
P = Q.copy()  # LQR by Riccati iteration to its fixed point
for _ in range(2000):
    K = np.linalg.solve(R + B.T @ P @ B, B.T @ P @ A)
    P = Q + A.T @ P @ (A - B @ K)
K = np.linalg.solve(R + B.T @ P @ B, B.T @ P @ A)

# condensed prediction X = Sx x0 + Su U  (X stacks x_1..x_N)
Sx = np.vstack([np.linalg.matrix_power(A, k + 1) for k in range(N)])
Su = np.zeros((2 * N, N))
for i in range(N):
    for j in range(i + 1):
        Su[2 * i : 2 * i + 2, j] = (np.linalg.matrix_power(A, i - j) @ B)[:, 0]
Qbar = np.kron(np.eye(N), Q)
Qbar[-2:, -2:] = P
H = Su.T @ Qbar @ Su + R[0, 0] * np.eye(N)
Lh = np.linalg.eigvalsh(H).max()


def fista(x0, U=None, iters=3000):
    f = Su.T @ Qbar @ Sx @ x0
    U = np.zeros(N) if U is None else U
    Y, t = U.copy(), 1.0
    for _ in range(iters):
        Un = np.clip(Y - (H @ Y + f) / Lh, -umax, umax)
        tn = (1 + np.sqrt(1 + 4 * t * t)) / 2
        Y, U, t = Un + (t - 1) / tn * (Un - U), Un, tn
    return U


def active_set(x0):
    """Primal active set: solve on the free set, clamp violators, release wrong-sign bounds."""
    f = Su.T @ Qbar @ Sx @ x0
    bound = np.zeros(N)  # -1, 0 (free) or +1
    for _ in range(100):
        U = bound * umax
        free = bound == 0
        U[free] = np.linalg.solve(H[np.ix_(free, free)], -(f + H[:, ~free] @ U[~free])[free])
        viol = free & (np.abs(U) > umax + 1e-12)
        g = H @ U + f
        wrong = (~free) & (g * bound > 0)  # multiplier has the wrong sign
        if not viol.any() and not wrong.any():
            return U
        bound[viol] = np.sign(U[viol])
        bound[wrong] = 0
    raise RuntimeError("active set did not converge")


def run() -> Report:
    r = Report("MPC: receding-horizon QP vs LQR, KKT and an active-set solver")
    x_small = np.array([0.2, -0.1])
    U = -np.linalg.solve(H, Su.T @ Qbar @ Sx @ x_small)
    r.check_close("unconstrained MPC first input = LQR -Kx", U[0], (-K @ x_small).item(), rtol=1e-9)

    x0 = np.array([2.0, 0.0])  # far enough that some bounds bind
    Uf, Ua = fista(x0), active_set(x0)
    g = H @ Uf + Su.T @ Qbar @ Sx @ x0
    at_up, at_lo = Uf > umax - 1e-9, Uf < -umax + 1e-9
    free = ~(at_up | at_lo)
    kkt = max(np.abs(g[free]).max(initial=0), g[at_up].max(initial=0), (-g[at_lo]).max(initial=0))
    r.figure("active bounds at x0 = (2, 0), of N = 20", int((~free).sum()))
    r.check("KKT conditions hold for the constrained QP", kkt < 1e-7, f"max violation {kkt:.2e}")
    r.check_close("projected gradient = active-set solution", Uf, Ua, atol=1e-7)

    # receding horizon in closed loop (active-set solver: exact and fast)
    x, us, xs = np.array([5.0, 0.0]), [], []
    for _ in range(120):
        u0 = active_set(x)[0]
        us.append(u0)
        xs.append(x)
        x = A @ x + B[:, 0] * u0
    us, xs = np.array(us), np.array(xs)
    r.figure("first inputs", np.round(us[:5], 3).tolist())
    r.figure("final state", np.round(x, 6).tolist())
    r.check("closed loop reaches the origin", np.linalg.norm(x) < 1e-3)
    late = np.abs(us) < umax - 1e-3
    tail = np.arange(len(us)) >= 60
    lqr_u = -(xs @ K.T)[:, 0]
    r.check(
        "input bound respected and active early on",
        bool(np.all(np.abs(us) <= umax + 1e-12) and np.all(us[:10] == -umax)),
    )
    r.check_close(
        "once unconstrained, MPC input = LQR input",
        us[late & tail],
        lqr_u[late & tail],
        rtol=1e-8,
        atol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
