"""vectors-matrices: vectors, matrices, matrix products, inverses and linear systems.

Follows Goodfellow et al. 2.1-2.4 and d2l-zh 2.3. Checks: matrix product by the
definition (triple loop) against numpy's @ (non-square shapes); (AB)^T = B^T A^T;
associativity; Gaussian elimination with partial pivoting against scipy.linalg.solve,
including a zero pivot and a tiny pivot; A A^{-1} = I; rank of an outer product and of a
product of thin matrices against numpy.linalg.matrix_rank; linearity.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve as scipy_solve

from implementations._common import Report, main, solution

EXERCISE = ["matmul_loops", "gauss_solve"]

DOC_ZH = {
    "matmul_loops": """按定义用循环计算矩阵乘积：C_ij = Σ_t A_it B_tj。

输入：A，形状 (m, k)；B，形状 (k, n)。
输出：形状 (m, n) 的矩阵 C = A B。

>>> matmul_loops(np.array([[1.0, 2.0]]), np.array([[3.0], [4.0]])).tolist()
[[11.0]]
""",
    "gauss_solve": """用带部分选主元的高斯消元解 A x = b，再回代。

输入：A，n×n 可逆矩阵；b，长度 n 的向量。
输出：长度 n 的解 x。每一列消元前，把该列（对角线及以下）绝对值最大的行换到主元位置，
否则主元为 0 或很小时会失败或失去精度。

