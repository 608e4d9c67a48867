"""z-transform: a difference equation, its transfer function H(z) and impulse response.

Follows Hu Shousong, Automatic Control Principles (zh), ch. 7 (linear discrete systems):
y[n] = a1 y[n-1] + a2 y[n-2] + b0 x[n] + b1 x[n-1] has H(z) = (b0 + b1 z^-1) /
(1 - a1 z^-1 - a2 z^-2). The learner runs the recursion, inverts H by partial fractions
(residues at the poles) and by power-series (long) division. Checks compare them with
scipy.signal.lfilter, with each other, with a hand-computed start, with a truncated sum
of h[n] z^-n = H(z), and the step limit with the final-value theorem H(1).
"""

from __future__ import annotations

import numpy as np
from scipy.signal import lfilter

from implementations._common import Report, main, solution

EXERCISE = ["recurse", "impulse_residues", "power_series"]

DOC_ZH = {
    "recurse": """运行差分方程 y[n] = Σ_k b[k] x[n-k] + Σ_k a[k] y[n-1-k]（n < 0 时 x、y 为 0）。

输入：b，前向系数 b0, b1, ...；a，反馈系数 a1, a2, ...；x，输入序列。
输出：与 x 等长的数组 y。

>>> recurse([1.0], [0.5], [1.0, 0.0, 0.0]).tolist()
[1.0, 0.5, 0.25]
""",
    "impulse_residues": """用部分分式求 H(z) = (b0 + b1 z^-1) / (1 - a1 z^-1 - a2 z^-2) 的冲激响应：h[n] = Σ_i r_i p_i^n。

p_i 为 z^2 - a1 z - a2 的两个不同的根，r_i = (b0 p_i + b1) / (p_i - p_j) 是 H(z)/z 在 p_i 处的留数。
输入：b = (b0, b1)；a = (a1, a2)；N，长度。
输出：长度 N 的实数组 h。

>>> np.round(impulse_residues([1.0, 0.0], [0.5, 0.0], 3), 6).tolist()
[1.0, 0.5, 0.25]
""",
    "power_series": """用长除法把 H(z^-1) = B(z^-1)/A(z^-1) 展开成幂级数 Σ_n h[n] z^-n，返回前 N 个系数。

A(z^-1) = 1 - a1 z^-1 - a2 z^-2 - ...，B(z^-1) = b0 + b1 z^-1 + ...。
输入：b；a（a1, a2, ...）；N。
输出：长度 N 的数组 h。

>>> power_series([1.0, 1.0], [1.0], 4).tolist()
[1.0, 2.0, 2.0, 2.0]
""",
}

HINTS = {
    "en": (
        "The impulse response is the sequence of power-series coefficients of H in z^-1; "
        "the recursion, the residues and the long division are three ways to get it.",
        "Residues: with distinct poles p1, p2 of z^2 - a1 z - a2, H(z)/z = (b0 z + b1) / "
        "((z - p1)(z - p2)) gives h[n] = sum_i (b0 p_i + b1) / (p_i - p_j) p_i^n. Long "
        "division: q[k] = rem[k], then subtract q[k] times [1, -a1, -a2, ...] shifted by k.",
    ),
    "zh": (
        "冲激响应就是 H 关于 z^-1 的幂级数系数；递推、留数和长除法是得到它的三种方法。",
        "留数：z^2 - a1 z - a2 有不同的根 p1、p2 时，H(z)/z = (b0 z + b1) / ((z - p1)(z - p2))，"
        "得 h[n] = Σ_i (b0 p_i + b1) / (p_i - p_j) p_i^n。长除法：q[k] = rem[k]，再减去 q[k] 乘以右移 k 位的 "
        "[1, -a1, -a2, ...]。",
    ),
}


def recurse(b, a, x):
    """Run y[n] = sum_k b[k] x[n-k] + sum_k a[k] y[n-1-k] (x and y are 0 before n = 0).

    Input: b, the feed-forward b0, b1, ...; a, the feedback a1, a2, ...; x, the input.
    Output: y, an array as long as x.

    >>> recurse([1.0], [0.5], [1.0, 0.0, 0.0]).tolist()
    [1.0, 0.5, 0.25]
    """
    y = np.zeros(len(x))
    for n in range(len(x)):
        acc = sum(b[k] * x[n - k] for k in range(len(b)) if n - k >= 0)
        acc += sum(a[k] * y[n - 1 - k] for k in range(len(a)) if n - 1 - k >= 0)
        y[n] = acc
    return y


def impulse_residues(b, a, N):
    """Impulse response of H(z) = (b0 + b1 z^-1) / (1 - a1 z^-1 - a2 z^-2) by partial fractions.

    h[n] = sum_i r_i p_i^n with p_i the two distinct roots of z^2 - a1 z - a2 and
    r_i = (b0 p_i + b1) / (p_i - p_j) (residues of H(z)/z). Input: b = (b0, b1);
    a = (a1, a2); N, the length. Output: h, a real array of length N.

    >>> np.round(impulse_residues([1.0, 0.0], [0.5, 0.0], 3), 6).tolist()
    [1.0, 0.5, 0.25]
    """
    p1, p2 = np.roots([1.0, -a[0], -a[1]]).astype(complex)
    res = [(b[0] * p1 + b[1]) / (p1 - p2), (b[0] * p2 + b[1]) / (p2 - p1)]
    n = np.arange(N)
    return (res[0] * p1**n + res[1] * p2**n).real


