"""norms-inner-products: inner products, angles, vector and matrix norms, projections.

Follows Goodfellow et al. 2.5 (Norms) and d2l-en 22.1 (dot products and angles). Checks:
hand-written p-norms against numpy.linalg.norm; Cauchy-Schwarz and triangle inequality on
random vectors; Frobenius norm = sqrt(trace(A^T A)) = sqrt(sum of squared singular values);
Gram-Schmidt projection against least squares (numpy.linalg.lstsq); near-orthogonality of
random high-dimensional vectors against E|cos| ~ sqrt(2 / (pi d)).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def pnorm(x, p):
    return np.max(np.abs(x)) if p == np.inf else np.sum(np.abs(x) ** p) ** (1 / p)


def gram_schmidt(A):
    Q = np.zeros_like(A)
    for j in range(A.shape[1]):
        v = A[:, j] - Q[:, :j] @ (Q[:, :j].T @ A[:, j])  # remove components along earlier q's
        Q[:, j] = v / np.linalg.norm(v)
    return Q


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Norms and inner products")

    x = rng.normal(size=20)
    for p in (1, 2, 3, np.inf):
        r.check_close(
            f"L{p} norm equals numpy.linalg.norm", pnorm(x, p), np.linalg.norm(x, ord=p), rtol=1e-13
        )

    U, V = rng.normal(size=(1000, 5)), rng.normal(size=(1000, 5))
    dots = np.abs(np.sum(U * V, axis=1))
    nu, nv = np.linalg.norm(U, axis=1), np.linalg.norm(V, axis=1)
    r.check("Cauchy-Schwarz |<u,v>| <= ||u|| ||v|| (1000 pairs)", np.all(dots <= nu * nv + 1e-12))
    r.check(
        "triangle inequality ||u+v|| <= ||u|| + ||v||",
        np.all(np.linalg.norm(U + V, axis=1) <= nu + nv + 1e-12),
    )
    r.check_close(
        "equality in Cauchy-Schwarz for parallel vectors",
        abs(x @ (-2.5 * x)),
        np.linalg.norm(x) * np.linalg.norm(-2.5 * x),
        rtol=1e-13,
    )

    A = rng.normal(size=(6, 4))
    fro = np.sqrt(np.trace(A.T @ A))
    r.check_close("Frobenius norm = sqrt(trace(A^T A))", fro, np.linalg.norm(A, "fro"), rtol=1e-13)
    r.check_close(
        "Frobenius norm = sqrt(sum sigma_i^2)",
        fro,
        np.sqrt(np.sum(np.linalg.svd(A, compute_uv=False) ** 2)),
        rtol=1e-12,
    )
    r.check_close(
        "spectral norm ||A||_2 = largest singular value",
        np.linalg.norm(A, 2),
        np.sqrt(np.max(np.linalg.eigvalsh(A.T @ A))),
        rtol=1e-12,
    )

    Q = gram_schmidt(A)
    r.check_close(
        "Gram-Schmidt gives orthonormal columns (Q^T Q = I)", Q.T @ Q, np.eye(4), atol=1e-12
    )
    b = rng.normal(size=6)
    coef = np.linalg.lstsq(A, b, rcond=None)[0]
    r.check_close(
        "projection Q Q^T b equals least-squares fit A x*",
        Q @ (Q.T @ b),
        A @ coef,
        rtol=1e-10,
        atol=1e-12,
    )
    r.check_close(
        "residual is orthogonal to the column space", A.T @ (b - A @ coef), np.zeros(4), atol=1e-12
    )

    d = 4096
    X, Y = rng.normal(size=(500, d)), rng.normal(size=(500, d))
    cos = np.sum(X * Y, axis=1) / (np.linalg.norm(X, axis=1) * np.linalg.norm(Y, axis=1))
    r.figure("mean |cosine| of random pairs in 4096-D", float(np.mean(np.abs(cos))))
    r.check_close(
        "random high-dim vectors are nearly orthogonal: E|cos| ~ sqrt(2/(pi d))",
        np.mean(np.abs(cos)),
        np.sqrt(2 / (np.pi * d)),
        rtol=0.1,
    )
    return r


if __name__ == "__main__":
    main(run)
