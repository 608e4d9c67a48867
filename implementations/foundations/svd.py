"""svd: the singular value decomposition A = U Sigma V^T and best low-rank approximation.

Follows Goodfellow et al. 2.8 (Singular Value Decomposition), 2.9 (pseudoinverse), 2.12
(PCA). The SVD is built from the eigendecomposition of A^T A. Checks: singular values
against numpy.linalg.svd and a 3x2 example by hand; reconstruction; orthonormal U and V;
A v = s u; Eckart-Young: truncating to rank k gives spectral error sigma_{k+1} and Frobenius
error sqrt(sum_{i>k} sigma_i^2), rank 0 and full rank, and no nearby rank-k projection does
better; pseudoinverse against numpy.linalg.pinv and numpy.linalg.lstsq.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["svd_via_eig", "low_rank", "pinv_svd"]

DOC_ZH = {
    "svd_via_eig": """由 A^T A 的特征分解构造（瘦）奇异值分解 A = U diag(s) V^T：
A^T A = V diag(s^2) V^T，u_i = A v_i / s_i。

输入：A，形状 (m, n) 的矩阵，m >= n，列满秩。
输出：(U, s, V)：U 形状 (m, n)，s 为降序排列的奇异值（长度 n），V 形状 (n, n)；
U、V 的列为单位正交向量。

>>> [float(v) for v in svd_via_eig(np.array([[3.0, 0.0], [0.0, -4.0], [0.0, 0.0]]))[1]]
[4.0, 3.0]
""",
    "low_rank": """A 的最佳秩 k 近似（Eckart-Young）：保留前 k 个奇异值及其奇异向量，
A_k = U_k diag(s_k) V_k^T。

输入：A，形状 (m, n) 的矩阵（m >= n，列满秩）；k，0 <= k <= n。
输出：形状 (m, n) 的矩阵；k = 0 时为零矩阵。

>>> low_rank(np.array([[3.0, 0.0], [0.0, 1.0]]), 1).tolist()
[[3.0, 0.0], [0.0, 0.0]]
""",
    "pinv_svd": """用奇异值分解求 Moore-Penrose 伪逆：A^+ = V diag(1/s) U^T。

输入：A，形状 (m, n) 的矩阵，m >= n，列满秩。
输出：形状 (n, m) 的矩阵，满足 A^+ A = I。

