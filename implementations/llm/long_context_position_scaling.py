"""long-context-position-scaling: RoPE position interpolation and ALiBi biases.

RoPE (Su et al. 2021) rotates each 2-D slice i of queries and keys by angle m * theta_i,
theta_i = base^(-2i/d), so q.k depends only on the offset m - n. Position Interpolation
(Chen et al. 2023) serves a context L' > L by using positions m * L / L', keeping every angle
inside the range seen in training; ALiBi (Press et al. 2022) instead adds -slope_h * (i - j) to
attention scores, with head slopes 2^(-8/H), 2^(-16/H), ... Checks: the RoPE dot product is
shift invariant (relative), RoPE equals complex multiplication by e^{i m theta}, plain
extrapolation to L' leaves the trained angle range while interpolation stays inside it for every
frequency, interpolated scores equal original scores at scaled offsets, and ALiBi biases/slopes
match the closed form.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def rope(x, pos, base=10000.0):
    """x: (T, d) with d even; rotate pairs (x[2i], x[2i+1]) by pos * theta_i."""
    d = x.shape[1]
    theta = base ** (-np.arange(0, d, 2) / d)
    ang = np.asarray(pos, float)[:, None] * theta[None]
    c, s = np.cos(ang), np.sin(ang)
    out = np.empty_like(x)
    out[:, 0::2] = x[:, 0::2] * c - x[:, 1::2] * s
    out[:, 1::2] = x[:, 0::2] * s + x[:, 1::2] * c
    return out


def alibi_slopes(H):
    return 2.0 ** (-8.0 * np.arange(1, H + 1) / H)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Long context: RoPE position interpolation and ALiBi")
    d, L, Lp = 16, 512, 2048
    q, k = rng.standard_normal((1, d)), rng.standard_normal((1, d))
    score = lambda m, n: float(rope(q, [m])[0] @ rope(k, [n])[0])
    r.check_close(
        "RoPE: q(m).k(n) depends only on m - n",
        [score(10, 3), score(500, 493), score(1e4, 1e4 - 7)],
        [score(7, 0)] * 3,
        rtol=1e-9,
    )
    zq = q[0, 0::2] + 1j * q[0, 1::2]
    theta = 10000.0 ** (-np.arange(0, d, 2) / d)
    rz = zq * np.exp(1j * 37 * theta)
    r.check_close(
        "RoPE == complex multiplication by exp(i m theta)",
        rope(q, [37])[0],
        np.ravel(np.column_stack([rz.real, rz.imag])),
        rtol=1e-12,
        atol=1e-14,
    )

    # Largest angle per frequency: trained positions in [0, L); extrapolated up to L'-1;
    # interpolated positions m*L/L' for m < L' stay in [0, L).
    trained = L * theta
    extrap = (Lp - 1) * theta
    interp = (Lp - 1) * (L / Lp) * theta
    # Angles wrap around for fast frequencies anyway; the slow ones are where extrapolation is new.
    slow = trained < 2 * np.pi
    r.figure("frequencies whose trained angles never complete a turn", int(slow.sum()))
    r.check(
        "extrapolation pushes slow-frequency angles beyond the trained range",
        np.all(extrap[slow] > trained[slow]),
    )
    r.check(
        "interpolation keeps every frequency within the trained range", np.all(interp < trained)
    )
    m, n = 1900, 1234
    s_pi = float(rope(q, [m * L / Lp])[0] @ rope(k, [n * L / Lp])[0])
    r.check_close(
        "PI score at offset m - n == original score at offset (m - n) L/L'",
        s_pi,
        float(rope(q, [(m - n) * L / Lp])[0] @ rope(k, [0])[0]),
        rtol=1e-9,
    )

    H, T = 8, 6
    slopes = alibi_slopes(H)
    r.check_close(
        "ALiBi slopes for 8 heads: 1/2, 1/4, ..., 1/256", slopes, 0.5 ** np.arange(1, 9), rtol=1e-15
    )
    i, j = np.meshgrid(np.arange(T), np.arange(T), indexing="ij")
    bias = -slopes[:, None, None] * (i - j)[None]
    bias = np.where(j <= i, bias, -np.inf)
    r.check(
        "ALiBi bias: 0 on the diagonal, linear penalty with distance, -inf in the future",
        np.all(np.diagonal(bias, axis1=1, axis2=2) == 0)
        and bias[2, 5, 1] == -slopes[2] * 4
        and np.all(np.isinf(bias[:, 0, 1:])),
    )
    return r


if __name__ == "__main__":
    main(run)