def power_series(b, a, N):
    """First N power-series coefficients of H(z^-1) = B(z^-1) / A(z^-1) by long division.

    A(z^-1) = 1 - a1 z^-1 - a2 z^-2 - ..., B(z^-1) = b0 + b1 z^-1 + ...
    Input: b; a (a1, a2, ...); N. Output: h, an array of length N.

    >>> power_series([1.0, 1.0], [1.0], 4).tolist()
    [1.0, 2.0, 2.0, 2.0]
    """
    Ad = np.r_[1.0, -np.asarray(a, dtype=float)]
    rem = np.zeros(N + len(Ad) + len(b))
    rem[: len(b)] = b
    q = np.zeros(N)
    for k in range(N):
        q[k] = rem[k]
        rem[k : k + len(Ad)] -= q[k] * Ad
    return q


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("z-transform: recursion, partial fractions and power series agree")
    b = np.array([1.0, 0.5])  # b0, b1
    a = np.array([1.2, -0.52])  # a1, a2 -> poles 0.6 +- 0.4j
    N = 60
    x = np.zeros(N)
    x[0] = 1.0
    h_ref = lfilter(b, np.r_[1.0, -a], x)  # scipy: denominator 1 - a1 z^-1 - a2 z^-2
    poles = np.roots([1.0, -a[0], -a[1]])
    r.figure("poles", [complex(np.round(p, 6)) for p in poles])
    r.figure("|poles| (stable if < 1)", float(np.abs(poles).max()))

    with r.case("recursion = scipy lfilter (impulse and random input)") as c:
        c.close(f.recurse(b, a, x), h_ref, rtol=1e-10, atol=1e-13)
        u = rng.normal(size=50)
        b3, a3 = np.array([0.3, -0.2, 0.7]), np.array([0.5, 0.1, -0.2])
        c.close(f.recurse(b3, a3, u), lfilter(b3, np.r_[1.0, -a3], u), rtol=1e-10, atol=1e-13)
        for L in (1, 2, 3):  # shorter than the feedback memory: no wrap-around indices
            c.close(
                f.recurse(b3, a3, u[:L]),
                lfilter(b3, np.r_[1.0, -a3], u[:L]),
                rtol=1e-10,
                atol=1e-13,
            )
        # by hand: h0 = b0, h1 = b1 + a1 b0, h2 = a1 h1 + a2 h0
        c.close(f.recurse(b, a, x)[:3], [1.0, 1.7, 1.2 * 1.7 - 0.52], rtol=1e-12)

    with r.case("impulse response = sum of residues * p^n") as c:
        c.close(f.impulse_residues(b, a, N), h_ref, rtol=1e-9, atol=1e-12)
        br, ar = np.array([2.0, 0.5]), np.array([0.9, -0.2])  # real poles 0.5, 0.4
        hr = lfilter(br, np.r_[1.0, -ar], np.r_[1.0, np.zeros(19)])
        c.close(f.impulse_residues(br, ar, 20), hr, rtol=1e-9, atol=1e-12)
        c.close(
            f.impulse_residues(br, ar, 20),
            15 * 0.5 ** np.arange(20) - 13 * 0.4 ** np.arange(20),
            rtol=1e-9,
            atol=1e-12,
        )  # (2 z + 0.5) z / ((z - .5)(z - .4)) by hand

    with r.case("impulse response = power series of H(z^-1)") as c:
        c.close(f.power_series(b, a, N), h_ref, rtol=1e-10, atol=1e-13)
        b3, a3 = np.array([0.3, -0.2, 0.7]), np.array([0.5, 0.1, -0.2])
        c.close(
            f.power_series(b3, a3, 30),
            lfilter(b3, np.r_[1.0, -a3], np.r_[1.0, np.zeros(29)]),
            rtol=1e-10,
            atol=1e-13,
        )

    with r.case("sum h[n] z^-n = H(z) at |z| = 1.3") as c:
        z0 = 1.3 * np.exp(0.7j)
        H = (b[0] + b[1] / z0) / (1 - a[0] / z0 - a[1] / z0**2)
        long_h = f.recurse(b, a, np.r_[1.0, np.zeros(399)])
        Zsum = np.sum(long_h * z0 ** (-np.arange(400)))
        c.close([Zsum.real, Zsum.imag], [H.real, H.imag], rtol=1e-10, atol=1e-12)

    with r.case("final value = H(1)") as c:
        step = f.recurse(b, a, np.ones(300))
        r.figure("step response limit", step[-1])
        c.close(step[-1], b.sum() / (1 - a.sum()), rtol=1e-10)
    return r


if __name__ == "__main__":
    main(run)
