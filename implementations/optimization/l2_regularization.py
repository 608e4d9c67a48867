"""l2-regularization: the (lambda/2)||w||^2 penalty, ridge regression and weight decay.

Follows Goodfellow et al. ch. 7 (sec. 7.1.1) and Bishop PRML ch. 3 (Bayesian linear
regression). Checks: normal-equation ridge vs lstsq on [X; sqrt(lambda) I]; ridge =
posterior mean (MAP) under a Gaussian prior with alpha/beta = lambda; SVD shrinkage factors
s^2/(s^2+lambda); the penalty adds lambda to every Hessian eigenvalue - which does NOT by
itself make an indefinite Hessian positive definite; GD on the penalty = weight decay.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("L2 regularisation")
    N, d, lam = 30, 8, 2.5
    X = rng.normal(size=(N, d))
    y = X @ rng.normal(size=d) + 0.3 * rng.normal(size=N)

    w_ridge = np.linalg.solve(X.T @ X + lam * np.eye(d), X.T @ y)

    # independent route: least squares on [X; sqrt(lam) I] w = [y; 0], solved by SVD (lstsq)
    Xa = np.vstack([X, np.sqrt(lam) * np.eye(d)])
    w_aug = np.linalg.lstsq(Xa, np.concatenate([y, np.zeros(d)]), rcond=None)[0]
    r.check_close(
        "normal-equation ridge = lstsq on the augmented system", w_ridge, w_aug, rtol=1e-10
    )

    def grad(w):
        return X.T @ (X @ w - y) + lam * w

    r.check_close(
        "penalised gradient vanishes at the ridge solution", grad(w_ridge), np.zeros(d), atol=1e-10
    )

    # MAP, prior w ~ N(0, alpha^-1 I), noise precision beta: posterior mean (Bishop PRML ch. 3)
    beta = 4.0
    alpha = lam * beta
    S_N = np.linalg.inv(alpha * np.eye(d) + beta * X.T @ X)
    m_N = beta * S_N @ X.T @ y
    r.check_close(
        "ridge = posterior mean under a Gaussian prior (lambda = alpha/beta)",
        w_ridge,
        m_N,
        rtol=1e-10,
    )

    # in the SVD basis ridge shrinks each component by s^2/(s^2 + lambda)
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    w_ols_coef = (U.T @ y) / s
    w_svd = Vt.T @ (s**2 / (s**2 + lam) * w_ols_coef)
    r.figure("shrinkage factors s^2/(s^2+lambda)", (s**2 / (s**2 + lam)).round(3).tolist())
    r.check_close("ridge = OLS components scaled by s^2/(s^2+lambda)", w_ridge, w_svd, rtol=1e-10)
    r.check(
        "smaller norm than least squares",
        np.linalg.norm(w_ridge) < np.linalg.norm(np.linalg.lstsq(X, y, rcond=None)[0]),
    )

    # Hessian: X'X + lambda I -> every eigenvalue shifted by exactly lambda
    ev = np.linalg.eigvalsh(X.T @ X)
    r.check_close(
        "Hessian eigenvalues shift by exactly lambda",
        np.linalg.eigvalsh(X.T @ X + lam * np.eye(d)),
        ev + lam,
        rtol=1e-10,
    )
    # a nonconvex loss with an indefinite Hessian (eigenvalue -5) stays indefinite for lambda = 1
    Hn = np.diag([-5.0, 0.5, 3.0])
    r.figure(
        "indefinite Hessian eigenvalues before / after lambda = 1",
        [np.linalg.eigvalsh(Hn).tolist(), np.linalg.eigvalsh(Hn + np.eye(3)).tolist()],
    )
    r.check(
        "lambda = 1 leaves an eigenvalue of -4: L2 alone does not guarantee positive definiteness",
        np.linalg.eigvalsh(Hn + np.eye(3)).min() < 0,
    )

    # gradient step on the penalised loss == multiplicative weight decay then the data step
    eta, w = 0.01, rng.normal(size=d)
    r.check_close(
        "w - eta (grad L + lambda w) = (1 - eta lambda) w - eta grad L",
        w - eta * grad(w),
        (1 - eta * lam) * w - eta * X.T @ (X @ w - y),
        rtol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
