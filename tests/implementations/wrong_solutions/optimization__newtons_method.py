"""Newton's method that divides each gradient coordinate by the matching diagonal of H.

The learner generalises the 1-D rule x - f'/f'' coordinate by coordinate, ignoring the
off-diagonal curvature (this is a diagonal preconditioner, not Newton's method).
"""

import numpy as np

BREAKS = [
    "one Newton step minimises a quadratic exactly",
    "affine invariance: Newton on f(Tz) tracks T^{-1} w_k",
]


def newton(g, H, w0, steps):
    w = np.array(w0, dtype=float)
    ws = [w.copy()]
    for _ in range(steps):
        w = w - np.asarray(g(w), dtype=float) / np.diag(np.asarray(H(w), dtype=float))
        ws.append(w.copy())
    return np.array(ws)
