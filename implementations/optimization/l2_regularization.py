"""l2-regularization: the (lambda/2)||w||^2 penalty, ridge regression and weight decay.

Follows Goodfellow et al. ch. 7 (sec. 7.1.1) and Bishop PRML ch. 3 (Bayesian linear
regression). Checks: normal-equation ridge vs lstsq on [X; sqrt(lambda) I] (also with more
features than examples, and lambda = 0 vs plain lstsq); ridge = posterior mean (MAP) under
a Gaussian prior with alpha/beta = lambda; SVD shrinkage factors s^2/(s^2+lambda) vs the
eigenvalues of X'X and the ridge fit; the penalised gradient vs finite differences, zero
at the ridge solution, with a Hessian whose eigenvalues are shifted by exactly lambda;
a GD step on the penalty = weight decay.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["ridge", "penalised_grad", "shrinkage_factors"]

DOC_ZH = {
    "ridge": """岭回归：最小化 1/2 ||Xw - y||^2 + lam/2 ||w||^2 的 w。

输入：X，(N, d) 设计矩阵（N 可以小于 d）；y，长度 N；lam，正则系数（>= 0）。
输出：长度 d 的 w = (X'X + lam I)^{-1} X'y。

>>> np.round(ridge(np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([2.0, 2.0]), 1.0), 6).tolist()
[1.0, 0.8]
""",
    "penalised_grad": """带 L2 罚项的损失 1/2 ||Xw - y||^2 + lam/2 ||w||^2 的梯度。

输入：w，长度 d；X、y、lam 同上。
输出：长度 d 的 X'(Xw - y) + lam w。

>>> penalised_grad(np.array([1.0, 1.0]), np.eye(2), np.array([0.0, 1.0]), 2.0).tolist()
[3.0, 2.0]
""",
    "shrinkage_factors": """岭回归在 X 的奇异向量方向上的收缩因子 s_i^2 / (s_i^2 + lam)。

输入：X，(N, d) 矩阵；lam，正则系数。
输出：长度 min(N, d) 的数组，按奇异值从大到小排列；岭回归的拟合值为 U diag(因子) U'y。

>>> np.round(shrinkage_factors(np.diag([3.0, 1.0]), 1.0), 6).tolist()
[0.9, 0.5]
""",
}

HINTS = {
    "en": (
        "The penalty adds lam * w to the gradient and lam to the curvature in every direction.",
        "Setting X'(Xw - y) + lam w = 0 gives w = solve(X'X + lam I, X'y); in the SVD basis "
        "each component of the fit is multiplied by s^2 / (s^2 + lam).",
    ),
    "zh": (
        "罚项给梯度加上 lam * w，并在每个方向上给曲率加上 lam。",
        "令 X'(Xw - y) + lam w = 0，得 w = solve(X'X + lam I, X'y)；在 SVD 基下，"
        "拟合值的每个分量乘以 s^2 / (s^2 + lam)。",
    ),
}


def ridge(X, y, lam):
    """Ridge regression: the w minimising 1/2 ||Xw - y||^2 + lam/2 ||w||^2.

    Input: X, an (N, d) design (N may be below d); y, N targets; lam >= 0.
    Output: w = (X'X + lam I)^{-1} X'y, d numbers.

    >>> np.round(ridge(np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([2.0, 2.0]), 1.0), 6).tolist()
    [1.0, 0.8]
    """
    d = X.shape[1]
    return np.linalg.solve(X.T @ X + lam * np.eye(d), X.T @ y)


def penalised_grad(w, X, y, lam):
    """Gradient of the penalised loss 1/2 ||Xw - y||^2 + lam/2 ||w||^2.

    Input: w (d,), X, y, lam as above. Output: X'(Xw - y) + lam w, d numbers.

    >>> penalised_grad(np.array([1.0, 1.0]), np.eye(2), np.array([0.0, 1.0]), 2.0).tolist()
    [3.0, 2.0]
    """
    return X.T @ (X @ w - y) + lam * w


def shrinkage_factors(X, lam):
    """Ridge's shrinkage factors s_i^2 / (s_i^2 + lam) along the singular vectors of X.

    Input: X, an (N, d) matrix; lam, the penalty. Output: min(N, d) factors, largest
    singular value first; the ridge fit is U diag(factors) U'y.

    >>> np.round(shrinkage_factors(np.diag([3.0, 1.0]), 1.0), 6).tolist()
    [0.9, 0.5]
    """
    s = np.linalg.svd(X, compute_uv=False)
    return s**2 / (s**2 + lam)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("L2 regularisation")
    N, d, lam = 30, 8, 2.5
    X = rng.normal(size=(N, d))
    y = X @ rng.normal(size=d) + 0.3 * rng.normal(size=N)

    def augmented(X, y, lam):
        # independent route: least squares on [X; sqrt(lam) I] w = [y; 0], solved by SVD (lstsq)
        Xa = np.vstack([X, np.sqrt(lam) * np.eye(X.shape[1])])
        return np.linalg.lstsq(Xa, np.concatenate([y, np.zeros(X.shape[1])]), rcond=None)[0]

    with r.case("normal-equation ridge = lstsq on the augmented system") as c:
        c.close(f.ridge(X, y, lam), augmented(X, y, lam), rtol=1e-10)
        Xw, yw = rng.normal(size=(5, 12)), rng.normal(size=5)  # more features than examples
        c.close(f.ridge(Xw, yw, 0.7), augmented(Xw, yw, 0.7), rtol=1e-10)
        c.close(f.ridge(X, y, 0.0), np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-10)

    with r.case("penalised gradient equals finite differences of the penalised loss") as c:
        w = rng.normal(size=d)

        def loss(v):
            return 0.5 * np.sum((X @ v - y) ** 2) + 0.5 * lam * v @ v

        e = 1e-6
        fd = [(loss(w + e * u) - loss(w - e * u)) / (2 * e) for u in np.eye(d)]
        c.close(f.penalised_grad(w, X, y, lam), fd, rtol=1e-6)
    with r.case("penalised gradient vanishes at the ridge solution") as c:
        c.close(f.penalised_grad(augmented(X, y, lam), X, y, lam), np.zeros(d), atol=1e-10)
        c.close(f.penalised_grad(f.ridge(X, y, lam), X, y, lam), np.zeros(d), atol=1e-10)

    # MAP, prior w ~ N(0, alpha^-1 I), noise precision beta: posterior mean (Bishop PRML ch. 3)
    beta = 4.0
    alpha = lam * beta
    S_N = np.linalg.inv(alpha * np.eye(d) + beta * X.T @ X)
    m_N = beta * S_N @ X.T @ y
    with r.case("ridge = posterior mean under a Gaussian prior (lambda = alpha/beta)") as c:
        c.close(f.ridge(X, y, lam), m_N, rtol=1e-10)

    # in the SVD basis ridge shrinks each component by s^2/(s^2 + lambda)
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    with r.case("shrinkage factors = ev/(ev + lambda) with ev the eigenvalues of X'X") as c:
        fac = f.shrinkage_factors(X, lam)
        r.figure("shrinkage factors s^2/(s^2+lambda)", np.round(fac, 3).tolist())
        ev = np.sort(np.linalg.eigvalsh(X.T @ X))[::-1]
        c.close(fac, ev / (ev + lam), rtol=1e-10)
        Xw = rng.normal(size=(3, 6))
        evw = np.sort(np.linalg.eigvalsh(Xw @ Xw.T))[::-1]  # N < d: min(N, d) factors
        c.close(f.shrinkage_factors(Xw, 0.4), evw / (evw + 0.4), rtol=1e-10)
    with r.case("ridge = OLS components scaled by s^2/(s^2+lambda)") as c:
        w_ols_coef = (U.T @ y) / s
        c.close(f.ridge(X, y, lam), Vt.T @ (f.shrinkage_factors(X, lam) * w_ols_coef), rtol=1e-10)
        c.close(X @ f.ridge(X, y, lam), U @ (f.shrinkage_factors(X, lam) * (U.T @ y)), rtol=1e-10)
    with r.case("smaller norm than least squares") as c:
        c.true(
            np.linalg.norm(f.ridge(X, y, lam))
            < np.linalg.norm(np.linalg.lstsq(X, y, rcond=None)[0])
        )

    # Hessian of the penalised loss, column by column from the (linear) gradient
    with r.case("Hessian eigenvalues shift by exactly lambda") as c:
        g0 = f.penalised_grad(np.zeros(d), X, y, lam)
        Hs = np.array([f.penalised_grad(u, X, y, lam) - g0 for u in np.eye(d)])
        c.close(np.linalg.eigvalsh(Hs), np.linalg.eigvalsh(X.T @ X) + lam, rtol=1e-10)

    # gradient step on the penalised loss == multiplicative weight decay then the data step
    eta, w = 0.01, rng.normal(size=d)
    with r.case("w - eta (grad L + lambda w) = (1 - eta lambda) w - eta grad L") as c:
        c.close(
            w - eta * f.penalised_grad(w, X, y, lam),
            (1 - eta * lam) * w - eta * X.T @ (X @ w - y),
            rtol=1e-12,
        )
    return r


if __name__ == "__main__":
    main(run)
