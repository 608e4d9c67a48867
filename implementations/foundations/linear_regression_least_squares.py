"""linear-regression-least-squares: the normal equations and the QR route.

Follows Murphy PML1 ch. 11 (ordinary least squares, the normal equations X^T X w = X^T y,
and solving them by QR for numerical stability), Bishop PRML ch. 3 and Goodfellow et al.
sec. 5.1. Checks: both solvers equal numpy.linalg.lstsq; the residual is orthogonal to every
column of X (the geometry of projection); the hat matrix is a symmetric idempotent projector
whose trace is the number of columns; with an intercept the residuals sum to zero; on an
ill-conditioned design (cond ~ 1e7) QR keeps the error near eps * cond while the normal
equations square the condition number; the back-substitution is exact on a triangular system.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["lstsq_normal", "lstsq_qr", "back_substitute"]

DOC_ZH = {
    "lstsq_normal": """用正规方程求最小二乘：解 X^T X w = X^T y。

输入：X，(n, d) 且列满秩；y，(n,)。
输出：w，(d,)。

>>> X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
>>> np.round(lstsq_normal(X, np.array([1.0, 2.0, 2.0])), 6).tolist()
[1.166667, 0.5]
""",
    "lstsq_qr": """用 QR 分解求最小二乘：X = Q R（Q 列正交、R 上三角），再回代解 R w = Q^T y。

输入：X，(n, d) 且列满秩；y，(n,)。
输出：w，(d,)。可以用 np.linalg.qr，但回代要用你自己的 back_substitute。

>>> X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
>>> np.round(lstsq_qr(X, np.array([1.0, 2.0, 2.0])), 6).tolist()
[1.166667, 0.5]
""",
    "back_substitute": """回代：解上三角方程组 R w = c，从最后一个未知数往前求。

输入：R，(d, d) 上三角且对角元非零；c，(d,)。
输出：w，(d,)。

