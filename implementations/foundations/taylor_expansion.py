"""taylor-expansion: approximating a function by polynomials around a point.

Follows d2l-en 22.3 (single variable calculus, Taylor series) and Goodfellow et al. 4.3
(second-order Taylor model of the loss). Checks: the partial sums of exp against numpy.exp;
Lagrange's remainder bound; the order of the error (halving h divides the degree-n error by
about 2^(n+1), a log-log slope of n + 1); both polynomials against exact rational
(fractions.Fraction) sums; the multivariate second-order model f(x + d) ~ f + g.d + d^T H d / 2
with error O(|d|^3), exact for a quadratic.
"""

from __future__ import annotations

from fractions import Fraction
from math import factorial

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["taylor_exp", "taylor_log1p", "second_order_model"]

DOC_ZH = {
    "taylor_exp": """exp 在 0 处的 n 次泰勒多项式 T_n(x) = Σ_{k=0}^{n} x^k / k!。

输入：x，float（或 fractions.Fraction，此时结果精确）；n，次数（>= 0）。
输出：T_n(x)。

>>> taylor_exp(1.0, 3)
2.6666666666666665
""",
    "taylor_log1p": """log(1 + x) 在 a 处的 n 次泰勒多项式：
log(1 + a) + Σ_{k=1}^{n} (-1)^(k-1) (x - a)^k / (k (1 + a)^k)。

输入：x，求值点；a，展开点（> -1）；n，次数（>= 0）。
输出：多项式在 x 处的值（float）。

>>> round(float(taylor_log1p(0.5, 0.0, 2)), 6)
0.375
""",
    "second_order_model": """函数在 x 附近的二阶泰勒模型：f(x + d) ≈ f(x) + g·d + d^T H d / 2。

输入：fx，f(x)；g，梯度（长度 n）；H，海森矩阵（n×n）；d，位移（长度 n）。
输出：模型的值（float）。

>>> float(second_order_model(1.0, np.array([1.0, 0.0]), np.eye(2), np.array([2.0, 1.0])))
5.5
""",
}

HINTS = {
    "en": (
        "A Taylor polynomial matches the function's value and first n derivatives at the "
        "expansion point; the error then shrinks like the (n + 1)-th power of the distance.",
        "The k-th term is f^(k)(a) (x - a)^k / k!. For exp every derivative at 0 is 1; for "
        "log(1 + x) the k-th derivative at a is (-1)^(k-1) (k-1)! / (1 + a)^k. In n dimensions "
        "the second-order model is f + g.d + d^T H d / 2.",
    ),
    "zh": (
        "泰勒多项式在展开点与函数的值和前 n 阶导数都相同；误差随距离的 n + 1 次方缩小。",
        "第 k 项是 f^(k)(a) (x - a)^k / k!。exp 在 0 处各阶导数都是 1；log(1 + x) 在 a 处的 k 阶导数为 "
        "(-1)^(k-1) (k-1)! / (1 + a)^k。在 n 维中二阶模型为 f + g.d + d^T H d / 2。",
    ),
}


def taylor_exp(x, n):
    """Degree-n Taylor polynomial of exp at 0, T_n(x) = sum_{k=0}^{n} x^k / k!.

    Input: x, a float (or a fractions.Fraction, giving an exact result); n, the degree
    (>= 0). Output: T_n(x).

    >>> taylor_exp(1.0, 3)
    2.6666666666666665
    """
    return sum(x**k / factorial(k) for k in range(n + 1))


def taylor_log1p(x, a, n):
    """Degree-n Taylor polynomial of log(1 + x) around a:
    log(1 + a) + sum_{k=1}^{n} (-1)^(k-1) (x - a)^k / (k (1 + a)^k).

    Input: x, the point; a, the expansion point (> -1); n, the degree (>= 0).
    Output: the polynomial's value at x (a float).

    >>> round(float(taylor_log1p(0.5, 0.0, 2)), 6)
    0.375
    """
    total = np.log1p(a)
    for k in range(1, n + 1):  # k-th derivative: (-1)^(k-1) (k-1)! / (1+a)^k
        total += (-1) ** (k - 1) * (x - a) ** k / (k * (1 + a) ** k)
    return total


