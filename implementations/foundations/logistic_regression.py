"""logistic-regression: the cross-entropy loss of a linear classifier and its Newton (IRLS) fit.

Follows Murphy PML1 ch. 10 (binary logistic regression: the negative log-likelihood, its
gradient X^T (mu - y) and Hessian X^T S X with S = diag(mu (1 - mu)), and Newton's method /
iteratively reweighted least squares) and Bishop PRML ch. 4. Checks: the loss is computed
stably (no overflow at margins of 1000) and equals a direct log-likelihood where that is safe;
gradient and Hessian against central finite differences; the Newton fit makes the penalised
gradient vanish and matches scipy.optimize.minimize (L-BFGS-B); with a tiny penalty on
separable data the loss goes towards 0 and the weights grow; the fitted model's predicted
probabilities sum to the number of positives (the intercept's score equation).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from implementations._common import Report, main, solution

EXERCISE = ["logistic_loss_grad_hess", "fit_logistic_newton"]

DOC_ZH = {
    "logistic_loss_grad_hess": """二元逻辑回归的平均负对数似然（交叉熵）及其梯度和 Hessian，带 L2 惩罚 lam/2 ||w||^2。

输入：w，(d,)；X，(n, d)；y，(n,) 取值 0/1；lam，惩罚系数。
输出：(loss, grad, hess)：loss 为 mean(log(1 + e^{z}) - y z) + lam/2 ||w||^2（z = X w，需数值稳定），
grad = X^T (sigmoid(z) - y) / n + lam w，hess = X^T diag(mu (1 - mu)) X / n + lam I。

>>> X = np.array([[1.0, 0.0], [1.0, 1.0]]); y = np.array([0.0, 1.0])
>>> round(float(logistic_loss_grad_hess(np.zeros(2), X, y, 0.0)[0]), 6)
0.693147
""",
    "fit_logistic_newton": """用牛顿法（IRLS）拟合带 L2 惩罚的逻辑回归：w <- w - H^{-1} g，从 w = 0 开始迭代 iters 次。

输入：X，(n, d)；y，(n,)；lam；iters。
输出：w，(d,)。