>>> back_substitute(np.array([[2.0, 1.0], [0.0, 4.0]]), np.array([4.0, 8.0])).tolist()
[1.0, 2.0]
""",
}

HINTS = {
    "en": (
        "At the minimum the residual y - X w is perpendicular to every column of X; write that "
        "condition as a linear system.",
        "Normal equations: X^T (y - X w) = 0, i.e. X^T X w = X^T y. Forming X^T X squares the "
        "condition number; with X = Q R the same condition becomes R w = Q^T y, solved by back "
        "substitution w_i = (c_i - sum_{j>i} R_ij w_j) / R_ii for i = d-1 down to 0.",
    ),
    "zh": (
        "在最小值处，残差 y - X w 与 X 的每一列都垂直；把这个条件写成线性方程组。",
        "正规方程：X^T (y - X w) = 0，即 X^T X w = X^T y。构造 X^T X 会把条件数平方；用 X = Q R，"
        "同一条件变为 R w = Q^T y，回代 w_i = (c_i - Σ_{j>i} R_ij w_j) / R_ii，i 从 d-1 降到 0。",
    ),
}


def lstsq_normal(X, y):
    """Least squares by the normal equations: solve X^T X w = X^T y.

    Input: X (n, d) with full column rank; y (n,). Output: w (d,).

    >>> X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    >>> np.round(lstsq_normal(X, np.array([1.0, 2.0, 2.0])), 6).tolist()
    [1.166667, 0.5]
    """
    return np.linalg.solve(X.T @ X, X.T @ y)


def back_substitute(R, c):
    """Back substitution: solve the upper-triangular system R w = c from the last unknown up.

    Input: R (d, d) upper triangular with a nonzero diagonal; c (d,). Output: w (d,).

    >>> back_substitute(np.array([[2.0, 1.0], [0.0, 4.0]]), np.array([4.0, 8.0])).tolist()
    [1.0, 2.0]
    """
    d = len(c)
    w = np.zeros(d)
    for i in range(d - 1, -1, -1):
        w[i] = (c[i] - R[i, i + 1 :] @ w[i + 1 :]) / R[i, i]
    return w


def lstsq_qr(X, y):
    """Least squares by QR: X = Q R (orthonormal columns, upper-triangular R), then R w = Q^T y.

    Input: X (n, d) with full column rank; y (n,). Output: w (d,). np.linalg.qr is allowed;
    the triangular solve uses back_substitute.

    >>> X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    >>> np.round(lstsq_qr(X, np.array([1.0, 2.0, 2.0])), 6).tolist()
    [1.166667, 0.5]
    """
    Q, R = np.linalg.qr(X)
    return back_substitute(R, Q.T @ y)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Linear least squares: normal equations vs QR")
    n, d = 60, 5
    X = np.column_stack([np.ones(n), rng.normal(size=(n, d - 1))])
    y = X @ rng.normal(size=d) + 0.3 * rng.normal(size=n)
    w_ref = np.linalg.lstsq(X, y, rcond=None)[0]

    with r.case("normal equations equal numpy.linalg.lstsq") as c:
        c.close(f.lstsq_normal(X, y), w_ref, rtol=1e-10, atol=1e-12)
    with r.case("QR solution equals numpy.linalg.lstsq") as c:
        c.close(f.lstsq_qr(X, y), w_ref, rtol=1e-10, atol=1e-12)
    with r.case("residual is orthogonal to every column; with an intercept it sums to 0") as c:
        res = y - X @ f.lstsq_qr(X, y)
        c.close(X.T @ res, np.zeros(d), atol=1e-10)
        c.close(res.sum(), 0.0, atol=1e-10)
    with r.case("no other w has a smaller squared error (random perturbations)") as c:
        w = f.lstsq_normal(X, y)
        best = np.sum((y - X @ w) ** 2)
        worse = [np.sum((y - X @ (w + 1e-3 * rng.normal(size=d))) ** 2) for _ in range(50)]
        c.true(min(worse) > best, f"min perturbed {min(worse):.6g} > {best:.6g}")
    with r.case("hat matrix H = X (X^T X)^-1 X^T is a symmetric projector of trace d") as c:
        H = np.column_stack([X @ f.lstsq_qr(X, e) for e in np.eye(n)])
        c.close(H, H.T, atol=1e-10)
        c.close(H @ H, H, atol=1e-10)
        c.close(np.trace(H), d, rtol=1e-10)

    with r.case("back substitution on random upper-triangular systems equals scipy") as c:
        from scipy.linalg import solve_triangular

        for k in (1, 2, 6):
            R = np.triu(rng.normal(size=(k, k))) + 3 * np.eye(k)
            cc = rng.normal(size=k)
            c.close(f.back_substitute(R, cc), solve_triangular(R, cc), rtol=1e-10, atol=1e-12)

    # ill-conditioned design: columns 1, t, t^2, ... on a narrow interval
    t = np.linspace(1.0, 1.3, 80)
    V = np.vander(t, 6, increasing=True)
    w_true = np.array([1.0, -2.0, 0.5, 3.0, -1.0, 0.25])
    yv = V @ w_true  # exact fit: the least-squares solution is w_true
    cond = np.linalg.cond(V)
    r.figure("condition number of the Vandermonde design", float(cond))
    with r.case("ill-conditioned design: QR error is small, near eps * cond") as c:
        err_qr = np.linalg.norm(f.lstsq_qr(V, yv) - w_true) / np.linalg.norm(w_true)
        r.figure("relative error: QR", float(err_qr))
        c.true(err_qr < 1e4 * np.finfo(float).eps * cond, f"QR error {err_qr:.3g}")
    with r.case("... while the normal equations lose about twice as many digits") as c:
        err_ne = np.linalg.norm(f.lstsq_normal(V, yv) - w_true) / np.linalg.norm(w_true)
        err_qr = np.linalg.norm(f.lstsq_qr(V, yv) - w_true) / np.linalg.norm(w_true)
        r.figure("relative error: normal equations", float(err_ne))
        c.true(err_ne > 100 * err_qr, f"normal {err_ne:.3g} vs QR {err_qr:.3g}")
    return r


if __name__ == "__main__":
    main(run)
