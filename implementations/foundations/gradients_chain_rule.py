"""gradients-chain-rule: partial derivatives, gradients, the chain rule and backpropagation.

Follows Goodfellow et al. 6.5 (back-propagation), d2l-en 22.4 (multivariable calculus,
the backpropagation algorithm) and qiu-nndl ch. 4. Checks: a scalar chain rule against a
central difference; the Jacobian chain rule J_{f o g} = J_f J_g against finite differences;
hand-written backpropagation through a two-layer tanh network with softmax cross-entropy
against central finite differences on every parameter; the first-order loss decrease.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def forward(params, X, y):
    W1, b1, W2, b2 = params
    H = np.tanh(X @ W1 + b1)
    Z = H @ W2 + b2
    Z = Z - Z.max(axis=1, keepdims=True)
    logp = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean(), (H, np.exp(logp))


def backward(params, X, y, cache):
    W1, b1, W2, b2 = params
    H, P = cache
    dZ = P.copy()
    dZ[np.arange(len(y)), y] -= 1  # d loss / d logits = softmax - onehot
    dZ /= len(y)
    dW2, db2 = H.T @ dZ, dZ.sum(axis=0)
    dA = (dZ @ W2.T) * (1 - H**2)  # chain rule through tanh: tanh' = 1 - tanh^2
    return [X.T @ dA, dA.sum(axis=0), dW2, db2]


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Gradients, chain rule and backpropagation")

    # Scalar: d/dx sin(x^2) = cos(x^2) * 2x.
    x, h = 1.3, 1e-5
    fd = (np.sin((x + h) ** 2) - np.sin((x - h) ** 2)) / (2 * h)
    r.check_close(
        "scalar chain rule d/dx sin(x^2) = 2x cos(x^2)", 2 * x * np.cos(x**2), fd, rtol=1e-8
    )

    # Vector: g(x) = A x, f(u) = tanh(u); J_{f o g}(x) = diag(1 - tanh^2(Ax)) A.
    A = rng.normal(size=(3, 4))
    x4 = rng.normal(size=4)
    J = (1 - np.tanh(A @ x4) ** 2)[:, None] * A
    J_fd = np.column_stack(
        [(np.tanh(A @ (x4 + h * e)) - np.tanh(A @ (x4 - h * e))) / (2 * h) for e in np.eye(4)]
    )
    r.check_close(
        "Jacobian chain rule J_f(g(x)) J_g(x) matches finite differences", J, J_fd, atol=1e-9
    )

    # Backprop through a small MLP: 5 inputs, 8 hidden, 3 classes, batch of 16.
    X, y = rng.normal(size=(16, 5)), rng.integers(0, 3, size=16)
    params = [
        rng.normal(size=(5, 8)) * 0.5,
        rng.normal(size=8) * 0.1,
        rng.normal(size=(8, 3)) * 0.5,
        rng.normal(size=3) * 0.1,
    ]
    loss, cache = forward(params, X, y)
    grads = backward(params, X, y, cache)
    worst = 0.0
    for P, G in zip(params, grads, strict=True):
        fd = np.zeros_like(P)
        for i in np.ndindex(P.shape):  # central difference on every parameter
            old = P[i]
            P[i] = old + h
            lp, _ = forward(params, X, y)
            P[i] = old - h
            lm, _ = forward(params, X, y)
            P[i] = old
            fd[i] = (lp - lm) / (2 * h)
        worst = max(worst, np.max(np.abs(G - fd)) / (np.max(np.abs(fd)) + 1e-12))
    r.figure("loss", float(loss))
    r.figure("worst relative gradient error over 4 parameter tensors", float(worst))
    r.check(
        "backprop gradients match central differences (rel. err < 1e-7)",
        worst < 1e-7,
        f"{worst:.2g}",
    )

    # First-order prediction: a step -eps * g lowers the loss by about eps * ||g||^2.
    eps = 1e-4
    g2 = sum(np.sum(G**2) for G in grads)
    stepped, _ = forward([P - eps * G for P, G in zip(params, grads, strict=True)], X, y)
    r.check_close(
        "loss drop after a small gradient step equals eps ||g||^2 (first order)",
        loss - stepped,
        eps * g2,
        rtol=1e-3,
    )
    return r


if __name__ == "__main__":
    main(run)
