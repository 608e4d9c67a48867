"""Gradient clipping done coordinate by coordinate (clip by value) instead of by norm.

The learner believes clipping each entry to [-tau, tau] bounds the gradient the same way;
it does not bound the norm and it changes the gradient's direction.
"""

import numpy as np

BREAKS = [
    "clipped norm = min(||g||, tau)",
    "direction preserved: cosine(clipped, g) = 1",
]


def clip_by_norm(g, tau):
    return np.clip(np.asarray(g, dtype=float), -tau, tau)


def rnn_loss_grad(w, x):
    x = np.asarray(x, dtype=float)
    hs = [0.0]
    for xt in x:
        hs.append(w * hs[-1] + xt)
    dh = 0.0  # d h_t / d w, accumulated forwards
    for t in range(1, len(hs)):
        dh = hs[t - 1] + w * dh
    return 0.5 * hs[-1] ** 2, hs[-1] * dh
