"""eigendecomposition: A v = lambda v, A = V diag(lambda) V^{-1}, and A = Q diag(lambda) Q^T.

Follows Goodfellow et al. 2.7 (Eigendecomposition) and d2l-en 22.2 (Eigendecompositions).
A cyclic Jacobi method (plane rotations) diagonalises a symmetric matrix; power iteration
finds the eigenvalue of largest magnitude. Checks: Jacobi eigenvalues against
numpy.linalg.eigvalsh (a random 6x6, a 3x3 with a repeated eigenvalue, a diagonal matrix
with its entries out of order, a 1x1); reconstruction Q Lambda Q^T = A with orthogonal Q;
S v = lambda v; trace = sum and det = product of eigenvalues; A^5 via the eigenvalues
against numpy.linalg.matrix_power; power iteration against the largest-|lambda| eigenvalue,
a negative dominant eigenvalue, and the hand-computed 2x2 example [[2, 1], [2, 3]]
(eigenvalue 4, eigenvector (1, 2)).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["jacobi_eigh", "power_iteration"]

DOC_ZH = {
    "jacobi_eigh": """用循环 Jacobi 方法对角化对称矩阵：每次用一个平面旋转 J 把一个非对角元素变为 0，
A <- J^T A J（相似变换保持特征值），并累积 Q <- Q J。

输入：A，n×n 对称矩阵；sweeps，对所有 (p, q) 对做的轮数。
输出：(lam, Q)：特征值的一维数组（不要求排序）和列为对应单位特征向量的正交矩阵 Q，
使 A = Q diag(lam) Q^T。

>>> [round(float(v), 6) for v in sorted(jacobi_eigh(np.array([[2.0, 1.0], [1.0, 2.0]]))[0])]
[1.0, 3.0]
""",
    "power_iteration": """幂迭代：反复计算 v <- A v 并归一化，v 收敛到绝对值最大的特征值对应的特征向量。

输入：A，n×n 矩阵（其绝对值最大的特征值唯一且为实数）；v0，起始向量；iters，迭代次数。
输出：(lam, v)：Rayleigh 商 v^T A v（v 为单位向量）和单位特征向量 v。

