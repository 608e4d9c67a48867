"""fine-tuning: continue gradient descent from pretrained weights on a small target dataset.

Follows d2l-en Sec. 14.2 (start from the pretrained model, train on the target data) and
Goodfellow et al. ch. 7 (early stopping behaves like L2 regularisation toward the starting
point). Linear regression keeps every quantity in closed form. Checks: two steps by hand
(with and without the pull); with fewer examples
than parameters, GD from w0 converges to the interpolating solution closest to w0 (w0 +
pinv(X)(y - X w0)); fine-tuning with an L2 pull toward w0 matches its normal-equation solution;
when the target task is near the source task, starting from w0 beats starting from zero.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["gd"]

DOC_ZH = {
    "gd": """线性回归上的全批量梯度下降微调：从给定权重出发，最小化 MSE/2 + lam/2 ||w - w0||^2。

输入：X (n, d)，y (n,)，w 初始权重（如预训练权重），lr 学习率，steps 步数；lam >= 0 为拉回 w0 的 L2 系数（lam = 0 时不用 w0）。
每步：g = X^T (X w - y) / n + lam (w - w0)，w <- w - lr g。
输出：最终权重（新数组，不修改输入）。

>>> gd(np.array([[1.0], [1.0]]), np.array([2.0, 4.0]), np.zeros(1), 0.5, 1).tolist()
[1.5]
""",
}

HINTS = {
    "en": (
        "Fine-tuning is ordinary gradient descent; the only difference from training from "
        "scratch is where it starts (and, optionally, a pull back toward that start).",
        "Gradient of MSE/2 is X^T (X w - y) / n; the L2 pull adds lam (w - w0). Started at w0, "
        "GD only moves w within w0 + rowspace(X), so it ends at the interpolant closest to w0.",
    ),
    "zh": (
        "微调就是普通的梯度下降；与从头训练的唯一区别是起点（以及可选的、拉回起点的一项）。",
        "MSE/2 的梯度是 X^T (X w - y) / n；L2 拉回项加上 lam (w - w0)。从 w0 出发，梯度下降只在 "
        "w0 + rowspace(X) 内移动，因此停在离 w0 最近的插值解。",
    ),
}


def gd(X, y, w, lr, steps, lam=0.0, w0=None):
    """Full-batch gradient descent fine-tuning of linear regression from given weights, on
    MSE/2 + lam/2 ||w - w0||^2.

    Input: X (n, d), y (n,), w the starting weights (e.g. pretrained), lr, steps; lam >= 0 the
    strength of the L2 pull toward w0 (w0 unused when lam = 0). Each step:
    g = X^T (X w - y) / n + lam (w - w0), w <- w - lr g. Output: the final weights (a new
    array; the input is not modified).

    >>> gd(np.array([[1.0], [1.0]]), np.array([2.0, 4.0]), np.zeros(1), 0.5, 1).tolist()
    [1.5]
    """
    n = X.shape[0]
    for _ in range(steps):
        g = X.T @ (X @ w - y) / n
        if lam:
            g = g + lam * (w - w0)
        w = w - lr * g
    return w


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Fine-tuning from pretrained weights")
    d, n = 50, 20  # more parameters than target examples
    w_src = rng.normal(size=d)  # weights "pretrained" on a large source task
    w_tgt = w_src + 0.3 * rng.normal(size=d)  # related target task
    X = rng.normal(size=(n, d))
    y = X @ w_tgt + 0.01 * rng.normal(size=n)
    lr = 0.5 / np.linalg.norm(X, 2) ** 2 * n

    with R.case("two steps by hand, with and without the L2 pull; input not modified") as c:
        Xs, ys, w = X[:3, :4], y[:3], w_src[:4].copy()
        w1 = w - 0.1 * (Xs.T @ (Xs @ w - ys) / 3)
        c.close(f.gd(Xs, ys, w, 0.1, 2), w1 - 0.1 * (Xs.T @ (Xs @ w1 - ys) / 3), rtol=1e-12)
        w0 = np.ones(4)
        v1 = w - 0.1 * (Xs.T @ (Xs @ w - ys) / 3 + 0.5 * (w - w0))
        v2 = v1 - 0.1 * (Xs.T @ (Xs @ v1 - ys) / 3 + 0.5 * (v1 - w0))
        c.close(f.gd(Xs, ys, w, 0.1, 2, lam=0.5, w0=w0), v2, rtol=1e-12)
        c.close(w, w_src[:4], rtol=0)
        c.close(f.gd(Xs, ys, w, 0.1, 0), w, rtol=0)

    # 1. Implicit bias: GD from w0 stays in w0 + rowspace(X) and ends at the closest interpolant.
    closest = w_src + np.linalg.pinv(X) @ (y - X @ w_src)
    with R.case("GD from w_src converges to w_src + pinv(X)(y - X w_src)") as c:
        w_ft = f.gd(X, y, w_src.copy(), lr, 4000)
        c.close(w_ft, closest, atol=1e-8)
    with R.case("the fine-tuned weights fit the target data (train MSE < 1e-12)") as c:
        c.true(np.mean((X @ w_ft - y) ** 2) < 1e-12)

    # 2. Explicit version: minimise MSE/2 + lam/2 ||w - w0||^2; normal equations give the answer.
    lam = 0.1
    closed = np.linalg.solve(X.T @ X / n + lam * np.eye(d), X.T @ y / n + lam * w_src)
    with R.case("L2-toward-w0 fine-tuning equals (X'X/n + lam I)^-1 (X'y/n + lam w0)") as c:
        w_l2 = f.gd(X, y, w_src.copy(), lr / 2, 6000, lam=lam, w0=w_src)
        c.close(w_l2, closed, atol=1e-8)

    # 3. Transfer: same data and optimiser, starting from zero vs from the pretrained weights.
    with R.case("GD from zero gives the minimum-norm interpolant pinv(X) y") as c:
        w_scratch = f.gd(X, y, np.zeros(d), lr, 4000)
        c.close(w_scratch, np.linalg.pinv(X) @ y, atol=1e-8)
    Xt = rng.normal(size=(2000, d))
    err = lambda w: float(np.mean((Xt @ (w - w_tgt)) ** 2))
    with R.case("fine-tuning from w_src beats training from scratch on held-out data") as c:
        R.figure(
            "test MSE: pretrained only, scratch, fine-tuned, fine-tuned+L2",
            [err(w_src), err(w_scratch), err(w_ft), err(w_l2)],
        )
        c.true(err(w_ft) < 0.5 * err(w_scratch), f"{err(w_ft):.3f} vs {err(w_scratch):.3f}")
        R.figure(
            "distance moved ||w_ft - w_src|| vs ||w_tgt - w_src||",
            [float(np.linalg.norm(w_ft - w_src)), float(np.linalg.norm(w_tgt - w_src))],
        )
    return R


if __name__ == "__main__":
    main(run)
