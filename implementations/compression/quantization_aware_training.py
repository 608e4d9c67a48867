"""quantization-aware-training: train through the quantiser with a straight-through estimator.

Follows Jacob et al. (2018) ('simulated quantization' in training) and Nagel et al. (2021).
Forward pass uses fake-quantised weights w_hat = s * clip(round(w / s), -3, 3) (3-bit
signed grid); backward pass treats round() as the identity inside the clipping range (STE).
Task: least squares with correlated features, where independent rounding (PTQ) of the float
optimum is poor. Checks: fake quantisation equals a brute-force nearest-grid-point search
(with clipping); fake-quantised weights lie on the grid; the first QAT steps equal the STE
update written out, whose gradient 2(G w_hat - b) is the finite-difference gradient of the
loss at w_hat; and QAT (cosine-decayed learning rate, final iterate) beats PTQ on most of 10
random problems, with a lower median loss.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["fake_quant", "qat"]

QMAX = 3

DOC_ZH = {
    "fake_quant": """伪量化：w_hat = s·clip(round(w / s), -qmax, qmax)，即取最近的网格点并截断到范围内。

输入：w，权重数组；s，步长（scale）；qmax，最大整数级（默认 3，即 3 位有符号网格）。
输出：与 w 同形状的数组。

>>> fake_quant(np.array([0.26, -0.9, 5.0]), 0.5).tolist()
[0.5, -1.0, 1.5]
""",
    "qat": """量化感知训练：在 loss(w) = w^T G w - 2 b^T w + c 上做梯度下降，前向用伪量化权重 w_hat，
反向用直通估计（STE）：梯度 2 (G w_hat - b) 只在 |w / s| <= qmax + 0.5 的坐标上通过。

学习率 lr_t = lr0·0.5·(1 + cos(pi t / steps))，lr0 = 0.5 / lambda_max(G)，t = 0..steps-1。
输入：G、b；w0，初始权重；s，步长；steps；qmax。
输出：最终的（未量化）权重 w。

