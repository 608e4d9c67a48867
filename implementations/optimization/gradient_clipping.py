"""gradient-clipping: rescaling the gradient when its norm exceeds a threshold.

Follows Pascanu, Mikolov & Bengio (2013), Algorithm 1 (clip by norm), and Goodfellow et al.
ch. 10. Checks: the clipped vector has norm min(||g||, tau) and the same direction; it is
the Euclidean projection onto the tau-ball (variational inequality tested on random ball
points, which a value-clipped vector fails); elementwise value clipping changes the
direction; on a scalar RNN whose gradient explodes like w^T, a finite difference confirms
the BPTT gradient and clipped SGD steps stay bounded by lr * tau.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def clip_by_norm(g, tau):
    n = np.linalg.norm(g)
    return g if n <= tau else g * (tau / n)  # g <- tau g / ||g|| when ||g|| > tau


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Gradient clipping")
    tau = 1.0
    G = rng.normal(size=(500, 6)) * rng.uniform(0.01, 20, size=(500, 1))
    C = np.array([clip_by_norm(g, tau) for g in G])
    norms = np.linalg.norm(G, axis=1)
    r.check_close(
        "clipped norm = min(||g||, tau)",
        np.linalg.norm(C, axis=1),
        np.minimum(norms, tau),
        rtol=1e-12,
    )
    cos = np.sum(C * G, axis=1) / (np.linalg.norm(C, axis=1) * norms)
    r.check_close("direction preserved: cosine(clipped, g) = 1", cos, np.ones(500), rtol=1e-12)
    small = norms <= tau
    r.check("gradients already inside the ball are untouched", np.array_equal(C[small], G[small]))

    g = G[np.argmax(norms)]
    # projection test (variational inequality): p is the projection of g onto the convex ball
    # iff (g - p).(z - p) <= 0 for every z in the ball; test it on 100k random ball points
    Z = rng.normal(size=(100000, 6))
    Z *= tau * rng.uniform(size=(100000, 1)) ** (1 / 6) / np.linalg.norm(Z, axis=1, keepdims=True)
    worst = max(
        np.max((Z - clip_by_norm(v, tau)) @ (v - clip_by_norm(v, tau))) for v in G[~small][:5]
    )
    r.check(
        "clip-by-norm is the Euclidean projection onto the tau-ball: (g-p).(z-p) <= 0",
        worst <= 1e-12,
        f"max {worst:.3g}",
    )
    zero_dist = np.min(np.linalg.norm(Z - g, axis=1)) - np.linalg.norm(clip_by_norm(g, tau) - g)
    r.check("and no sampled ball point is closer to g than the clipped vector", zero_dist >= 0)
    q = np.clip(g, -tau, tau)
    q *= tau / np.linalg.norm(q)  # value clipping, then rescaled into the ball: not the projection
    r.check(
        "negative control: a value-clipped vector violates the projection inequality",
        np.max((Z - q) @ (g - q)) > 0,
    )
    vclip = np.clip(g, -tau, tau)  # elementwise value clipping, for contrast
    r.figure(
        "cosine of value-clipped vs original gradient",
        float(vclip @ g / np.linalg.norm(vclip) / np.linalg.norm(g)),
    )
    r.check(
        "value clipping changes the direction (cosine < 0.99)",
        vclip @ g / np.linalg.norm(vclip) / np.linalg.norm(g) < 0.99,
    )

    # scalar linear RNN h_t = w h_{t-1} + x_t, loss h_T^2/2:
    # dL/dw = h_T sum_t w^(T-t) h_{t-1}, which explodes for w > 1
    T, w = 50, 1.2
    x = rng.normal(size=T)

    def loss_grad(w):
        h = np.zeros(T + 1)
        for t in range(T):
            h[t + 1] = w * h[t] + x[t]
        dh = h[T]  # backprop through time
        gw = 0.0
        for t in range(T, 0, -1):
            gw += dh * h[t - 1]
            dh *= w
        return 0.5 * h[T] ** 2, gw

    eps = 1e-6
    fd = (loss_grad(w + eps)[0] - loss_grad(w - eps)[0]) / (2 * eps)
    r.check_close("BPTT gradient equals a finite difference", loss_grad(w)[1], fd, rtol=1e-5)
    r.figure("|dL/dw| at w = 1.2 over 50 steps", abs(loss_grad(w)[1]))
    lr, ws = 0.01, [w]
    for _ in range(100):
        ws.append(ws[-1] - lr * clip_by_norm(np.array([loss_grad(ws[-1])[1]]), tau)[0])
    steps = np.abs(np.diff(ws))
    r.check(
        "clipped SGD never moves w by more than lr * tau per step", steps.max() <= lr * tau + 1e-15
    )
    r.check(
        "unclipped first step would jump by more than 1000 x lr * tau",
        lr * abs(loss_grad(w)[1]) > 1000 * lr * tau,
    )
    return r


if __name__ == "__main__":
    main(run)
