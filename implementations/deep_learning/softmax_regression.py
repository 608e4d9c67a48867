"""softmax-regression: multiclass logistic regression trained by gradient descent.

Follows d2l-en ch. 4 (softmax regression), Murphy PML1 ch. 10 (multinomial logistic
regression), Bishop PRML ch. 4 and qiu-nndl ch. 3. Model p(y = k | x) = softmax(x W + b)_k,
loss = mean cross-entropy + (lam/2) ||W||^2, gradient X^T (P - Y)/n + lam W.
Checks: the loss against scipy.special.log_softmax, also for logits ~ 1e3; the gradient
against central finite differences; with two classes the loss is the logistic loss of
w1 - w0 (scipy expit); adding one vector to every class's weights changes nothing and the
gradient's columns sum to zero; gradient descent with lam > 0 reaches the minimiser found by
scipy.optimize.minimize (L-BFGS) on an independently written objective, and classifies
well-separated Gaussian blobs.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_softmax

from implementations._common import Report, main, solution

EXERCISE = ["softmax_loss_grad", "fit_softmax_regression"]

DOC_ZH = {
    "softmax_loss_grad": """softmax 回归的损失与梯度：p = softmax(X W + b)，loss = 平均交叉熵 + (lam/2) ||W||^2。

输入：W (d, K)；b (K,)；X (n, d)；y，类别下标 (n,)；lam，L2 系数（不作用于 b）。
输出：(loss, dW, db)。要求对很大的 logits 也数值稳定。

>>> loss, dW, db = softmax_loss_grad(np.zeros((1, 2)), np.zeros(2), np.array([[1.0]]), np.array([0]))
>>> round(loss, 6), dW.tolist(), db.tolist()
(0.693147, [[-0.5, 0.5]], [-0.5, 0.5])
""",
    "fit_softmax_regression": """从 W = 0、b = 0 出发，用全批量梯度下降训练 softmax 回归：每步 W -= lr dW，b -= lr db。

输入：X (n, d)；y (n,)；K，类别数；lr；steps；lam。输出：(W, b)。

