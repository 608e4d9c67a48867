"""rmsprop: AdaGrad with an exponential moving average of squared gradients.

Follows d2l-en sec. 12.8 and Tieleman & Hinton (2012, Coursera lecture 6.5).
Checks against hand-derived closed forms: the EMA equals the explicit weighted sum
(1-rho) sum rho^(t-k) g_k^2; with a constant gradient the t-th step is lr/sqrt(1 - rho^t)
(first step lr/sqrt(1-rho)), tending to lr instead of decaying to 0 as in AdaGrad.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def rmsprop(grads, lr, rho=0.9, eps=0.0):
    x = np.zeros(grads.shape[1])
    v = np.zeros_like(x)
    xs, vs = [x.copy()], []
    for g in grads:
        v = rho * v + (1 - rho) * g * g  # leaky average of squared gradients
        x = x - lr * g / (np.sqrt(v) + eps)
        xs.append(x.copy())
        vs.append(v.copy())
    return np.array(xs), np.array(vs)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("RMSProp")
    lr, rho = 0.01, 0.9

    grads = rng.normal(size=(60, 3)) * np.array([1.0, 10.0, 0.1])
    _, vs = rmsprop(grads, lr, rho)
    t = len(grads)
    w = (1 - rho) * rho ** np.arange(t - 1, -1, -1)  # weights on g_1 .. g_t
    r.check_close("EMA equals (1-rho) sum_k rho^(t-k) g_k^2", vs[-1], w @ grads**2, rtol=1e-12)
    r.figure("total weight of the EMA after t steps = 1 - rho^t", float(w.sum()))

    g = np.array([2.0, -0.003, 50.0])
    T = 100
    xs, _ = rmsprop(np.tile(g, (T, 1)), lr, rho)
    steps = np.abs(np.diff(xs, axis=0))
    k = np.arange(1, T + 1)
    r.check_close(
        "first step = lr / sqrt(1 - rho) = lr * sqrt(10) per coordinate",
        steps[0],
        [lr / np.sqrt(1 - rho)] * 3,
        rtol=1e-12,
    )
    r.check_close(
        "t-th step = lr / sqrt(1 - rho^t) (constant gradient)",
        steps,
        np.tile(lr / np.sqrt(1 - rho**k)[:, None], (1, 3)),
        rtol=1e-12,
    )
    r.figure("step 100: RMSProp vs AdaGrad (lr/sqrt(100))", [float(steps[-1, 0]), lr / 10])
    r.check(
        "RMSProp step stays near lr (0.99 lr < step_100) while AdaGrad's would be lr/10",
        steps[-1, 0] > 0.99 * lr,
    )

    # scale invariance per coordinate (eps = 0)
    xs1, _ = rmsprop(grads, lr, rho)
    xs2, _ = rmsprop(grads * np.array([1e3, 1e-3, 7.0]), lr, rho)
    r.check_close(
        "updates invariant to per-coordinate gradient rescaling", xs1, xs2, rtol=1e-10, atol=1e-15
    )
    return r


if __name__ == "__main__":
    main(run)
