"""grokking: generalisation long after the training loss has reached zero, driven by weight decay.

Power et al. (2022) observed it on small algorithmic data sets; Liu, Michaud & Tegmark (2023)
explain it by a large weight norm at initialisation ("LU mechanism") that weight decay shrinks
slowly, with a delay growing like 1/(weight decay). This module is a linear caricature of that
mechanism, exactly solvable: over-parameterised least squares (n = 30 samples, d = 120) whose
target lies in the span of the data, started from a large random w0, trained by gradient
descent with weight decay wd. The data fix the row-space part of w quickly (train loss -> 0);
the null-space part of w0, invisible to the training loss, only decays as (1 - lr wd)^t.
Checks: the null-space component of the learner's path equals (1 - lr wd)^t P_null w0
(scipy.linalg.null_space); the row-space part converges to the ridge solution; the train loss
falls below the threshold long before the test loss, whose first-passage time matches the
closed form log(||P_null w0||^2 / thr) / (-2 log(1 - lr wd)) within 5%; without weight decay
the model never generalises; doubling wd halves the delay (ratio 2 within 10%); and the
first-passage helper against hand cases.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import null_space

from implementations._common import Report, main, solution

EXERCISE = ["train_weight_decay", "first_below"]

DOC_ZH = {
    "train_weight_decay": """带权重衰减的梯度下降（损失 (1/2n)||X w - y||^2）：每步 w -= lr * (X^T (X w - y)/n + wd * w)。

输入：X (n, d)；y (n,)；w0，起点 (d,)；lr；wd；steps。输出：形状 (steps+1, d) 的轨迹，第 0 行为 w0。

>>> train_weight_decay(np.array([[1.0, 0.0]]), np.array([1.0]), np.array([0.0, 4.0]), 0.5, 0.5, 1).tolist()
[[0.0, 4.0], [0.5, 3.0]]
""",
    "first_below": """曲线第一次严格低于阈值的下标；从未低于则返回 -1。

>>> first_below([3.0, 2.0, 0.5, 0.1], 1.0), first_below([3.0, 2.0], 1.0)
(2, -1)
""",
}

HINTS = {
    "en": (
        "Weight decay adds wd * w to the gradient; the data gradient X^T(...) only ever moves w "
        "inside the row space of X.",
        "for t in range(steps): w = w - lr * (X.T @ (X @ w - y) / n + wd * w); keep every w. "
        "first_below: the first index with curve[t] < thr, else -1 (np.nonzero or a loop).",
    ),
    "zh": (
        "权重衰减在梯度上加 wd * w；数据梯度 X^T(...) 只会让 w 在 X 的行空间内移动。",
        "对 t in range(steps)：w = w - lr * (X.T @ (X @ w - y) / n + wd * w)，并保存每一步的 w。"
        "first_below：第一个满足 curve[t] < thr 的下标，否则为 -1（np.nonzero 或循环）。",
    ),
}


def train_weight_decay(X, y, w0, lr, wd, steps):
    """Gradient descent with weight decay on (1/2n)||X w - y||^2: w -= lr * (X^T (X w - y)/n + wd * w).

    Input: X (n, d); y (n,); w0 the start (d,); lr; wd; steps. Output: the path, (steps+1, d),
    row 0 = w0.

    >>> train_weight_decay(np.array([[1.0, 0.0]]), np.array([1.0]), np.array([0.0, 4.0]), 0.5, 0.5, 1).tolist()
    [[0.0, 4.0], [0.5, 3.0]]
    """
    n = X.shape[0]
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(steps):
        w = w - lr * (X.T @ (X @ w - y) / n + wd * w)
        path.append(w)
    return np.array(path)


def first_below(curve, thr):
    """The first index at which the curve is strictly below thr; -1 if it never is.

    >>> first_below([3.0, 2.0, 0.5, 0.1], 1.0), first_below([3.0, 2.0], 1.0)
    (2, -1)
    """
    hit = np.nonzero(np.asarray(curve) < thr)[0]
    return int(hit[0]) if hit.size else -1


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Grokking (linear caricature of the weight-norm mechanism)")
    rng = np.random.default_rng(0)
    n, d = 30, 120
    X = rng.normal(size=(n, d)) / np.sqrt(d) * 3
    w_star = X.T @ rng.normal(size=n)  # the target lies in the span of the data
    w_star /= np.linalg.norm(w_star)
    y = X @ w_star
    w0 = 3.0 * rng.normal(size=d)  # large initial norm
    N = null_space(X)
    Pn = N @ N.T
    lr = 1.0 / np.linalg.eigvalsh(X.T @ X / n).max()
    steps, thr = 3000, 1e-2

    def curves(wd, T=steps):
        path = f.train_weight_decay(X, y, w0, lr, wd, T)
        train = 0.5 * np.mean((path @ X.T - y) ** 2, axis=1)
        test = np.sum((path - w_star) ** 2, axis=1)  # isotropic test inputs
        return path, train, test

    with r.case("null-space part of w_t = (1 - lr wd)^t P_null w0, exactly") as c:
        wd = 2e-3
        path, _, _ = curves(wd, 400)
        c.equal(path.shape, (401, d))
        for t in (0, 1, 50, 400):
            c.close(Pn @ path[t], (1 - lr * wd) ** t * (Pn @ w0), rtol=1e-8, atol=1e-12)
    with r.case("row-space part converges to the ridge solution") as c:
        wd = 2e-3
        path, _, _ = curves(wd, steps)
        ridge = np.linalg.solve(X.T @ X / n + wd * np.eye(d), X.T @ y / n)
        c.close((np.eye(d) - Pn) @ path[-1], ridge, rtol=1e-6, atol=1e-8)

    with r.case("train loss reaches the threshold long before the test loss") as c:
        wd = 2e-3
        _, train, test = curves(wd)
        t_train, t_test = f.first_below(train, thr), f.first_below(test, thr)
        predicted = np.log(np.sum((Pn @ w0) ** 2) / thr) / (-2 * np.log(1 - lr * wd))
        r.figure(
            "steps to train loss < 1e-2 / test loss < 1e-2 (wd = 2e-3)", f"{t_train} / {t_test}"
        )
        r.figure("closed-form generalisation time", float(predicted))
        c.true(0 <= t_train < t_test / 10, f"train {t_train}, test {t_test}")
        c.close(t_test, predicted, rtol=0.05)
    with r.case("no weight decay: zero train loss, never generalises") as c:
        _, train, test = curves(0.0)
        c.true(train[-1] < 1e-12, f"train loss {train[-1]:.3g}")
        c.equal(f.first_below(test, thr), -1)
        c.close(test[-1], np.sum((Pn @ w0) ** 2), rtol=1e-6)
    with r.case("doubling weight decay halves the delay (Omnigrok: t ~ 1/wd)") as c:
        t1 = f.first_below(curves(2e-3)[2], thr)
        t2 = f.first_below(curves(4e-3)[2], thr)
        c.true(t1 > 0 and t2 > 0, f"{t1}, {t2}")
        c.close(t1 / t2, 2.0, rtol=0.1)
    with r.case("first_below: hand cases") as c:
        c.equal(f.first_below([5.0, 1.0, 1.0, 0.2], 1.0), 3)  # equal is not below
        c.equal(f.first_below([0.1, 5.0], 1.0), 0)
        c.equal(f.first_below(np.array([2.0, 3.0]), 1.0), -1)
    return r


if __name__ == "__main__":
    main(run)
