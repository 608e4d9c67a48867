"""gradients-chain-rule: partial derivatives, gradients, the chain rule and backpropagation.

Follows Goodfellow et al. 6.5 (back-propagation), d2l-en 22.4 (multivariable calculus,
the backpropagation algorithm) and qiu-nndl ch. 4. Checks: the Jacobian chain rule
J_{f o g} = J_f J_g against finite differences; the forward pass of a two-layer tanh network
with softmax cross-entropy against scipy.special.log_softmax (also for logits ~ 1e3);
hand-written backpropagation against central finite differences of that independent loss on
every parameter; the first-order loss decrease.
"""

from __future__ import annotations

import numpy as np
from scipy.special import log_softmax

from implementations._common import Report, main, solution

EXERCISE = ["tanh_layer_jacobian", "forward", "backward"]

DOC_ZH = {
    "tanh_layer_jacobian": """复合函数 x -> tanh(A x) 的雅可比矩阵，用链式法则 J = J_tanh(A x) J_{Ax} 计算。

输入：A，m×n 矩阵；x，长度 n 的向量。
输出：m×n 矩阵，第 (i, j) 个元素为 d tanh((A x)_i) / d x_j = (1 - tanh^2((A x)_i)) A_ij。

>>> tanh_layer_jacobian(np.array([[2.0, -1.0]]), np.zeros(2)).tolist()
[[2.0, -1.0]]
""",
    "forward": """两层网络的前向计算：H = tanh(X W1 + b1)，logits Z = H W2 + b2，再用 softmax
交叉熵求批平均损失。

输入：params = [W1, b1, W2, b2]（形状 (d, h)、(h,)、(h, k)、(k,)）；X，形状 (N, d)；
y，长度 N 的类别标签（0..k-1 的整数）。
输出：(loss, cache)：loss 为 -mean_i log softmax(Z_i)[y_i]（float）；cache = (H, P)，
P 为 softmax 概率，形状 (N, k)。对很大的 logits 也必须保持有限（先减去每行最大值）。

>>> p = [np.zeros((2, 2)), np.zeros(2), np.zeros((2, 3)), np.zeros(3)]
>>> round(float(forward(p, np.ones((4, 2)), np.array([0, 1, 2, 0]))[0]), 6)
1.098612
""",
    "backward": """反向传播：根据 forward 的 cache 计算损失对 [W1, b1, W2, b2] 的梯度。

输入：params、X、y 同 forward；cache = (H, P) 为 forward 的返回值。
输出：列表 [dW1, db1, dW2, db2]，形状与参数相同。要点：d loss / d Z = (P - onehot(y)) / N，
经过 tanh 时乘以 1 - H^2。

>>> p = [np.zeros((2, 2)), np.zeros(2), np.zeros((2, 2)), np.zeros(2)]
>>> X, y = np.ones((2, 2)), np.array([0, 0])
>>> backward(p, X, y, forward(p, X, y)[1])[3].tolist()
[-0.5, 0.5]
""",
}

HINTS = {
    "en": (
        "Backpropagation is the chain rule applied from the loss backwards: each layer "
        "multiplies the incoming gradient by its own local derivative.",
        "For softmax cross-entropy d loss / d logits = (softmax - onehot) / N; then "
        "dW2 = H^T dZ, db2 = sum of dZ over the batch, dA = dZ W2^T * (1 - H^2) because "
        "tanh' = 1 - tanh^2, and dW1 = X^T dA, db1 = sum of dA.",
    ),
    "zh": (
        "反向传播就是从损失往回应用链式法则：每一层把传进来的梯度乘以它自己的局部导数。",
        "对 softmax 交叉熵，d loss / d logits = (softmax - onehot) / N；于是 dW2 = H^T dZ，"
        "db2 为 dZ 在批上的和，dA = dZ W2^T * (1 - H^2)（因为 tanh' = 1 - tanh^2），"
        "dW1 = X^T dA，db1 为 dA 的和。",
    ),
}


def tanh_layer_jacobian(A, x):
    """Jacobian of x -> tanh(A x) by the chain rule J = J_tanh(A x) J_{Ax}.

    Input: A, an m x n matrix; x, a vector of length n. Output: the m x n matrix with
    entries d tanh((A x)_i) / d x_j = (1 - tanh^2((A x)_i)) A_ij.

    >>> tanh_layer_jacobian(np.array([[2.0, -1.0]]), np.zeros(2)).tolist()
    [[2.0, -1.0]]
    """
    return (1 - np.tanh(A @ x) ** 2)[:, None] * A  # diag(tanh'(Ax)) @ A


def forward(params, X, y):
    """Forward pass of a two-layer network: H = tanh(X W1 + b1), logits Z = H W2 + b2, and
    the batch-mean softmax cross-entropy.

    Input: params = [W1, b1, W2, b2] of shapes (d, h), (h,), (h, k), (k,); X of shape
    (N, d); y, N class labels (integers 0..k-1). Output: (loss, cache) with loss =
    -mean_i log softmax(Z_i)[y_i] (a float) and cache = (H, P), P the (N, k) softmax
    probabilities. It must stay finite for huge logits (subtract each row's maximum).

    >>> p = [np.zeros((2, 2)), np.zeros(2), np.zeros((2, 3)), np.zeros(3)]
    >>> round(float(forward(p, np.ones((4, 2)), np.array([0, 1, 2, 0]))[0]), 6)
    1.098612
    """
    W1, b1, W2, b2 = params
    H = np.tanh(X @ W1 + b1)
    Z = H @ W2 + b2
    Z = Z - Z.max(axis=1, keepdims=True)
    logp = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean(), (H, np.exp(logp))


