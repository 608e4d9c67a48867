"""AdamW written as Adam with L2: the decay lam * theta is added to the gradient in both modes.

The learner believes weight decay and L2 regularisation are the same thing for every
optimizer, so the decay goes through the adaptive (1 / sqrt(v)) scaling instead of being
decoupled from it.
"""

import numpy as np

BREAKS = [
    "AdamW: two steps unrolled by hand (b1 = 0.5, b2 = 0.8, lam = 0.3)",
    "AdamW: default b1, b2, eps = 1e-8, two steps by hand",
    "AdamW, zero gradient: theta_T = (1 - lr lam)^T theta_0",
    "AdamW shrinks both coordinates by the same amount",
]


def adam_family(theta0, grad_fn, T, lr, lam, decoupled, b1=0.9, b2=0.999, eps=1e-08):
    theta = np.array(theta0, dtype=float)
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    out = [theta.copy()]
    for t in range(1, T + 1):
        g = np.asarray(grad_fn(t), dtype=float) + lam * theta  # "decay" = L2, whatever decoupled
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        mh, vh = m / (1 - b1**t), v / (1 - b2**t)
        theta = theta - lr * mh / (np.sqrt(vh) + eps)
        out.append(theta.copy())
    return np.array(out)
