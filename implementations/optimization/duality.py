"""duality: Lagrange dual problems, weak duality and a zero gap for convex problems.

Follows Boyd & Vandenberghe ch. 5. The dual of an LP min c'x s.t. Ax >= b, x >= 0 is
formed and both are solved with scipy.optimize.linprog (strong duality, complementary
slackness, weak duality on random feasible points, a 1 x 1 case by hand); the QP dual
function is written in closed form, compared with min_x L(x, lam) found by scipy BFGS and its
gradient with finite differences, maximised with scipy L-BFGS-B, then compared with the
primal optimum from SLSQP, and the primal solution is recovered from the dual.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog, minimize

from implementations._common import Report, main, solution

EXERCISE = ["lp_dual", "qp_dual", "qp_dual_grad", "x_from_dual"]

DOC_ZH = {
    "lp_dual": """线性规划 min c'x s.t. Ax >= b, x >= 0 的对偶 max b'y s.t. A'y <= c, y >= 0，写成 linprog 的最小化形式。

输入：c，长度 n；A，(m, n) 矩阵；b，长度 m。
输出：(cost, A_ub, b_ub)，使得 min cost'y s.t. A_ub y <= b_ub, y >= 0 就是对偶问题；对偶最优值 d* = -(该最小值)。

>>> cost, A_ub, b_ub = lp_dual(np.array([2.0]), np.array([[1.0]]), np.array([3.0]))
>>> cost.tolist(), A_ub.tolist(), b_ub.tolist()
([-3.0], [[1.0]], [2.0])
""",
    "qp_dual": """QP min 1/2||x - z||^2 s.t. Gx <= h 的拉格朗日对偶函数 g(lam) = min_x L(x, lam)。

输入：lam，长度 k 的乘子（lam >= 0）；G，(k, n) 矩阵；h，长度 k；z，长度 n。
由 grad_x L = 0 得 x = z - G'lam，代回得 g(lam) = -1/2 ||G'lam||^2 + lam'(Gz - h)。
输出：一个 float。

>>> round(qp_dual(np.array([1.0]), np.array([[1.0, 0.0]]), np.array([0.0]), np.array([2.0, 0.0])), 6)
1.5
""",
    "qp_dual_grad": """对偶函数 g(lam) 的梯度 -G G'lam + (Gz - h)。

输入：与 qp_dual 相同。输出：长度 k 的数组。

>>> qp_dual_grad(np.array([1.0]), np.array([[1.0, 0.0]]), np.array([0.0]), np.array([2.0, 0.0])).tolist()
[1.0]
""",
    "x_from_dual": """由对偶最优乘子恢复原始解 x = z - G'lam（L(x, lam) 的极小点）。

输入：lam，长度 k；G，(k, n) 矩阵；z，长度 n。输出：长度 n 的数组。

