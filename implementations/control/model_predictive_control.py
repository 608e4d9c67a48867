"""model-predictive-control: receding-horizon QP for a double integrator with |u| <= umax.

Follows Rawlings, Mayne & Diehl, Model Predictive Control 2e, ch. 1-2. At each step
minimise sum_{k<N} x'Qx + u'Ru + x_N' P x_N over the input sequence, apply the first
input, repeat. The learner writes the condensed prediction X = Sx x0 + Su U and an
accelerated projected-gradient (FISTA) solver of the box-constrained QP. Checks compare
the prediction with simulation; with the LQR Riccati solution (scipy solve_discrete_are)
as terminal cost and no active constraints the first MPC input equals -K x; the
constrained solution satisfies the KKT conditions and agrees with scipy.optimize.lsq_linear
and a separately coded primal active-set solver; the closed loop reaches the origin and
hands over to LQR once the constraint stops binding.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_discrete_are
from scipy.optimize import lsq_linear

from implementations._common import Report, main, solution

EXERCISE = ["prediction_matrices", "box_qp"]

DOC_ZH = {
    "prediction_matrices": """凝聚形式的预测：把 x_1..x_N 堆叠成 X = Sx x0 + Su U，U 堆叠 u_0..u_{N-1}。

输入：A，形状 (n, n)；B，形状 (n, m)；N，预测时域。
输出：(Sx，形状 (N n, n)，第 k 块为 A^(k+1)；Su，形状 (N n, N m)，块 (i, j) 为 A^(i-j) B（j <= i），否则为 0)。

>>> Sx, Su = prediction_matrices(np.array([[2.0]]), np.array([[1.0]]), 2)
>>> Sx.tolist(), Su.tolist()
([[2.0], [4.0]], [[1.0, 0.0], [2.0, 1.0]])
""",
    "box_qp": """用加速投影梯度（FISTA）求解盒约束二次规划 min U'HU/2 + g'U，|U_i| <= umax。

步长 1/L，L 为 H 的最大特征值；每步先沿负梯度走，再 clip 到 [-umax, umax]，然后做 Nesterov 外推。
输入：H，形状 (N, N) 的对称正定矩阵；g，形状 (N,)；umax > 0；iters，迭代次数。
输出：形状 (N,) 的解 U。

