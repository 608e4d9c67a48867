"""matrix-calculus: gradients of functions of vectors and matrices, Jacobians, Hessians.

Follows Murphy PML1 ch. 7 (matrix calculus), Goodfellow et al. 4.3 (Jacobian and Hessian
matrices) and d2l-zh 2.4. Each hand-derived gradient is compared with central finite differences:
grad of x^T A x = (A + A^T) x (non-symmetric A); Hessian = A + A^T;
grad_X log det X = X^{-T} (symmetric and non-symmetric X);
grad_W ||W X - Y||_F^2 = 2 (W X - Y) X^T (non-square). The learner's central difference is
compared with closed forms: grad_X tr(A X) = A^T, the exact O(h^2) error of a cubic, and
the Jacobian of a linear layer.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["num_grad", "grad_quadratic", "grad_logdet", "grad_least_squares"]

DOC_ZH = {
    "num_grad": """标量函数 fun 在 X 处的中心差分梯度：G[i] = (fun(X + h e_i) - fun(X - h e_i)) / (2h)，
对 X 的每个元素 i（X 可以是向量或矩阵）。

输入：fun，把与 X 同形状的数组映射为 float 的函数；X，数组；h，步长。
输出：与 X 同形状的数组。

>>> num_grad(lambda v: float(v @ v), np.array([1.0, -2.0]), 1e-3).round(6).tolist()
[2.0, -4.0]
""",
    "grad_quadratic": """二次型 x^T A x 对 x 的梯度：(A + A^T) x（A 不必对称）。

输入：A，n×n 矩阵；x，长度 n 的向量。
输出：长度 n 的梯度向量。

>>> grad_quadratic(np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([1.0, 1.0])).tolist()
[4.0, 4.0]
""",
    "grad_logdet": """log det X 对 X 的梯度：X^{-T}（X 可逆且 det X > 0）。

输入：X，n×n 矩阵。
输出：n×n 矩阵 (X^{-1})^T。

>>> grad_logdet(np.array([[2.0, 0.0], [1.0, 4.0]])).tolist()
[[0.5, -0.125], [0.0, 0.25]]
""",
    "grad_least_squares": """||W X - Y||_F^2 对 W 的梯度：2 (W X - Y) X^T。

输入：W，形状 (m, d)；X，形状 (d, n)；Y，形状 (m, n)。
输出：形状 (m, d) 的梯度。

