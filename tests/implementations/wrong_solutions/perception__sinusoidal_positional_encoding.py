"""Sinusoidal position encoding with frequencies base^(-i/d) instead of base^(-2i/d).

The learner indexes the frequency by the pair number i but divides by the full dimension
without the factor 2, so the wavelengths only reach base^(1/2) instead of base.
"""

import numpy as np

BREAKS = [
    "PE equals the closed form sin/cos(pos / 10000^(2i/d)) entry by entry",
    "another base and dimension: base 100, d = 6, 9 positions",
]


def sinusoidal_pe(n_pos, d, base=10000.0):
    w = base ** (-np.arange(d // 2) / d)  # missing the factor 2
    angles = np.arange(n_pos)[:, None] * w[None, :]
    PE = np.empty((n_pos, d))
    PE[:, 0::2] = np.sin(angles)
    PE[:, 1::2] = np.cos(angles)
    return PE, w


def shift_matrix(k, w):
    w = np.asarray(w, dtype=float)
    M = np.zeros((2 * len(w), 2 * len(w)))
    for i, wi in enumerate(w):
        c, s = np.cos(k * wi), np.sin(k * wi)
        M[2 * i : 2 * i + 2, 2 * i : 2 * i + 2] = [[c, s], [-s, c]]
    return M