>>> np.round(box_qp(np.eye(2), np.array([-3.0, 0.5]), 1.0), 6).tolist()
[1.0, -0.5]
""",
}

HINTS = {
    "en": (
        "Unroll the dynamics: every predicted state is a linear function of x0 and of the "
        "inputs before it; the cost then becomes a quadratic in U.",
        "Block (i, j) of Su is A^(i-j) B for j <= i (x_{i+1} feels u_j after i-j more steps). "
        "FISTA: U_new = clip(Y - (H Y + g)/L, -umax, umax), t_new = (1 + sqrt(1 + 4t^2))/2, "
        "Y = U_new + (t - 1)/t_new (U_new - U).",
    ),
    "zh": (
        "把动态展开：每个预测状态都是 x0 和它之前各输入的线性函数；于是代价成为 U 的二次型。",
        "Su 的块 (i, j) 在 j <= i 时为 A^(i-j) B（x_{i+1} 在 u_j 之后又经历 i-j 步）。FISTA："
        "U_new = clip(Y - (H Y + g)/L, -umax, umax)，t_new = (1 + sqrt(1 + 4t^2))/2，"
        "Y = U_new + (t - 1)/t_new (U_new - U)。",
    ),
}


def prediction_matrices(A, B, N):
    """Condensed prediction X = Sx x0 + Su U, X stacking x_1..x_N and U stacking u_0..u_{N-1}.

    Input: A, shape (n, n); B, shape (n, m); N, the horizon.
    Output: (Sx, shape (N n, n), block k = A^(k+1); Su, shape (N n, N m), block (i, j) =
    A^(i-j) B for j <= i and 0 otherwise).

    >>> Sx, Su = prediction_matrices(np.array([[2.0]]), np.array([[1.0]]), 2)
    >>> Sx.tolist(), Su.tolist()
    ([[2.0], [4.0]], [[1.0, 0.0], [2.0, 1.0]])
    """
    n, m = B.shape
    Sx = np.vstack([np.linalg.matrix_power(A, k + 1) for k in range(N)])
    Su = np.zeros((n * N, m * N))
    for i in range(N):
        for j in range(i + 1):
            Su[n * i : n * i + n, m * j : m * j + m] = np.linalg.matrix_power(A, i - j) @ B
    return Sx, Su


def box_qp(H, g, umax, iters=3000):
    """Box-constrained QP min U'HU/2 + g'U with |U_i| <= umax by accelerated projected gradient.

    Step 1/L with L the largest eigenvalue of H: a gradient step, a clip to [-umax, umax],
    then Nesterov's extrapolation (FISTA). Input: H, symmetric positive definite (N, N);
    g, shape (N,); umax > 0; iters, the iterations. Output: the solution U, shape (N,).

    >>> np.round(box_qp(np.eye(2), np.array([-3.0, 0.5]), 1.0), 6).tolist()
    [1.0, -0.5]
    """
    Lh = np.linalg.eigvalsh(H).max()
    U = np.zeros(len(g))
    Y, t = U.copy(), 1.0
    for _ in range(iters):
        Un = np.clip(Y - (H @ Y + g) / Lh, -umax, umax)
        tn = (1 + np.sqrt(1 + 4 * t * t)) / 2
        Y, U, t = Un + (t - 1) / tn * (Un - U), Un, tn
    return U


dt, N, umax = 0.1, 20, 1.0
A = np.array([[1.0, dt], [0.0, 1.0]])
B = np.array([[dt**2 / 2], [dt]])
Q, R = np.diag([1.0, 0.1]), np.array([[0.1]])
P = solve_discrete_are(A, B, Q, R)  # LQR terminal cost
K = np.linalg.solve(R + B.T @ P @ B, B.T @ P @ A)


def _active_set(H, g):
    """Reference: primal active set (solve on the free set, clamp violators, release)."""
    bound = np.zeros(len(g))  # -1, 0 (free) or +1
    for _ in range(100):
        U = bound * umax
        free = bound == 0
        U[free] = np.linalg.solve(H[np.ix_(free, free)], -(g + H[:, ~free] @ U[~free])[free])
        viol = free & (np.abs(U) > umax + 1e-12)
        wrong = (~free) & ((H @ U + g) * bound > 0)  # multiplier has the wrong sign
        if not viol.any() and not wrong.any():
            return U
        bound[viol] = np.sign(U[viol])
        bound[wrong] = 0
    raise RuntimeError("active set did not converge")


def _qp(Sx, Su):
    Qbar = np.kron(np.eye(N), Q)
    Qbar[-2:, -2:] = P
    return Su.T @ Qbar @ Su + R[0, 0] * np.eye(N), Su.T @ Qbar @ Sx  # H, g = F x0


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("MPC: receding-horizon QP vs LQR, KKT and an active-set solver")

    with r.case("prediction matrices = simulation (two inputs)") as c:
        A3, B3 = rng.normal(size=(3, 3)) * 0.7, rng.normal(size=(3, 2))
        x0, U = rng.normal(size=3), rng.normal(size=(5, 2))
        xs, x = [], x0
        for k in range(5):
            x = A3 @ x + B3 @ U[k]
            xs.append(x)
        Sx, Su = f.prediction_matrices(A3, B3, 5)
        c.equal(np.shape(Su), (15, 10))
        c.close(Sx @ x0 + Su @ U.ravel(), np.concatenate(xs), rtol=1e-10, atol=1e-12)

    with r.case("unconstrained MPC first input = LQR -Kx") as c:
        H, F = _qp(*f.prediction_matrices(A, B, N))
        x_small = np.array([0.2, -0.1])
        U = -np.linalg.solve(H, F @ x_small)
        c.close(U[0], (-K @ x_small).item(), rtol=1e-9)
        c.close(f.box_qp(H, F @ x_small, umax)[0], (-K @ x_small).item(), rtol=1e-7)

    # reference problem data from here on: columns of Su are responses to unit inputs
    Sx = np.vstack([np.linalg.matrix_power(A, k + 1) for k in range(N)])
    Su = np.zeros((2 * N, N))
    for j in range(N):
        x = np.zeros(2)
        for k in range(N):
            x = A @ x + B[:, 0] * (k == j)
            Su[2 * k : 2 * k + 2, j] = x
    H, F = _qp(Sx, Su)
    x0 = np.array([2.0, 0.0])  # far enough that some bounds bind

    with r.case("KKT conditions hold for the constrained QP") as c:
        Uf = f.box_qp(H, F @ x0, umax)
        gr = H @ Uf + F @ x0
        up, lo = Uf > umax - 1e-9, Uf < -umax + 1e-9
        free = ~(up | lo)
        kkt = max(np.abs(gr[free]).max(initial=0), gr[up].max(initial=0), (-gr[lo]).max(initial=0))
        r.figure("active bounds at x0 = (2, 0), of N = 20", int((~free).sum()))
        c.true(bool(np.all(np.abs(Uf) <= umax + 1e-12)), "feasible")
        c.true(kkt < 1e-7 and (~free).sum() > 0, f"max violation {kkt:.2e}")

    with r.case("projected gradient = active-set solution = scipy lsq_linear") as c:
        Uf = f.box_qp(H, F @ x0, umax)
        c.close(Uf, _active_set(H, F @ x0), atol=1e-7)
        # U'HU/2 + g'U = ||L'U + L^-1 g||^2 / 2 + const with H = L L'
        Lc = np.linalg.cholesky(H)
        Hr = rng.normal(size=(6, 6))
        Hr = Hr @ Hr.T + 0.5 * np.eye(6)
        gr = rng.normal(size=6) * 4
        Lr = np.linalg.cholesky(Hr)
        ref = lsq_linear(Lr.T, -np.linalg.solve(Lr, gr), bounds=(-0.5, 0.5), tol=1e-14).x
        c.close(f.box_qp(Hr, gr, 0.5), ref, atol=1e-6)
        ref = lsq_linear(Lc.T, -np.linalg.solve(Lc, F @ x0), bounds=(-umax, umax), tol=1e-14).x
        c.close(Uf, ref, atol=1e-6)

    with r.case("accelerated: the first iterates follow FISTA and beat its O(1/k^2) bound") as c:
        Hr = np.diag([100.0, 10.0, 1.0, 0.1, 0.01])  # ill-conditioned: acceleration matters
        gr = np.array([50.0, -3.0, 0.4, 0.05, -0.02])
        Lh = 100.0
        Ur = np.zeros(5)
        Yr, t = Ur.copy(), 1.0
        for k in range(7):  # the documented recurrence, written out per coordinate
            Un = np.array(
                [min(max(Yr[i] - (Hr[i, i] * Yr[i] + gr[i]) / Lh, -1.0), 1.0) for i in range(5)]
            )
            tn = 0.5 + 0.5 * np.sqrt(1.0 + 4.0 * t**2)
            Yr = Un + (t - 1.0) / tn * (Un - Ur)
            Ur, t = Un, tn
        c.close(f.box_qp(Hr, gr, 1.0, iters=7), Ur, rtol=1e-10, atol=1e-13)
        obj = lambda u: 0.5 * u @ Hr @ u + gr @ u
        u_star = np.clip(-gr / np.diag(Hr), -1.0, 1.0)  # diagonal H: the box QP separates
        for k in (10, 40, 160):
            gap = obj(np.asarray(f.box_qp(Hr, gr, 1.0, iters=k))) - obj(u_star)
            c.true(
                0 <= gap + 1e-12 <= 2 * Lh * u_star @ u_star / (k + 1) ** 2,
                f"k = {k}: gap {gap:.2e}",
            )

    with r.case("closed loop reaches the origin, then hands over to LQR") as c:
        Sx_f, Su_f = f.prediction_matrices(A, B, N)
        Hf, Ff = _qp(Sx_f, Su_f)
        x, us, xs = np.array([5.0, 0.0]), [], []
        for _ in range(120):
            u0 = _active_set(Hf, Ff @ x)[0]
            us.append(u0)
            xs.append(x)
            x = A @ x + B[:, 0] * u0
        us, xs = np.array(us), np.array(xs)
        r.figure("first inputs", np.round(us[:5], 3).tolist())
        c.true(np.linalg.norm(x) < 1e-3, "reaches the origin")
        c.true(
            bool(np.all(np.abs(us) <= umax + 1e-12) and np.all(us[:10] == -umax)),
            "input bound respected and active early on",
        )
        late = (np.abs(us) < umax - 1e-3) & (np.arange(len(us)) >= 60)
        c.close(us[late], -(xs @ K.T)[late, 0], rtol=1e-8, atol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