>>> grad_least_squares(np.array([[1.0]]), np.array([[1.0, 2.0]]), np.array([[0.0, 0.0]])).tolist()
[[10.0]]
""",
}

HINTS = {
    "en": (
        "Write the function as a sum over indices, differentiate with respect to one entry, "
        "and read the answer back as a matrix expression; check it against finite differences.",
        "d(x^T A x)/dx = (A + A^T) x; d log det X / dX = X^{-T}; for the loss "
        "||W X - Y||_F^2 the residual R = W X - Y gives 2 R X^T. A central difference "
        "perturbs one entry by +h and -h and divides the change by 2h.",
    ),
    "zh": (
        "把函数写成对下标的求和，对其中一个元素求导，再把结果读回成矩阵表达式；用有限差分验证。",
        "d(x^T A x)/dx = (A + A^T) x；d log det X / dX = X^{-T}；损失 ||W X - Y||_F^2 的残差 "
        "R = W X - Y 给出 2 R X^T。中心差分把一个元素分别加减 h，再把变化量除以 2h。",
    ),
}


def num_grad(fun, X, h):
    """Central-difference gradient of a scalar function: G[i] = (fun(X + h e_i) -
    fun(X - h e_i)) / (2h) for every entry i of X (a vector or a matrix).

    Input: fun, a function from arrays shaped like X to floats; X, an array; h, the step.
    Output: an array shaped like X.

    >>> num_grad(lambda v: float(v @ v), np.array([1.0, -2.0]), 1e-3).round(6).tolist()
    [2.0, -4.0]
    """
    X = np.asarray(X, dtype=float)
    G = np.zeros_like(X)
    for i in np.ndindex(X.shape):
        E = np.zeros_like(X)
        E[i] = h
        G[i] = (fun(X + E) - fun(X - E)) / (2 * h)
    return G


def grad_quadratic(A, x):
    """Gradient of the quadratic form x^T A x with respect to x: (A + A^T) x (A need not be
    symmetric).

    Input: A, an n x n matrix; x, a vector of length n. Output: the gradient (length n).

    >>> grad_quadratic(np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([1.0, 1.0])).tolist()
    [4.0, 4.0]
    """
    return (A + A.T) @ x


def grad_logdet(X):
    """Gradient of log det X with respect to X: X^{-T} (X invertible with det X > 0).

    Input: X, an n x n matrix. Output: the n x n matrix (X^{-1})^T.

    >>> grad_logdet(np.array([[2.0, 0.0], [1.0, 4.0]])).tolist()
    [[0.5, -0.125], [0.0, 0.25]]
    """
    return np.linalg.inv(X).T


def grad_least_squares(W, X, Y):
    """Gradient of ||W X - Y||_F^2 with respect to W: 2 (W X - Y) X^T.

    Input: W of shape (m, d), X of shape (d, n), Y of shape (m, n).
    Output: the (m, d) gradient.

    >>> grad_least_squares(np.array([[1.0]]), np.array([[1.0, 2.0]]), np.array([[0.0, 0.0]])).tolist()
    [[10.0]]
    """
    return 2 * (W @ X - Y) @ X.T


def _fd(fun, X, h=1e-6):
    """The reference central difference (not the learner's num_grad)."""
    G = np.zeros_like(X)
    for i in np.ndindex(X.shape):
        E = np.zeros_like(X)
        E[i] = h
        G[i] = (fun(X + E) - fun(X - E)) / (2 * h)
    return G


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Matrix calculus")
    n = 5
    A = rng.normal(size=(n, n))
    x = rng.normal(size=n)

    def quad(v):
        return v @ A @ v

    with r.case("grad of x^T A x = (A + A^T) x") as c:
        c.close(f.grad_quadratic(A, x), _fd(quad, x), atol=1e-8)
    with r.case("Hessian of x^T A x = A + A^T (differences of the gradient)") as c:
        H = np.column_stack(
            [
                (f.grad_quadratic(A, x + 1e-4 * e) - f.grad_quadratic(A, x - 1e-4 * e)) / 2e-4
                for e in np.eye(n)
            ]
        )
        c.close(H, A + A.T, atol=1e-8)

    X = rng.normal(size=(n, n))
    S = X @ X.T + n * np.eye(n)  # positive definite: log det is defined

    def logdet(M):
        return np.linalg.slogdet(M)[1]

    with r.case("grad_X log det X = X^{-T}") as c:
        c.close(f.grad_logdet(S), _fd(logdet, S), atol=1e-8)
        N = rng.normal(size=(4, 4)) + 4 * np.eye(4)  # not symmetric: the transpose matters
        c.close(f.grad_logdet(N), _fd(logdet, N), atol=1e-8)

    W, Xd, Y = rng.normal(size=(3, 4)), rng.normal(size=(4, 10)), rng.normal(size=(3, 10))

    def loss(M):
        return np.sum((M @ Xd - Y) ** 2)

    with r.case("grad_W ||W X - Y||_F^2 = 2 (W X - Y) X^T") as c:
        c.close(f.grad_least_squares(W, Xd, Y), _fd(loss, W), rtol=1e-7, atol=1e-7)

    # The learner's central difference against gradients known in closed form.
    with r.case("num_grad of tr(A X) equals A^T (a matrix input)") as c:
        c.close(f.num_grad(lambda M: np.trace(A @ M), X, 1e-6), A.T, atol=1e-8)
    with r.case("num_grad of a cubic is exact to O(h^2): d/dx sum x^3 = 3 x^2 + h^2") as c:
        h = 1e-2  # central difference of x^3: 3 x^2 + h^2 exactly
        c.close(f.num_grad(lambda v: np.sum(v**3), x, h), 3 * x**2 + h**2, rtol=1e-9, atol=1e-12)
    # Jacobian of y = W v + b with respect to v is W; with respect to W, dy_i/dW_jk = delta_ij v_k.
    v = rng.normal(size=4)
    with r.case("Jacobian of a linear layer d(Wv)/dv = W") as c:
        Jv = np.array([f.num_grad(lambda u, i=i: (W @ u)[i], v, 1e-6) for i in range(3)])
        c.close(Jv, W, atol=1e-8)
    with r.case("d(Wv)_1/dW has v in row 1 and zeros elsewhere") as c:
        c.close(f.num_grad(lambda M: (M @ v)[1], W, 1e-6), np.outer(np.eye(3)[1], v), atol=1e-8)
    return r


if __name__ == "__main__":
    main(run)
