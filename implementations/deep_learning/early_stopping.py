"""early-stopping: stop when the validation loss stops improving, and why that regularises.

Follows Goodfellow et al. ch. 7 (early stopping, Algorithm 7.1, and its equivalence to L2
regularisation for a quadratic loss), Bishop PRML ch. 5 and qiu-nndl ch. 7. Gradient descent
on (1/2n)||X w - y||^2 from w = 0 has the closed form w_t = sum_i (1 - (1 - lr l_i)^t)/l_i
v_i v_i^T X^T y / n with (l_i, v_i) the eigenpairs of X^T X / n: a spectral filter like ridge's
l_i/(l_i + alpha).
Checks: the gradient-descent path against that closed form (numpy.linalg.eigh); ||w_t||
grows with t; the patience rule against a vectorised reference (running minimum with
np.minimum.accumulate), on hand cases and 200 random curves; on an over-parameterised noisy
regression the early-stopped weights have lower validation and test error than the weights at
the end of training.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["gd_path", "early_stopping"]

DOC_ZH = {
    "gd_path": """最小二乘损失 (1/2n)||X w - y||^2 上从 w = 0 出发的梯度下降轨迹。

输入：X (n, d)；y (n,)；lr；steps。输出：形状 (steps+1, d) 的数组，第 t 行是 w_t（第 0 行为零向量）。

>>> gd_path(np.array([[1.0], [1.0]]), np.array([2.0, 2.0]), 0.5, 2).ravel().tolist()
[0.0, 1.0, 1.5]
""",
    "early_stopping": """“耐心”规则（Goodfellow 等，算法 7.1）：依次查看验证损失，记录迄今为止严格最小的那一次；
若连续 patience 次评估都没有严格改进就停止。

输入：val_losses，按评估顺序排列的验证损失；patience，正整数。
输出：(best, stop)：best 是停止时为止最小验证损失的下标（并列取最早的），stop 是停止时所在的下标（若从未触发则为最后一个下标）。