>>> W, b = fit_softmax_regression(np.array([[1.0], [-1.0]]), np.array([0, 1]), 2, 0.5, 1)
>>> W.tolist(), b.tolist()
([[0.25, -0.25]], [0.0, 0.0])
""",
}

HINTS = {
    "en": (
        "Subtract the row maximum before exponentiating; the gradient of the mean cross-entropy "
        "with respect to the logits is (P - onehot(y)) / n.",
        "Z = X W + b; logP = Z - logsumexp(Z, axis=1); loss = -mean(logP[i, y_i]) + lam/2 sum W^2; "
        "G = (exp(logP) - Y)/n; dW = X^T G + lam W; db = G.sum(0). GD: repeat W -= lr dW, b -= lr db.",
    ),
    "zh": (
        "取指数前先减去每行的最大值；平均交叉熵对 logits 的梯度是 (P - onehot(y)) / n。",
        "Z = X W + b；logP = Z - logsumexp(Z, axis=1)；loss = -mean(logP[i, y_i]) + lam/2 sum W^2；"
        "G = (exp(logP) - Y)/n；dW = X^T G + lam W；db = G.sum(0)。梯度下降：反复 W -= lr dW，b -= lr db。",
    ),
}


def softmax_loss_grad(W, b, X, y, lam=0.0):
    """Loss and gradients of softmax regression: p = softmax(X W + b), loss = mean
    cross-entropy + (lam/2) ||W||^2.

    Input: W (d, K); b (K,); X (n, d); y (n,) class indices; lam, the L2 weight (not on b).
    Output: (loss, dW, db). Must be stable for huge logits.

    >>> loss, dW, db = softmax_loss_grad(np.zeros((1, 2)), np.zeros(2), np.array([[1.0]]), np.array([0]))
    >>> round(loss, 6), dW.tolist(), db.tolist()
    (0.693147, [[-0.5, 0.5]], [-0.5, 0.5])
    """
    n = X.shape[0]
    Z = X @ W + b
    Z = Z - Z.max(axis=1, keepdims=True)
    logP = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    loss = -logP[np.arange(n), y].mean() + 0.5 * lam * np.sum(W**2)
    G = np.exp(logP)
    G[np.arange(n), y] -= 1
    G /= n
    return float(loss), X.T @ G + lam * W, G.sum(axis=0)


def fit_softmax_regression(X, y, K, lr, steps, lam=0.0):
    """Train softmax regression by full-batch gradient descent from W = 0, b = 0:
    W -= lr dW, b -= lr db at every step.

    Input: X (n, d); y (n,); K classes; lr; steps; lam. Output: (W, b).

    >>> W, b = fit_softmax_regression(np.array([[1.0], [-1.0]]), np.array([0, 1]), 2, 0.5, 1)
    >>> W.tolist(), b.tolist()
    ([[0.25, -0.25]], [0.0, 0.0])
    """
    W, b = np.zeros((X.shape[1], K)), np.zeros(K)
    for _ in range(steps):
        _, dW, db = softmax_loss_grad(W, b, X, y, lam)
        W = W - lr * dW
        b = b - lr * db
    return W, b


def _objective(theta, X, y, K, lam):
    d = X.shape[1]
    W, b = theta[: d * K].reshape(d, K), theta[d * K :]
    lp = log_softmax(X @ W + b, axis=1)
    return -np.mean(lp[np.arange(len(y)), y]) + 0.5 * lam * np.sum(W**2)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Softmax regression")
    rng = np.random.default_rng(0)
    n, d, K = 60, 3, 4
    centers = rng.normal(0, 3, (K, d))
    y = rng.integers(K, size=n)
    X = centers[y] + rng.normal(size=(n, d))
    W, b = rng.normal(size=(d, K)), rng.normal(size=K)

    with r.case("loss = scipy log_softmax cross-entropy + (lam/2)||W||^2") as c:
        loss, _, _ = f.softmax_loss_grad(W, b, X, y, 0.3)
        c.close(loss, _objective(np.concatenate([W.ravel(), b]), X, y, K, 0.3), rtol=1e-12)
        loss0, _, _ = f.softmax_loss_grad(W, b, X, y)
        c.close(loss0, _objective(np.concatenate([W.ravel(), b]), X, y, K, 0.0), rtol=1e-12)
    with r.case("stable for logits ~ 1e3") as c:
        loss, dW, _ = f.softmax_loss_grad(300 * W, b, X, y)
        c.close(loss, _objective(np.concatenate([300 * W.ravel(), b]), X, y, K, 0.0), rtol=1e-10)
        c.true(np.all(np.isfinite(dW)))
    with r.case("gradient = central finite differences (lam = 0.3)") as c:
        theta = np.concatenate([W.ravel(), b])
        h = 1e-6
        fd = np.array(
            [
                (_objective(theta + h * e, X, y, K, 0.3) - _objective(theta - h * e, X, y, K, 0.3))
                / (2 * h)
                for e in np.eye(theta.size)
            ]
        )
        _, dW, db = f.softmax_loss_grad(W, b, X, y, 0.3)
        c.close(np.concatenate([dW.ravel(), db]), fd, rtol=1e-6, atol=1e-9)
    with r.case("two classes: the logistic loss of w1 - w0 (scipy expit)") as c:
        W2, b2 = rng.normal(size=(d, 2)), rng.normal(size=2)
        y2 = (y % 2).astype(int)
        z = X @ (W2[:, 1] - W2[:, 0]) + b2[1] - b2[0]
        p1 = expit(z)
        ref = -np.mean(np.where(y2 == 1, np.log(p1), np.log1p(-p1)))
        c.close(f.softmax_loss_grad(W2, b2, X, y2)[0], ref, rtol=1e-10)
    with r.case("adding one vector to every class changes nothing; grad columns sum to 0") as c:
        v = rng.normal(size=(d, 1))
        l1, dW, db = f.softmax_loss_grad(W, b, X, y)
        l2, _, _ = f.softmax_loss_grad(W + v, b + 1.7, X, y)
        c.close(l2, l1, rtol=1e-12)
        c.close(dW.sum(axis=1), np.zeros(d), atol=1e-12)
        c.close(db.sum(), 0.0, atol=1e-12)

    lam = 0.05
    ref = minimize(
        _objective,
        np.zeros(d * K + K),
        args=(X, y, K, lam),
        method="L-BFGS-B",
        options={"gtol": 1e-12, "ftol": 1e-15, "maxiter": 5000},
    )
    Wr = ref.x[: d * K].reshape(d, K)
    with r.case("gradient descent reaches the L-BFGS minimiser (lam = 0.05)") as c:
        Wf, bf = f.fit_softmax_regression(X, y, K, 0.5, 3000, lam)
        c.close(Wf, Wr, atol=1e-4)
        # b is only defined up to a constant: compare centred biases
        br = ref.x[d * K :]
        c.close(bf - bf.mean(), br - br.mean(), atol=1e-3)
        c.close(_objective(np.concatenate([Wf.ravel(), bf]), X, y, K, lam), ref.fun, rtol=1e-8)
    with r.case("one step from zero = -lr times the gradient at zero") as c:
        Wf, bf = f.fit_softmax_regression(X, y, K, 0.1, 1)
        onehot = np.eye(K)[y]
        G = (np.full((n, K), 1 / K) - onehot) / n
        c.close(Wf, -0.1 * X.T @ G, rtol=1e-12, atol=1e-15)
        c.close(bf, -0.1 * G.sum(axis=0), rtol=1e-12, atol=1e-15)
    with r.case("trained model classifies the Gaussian blobs") as c:
        Wf, bf = f.fit_softmax_regression(X, y, K, 0.5, 500)
        acc = np.mean(np.argmax(X @ Wf + bf, axis=1) == y)
        r.figure("training accuracy", float(acc))
        c.true(acc > 0.85, f"accuracy {acc:.3f}")
    return r


if __name__ == "__main__":
    main(run)
