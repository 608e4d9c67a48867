"""adagrad: per-coordinate step sizes from the running sum of squared gradients.

Follows Duchi, Hazan & Singer (2011) (diagonal version) and d2l-en sec. 12.7.
Checks against hand-derived closed forms: with a constant gradient the k-th step is
lr/sqrt(k) per coordinate and the total displacement is lr * sum 1/sqrt(k); rare features
keep larger steps; the update is invariant to rescaling the gradient (eps = 0).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def adagrad(grads, lr, eps=0.0, x0=None):
    x = np.zeros(grads.shape[1]) if x0 is None else x0.copy()
    G = np.zeros_like(x)
    xs = [x.copy()]
    for g in grads:
        G += g * g  # running sum of squared gradients
        x -= lr * g / (np.sqrt(G) + eps)  # per-coordinate step
        xs.append(x.copy())
    return np.array(xs)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("AdaGrad")
    lr, T = 0.1, 50
    g = np.array([3.0, -0.01, 200.0])
    xs = adagrad(np.tile(g, (T, 1)), lr)
    steps = np.diff(xs, axis=0)
    k = np.arange(1, T + 1)
    r.check_close(
        "first step has magnitude lr in every coordinate, whatever |g|",
        np.abs(steps[0]),
        [lr] * 3,
        rtol=1e-12,
    )
    r.check_close(
        "constant gradient: k-th step = -lr sign(g) / sqrt(k)",
        steps,
        -lr * np.sign(g) / np.sqrt(k)[:, None],
        rtol=1e-12,
    )
    r.check_close(
        "total displacement = lr * sum_k 1/sqrt(k)",
        np.abs(xs[-1]),
        [lr * np.sum(1 / np.sqrt(k))] * 3,
        rtol=1e-12,
    )

    # scale invariance: multiplying all gradients by c > 0 changes nothing (eps = 0)
    grads = rng.normal(size=(40, 4))
    r.check_close(
        "updates invariant to gradient scale c = 1000",
        adagrad(1000 * grads, lr),
        adagrad(grads, lr),
        rtol=1e-10,
        atol=1e-14,
    )

    # sparse features: a coordinate with few non-zero gradients keeps a large step size
    mask = np.zeros((100, 2))
    mask[:, 0] = 1.0  # dense feature: gradient every step
    mask[::25, 1] = 1.0  # rare feature: 4 gradients in 100 steps
    xs_s = adagrad(mask, lr)
    eff = lr / np.sqrt(mask.sum(axis=0))
    r.figure("effective step after 100 steps: dense vs rare", eff.tolist())
    last_dense = abs(xs_s[100, 0] - xs_s[99, 0])
    last_rare = abs(xs_s[76, 1] - xs_s[75, 1])
    r.check_close(
        "dense feature's last step lr/sqrt(100), rare feature's 4th step lr/sqrt(4)",
        [last_dense, last_rare],
        [lr / 10, lr / 2],
        rtol=1e-12,
    )

    # badly scaled quadratic f = 1/2 (100 x^2 + 0.01 y^2): AdaGrad moves both coordinates alike
    H = np.array([100.0, 0.01])
    x = np.array([1.0, 1.0])
    G = np.zeros(2)
    for _ in range(200):
        gr = H * x
        G += gr * gr
        x = x - 0.5 * gr / np.sqrt(G)
    r.figure("AdaGrad iterate after 200 steps on (100 x^2 + 0.01 y^2)/2", x.tolist())
    y_gd = (1 - (1 / 100) * 0.01) ** 200  # GD with step 1/L (closed form) barely moves y
    r.figure("GD (eta = 1/L) y after 200 steps", y_gd)
    # per-coordinate scaling removes the 10^4 curvature ratio: both coordinates follow one path
    r.check_close(
        "AdaGrad: steep and flat coordinates follow identical trajectories", x[0], x[1], rtol=1e-9
    )
    r.check(
        "flat coordinate: AdaGrad < 1e-6 while GD is still > 0.97", abs(x[1]) < 1e-6 and y_gd > 0.97
    )
    return r


if __name__ == "__main__":
    main(run)