>>> round(float(power_iteration(np.array([[2.0, 1.0], [2.0, 3.0]]), np.ones(2))[0]), 6)
4.0
""",
}

HINTS = {
    "en": (
        "Jacobi: pick an off-diagonal entry and find the rotation angle that makes it zero; "
        "repeat over all pairs. Power iteration: multiplying by A again and again amplifies "
        "the direction with the largest |lambda|.",
        "The angle that zeroes A[p, q] satisfies tan(2 theta) = 2 A[p, q] / (A[q, q] - A[p, p]); "
        "J is the identity with c, s, -s, c in rows and columns p, q, and A <- J^T A J, "
        "Q <- Q J. In power iteration normalise v each step and return v^T A v.",
    ),
    "zh": (
        "Jacobi：选一个非对角元素，求出把它变为 0 的旋转角，对所有 (p, q) 对重复。幂迭代：一次次乘以 A"
        "会放大 |lambda| 最大的方向。",
        "把 A[p, q] 变为 0 的角满足 tan(2 theta) = 2 A[p, q] / (A[q, q] - A[p, p])；J 是在第 p、q "
        "行列放上 c、s、-s、c 的单位阵，A <- J^T A J，Q <- Q J。幂迭代每步都归一化 v，最后返回 v^T A v。",
    ),
}


def jacobi_eigh(A, sweeps=10):
    """Diagonalise a symmetric matrix by the cyclic Jacobi method: each plane rotation J
    zeroes one off-diagonal entry, A <- J^T A J (a similarity, so the eigenvalues stay),
    and Q <- Q J accumulates the rotations.

    Input: A, a symmetric n x n matrix; sweeps, the number of passes over all pairs (p, q).
    Output: (lam, Q): the eigenvalues as a 1-D array (in any order) and an orthogonal Q whose
    columns are the matching unit eigenvectors, so that A = Q diag(lam) Q^T.

    >>> [round(float(v), 6) for v in sorted(jacobi_eigh(np.array([[2.0, 1.0], [1.0, 2.0]]))[0])]
    [1.0, 3.0]
    """
    A = np.array(A, dtype=float)
    n = len(A)
    Q = np.eye(n)
    for _ in range(sweeps):
        for p, q in combinations(range(n), 2):  # every off-diagonal pair once per sweep
            theta = 0.5 * np.arctan2(2 * A[p, q], A[q, q] - A[p, p])
            c, s = np.cos(theta), np.sin(theta)
            J = np.eye(n)
            J[p, p], J[q, q], J[p, q], J[q, p] = c, c, s, -s
            A = J.T @ A @ J  # similarity transform keeps the eigenvalues
            Q = Q @ J
    return np.diag(A), Q


def power_iteration(A, v0, iters=1000):
    """Power iteration: repeat v <- A v and normalise; v tends to the eigenvector of the
    eigenvalue of largest magnitude.

    Input: A, an n x n matrix whose largest-magnitude eigenvalue is unique and real; v0, a
    start vector; iters, the number of steps. Output: (lam, v): the Rayleigh quotient
    v^T A v of the unit vector v, and v.

    >>> round(float(power_iteration(np.array([[2.0, 1.0], [2.0, 3.0]]), np.ones(2))[0]), 6)
    4.0
    """
    A = np.asarray(A, dtype=float)
    v = np.array(v0, dtype=float)
    for _ in range(iters):
        v = A @ v
        v /= np.linalg.norm(v)  # keep the iterate from over- or underflowing
    return v @ A @ v, v


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Eigendecomposition")

    B = rng.normal(size=(6, 6))
    S = (B + B.T) / 2
    with r.case("Jacobi eigenvalues equal numpy.linalg.eigvalsh") as c:
        lam, _ = f.jacobi_eigh(S)
        r.figure("eigenvalues (Jacobi)", np.sort(lam).round(6).tolist())
        c.close(np.sort(lam), np.linalg.eigvalsh(S), rtol=1e-10, atol=1e-12)

    def pairs(M):
        lam, Q = f.jacobi_eigh(M)
        return np.asarray(lam, dtype=float), np.asarray(Q, dtype=float)

    with r.case("Q diag(lambda) Q^T reconstructs S") as c:
        lam, Q = pairs(S)
        c.close(Q @ np.diag(lam) @ Q.T, S, atol=1e-12)
    with r.case("eigenvectors are orthonormal (Q^T Q = I)") as c:
        lam, Q = pairs(S)
        c.close(Q.T @ Q, np.eye(6), atol=1e-12)
    with r.case("S v = lambda v for every pair") as c:
        lam, Q = pairs(S)
        c.close(S @ Q, Q * lam, atol=1e-12)
    with r.case("trace = sum of eigenvalues") as c:
        lam, _ = pairs(S)
        c.close(np.trace(S), lam.sum(), rtol=1e-12, atol=1e-12)
    with r.case("det = product of eigenvalues") as c:
        lam, _ = pairs(S)
        c.close(np.linalg.det(S), np.prod(lam), rtol=1e-10)
    with r.case("A^5 = Q diag(lambda^5) Q^T equals numpy.linalg.matrix_power") as c:
        lam, Q = pairs(S)
        c.close(Q @ np.diag(lam**5) @ Q.T, np.linalg.matrix_power(S, 5), rtol=1e-9, atol=1e-10)

    # Edge cases: a repeated eigenvalue (I + 3 u u^T has 1, 1, 4), a diagonal matrix whose
    # entries are out of order (no rotation is needed), a 1x1 matrix.
    u = np.array([1.0, 2.0, 2.0]) / 3
    R = np.eye(3) + 3 * np.outer(u, u)
    D = np.diag([3.0, -1.0, 2.0, 0.0])
    for name, M in (("repeated eigenvalue", R), ("diagonal input", D), ("1x1", np.array([[-2.5]]))):
        with r.case(f"{name}: eigenvalues and reconstruction") as c:
            lam, Q = pairs(M)
            c.close(np.sort(lam), np.linalg.eigvalsh(M), atol=1e-12)
            c.close(Q @ np.diag(lam) @ Q.T, M, atol=1e-12)
            c.close(Q.T @ Q, np.eye(len(M)), atol=1e-12)

    # Power iteration finds the eigenvalue of largest magnitude.
    eig = np.linalg.eigvalsh(S)
    top = eig[np.argmax(np.abs(eig))]
    with r.case("power iteration finds the largest-|lambda| eigenvalue") as c:
        rayleigh, v = f.power_iteration(S, rng.normal(size=6), 2000)
        c.close(rayleigh, top, rtol=1e-8)
        c.close(S @ v, top * v, atol=1e-6)
    with r.case("power iteration: a negative dominant eigenvalue") as c:
        N = np.diag([-5.0, 2.0, 1.0]) + 0.1 * np.ones((3, 3))
        ev = np.linalg.eigvalsh(N)
        rayleigh, v = f.power_iteration(N, np.ones(3))
        c.close(rayleigh, ev[np.argmax(np.abs(ev))], rtol=1e-10)
        c.close(np.linalg.norm(v), 1.0, rtol=1e-12)

    with r.case("power iteration with iters=3 returns A^3 v0 / ||A^3 v0||") as c:
        v0 = rng.normal(size=6)
        w = np.linalg.matrix_power(S, 3) @ v0
        w /= np.linalg.norm(w)
        rayleigh, v = f.power_iteration(S, v0, 3)
        c.close(v, w, rtol=1e-12, atol=1e-14)
        c.close(rayleigh, w @ S @ w, rtol=1e-12)

    # Non-symmetric example worked by hand: det(A - lambda I) = (4 - lambda)(1 - lambda),
    # and (A - 4 I) w = 0 for w = (1, 2).
    with r.case("power iteration on [[2, 1], [2, 3]]: lambda = 4, v along (1, 2)") as c:
        A = np.array([[2.0, 1.0], [2.0, 3.0]])
        rayleigh, v = f.power_iteration(A, np.array([1.0, -0.3]))
        w = np.array([1.0, 2.0]) / np.sqrt(5)
        c.close(rayleigh, 4.0, rtol=1e-12)
        c.close(v * np.sign(v[0]), w, rtol=1e-10)
    return r


if __name__ == "__main__":
    main(run)