def backward(params, X, y, cache):
    """Backpropagation: the gradients of forward's loss with respect to [W1, b1, W2, b2].

    Input: params, X, y as for forward; cache = (H, P) as forward returns it.
    Output: [dW1, db1, dW2, db2], shaped like the parameters. Key facts:
    d loss / d Z = (P - onehot(y)) / N, and through tanh multiply by 1 - H^2.

    >>> p = [np.zeros((2, 2)), np.zeros(2), np.zeros((2, 2)), np.zeros(2)]
    >>> X, y = np.ones((2, 2)), np.array([0, 0])
    >>> backward(p, X, y, forward(p, X, y)[1])[3].tolist()
    [-0.5, 0.5]
    """
    W1, b1, W2, b2 = params
    H, P = cache
    dZ = P.copy()
    dZ[np.arange(len(y)), y] -= 1  # d loss / d logits = softmax - onehot
    dZ /= len(y)
    dW2, db2 = H.T @ dZ, dZ.sum(axis=0)
    dA = (dZ @ W2.T) * (1 - H**2)  # chain rule through tanh: tanh' = 1 - tanh^2
    return [X.T @ dA, dA.sum(axis=0), dW2, db2]


def _loss(params, X, y):
    """Reference loss with scipy's log_softmax (shares no code with forward)."""
    W1, b1, W2, b2 = params
    Z = np.tanh(X @ W1 + b1) @ W2 + b2
    return -np.mean(log_softmax(Z, axis=1)[np.arange(len(y)), y])


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Gradients, chain rule and backpropagation")
    h = 1e-5

    # Vector: g(x) = A x, f(u) = tanh(u); J_{f o g}(x) = diag(1 - tanh^2(Ax)) A.
    A = rng.normal(size=(3, 4))
    x4 = rng.normal(size=4)
    with r.case("Jacobian chain rule J_f(g(x)) J_g(x) matches finite differences") as c:
        J_fd = np.column_stack(
            [(np.tanh(A @ (x4 + h * e)) - np.tanh(A @ (x4 - h * e))) / (2 * h) for e in np.eye(4)]
        )
        c.close(f.tanh_layer_jacobian(A, x4), J_fd, atol=1e-9)

    # Backprop through a small MLP: 5 inputs, 8 hidden, 3 classes, batch of 16.
    X, y = rng.normal(size=(16, 5)), rng.integers(0, 3, size=16)
    params = [
        rng.normal(size=(5, 8)) * 0.5,
        rng.normal(size=8) * 0.1,
        rng.normal(size=(8, 3)) * 0.5,
        rng.normal(size=3) * 0.1,
    ]
    with r.case("forward loss and softmax equal scipy.special.log_softmax") as c:
        loss, (H, P) = f.forward(params, X, y)
        r.figure("loss", float(loss))
        Zr = np.tanh(X @ params[0] + params[1]) @ params[2] + params[3]
        c.close(loss, _loss(params, X, y), rtol=1e-12)
        c.close(P, np.exp(log_softmax(Zr, axis=1)), rtol=1e-12)
        c.close(H, np.tanh(X @ params[0] + params[1]), rtol=1e-12)
    with r.case("forward stays finite and exact for logits ~ 1e3") as c:
        big = [params[0], params[1], params[2] * 2000, params[3]]
        c.close(f.forward(big, X, y)[0], _loss(big, X, y), rtol=1e-12)

    # Central differences of the reference loss on every parameter.
    fds = []
    for k, Pk in enumerate(params):
        fd = np.zeros_like(Pk)
        for i in np.ndindex(Pk.shape):
            plus = [q.copy() for q in params]
            minus = [q.copy() for q in params]
            plus[k][i] += h
            minus[k][i] -= h
            fd[i] = (_loss(plus, X, y) - _loss(minus, X, y)) / (2 * h)
        fds.append(fd)
    with r.case("backprop gradients match central differences (rel. err < 1e-7)") as c:
        grads = f.backward(params, X, y, f.forward(params, X, y)[1])
        worst = max(
            np.max(np.abs(np.asarray(G) - fd)) / (np.max(np.abs(fd)) + 1e-12)
            for G, fd in zip(grads, fds, strict=True)
        )
        r.figure("worst relative gradient error over 4 parameter tensors", float(worst))
        c.true(len(grads) == 4 and worst < 1e-7, f"{worst:.2g}")

    # First-order prediction: a step -eps * g lowers the loss by about eps * ||g||^2.
    with r.case("loss drop after a small gradient step equals eps ||g||^2 (first order)") as c:
        eps = 1e-4
        grads = f.backward(params, X, y, f.forward(params, X, y)[1])
        g2 = sum(np.sum(np.asarray(G) ** 2) for G in grads)
        stepped = _loss([P - eps * G for P, G in zip(params, grads, strict=True)], X, y)
        c.close(_loss(params, X, y) - stepped, eps * g2, rtol=1e-3)
    return r


if __name__ == "__main__":
    main(run)
