"""matrix-calculus: gradients of functions of vectors and matrices, Jacobians, Hessians.

Follows Murphy PML1 ch. 7 (matrix calculus), Goodfellow et al. 4.3 (Jacobian and Hessian
matrices) and d2l-zh 2.4. Each identity is compared with central finite differences:
grad of x^T A x = (A + A^T) x; Hessian = A + A^T; grad_X tr(A X) = A^T;
grad_X log det X = X^{-T}; grad_W ||W X - Y||_F^2 = 2 (W X - Y) X^T;
and the Jacobian of a linear layer.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def num_grad(f, X, h=1e-6):
    G = np.zeros_like(X)
    for i in np.ndindex(X.shape):
        E = np.zeros_like(X)
        E[i] = h
        G[i] = (f(X + E) - f(X - E)) / (2 * h)
    return G


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Matrix calculus")
    n = 5
    A = rng.normal(size=(n, n))
    x = rng.normal(size=n)

    def quad(v):
        return v @ A @ v

    r.check_close("grad of x^T A x = (A + A^T) x", (A + A.T) @ x, num_grad(quad, x), atol=1e-8)
    H_fd = (
        np.column_stack(
            [num_grad(quad, x + 1e-4 * e) - num_grad(quad, x - 1e-4 * e) for e in np.eye(n)]
        )
        / 2e-4
    )
    r.check_close("Hessian of x^T A x = A + A^T", H_fd, A + A.T, atol=1e-5)

    X = rng.normal(size=(n, n))
    r.check_close("grad_X tr(A X) = A^T", num_grad(lambda M: np.trace(A @ M), X), A.T, atol=1e-8)

    S = X @ X.T + n * np.eye(n)  # positive definite: log det is defined

    def logdet(M):
        return np.linalg.slogdet(M)[1]

    r.check_close("grad_X log det X = X^{-T}", num_grad(logdet, S), np.linalg.inv(S).T, atol=1e-8)

    W, Xd, Y = rng.normal(size=(3, 4)), rng.normal(size=(4, 10)), rng.normal(size=(3, 10))

    def loss(M):
        return np.sum((M @ Xd - Y) ** 2)

    r.check_close(
        "grad_W ||W X - Y||_F^2 = 2 (W X - Y) X^T",
        num_grad(loss, W),
        2 * (W @ Xd - Y) @ Xd.T,
        rtol=1e-7,
        atol=1e-7,
    )

    # Jacobian of y = W v + b with respect to v is W; with respect to W, dy_i/dW_jk = delta_ij v_k.
    v = rng.normal(size=4)
    Jv = np.column_stack([num_grad(lambda u, i=i: (W @ u)[i], v) for i in range(3)]).T
    r.check_close("Jacobian of a linear layer d(Wv)/dv = W", Jv, W, atol=1e-8)
    JW = num_grad(lambda M: (M @ v)[1], W)
    r.check_close(
        "d(Wv)_1/dW has v in row 1 and zeros elsewhere", JW, np.outer(np.eye(3)[1], v), atol=1e-8
    )
    return r


if __name__ == "__main__":
    main(run)
