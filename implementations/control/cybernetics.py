"""cybernetics: Wiener's feedback-and-oscillation question as a Nyquist computation.

Follows Wiener, Cybernetics, ch. IV ("Feed-back and Oscillation"): an effector A with
negative feedback of strength alpha gives the closed loop A/(1+alpha A); it oscillates
when -1/alpha is enclosed by the curve A(i w). For n first-order lags A(s) = 1/(1+s)^n
the closed-loop roots solve (1+s)^n = -alpha, so s = -1 + alpha^(1/n) e^{i pi (2k+1)/n}
in closed form, and the critical gain is alpha* = 1/cos(pi/n)^n (8 for three lags).
Checks compare the learner's root count, winding number and bisected critical gain with
these closed forms, and the winding number with the root count (Nyquist's criterion).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["unstable_roots", "encirclements", "critical_gain"]

DOC_ZH = {
    "unstable_roots": """n 个一阶惯性环节 A(s) = 1/(1+s)^n 加强度 alpha 的负反馈后，闭环不稳定根的个数。

输入：alpha > 0，反馈强度；n，环节个数。
输出：int，特征多项式 (1+s)^n + alpha 实部 > 0 的根的个数。

>>> unstable_roots(27.0, 3)
2
""",
    "encirclements": """A(i w)（w 从 -∞ 到 +∞）绕点 -1/alpha 的顺时针圈数（奈奎斯特判据）。

输入：alpha > 0；n，A(s) = 1/(1+s)^n 中惯性环节的个数。
输出：int，顺时针绕行记为正。A 本身稳定，所以它等于闭环右半平面根的个数。

>>> encirclements(27.0, 3)
2
""",
    "critical_gain": """用二分法求临界反馈强度 alpha*：alpha < alpha* 时闭环 (1+s)^n + alpha 稳定。

输入：n，惯性环节个数（n >= 3）；lo、hi，包含 alpha* 的区间；iters，二分次数。
输出：float，alpha* 的近似值。