>>> pinv_svd(np.array([[2.0], [0.0]])).tolist()
[[0.5, 0.0]]
""",
}

HINTS = {
    "en": (
        "The right singular vectors of A are the eigenvectors of A^T A, and its eigenvalues "
        "are the squared singular values; everything else follows from A v_i = s_i u_i.",
        "eigh(A^T A) returns ascending eigenvalues: reverse them, s = sqrt(max(lam, 0)), "
        "U = A V / s. Keep the first k columns for the best rank-k approximation, and invert "
        "the singular values for the pseudoinverse V diag(1/s) U^T.",
    ),
    "zh": (
        "A 的右奇异向量是 A^T A 的特征向量，特征值是奇异值的平方；其余都由 A v_i = s_i u_i 推出。",
        "eigh(A^T A) 返回升序特征值：把它们反过来，s = sqrt(max(lam, 0))，U = A V / s。取前 k 列得到"
        "最佳秩 k 近似；把奇异值取倒数得到伪逆 V diag(1/s) U^T。",
    ),
}


def svd_via_eig(A):
    """Thin SVD A = U diag(s) V^T from the eigendecomposition A^T A = V diag(s^2) V^T,
    with u_i = A v_i / s_i.

    Input: A, an (m, n) matrix with m >= n and full column rank. Output: (U, s, V) with U
    of shape (m, n), the singular values s in descending order (length n) and V of shape
    (n, n); the columns of U and V are orthonormal.

    >>> [float(v) for v in svd_via_eig(np.array([[3.0, 0.0], [0.0, -4.0], [0.0, 0.0]]))[1]]
    [4.0, 3.0]
    """
    A = np.asarray(A, dtype=float)
    lam, V = np.linalg.eigh(A.T @ A)  # A^T A = V Sigma^2 V^T
    idx = np.argsort(lam)[::-1]
    lam, V = lam[idx], V[:, idx]
    s = np.sqrt(np.clip(lam, 0, None))
    U = A @ V / s  # u_i = A v_i / sigma_i
    return U, s, V


def low_rank(A, k):
    """Best rank-k approximation of A (Eckart-Young): keep the k largest singular values
    and their vectors, A_k = U_k diag(s_k) V_k^T.

    Input: A, an (m, n) matrix (m >= n, full column rank); k, 0 <= k <= n.
    Output: an (m, n) matrix; the zero matrix for k = 0.

    >>> low_rank(np.array([[3.0, 0.0], [0.0, 1.0]]), 1).tolist()
    [[3.0, 0.0], [0.0, 0.0]]
    """
    U, s, V = svd_via_eig(A)
    return U[:, :k] @ np.diag(s[:k]) @ V[:, :k].T


def pinv_svd(A):
    """Moore-Penrose pseudoinverse from the SVD: A^+ = V diag(1/s) U^T.

    Input: A, an (m, n) matrix with m >= n and full column rank. Output: the (n, m)
    matrix A^+, with A^+ A = I.

    >>> pinv_svd(np.array([[2.0], [0.0]])).tolist()
    [[0.5, 0.0]]
    """
    U, s, V = svd_via_eig(A)
    return V @ np.diag(1 / s) @ U.T


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Singular value decomposition")

    # A 40x12 matrix with a decaying spectrum, like many weight and data matrices.
    A = rng.normal(size=(40, 12)) @ np.diag(0.7 ** np.arange(12)) @ rng.normal(size=(12, 12))
    s_ref = np.linalg.svd(A, compute_uv=False)
    with r.case("singular values equal numpy.linalg.svd") as c:
        U, s, V = f.svd_via_eig(A)
        r.figure("singular values", np.round(s, 4).tolist())
        c.close(s, s_ref, rtol=1e-8)
    with r.case("U Sigma V^T reconstructs A") as c:
        U, s, V = f.svd_via_eig(A)
        c.close(U @ np.diag(s) @ V.T, A, atol=1e-10)
    with r.case("U^T U = I and V^T V = I") as c:
        U, s, V = f.svd_via_eig(A)
        c.close([U.T @ U, V.T @ V], [np.eye(12)] * 2, atol=1e-9)
    with r.case("A v_i = s_i u_i and A^T u_i = s_i v_i") as c:
        U, s, V = f.svd_via_eig(A)
        c.close(A @ V, U * s, atol=1e-10)
        c.close(A.T @ U, V * s, atol=1e-10)
    with r.case("a 3x2 example by hand: singular values 4 and 3 of [[3, 0], [0, -4], [0, 0]]") as c:
        U, s, V = f.svd_via_eig(np.array([[3.0, 0.0], [0.0, -4.0], [0.0, 0.0]]))
        c.close(s, [4.0, 3.0], rtol=1e-14)
        c.close(np.abs(V), [[0.0, 1.0], [1.0, 0.0]], atol=1e-14)

    k = 3
    with r.case("Eckart-Young: spectral error = sigma_{k+1}") as c:
        Ak = f.low_rank(A, k)
        err2, errF = np.linalg.norm(A - Ak, 2), np.linalg.norm(A - Ak, "fro")
        r.figure(f"rank-{k} errors (spectral, Frobenius)", [float(err2), float(errF)])
        c.close(err2, s_ref[k], rtol=1e-8)
        c.true(np.linalg.matrix_rank(Ak) == k, f"rank {np.linalg.matrix_rank(Ak)}")
    with r.case("Eckart-Young: Frobenius error = sqrt(sum_{i>k} sigma_i^2)") as c:
        errF = np.linalg.norm(A - f.low_rank(A, k), "fro")
        c.close(errF, np.sqrt(np.sum(s_ref[k:] ** 2)), rtol=1e-8)
    with r.case("rank 0 gives zero and full rank gives A back") as c:
        c.close(f.low_rank(A, 0), np.zeros_like(A), atol=0)
        c.close(f.low_rank(A, 12), A, atol=1e-10)
    # Brute-force competitors: project A onto k-dim column spaces obtained by slightly
    # perturbing the top-k singular subspace (the best fit for each subspace is B B^T A).
    Ur = np.linalg.svd(A)[0][:, :k]
    worse = []
    for _ in range(300):
        B, _ = np.linalg.qr(Ur + 0.05 * rng.normal(size=(40, k)))
        worse.append(np.linalg.norm(A - B @ (B.T @ A), "fro"))
    with r.case("no nearby rank-k projection beats the truncated SVD (300 tries)") as c:
        errF = np.linalg.norm(A - f.low_rank(A, k), "fro")
        c.true(min(worse) >= errF, f"best competitor {min(worse):.4g} vs SVD {errF:.4g}")
    # The energy captured by the top-k singular values.
    r.figure(
        f"fraction of ||A||_F^2 kept by rank {k}", float(np.sum(s_ref[:k] ** 2) / np.sum(s_ref**2))
    )

    with r.case("pseudoinverse V Sigma^+ U^T equals numpy.linalg.pinv") as c:
        c.close(f.pinv_svd(A), np.linalg.pinv(A), rtol=1e-6, atol=1e-10)
    with r.case("pseudoinverse solves least squares: A^+ b equals numpy.linalg.lstsq") as c:
        M = rng.normal(size=(7, 3))
        b = rng.normal(size=7)
        c.close(f.pinv_svd(M) @ b, np.linalg.lstsq(M, b, rcond=None)[0], rtol=1e-10)
    return r


if __name__ == "__main__":
    main(run)
