"""flow-matching: regress a velocity field on straight noise-to-data paths, then integrate it.

Follows Lipman et al. (2023, "Flow Matching for Generative Modeling": the conditional optimal-
transport path x_t = (1 - (1 - sigma_min) t) x_0 + t x_1 with target velocity
u_t = x_1 - (1 - sigma_min) x_0, and Theorem 2: regressing on conditional velocities has the
same gradients as regressing on the marginal velocity field), with the ODE view of Murphy
PML2 ch. 25. Checks: the path's endpoints and that u is its time derivative (finite
differences); the least-squares regression of u on (x_t, 1) over noise/data pairs gives the
closed-form marginal velocity for Gaussian data, E[x_1 - x_0 | x_t]; Euler integration is
exact for a constant field and follows (1 + 1/n)^n for v = x; and integrating the marginal
field from t = 0 to 1 carries every noise sample x_0 to m + s x_0, i.e. N(0, 1) to N(m, s^2).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["cfm_pair", "euler_integrate"]

DOC_ZH = {
    "cfm_pair": """条件最优传输路径上的训练样本（Lipman 等 2023）：

x_t = (1 - (1 - sigma_min) t) x0 + t x1，目标速度 u = x1 - (1 - sigma_min) x0。
输入：x0（噪声样本）、x1（数据样本），同形状数组；t，标量或可广播的数组，取值 [0, 1]；sigma_min，默认 0。
输出：(x_t, u)。

>>> xt, u = cfm_pair(np.array([0.0]), np.array([2.0]), 0.25)
>>> xt.tolist(), u.tolist()
([0.5], [2.0])
""",
    "euler_integrate": """用欧拉法把 dx/dt = v(x, t) 从 t = 0 积分到 t = 1：n_steps 步，步长 h = 1/n_steps，
第 k 步（k = 0..n_steps-1）x ← x + h v(x, k h)。
输入：v_fn(x, t)；x0，起点数组；n_steps。输出：t = 1 时的 x。

>>> euler_integrate(lambda x, t: x, np.array([1.0]), 2).tolist()
[2.25]
""",
}

HINTS = {
    "en": (
        "Along a straight line from noise to data the velocity is constant, so the regression "
        "target needs no simulation: it is the difference of the endpoints.",
        "x_t = (1 - (1 - sigma_min) t) x0 + t x1 and u = x1 - (1 - sigma_min) x0. Euler: "
        "h = 1/n; for k in range(n): x = x + h v(x, k h).",
    ),
    "zh": (
        "沿着从噪声到数据的直线，速度是常数，所以回归目标不需要模拟：就是两个端点之差。",
        "x_t = (1 - (1 - sigma_min) t) x0 + t x1，u = x1 - (1 - sigma_min) x0。欧拉法：h = 1/n；"
        "对 k in range(n)：x = x + h v(x, k h)。",
    ),
}


def cfm_pair(x0, x1, t, sigma_min=0.0):
    """A training pair on the conditional optimal-transport path (Lipman et al. 2023).

    x_t = (1 - (1 - sigma_min) t) x0 + t x1 with target velocity u = x1 - (1 - sigma_min) x0.
    Input: x0 (noise samples) and x1 (data samples), arrays of one shape; t, a scalar or a
    broadcastable array in [0, 1]; sigma_min (default 0). Output: (x_t, u).

    >>> xt, u = cfm_pair(np.array([0.0]), np.array([2.0]), 0.25)
    >>> xt.tolist(), u.tolist()
    ([0.5], [2.0])
    """
    xt = (1 - (1 - sigma_min) * t) * x0 + t * x1
    return xt, x1 - (1 - sigma_min) * x0


def euler_integrate(v_fn, x0, n_steps):
    """Euler integration of dx/dt = v(x, t) from t = 0 to t = 1.

    n_steps steps of size h = 1 / n_steps; step k (k = 0..n_steps-1) is x <- x + h v(x, k h).
    Input: v_fn(x, t); x0, the starting array; n_steps. Output: x at t = 1.

    >>> euler_integrate(lambda x, t: x, np.array([1.0]), 2).tolist()
    [2.25]
    """
    h = 1.0 / n_steps
    x = np.asarray(x0, dtype=float)
    for k in range(n_steps):
        x = x + h * v_fn(x, k * h)
    return x


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(10)
    r = Report("Flow matching with optimal-transport paths")
    n, m, s = 20000, 3.0, 0.5
    x0, x1 = rng.normal(size=n), m + s * rng.normal(size=n)

    with r.case("path endpoints: x_0 at t = 0, x_1 (+ sigma_min x_0) at t = 1") as c:
        for sm in (0.0, 0.1):
            a, _ = f.cfm_pair(x0[:5], x1[:5], 0.0, sigma_min=sm)
            b, _ = f.cfm_pair(x0[:5], x1[:5], 1.0, sigma_min=sm)
            c.close(a, x0[:5], rtol=1e-12)
            c.close(b, x1[:5] + sm * x0[:5], rtol=1e-12)
    with r.case("u is the time derivative of the path (finite differences)") as c:
        for sm in (0.0, 0.1):
            for t in (0.2, 0.7):
                hi, _ = f.cfm_pair(x0[:5], x1[:5], t + 1e-6, sigma_min=sm)
                lo, _ = f.cfm_pair(x0[:5], x1[:5], t - 1e-6, sigma_min=sm)
                _, u = f.cfm_pair(x0[:5], x1[:5], t, sigma_min=sm)
                c.close(u, (hi - lo) / 2e-6, rtol=1e-6)

    def v_true(x, t):  # E[x1 - x0 | x_t = x] for x0 ~ N(0,1), x1 ~ N(m, s^2)
        return m + (t * s**2 - (1 - t)) / ((1 - t) ** 2 + t**2 * s**2) * (x - t * m)

    with r.case("regressing u on (x_t, 1) recovers the marginal velocity E[x_1 - x_0 | x_t]") as c:
        for t in (0.1, 0.5, 0.9):
            xt, u = f.cfm_pair(x0, x1, t)
            coef, *_ = np.linalg.lstsq(np.stack([xt, np.ones(n)], 1), u, rcond=None)
            slope = (t * s**2 - (1 - t)) / ((1 - t) ** 2 + t**2 * s**2)
            c.close(coef, [slope, m - slope * t * m], rtol=0.03, atol=0.03)

    with r.case("Euler: exact for a constant field; (1 + 1/n)^n for v = x") as c:
        c.close(
            f.euler_integrate(lambda x, t: np.full_like(x, 2.5), np.array([1.0, -1.0]), 7),
            [3.5, 1.5],
            rtol=1e-12,
        )
        for k in (1, 3, 10):
            c.close(
                f.euler_integrate(lambda x, t: x, np.array([1.0]), k),
                [(1 + 1 / k) ** k],
                rtol=1e-12,
            )
        c.close(
            f.euler_integrate(lambda x, t: np.full_like(x, t), np.array([0.0]), 4),
            [0.375],
            rtol=1e-12,
        )

    with r.case(
        "integrating the marginal field carries x_0 to m + s x_0: N(0,1) -> N(m, s^2)"
    ) as c:
        z = np.linspace(-2.5, 2.5, 11)
        out = f.euler_integrate(v_true, z, 2000)
        c.close(out, m + s * z, atol=2e-3)
        r.figure("flow of x0 = -2.5, 0, 2.5 (target m + s x0)", np.round(out[[0, 5, 10]], 4))
    return r


if __name__ == "__main__":
    main(run)