>>> round(critical_gain(4), 6)
4.0
""",
}

HINTS = {
    "en": (
        "Oscillation starts when a closed-loop root crosses into Re s > 0; on the Nyquist "
        "side, when the curve A(i w) wraps around -1/alpha.",
        "Roots: numpy.roots of the coefficients of (1+s)^n + alpha. Winding number: "
        "unwrap the angle of A(i w) + 1/alpha over a symmetric log-spaced w grid and divide "
        "the total change by -2 pi. Critical gain: bisect on whether the largest real part "
        "of the roots is negative.",
    ),
    "zh": (
        "当某个闭环根越过到 Re s > 0 时开始振荡；在奈奎斯特图上，就是曲线 A(i w) 把 -1/alpha 包了进去。",
        "求根：对 (1+s)^n + alpha 的系数用 numpy.roots。圈数：在对称的对数网格 w 上对 "
        "A(i w) + 1/alpha 的辐角做 unwrap，总变化除以 -2 pi。临界增益：按根的最大实部是否为负做二分。",
    ),
}


def unstable_roots(alpha, n):
    """Number of unstable closed-loop roots of n first-order lags 1/(1+s)^n with feedback alpha.

    Input: alpha > 0, the feedback strength; n, the number of lags. Output: an int, the
    number of roots of the characteristic polynomial (1+s)^n + alpha with Re s > 0.

    >>> unstable_roots(27.0, 3)
    2
    """
    poly = np.poly1d([1.0, 1.0]) ** n + alpha
    return int(np.sum(np.roots(poly.coeffs).real > 0))


def encirclements(alpha, n):
    """Clockwise winding number of A(i w) = (1 + i w)^-n, w from -inf to inf, around -1/alpha.

    Input: alpha > 0; n, the number of lags. Output: an int, clockwise turns counted
    positive. A is stable, so by Nyquist this equals the number of unstable closed-loop roots.

    >>> encirclements(27.0, 3)
    2
    """
    w = np.concatenate([-np.logspace(4, -4, 8001), np.logspace(-4, 4, 8001)])
    z = 1.0 / (1.0 + 1j * w) ** n + 1.0 / alpha
    ang = np.unwrap(np.angle(z))
    return int(round(-(ang[-1] - ang[0]) / (2 * np.pi)))  # clockwise counted positive


def critical_gain(n, lo=1.0, hi=100.0, iters=60):
    """Critical feedback strength alpha* by bisection: (1+s)^n + alpha is stable iff alpha < alpha*.

    Input: n >= 3 lags; lo, hi, a bracket of alpha*; iters, bisection steps.
    Output: a float, the approximate alpha*.

    >>> round(critical_gain(4), 6)
    4.0
    """
    for _ in range(iters):
        mid = (lo + hi) / 2
        poly = np.poly1d([1.0, 1.0]) ** n + mid
        lo, hi = (mid, hi) if np.roots(poly.coeffs).real.max() < 0 else (lo, mid)
    return lo


def _rhp_closed_form(alpha, n):
    """(1+s)^n = -alpha: s = -1 + alpha^(1/n) e^{i pi (2k+1)/n}; count Re s > 0."""
    k = np.arange(n)
    s = -1 + alpha ** (1 / n) * np.exp(1j * np.pi * (2 * k + 1) / n)
    return int(np.sum(s.real > 1e-12))


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Cybernetics: when does negative feedback turn into oscillation?")
    n = 3
    alphas = np.array([0.5, 2.0, 6.0, 7.9, 8.1, 12.0, 40.0, 300.0])
    closed = [_rhp_closed_form(a, n) for a in alphas]  # 0 below 8, 2 above
    r.figure("alphas", alphas.tolist())
    r.figure("closed-loop RHP roots (closed form)", closed)

    with r.case("unstable roots = closed form s = -1 + alpha^(1/n) e^{i pi (2k+1)/n}") as c:
        got = [int(f.unstable_roots(a, n)) for a in alphas]
        c.true(got == closed, f"{got} vs {closed}")
        # more lags: n = 5 has four complex roots that cross at different gains
        for m, a in ((5, 2.0), (5, 4.0), (5, 2000.0), (6, 1e4), (4, 3.9), (4, 4.1)):
            c.equal(int(f.unstable_roots(a, m)), _rhp_closed_form(a, m))

    with r.case("winding number equals number of unstable closed-loop roots") as c:
        winding = [int(f.encirclements(a, n)) for a in alphas]
        r.figure("encirclements of -1/alpha", winding)
        c.true(winding == closed, f"{winding} vs {closed}")
        for m, a in ((5, 4.0), (5, 2000.0), (4, 4.5)):
            c.equal(int(f.encirclements(a, m)), _rhp_closed_form(a, m))

    with r.case("stable exactly for alpha < 8 (closed form)") as c:
        got = [int(f.unstable_roots(a, n)) == 0 for a in alphas]
        c.true(got == [bool(a < 8) for a in alphas], str(got))

    with r.case("bisection finds alpha* = 8") as c:
        a_star = f.critical_gain(3)
        r.figure("critical alpha (bisection)", a_star)
        c.close(a_star, 8.0, rtol=1e-9)
        # general n: the curve crosses the negative axis at w = tan(pi/n), |A| = cos(pi/n)^n
        for m in (4, 5, 6, 10):  # n = 10: alpha* = 1.65, close to the bracket's low end
            c.close(f.critical_gain(m), 1 / np.cos(np.pi / m) ** m, rtol=1e-9)
        c.close(f.critical_gain(3, lo=7.0, hi=9.0), 8.0, rtol=1e-9)

    with r.case("one or two lags are stable for every alpha") as c:
        for m in (1, 2):
            for a in (1.0, 100.0, 1e4):
                c.equal(int(f.unstable_roots(a, m)), 0)
                c.equal(int(f.encirclements(a, m)), 0)
    return r


if __name__ == "__main__":
    main(run)