>>> qat(np.eye(1), np.array([0.3]), np.array([0.0]), 0.5, steps=1).tolist()
[0.3]
""",
}

HINTS = {
    "en": (
        "Forward through the quantiser, backward around it: round() has zero gradient almost "
        "everywhere, so pretend it is the identity.",
        "fake_quant = s * clip(round(w / s), -qmax, qmax). Each QAT step: grad = 2 (G "
        "fake_quant(w) - b), masked to 0 where |w / s| > qmax + 0.5 (outside the clipping "
        "range), with a cosine-decayed learning rate.",
    ),
    "zh": (
        "前向穿过量化器，反向绕过它：round() 几乎处处梯度为 0，所以把它当作恒等映射。",
        "fake_quant = s * clip(round(w / s), -qmax, qmax)。每个 QAT 步：grad = 2 (G fake_quant(w) - b)，"
        "在 |w / s| > qmax + 0.5（截断范围之外）处置零，学习率按余弦衰减。",
    ),
}


def problem(rng, d=16, n=400):
    A = rng.normal(size=(d, d))
    X = rng.multivariate_normal(np.zeros(d), A @ A.T / d + 0.05 * np.eye(d), n)
    y = X @ rng.normal(size=d) + 0.1 * rng.normal(size=n)
    return X.T @ X / n, X.T @ y / n, y @ y / n  # loss(w) = w'Gw - 2b'w + c


def fake_quant(w, s, qmax=3):
    """Fake quantisation w_hat = s clip(round(w / s), -qmax, qmax): the nearest grid point,
    clipped to the range.

    Input: w, weights; s, the step (scale); qmax, the largest integer level (default 3, a
    3-bit signed grid). Output: an array of w's shape.

    >>> fake_quant(np.array([0.26, -0.9, 5.0]), 0.5).tolist()
    [0.5, -1.0, 1.5]
    """
    return s * np.clip(np.round(w / s), -qmax, qmax)


def qat(G, b, w0, s, steps=800, qmax=3):
    """Quantisation-aware training: gradient descent on loss(w) = w'Gw - 2b'w + c with the
    fake-quantised weights w_hat in the forward pass and the straight-through estimator
    backward: the gradient 2 (G w_hat - b) passes only where |w / s| <= qmax + 0.5.

    Learning rate lr_t = lr0 0.5 (1 + cos(pi t / steps)), lr0 = 0.5 / lambda_max(G),
    t = 0..steps-1. Input: G, b; w0, the initial weights; s, the step; steps; qmax.
    Output: the final (unquantised) weights w.

    >>> qat(np.eye(1), np.array([0.3]), np.array([0.0]), 0.5, steps=1).tolist()
    [0.3]
    """
    w, lr0 = np.array(w0, dtype=float), 0.5 / np.linalg.eigvalsh(G).max()
    for t in range(steps):
        lr = lr0 * 0.5 * (1 + np.cos(np.pi * t / steps))
        grad_hat = 2 * (G @ fake_quant(w, s, qmax) - b)  # dL/dw_hat
        w -= lr * grad_hat * (np.abs(w / s) <= qmax + 0.5)  # STE: pass through inside the range
    return w


def _qat_ref(G, b, w0, s, steps, qmax):
    """The STE update written out coordinate by coordinate (reference for a few steps)."""
    w = np.array(w0, dtype=float)
    lr0 = 0.5 / np.max(np.linalg.eigvalsh(G))
    for t in range(steps):
        lr = lr0 * (1 + np.cos(np.pi * t / steps)) / 2
        wh = np.array([s * min(max(round(v / s), -qmax), qmax) for v in w])
        g = 2 * (G @ wh - b)
        w = np.array(
            [w[i] - lr * g[i] if abs(w[i] / s) <= qmax + 0.5 else w[i] for i in range(len(w))]
        )
    return w


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Quantization-aware training (STE)")
    with r.case("fake quantisation = nearest clipped grid point (brute force)") as c:
        w = rng.normal(size=500) * 2
        for s, qm in ((0.5, 3), (0.3, 7), (1.0, 1)):
            grid = s * np.arange(-qm, qm + 1)
            ref = grid[np.argmin(np.abs(w[:, None] - grid[None, :]), axis=1)]
            c.close(f.fake_quant(w, s, qm), ref, rtol=1e-12)
        grid = 0.4 * np.arange(-3, 4)
        c.close(
            f.fake_quant(w, 0.4), grid[np.argmin(np.abs(w[:, None] - grid), axis=1)], rtol=1e-12
        )  # default qmax = 3
    with r.case("first QAT steps equal the STE update written out") as c:
        G, b, _ = problem(rng, d=6, n=50)
        wf = np.linalg.solve(G, b)
        s = np.abs(wf).max() / 3.0
        w0 = wf * 1.5  # some weights beyond the clipping range: the STE blocks them
        c.true(bool(np.any(np.abs(w0 / s) > 3.5)), "the start has clipped weights")
        c.close(f.qat(G, b, w0, s), _qat_ref(G, b, w0, s, 800, QMAX), rtol=1e-9, atol=1e-13)
        for steps in (1, 2, 5):
            c.close(
                f.qat(G, b, w0, s, steps=steps),
                _qat_ref(G, b, w0, s, steps, QMAX),
                rtol=1e-10,
                atol=1e-14,
            )
        c.close(f.qat(G, b, w0, s, steps=4, qmax=5), _qat_ref(G, b, w0, s, 4, 5), rtol=1e-10)
        # the STE gradient 2 (G w_hat - b) is the exact gradient of the loss at w_hat
        loss = lambda v: v @ G @ v - 2 * b @ v
        wh = fake_quant(w0, s)
        fd = np.array([(loss(wh + 1e-6 * e) - loss(wh - 1e-6 * e)) / 2e-6 for e in np.eye(6)])
        c.close(2 * (G @ wh - b), fd, rtol=1e-6, atol=1e-8)

    ptq, qat_l, grid_ok = [], [], True
    with r.case("fake-quantised weights lie on the 3-bit grid") as c:
        for i in range(10):
            G, b, cc = problem(rng)
            loss = lambda w: w @ G @ w - 2 * b @ w + cc
            wf = np.linalg.solve(G, b)  # float optimum
            s = np.abs(wf).max() / QMAX  # fixed per-tensor scale
            wq = f.qat(G, b, wf, s)
            w_hat = np.asarray(f.fake_quant(wq, s))
            k = w_hat / s
            grid_ok &= bool(np.allclose(k, np.round(k), atol=1e-9) and np.abs(k).max() <= QMAX)
            ptq.append(loss(fake_quant(wf, s)))
            qat_l.append(loss(w_hat))
        c.true(grid_ok)
    ptq, qat_l = np.array(ptq), np.array(qat_l)
    r.figure("loss PTQ (round the float optimum), 10 problems", np.round(ptq, 3).tolist())
    r.figure("loss QAT (STE, final iterate)", np.round(qat_l, 3).tolist())
    wins = int(np.sum(qat_l < ptq - 1e-12)) if len(ptq) == len(qat_l) else 0
    r.figure("problems where QAT < PTQ", f"{wins}/10")
    with r.case("QAT beats PTQ on at least 6 of 10 problems") as c:
        c.true(wins >= 6)
    with r.case("median QAT loss < median PTQ loss") as c:
        c.true(len(qat_l) == 10 and np.median(qat_l) < np.median(ptq))
    return r


if __name__ == "__main__":
    main(run)
