"""Backpropagation that treats tanh as if its derivative were 1.

The learner chains the linear layers correctly but forgets to multiply by the local
derivative 1 - tanh^2 of the nonlinearity, both in the layer Jacobian and in backward.
"""

import numpy as np

BREAKS = [
    "Jacobian chain rule J_f(g(x)) J_g(x) matches finite differences",
    "backprop gradients match central differences (rel. err < 1e-7)",
]


def tanh_layer_jacobian(A, x):
    return np.array(A, dtype=float)  # d tanh(u)/du taken as 1


def forward(params, X, y):
    W1, b1, W2, b2 = params
    H = np.tanh(X @ W1 + b1)
    Z = H @ W2 + b2
    Z = Z - Z.max(axis=1, keepdims=True)
    logp = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    loss = -np.mean(logp[np.arange(len(y)), y])
    return float(loss), (H, np.exp(logp))


def backward(params, X, y, cache):
    W1, b1, W2, b2 = params
    H, P = cache
    n = len(y)
    dZ = P.copy()
    dZ[np.arange(n), y] -= 1.0
    dZ /= n
    dW2 = H.T @ dZ
    db2 = dZ.sum(axis=0)
    dU = dZ @ W2.T  # straight through tanh: the factor (1 - H**2) is missing
    dW1 = X.T @ dU
    db1 = dU.sum(axis=0)
    return [dW1, db1, dW2, db2]
