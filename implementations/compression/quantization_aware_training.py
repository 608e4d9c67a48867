"""quantization-aware-training: train through the quantiser with a straight-through estimator.

Follows Jacob et al. (2018) ('simulated quantization' in training) and Nagel et al. (2021).
Forward pass uses fake-quantised weights w_hat = s * clip(round(w / s), -3, 3) (3-bit
signed grid); backward pass treats round() as the identity inside the clipping range (STE).
Task: least squares with correlated features, where independent rounding (PTQ) of the float
optimum is poor. Checks: fake-quantised weights lie on the grid; the STE gradient equals
the finite-difference gradient of the loss at w_hat; and QAT (cosine-decayed learning rate,
final iterate) beats PTQ on most of 10 random problems, with a lower median loss.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

QMAX = 3


def problem(rng, d=16, n=400):
    A = rng.normal(size=(d, d))
    X = rng.multivariate_normal(np.zeros(d), A @ A.T / d + 0.05 * np.eye(d), n)
    y = X @ rng.normal(size=d) + 0.1 * rng.normal(size=n)
    return X.T @ X / n, X.T @ y / n, y @ y / n  # loss(w) = w'Gw - 2b'w + c


def fake_quant(w, s):
    return s * np.clip(np.round(w / s), -QMAX, QMAX)


def qat(G, b, w0, s, steps=800):
    w, lr0 = w0.copy(), 0.5 / np.linalg.eigvalsh(G).max()
    for t in range(steps):
        lr = lr0 * 0.5 * (1 + np.cos(np.pi * t / steps))
        grad_hat = 2 * (G @ fake_quant(w, s) - b)  # dL/dw_hat
        w -= lr * grad_hat * (np.abs(w / s) <= QMAX + 0.5)  # STE: pass through inside the range
    return w


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Quantization-aware training (STE)")
    ptq, qat_l, grid_ok, fd_ok = [], [], True, True
    for i in range(10):
        G, b, c = problem(rng)
        loss = lambda w: w @ G @ w - 2 * b @ w + c
        wf = np.linalg.solve(G, b)  # float optimum
        s = np.abs(wf).max() / QMAX  # fixed per-tensor scale
        wq = qat(G, b, wf, s)
        w_hat = fake_quant(wq, s)
        k = w_hat / s
        grid_ok &= bool(np.allclose(k, np.round(k), atol=1e-9) and np.abs(k).max() <= QMAX)
        if i == 0:  # STE gradient vs finite differences at w_hat
            g = 2 * (G @ w_hat - b)
            fd = np.array(
                [(loss(w_hat + 1e-6 * e) - loss(w_hat - 1e-6 * e)) / 2e-6 for e in np.eye(len(b))]
            )
            fd_ok = bool(np.allclose(g, fd, rtol=1e-6, atol=1e-8))
        ptq.append(loss(fake_quant(wf, s)))
        qat_l.append(loss(w_hat))
    ptq, qat_l = np.array(ptq), np.array(qat_l)
    r.figure("loss PTQ (round the float optimum), 10 problems", np.round(ptq, 3).tolist())
    r.figure("loss QAT (STE, final iterate)", np.round(qat_l, 3).tolist())
    r.check("fake-quantised weights lie on the 3-bit grid", grid_ok)
    r.check("STE gradient = finite-difference gradient of the loss at w_hat", fd_ok)
    wins = int(np.sum(qat_l < ptq - 1e-12))
    r.figure("problems where QAT < PTQ", f"{wins}/10")
    r.check("QAT beats PTQ on at least 6 of 10 problems", wins >= 6)
    r.check("median QAT loss < median PTQ loss", np.median(qat_l) < np.median(ptq))
    return r


if __name__ == "__main__":
    main(run)
