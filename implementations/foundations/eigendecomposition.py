"""eigendecomposition: A v = lambda v, A = V diag(lambda) V^{-1}, and A = Q diag(lambda) Q^T.

Follows Goodfellow et al. 2.7 (Eigendecomposition) and d2l-en 22.2 (Eigendecompositions).
A cyclic Jacobi method (plane rotations) diagonalises a symmetric matrix. Checks: its
eigenvalues against numpy.linalg.eigvalsh; reconstruction Q Lambda Q^T = A with orthogonal
Q; trace = sum and det = product of eigenvalues; power iteration for the top eigenvalue;
the hand-computed 2x2 example [[2, 1], [2, 3]] with eigenvalues 1 and 4; A^k via eigenvalues.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def jacobi_eigh(A, sweeps=20, tol=1e-14):
    """Diagonalise symmetric A by rotations that zero one off-diagonal entry at a time."""
    A = A.astype(float).copy()
    n = len(A)
    Q = np.eye(n)
    for _ in range(sweeps):
        off = np.sqrt(np.sum(A**2) - np.sum(np.diag(A) ** 2))
        if off < tol:
            break
        for p in range(n - 1):
            for q in range(p + 1, n):
                if abs(A[p, q]) < 1e-300:
                    continue
                theta = 0.5 * np.arctan2(2 * A[p, q], A[q, q] - A[p, p])
                c, s = np.cos(theta), np.sin(theta)
                J = np.eye(n)
                J[p, p], J[q, q], J[p, q], J[q, p] = c, c, s, -s
                A = J.T @ A @ J  # similarity transform keeps the eigenvalues
                Q = Q @ J
    return np.diag(A), Q


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Eigendecomposition")

    B = rng.normal(size=(6, 6))
    S = (B + B.T) / 2
    lam, Q = jacobi_eigh(S)
    order = np.argsort(lam)
    lam, Q = lam[order], Q[:, order]
    r.figure("eigenvalues (Jacobi)", lam.round(6).tolist())
    r.check_close(
        "Jacobi eigenvalues equal numpy.linalg.eigvalsh",
        lam,
        np.linalg.eigvalsh(S),
        rtol=1e-10,
        atol=1e-12,
    )
    r.check_close("Q diag(lambda) Q^T reconstructs S", Q @ np.diag(lam) @ Q.T, S, atol=1e-12)
    r.check_close("eigenvectors are orthonormal (Q^T Q = I)", Q.T @ Q, np.eye(6), atol=1e-12)
    r.check_close("S v = lambda v for every pair", S @ Q, Q * lam, atol=1e-12)
    r.check_close("trace = sum of eigenvalues", np.trace(S), lam.sum(), rtol=1e-12, atol=1e-12)
    r.check_close("det = product of eigenvalues", np.linalg.det(S), np.prod(lam), rtol=1e-10)

    # Power iteration finds the eigenvalue of largest magnitude.
    v = rng.normal(size=6)
    for _ in range(2000):
        v = S @ v
        v /= np.linalg.norm(v)
    rayleigh = v @ S @ v
    top = lam[np.argmax(np.abs(lam))]
    r.check_close("power iteration finds the largest-|lambda| eigenvalue", rayleigh, top, rtol=1e-8)

    # Non-symmetric example worked by hand: det(A - lambda I) = (4 - lambda)(1 - lambda).
    A = np.array([[2.0, 1.0], [2.0, 3.0]])
    W = np.array([[1.0, 1.0], [-1.0, 2.0]])  # eigenvectors for lambda = 1 and 4
    r.check_close(
        "A = W diag(1, 4) W^{-1}", W @ np.diag([1.0, 4.0]) @ np.linalg.inv(W), A, rtol=1e-12
    )
    r.check_close(
        "A^5 = W diag(1, 4^5) W^{-1}",
        np.linalg.matrix_power(A, 5),
        W @ np.diag([1.0, 4.0**5]) @ np.linalg.inv(W),
        rtol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
