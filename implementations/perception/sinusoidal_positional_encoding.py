"""sinusoidal-positional-encoding: PE(pos, 2i) = sin(pos w_i), PE(pos, 2i+1) = cos(pos w_i).

Follows Vaswani et al. (2017), Sec. 3.5, with w_i = 10000^(-2i/d); d2l 11.6. The paper chose it
because PE(pos + k) is a linear function of PE(pos). Checks: a fixed block-rotation matrix M_k maps
PE(pos) to PE(pos + k) for every pos, these maps compose (M_a M_b = M_(a+b)) and are rotations,
PE(p).PE(p + k) depends only on k (closed form sum_i cos(k w_i)), and every row has norm sqrt(d/2).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def sinusoidal_pe(n_pos, d, base=10000.0):
    pos = np.arange(n_pos)[:, None]
    w = base ** (-np.arange(0, d, 2) / d)  # one frequency per sin/cos pair
    PE = np.zeros((n_pos, d))
    PE[:, 0::2] = np.sin(pos * w)
    PE[:, 1::2] = np.cos(pos * w)
    return PE, w


def shift_matrix(k, w):
    # [sin(a+b), cos(a+b)] = [[cos b, sin b], [-sin b, cos b]] [sin a, cos a], block by block.
    d = 2 * len(w)
    M = np.zeros((d, d))
    for i, wi in enumerate(w):
        c, s = np.cos(k * wi), np.sin(k * wi)
        M[2 * i : 2 * i + 2, 2 * i : 2 * i + 2] = [[c, s], [-s, c]]
    return M


def run() -> Report:
    r = Report("Sinusoidal positional encoding")
    n, d, k = 200, 32, 7
    PE, w = sinusoidal_pe(n, d)
    r.figure(
        "wavelengths (positions), shortest and longest",
        f"{2 * np.pi / w[0]:.2f}, {2 * np.pi / w[-1]:.0f}",
    )

    M = shift_matrix(k, w)
    r.check_close("PE(pos + k) = M_k PE(pos) for all pos", PE[:-k] @ M.T, PE[k:], rtol=0, atol=1e-9)
    # Offsets compose: shifting by a then by b is shifting by a + b (M_a M_b = M_{a+b}).
    r.check_close(
        "M_3 M_4 = M_7 (offsets add)",
        shift_matrix(3, w) @ shift_matrix(4, w),
        M,
        rtol=0,
        atol=1e-12,
    )
    r.check(
        "M_k is orthogonal (a rotation): M^T M = I", np.allclose(M.T @ M, np.eye(d), atol=1e-12)
    )

    # Dot products depend on the offset only: PE(p).PE(p+k) = sum_i cos(k w_i).
    dots = np.einsum("ij,ij->i", PE[:-k], PE[k:])
    r.check_close(
        "PE(p).PE(p+k) = sum_i cos(k w_i) for every p",
        dots,
        np.full(n - k, np.cos(k * w).sum()),
        rtol=0,
        atol=1e-9,
    )
    r.check_close(
        "every encoding has norm sqrt(d/2)",
        np.linalg.norm(PE, axis=1),
        np.full(n, np.sqrt(d / 2)),
        rtol=1e-12,
    )
    r.figure(
        "similarity PE(0).PE(k) for k = 0, 1, 4, 16, 64",
        [round(float(np.cos(kk * w).sum()), 3) for kk in (0, 1, 4, 16, 64)],
    )
    return r


if __name__ == "__main__":
    main(run)
