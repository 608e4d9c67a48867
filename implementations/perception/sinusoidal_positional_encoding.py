"""sinusoidal-positional-encoding: PE(pos, 2i) = sin(pos w_i), PE(pos, 2i+1) = cos(pos w_i).

Follows Vaswani et al. (2017), Sec. 3.5, with w_i = 10000^(-2i/d); d2l 11.6. The paper chose it
because PE(pos + k) is a linear function of PE(pos). Checks compare with the closed form written
entry by entry (math.sin / math.cos of pos / base^(2i/d), for the default and another base), the
frequencies w_i = base^(-2i/d), the block-rotation matrix M_k entry by entry and as the map taking
the closed-form PE(pos) to PE(pos + k) for every pos, M_a M_b = M_(a+b), orthogonality, the offset
dot products sum_i cos(k w_i), and the row norm sqrt(d/2).
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["sinusoidal_pe", "shift_matrix"]

DOC_ZH = {
    "sinusoidal_pe": """正弦位置编码：PE[pos, 2i] = sin(pos w_i)，PE[pos, 2i+1] = cos(pos w_i)，
其中 w_i = base^(-2i/d)。

输入：n_pos，位置个数；d，偶数维度；base，默认 10000。
输出：(PE, w)：PE 形状 (n_pos, d)，w 是 d/2 个频率组成的数组。

>>> PE, w = sinusoidal_pe(2, 2)
>>> PE.round(6).tolist(), w.tolist()
([[0.0, 1.0], [0.841471, 0.540302]], [1.0])
""",
    "shift_matrix": """把 PE(pos) 映到 PE(pos + k) 的分块旋转矩阵 M_k（对所有 pos 成立）。

输入：k，偏移量；w，频率数组（长度 d/2）。
输出：形状 (d, d) 的块对角矩阵，第 i 块（行列 2i, 2i+1）为
[[cos(k w_i), sin(k w_i)], [-sin(k w_i), cos(k w_i)]]，使 M_k @ PE[pos] = PE[pos + k]。