>>> x_from_dual(np.array([2.0]), np.array([[1.0, 0.0]]), np.array([2.0, 1.0])).tolist()
[0.0, 1.0]
""",
}

HINTS = {
    "en": (
        "Write the Lagrangian, minimise it over x for fixed multipliers, and what is left is "
        "a concave function of the multipliers whose maximum bounds the primal from below.",
        "LP: the dual of min c'x, Ax >= b, x >= 0 is max b'y, A'y <= c, y >= 0. QP: "
        "L = 1/2||x-z||^2 + lam'(Gx - h) is minimised at x = z - G'lam, giving "
        "g(lam) = -1/2||G'lam||^2 + lam'(Gz - h).",
    ),
    "zh": (
        "写出拉格朗日函数，固定乘子对 x 求极小，剩下的是乘子的凹函数，它的最大值从下方界住原问题。",
        "LP：min c'x，Ax >= b，x >= 0 的对偶是 max b'y，A'y <= c，y >= 0。QP："
        "L = 1/2||x-z||^2 + lam'(Gx - h) 在 x = z - G'lam 取极小，得 g(lam) = -1/2||G'lam||^2 + lam'(Gz - h)。",
    ),
}


def lp_dual(c, A, b):
    """The dual of the LP min c'x s.t. Ax >= b, x >= 0, in linprog's minimisation form.

    Input: c (n,), A (m, n), b (m,). The dual is max b'y s.t. A'y <= c, y >= 0.
    Output: (cost, A_ub, b_ub) such that min cost'y s.t. A_ub y <= b_ub, y >= 0 is that
    dual; its optimum d* is minus the minimum.

    >>> cost, A_ub, b_ub = lp_dual(np.array([2.0]), np.array([[1.0]]), np.array([3.0]))
    >>> cost.tolist(), A_ub.tolist(), b_ub.tolist()
    ([-3.0], [[1.0]], [2.0])
    """
    return -np.asarray(b, dtype=float), np.asarray(A, dtype=float).T, np.asarray(c, dtype=float)


def qp_dual(lam, G, h, z):
    """Lagrange dual function g(lam) = min_x L(x, lam) of min 1/2||x - z||^2 s.t. Gx <= h.

    Input: lam, k multipliers (>= 0); G (k, n); h (k,); z (n,). Setting grad_x L = 0 gives
    x = z - G'lam, so g(lam) = -1/2 ||G'lam||^2 + lam'(Gz - h). Output: a float.

    >>> round(qp_dual(np.array([1.0]), np.array([[1.0, 0.0]]), np.array([0.0]), np.array([2.0, 0.0])), 6)
    1.5
    """
    return float(-0.5 * np.sum((G.T @ lam) ** 2) + lam @ (G @ z - h))


def qp_dual_grad(lam, G, h, z):
    """Gradient of the dual function: -G G'lam + (Gz - h).

    Input: as qp_dual. Output: an array of k numbers.

    >>> qp_dual_grad(np.array([1.0]), np.array([[1.0, 0.0]]), np.array([0.0]), np.array([2.0, 0.0])).tolist()
    [1.0]
    """
    return -G @ (G.T @ lam) + (G @ z - h)


def x_from_dual(lam, G, z):
    """The primal point x = z - G'lam that minimises L(x, lam).

    Input: lam (k,), G (k, n), z (n,). Output: an array of n numbers.

    >>> x_from_dual(np.array([2.0]), np.array([[1.0, 0.0]]), np.array([2.0, 1.0])).tolist()
    [0.0, 1.0]
    """
    return z - G.T @ lam


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(1)
    r = Report("Lagrange duality")

    # LP: min c'x s.t. Ax >= b, x >= 0   <->   dual: max b'y s.t. A'y <= c, y >= 0
    m, n = 4, 6
    A = rng.uniform(0.1, 1.0, size=(m, n))
    b, c_ = rng.uniform(1, 2, size=m), rng.uniform(1, 2, size=n)
    primal = linprog(c_, A_ub=-A, b_ub=-b, bounds=[(0, None)] * n, method="highs")
    p_star, x = primal.fun, primal.x
    r.figure("LP p*", p_star)

    def solve_dual(cc, AA, bb):
        cost, A_ub, b_ub = f.lp_dual(cc, AA, bb)
        res = linprog(cost, A_ub=A_ub, b_ub=b_ub, bounds=[(0, None)] * len(cost), method="highs")
        return -res.fun, res.x, A_ub, b_ub

    with r.case("LP by hand: min 2x s.t. 3x >= 6 has dual max 6y s.t. 3y <= 2, d* = 4") as c:
        d, y, _, _ = solve_dual(np.array([2.0]), np.array([[3.0]]), np.array([6.0]))
        c.close([d, y[0]], [4.0, 2.0 / 3.0], rtol=1e-9)
    with r.case("LP strong duality: p* = d*") as c:
        d_star, y, _, _ = solve_dual(c_, A, b)
        r.figure("LP d*", d_star)
        c.close(d_star, p_star, rtol=1e-9)
    with r.case("LP complementary slackness y_i (Ax-b)_i = 0") as c:
        _, y, _, _ = solve_dual(c_, A, b)
        c.close(y * (A @ x - b), np.zeros(m), atol=1e-9)
        c.close(x * (c_ - A.T @ y), np.zeros(n), atol=1e-9)
    # weak duality on random feasible pairs: b'y <= c'x
    xs = rng.uniform(0, 5, size=(2000, n))
    xs = xs[np.all(xs @ A.T >= b, axis=1)]
    ys = rng.uniform(0, 1, size=(2000, m))
    with r.case("weak duality: every feasible dual value <= every feasible primal value") as c:
        cost, A_ub, b_ub = f.lp_dual(c_, A, b)
        yf = ys[np.all(ys @ A_ub.T <= b_ub, axis=1)]
        c.true(
            len(yf) > 50 and (-(yf @ cost)).max() <= (xs @ c_).min() + 1e-12,
            f"{len(xs)} primal, {len(yf)} dual points",
        )
        c.close(-(yf @ cost), yf @ b, rtol=1e-12)  # the dual objective is b'y

    # QP: min 1/2||x - z||^2 s.t. Gx <= h
    k = 5
    G, h = rng.normal(size=(k, 3)), rng.uniform(0.1, 0.5, size=k)
    z = rng.normal(size=3) * 3
    pres = minimize(
        lambda x: 0.5 * np.sum((x - z) ** 2),
        np.zeros(3),
        method="SLSQP",
        constraints=[{"type": "ineq", "fun": lambda x: h - G @ x}],
        options={"ftol": 1e-15},
    )
    lam_probe = rng.uniform(0, 1, size=(3, k))
    with r.case("dual function g(lam) = min_x L(x, lam) (scipy BFGS on the Lagrangian)") as c:
        for lm in lam_probe:
            inner = minimize(
                lambda x: 0.5 * np.sum((x - z) ** 2) + lm @ (G @ x - h),
                np.zeros(3),
                method="BFGS",
                options={"gtol": 1e-10},
            )
            c.close(f.qp_dual(lm, G, h, z), inner.fun, rtol=1e-8, atol=1e-10)
            c.close(f.x_from_dual(lm, G, z), inner.x, atol=1e-6)
    with r.case("dual gradient equals central finite differences of g") as c:
        lm, e = lam_probe[0], 1e-6
        fd = [
            (f.qp_dual(lm + e * u, G, h, z) - f.qp_dual(lm - e * u, G, h, z)) / (2 * e)
            for u in np.eye(k)
        ]
        c.close(f.qp_dual_grad(lm, G, h, z), fd, rtol=1e-6, atol=1e-8)
        c.close(f.qp_dual_grad(lm, G, h, z), -G @ G.T @ lm + G @ z - h, rtol=1e-12)

    def dual_opt():
        return minimize(
            lambda lm: -f.qp_dual(lm, G, h, z),
            np.zeros(k),
            jac=lambda lm: -f.qp_dual_grad(lm, G, h, z),
            method="L-BFGS-B",
            bounds=[(0, None)] * k,
            options={"ftol": 1e-15, "gtol": 1e-12},
        ).x

    with r.case("QP strong duality (Slater holds): p* = max g(lam)") as c:
        lam = dual_opt()
        r.figure("QP duality gap", pres.fun - f.qp_dual(lam, G, h, z))
        c.close(f.qp_dual(lam, G, h, z), pres.fun, rtol=1e-6)
    with r.case("primal solution recovered from the dual: x = z - G'lam*") as c:
        c.close(f.x_from_dual(dual_opt(), G, z), pres.x, atol=1e-5)
    lams = rng.uniform(0, 2, size=(1000, k))
    with r.case("weak duality: g(lam) <= p* for 1000 random lam >= 0") as c:
        c.true(max(f.qp_dual(lm, G, h, z) for lm in lams) <= pres.fun + 1e-9)
    return r


if __name__ == "__main__":
    main(run)
