"""multilayer-perceptron: the forward pass of a fully connected network, layer by layer.

Follows Goodfellow et al. ch. 6 (deep feedforward networks, the XOR example), d2l-en ch. 5
and qiu-nndl ch. 4. A layer computes h = act(h W + b); the last layer is linear.
Checks: the batched forward pass equals a neuron-by-neuron loop over explicit sums; every
row of a batch is computed independently; without a nonlinearity the network collapses to
the single affine map (W1 W2 ... , composed biases); Goodfellow's ReLU network computes XOR,
which no affine map does (least squares from np.linalg.lstsq leaves error); the parameter
count equals a sum over the layers' shapes.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["mlp_forward", "param_count"]

DOC_ZH = {
    "mlp_forward": """多层感知机的前向计算：每个隐藏层 h = act(h W + b)，最后一层只做仿射变换、不加激活。

输入：X，形状 (n, d0)；Ws，矩阵列表，第 l 个形状 (d_l, d_{l+1})；bs，对应的偏置列表；
act，逐元素的激活函数（None 表示 ReLU）。
输出：网络输出，形状 (n, d_L)。

>>> Ws = [np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([[1.0], [-2.0]])]
>>> bs = [np.array([0.0, -1.0]), np.array([0.0])]
>>> mlp_forward(np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), Ws, bs).ravel().tolist()
[0.0, 1.0, 1.0, 0.0]
""",
    "param_count": """层宽为 sizes = [d0, d1, ..., dL] 的全连接网络的参数个数（权重加偏置）。

>>> param_count([2, 2, 1])
9
""",
}

HINTS = {
    "en": (
        "A layer is a matrix product followed by a bias and the nonlinearity; only the hidden "
        "layers get the nonlinearity.",
        "h = X; for every layer but the last h = act(h @ W + b); return h @ W_last + b_last. "
        "Each layer has d_in * d_out weights and d_out biases.",
    ),
    "zh": (
        "一层就是矩阵乘法、加偏置、再过非线性；只有隐藏层才加非线性。",
        "h = X；除最后一层外 h = act(h @ W + b)；返回 h @ W_last + b_last。每层有 d_in * d_out 个权重和 d_out 个偏置。",
    ),
}


def relu(z):
    return np.maximum(z, 0.0)


def mlp_forward(X, Ws, bs, act=None):
    """Forward pass of a multilayer perceptron: h = act(h W + b) per hidden layer, last layer linear.

    Input: X (n, d0); Ws, a list of matrices, the l-th of shape (d_l, d_{l+1}); bs, the
    matching biases; act, an elementwise nonlinearity (None means ReLU).
    Output: the network output, shape (n, d_L).

    >>> Ws = [np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([[1.0], [-2.0]])]
    >>> bs = [np.array([0.0, -1.0]), np.array([0.0])]
    >>> mlp_forward(np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), Ws, bs).ravel().tolist()
    [0.0, 1.0, 1.0, 0.0]
    """
    act = relu if act is None else act
    h = X
    for W, b in zip(Ws[:-1], bs[:-1]):
        h = act(h @ W + b)
    return h @ Ws[-1] + bs[-1]


def param_count(sizes):
    """Number of weights and biases of a fully connected network with widths sizes = [d0, ..., dL].

    >>> param_count([2, 2, 1])
    9
    """
    return int(sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:])))


def _loop_forward(x, Ws, bs, act):
    """One example, one neuron at a time, with explicit sums."""
    h = list(x)
    for layer, (W, b) in enumerate(zip(Ws, bs)):
        out = []
        for j in range(W.shape[1]):
            z = b[j]
            for i in range(W.shape[0]):
                z += h[i] * W[i, j]
            out.append(z if layer == len(Ws) - 1 else float(act(np.array(z))))
        h = out
    return np.array(h)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Multilayer perceptron")
    rng = np.random.default_rng(0)
    sizes = [4, 7, 5, 3]
    Ws = [rng.normal(size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    bs = [rng.normal(size=b) for b in sizes[1:]]
    X = rng.normal(size=(6, 4))

    for name, act in {"ReLU": relu, "tanh": np.tanh}.items():
        with r.case(f"batched forward = neuron-by-neuron loop ({name})") as c:
            out = f.mlp_forward(X, Ws, bs, act)
            ref = np.array([_loop_forward(x, Ws, bs, act) for x in X])
            c.close(out, ref, rtol=1e-12, atol=1e-12)
    with r.case("default activation is ReLU") as c:
        ref = np.array([_loop_forward(x, Ws, bs, relu) for x in X])
        c.close(f.mlp_forward(X, Ws, bs), ref, rtol=1e-12, atol=1e-12)
    with r.case("rows of a batch are independent") as c:
        full = f.mlp_forward(X, Ws, bs, np.tanh)
        c.close(f.mlp_forward(X[2:3], Ws, bs, np.tanh), full[2:3], rtol=1e-12)
        c.close(f.mlp_forward(X[::-1], Ws, bs, np.tanh), full[::-1], rtol=1e-12)

    with r.case("no nonlinearity: the network is one affine map") as c:
        W_all = Ws[0] @ Ws[1] @ Ws[2]
        b_all = (bs[0] @ Ws[1] + bs[1]) @ Ws[2] + bs[2]
        c.close(f.mlp_forward(X, Ws, bs, lambda z: z), X @ W_all + b_all, rtol=1e-10)

    Xx = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    yx = np.array([0.0, 1.0, 1.0, 0.0])
    A = np.hstack([Xx, np.ones((4, 1))])
    resid = yx - A @ np.linalg.lstsq(A, yx, rcond=None)[0]
    r.figure("best affine fit to XOR: mean squared error", float(np.mean(resid**2)))
    with r.case("Goodfellow's ReLU network computes XOR; no affine map can") as c:
        Wg = [np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([[1.0], [-2.0]])]
        bg = [np.array([0.0, -1.0]), np.array([0.0])]
        c.close(f.mlp_forward(Xx, Wg, bg).ravel(), yx, atol=1e-12)
        c.true(np.mean(resid**2) > 0.2, "the least-squares affine fit has MSE 0.25")
        c.close(f.mlp_forward(Xx, Wg, bg, lambda z: z).ravel(), Xx @ [-1.0, -1.0] + 2.0)

    with r.case("parameter count = sum of layer shapes") as c:
        c.equal(f.param_count(sizes), sum(W.size for W in Ws) + sum(b.size for b in bs))
        c.equal(f.param_count([784, 256, 10]), 784 * 256 + 256 + 256 * 10 + 10)
        c.equal(f.param_count([3, 1]), 4)
    return r


if __name__ == "__main__":
    main(run)
