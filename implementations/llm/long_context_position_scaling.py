"""long-context-position-scaling: RoPE position interpolation and ALiBi biases.

RoPE (Su et al. 2021) rotates each 2-D slice i of queries and keys by angle m * theta_i,
theta_i = base^(-2i/d), so q.k depends only on the offset m - n. Position Interpolation
(Chen et al. 2023) serves a context L' > L by using positions m * L / L', keeping every angle
inside the range seen in training; ALiBi (Press et al. 2022) instead adds -slope_h * (i - j) to
attention scores, with head slopes 2^(-8/H), 2^(-16/H), ... Checks: the RoPE dot product is
shift invariant (relative), RoPE equals complex multiplication by e^{i m theta} (loops, two
bases, fractional positions), plain extrapolation to L' pushes the slowest pair's angle beyond
the trained range while interpolation keeps it inside, interpolated scores equal original
scores at scaled offsets, and ALiBi slopes and biases match the closed form entry by entry.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["rope", "alibi_slopes", "alibi_bias"]

DOC_ZH = {
    "rope": """旋转位置编码 RoPE：把每一对 (x[2i], x[2i+1]) 旋转角度 pos * theta_i，theta_i = base^(-2i/d)。

输入：x (T, d)，d 为偶数；pos，长度 T 的位置（可为小数，用于位置插值）；base，默认 10000。
输出：与 x 同形的新数组。

>>> rope(np.array([[1.0, 0.0]]), [np.pi / 2]).round(6).tolist()
[[0.0, 1.0]]
""",
    "alibi_slopes": """ALiBi 各注意力头的斜率：2^(-8/H), 2^(-16/H), ..., 2^(-8)。

输入：H，头数。
输出：长度 H 的数组。

>>> alibi_slopes(2).tolist()
[0.0625, 0.00390625]
""",
    "alibi_bias": """ALiBi 的因果注意力偏置：bias[h, i, j] = -slope_h * (i - j)（j <= i），未来位置 (j > i) 为 -inf。

输入：H，头数；T，序列长度。
输出：形状 (H, T, T) 的数组。

