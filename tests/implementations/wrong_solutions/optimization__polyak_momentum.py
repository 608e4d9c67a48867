"""Heavy-ball momentum that evaluates the gradient at the look-ahead point (Nesterov's rule).

The learner mixes Polyak's heavy ball up with Nesterov's accelerated gradient, taking
grad(x_t + beta (x_t - x_{t-1})) instead of grad(x_t).
"""

import numpy as np

BREAKS = ["two steps by hand on grad = D x"]


def heavy_ball(grad, x0, lr, beta, steps):
    x = np.array(x0, dtype=float)
    prev = x.copy()
    xs = [x.copy()]
    for _ in range(steps):
        look = x + beta * (x - prev)
        x, prev = look - lr * np.asarray(grad(look), dtype=float), x
        xs.append(x.copy())
    return np.array(xs)


def heavy_ball_iters(lam, lr, beta, eps=1e-08, max_iter=10000):
    lam = np.asarray(lam, dtype=float)
    x, prev = np.ones_like(lam), np.ones_like(lam)
    for t in range(1, max_iter + 1):
        look = x + beta * (x - prev)
        x, prev = look - lr * lam * look, x
        if np.max(np.abs(x)) < eps and np.max(np.abs(prev)) < eps:
            return t
    return max_iter