>>> shift_matrix(1, np.array([np.pi / 2])).round(6).tolist()
[[0.0, 1.0], [-1.0, 0.0]]
""",
}

HINTS = {
    "en": (
        "Give each sin/cos pair its own frequency; the frequencies fall geometrically from 1 "
        "to about 1/base.",
        "w_i = base^(-2i/d) for i = 0..d/2-1; even columns sin(pos w), odd columns cos(pos w). "
        "By the angle-addition formulas, [sin(a+b), cos(a+b)] is a fixed 2 x 2 rotation of "
        "[sin a, cos a] with angle b = k w_i.",
    ),
    "zh": (
        "每一对 sin/cos 有自己的频率；频率从 1 几何递减到约 1/base。",
        "w_i = base^(-2i/d)，i = 0..d/2-1；偶数列 sin(pos w)，奇数列 cos(pos w)。由和角公式，"
        "[sin(a+b), cos(a+b)] 是 [sin a, cos a] 经过角度 b = k w_i 的固定 2 x 2 旋转。",
    ),
}


def sinusoidal_pe(n_pos, d, base=10000.0):
    """Sinusoidal encoding PE[pos, 2i] = sin(pos w_i), PE[pos, 2i+1] = cos(pos w_i).

    w_i = base^(-2i/d). Input: n_pos positions, an even dimension d, the base (10000).
    Output: (PE, w): PE of shape (n_pos, d) and the d/2 frequencies w.

    >>> PE, w = sinusoidal_pe(2, 2)
    >>> PE.round(6).tolist(), w.tolist()
    ([[0.0, 1.0], [0.841471, 0.540302]], [1.0])
    """
    pos = np.arange(n_pos)[:, None]
    w = base ** (-np.arange(0, d, 2) / d)  # one frequency per sin/cos pair
    PE = np.zeros((n_pos, d))
    PE[:, 0::2] = np.sin(pos * w)
    PE[:, 1::2] = np.cos(pos * w)
    return PE, w


def shift_matrix(k, w):
    """The block rotation M_k with M_k @ PE[pos] = PE[pos + k] for every pos.

    Input: the offset k and the frequencies w (length d/2). Output: a (d, d) block-diagonal
    matrix whose block i (rows and columns 2i, 2i+1) is
    [[cos(k w_i), sin(k w_i)], [-sin(k w_i), cos(k w_i)]].

    >>> shift_matrix(1, np.array([np.pi / 2])).round(6).tolist()
    [[0.0, 1.0], [-1.0, 0.0]]
    """
    # [sin(a+b), cos(a+b)] = [[cos b, sin b], [-sin b, cos b]] [sin a, cos a], block by block.
    d = 2 * len(w)
    M = np.zeros((d, d))
    for i, wi in enumerate(w):
        c, s = np.cos(k * wi), np.sin(k * wi)
        M[2 * i : 2 * i + 2, 2 * i : 2 * i + 2] = [[c, s], [-s, c]]
    return M


def _pe_closed(n_pos, d, base=10000.0):
    # Reference: the paper's formula entry by entry, PE(pos, 2i) = sin(pos / base^(2i/d)).
    return np.array([[math.sin(p / base ** (j / d)) if j % 2 == 0
                      else math.cos(p / base ** ((j - 1) / d)) for j in range(d)]
                     for p in range(n_pos)])


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Sinusoidal positional encoding")
    n, d, k = 200, 32, 7
    PE_ref = _pe_closed(n, d)
    w_ref = np.array([10000.0 ** (-2 * i / d) for i in range(d // 2)])
    r.figure(
        "wavelengths (positions), shortest and longest",
        f"{2 * np.pi / w_ref[0]:.2f}, {2 * np.pi / w_ref[-1]:.0f}",
    )

    with r.case("PE equals the closed form sin/cos(pos / 10000^(2i/d)) entry by entry") as c:
        PE, w = f.sinusoidal_pe(n, d)
        c.close(PE, PE_ref, rtol=0, atol=1e-9)
        c.close(w, w_ref, rtol=1e-12)

    with r.case("another base and dimension: base 100, d = 6, 9 positions") as c:
        PE, w = f.sinusoidal_pe(9, 6, base=100.0)
        c.close(PE, _pe_closed(9, 6, 100.0), rtol=0, atol=1e-12)
        c.close(w, [1.0, 100.0 ** (-1 / 3), 100.0 ** (-2 / 3)], rtol=1e-12)

    with r.case("M_k equals its closed-form blocks [[cos, sin], [-sin, cos]]") as c:
        wt = np.array([0.3, 1.1])
        a, b = 2.5 * 0.3, 2.5 * 1.1
        ref = [[math.cos(a), math.sin(a), 0, 0], [-math.sin(a), math.cos(a), 0, 0],
               [0, 0, math.cos(b), math.sin(b)], [0, 0, -math.sin(b), math.cos(b)]]
        c.close(f.shift_matrix(2.5, wt), ref, rtol=0, atol=1e-12)

    with r.case("PE(pos + k) = M_k PE(pos) for all pos") as c:
        M = f.shift_matrix(k, w_ref)
        c.close(PE_ref[:-k] @ M.T, PE_ref[k:], rtol=0, atol=1e-9)

    # Offsets compose: shifting by a then by b is shifting by a + b (M_a M_b = M_{a+b}).
    with r.case("M_3 M_4 = M_7 (offsets add)") as c:
        c.close(f.shift_matrix(3, w_ref) @ f.shift_matrix(4, w_ref),
                f.shift_matrix(7, w_ref), rtol=0, atol=1e-12)
        c.true(np.abs(f.shift_matrix(7, w_ref) - np.eye(d)).max() > 0.1, "M_7 is not I")

    with r.case("M_k is orthogonal (a rotation): M^T M = I") as c:
        M = f.shift_matrix(k, w_ref)
        c.close(M.T @ M, np.eye(d), rtol=0, atol=1e-12)
        c.close(np.linalg.det(M), 1.0, rtol=1e-9)

    # Dot products depend on the offset only: PE(p).PE(p+k) = sum_i cos(k w_i).
    with r.case("PE(p).PE(p+k) = sum_i cos(k w_i) for every p") as c:
        PE, _ = f.sinusoidal_pe(n, d)
        dots = np.einsum("ij,ij->i", PE[:-k], PE[k:])
        c.close(dots, np.full(n - k, sum(math.cos(k * wi) for wi in w_ref)), rtol=0, atol=1e-9)

    with r.case("every encoding has norm sqrt(d/2)") as c:
        PE, _ = f.sinusoidal_pe(n, d)
        c.close(np.linalg.norm(PE, axis=1), np.full(n, np.sqrt(d / 2)), rtol=1e-12)
    r.figure(
        "similarity PE(0).PE(k) for k = 0, 1, 4, 16, 64",
        [round(float(np.cos(kk * w_ref).sum()), 3) for kk in (0, 1, 4, 16, 64)],
    )
    return r


if __name__ == "__main__":
    main(run)
