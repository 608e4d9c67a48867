"""controllability-observability: rank tests, Gramians, PBH test and minimum-energy steering.

Follows Astrom & Murray, Feedback Systems 2e, ch. 7 (State Feedback: reachability)
and ch. 8 (Output Feedback: observability). For x[k+1] = A x[k] + B u[k],
y = C x: rank [B, AB, ..., A^(n-1)B] = n iff the Gramian W = sum A^k B B' A'^k
is positive definite iff rank [lambda I - A, B] = n for every eigenvalue (PBH). The
minimum-energy input reaching x_f in n steps costs x_f' W_n^-1 x_f; observability is
the dual test on (A', C'). Checks compare with hand-built matrices, repeated
multiplication, scipy.linalg.solve_discrete_lyapunov, systems made uncontrollable by
construction, a simulation of the steered state and numpy's minimum-norm lstsq.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_discrete_lyapunov

from implementations._common import Report, main, solution

EXERCISE = ["ctrb", "gramian", "pbh_controllable", "min_energy_input"]

DOC_ZH = {
    "ctrb": """可控性矩阵 [B, AB, A^2 B, ..., A^(n-1) B]。

输入：A，形状 (n, n)；B，形状 (n, m)。
输出：形状 (n, n*m) 的数组，第 k 个块是 A^k B。

>>> ctrb(np.array([[1.0, 1.0], [0.0, 1.0]]), np.array([[0.0], [1.0]])).tolist()
[[0.0, 1.0], [1.0, 1.0]]
""",
    "gramian": """稳定离散系统的无穷时域可控性 Gramian W = Σ_k A^k B B' (A')^k。

输入：A，形状 (n, n)，谱半径 < 1；B，形状 (n, m)。
输出：形状 (n, n) 的对称数组 W，满足 W = A W A' + B B'。

>>> np.round(gramian(np.array([[0.5]]), np.array([[1.0]])), 6).tolist()
[[1.333333]]
""",
    "pbh_controllable": """PBH 检验：对 A 的每个特征值 λ，rank [λI - A, B] = n 时 (A, B) 可控。

输入：A，形状 (n, n)；B，形状 (n, m)；tol，秩判定的奇异值阈值。
输出：bool，所有特征值都满秩时为 True。

>>> pbh_controllable(np.diag([1.0, 2.0]), np.array([[1.0], [0.0]]))
False
""",
    "min_energy_input": """在 n 步内把状态从 0 推到 xf、且 Σ_k ||u[k]||^2 最小的输入序列。

输入：A，形状 (n, n)；B，形状 (n, m)，(A, B) 可控；xf，形状 (n,)。
输出：形状 (n, m) 的数组，第 k 行是 u[k]，使 x[k+1] = A x[k] + B u[k] 从 x[0] = 0 到达 x[n] = xf。

