"""positive-definite-matrices-cholesky: A = L L^T, the test for positive definiteness and its uses.

Follows Murphy PML1 ch. 7 (positive definite matrices; the Cholesky decomposition and solving
linear systems with it) and Goodfellow et al. ch. 2. Checks: the hand-written factor equals
numpy.linalg.cholesky and is lower triangular with a positive diagonal; L L^T rebuilds A; the
PD test agrees with the sign of the smallest eigenvalue (numpy.linalg.eigvalsh) on PD,
semidefinite and indefinite matrices; log det A = 2 sum log L_ii equals numpy.linalg.slogdet;
two triangular solves give numpy.linalg.solve; x^T A x > 0 for random x when PD.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["cholesky", "is_positive_definite", "spd_solve_logdet"]

DOC_ZH = {
    "cholesky": """Cholesky 分解：对称正定矩阵 A = L L^T，L 为下三角且对角元为正。逐列计算，不得调用 np.linalg.cholesky。

输入：A，(d, d) 对称矩阵。
输出：L，(d, d)。若遇到非正的主元（A 不是正定的），抛出 ValueError。

>>> cholesky(np.array([[4.0, 2.0], [2.0, 5.0]])).tolist()
[[2.0, 0.0], [1.0, 2.0]]
""",
    "is_positive_definite": """判断对称矩阵是否正定：尝试做 Cholesky 分解，成功即为正定。

输入：A，(d, d) 对称矩阵。
输出：True 或 False。

>>> is_positive_definite(np.array([[1.0, 2.0], [2.0, 1.0]]))
False
""",
    "spd_solve_logdet": """用 Cholesky 因子解 A x = b 并求 log det A：先解 L z = b（前代），再解 L^T x = z（回代）；log det A = 2 Σ log L_ii。

输入：A，(d, d) 对称正定；b，(d,)。
输出：(x, logdet)。