def second_order_model(fx, g, H, d):
    """Second-order Taylor model of a function near x: f(x + d) ~ f(x) + g.d + d^T H d / 2.

    Input: fx, the value f(x); g, the gradient (length n); H, the Hessian (n x n); d, the
    step (length n). Output: the model's value (a float).

    >>> float(second_order_model(1.0, np.array([1.0, 0.0]), np.eye(2), np.array([2.0, 1.0])))
    5.5
    """
    return fx + g @ d + 0.5 * d @ H @ d


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Taylor expansion")

    with r.case("20-term series for exp(1) equals numpy.exp(1)") as c:
        c.close(f.taylor_exp(1.0, 20), np.e, rtol=1e-15)
    with r.case("partial sums equal exact rational sums (x = -2, 1/3; n = 0, 1, 5)") as c:
        for x in (Fraction(-2), Fraction(1, 3)):
            for n in (0, 1, 5):
                exact = sum(x**k / factorial(k) for k in range(n + 1))
                c.close(float(f.taylor_exp(float(x), n)), float(exact), rtol=1e-14)
    # Lagrange: |e^x - T_n(x)| <= e^max(x,0) |x|^(n+1) / (n+1)!
    with r.case("Lagrange remainder bound holds (41 points, degrees 1-7)") as c:
        xs = np.linspace(-2, 2, 41)
        ok = all(
            abs(np.exp(x) - f.taylor_exp(x, n))
            <= np.exp(max(x, 0)) * abs(x) ** (n + 1) / factorial(n + 1) + 1e-15
            for x in xs
            for n in range(1, 8)
        )
        c.true(ok)

    with r.case("log1p polynomial equals its exact rational coefficients (a = 0.5, 1.5)") as c:
        for a, x in ((Fraction(1, 2), Fraction(3, 4)), (Fraction(3, 2), Fraction(1, 2))):
            for n in (0, 1, 2, 4):
                poly = sum(
                    Fraction((-1) ** (k - 1), k) * (x - a) ** k / (1 + a) ** k
                    for k in range(1, n + 1)
                )
                c.close(
                    f.taylor_log1p(float(x), float(a), n),
                    np.log1p(float(a)) + float(poly),
                    rtol=1e-14,
                )
    with r.case("degree-n error shrinks like h^(n+1)") as c:
        a, hs = 0.5, 0.1 * 2.0 ** -np.arange(6)
        slopes = {}
        for n in (1, 2, 3):
            err = [abs(np.log1p(a + h) - f.taylor_log1p(a + h, a, n)) for h in hs]
            slopes[n] = float(np.polyfit(np.log(hs), np.log(err), 1)[0])
        r.figure(
            "log-log slopes of the error for degree 1, 2, 3",
            {k: round(v, 3) for k, v in slopes.items()},
        )
        c.close(list(slopes.values()), [2.0, 3.0, 4.0], atol=0.1)

    # f(x) = log-sum-exp(x): gradient softmax(x), Hessian diag(p) - p p^T.
    def fun(v):
        return np.log(np.sum(np.exp(v)))

    x = rng.normal(size=4)
    p = np.exp(x) / np.exp(x).sum()
    g, H = p, np.diag(p) - np.outer(p, p)
    d = rng.normal(size=4)
    d /= np.linalg.norm(d)
    ts = np.array([0.1, 0.05, 0.025, 0.0125])
    err1 = [abs(fun(x + t * d) - fun(x) - t * g @ d) for t in ts]
    s1 = np.polyfit(np.log(ts), np.log(err1), 1)[0]
    with r.case("second-order model (gradient + Hessian) error is O(t^3)") as c:
        err2 = [abs(fun(x + t * d) - f.second_order_model(fun(x), g, H, t * d)) for t in ts]
        s2 = np.polyfit(np.log(ts), np.log(err2), 1)[0]
        r.figure(
            "multivariate slopes (first-order, second-order model)",
            [round(float(s1), 3), round(float(s2), 3)],
        )
        c.close(s2, 3.0, atol=0.15)
    with r.case("second-order model is exact for a quadratic (non-symmetric form)") as c:
        Q = rng.normal(size=(4, 4))
        b = rng.normal(size=4)

        def quad(v):
            return v @ Q @ v + b @ v + 2.0

        gq, Hq = (Q + Q.T) @ x + b, Q + Q.T
        for step in (d, 3.0 * rng.normal(size=4)):
            c.close(f.second_order_model(quad(x), gq, Hq, step), quad(x + step), rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
