"""fine-tuning: continue gradient descent from pretrained weights on a small target dataset.

Follows d2l-en Sec. 14.2 (start from the pretrained model, train on the target data) and
Goodfellow et al. ch. 7 (early stopping behaves like L2 regularisation toward the starting
point). Linear regression keeps every quantity in closed form. Checks: with fewer examples
than parameters, GD from w0 converges to the interpolating solution closest to w0 (w0 +
pinv(X)(y - X w0)); fine-tuning with an L2 pull toward w0 matches its normal-equation solution;
when the target task is near the source task, starting from w0 beats starting from zero.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def gd(X, y, w, lr, steps, lam=0.0, w0=None):
    n = X.shape[0]
    for _ in range(steps):
        g = X.T @ (X @ w - y) / n
        if lam:
            g = g + lam * (w - w0)
        w = w - lr * g
    return w


def run() -> Report:
    rng = np.random.default_rng(0)
    R = Report("Fine-tuning from pretrained weights")
    d, n = 50, 20  # more parameters than target examples
    w_src = rng.normal(size=d)  # weights "pretrained" on a large source task
    w_tgt = w_src + 0.3 * rng.normal(size=d)  # related target task
    X = rng.normal(size=(n, d))
    y = X @ w_tgt + 0.01 * rng.normal(size=n)
    lr = 0.5 / np.linalg.norm(X, 2) ** 2 * n

    # 1. Implicit bias: GD from w0 stays in w0 + rowspace(X) and ends at the closest interpolant.
    w_ft = gd(X, y, w_src.copy(), lr, 4000)
    closest = w_src + np.linalg.pinv(X) @ (y - X @ w_src)
    R.check_close(
        "GD from w_src converges to w_src + pinv(X)(y - X w_src)", w_ft, closest, atol=1e-8
    )
    R.check(
        "the fine-tuned weights fit the target data (train MSE < 1e-12)",
        np.mean((X @ w_ft - y) ** 2) < 1e-12,
    )

    # 2. Explicit version: minimise MSE/2 + lam/2 ||w - w0||^2; normal equations give the answer.
    lam = 0.1
    w_l2 = gd(X, y, w_src.copy(), lr / 2, 6000, lam=lam, w0=w_src)
    closed = np.linalg.solve(X.T @ X / n + lam * np.eye(d), X.T @ y / n + lam * w_src)
    R.check_close(
        "L2-toward-w0 fine-tuning equals (X'X/n + lam I)^-1 (X'y/n + lam w0)",
        w_l2,
        closed,
        atol=1e-8,
    )

    # 3. Transfer: same data and optimiser, starting from zero vs from the pretrained weights.
    w_scratch = gd(X, y, np.zeros(d), lr, 4000)
    R.check_close(
        "GD from zero gives the minimum-norm interpolant pinv(X) y",
        w_scratch,
        np.linalg.pinv(X) @ y,
        atol=1e-8,
    )
    Xt = rng.normal(size=(2000, d))
    err = lambda w: float(np.mean((Xt @ (w - w_tgt)) ** 2))
    R.figure(
        "test MSE: pretrained only, scratch, fine-tuned, fine-tuned+L2",
        [err(w_src), err(w_scratch), err(w_ft), err(w_l2)],
    )
    R.check(
        "fine-tuning from w_src beats training from scratch on held-out data",
        err(w_ft) < 0.5 * err(w_scratch),
        f"{err(w_ft):.3f} vs {err(w_scratch):.3f}",
    )
    R.figure(
        "distance moved ||w_ft - w_src|| vs ||w_tgt - w_src||",
        [float(np.linalg.norm(w_ft - w_src)), float(np.linalg.norm(w_tgt - w_src))],
    )
    return R


if __name__ == "__main__":
    main(run)
