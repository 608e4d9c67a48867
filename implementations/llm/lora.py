"""lora: fine-tune a frozen weight W0 through a trainable low-rank update (alpha/r) B A.

Follows Hu et al. (2022), Sec. 4.1: h = W0 x + (alpha/r) B A x with B = 0 at start and A
random, so training starts exactly at the pretrained model. Checks: gradient descent on (A, B)
recovers a planted rank-r update; when the true update has full rank, LoRA's training loss
converges to the Eckart-Young optimum (sum of discarded squared singular values, from
numpy.linalg.svd); and the analytic gradients match finite differences.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def train_lora(W0, X, Y, r, alpha, steps, lr, rng):
    d, k = W0.shape
    A = rng.normal(0, 1 / np.sqrt(k), (r, k))  # random init
    B = np.zeros((d, r))  # zero init: no change at step 0
    s, n = alpha / r, X.shape[1]
    for _ in range(steps):
        E = (W0 + s * B @ A) @ X - Y  # residual, loss = ||E||^2 / (2n)
        G = E @ X.T / n  # dLoss/dW
        gB, gA = s * G @ A.T, s * B.T @ G
        B -= lr * gB
        A -= lr * gA
    return A, B


def loss(W0, A, B, X, Y, s):
    E = (W0 + s * B @ A) @ X - Y
    return 0.5 * (E**2).sum() / X.shape[1]


def run() -> Report:
    rng = np.random.default_rng(0)
    R = Report("LoRA: low-rank adaptation")
    d, k, r, alpha = 24, 16, 2, 2.0
    W0 = rng.normal(0, 1, (d, k))  # "pretrained" weight, frozen

    # 1. Planted low-rank task: W* = W0 + U V^T with rank r; inputs x ~ N(0, I).
    dW = rng.normal(0, 1, (d, r)) @ rng.normal(0, 1, (r, k)) / np.sqrt(k)
    X = rng.normal(0, 1, (k, 400))
    Y = (W0 + dW) @ X
    A, B = train_lora(W0, X, Y, r, alpha, 1500, 0.1, rng)
    s = alpha / r
    rel = np.linalg.norm(s * B @ A - dW) / np.linalg.norm(dW)
    R.check(
        "LoRA recovers a planted rank-2 update (rel. err < 1e-4)", rel < 1e-4, f"rel err {rel:.2e}"
    )
    R.figure("trainable params LoRA r(d+k) vs full d*k", [r * (d + k), d * k])

    # 2. Full-rank true update, whitened inputs: the best rank-r fit is the truncated SVD,
    #    so LoRA's loss must reach 0.5 * sum_{i>r} sigma_i^2 (Eckart-Young-Mirsky).
    dW_full = rng.normal(0, 0.2, (d, k)) * np.linspace(2, 0.1, k)
    I = np.eye(k) * np.sqrt(k)  # X X^T / n = I
    Yf = (W0 + dW_full) @ I
    A2, B2 = train_lora(W0, I, Yf, r, alpha, 3000, 0.1, rng)
    sig = np.linalg.svd(dW_full, compute_uv=False)
    ey = 0.5 * (sig[r:] ** 2).sum()
    R.check_close(
        "LoRA loss = Eckart-Young optimum 0.5*sum_{i>r} sigma_i^2",
        loss(W0, A2, B2, I, Yf, s),
        ey,
        rtol=1e-6,
    )
    U, S, Vt = np.linalg.svd(dW_full)
    best = (U[:, :r] * S[:r]) @ Vt[:r]
    R.check_close("learned update equals the rank-2 truncated SVD", s * B2 @ A2, best, atol=1e-5)

    # 3. Gradients of the LoRA loss w.r.t. A and B vs central finite differences.
    A3, B3 = rng.normal(size=(r, k)), rng.normal(size=(d, r))
    Xs, Ys = X[:, :50], Y[:, :50]
    G = ((W0 + s * B3 @ A3) @ Xs - Ys) @ Xs.T / 50
    gA, gB = s * B3.T @ G, s * G @ A3.T
    h, fdA, fdB = 1e-6, np.zeros_like(A3), np.zeros_like(B3)
    for idx in np.ndindex(*A3.shape):
        E = np.zeros_like(A3)
        E[idx] = h
        fdA[idx] = (loss(W0, A3 + E, B3, Xs, Ys, s) - loss(W0, A3 - E, B3, Xs, Ys, s)) / (2 * h)
    for idx in np.ndindex(*B3.shape):
        E = np.zeros_like(B3)
        E[idx] = h
        fdB[idx] = (loss(W0, A3, B3 + E, Xs, Ys, s) - loss(W0, A3, B3 - E, Xs, Ys, s)) / (2 * h)
    R.check_close(
        "dL/dA and dL/dB match finite differences",
        np.r_[gA.ravel(), gB.ravel()],
        np.r_[fdA.ravel(), fdB.ravel()],
        rtol=1e-5,
        atol=1e-6,
    )
    R.figure(
        "singular values of the full-rank update (first 4)", [round(float(x), 3) for x in sig[:4]]
    )
    return R


if __name__ == "__main__":
    main(run)
