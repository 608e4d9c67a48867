"""low-rank-approximation: the truncated SVD is the best rank-k approximation (Eckart-Young).

Follows Eckart & Young (1936); Murphy PML1 ch 7 / Goodfellow et al. ch 2 for the SVD.
Checks: ||A - A_k||_F^2 equals the sum of the discarded squared singular values and
||A - A_k||_2 equals sigma_{k+1} (numpy.linalg.norm as the reference); no other rank-k
matrix tried (400 perturbed rank-k subspaces, plus an independently coded alternating
least squares fit) does better, and ALS converges to the same error; a rank-k factorisation
stores k(m + n) numbers instead of mn.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def truncated_svd(A: np.ndarray, k: int) -> np.ndarray:
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return (U[:, :k] * s[:k]) @ Vt[:k]


def als(A: np.ndarray, k: int, rng, iters: int = 300) -> np.ndarray:
    """Alternating least squares for min ||A - L R||_F, L: m x k, R: k x n."""
    L = rng.normal(size=(A.shape[0], k))
    for _ in range(iters):
        R = np.linalg.lstsq(L, A, rcond=None)[0]
        L = np.linalg.lstsq(R.T, A.T, rcond=None)[0].T
    return L @ R


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Low-rank approximation (Eckart-Young)")
    m, n, k = 60, 40, 5
    U, _ = np.linalg.qr(rng.normal(size=(m, n)))
    V, _ = np.linalg.qr(rng.normal(size=(n, n)))
    sig = 10.0 * 0.7 ** np.arange(n)  # decaying spectrum
    A = (U * sig) @ V.T
    Ak = truncated_svd(A, k)
    s = np.linalg.svd(A, compute_uv=False)
    err_F = np.linalg.norm(A - Ak, "fro")
    r.figure("singular values 1..8", np.round(s[:8], 4).tolist())
    r.check_close(
        "||A - A_k||_F^2 = sum of discarded sigma_i^2", err_F**2, np.sum(s[k:] ** 2), rtol=1e-10
    )
    r.check_close("||A - A_k||_2 = sigma_{k+1}", np.linalg.norm(A - Ak, 2), s[k], rtol=1e-10)
    r.check("A_k has rank k", np.linalg.matrix_rank(Ak, tol=1e-8) == k)

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
    r.check("no perturbed rank-k projection beats the truncated SVD", best_rand >= err_F - 1e-12)
    err_als = np.linalg.norm(A - als(A, k, rng), "fro")
    r.check_close(
        "alternating least squares converges to the same optimal error", err_als, err_F, rtol=1e-6
    )
    r.figure("stored numbers: dense vs rank-k factors", (m * n, k * (m + n)))
    return r


if __name__ == "__main__":
    main(run)
