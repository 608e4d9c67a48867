"""convolutional-networks: a multi-channel convolution layer, its gradient and its shift equivariance.

Follows d2l ch. 7 and Goodfellow et al. ch. 9 (deep-learning 'convolution' is cross-correlation,
with weight sharing and local connectivity). Checks compare with explicit loops: the layer on a
non-square image (strides 1 and 2, a bias per output channel), the backpropagated weight gradient
against a loop over every weight and against central finite differences of the reference layer,
and equivariance to circular shifts (which a dense layer lacks, shown as a figure); parameter
counts are reported as figures.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from implementations._common import Report, main, solution

EXERCISE = ["conv2d", "conv2d_grad_w"]

DOC_ZH = {
    "conv2d": """多通道卷积层（深度学习中的“卷积”是互相关），valid 模式，带步长：
Y[o, i, j] = Σ_{c,p,q} X[c, i*stride + p, j*stride + q] W[o, c, p, q] + b[o]。

输入：X，形状 (C_in, H, W)；W，形状 (C_out, C_in, k, k)；b，形状 (C_out,)；stride，步长。
输出：形状 (C_out, (H-k)//stride + 1, (W-k)//stride + 1) 的数组。

>>> conv2d(np.arange(9.0).reshape(1, 3, 3), np.ones((1, 1, 2, 2)), np.array([1.0])).tolist()
[[[9.0, 13.0], [21.0, 25.0]]]
""",
    "conv2d_grad_w": """损失 L = Σ G * conv2d(X, W, b, stride) 对权重的梯度：
dL/dW[o, c, p, q] = Σ_{i,j} G[o, i, j] X[c, i*stride + p, j*stride + q]。

输入：X，形状 (C_in, H, W)；G，上游梯度，形状 (C_out, Ho, Wo)；k，卷积核边长；stride，步长。
输出：形状 (C_out, C_in, k, k) 的数组。

>>> conv2d_grad_w(np.arange(9.0).reshape(1, 3, 3), np.ones((1, 2, 2)), 2).tolist()
[[[[8.0, 12.0], [20.0, 24.0]]]]
""",
}

HINTS = {
    "en": (
        "Every output pixel is a dot product of one k x k x C_in window of the input with one "
        "filter; the weight gradient collects the same windows weighted by the upstream gradient.",
        "Take all windows (sliding_window_view, then [::stride] on the position axes) with shape "
        "(C_in, Ho, Wo, k, k); Y = einsum('chwij,ocij->ohw') + b; dW = einsum('ohw,chwij->ocij', G, windows).",
    ),
    "zh": (
        "每个输出像素是输入的一个 k x k x C_in 窗口与一个滤波器的点积；权重梯度把同样的窗口"
        "按上游梯度加权累加。",
        "取出所有窗口（sliding_window_view，再在位置轴上取 [::stride]），形状 (C_in, Ho, Wo, k, k)；"
        "Y = einsum('chwij,ocij->ohw') + b；dW = einsum('ohw,chwij->ocij', G, 窗口)。",
    ),
}


def conv2d(X, W, b, stride=1):
    """Multi-channel 'valid' cross-correlation with stride (a convolution layer).

    Y[o, i, j] = sum_{c,p,q} X[c, i*stride + p, j*stride + q] W[o, c, p, q] + b[o].
    Input: X (C_in, H, W), W (C_out, C_in, k, k), b (C_out,), stride. Output: an array of
    shape (C_out, (H-k)//stride + 1, (W-k)//stride + 1).

    >>> conv2d(np.arange(9.0).reshape(1, 3, 3), np.ones((1, 1, 2, 2)), np.array([1.0])).tolist()
    [[[9.0, 13.0], [21.0, 25.0]]]
    """
    k = W.shape[-1]
    P = sliding_window_view(X, (k, k), axis=(1, 2))[:, ::stride, ::stride]  # (C_in, Ho, Wo, k, k)
    return np.einsum("chwij,ocij->ohw", P, W) + b[:, None, None]


def conv2d_grad_w(X, G, k, stride=1):
    """Weight gradient of L = sum(G * conv2d(X, W, b, stride)).

    dL/dW[o, c, p, q] = sum_{i,j} G[o, i, j] X[c, i*stride + p, j*stride + q]. Input: X
    (C_in, H, W), the upstream gradient G (C_out, Ho, Wo), the kernel size k, stride.
    Output: an array of shape (C_out, C_in, k, k).

    >>> conv2d_grad_w(np.arange(9.0).reshape(1, 3, 3), np.ones((1, 2, 2)), 2).tolist()
    [[[[8.0, 12.0], [20.0, 24.0]]]]
    """
    P = sliding_window_view(X, (k, k), axis=(1, 2))[:, ::stride, ::stride]
    return np.einsum("ohw,chwij->ocij", G, P)


def _conv2d_loop(X, W, b, stride=1):
    C_out, C_in, k, _ = W.shape
    Ho, Wo = (X.shape[1] - k) // stride + 1, (X.shape[2] - k) // stride + 1
    Y = np.zeros((C_out, Ho, Wo))
    for o in range(C_out):
        for i in range(Ho):
            for j in range(Wo):
                patch = X[:, i * stride : i * stride + k, j * stride : j * stride + k]
                Y[o, i, j] = np.sum(patch * W[o]) + b[o]
    return Y


def _grad_loop(X, G, k, stride=1):
    dW = np.zeros((G.shape[0], X.shape[0], k, k))
    for o in range(G.shape[0]):
        for c in range(X.shape[0]):
            for p in range(k):
                for q in range(k):
                    win = X[c, p : p + stride * G.shape[1] : stride, q : q + stride * G.shape[2] : stride]
                    dW[o, c, p, q] = np.sum(G[o] * win)
    return dW


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Convolutional layer")
    X = rng.normal(size=(2, 12, 13))  # C_in = 2 differs from k = 3
    W = rng.normal(size=(4, 2, 3, 3))
    b = rng.normal(size=4)
    for s in (1, 2):
        with r.case(f"vectorised layer equals explicit loops (stride {s})") as c:
            c.close(f.conv2d(X, W, b, s), _conv2d_loop(X, W, b, s), rtol=0, atol=1e-12)

    # Backprop: for L = sum(G * Y), dL/dW[o,c,i,j] = sum_{h,w} G[o,h,w] X[c, h s + i, w s + j].
    for s in (1, 2):
        with r.case(f"weight gradient equals the loop over every weight (stride {s})") as c:
            Ho, Wo = (12 - 3) // s + 1, (13 - 3) // s + 1
            G = rng.normal(size=(4, Ho, Wo))
            c.close(f.conv2d_grad_w(X, G, 3, s), _grad_loop(X, G, 3, s), rtol=0, atol=1e-12)

    with r.case("weight gradient equals central finite difference") as c:
        G = rng.normal(size=(4, 10, 11))
        dW = f.conv2d_grad_w(X, G, 3)
        for idx in [(2, 1, 0, 2), (0, 0, 2, 1), (3, 0, 1, 1)]:
            Wp, Wm = W.copy(), W.copy()
            Wp[idx] += 1e-6
            Wm[idx] -= 1e-6
            fd = (np.sum(G * _conv2d_loop(X, Wp, b)) - np.sum(G * _conv2d_loop(X, Wm, b))) / 2e-6
            c.close(dW[idx], fd, rtol=1e-6)

    # Equivariance: with circular padding, shifting the input shifts the output the same way.
    Xpad = lambda Z: np.pad(Z, ((0, 0), (1, 1), (1, 1)), mode="wrap")
    Xs = np.roll(X, shift=(2, -3), axis=(1, 2))
    with r.case("conv(shift(x)) = shift(conv(x))") as c:
        Y = f.conv2d(Xpad(X), W, b)
        c.close(f.conv2d(Xpad(Xs), W, b), np.roll(Y, shift=(2, -3), axis=(1, 2)), rtol=0, atol=1e-12)
    # A dense layer would not be equivariant: a random matrix breaks it.
    D = rng.normal(size=(X.size, X.size))
    err = np.max(
        np.abs(D @ Xs.ravel() - np.roll((D @ X.ravel()).reshape(X.shape), (2, -3), (1, 2)).ravel())
    )
    r.figure("dense layer: max deviation from shift equivariance", float(err))

    # Weight sharing: parameters do not grow with image size.
    r.figure("conv layer parameters", W.size + b.size)
    r.figure("dense layer with the same input/output sizes", (2 * 12 * 13) * (4 * 10 * 11) + 440)
    return r


if __name__ == "__main__":
    main(run)
