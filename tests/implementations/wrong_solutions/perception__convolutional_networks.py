"""A convolution layer that flips the kernel (true convolution) instead of cross-correlating.

The learner applies the textbook definition of convolution, sum X[i - p, j - q] W[p, q],
whereas deep-learning layers (and this exercise) compute a cross-correlation; the weight
gradient is flipped the same way.
"""

import numpy as np

BREAKS = [
    "vectorised layer equals explicit loops (stride 1)",
    "vectorised layer equals explicit loops (stride 2)",
    "weight gradient equals the loop over every weight (stride 1)",
]


def conv2d(X, W, b, stride=1):
    X, W = np.asarray(X, dtype=float), np.asarray(W, dtype=float)
    C_out, C_in, k, _ = W.shape
    Wf = W[:, :, ::-1, ::-1]  # flipped kernel
    Ho = (X.shape[1] - k) // stride + 1
    Wo = (X.shape[2] - k) // stride + 1
    Y = np.empty((C_out, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            patch = X[:, i * stride : i * stride + k, j * stride : j * stride + k]
            Y[:, i, j] = np.tensordot(Wf, patch, axes=([1, 2, 3], [0, 1, 2]))
    return Y + np.asarray(b, dtype=float)[:, None, None]


def conv2d_grad_w(X, G, k, stride=1):
    X, G = np.asarray(X, dtype=float), np.asarray(G, dtype=float)
    C_out, Ho, Wo = G.shape
    dW = np.zeros((C_out, X.shape[0], k, k))
    for i in range(Ho):
        for j in range(Wo):
            patch = X[:, i * stride : i * stride + k, j * stride : j * stride + k]
            dW += G[:, i, j][:, None, None, None] * patch[None]
    return dW[:, :, ::-1, ::-1]  # flipped back, as for a true convolution