>>> x, ld = spd_solve_logdet(np.array([[4.0, 2.0], [2.0, 5.0]]), np.array([2.0, 1.0]))
>>> np.round(x, 6).tolist(), round(float(ld), 6)
([0.5, 0.0], 2.772589)
""",
}

HINTS = {
    "en": (
        "Write A = L L^T entry by entry and solve for L one column at a time: the diagonal entry "
        "first, then the entries below it.",
        "L_jj = sqrt(A_jj - sum_k<j L_jk^2) and L_ij = (A_ij - sum_k<j L_ik L_jk) / L_jj for i > j; "
        "a non-positive number under the square root means A is not positive definite. Then "
        "solve L z = b forwards, L^T x = z backwards, and log det A = 2 sum log L_jj.",
    ),
    "zh": (
        "把 A = L L^T 逐元素写开，按列求 L：先求对角元，再求它下方的元素。",
        "L_jj = sqrt(A_jj - Σ_{k<j} L_jk^2)，当 i > j 时 L_ij = (A_ij - Σ_{k<j} L_ik L_jk) / L_jj；"
        "根号下出现非正数就说明 A 不是正定的。然后前代解 L z = b、回代解 L^T x = z，log det A = 2 Σ log L_jj。",
    ),
}


def cholesky(A):
    """Cholesky factor: A = L L^T for symmetric positive definite A, L lower triangular with a
    positive diagonal, column by column (no np.linalg.cholesky).

    Input: A (d, d) symmetric. Output: L (d, d). Raises ValueError at a non-positive pivot
    (A is not positive definite).

    >>> cholesky(np.array([[4.0, 2.0], [2.0, 5.0]])).tolist()
    [[2.0, 0.0], [1.0, 2.0]]
    """
    A = np.asarray(A, dtype=float)
    d = A.shape[0]
    L = np.zeros((d, d))
    for j in range(d):
        piv = A[j, j] - L[j, :j] @ L[j, :j]
        if piv <= 0:
            raise ValueError("matrix is not positive definite")
        L[j, j] = np.sqrt(piv)
        L[j + 1 :, j] = (A[j + 1 :, j] - L[j + 1 :, :j] @ L[j, :j]) / L[j, j]
    return L


def is_positive_definite(A):
    """Whether a symmetric matrix is positive definite: try the Cholesky factorisation.

    Input: A (d, d) symmetric. Output: True or False.

    >>> is_positive_definite(np.array([[1.0, 2.0], [2.0, 1.0]]))
    False
    """
    try:
        cholesky(A)
    except ValueError:
        return False
    return True


def spd_solve_logdet(A, b):
    """Solve A x = b and get log det A from the Cholesky factor: L z = b forwards, then
    L^T x = z backwards; log det A = 2 sum log L_ii.

    Input: A (d, d) symmetric positive definite; b (d,). Output: (x, logdet).

    >>> x, ld = spd_solve_logdet(np.array([[4.0, 2.0], [2.0, 5.0]]), np.array([2.0, 1.0]))
    >>> np.round(x, 6).tolist(), round(float(ld), 6)
    ([0.5, 0.0], 2.772589)
    """
    L = cholesky(A)
    d = len(b)
    z = np.zeros(d)
    for i in range(d):
        z[i] = (b[i] - L[i, :i] @ z[:i]) / L[i, i]
    x = np.zeros(d)
    for i in range(d - 1, -1, -1):
        x[i] = (z[i] - L[i + 1 :, i] @ x[i + 1 :]) / L[i, i]
    return x, 2 * np.sum(np.log(np.diag(L)))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Positive definite matrices and the Cholesky factorisation")
    mats = []
    for d in (1, 3, 7):
        B = rng.normal(size=(d, d + 2))
        mats.append(B @ B.T / d + 0.1 * np.eye(d))
    mats.append(0.01 * mats[1])  # small pivots: PD does not need entries above 1

    with r.case("factor equals numpy.linalg.cholesky (d = 1, 3, 7, and a small-scale 3)") as c:
        for A in mats:
            c.close(f.cholesky(A), np.linalg.cholesky(A), rtol=1e-10, atol=1e-12)
    with r.case("L is lower triangular with a positive diagonal and L L^T = A") as c:
        for A in mats:
            L = np.asarray(f.cholesky(A))
            c.close(np.triu(L, 1), np.zeros_like(L))
            c.true(np.all(np.diag(L) > 0), "positive diagonal")
            c.close(L @ L.T, A, rtol=1e-12, atol=1e-12)

    cases = {"PD": mats[2]}
    Q = np.linalg.qr(rng.normal(size=(5, 5)))[0]
    cases["indefinite"] = Q @ np.diag([3.0, 1.0, 0.5, -0.2, 2.0]) @ Q.T
    cases["negative definite"] = -mats[1]
    cases["singular PSD"] = np.outer([1.0, 2.0, 0.0], [1.0, 2.0, 0.0]) + np.diag([0, 0, 1.0])
    cases["zero matrix"] = np.zeros((2, 2))
    cases["PD with a negative off-diagonal"] = np.array([[2.0, -1.0, 0], [-1.0, 2, -1], [0, -1, 2]])
    cases["barely indefinite"] = np.array([[1.0, 1.0], [1.0, 1.0 - 1e-9]])
    with r.case("PD test agrees with the smallest eigenvalue (numpy.linalg.eigvalsh)") as c:
        for name, A in cases.items():
            got = f.is_positive_definite(A)
            c.true(bool(got) == bool(np.linalg.eigvalsh(A).min() > 0), f"{name}: {got}")
    with r.case("cholesky raises ValueError on a matrix that is not PD") as c:
        try:
            f.cholesky(cases["indefinite"])
            c.true(False, "no error raised")
        except ValueError:
            c.true(True)

    with r.case("solve via two triangular systems equals numpy.linalg.solve") as c:
        for A in mats:
            b = rng.normal(size=A.shape[0])
            c.close(f.spd_solve_logdet(A, b)[0], np.linalg.solve(A, b), rtol=1e-9, atol=1e-12)
    with r.case("log det A = 2 sum log L_ii equals numpy.linalg.slogdet") as c:
        for A in mats:
            ld = f.spd_solve_logdet(A, np.ones(A.shape[0]))[1]
            c.close(ld, np.linalg.slogdet(A)[1], rtol=1e-10, atol=1e-12)
    with r.case("x^T A x > 0 for 200 random x when A passes the test") as c:
        A = mats[2]
        xs = rng.normal(size=(200, 7))
        c.true(bool(f.is_positive_definite(A)) and np.all(np.einsum("ij,jk,ik->i", xs, A, xs) > 0))
    return r


if __name__ == "__main__":
    main(run)
