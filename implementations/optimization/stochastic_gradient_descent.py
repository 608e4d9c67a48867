"""stochastic-gradient-descent: mini-batch gradients, their noise, and SGD convergence.

Follows d2l-en sec. 12.4-12.5 and Shalev-Shwartz & Ben-David ch. 14.
Checks: per-example gradients of 1/2 (x'w - y)^2 equal central finite differences of each
example's loss and average to the full gradient X'(Xw - y)/N; mini-batch gradients equal a
by-hand average (repeated indices count twice, batches can be stacked); the mini-batch
gradient is unbiased (Monte Carlo vs full gradient); its variance equals tr(Sigma)/B (closed
form from per-example gradients) and scales as 1/B; two SGD steps equal a hand computation;
SGD with a decaying step reaches the least-squares solution from np.linalg.lstsq, and a
constant step leaves a noise floor.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["per_example_grads", "minibatch_grad", "sgd"]

DOC_ZH = {
    "per_example_grads": """平方损失 l_i(w) = 1/2 (x_i'w - y_i)^2 对每个样本的梯度。

输入：X，(N, d) 矩阵（每行一个样本）；y，长度 N；w，长度 d。
输出：(N, d) 数组，第 i 行是 x_i (x_i'w - y_i)。

>>> per_example_grads(np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([1.0, 0.0]), np.array([1.0, 1.0])).tolist()
[[2.0, 4.0], [0.0, 1.0]]
""",
    "minibatch_grad": """小批量梯度：下标 idx 所选样本的梯度的平均（有放回抽样时重复的下标计两次）。

输入：X、y、w 同上；idx，形状 (..., B) 的整数数组，最后一维是一个批次。
输出：形状 (..., d) 的数组；idx 为一维时返回长度 d 的向量。

>>> np.round(minibatch_grad(np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([1.0, 0.0]), np.array([1.0, 1.0]), np.array([0, 1, 1])), 6).tolist()
[0.666667, 2.0]
""",
    "sgd": """小批量随机梯度下降：w_{t+1} = w_t - step(t) * (第 t 个批次的平均梯度)。

输入：X、y 同上；idx，形状 (T, B) 的整数数组，第 t 行是第 t 步的批次；step(t)，第 t 步（t = 0..T-1）的步长；w0，起点。
输出：形状 (T+1, d) 的迭代点数组，第 0 行是 w0。

>>> sgd(np.array([[1.0], [2.0]]), np.array([1.0, 2.0]), np.array([[0], [1]]), lambda t: 0.5, np.zeros(1)).tolist()
[[0.0], [0.5], [1.5]]
""",
}

HINTS = {
    "en": (
        "Each example contributes its own gradient; a mini-batch gradient is the average over "
        "the sampled examples and is an unbiased but noisy estimate of the full gradient.",
        "Per example: x_i (x_i'w - y_i), i.e. X * (X @ w - y)[:, None]. Batch: average those "
        "rows over idx. SGD: w -= step(t) * batch gradient with batch idx[t].",
    ),
    "zh": (
        "每个样本贡献自己的梯度；小批量梯度是所抽样本梯度的平均，它是全梯度的无偏但有噪声的估计。",
        "单个样本：x_i (x_i'w - y_i)，即 X * (X @ w - y)[:, None]。批次：对 idx 选出的行求平均。"
        "SGD：用第 t 个批次 idx[t]，w -= step(t) * 批次梯度。",
    ),
}


def per_example_grads(X, y, w):
    """Per-example gradients of the squared loss l_i(w) = 1/2 (x_i'w - y_i)^2.

    Input: X (N, d), one example per row; y (N,); w (d,).
    Output: an array (N, d) whose row i is x_i (x_i'w - y_i).

    >>> per_example_grads(np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([1.0, 0.0]), np.array([1.0, 1.0])).tolist()
    [[2.0, 4.0], [0.0, 1.0]]
    """
    return X * (X @ w - y)[:, None]


def minibatch_grad(X, y, w, idx):
    """Mini-batch gradient: the average gradient of the examples idx selects (repeats count).

    Input: X, y, w as above; idx, integers of shape (..., B), the last axis being a batch.
    Output: an array (..., d); a vector of d numbers when idx is 1-D.

    >>> np.round(minibatch_grad(np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([1.0, 0.0]), np.array([1.0, 1.0]), np.array([0, 1, 1])), 6).tolist()
    [0.666667, 2.0]
    """
    Xb, yb = X[idx], y[idx]
    return np.mean(Xb * (Xb @ w - yb)[..., None], axis=-2)


def sgd(X, y, idx, step, w0):
    """Mini-batch SGD: w_{t+1} = w_t - step(t) * (average gradient of batch idx[t]).

    Input: X, y as above; idx (T, B), row t the batch of step t; step(t), the step size at
    t = 0..T-1; w0, the start.
    Output: the iterates, an array (T+1, d) with w0 in row 0.

    >>> sgd(np.array([[1.0], [2.0]]), np.array([1.0, 2.0]), np.array([[0], [1]]), lambda t: 0.5, np.zeros(1)).tolist()
    [[0.0], [0.5], [1.5]]
    """
    w = np.asarray(w0, dtype=float)
    ws = [w]
    for t, b in enumerate(idx):
        Xb, yb = X[b], y[b]
        w = w - step(t) * Xb.T @ (Xb @ w - yb) / len(b)
        ws.append(w)
    return np.array(ws)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Stochastic gradient descent")
    N, d = 2000, 5
    X = rng.normal(size=(N, d))
    y = X @ rng.normal(size=d) + 0.5 * rng.normal(size=N)
    w = rng.normal(size=d)
    full = X.T @ (X @ w - y) / N  # gradient of the mean loss, closed form
    # reference per-example gradients: central differences of each example's loss (exact here,
    # the loss being quadratic along every coordinate)
    e = 1e-3
    G_ref = np.stack(
        [
            (0.5 * (X @ (w + e * u) - y) ** 2 - 0.5 * (X @ (w - e * u) - y) ** 2) / (2 * e)
            for u in np.eye(d)
        ],
        axis=1,
    )
    Sigma_tr = np.sum(G_ref.var(axis=0))  # trace of the per-example gradient covariance

    with r.case("per-example gradients = finite differences of each example's loss") as c:
        G = f.per_example_grads(X, y, w)
        c.close(G, G_ref, rtol=1e-8, atol=1e-10)
        c.close(G.mean(axis=0), full, rtol=1e-10)
    with r.case("mini-batch gradient = by-hand average (repeats count, batches stack)") as c:
        b = np.array([3, 7, 7, 1999])
        c.close(
            f.minibatch_grad(X, y, w, b),
            (G_ref[3] + 2 * G_ref[7] + G_ref[1999]) / 4,
            rtol=1e-8,
            atol=1e-10,
        )
        c.close(f.minibatch_grad(X, y, w, np.arange(N)), full, rtol=1e-10)
        stack = np.array([[0, 1], [2, 2], [5, 9]])
        c.close(f.minibatch_grad(X, y, w, stack), G_ref[stack].mean(axis=1), rtol=1e-8, atol=1e-10)

    draws = 8000
    idxs = {B: rng.integers(0, N, size=(draws, B)) for B in (1, 4, 16, 64)}  # with replacement
    with r.case("mini-batch gradient is unbiased (within 5 standard errors)") as c:
        gB = f.minibatch_grad(X, y, w, idxs[16])
        bias = np.abs(gB.mean(axis=0) - full).max()
        se = np.sqrt(G_ref.var(axis=0).max() / 16 / draws)
        c.true(bias < 5 * se, f"max |mean - full| {bias:.3g}, SE {se:.3g}")
    var = {}
    for B in (1, 16, 64):
        with r.case(f"variance at B={B} equals tr(Sigma)/B") as c:
            var[B] = np.sum(f.minibatch_grad(X, y, w, idxs[B]).var(axis=0))
            c.close(var[B], Sigma_tr / B, rtol=0.08)
    r.figure(
        "total gradient variance by batch size", {k: round(float(v), 3) for k, v in var.items()}
    )
    with r.case("variance ratio B=1 vs B=64 is 64") as c:
        v1 = np.sum(f.minibatch_grad(X, y, w, idxs[1]).var(axis=0))
        v64 = np.sum(f.minibatch_grad(X, y, w, idxs[64]).var(axis=0))
        c.close(v1 / v64, 64.0, rtol=0.12)

    with r.case("two SGD steps by hand (batch sizes 2, varying step)") as c:
        bb = np.array([[0, 5], [5, 5]])
        ws = f.sgd(X, y, bb, lambda t: 0.1 / (t + 1), w)
        w1 = w - 0.1 * (G_ref[0] + G_ref[5]) / 2
        g5 = X[5] * (X[5] @ w1 - y[5])
        c.close(ws, np.array([w, w1, w1 - 0.05 * g5]), rtol=1e-8, atol=1e-10)

    # SGD with step eta_t = a/(b + t) (Robbins-Monro) converges to the least-squares solution
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    B, T = 32, 6000
    idx = rng.integers(0, N, size=(T, B))

    memo = {}  # each run once; a learner's error re-raises in every case that needs it

    def run_sgd(kind):
        if kind not in memo:
            step = (lambda t: 0.5 / (10 + 0.05 * t)) if kind == "decay" else (lambda t: 0.05)
            memo[kind] = f.sgd(X, y, idx, step, np.zeros(d))
        return memo[kind]

    def spread(ws):
        return np.linalg.norm(np.std(ws[-500:], axis=0))

    with r.case("SGD ends within 0.02 of np.linalg.lstsq") as c:
        ws = run_sgd("decay")
        r.figure("||w_sgd - w_ls||", np.linalg.norm(ws[-1] - w_ls))
        c.true(np.linalg.norm(ws[-1] - w_ls) < 0.02 and len(ws) == T + 1)
    with r.case("a constant step leaves a noise floor at least 3x the decaying step's") as c:
        s_dec, s_const = spread(run_sgd("decay")), spread(run_sgd("constant"))
        r.figure(
            "spread of the last 500 iterates: constant vs decaying step",
            [float(s_const), float(s_dec)],
        )
        c.true(s_const > 3 * s_dec)
    return r


if __name__ == "__main__":
    main(run)
