"""low-rank-approximation: the truncated SVD is the best rank-k approximation (Eckart-Young).

Follows Eckart & Young (1936); Murphy PML1 ch 7 / Goodfellow et al. ch 2 for the SVD.
Checks: ||A - A_k||_F^2 equals the sum of the discarded squared singular values and
||A - A_k||_2 equals sigma_{k+1} (numpy.linalg.norm as the reference); no other rank-k
matrix tried (400 perturbed rank-k subspaces, plus an independently coded alternating
least squares fit) does better, and ALS converges to the same error; a rank-k factorisation
stores k(m + n) numbers instead of mn. The same Eckart-Young identities are checked on a
wide matrix and at k = 0 and full rank, and the truncated SVD's column space equals the top
left singular vectors of numpy.linalg.svd.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["truncated_svd", "als"]

DOC_ZH = {
    "truncated_svd": """截断 SVD：A 的最佳秩 k 逼近 A_k = U_k diag(s_k) V_k^T（Eckart-Young）。

输入：A，形状 (m, n)；k，秩（0 <= k <= min(m, n)）。
输出：形状 (m, n) 的数组 A_k。

>>> truncated_svd(np.diag([3.0, 2.0, 1.0]), 2).tolist()
[[3.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 0.0]]
""",
    "als": """交替最小二乘求 min ||A - L R||_F：L 从 rng.normal(size=(m, k)) 开始，每次迭代先在 L 固定时
用最小二乘解 R，再在 R 固定时解 L。

输入：A，形状 (m, n)；k，秩；rng，numpy Generator；iters，迭代次数。
输出：乘积 L @ R，形状 (m, n)。

>>> round(float(np.linalg.norm(als(np.diag([3.0, 1.0]), 1, np.random.default_rng(0)))), 6)
3.0
""",
}

HINTS = {
    "en": (
        "The SVD sorts the directions of A by how much they matter; keep the k most "
        "important ones.",
        "np.linalg.svd(A, full_matrices=False) gives U, s, Vt with s descending; A_k = "
        "(U[:, :k] * s[:k]) @ Vt[:k]. ALS: R = lstsq(L, A), then L = lstsq(R^T, A^T)^T, "
        "each step a least-squares problem that cannot increase the error.",
    ),
    "zh": (
        "SVD 按重要程度给 A 的方向排序；保留最重要的 k 个。",
        "np.linalg.svd(A, full_matrices=False) 给出 U、s、Vt，s 递减；A_k = (U[:, :k] * s[:k]) @ Vt[:k]。"
        "ALS：R = lstsq(L, A)，再 L = lstsq(R^T, A^T)^T，每一步都是不会增大误差的最小二乘问题。",
    ),
}


def truncated_svd(A: np.ndarray, k: int) -> np.ndarray:
    """Truncated SVD: the best rank-k approximation A_k = U_k diag(s_k) V_k^T of A
    (Eckart-Young).

    Input: A of shape (m, n); k, the rank (0 <= k <= min(m, n)). Output: A_k, (m, n).

    >>> truncated_svd(np.diag([3.0, 2.0, 1.0]), 2).tolist()
    [[3.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 0.0]]
    """
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return (U[:, :k] * s[:k]) @ Vt[:k]


def als(A: np.ndarray, k: int, rng, iters: int = 300) -> np.ndarray:
    """Alternating least squares for min ||A - L R||_F: L starts at rng.normal(size=(m, k));
    each iteration solves for R by least squares with L fixed, then for L with R fixed.

    Input: A of shape (m, n); k, the rank; rng, a numpy Generator; iters.
    Output: the product L @ R, of shape (m, n).

    >>> round(float(np.linalg.norm(als(np.diag([3.0, 1.0]), 1, np.random.default_rng(0)))), 6)
    3.0
    """
    L = rng.normal(size=(A.shape[0], k))
    for _ in range(iters):
        R = np.linalg.lstsq(L, A, rcond=None)[0]
        L = np.linalg.lstsq(R.T, A.T, rcond=None)[0].T
    return L @ R


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Low-rank approximation (Eckart-Young)")
    m, n, k = 60, 40, 5
    U, _ = np.linalg.qr(rng.normal(size=(m, n)))
    V, _ = np.linalg.qr(rng.normal(size=(n, n)))
    sig = 10.0 * 0.7 ** np.arange(n)  # decaying spectrum
    A = (U * sig) @ V.T
    s = np.linalg.svd(A, compute_uv=False)
    Ak, err_F = np.zeros_like(A), np.inf
    r.figure("singular values 1..8", np.round(s[:8], 4).tolist())
    with r.case("||A - A_k||_F^2 = sum of discarded sigma_i^2") as c:
        Ak = np.asarray(f.truncated_svd(A, k))
        err_F = np.linalg.norm(A - Ak, "fro")
        c.close(err_F**2, np.sum(s[k:] ** 2), rtol=1e-10)
    with r.case("||A - A_k||_2 = sigma_{k+1}") as c:
        c.close(np.linalg.norm(A - Ak, 2), s[k], rtol=1e-10)
    with r.case("A_k has rank k") as c:
        c.equal(int(np.linalg.matrix_rank(Ak, tol=1e-8)), k)
        Uk = np.linalg.svd(A, full_matrices=False)[0][:, :k]
        c.close(Uk @ (Uk.T @ Ak), Ak, atol=1e-10)  # its columns lie in span(U_k)
    with r.case("wide matrix, k = 0 and full rank") as c:
        W = rng.normal(size=(4, 9))
        sw = np.linalg.svd(W, compute_uv=False)
        for kk in (0, 1, 3, 4):
            Wk = np.asarray(f.truncated_svd(W, kk))
            c.close(
                np.linalg.norm(W - Wk, "fro") ** 2, np.sum(sw[kk:] ** 2), rtol=1e-10, atol=1e-20
            )
        c.close(f.truncated_svd(W, 4), W, atol=1e-12)

    # competitors: project A onto k-dimensional column spaces near the optimal one
    Uk = np.linalg.svd(A, full_matrices=False)[0][:, :k]
    best_rand = min(
        np.linalg.norm(A - Q @ (Q.T @ A), "fro")
        for Q in (np.linalg.qr(Uk + 0.05 * rng.normal(size=(m, k)))[0] for _ in range(400))
    )
    r.figure(
        "Frobenius error: SVD vs best of 400 perturbed rank-k subspaces",
        (round(float(err_F), 4), round(float(best_rand), 4)),
    )
    with r.case("no perturbed rank-k projection beats the truncated SVD") as c:
        c.true(best_rand >= err_F - 1e-12)
    with r.case("alternating least squares converges to the same optimal error") as c:
        P = np.asarray(f.als(A, k, rng))
        c.equal(int(np.linalg.matrix_rank(P, tol=1e-8)), k)
        c.close(np.linalg.norm(A - P, "fro"), np.sqrt(np.sum(s[k:] ** 2)), rtol=1e-6)
    with r.case("one ALS iteration = two least-squares solves from the documented start") as c:
        B = rng.normal(size=(7, 5))
        L = np.random.default_rng(4).normal(size=(7, 2))
        R = np.linalg.solve(L.T @ L, L.T @ B)  # normal equations, not lstsq
        L = np.linalg.solve(R @ R.T, R @ B.T).T
        c.close(f.als(B, 2, np.random.default_rng(4), iters=1), L @ R, rtol=1e-9)
    r.figure("stored numbers: dense vs rank-k factors", (m * n, k * (m + n)))
    return r


if __name__ == "__main__":
    main(run)
