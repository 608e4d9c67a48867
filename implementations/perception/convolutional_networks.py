"""convolutional-networks: a multi-channel convolution layer, its gradient and its shift equivariance.

Follows d2l ch. 7 and Goodfellow et al. ch. 9 (deep-learning 'convolution' is cross-correlation,
with weight sharing and local connectivity). Checks: the vectorised layer against explicit loops,
the backpropagated weight gradient against finite differences, and equivariance to circular
shifts (which a dense layer lacks); parameter counts are reported as figures.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from implementations._common import Report, main


def conv2d(X, W, b, stride=1):
    # X: (C_in, H, W); W: (C_out, C_in, k, k); 'valid' cross-correlation.
    k = W.shape[-1]
    P = sliding_window_view(X, (k, k), axis=(1, 2))[:, ::stride, ::stride]  # (C_in, Ho, Wo, k, k)
    return np.einsum("chwij,ocij->ohw", P, W) + b[:, None, None]


def conv2d_loop(X, W, b, stride=1):
    C_out, C_in, k, _ = W.shape
    Ho, Wo = (X.shape[1] - k) // stride + 1, (X.shape[2] - k) // stride + 1
    Y = np.zeros((C_out, Ho, Wo))
    for o in range(C_out):
        for i in range(Ho):
            for j in range(Wo):
                patch = X[:, i * stride : i * stride + k, j * stride : j * stride + k]
                Y[o, i, j] = np.sum(patch * W[o]) + b[o]
    return Y


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Convolutional layer")
    X = rng.normal(size=(3, 12, 12))
    W = rng.normal(size=(4, 3, 3, 3))
    b = rng.normal(size=4)
    for s in (1, 2):
        r.check_close(
            f"vectorised layer equals explicit loops (stride {s})",
            conv2d(X, W, b, s),
            conv2d_loop(X, W, b, s),
            rtol=0,
            atol=1e-12,
        )

    # Backprop: for L = sum(G * Y), dL/dW[o,c,i,j] = sum_{h,w} G[o,h,w] X[c, h+i, w+j].
    G = rng.normal(size=(4, 10, 10))
    P = sliding_window_view(X, (3, 3), axis=(1, 2))
    dW = np.einsum("ohw,chwij->ocij", G, P)
    eps, idx = 1e-6, (2, 1, 0, 2)
    Wp, Wm = W.copy(), W.copy()
    Wp[idx] += eps
    Wm[idx] -= eps
    fd = (np.sum(G * conv2d(X, Wp, b)) - np.sum(G * conv2d(X, Wm, b))) / (2 * eps)
    r.check_close("weight gradient equals central finite difference", dW[idx], fd, rtol=1e-7)

    # Equivariance: with circular padding, shifting the input shifts the output the same way.
    Xpad = lambda Z: np.pad(Z, ((0, 0), (1, 1), (1, 1)), mode="wrap")
    Y = conv2d(Xpad(X), W, b)
    Xs = np.roll(X, shift=(2, -3), axis=(1, 2))
    r.check_close(
        "conv(shift(x)) = shift(conv(x))",
        conv2d(Xpad(Xs), W, b),
        np.roll(Y, shift=(2, -3), axis=(1, 2)),
        rtol=0,
        atol=1e-12,
    )
    # A dense layer would not be equivariant: a random matrix breaks it.
    D = rng.normal(size=(X.size, X.size))
    err = np.max(
        np.abs(D @ Xs.ravel() - np.roll((D @ X.ravel()).reshape(X.shape), (2, -3), (1, 2)).ravel())
    )
    r.check("a dense layer is not shift-equivariant", err > 1.0, f"max deviation {err:.2f}")

    # Weight sharing: parameters do not grow with image size.
    conv_params = W.size + b.size
    dense_params = (3 * 12 * 12) * (4 * 10 * 10) + 4 * 10 * 10
    r.figure("conv layer parameters", conv_params)
    r.figure("dense layer with the same input/output sizes", dense_params)
    return r


if __name__ == "__main__":
    main(run)
