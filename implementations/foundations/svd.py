"""svd: the singular value decomposition A = U Sigma V^T and best low-rank approximation.

Follows Goodfellow et al. 2.8 (Singular Value Decomposition), 2.9 (pseudoinverse), 2.12
(PCA). The SVD is built from the eigendecomposition of A^T A. Checks: singular values
against numpy.linalg.svd; reconstruction; orthonormal U and V; Eckart-Young: truncating to
rank k gives spectral error sigma_{k+1} and Frobenius error sqrt(sum_{i>k} sigma_i^2), and
no random rank-k approximation does better; pseudoinverse against numpy.linalg.pinv.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def svd_via_eig(A):
    lam, V = np.linalg.eigh(A.T @ A)  # A^T A = V Sigma^2 V^T
    idx = np.argsort(lam)[::-1]
    lam, V = lam[idx], V[:, idx]
    s = np.sqrt(np.clip(lam, 0, None))
    U = A @ V / s  # u_i = A v_i / sigma_i
    return U, s, V


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Singular value decomposition")

    # A 40x12 matrix with a decaying spectrum, like many weight and data matrices.
    A = rng.normal(size=(40, 12)) @ np.diag(0.7 ** np.arange(12)) @ rng.normal(size=(12, 12))
    U, s, V = svd_via_eig(A)
    s_ref = np.linalg.svd(A, compute_uv=False)
    r.figure("singular values", s.round(4).tolist())
    r.check_close("singular values equal numpy.linalg.svd", s, s_ref, rtol=1e-8)
    r.check_close("U Sigma V^T reconstructs A", U @ np.diag(s) @ V.T, A, atol=1e-10)
    r.check_close("U^T U = I and V^T V = I", [U.T @ U, V.T @ V], [np.eye(12)] * 2, atol=1e-9)

    k = 3
    Ak = U[:, :k] @ np.diag(s[:k]) @ V[:, :k].T
    err2, errF = np.linalg.norm(A - Ak, 2), np.linalg.norm(A - Ak, "fro")
    r.figure(f"rank-{k} errors (spectral, Frobenius)", [float(err2), float(errF)])
    r.check_close("Eckart-Young: spectral error = sigma_{k+1}", err2, s_ref[k], rtol=1e-8)
    r.check_close(
        "Eckart-Young: Frobenius error = sqrt(sum_{i>k} sigma_i^2)",
        errF,
        np.sqrt(np.sum(s_ref[k:] ** 2)),
        rtol=1e-8,
    )
    # Brute-force competitors: project A onto k-dim column spaces obtained by slightly
    # perturbing the top-k singular subspace (the best fit for each subspace is B B^T A).
    worse = []
    for _ in range(300):
        B, _ = np.linalg.qr(U[:, :k] + 0.05 * rng.normal(size=(40, k)))
        worse.append(np.linalg.norm(A - B @ (B.T @ A), "fro"))
    r.check(
        "no nearby rank-k projection beats the truncated SVD (300 tries)",
        min(worse) >= errF,
        f"best competitor {min(worse):.4g} vs SVD {errF:.4g}",
    )
    # The energy captured by the top-k singular values.
    r.figure(f"fraction of ||A||_F^2 kept by rank {k}", float(np.sum(s[:k] ** 2) / np.sum(s**2)))

    r.check_close(
        "pseudoinverse V Sigma^+ U^T equals numpy.linalg.pinv",
        V @ np.diag(1 / s) @ U.T,
        np.linalg.pinv(A),
        rtol=1e-6,
        atol=1e-10,
    )
    return r


if __name__ == "__main__":
    main(run)
