"""RMSProp with Adam's bias correction v / (1 - rho^t) folded in.

The learner mixes RMSProp up with Adam and de-biases the moving average, so the first
steps have size lr instead of lr / sqrt(1 - rho^t).
"""

import numpy as np

BREAKS = [
    "two steps by hand (rho = 0.5, eps = 0.1)",
    "first step = lr / sqrt(1 - rho) = lr * sqrt(10) per coordinate",
    "t-th step = lr / sqrt(1 - rho^t) (constant gradient)",
]


def rmsprop(grads, lr, rho=0.9, eps=0.0):
    grads = np.asarray(grads, dtype=float)
    T, n = grads.shape
    x, v = np.zeros(n), np.zeros(n)
    xs, vs = [x.copy()], []
    for t in range(1, T + 1):
        g = grads[t - 1]
        v = rho * v + (1 - rho) * g**2
        vhat = v / (1 - rho**t)
        x = x - lr * g / (np.sqrt(vhat) + eps)
        xs.append(x.copy())
        vs.append(v.copy())
    return np.array(xs), np.array(vs)
