"""rotary-position-embedding: rotate each (even, odd) feature pair of q and k by angle m * theta_i.

Follows Su et al., RoFormer (2021), Sec. 3: with theta_i = 10000^(-2i/d) and R_m the
block-diagonal rotation, <R_m q, R_n k> = <q, R_(n-m) k>, so attention logits depend on positions
only through the offset. Checks compare with the closed form theta_i = base^(-2i/d) (two bases),
an explicit block-diagonal rotation matrix built with math.cos / math.sin (single vectors, another
base, and a batch with one position per row), position 0 leaving x unchanged, invariance of logits
under a common shift of both positions, the complex-number closed form
Re sum_i q~_i conj(k~_i) e^{i (m - n) theta_i}, and norm preservation.
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["thetas", "rope"]

DOC_ZH = {
    "thetas": """RoPE 的旋转频率 theta_i = base^(-2i/d)，i = 0, ..., d/2 - 1。

输入：d，偶数维度；base，默认 10000。
输出：长度 d/2 的数组。

>>> thetas(4, base=100.0).tolist()
[1.0, 0.1]
""",
    "rope": """旋转位置编码：把第 i 对特征 (x[2i], x[2i+1]) 旋转角度 m * theta_i：
(x0, x1) -> (x0 cos - x1 sin, x0 sin + x1 cos)。

输入：x，形状 (..., d)；m，位置（标数，或可与 (..., d/2) 广播的数组，如每行一个位置的 (n, 1)）；
base，默认 10000。
输出：与 x 同形状的数组。

>>> rope(np.array([1.0, 0.0]), np.pi / 2).round(6).tolist()
[0.0, 1.0]
""",
}

HINTS = {
    "en": (
        "Treat the features as d/2 points in the plane and turn the i-th point by an angle that "
        "grows with the position at its own speed.",
        "theta_i = base^(-2i/d); with x0 = x[..., 0::2], x1 = x[..., 1::2] and angle m theta_i, "
        "write x0 cos - x1 sin into the even slots and x0 sin + x1 cos into the odd ones.",
    ),
    "zh": (
        "把特征看成平面上的 d/2 个点，第 i 个点按自己的速度旋转一个随位置增长的角度。",
        "theta_i = base^(-2i/d)；令 x0 = x[..., 0::2]，x1 = x[..., 1::2]，角度 m theta_i，"
        "偶数位写 x0 cos - x1 sin，奇数位写 x0 sin + x1 cos。",
    ),
}


def thetas(d, base=10000.0):
    """RoPE frequencies theta_i = base^(-2i/d) for i = 0 .. d/2 - 1.

    Input: an even dimension d and the base (10000). Output: an array of length d/2.

    >>> thetas(4, base=100.0).tolist()
    [1.0, 0.1]
    """
    return base ** (-np.arange(0, d, 2) / d)


def rope(x, m, base=10000.0):
    """Rotary embedding: turn feature pair (x[2i], x[2i+1]) by the angle m * theta_i.

    (x0, x1) -> (x0 cos - x1 sin, x0 sin + x1 cos). Input: x of shape (..., d); m a position
    (a scalar, or an array broadcasting against (..., d/2) such as (n, 1) for one position per
    row); the base (10000). Output: an array of x's shape.

    >>> rope(np.array([1.0, 0.0]), np.pi / 2).round(6).tolist()
    [0.0, 1.0]
    """
    # x: (..., d). Pair (x0, x1) -> (x0 cos - x1 sin, x0 sin + x1 cos), angle m * theta_i.
    th = m * thetas(x.shape[-1], base)
    c, s = np.cos(th), np.sin(th)
    x0, x1 = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = x0 * c - x1 * s
    out[..., 1::2] = x0 * s + x1 * c
    return out


def _rotation_matrix(m, d, base=10000.0):
    # Reference: R_m block by block from the closed-form angles m * base^(-2i/d).
    R = np.zeros((d, d))
    for i in range(d // 2):
        t = m * base ** (-2 * i / d)
        R[2 * i : 2 * i + 2, 2 * i : 2 * i + 2] = [
            [math.cos(t), -math.sin(t)],
            [math.sin(t), math.cos(t)],
        ]
    return R


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Rotary position embedding (RoPE)")
    d = 16
    q, k = rng.normal(size=d), rng.normal(size=d)
    th_ref = np.array([10000.0 ** (-2 * i / d) for i in range(d // 2)])

    with r.case("theta_i = base^(-2i/d) (base 10000, d = 16; base 50, d = 6)") as c:
        c.close(f.thetas(d), th_ref, rtol=1e-12)
        c.close(f.thetas(6, base=50.0), [1.0, 50 ** (-1 / 3), 50 ** (-2 / 3)], rtol=1e-12)

    with r.case("elementwise RoPE equals the block-diagonal rotation matrix") as c:
        for m in (5, 1, 37):
            c.close(f.rope(q, m), _rotation_matrix(m, d) @ q, rtol=0, atol=1e-12)
        c.close(f.rope(q, 3, base=50.0), _rotation_matrix(3, d, 50.0) @ q, rtol=0, atol=1e-12)

    with r.case("position 0 leaves x unchanged") as c:
        c.close(f.rope(q, 0), q, rtol=0, atol=1e-15)

    X = rng.normal(size=(50, d))
    with r.case("a batch with one position per row equals per-row rotation matrices") as c:
        Y = f.rope(X, np.arange(50)[:, None])
        c.close(Y, np.array([_rotation_matrix(i, d) @ X[i] for i in range(50)]), rtol=0, atol=1e-11)

    logit = lambda m, n: f.rope(q, m) @ f.rope(k, n)
    with r.case("logit(m, m-3) is the same for every m") as c:
        base = [logit(m, m - 3) for m in range(3, 60)]
        c.close(base, np.full(len(base), base[0]), rtol=0, atol=1e-12)

    with r.case("logit(m+s, n+s) = logit(m, n) for a large shift") as c:
        c.close(logit(1007, 1000), logit(7, 0), rtol=0, atol=1e-9)

    # Closed form: view pairs as complex numbers z = x0 + i x1; rotation multiplies by e^{i m theta}.
    with r.case("logit equals Re sum q~ conj(k~) e^{i(m-n) theta}") as c:
        zq, zk = q[0::2] + 1j * q[1::2], k[0::2] + 1j * k[1::2]
        m, n = 11, 4
        closed = np.real(np.sum(zq * np.conj(zk) * np.exp(1j * (m - n) * th_ref)))
        c.close(logit(m, n), closed, rtol=1e-12)

    with r.case("rotation preserves every vector's norm") as c:
        Y = f.rope(X, np.arange(50)[:, None])
        c.close(np.linalg.norm(Y, axis=1), np.linalg.norm(X, axis=1), rtol=1e-12)

    # Long-term decay (a property claimed in RoFormer): for q = k = all-ones, the logit shrinks on
    # average as the offset grows, because the pairs rotate at many different speeds:
    # R_off 1 . 1 = 2 sum_i cos(off theta_i).
    decay = [abs(float(np.cos(off * th_ref).sum() * 2)) for off in (0, 4, 16, 64, 256)]
    r.figure("|logit| for q = k = 1 at offsets 0, 4, 16, 64, 256", [round(v, 2) for v in decay])
    return r


if __name__ == "__main__":
    main(run)