>>> gauss_solve(np.array([[0.0, 1.0], [2.0, 0.0]]), np.array([3.0, 4.0])).tolist()
[2.0, 3.0]
""",
}

HINTS = {
    "en": (
        "A matrix product takes dot products of rows of A with columns of B. Solving a system "
        "eliminates one unknown per column, then substitutes back from the last equation.",
        "C[i, j] = sum_t A[i, t] B[t, j]. For elimination on the augmented matrix [A | b]: in "
        "column c swap up the row with the largest |entry| at or below the diagonal, subtract "
        "multiples of it from the rows below, then x_i = (b_i - sum_{j>i} U_ij x_j) / U_ii "
        "from the bottom up.",
    ),
    "zh": (
        "矩阵乘积是 A 的行与 B 的列做点积。解方程组时每一列消去一个未知数，再从最后一个方程开始回代。",
        "C[i, j] = sum_t A[i, t] B[t, j]。在增广矩阵 [A | b] 上消元：对第 c 列，把对角线及以下绝对值最大的"
        "那一行换上来，从下面各行减去它的倍数；再自下而上计算 x_i = (b_i - sum_{j>i} U_ij x_j) / U_ii。",
    ),
}


def matmul_loops(A, B):
    """Matrix product by the definition, with loops: C_ij = sum_t A_it B_tj.

    Input: A of shape (m, k), B of shape (k, n). Output: the (m, n) matrix C = A B.

    >>> matmul_loops(np.array([[1.0, 2.0]]), np.array([[3.0], [4.0]])).tolist()
    [[11.0]]
    """
    m, k = A.shape
    n = B.shape[1]
    C = np.zeros((m, n))
    for i in range(m):
        for j in range(n):
            C[i, j] = sum(A[i, t] * B[t, j] for t in range(k))  # C_ij = sum_t A_it B_tj
    return C


def gauss_solve(A, b):
    """Solve A x = b by Gaussian elimination with partial pivoting, then back substitution.

    Input: A, an invertible n x n matrix; b, a vector of length n. Output: the solution x
    (length n). Before eliminating a column, swap into the pivot position the row whose
    entry in that column (on or below the diagonal) is largest in absolute value; without
    it a zero or tiny pivot fails or loses accuracy.

    >>> gauss_solve(np.array([[0.0, 1.0], [2.0, 0.0]]), np.array([3.0, 4.0])).tolist()
    [2.0, 3.0]
    """
    M = np.column_stack([np.asarray(A, dtype=float), np.asarray(b, dtype=float)])
    n = len(b)
    for c in range(n):
        p = c + np.argmax(np.abs(M[c:, c]))  # pivot on the largest entry for stability
        M[[c, p]] = M[[p, c]]
        M[c + 1 :] -= np.outer(M[c + 1 :, c] / M[c, c], M[c])
    x = np.zeros(n)
    for i in range(n - 1, -1, -1):
        x[i] = (M[i, -1] - M[i, i + 1 : n] @ x[i + 1 :]) / M[i, i]
    return x


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Vectors and matrices")

    A, B, C = rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=(5, 2))
    with r.case("triple-loop product equals A @ B") as c:
        c.close(f.matmul_loops(A, B), A @ B, rtol=1e-12, atol=1e-14)
        c.close(f.matmul_loops(B[:1], B.T), B[:1] @ B.T, rtol=1e-12, atol=1e-14)  # a 1-row product
    with r.case("(AB)^T = B^T A^T") as c:
        c.close(f.matmul_loops(A, B).T, f.matmul_loops(B.T, A.T), rtol=1e-12, atol=1e-14)
        c.close(f.matmul_loops(B.T, A.T), B.T @ A.T, rtol=1e-12, atol=1e-14)
    with r.case("(AB)C = A(BC)") as c:
        left = f.matmul_loops(f.matmul_loops(A, B), C)
        c.close(left, f.matmul_loops(A, f.matmul_loops(B, C)), rtol=1e-10, atol=1e-12)
        c.close(left, A @ B @ C, rtol=1e-10, atol=1e-12)
    with r.case("matrix product is not commutative") as c:
        AB, BA = f.matmul_loops(A[:3], B[:, :3]), f.matmul_loops(B[:, :3], A[:3])
        c.true(not np.allclose(AB, BA))
        c.close([AB, BA], [A[:3] @ B[:, :3], B[:, :3] @ A[:3]], rtol=1e-12, atol=1e-14)

    n = 8
    M = rng.normal(size=(n, n)) + n * np.eye(n) * 0.1
    b = rng.normal(size=n)
    with r.case("Gaussian elimination equals scipy.linalg.solve") as c:
        x = f.gauss_solve(M, b)
        r.figure("residual norm ||Mx - b|| (own elimination)", float(np.linalg.norm(M @ x - b)))
        c.close(x, scipy_solve(M, b), rtol=1e-9, atol=1e-12)
    with r.case("pivoting: a zero pivot and a tiny pivot (1e-20)") as c:
        Z = np.array([[0.0, 2.0, 1.0], [1.0, 1.0, 0.0], [3.0, 0.0, 1.0]])
        bz = np.array([1.0, 2.0, 3.0])
        c.close(f.gauss_solve(Z, bz), scipy_solve(Z, bz), rtol=1e-12)
        T = np.array([[1e-20, 1.0], [1.0, 1.0]])  # without pivoting x_1 comes out as 0
        c.close(f.gauss_solve(T, np.array([1.0, 2.0])), scipy_solve(T, [1.0, 2.0]), rtol=1e-12)
        G = rng.normal(size=(6, 6))
        G[:, 0] *= 1e-8  # tiny first column: the pivot choice decides the accuracy
        bg = rng.normal(size=6)
        c.close(f.gauss_solve(G, bg), scipy_solve(G, bg), rtol=1e-6)
    with r.case("A A^{-1} = I") as c:
        Minv = np.column_stack(
            [f.gauss_solve(M, e) for e in np.eye(n)]
        )  # inverse, column by column
        c.close(M @ Minv, np.eye(n), atol=1e-10)

    u, v = rng.normal(size=6), rng.normal(size=4)
    with r.case("outer product u v^T has rank 1") as c:
        O = f.matmul_loops(u[:, None], v[None, :])
        c.close(O, np.outer(u, v), rtol=1e-14)
        c.true(np.linalg.matrix_rank(O) == 1)
    with r.case("product of 6x2 and 2x6 has rank 2 (so it is singular)") as c:
        P = f.matmul_loops(rng.normal(size=(6, 2)), rng.normal(size=(2, 6)))
        c.true(P.shape == (6, 6) and np.linalg.matrix_rank(P) == 2, f"shape {P.shape}")
    # A matrix is a linear map: M(a x + b y) = a Mx + b My.
    with r.case("matrix-vector product is linear") as c:
        x, y = rng.normal(size=(n, 1)), rng.normal(size=(n, 1))
        c.close(
            f.matmul_loops(M, 2 * x - 3 * y),
            2 * f.matmul_loops(M, x) - 3 * f.matmul_loops(M, y),
            rtol=1e-12,
            atol=1e-12,
        )
        c.close(f.matmul_loops(M, x), M @ x, rtol=1e-12, atol=1e-14)
    return r


if __name__ == "__main__":
    main(run)