>>> X = np.array([[1.0, -1.0], [1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]); y = np.array([0.0, 1.0, 0.0, 1.0])
>>> np.round(fit_logistic_newton(X, y, 0.1, 20), 4).tolist()
[-0.2103, 0.6083]
""",
}

HINTS = {
    "en": (
        "The loss per example is log(1 + e^z) - y z with z = x.w; differentiate it once and "
        "twice in z, then apply the chain rule through z = X w.",
        "d/dz = sigmoid(z) - y and d2/dz2 = sigmoid(z)(1 - sigmoid(z)), so grad = X^T (mu - y)/n "
        "+ lam w and H = X^T S X/n + lam I. Compute log(1 + e^z) as np.logaddexp(0, z) to avoid "
        "overflow. Newton: w <- w - solve(H, grad).",
    ),
    "zh": (
        "每个样本的损失是 log(1 + e^z) - y z，其中 z = x·w；先对 z 求一阶、二阶导数，再经 z = X w 用链式法则。",
        "d/dz = sigmoid(z) - y，d2/dz2 = sigmoid(z)(1 - sigmoid(z))，所以 grad = X^T (mu - y)/n + lam w，"
        "H = X^T S X/n + lam I。用 np.logaddexp(0, z) 计算 log(1 + e^z) 以免溢出。牛顿步：w <- w - solve(H, grad)。",
    ),
}


def logistic_loss_grad_hess(w, X, y, lam=0.0):
    """Mean negative log-likelihood (cross-entropy) of binary logistic regression with an L2
    penalty lam/2 ||w||^2, and its gradient and Hessian.

    Input: w (d,); X (n, d); y (n,) in {0, 1}; lam the penalty. Output: (loss, grad, hess)
    with loss = mean(log(1 + e^z) - y z) + lam/2 ||w||^2 for z = X w (computed stably),
    grad = X^T (sigmoid(z) - y)/n + lam w, hess = X^T diag(mu (1 - mu)) X/n + lam I.

    >>> X = np.array([[1.0, 0.0], [1.0, 1.0]]); y = np.array([0.0, 1.0])
    >>> round(float(logistic_loss_grad_hess(np.zeros(2), X, y, 0.0)[0]), 6)
    0.693147
    """
    n, d = X.shape
    z = X @ w
    loss = np.mean(np.logaddexp(0.0, z) - y * z) + lam / 2 * (w @ w)
    mu = 0.5 * (1 + np.tanh(z / 2))  # sigmoid, without overflow
    grad = X.T @ (mu - y) / n + lam * w
    hess = (X * (mu * (1 - mu))[:, None]).T @ X / n + lam * np.eye(d)
    return loss, grad, hess


def fit_logistic_newton(X, y, lam, iters):
    """Fit L2-penalised logistic regression by Newton's method (IRLS): w <- w - H^-1 g,
    from w = 0, for iters steps.

    Input: X (n, d); y (n,); lam; iters. Output: w (d,).

    >>> X = np.array([[1.0, -1.0], [1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]); y = np.array([0.0, 1.0, 0.0, 1.0])
    >>> np.round(fit_logistic_newton(X, y, 0.1, 20), 4).tolist()
    [-0.2103, 0.6083]
    """
    w = np.zeros(X.shape[1])
    for _ in range(iters):
        _, g, H = logistic_loss_grad_hess(w, X, y, lam)
        w = w - np.linalg.solve(H, g)
    return w


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Logistic regression: loss, gradient, Hessian and Newton's method")
    n, d = 200, 4
    X = np.column_stack([np.ones(n), rng.normal(size=(n, d - 1))])
    w_true = np.array([-0.5, 1.5, -2.0, 0.7])
    y = (rng.random(n) < 1 / (1 + np.exp(-X @ w_true))).astype(float)
    lam = 0.05

    def direct_loss(w):
        p = 1 / (1 + np.exp(-X @ w))
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)) + lam / 2 * w @ w

    w0 = rng.normal(size=d)
    with r.case("loss equals the direct Bernoulli log-likelihood") as c:
        c.close(f.logistic_loss_grad_hess(w0, X, y, lam)[0], direct_loss(w0), rtol=1e-12)
    with r.case("default lam = 0: no penalty") as c:
        c.close(f.logistic_loss_grad_hess(w0, X, y)[0], direct_loss(w0) - lam / 2 * w0 @ w0)
    with r.case("stable at huge margins: loss of z = +-1000 is finite and exact") as c:
        Xb = np.array([[1000.0], [-1000.0], [1000.0]])
        yb = np.array([0.0, 0.0, 1.0])
        lb = f.logistic_loss_grad_hess(np.array([1.0]), Xb, yb, 0.0)[0]
        c.true(np.isfinite(lb), f"loss {lb}")
        c.close(lb, 1000.0 / 3, rtol=1e-12)
    h = 1e-6
    E = np.eye(d)
    with r.case("gradient equals central finite differences of the loss") as c:
        g = f.logistic_loss_grad_hess(w0, X, y, lam)[1]
        fd = [(direct_loss(w0 + h * e) - direct_loss(w0 - h * e)) / (2 * h) for e in E]
        c.close(g, fd, rtol=1e-6, atol=1e-8)
    with r.case("Hessian equals finite differences of the gradient, and is symmetric PD") as c:
        H = f.logistic_loss_grad_hess(w0, X, y, lam)[2]
        p = lambda w: 1 / (1 + np.exp(-X @ w))  # noqa: E731
        grad = lambda w: X.T @ (p(w) - y) / n + lam * w  # noqa: E731
        fd = np.column_stack([(grad(w0 + h * e) - grad(w0 - h * e)) / (2 * h) for e in E])
        c.close(H, fd, rtol=1e-5, atol=1e-8)
        c.true(np.all(np.linalg.eigvalsh(H) > 0), "positive definite")

    with r.case("Newton fit: penalised gradient vanishes and matches scipy L-BFGS-B") as c:
        w = f.fit_logistic_newton(X, y, lam, 25)
        g_at = X.T @ (1 / (1 + np.exp(-X @ w)) - y) / n + lam * w
        c.close(g_at, np.zeros(d), atol=1e-10)
        ref = minimize(direct_loss, np.zeros(d), method="L-BFGS-B", tol=1e-14).x
        c.close(w, ref, rtol=1e-4, atol=1e-5)
    with r.case("Newton converges quadratically: 6 steps already agree with 25") as c:
        c.close(
            f.fit_logistic_newton(X, y, lam, 6), f.fit_logistic_newton(X, y, lam, 25), atol=1e-9
        )
    with r.case("unpenalised fit: mean predicted probability equals the positive rate") as c:
        w = f.fit_logistic_newton(X, y, 0.0, 30)
        c.close(np.mean(1 / (1 + np.exp(-X @ w))), y.mean(), rtol=1e-10)
    with r.case("separable data, tiny penalty: loss near 0 and large weights") as c:
        Xs = np.column_stack([np.ones(6), [-3.0, -2.0, -1.0, 1.0, 2.0, 3.0]])
        ys = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
        w = f.fit_logistic_newton(Xs, ys, 1e-4, 40)
        ls = np.mean(np.logaddexp(0, Xs @ w) - ys * (Xs @ w))
        r.figure("separable data: slope and mean loss", [float(w[1]), float(ls)])
        c.true(ls < 0.02 and w[1] > 3, f"loss {ls:.3g}, slope {w[1]:.3g}")
    return r


if __name__ == "__main__":
    main(run)
