"""lora: fine-tune a frozen weight W0 through a trainable low-rank update (alpha/r) B A.

Follows Hu et al. (2022), Sec. 4.1: h = W0 x + (alpha/r) B A x with B = 0 at start and A
random, so training starts exactly at the pretrained model. Checks (with alpha/r = 1.5): the loss
written out column by column; training starts at B = 0 with a full-rank random A; gradient
descent on (A, B)
recovers a planted rank-r update; when the true update has full rank, LoRA's training loss
converges to the Eckart-Young optimum (sum of discarded squared singular values, from
numpy.linalg.svd); and the analytic gradients match finite differences.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["lora_loss_grad", "train_lora"]

DOC_ZH = {
    "lora_loss_grad": """LoRA 的损失及其对 A、B 的梯度：h = (W0 + s B A) x，损失 L = ||(W0 + s B A) X - Y||^2 / (2n)，W0 冻结。

输入：W0 (d, k)；A (r, k)；B (d, r)；X (k, n)；Y (d, n)；s = alpha / r。
输出：(L, gA, gB)：gA = s B^T G，gB = s G A^T，其中 G = E X^T / n，E 为残差。

>>> L, gA, gB = lora_loss_grad(np.zeros((1, 1)), np.ones((1, 1)), np.ones((1, 1)), np.ones((1, 1)), np.zeros((1, 1)), 2.0)
>>> float(L), gA.tolist(), gB.tolist()
(2.0, [[4.0]], [[4.0]])
""",
    "train_lora": """用梯度下降训练 LoRA：A 随机初始化（N(0, 1/k)），B 初始化为 0，使训练恰好从预训练模型开始；W0 不变。

输入：W0 (d, k)；X (k, n)；Y (d, n)；r，秩；alpha；steps；lr；rng，numpy Generator（用于初始化 A）。每步同时用 lora_loss_grad 的梯度更新 A 和 B，s = alpha / r。
输出：(A, B)，形状 (r, k) 与 (d, r)。

