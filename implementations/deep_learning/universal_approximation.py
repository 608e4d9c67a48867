"""universal-approximation: one hidden layer of ReLU or sigmoid units approximates any continuous f.

Follows Cybenko (1989) and Hornik, Stinchcombe & White (1989), and the constructive view in
Goodfellow et al. ch. 6 and qiu-nndl ch. 4: a shallow net c + sum_j a_j act(w_j x + b_j).
The learner builds the weights explicitly: ReLU units reproducing the piecewise-linear
interpolant through given knots, and steep sigmoid units reproducing a staircase.
Checks: the ReLU net equals np.interp on a dense grid (also outside the knots' interior
points, with unequal spacing); for f = sin(2 pi x) its sup error obeys the interpolation bound
max|f''| h^2 / 8 and falls by about 4x when the number of knots doubles; the sigmoid staircase
is within sum|jumps| * sigmoid(-k delta) of the step function at distance >= delta from every
jump (closed-form bound) and converges as the steepness k grows.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from implementations._common import Report, main, solution

EXERCISE = ["relu_interpolant", "sigmoid_staircase"]

DOC_ZH = {
    "relu_interpolant": """构造单隐藏层 ReLU 网络 net(x) = c + sum_j a_j relu(w_j x + b_j)，使它在 [t_0, t_n] 上等于过结点 (knots, values) 的分段线性插值。

输入：knots，严格递增的结点 (n+1,)；values，结点处的函数值 (n+1,)。
输出：(w, b, a, c)：隐藏层权重、偏置、输出权重（形状都为 (m,)）和输出偏置 c。

>>> w, b, a, c = relu_interpolant(np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0, 0.0]))
>>> x = np.array([0.5, 1.0, 1.5])
>>> (c + np.maximum(np.outer(x, w) + b, 0) @ a).tolist()
[0.5, 1.0, 0.5]
""",
    "sigmoid_staircase": """用陡峭的 sigmoid 单元构造阶梯函数：在相邻结点的中点处从 values[j-1] 跳到 values[j]。

输入：knots (n+1,)、values (n+1,)；steepness，sigmoid 的陡度 k（每个单元为 sigmoid(k (x - m_j))，m_j 为中点）。
输出：(w, b, a, c)，含义同 relu_interpolant，但隐藏单元是 sigmoid。