>>> early_stopping([5.0, 4.0, 4.5, 4.2, 3.9, 4.0, 4.1], 3)
(4, 6)
""",
}

HINTS = {
    "en": (
        "Gradient descent is w -= lr * X^T (X w - y)/n; keep every iterate. For the patience "
        "rule remember the best value so far and how many evaluations ago it was.",
        "early_stopping: best = 0; for t in 1..T-1: if v[t] < v[best]: best = t; elif t - best "
        ">= patience: return best, t. At the end return best, T-1.",
    ),
    "zh": (
        "梯度下降为 w -= lr * X^T (X w - y)/n，保存每一步的迭代值。耐心规则要记住迄今最好的值，以及它是多少次评估之前出现的。",
        "early_stopping：best = 0；t 从 1 到 T-1：若 v[t] < v[best] 则 best = t；否则若 t - best >= patience 则返回 (best, t)。"
        "循环结束返回 (best, T-1)。",
    ),
}


def gd_path(X, y, lr, steps):
    """Gradient descent on (1/2n)||X w - y||^2 from w = 0.

    Input: X (n, d); y (n,); lr; steps. Output: (steps+1, d) array, row t = w_t (row 0 zero).

    >>> gd_path(np.array([[1.0], [1.0]]), np.array([2.0, 2.0]), 0.5, 2).ravel().tolist()
    [0.0, 1.0, 1.5]
    """
    n = X.shape[0]
    w = np.zeros(X.shape[1])
    path = [w]
    for _ in range(steps):
        w = w - lr * X.T @ (X @ w - y) / n
        path.append(w)
    return np.array(path)


def early_stopping(val_losses, patience):
    """The patience rule (Goodfellow et al., Algorithm 7.1): walk through the validation losses,
    remember the strictly best one so far, stop after patience evaluations without a strict
    improvement.

    Input: val_losses in evaluation order; patience, a positive integer.
    Output: (best, stop): best, the index of the lowest loss seen when stopping (earliest on
    ties); stop, the index where training stopped (the last index if it never triggered).

    >>> early_stopping([5.0, 4.0, 4.5, 4.2, 3.9, 4.0, 4.1], 3)
    (4, 6)
    """
    best = 0
    for t in range(1, len(val_losses)):
        if val_losses[t] < val_losses[best]:
            best = t
        elif t - best >= patience:
            return best, t
    return best, len(val_losses) - 1


def _stop_ref(v, patience):
    v = np.asarray(v, dtype=float)
    run_min = np.minimum.accumulate(v)
    improved = np.concatenate([[True], v[1:] < run_min[:-1]])
    last = np.maximum.accumulate(np.where(improved, np.arange(len(v)), 0))
    hit = np.nonzero(np.arange(len(v)) - last >= patience)[0]
    stop = int(hit[0]) if hit.size else len(v) - 1
    return int(last[stop]), stop


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Early stopping")
    rng = np.random.default_rng(0)
    n, d = 40, 10
    X = rng.normal(size=(n, d)) * np.linspace(0.2, 2.0, d)
    y = X @ rng.normal(size=d) + 0.5 * rng.normal(size=n)
    lam, V = np.linalg.eigh(X.T @ X / n)
    lr, T = 0.9 / lam.max(), 60

    with r.case("gradient-descent path = spectral-filter closed form") as c:
        path = f.gd_path(X, y, lr, T)
        c.equal(path.shape, (T + 1, d))
        c.close(path[0], np.zeros(d))
        proj = V.T @ X.T @ y / n
        for t in (1, 7, 60):
            w_cf = V @ ((1 - (1 - lr * lam) ** t) / lam * proj)
            c.close(path[t], w_cf, rtol=1e-9, atol=1e-12)
    with r.case("||w_t|| grows with t (early stopping limits the weights)") as c:
        norms = np.linalg.norm(f.gd_path(X, y, lr, T), axis=1)
        c.true(np.all(np.diff(norms) > 0), "monotone")
        alpha = 1 / (lr * 20)
        w_ridge = np.linalg.solve(X.T @ X / n + alpha * np.eye(d), X.T @ y / n)
        r.figure(
            "||w_20|| vs ||ridge(alpha = 1/(lr*20))||",
            f"{norms[20]:.4g} vs {np.linalg.norm(w_ridge):.4g}",
        )

    cases = [
        ([5.0, 4.0, 4.5, 4.2, 3.9, 4.0, 4.1], 3, (4, 6)),
        ([5.0, 4.0, 4.5, 4.2, 3.9, 4.0, 4.1], 2, (1, 3)),
        ([3.0, 2.0, 1.0], 1, (2, 2)),
        ([1.0, 1.0, 1.0, 0.5], 2, (0, 2)),  # a tie is not an improvement
        ([1.0, 2.0, 0.5, 3.0, 3.0, 3.0], 3, (2, 5)),
        ([2.0, 1.0, 3.0, 0.0], 5, (3, 3)),
    ]
    with r.case("patience rule: hand cases (ties are not improvements)") as c:
        for v, p, want in cases:
            got = f.early_stopping(v, p)
            c.equal(tuple(int(k) for k in got), want)
    with r.case("patience rule = vectorised running-minimum reference (200 curves)") as c:
        for _ in range(200):
            T_ = int(rng.integers(2, 30))
            v = np.round(np.cumsum(rng.normal(-0.05, 1, T_)), 1)  # ties happen
            p = int(rng.integers(1, 6))
            got = f.early_stopping(list(v), p)
            c.equal(tuple(int(k) for k in got), _stop_ref(v, p))

    # over-parameterised noisy regression: d = 60 features, 40 training points
    d2 = 60
    w_true = rng.normal(size=d2) / np.sqrt(d2)
    A = rng.normal(size=(40, d2))
    Av, At = rng.normal(size=(200, d2)), rng.normal(size=(2000, d2))
    ya = A @ w_true + 0.7 * rng.normal(size=40)
    yv = Av @ w_true + 0.7 * rng.normal(size=200)
    yt = At @ w_true + 0.7 * rng.normal(size=2000)
    lr2 = 0.9 / np.linalg.eigvalsh(A.T @ A / 40).max()
    with r.case("early-stopped weights beat the end of training on validation and test") as c:
        path = f.gd_path(A, ya, lr2, 3000)
        val = np.mean((path @ Av.T - yv) ** 2, axis=1)
        best, stop = f.early_stopping(list(val), 100)
        test = np.mean((path @ At.T - yt) ** 2, axis=1)
        r.figure("best step / stop step", f"{best} / {stop}")
        r.figure(
            "test MSE early-stopped vs after 3000 steps", f"{test[best]:.3g} vs {test[-1]:.3g}"
        )
        c.true(val[best] < val[-1] and test[best] < test[-1], "early stopping helps")
        c.true(best == int(np.argmin(val[: stop + 1])), "best is the minimum up to the stop")
    return r


if __name__ == "__main__":
    main(run)
