"""LoRA with both factors initialised to zero "so that training starts at the pretrained model".

The learner zeroes A as well as B; then both gradients (s B^T G and s G A^T) vanish and the
adapter never moves from zero.
"""

import numpy as np

BREAKS = [
    "training starts at the pretrained model: B = 0, A random",
    "LoRA recovers a planted rank-2 update (rel. err < 1e-4)",
]


def lora_loss_grad(W0, A, B, X, Y, s):
    E = (W0 + s * B @ A) @ X - Y
    G = E @ X.T / X.shape[1]
    return 0.5 * float((E**2).sum()) / X.shape[1], s * B.T @ G, s * G @ A.T


def train_lora(W0, X, Y, r, alpha, steps, lr, rng):
    d, k = W0.shape
    A = np.zeros((r, k))  # should be random
    B = np.zeros((d, r))
    s = alpha / r
    for _ in range(steps):
        _, gA, gB = lora_loss_grad(W0, A, B, X, Y, s)
        A, B = A - lr * gA, B - lr * gB
    return A, B