>>> w, b, a, c = sigmoid_staircase(np.array([0.0, 1.0]), np.array([0.0, 2.0]), 10.0)
>>> round(float(c + expit(0.5 * w + b) @ a), 6)
1.0
""",
}

HINTS = {
    "en": (
        "A ReLU unit relu(x - t) is a hinge at t: adding one changes the slope from that point "
        "on. A steep sigmoid is an almost-step.",
        "ReLU: one unit per segment, w = 1, b = -t_j, a_0 = first slope, a_j = slope_j - "
        "slope_{j-1}, c = values[0]. Staircase: c = values[0], one unit per jump at the midpoint "
        "m_j, w = k, b = -k m_j, a_j = values[j] - values[j-1].",
    ),
    "zh": (
        "ReLU 单元 relu(x - t) 是在 t 处的折点：加一个就从该点起改变斜率。陡峭的 sigmoid 近似一个阶跃。",
        "ReLU：每段一个单元，w = 1，b = -t_j，a_0 = 第一段斜率，a_j = slope_j - slope_{j-1}，c = values[0]。"
        "阶梯：c = values[0]，每个跳跃在中点 m_j 处放一个单元，w = k，b = -k m_j，a_j = values[j] - values[j-1]。",
    ),
}


def relu_interpolant(knots, values):
    """Weights of c + sum_j a_j relu(w_j x + b_j) equal to the piecewise-linear interpolant on [t_0, t_n].

    Input: knots (n+1,), strictly increasing; values (n+1,), the function at the knots.
    Output: (w, b, a, c): hidden weights, hidden biases, output weights (each (m,)) and the
    output bias c.

    >>> w, b, a, c = relu_interpolant(np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0, 0.0]))
    >>> x = np.array([0.5, 1.0, 1.5])
    >>> (c + np.maximum(np.outer(x, w) + b, 0) @ a).tolist()
    [0.5, 1.0, 0.5]
    """
    slopes = np.diff(values) / np.diff(knots)
    a = np.concatenate([[slopes[0]], np.diff(slopes)])
    w = np.ones(len(slopes))
    b = -knots[:-1]
    return w, b, a, float(values[0])


def sigmoid_staircase(knots, values, steepness):
    """Weights of c + sum_j a_j sigmoid(w_j x + b_j): a staircase jumping at the knots' midpoints.

    Input: knots (n+1,), values (n+1,); steepness k (unit j is sigmoid(k (x - m_j)) with m_j
    the midpoint between knots j-1 and j).
    Output: (w, b, a, c) as for relu_interpolant, for sigmoid hidden units.

    >>> w, b, a, c = sigmoid_staircase(np.array([0.0, 1.0]), np.array([0.0, 2.0]), 10.0)
    >>> round(float(c + expit(0.5 * w + b) @ a), 6)
    1.0
    """
    mids = (knots[:-1] + knots[1:]) / 2
    w = np.full(len(mids), float(steepness))
    return w, -steepness * mids, np.diff(values), float(values[0])


def _net(x, params, act):
    w, b, a, c = params
    return c + act(np.outer(x, w) + b) @ a


def _relu(z):
    return np.maximum(z, 0.0)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Universal approximation with one hidden layer")
    rng = np.random.default_rng(0)

    knots = np.sort(np.concatenate([[0.0, 3.0], rng.uniform(0, 3, 9)]))
    values = rng.normal(size=knots.size)
    grid = np.linspace(0, 3, 2001)
    with r.case("ReLU net = np.interp through the knots (unequal spacing)") as c:
        p = f.relu_interpolant(knots, values)
        c.close(_net(grid, p, _relu), np.interp(grid, knots, values), rtol=1e-9, atol=1e-9)
        c.close(_net(knots, p, _relu), values, rtol=1e-9, atol=1e-9)
        r.figure("hidden ReLU units for 11 knots", int(np.size(p[0])))

    def sup_err(n):
        t = np.linspace(0, 1, n + 1)
        xs = np.linspace(0, 1, 20001)
        p = f.relu_interpolant(t, np.sin(2 * np.pi * t))
        return float(np.max(np.abs(_net(xs, p, _relu) - np.sin(2 * np.pi * xs))))

    with r.case("sup error <= max|f''| h^2 / 8 for sin(2 pi x)") as c:
        for n in (4, 8, 16, 64):
            e = sup_err(n)
            c.true(e <= (2 * np.pi) ** 2 / n**2 / 8 * (1 + 1e-9), f"n={n}: {e:.3g}")
    with r.case("doubling the knots divides the error by about 4") as c:
        e16, e32 = sup_err(16), sup_err(32)
        r.figure("sup error with 16 / 32 segments", f"{e16:.4g} / {e32:.4g}")
        c.true(3.5 < e16 / e32 < 4.5, f"ratio {e16 / e32:.3f}")

    t = np.array([0.0, 1.0, 2.5, 3.0, 4.0])
    v = np.array([1.0, -2.0, 0.5, 0.5, 3.0])
    jumps = np.abs(np.diff(v)).sum()
    mids = (t[:-1] + t[1:]) / 2
    xs = np.linspace(-1, 5, 3001)
    delta = 0.1
    far = np.min(np.abs(xs[:, None] - mids[None, :]), axis=1) >= delta
    step = v[np.searchsorted(mids, xs)]  # value of the staircase
    for k in (30.0, 100.0):
        with r.case(f"sigmoid staircase within sum|jumps| sigmoid(-k delta) (k = {k:g})") as c:
            p = f.sigmoid_staircase(t, v, k)
            err = np.max(np.abs(_net(xs[far], p, expit) - step[far]))
            bound = jumps * expit(-k * delta)
            c.true(err <= bound * (1 + 1e-9), f"error {err:.3g}, bound {bound:.3g}")
            c.true(err >= 0.25 * bound, "and the bound is nearly attained")
    with r.case("staircase error shrinks as the sigmoids steepen") as c:
        errs = [
            np.max(np.abs(_net(xs[far], f.sigmoid_staircase(t, v, k), expit) - step[far]))
            for k in (10.0, 40.0, 160.0)
        ]
        c.true(errs[0] > errs[1] > errs[2], str([f"{e:.2g}" for e in errs]))
        c.true(errs[2] < 1e-5)
    return r


if __name__ == "__main__":
    main(run)