>>> u = min_energy_input(np.array([[1.0, 1.0], [0.0, 1.0]]), np.array([[0.0], [1.0]]), np.array([1.0, 0.0]))
>>> np.round(u, 6).tolist()
[[1.0], [-1.0]]
""",
}

HINTS = {
    "en": (
        "Write x[n] as one matrix times the stacked inputs: each u[k] is pushed through "
        "A a certain number of times.",
        "x[n] = sum_k A^(n-1-k) B u[k] = ctrb(A, B) (u[n-1], ..., u[0]); the Gramian is the "
        "fixed point of W = A W A' + BB' (a linear solve with kron(A, A)), and the "
        "least-energy input is the minimum-norm solution C'(CC')^-1 xf, read backwards.",
    ),
    "zh": (
        "把 x[n] 写成一个矩阵乘以堆叠起来的输入：每个 u[k] 被 A 作用了若干次。",
        "x[n] = Σ_k A^(n-1-k) B u[k] = ctrb(A, B) (u[n-1], ..., u[0])；Gramian 是 "
        "W = A W A' + BB' 的不动点（用 kron(A, A) 解线性方程），最小能量输入是最小范数解 "
        "C'(CC')^-1 xf，再倒序读出。",
    ),
}


def ctrb(A, B):
    """Controllability matrix [B, AB, A^2 B, ..., A^(n-1) B].

    Input: A, shape (n, n); B, shape (n, m). Output: an array of shape (n, n*m) whose
    k-th block of m columns is A^k B.

    >>> ctrb(np.array([[1.0, 1.0], [0.0, 1.0]]), np.array([[0.0], [1.0]])).tolist()
    [[0.0, 1.0], [1.0, 1.0]]
    """
    n = A.shape[0]
    return np.hstack([np.linalg.matrix_power(A, k) @ B for k in range(n)])


def gramian(A, B):
    """Infinite-horizon controllability Gramian W = sum_k A^k B B' A'^k of a stable system.

    Input: A, shape (n, n) with spectral radius < 1; B, shape (n, m). Output: the symmetric
    (n, n) array W, the solution of W = A W A' + B B'.

    >>> np.round(gramian(np.array([[0.5]]), np.array([[1.0]])), 6).tolist()
    [[1.333333]]
    """
    n = A.shape[0]
    # W = A W A' + BB' is linear in vec W: (I - A kron A) vec W = vec BB'
    return np.linalg.solve(np.eye(n * n) - np.kron(A, A), (B @ B.T).reshape(-1)).reshape(n, n)


def pbh_controllable(A, B, tol=1e-9):
    """PBH test: (A, B) is controllable iff rank [lambda I - A, B] = n at every eigenvalue.

    Input: A, shape (n, n); B, shape (n, m); tol, the singular-value threshold for the rank.
    Output: a bool, True when the rank is full at every eigenvalue of A.

    >>> pbh_controllable(np.diag([1.0, 2.0]), np.array([[1.0], [0.0]]))
    False
    """
    n = A.shape[0]
    return all(
        np.linalg.matrix_rank(np.hstack([lam * np.eye(n) - A, B]), tol=tol) == n
        for lam in np.linalg.eigvals(A)
    )


def min_energy_input(A, B, xf):
    """The inputs steering x from 0 to xf in n steps with the least sum_k ||u[k]||^2.

    Input: A, shape (n, n); B, shape (n, m) with (A, B) controllable; xf, shape (n,).
    Output: an array of shape (n, m); row k is u[k], and x[k+1] = A x[k] + B u[k] from
    x[0] = 0 reaches x[n] = xf.

    >>> u = min_energy_input(np.array([[1.0, 1.0], [0.0, 1.0]]), np.array([[0.0], [1.0]]), np.array([1.0, 0.0]))
    >>> np.round(u, 6).tolist()
    [[1.0], [-1.0]]
    """
    n, m = B.shape
    Cn = ctrb(A, B)  # block k multiplies u[n-1-k]
    coef = Cn.T @ np.linalg.solve(Cn @ Cn.T, xf)  # minimum-norm solution of Cn c = xf
    return coef.reshape(n, m)[::-1]


def _rank_ctrb(A, B):
    """Reference rank test, built by repeated multiplication (not by the learner's ctrb)."""
    blocks, M = [], B
    for _ in range(A.shape[0]):
        blocks.append(M)
        M = A @ M
    return _rank(np.hstack(blocks)) == A.shape[0]


def _rank(M):
    """Numerical rank with a relative threshold (numpy's default is too tight here)."""
    return np.linalg.matrix_rank(M, tol=1e-10 * np.linalg.norm(M, 2))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(1)
    r = Report("Controllability and observability: three tests that must agree")
    A = np.array([[0.5, 1.0, 0.0], [0.0, 0.5, 1.0], [0.0, 0.0, 0.8]])
    B_good = np.array([[0.0], [0.0], [1.0]])
    B_bad = np.array([[1.0], [0.0], [0.0]])  # enters only the first state

    with r.case("ctrb = [B, AB, A^2 B] built by hand") as c:
        # A B = (0, 1, 0.8), A^2 B = A (0, 1, 0.8) = (1, 1.3, 0.64)
        hand = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 1.3], [1.0, 0.8, 0.64]])
        c.close(f.ctrb(A, B_good), hand, rtol=1e-12, atol=1e-15)
        A2 = rng.normal(size=(4, 4))
        B2 = rng.normal(size=(4, 2))  # two inputs: shape (4, 8)
        ref = np.hstack([B2, A2 @ B2, A2 @ A2 @ B2, A2 @ A2 @ A2 @ B2])
        c.close(f.ctrb(A2, B2), ref, rtol=1e-10, atol=1e-12)

    with r.case("all three tests say controllable") as c:
        W = f.gramian(A, B_good)
        r.figure(
            "controllable case: rank, min eig W, PBH",
            [
                int(np.linalg.matrix_rank(f.ctrb(A, B_good))),
                float(np.linalg.eigvalsh((W + W.T) / 2).min()),
                bool(f.pbh_controllable(A, B_good)),
            ],
        )
        c.true(np.linalg.matrix_rank(f.ctrb(A, B_good)) == 3, "rank ctrb = 3")
        c.true(np.linalg.eigvalsh((W + W.T) / 2).min() > 1e-6, "Gramian positive definite")
        c.true(bool(f.pbh_controllable(A, B_good)), "PBH full rank")

    with r.case("all three tests say uncontrollable") as c:
        W = f.gramian(A, B_bad)
        c.true(np.linalg.matrix_rank(f.ctrb(A, B_bad)) < 3, "rank ctrb < 3")
        c.true(np.linalg.eigvalsh((W + W.T) / 2).min() < 1e-9, "Gramian singular")
        c.true(not f.pbh_controllable(A, B_bad), "PBH finds a rank drop")

    with r.case("Gramian = scipy solve_discrete_lyapunov = series") as c:
        A3 = rng.normal(size=(4, 4))
        A3 *= 0.8 / np.abs(np.linalg.eigvals(A3)).max()
        B3 = rng.normal(size=(4, 2))
        ref = solve_discrete_lyapunov(A3, B3 @ B3.T)  # W = A W A' + BB'
        series, M = np.zeros((4, 4)), B3
        for _ in range(400):
            series += M @ M.T
            M = A3 @ M
        c.close(f.gramian(A3, B3), ref, rtol=1e-9, atol=1e-12)
        c.close(f.gramian(A, B_good), series_of(A, B_good), rtol=1e-9, atol=1e-12)
        c.close(series, ref, rtol=1e-9, atol=1e-12)

    # random systems, about half uncontrollable by construction (B orthogonal to a left
    # eigenvector): PBH must agree with the truth
    truth, pbh = [], []
    for _ in range(100):
        Ar = rng.normal(size=(4, 4))
        Ar *= 0.9 / np.abs(np.linalg.eigvals(Ar)).max()
        Br = rng.normal(size=(4, 1))
        lam, Vl = np.linalg.eig(Ar.T)  # left eigenvectors of Ar
        real = np.nonzero(np.abs(lam.imag) < 1e-12)[0]
        bad = bool(rng.random() < 0.5 and len(real))
        if bad:
            v = Vl[:, real[0]].real
            v /= np.linalg.norm(v)
            Br = Br - v[:, None] * (v @ Br)
        truth.append(not bad)
        pbh.append((Ar, Br))
    r.figure("random systems made uncontrollable", int(100 - sum(truth)))
    with r.case("PBH test = construction on 100 random systems") as c:
        got = [bool(f.pbh_controllable(Ar, Br)) for Ar, Br in pbh]
        c.true(got == truth, f"{sum(g == t for g, t in zip(got, truth))}/100 agree")
        c.true(got == [bool(_rank_ctrb(Ar, Br)) for Ar, Br in pbh], "PBH = rank test")

    with r.case("rank, Gramian and PBH tests agree on 100 random systems") as c:
        agree = 0
        for (Ar, Br), t in zip(pbh, truth):
            W = f.gramian(Ar, Br)
            tests = (
                _rank(f.ctrb(Ar, Br)) == 4,
                np.linalg.eigvalsh((W + W.T) / 2).min() > 1e-9,
                bool(f.pbh_controllable(Ar, Br)),
            )
            agree += set(tests) == {t}
        c.true(agree == 100, f"{agree}/100")

    # minimum-energy steering from 0 to xf in n steps
    xf = np.array([1.0, -2.0, 0.5])
    with r.case("minimum-energy input reaches xf") as c:
        u = np.asarray(f.min_energy_input(A, B_good, xf), dtype=float)
        c.equal(u.shape, (3, 1))
        x = np.zeros(3)
        for k in range(3):
            x = A @ x + B_good @ u[k]
        c.close(x, xf, rtol=1e-10, atol=1e-12)

    with r.case("its energy = xf' W_n^-1 xf") as c:
        u = np.asarray(f.min_energy_input(A, B_good, xf), dtype=float)
        Wn = series_of(A, B_good, 3)  # finite-horizon Gramian
        c.close(np.sum(u**2), xf @ np.linalg.solve(Wn, xf), rtol=1e-10)

    with r.case("two inputs: least-norm solution (numpy lstsq), reaches xf") as c:
        A4 = rng.normal(size=(3, 3))
        B4 = rng.normal(size=(3, 2))
        xf4 = rng.normal(size=3)
        # x[3] = A^2 B u0 + A B u1 + B u2: solve for the stacked (u0, u1, u2), min norm
        G = np.hstack([A4 @ A4 @ B4, A4 @ B4, B4])
        ref = np.linalg.lstsq(G, xf4, rcond=None)[0].reshape(3, 2)
        u = np.asarray(f.min_energy_input(A4, B4, xf4), dtype=float)
        c.close(u, ref, rtol=1e-9, atol=1e-12)

    with r.case("duality: C = e1 observable, C = e3 not") as c:
        C_good, C_bad = np.array([[1.0, 0.0, 0.0]]), np.array([[0.0, 0.0, 1.0]])
        c.true(bool(f.pbh_controllable(A.T, C_good.T)), "(A', e1) controllable")
        c.true(not f.pbh_controllable(A.T, C_bad.T), "(A', e3) not controllable")
        c.true(np.linalg.matrix_rank(f.ctrb(A.T, C_bad.T)) == 1, "observability rank 1")
    return r


def series_of(A, B, terms=400):
    """sum_{k < terms} A^k B B' A'^k by repeated multiplication (a reference)."""
    W, M = np.zeros((A.shape[0],) * 2), B
    for _ in range(terms):
        W = W + M @ M.T
        M = A @ M
    return W


if __name__ == "__main__":
    main(run)
