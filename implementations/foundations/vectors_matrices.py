"""vectors-matrices: vectors, matrices, matrix products, inverses and linear systems.

Follows Goodfellow et al. 2.1-2.4 and d2l-zh 2.3. Checks: matrix product by the
definition (triple loop) against numpy's @; (AB)^T = B^T A^T; associativity; Gaussian
elimination with partial pivoting against scipy.linalg.solve; A A^{-1} = I; rank of an
outer product and of a product of thin matrices against numpy.linalg.matrix_rank.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve as scipy_solve

from implementations._common import Report, main


def matmul_loops(A, B):
    m, k = A.shape
    n = B.shape[1]
    C = np.zeros((m, n))
    for i in range(m):
        for j in range(n):
            C[i, j] = sum(A[i, t] * B[t, j] for t in range(k))  # C_ij = sum_t A_it B_tj
    return C


def gauss_solve(A, b):
    """Solve A x = b by elimination with partial pivoting, then back substitution."""
    M = np.column_stack([A.astype(float), b.astype(float)])
    n = len(b)
    for c in range(n):
        p = c + np.argmax(np.abs(M[c:, c]))  # pivot on the largest entry for stability
        M[[c, p]] = M[[p, c]]
        M[c + 1 :] -= np.outer(M[c + 1 :, c] / M[c, c], M[c])
    x = np.zeros(n)
    for i in range(n - 1, -1, -1):
        x[i] = (M[i, -1] - M[i, i + 1 : n] @ x[i + 1 :]) / M[i, i]
    return x


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Vectors and matrices")

    A, B, C = rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=(5, 2))
    r.check_close(
        "triple-loop product equals A @ B", matmul_loops(A, B), A @ B, rtol=1e-12, atol=1e-14
    )
    r.check_close("(AB)^T = B^T A^T", (A @ B).T, B.T @ A.T, rtol=1e-12, atol=1e-14)
    r.check_close("(AB)C = A(BC)", (A @ B) @ C, A @ (B @ C), rtol=1e-10, atol=1e-12)
    r.check(
        "matrix product is not commutative", not np.allclose(A[:3] @ B[:, :3], B[:, :3] @ A[:3])
    )

    n = 8
    M = rng.normal(size=(n, n)) + n * np.eye(n) * 0.1
    b = rng.normal(size=n)
    x = gauss_solve(M, b)
    r.figure("residual norm ||Mx - b|| (own elimination)", float(np.linalg.norm(M @ x - b)))
    r.check_close(
        "Gaussian elimination equals scipy.linalg.solve",
        x,
        scipy_solve(M, b),
        rtol=1e-9,
        atol=1e-12,
    )
    Minv = np.column_stack([gauss_solve(M, e) for e in np.eye(n)])  # inverse, column by column
    r.check_close("A A^{-1} = I", M @ Minv, np.eye(n), atol=1e-10)

    u, v = rng.normal(size=6), rng.normal(size=4)
    r.check("outer product u v^T has rank 1", np.linalg.matrix_rank(np.outer(u, v)) == 1)
    P = rng.normal(size=(6, 2)) @ rng.normal(size=(2, 6))
    r.check("product of 6x2 and 2x6 has rank 2 (so it is singular)", np.linalg.matrix_rank(P) == 2)
    # A matrix is a linear map: M(a x + b y) = a Mx + b My.
    y = rng.normal(size=n)
    r.check_close(
        "matrix-vector product is linear",
        M @ (2 * x - 3 * y),
        2 * (M @ x) - 3 * (M @ y),
        rtol=1e-12,
        atol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
