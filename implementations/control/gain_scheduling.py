"""gain-scheduling: linearise a nonlinear plant at several operating points, retune the gain for each.

Follows Khalil, Nonlinear Systems 3e, ch. 12 (Feedback Control: gain scheduling).
Tank x' = -c sqrt(x) + u; at the equilibrium x0 (u0 = c sqrt x0) the linearisation is
x' ~ -c/(2 sqrt x0) dx + du. With u = c sqrt(r) + k(r) (r - x) the local closed-loop
pole is -(k + c/(2 sqrt r)); scheduling k(r) = p - c/(2 sqrt r) puts it at -p everywhere,
while one fixed gain gives a different speed at each operating point. Checks compare the
learner's central-difference linearisation with analytic derivatives, and decay rates
measured from RK4 simulations of small steps (with the learner's scheduled gains) with
the predicted poles.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["linearize", "scheduled_gain"]

DOC_ZH = {
    "linearize": """标量函数 fun 在 x0 处的线性化斜率 fun'(x0)，用中心差分 (fun(x0+h) - fun(x0-h)) / (2h)。

输入：fun，可调用的标量函数；x0，工作点；h，差分步长。
输出：float，fun 在 x0 处导数的近似（误差 O(h^2)）。

>>> round(linearize(lambda x: x**2, 3.0), 6)
6.0
""",
    "scheduled_gain": """水箱 x' = -c sqrt(x) + u 在工作点 r 处的调度增益，使局部闭环极点恒为 -p。

控制律 u = c sqrt(r) + k (r - x)，在 r 处局部极点为 -c/(2 sqrt r) - k。
输入：r > 0，工作点（可以是数组）；c > 0，出流系数；p > 0，期望衰减率。
输出：k(r) = p - c/(2 sqrt r)，与 r 同形状。

>>> float(scheduled_gain(1.0, 1.0, 2.0))
1.5
""",
}

HINTS = {
    "en": (
        "Near an equilibrium a smooth system behaves like its tangent line; feedback adds "
        "-k to that local slope.",
        "Slope by central differences (fun(x0 + h) - fun(x0 - h)) / (2h). The tank's slope at "
        "r is -c/(2 sqrt r), so the closed-loop pole is -c/(2 sqrt r) - k; solve for the k "
        "that makes it -p.",
    ),
    "zh": (
        "在平衡点附近，光滑系统的行为就像它的切线；反馈给这个局部斜率加上 -k。",
        "用中心差分 (fun(x0 + h) - fun(x0 - h)) / (2h) 求斜率。水箱在 r 处的斜率是 -c/(2 sqrt r)，"
        "所以闭环极点是 -c/(2 sqrt r) - k；解出使它等于 -p 的 k。",
    ),
}


def linearize(fun, x0, h=1e-6):
    """Slope fun'(x0) of a scalar function at an operating point, by central differences.

    Input: fun, a callable scalar function; x0, the operating point; h, the step.
    Output: a float, (fun(x0 + h) - fun(x0 - h)) / (2h), accurate to O(h^2).

    >>> round(linearize(lambda x: x**2, 3.0), 6)
    6.0
    """
    return float((fun(x0 + h) - fun(x0 - h)) / (2 * h))


def scheduled_gain(r, c, p):
    """Scheduled gain for the tank x' = -c sqrt(x) + u that puts the local pole at -p.

    The law u = c sqrt(r) + k (r - x) has local pole -c/(2 sqrt r) - k at x = r.
    Input: r > 0, the operating point(s); c > 0, the outflow coefficient; p > 0, the decay
    rate wanted. Output: k(r) = p - c/(2 sqrt r), shaped like r.

    >>> float(scheduled_gain(1.0, 1.0, 2.0))
    1.5
    """
    return p - c / (2 * np.sqrt(r))


c_, p_ = 1.0, 2.0


def _rhs(x, r, k):
    return -c_ * np.sqrt(x) + c_ * np.sqrt(r) + k * (r - x)


def decay_rate(r, k, delta=1e-4, dt=1e-3, n=1500):
    """Reference: RK4 from x = r - delta, exponential rate fitted to the error."""
    x, errs = r - delta, []
    for _ in range(n):
        k1 = _rhs(x, r, k)
        k2 = _rhs(x + dt / 2 * k1, r, k)
        k3 = _rhs(x + dt / 2 * k2, r, k)
        k4 = _rhs(x + dt * k3, r, k)
        x = x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        errs.append(r - x)
    return np.polyfit(dt * (np.arange(n) + 1), np.log(np.abs(errs)), 1)[0]


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Gain scheduling: same local pole at every operating point")
    ops = np.array([0.25, 1.0, 4.0, 9.0])
    a_lin = -c_ / (2 * np.sqrt(ops))  # local plant pole at each x0

    with r.case("finite-difference Jacobian = -c / (2 sqrt x0)") as c:
        got = [f.linearize(lambda x: -c_ * np.sqrt(x), x) for x in ops]
        c.close(got, a_lin, rtol=1e-7)
        c.close(
            f.linearize(np.exp, 0.7), np.exp(0.7), rtol=1e-8
        )  # asymmetric: central, not forward
        c.close(f.linearize(lambda x: x**3, -2.0, h=1e-3), 12.0, rtol=1e-6)  # O(h^2) = 1e-6

    with r.case("scheduled gains = p - c/(2 sqrt r) give local pole -p") as c:
        k_sched = np.asarray(f.scheduled_gain(ops, c_, p_), dtype=float)
        r.figure("scheduled gains", np.round(k_sched, 4).tolist())
        c.close(k_sched, [1.0, 1.5, 1.75, p_ - 1 / 6], rtol=1e-12)
        c.close(f.scheduled_gain(4.0, 3.0, 1.0), 0.25, rtol=1e-12)

    with r.case("scheduled loop: local rate = -p at every point") as c:
        k_sched = np.asarray(f.scheduled_gain(ops, c_, p_), dtype=float)
        rate_s = np.array([decay_rate(x, k) for x, k in zip(ops, k_sched)])
        r.figure("measured rates, scheduled", np.round(rate_s, 4).tolist())
        c.close(rate_s, np.full(4, -p_), rtol=1e-3)

    with r.case("fixed gain: local rate = a(x0) - k (linearisation)") as c:
        k_fixed = p_ - c_ / 2  # designed at x0 = 1 only
        rate_f = np.array([decay_rate(x, k_fixed) for x in ops])
        r.figure("measured rates, fixed gain", np.round(rate_f, 4).tolist())
        slopes = [f.linearize(lambda x, x0=x0: _rhs(x, x0, k_fixed), x0) for x0 in ops]
        c.close(rate_f, slopes, rtol=1e-3)
        c.true(rate_f[0] < -p_ - 0.3 and rate_f[-1] > -p_ + 0.3, "fast at low, slow at high level")
    return r


if __name__ == "__main__":
    main(run)
