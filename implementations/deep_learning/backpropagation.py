"""backpropagation: gradients of every layer of a deep MLP by the backward delta recursion.

Follows Rumelhart, Hinton & Williams (1986), Goodfellow et al. ch. 6 (back-propagation for an
MLP), d2l-en ch. 5 (forward and backward propagation) and Bishop PRML ch. 5 (error
backpropagation). Network: tanh hidden layers, linear output, loss (1/2n) sum ||out - Y||^2.
delta_L = (out - Y)/n, dW_l = a_{l-1}^T delta_l, db_l = sum of delta_l over the batch,
delta_{l-1} = (delta_l W_l^T) * (1 - a_{l-1}^2).
Checks: the loss against an independent forward pass; every weight and bias gradient of a
four-layer network against central finite differences; with no hidden layer the gradient is
the least-squares closed form X^T (X W + b - Y)/n; the batch gradient is the mean of the
per-example gradients; for one example every weight gradient is an outer product (rank 1).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["backprop"]

DOC_ZH = {
    "backprop": """用反向传播计算深层 MLP 的损失和全部梯度。网络：tanh 隐藏层 a_l = tanh(a_{l-1} W_l + b_l)，
最后一层线性 out = a W_L + b_L；损失 L = (1/2n) sum ||out - Y||^2（n 为批大小）。

输入：X (n, d0)；Y (n, dL)；Ws、bs，各层权重 (d_{l-1}, d_l) 与偏置 (d_l,) 的列表。
输出：(loss, dWs, dbs)，dWs、dbs 与 Ws、bs 形状一一对应。