>>> A, B = train_lora(np.eye(2), np.eye(2), np.eye(2), 1, 1.0, 0, 0.1, np.random.default_rng(0))
>>> A.shape, B.tolist()
((1, 2), [[0.0], [0.0]])
""",
}

HINTS = {
    "en": (
        "The frozen weight only shifts the residual; the trainable part is a product B A, so "
        "each factor's gradient is the full-matrix gradient multiplied by the other factor.",
        "With E = (W0 + s B A) X - Y and G = E X^T / n (the gradient in W), gB = s G A^T and "
        "gA = s B^T G. Start from B = 0 and a random A, so the first step already moves B.",
    ),
    "zh": (
        "冻结的权重只改变残差；可训练部分是乘积 B A，所以每个因子的梯度是整个矩阵的梯度乘以另一个因子。",
        "设 E = (W0 + s B A) X - Y，G = E X^T / n（对 W 的梯度），则 gB = s G A^T，gA = s B^T G。"
        "从 B = 0、随机 A 出发，这样第一步就会更新 B。",
    ),
}


def lora_loss_grad(W0, A, B, X, Y, s):
    """LoRA's loss and its gradients in A and B: h = (W0 + s B A) x, loss
    L = ||(W0 + s B A) X - Y||^2 / (2n), W0 frozen.

    Input: W0 (d, k); A (r, k); B (d, r); X (k, n); Y (d, n); s = alpha / r. Output:
    (L, gA, gB) with gA = s B^T G and gB = s G A^T, G = E X^T / n for the residual E.

    >>> L, gA, gB = lora_loss_grad(np.zeros((1, 1)), np.ones((1, 1)), np.ones((1, 1)), np.ones((1, 1)), np.zeros((1, 1)), 2.0)
    >>> float(L), gA.tolist(), gB.tolist()
    (2.0, [[4.0]], [[4.0]])
    """
    E = (W0 + s * B @ A) @ X - Y  # residual
    G = E @ X.T / X.shape[1]  # dLoss/dW
    return 0.5 * (E**2).sum() / X.shape[1], s * B.T @ G, s * G @ A.T


def train_lora(W0, X, Y, r, alpha, steps, lr, rng):
    """Train LoRA by gradient descent: A random (N(0, 1/k)), B = 0, so training starts
    exactly at the pretrained model; W0 never changes.

    Input: W0 (d, k); X (k, n); Y (d, n); r, the rank; alpha; steps; lr; rng, a numpy
    Generator for A's init. Each step updates A and B together with the gradients of
    lora_loss_grad, s = alpha / r. Output: (A, B), shapes (r, k) and (d, r).

    >>> A, B = train_lora(np.eye(2), np.eye(2), np.eye(2), 1, 1.0, 0, 0.1, np.random.default_rng(0))
    >>> A.shape, B.tolist()
    ((1, 2), [[0.0], [0.0]])
    """
    d, k = W0.shape
    A = rng.normal(0, 1 / np.sqrt(k), (r, k))  # random init
    B = np.zeros((d, r))  # zero init: no change at step 0
    s = alpha / r
    for _ in range(steps):
        _, gA, gB = lora_loss_grad(W0, A, B, X, Y, s)
        B = B - lr * gB
        A = A - lr * gA
    return A, B


def loss(W0, A, B, X, Y, s):
    E = (W0 + s * B @ A) @ X - Y
    return 0.5 * (E**2).sum() / X.shape[1]


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("LoRA: low-rank adaptation")
    d, k, r, alpha = 24, 16, 2, 3.0  # s = alpha / r = 1.5, so a missing scale shows
    s = alpha / r
    W0 = rng.normal(0, 1, (d, k))  # "pretrained" weight, frozen

    # 1. Planted low-rank task: W* = W0 + U V^T with rank r; inputs x ~ N(0, I).
    dW = rng.normal(0, 1, (d, r)) @ rng.normal(0, 1, (r, k)) / np.sqrt(k)
    X = rng.normal(0, 1, (k, 400))
    Y = (W0 + dW) @ X

    # Gradients of the LoRA loss w.r.t. A and B vs central finite differences (s = 1.5).
    A3, B3 = rng.normal(size=(r, k)), rng.normal(size=(d, r))
    Xs, Ys = X[:, :50], Y[:, :50]
    with R.case("LoRA loss equals ||(W0 + s B A) X - Y||^2 / (2n)") as c:
        L3 = f.lora_loss_grad(W0, A3, B3, Xs, Ys, s)[0]
        c.close(
            L3,
            sum(np.sum(((W0 + s * B3 @ A3) @ Xs[:, j] - Ys[:, j]) ** 2) for j in range(50)) / 100,
            rtol=1e-12,
        )
    with R.case("dL/dA and dL/dB match finite differences") as c:
        _, gA, gB = f.lora_loss_grad(W0, A3, B3, Xs, Ys, s)
        h, fdA, fdB = 1e-6, np.zeros_like(A3), np.zeros_like(B3)
        for idx in np.ndindex(*A3.shape):
            E = np.zeros_like(A3)
            E[idx] = h
            fdA[idx] = (loss(W0, A3 + E, B3, Xs, Ys, s) - loss(W0, A3 - E, B3, Xs, Ys, s)) / (2 * h)
        for idx in np.ndindex(*B3.shape):
            E = np.zeros_like(B3)
            E[idx] = h
            fdB[idx] = (loss(W0, A3, B3 + E, Xs, Ys, s) - loss(W0, A3, B3 - E, Xs, Ys, s)) / (2 * h)
        c.close(
            np.r_[np.ravel(gA), np.ravel(gB)], np.r_[fdA.ravel(), fdB.ravel()], rtol=1e-5, atol=1e-6
        )

    with R.case("training starts at the pretrained model: B = 0, A random") as c:
        A0, B0 = f.train_lora(W0, X, Y, r, alpha, 0, 0.1, np.random.default_rng(1))
        c.equal(np.asarray(B0), np.zeros((d, r)))
        c.true(np.shape(A0) == (r, k) and np.linalg.matrix_rank(A0) == r, "A has full rank r")
        c.close(np.std(A0) * np.sqrt(k), 1.0, rtol=0.5)  # N(0, 1/k) entries

    with R.case("LoRA recovers a planted rank-2 update (rel. err < 1e-4)") as c:
        A, B = f.train_lora(W0, X, Y, r, alpha, 1500, 0.1, rng)
        rel = np.linalg.norm(s * B @ A - dW) / np.linalg.norm(dW)
        c.true(rel < 1e-4, f"rel err {rel:.2e}")
    R.figure("trainable params LoRA r(d+k) vs full d*k", [r * (d + k), d * k])

    # 2. Full-rank true update, whitened inputs: the best rank-r fit is the truncated SVD,
    #    so LoRA's loss must reach 0.5 * sum_{i>r} sigma_i^2 (Eckart-Young-Mirsky).
    dW_full = rng.normal(0, 0.2, (d, k)) * np.linspace(2, 0.1, k)
    I = np.eye(k) * np.sqrt(k)  # X X^T / n = I
    Yf = (W0 + dW_full) @ I
    sig = np.linalg.svd(dW_full, compute_uv=False)
    ey = 0.5 * (sig[r:] ** 2).sum()
    with R.case("LoRA loss = Eckart-Young optimum 0.5*sum_{i>r} sigma_i^2") as c:
        A2, B2 = f.train_lora(W0, I, Yf, r, alpha, 3000, 0.1, rng)
        c.close(loss(W0, A2, B2, I, Yf, s), ey, rtol=1e-6)
    with R.case("learned update equals the rank-2 truncated SVD") as c:
        U, S, Vt = np.linalg.svd(dW_full)
        best = (U[:, :r] * S[:r]) @ Vt[:r]
        c.close(s * B2 @ A2, best, atol=1e-5)
    R.figure(
        "singular values of the full-rank update (first 4)", [round(float(x), 3) for x in sig[:4]]
    )
    return R


if __name__ == "__main__":
    main(run)
