"""Adam without bias correction: the raw moving averages m and v drive the step.

The learner thinks the corrections m / (1 - b1^t) and v / (1 - b2^t) are cosmetic, so the
early steps are far from lr and the returned moments are biased towards zero.
"""

import numpy as np

BREAKS = [
    "first step = -lr * sign(g) per coordinate",
    "constant gradient: every step is exactly lr",
    "m_hat = weighted average of gradients, weights normalised to 1",
    "v_hat = weighted average of squared gradients",
]


def adam(grads, lr, b1=0.9, b2=0.999, eps=0.0):
    grads = np.asarray(grads, dtype=float)
    T, n = grads.shape
    x, m, v = np.zeros(n), np.zeros(n), np.zeros(n)
    xs, ms, vs = [x.copy()], [], []
    for t in range(T):
        g = grads[t]
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        x = x - lr * m / (np.sqrt(v) + eps)  # no division by 1 - b^t
        xs.append(x.copy())
        ms.append(m.copy())
        vs.append(v.copy())
    return np.array(xs), np.array(ms), np.array(vs)