>>> loss, dWs, dbs = backprop(np.array([[1.0]]), np.array([[0.0]]), [np.array([[2.0]])], [np.array([1.0])])
>>> loss, dWs[0].tolist(), dbs[0].tolist()
(4.5, [[3.0]], [3.0])
""",
}

HINTS = {
    "en": (
        "Run the forward pass and keep every layer's activation; then walk back from the output "
        "error, one layer at a time.",
        "delta = (out - Y)/n; for l = L..1: dW_l = a_{l-1}^T delta, db_l = delta.sum(0); then "
        "delta = (delta @ W_l.T) * (1 - a_{l-1}**2) for the tanh layer below.",
    ),
    "zh": (
        "先做前向计算并保存每一层的激活值；再从输出误差出发，一层一层往回走。",
        "delta = (out - Y)/n；对 l = L..1：dW_l = a_{l-1}^T delta，db_l = delta.sum(0)；"
        "然后对下面的 tanh 层令 delta = (delta @ W_l.T) * (1 - a_{l-1}**2)。",
    ),
}


def backprop(X, Y, Ws, bs):
    """Loss and all gradients of a deep MLP by backpropagation.

    Network: tanh hidden layers a_l = tanh(a_{l-1} W_l + b_l), linear last layer
    out = a W_L + b_L; loss L = (1/2n) sum ||out - Y||^2 with n the batch size.
    Input: X (n, d0); Y (n, dL); Ws, bs: lists of weights (d_{l-1}, d_l) and biases (d_l,).
    Output: (loss, dWs, dbs) with dWs, dbs shaped like Ws, bs.

    >>> loss, dWs, dbs = backprop(np.array([[1.0]]), np.array([[0.0]]), [np.array([[2.0]])], [np.array([1.0])])
    >>> loss, dWs[0].tolist(), dbs[0].tolist()
    (4.5, [[3.0]], [3.0])
    """
    n = X.shape[0]
    acts = [X]
    for W, b in zip(Ws[:-1], bs[:-1]):
        acts.append(np.tanh(acts[-1] @ W + b))
    out = acts[-1] @ Ws[-1] + bs[-1]
    loss = 0.5 * np.sum((out - Y) ** 2) / n
    delta = (out - Y) / n
    dWs, dbs = [None] * len(Ws), [None] * len(Ws)
    for layer in range(len(Ws) - 1, -1, -1):
        a = acts[layer]
        dWs[layer] = a.T @ delta
        dbs[layer] = delta.sum(axis=0)
        if layer > 0:
            delta = (delta @ Ws[layer].T) * (1 - a**2)
    return float(loss), dWs, dbs


def _loss(X, Y, Ws, bs):
    h = X
    for i, (W, b) in enumerate(zip(Ws, bs)):
        z = h @ W + b
        h = z if i == len(Ws) - 1 else np.tanh(z)
    return 0.5 * np.sum((h - Y) ** 2) / X.shape[0]


def _fd(X, Y, Ws, bs, eps=1e-6):
    gW = []
    for k, W in enumerate(Ws):
        g = np.zeros_like(W)
        for idx in np.ndindex(W.shape):
            P = [w.copy() for w in Ws]
            P[k][idx] += eps
            up = _loss(X, Y, P, bs)
            P[k][idx] -= 2 * eps
            g[idx] = (up - _loss(X, Y, P, bs)) / (2 * eps)
        gW.append(g)
    gb = []
    for k, b in enumerate(bs):
        g = np.zeros_like(b)
        for i in range(b.size):
            B = [v.copy() for v in bs]
            B[k][i] += eps
            up = _loss(X, Y, Ws, B)
            B[k][i] -= 2 * eps
            g[i] = (up - _loss(X, Y, Ws, B)) / (2 * eps)
        gb.append(g)
    return gW, gb


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Backpropagation in a deep MLP")
    rng = np.random.default_rng(0)
    sizes = [3, 5, 4, 4, 2]
    Ws = [rng.normal(0, 0.8, (a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    bs = [rng.normal(0, 0.5, b) for b in sizes[1:]]
    X, Y = rng.normal(size=(7, 3)), rng.normal(size=(7, 2))

    with r.case("loss = independent forward pass") as c:
        loss, _, _ = f.backprop(X, Y, Ws, bs)
        c.close(loss, _loss(X, Y, Ws, bs), rtol=1e-12)
    gW, gb = _fd(X, Y, Ws, bs)
    for k in range(len(Ws)):
        with r.case(f"layer {k + 1}: dW and db = central finite differences") as c:
            _, dWs, dbs = f.backprop(X, Y, Ws, bs)
            c.close(dWs[k], gW[k], rtol=1e-5, atol=1e-8)
            c.close(dbs[k], gb[k], rtol=1e-5, atol=1e-8)

    with r.case("no hidden layer: gradient = X^T (X W + b - Y) / n") as c:
        W1, b1 = rng.normal(size=(3, 2)), rng.normal(size=2)
        res = X @ W1 + b1 - Y
        loss, dWs, dbs = f.backprop(X, Y, [W1], [b1])
        c.close(dWs[0], X.T @ res / 7, rtol=1e-12)
        c.close(dbs[0], res.mean(axis=0), rtol=1e-12)
        c.close(loss, 0.5 * np.sum(res**2) / 7, rtol=1e-12)
    with r.case("batch gradient = mean of per-example gradients") as c:
        _, dWs, dbs = f.backprop(X, Y, Ws, bs)
        per = [f.backprop(X[i : i + 1], Y[i : i + 1], Ws, bs) for i in range(7)]
        for k in range(len(Ws)):
            c.close(dWs[k], np.mean([p[1][k] for p in per], axis=0), rtol=1e-10, atol=1e-14)
            c.close(dbs[k], np.mean([p[2][k] for p in per], axis=0), rtol=1e-10, atol=1e-14)
    with r.case("one example: every dW is an outer product (rank 1)") as c:
        _, dWs, _ = f.backprop(X[:1], Y[:1], Ws, bs)
        for g in dWs:
            sv = np.linalg.svd(g, compute_uv=False)
            c.true(sv[0] > 1e-8 and np.all(sv[1:] <= 1e-10 * sv[0]), f"singular values {sv}")
    return r


if __name__ == "__main__":
    main(run)
