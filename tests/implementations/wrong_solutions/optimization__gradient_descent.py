"""Gradient descent with a step size that decays as lr / t.

The learner believes a fixed step cannot converge and shrinks it every step (a rule for
noisy SGD), so the linear rate (1 - eta lambda)^t and the divergence for eta > 2/L are lost.
"""

import numpy as np

BREAKS = [
    "60 GD steps equal x* + (I - eta A)^60 (x0 - x*)",
    "error along eigenvector i shrinks by (1 - eta lambda_i) per step",
    "eta = 2.1/L diverges (error grows)",
]


def gd(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    xs = [x.copy()]
    for t in range(1, steps + 1):
        x = x - (lr / t) * np.asarray(grad(x), dtype=float)
        xs.append(x.copy())
    return np.array(xs)
