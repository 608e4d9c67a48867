"""SVD from the eigendecomposition of A^T A, taking numpy.linalg.eigh's ascending order as is.

The learner assumes the eigenvalues come out largest first, so the singular values are in
ascending order and the "best rank-k approximation" keeps the k smallest of them.
"""

import numpy as np

BREAKS = [
    "singular values equal numpy.linalg.svd",
    "a 3x2 example by hand: singular values 4 and 3 of [[3, 0], [0, -4], [0, 0]]",
    "Eckart-Young: spectral error = sigma_{k+1}",
    "Eckart-Young: Frobenius error = sqrt(sum_{i>k} sigma_i^2)",
]


def svd_via_eig(A):
    A = np.asarray(A, dtype=float)
    evals, V = np.linalg.eigh(A.T @ A)  # ascending order, kept as it comes
    s = np.sqrt(np.clip(evals, 0.0, None))
    U = (A @ V) / s
    return U, s, V


def low_rank(A, k):
    U, s, V = svd_via_eig(A)
    return (U[:, :k] * s[:k]) @ V[:, :k].T


def pinv_svd(A):
    U, s, V = svd_via_eig(A)
    return (V / s) @ U.T