>>> bool(np.all(alibi_bias(1, 2) == [[[0.0, -np.inf], [-(2.0 ** -8), 0.0]]]))
True
""",
}

HINTS = {
    "en": (
        "RoPE treats each pair of coordinates as a complex number and multiplies it by a unit "
        "phase that grows with position, one frequency per pair; ALiBi skips rotations and "
        "penalises attention linearly with distance.",
        "theta_i = base^(-2i/d); (x0, x1) -> (x0 cos a - x1 sin a, x0 sin a + x1 cos a) with "
        "a = pos theta_i. Position interpolation just feeds pos L/L'. ALiBi: slopes "
        "2^(-8 h/H) for h = 1..H, bias -slope (i - j) below the diagonal, -inf above.",
    ),
    "zh": (
        "RoPE 把每对坐标看成一个复数，乘以随位置增长的单位相位，每对一个频率；ALiBi 不旋转，而是按距离线性惩罚注意力。",
        "theta_i = base^(-2i/d)；(x0, x1) -> (x0 cos a - x1 sin a, x0 sin a + x1 cos a)，a = pos theta_i。"
        "位置插值只需输入 pos L/L'。ALiBi：斜率 2^(-8 h/H)，h = 1..H；对角线以下偏置为 -slope (i - j)，以上为 -inf。",
    ),
}


def rope(x, pos, base=10000.0):
    """Rotary position embedding: rotate each pair (x[2i], x[2i+1]) by the angle
    pos * theta_i, theta_i = base^(-2i/d).

    Input: x (T, d) with d even; pos, T positions (fractional ones allowed, for position
    interpolation); base. Output: a new array shaped like x.

    >>> rope(np.array([[1.0, 0.0]]), [np.pi / 2]).round(6).tolist()
    [[0.0, 1.0]]
    """
    d = x.shape[1]
    theta = base ** (-np.arange(0, d, 2) / d)
    ang = np.asarray(pos, float)[:, None] * theta[None]
    c, s = np.cos(ang), np.sin(ang)
    out = np.empty_like(x)
    out[:, 0::2] = x[:, 0::2] * c - x[:, 1::2] * s
    out[:, 1::2] = x[:, 0::2] * s + x[:, 1::2] * c
    return out


def alibi_slopes(H):
    """ALiBi head slopes 2^(-8/H), 2^(-16/H), ..., 2^(-8).

    Input: H, the number of heads. Output: an array of length H.

    >>> alibi_slopes(2).tolist()
    [0.0625, 0.00390625]
    """
    return 2.0 ** (-8.0 * np.arange(1, H + 1) / H)


def alibi_bias(H, T):
    """ALiBi causal attention biases: bias[h, i, j] = -slope_h * (i - j) for j <= i, and
    -inf for future positions j > i.

    Input: H heads; T, the sequence length. Output: an (H, T, T) array.

    >>> bool(np.all(alibi_bias(1, 2) == [[[0.0, -np.inf], [-(2.0 ** -8), 0.0]]]))
    True
    """
    i, j = np.meshgrid(np.arange(T), np.arange(T), indexing="ij")
    bias = -alibi_slopes(H)[:, None, None] * (i - j)[None]
    return np.where(j <= i, bias, -np.inf)


def rope_complex(x, pos, base=10000.0):
    """Reference: each pair as a complex number times exp(i pos theta_k), in loops."""
    T, d = x.shape
    out = np.zeros((T, d))
    for t in range(T):
        for k in range(d // 2):
            z = complex(x[t, 2 * k], x[t, 2 * k + 1]) * np.exp(1j * pos[t] * base ** (-2 * k / d))
            out[t, 2 * k], out[t, 2 * k + 1] = z.real, z.imag
    return out


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Long context: RoPE position interpolation and ALiBi")
    d, L, Lp = 16, 512, 2048
    q, k = rng.standard_normal((1, d)), rng.standard_normal((1, d))
    score = lambda m, n, b=10000.0: float(f.rope(q, [m], b)[0] @ f.rope(k, [n], b)[0])
    with r.case("RoPE: q(m).k(n) depends only on m - n") as c:
        c.close([score(10, 3), score(500, 493), score(1e4, 1e4 - 7)], [score(7, 0)] * 3, rtol=1e-9)
        c.true(abs(score(7, 0) - float(q[0] @ k[0])) > 1e-3, "and it does depend on m - n")
    with r.case("RoPE == complex multiplication by exp(i m theta)") as c:
        X = rng.standard_normal((5, d))
        pos = [0, 1, 37, 2.5, 1000]
        c.close(f.rope(X, pos), rope_complex(X, pos), rtol=1e-12, atol=1e-12)
        c.close(
            f.rope(X[:, :6], pos, 500.0), rope_complex(X[:, :6], pos, 500.0), rtol=1e-12, atol=1e-12
        )

    # Largest angle per frequency: trained positions in [0, L); extrapolated up to L'-1;
    # interpolated positions m*L/L' for m < L' stay in [0, L).
    theta = 10000.0 ** (-np.arange(0, d, 2) / d)
    trained = L * theta
    extrap = (Lp - 1) * theta
    interp = (Lp - 1) * (L / Lp) * theta
    # Angles wrap around for fast frequencies anyway; the slow ones are where extrapolation is new.
    slow = trained < 2 * np.pi
    r.figure("frequencies whose trained angles never complete a turn", int(slow.sum()))
    r.figure(
        "largest angle of the slowest pair: trained, extrapolated, interpolated",
        [float(trained[-1]), float(extrap[-1]), float(interp[-1])],
    )
    # The slowest pair's angle at position p: read off RoPE's rotation of (1, 0).
    e = np.zeros((1, d))
    e[0, -2] = 1.0
    ang = lambda p: float(np.arctan2(*f.rope(e, [p])[0, [-1, -2]]))
    with r.case("extrapolation pushes slow-frequency angles beyond the trained range") as c:
        c.close(ang(Lp - 1), extrap[-1], rtol=1e-9)
        c.true(ang(Lp - 1) > ang(L - 1) + 1e-3, "beyond")
    with r.case("interpolation keeps every frequency within the trained range") as c:
        c.close(ang((Lp - 1) * L / Lp), interp[-1], rtol=1e-9)
        c.true(ang((Lp - 1) * L / Lp) < trained[-1], "inside")
    m, n = 1900, 1234
    with r.case("PI score at offset m - n == original score at offset (m - n) L/L'") as c:
        s_pi = float(f.rope(q, [m * L / Lp])[0] @ f.rope(k, [n * L / Lp])[0])
        want = float(rope_complex(q, [(m - n) * L / Lp])[0] @ k[0])
        c.close(s_pi, want, rtol=1e-9)

    with r.case("ALiBi slopes for 8 heads: 1/2, 1/4, ..., 1/256") as c:
        slopes = f.alibi_slopes(8)
        c.close(slopes, 0.5 ** np.arange(1, 9), rtol=1e-15)
        c.close(f.alibi_slopes(4), 0.25 ** np.arange(1, 5), rtol=1e-15)
        c.close(f.alibi_slopes(6), [2 ** (-8 * h / 6) for h in range(1, 7)], rtol=1e-14)
    with r.case(
        "ALiBi bias: 0 on the diagonal, linear penalty with distance, -inf in the future"
    ) as c:
        H, T = 8, 6
        bias = np.asarray(f.alibi_bias(H, T))
        want = np.array(
            [
                [
                    [-(0.5 ** (h + 1)) * (i - j) if j <= i else -np.inf for j in range(T)]
                    for i in range(T)
                ]
                for h in range(H)
            ]
        )
        c.equal(bias.shape, (H, T, T))
        c.true(bool(np.all(bias == want)), "entry by entry")
    return r


if __name__ == "__main__":
    main(run)
