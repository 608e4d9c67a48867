"""lagrange-kkt: Lagrange multipliers and the KKT conditions of a small convex QP.

Follows Boyd & Vandenberghe ch. 5 (KKT conditions) and Nocedal & Wright ch. 12.
The KKT point is found by enumeration of active sets and checked against the four KKT
conditions, scipy.optimize.minimize (SLSQP), the unconstrained minimiser when no constraint
binds and a 1-D case by hand; the equality-only Lagrange system is compared with SLSQP and
with the closed-form multiplier nu = -(A Q^-1 A')^-1 (b + A Q^-1 c), the sensitivity -dp*/db.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from scipy.optimize import minimize

from implementations._common import Report, main, solution

EXERCISE = ["kkt_by_active_sets", "eq_qp"]

DOC_ZH = {
    "kkt_by_active_sets": """逐一尝试所有有效集，求凸二次规划 min 1/2 x'Qx + c'x s.t. Gx <= h 的 KKT 点（m 很小时可行）。

输入：Q，(n, n) 对称正定；c，长度 n；G，(m, n)；h，长度 m。
对每个有效集 S 解 [[Q, G_S'], [G_S, 0]] [x; lam_S] = [-c; h_S]，返回第一个同时满足原始可行 Gx <= h
和对偶可行 lam_S >= 0（容差 1e-10）的解。
输出：(x, lam)：长度 n 的解和长度 m 的乘子（不在 S 中的为 0）。

>>> x, lam = kkt_by_active_sets(np.eye(1), np.array([-2.0]), np.array([[1.0]]), np.array([1.0]))
>>> x.tolist(), lam.tolist()
([1.0], [1.0])
""",
    "eq_qp": """只有等式约束的二次规划 min 1/2 x'Qx + c'x s.t. Ax = b：解拉格朗日方程组。

输入：Q，(n, n) 对称正定；c，长度 n；A，(p, n)，行满秩；b，长度 p。
解 [[Q, A'], [A, 0]] [x; nu] = [-c; b]。
输出：(x, nu)：长度 n 的解和长度 p 的乘子；-nu 是最优值对 b 的灵敏度 dp*/db。

>>> x, nu = eq_qp(np.eye(2), np.zeros(2), np.array([[1.0, 1.0]]), np.array([2.0]))
>>> x.tolist(), nu.tolist()
([1.0, 1.0], [-1.0])
""",
}

HINTS = {
    "en": (
        "At the optimum some constraints hold with equality and the rest can be ignored; "
        "guess which, solve, and keep the guess that is consistent.",
        "For an active set S solve the linear KKT system [[Q, G_S'], [G_S, 0]] [x; lam_S] = "
        "[-c; h_S]; accept it when Gx <= h and lam_S >= 0. Equality constraints need only "
        "that one solve with A in place of G_S.",
    ),
    "zh": (
        "最优点处有些约束取等号，其余约束可以忽略；猜出是哪些，求解，保留自洽的那个猜测。",
        "对有效集 S 解线性 KKT 方程组 [[Q, G_S'], [G_S, 0]] [x; lam_S] = [-c; h_S]；当 Gx <= h 且 lam_S >= 0 "
        "时接受。等式约束只需用 A 代替 G_S 解一次。",
    ),
}


def kkt_by_active_sets(Q, c, G, h):
    """KKT point of min 1/2 x'Qx + c'x s.t. Gx <= h by trying every active set (tiny m).

    Input: Q (n, n) symmetric positive definite; c (n,); G (m, n); h (m,). For each active
    set S solve [[Q, G_S'], [G_S, 0]] [x; lam_S] = [-c; h_S] and return the first solution
    that is primal feasible (Gx <= h) and dual feasible (lam_S >= 0), within 1e-10.
    Output: (x, lam): the solution (n,) and the multipliers (m,), zero outside S.

    >>> x, lam = kkt_by_active_sets(np.eye(1), np.array([-2.0]), np.array([[1.0]]), np.array([1.0]))
    >>> x.tolist(), lam.tolist()
    ([1.0], [1.0])
    """
    n, m = len(c), len(h)
    for k in range(m + 1):
        for S in combinations(range(m), k):
            S = list(S)
            GS = G[S]
            # stationarity Qx + c + GS' lam = 0 and active constraints GS x = hS
            K = np.block([[Q, GS.T], [GS, np.zeros((k, k))]])
            try:
                sol = np.linalg.solve(K, np.concatenate([-c, h[S]]))
            except np.linalg.LinAlgError:
                continue
            x, lamS = sol[:n], sol[n:]
            if np.all(G @ x <= h + 1e-10) and np.all(lamS >= -1e-10):  # primal + dual feasible
                lam = np.zeros(m)
                lam[S] = lamS
                return x, lam
    raise RuntimeError("no KKT point")


def eq_qp(Q, c, A, b):
    """Equality-constrained QP min 1/2 x'Qx + c'x s.t. Ax = b via the Lagrange system.

    Input: Q (n, n) symmetric positive definite; c (n,); A (p, n) of full row rank; b (p,).
    Solves [[Q, A'], [A, 0]] [x; nu] = [-c; b].
    Output: (x, nu): the solution (n,) and the multipliers (p,); -nu = dp*/db.

    >>> x, nu = eq_qp(np.eye(2), np.zeros(2), np.array([[1.0, 1.0]]), np.array([2.0]))
    >>> x.tolist(), nu.tolist()
    ([1.0, 1.0], [-1.0])
    """
    n, p = len(c), len(b)
    K = np.block([[Q, A.T], [A, np.zeros((p, p))]])
    sol = np.linalg.solve(K, np.concatenate([-c, b]))
    return sol[:n], sol[n:]


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Lagrange multipliers and KKT conditions")
    n, m = 3, 5
    M = rng.normal(size=(n, n))
    Q, c = M @ M.T + np.eye(n), rng.normal(size=n) * 3
    G, h = rng.normal(size=(m, n)), rng.uniform(0.1, 1.0, size=m)

    with r.case("stationarity: grad f + sum lam_i grad g_i = 0") as c_:
        x, lam = f.kkt_by_active_sets(Q, c, G, h)
        r.figure("active constraints", int(np.sum(lam > 1e-9)))
        r.figure("multipliers", np.round(lam, 4).tolist())
        c_.close(Q @ x + c + G.T @ lam, np.zeros(n), atol=1e-10)
        c_.true(np.sum(lam > 1e-9) >= 1, "at least one constraint binds")
    with r.case("primal feasibility Gx <= h") as c_:
        x, lam = f.kkt_by_active_sets(Q, c, G, h)
        c_.true(np.all(G @ x <= h + 1e-10))
    with r.case("dual feasibility lam >= 0") as c_:
        x, lam = f.kkt_by_active_sets(Q, c, G, h)
        c_.true(np.all(lam >= -1e-12) and lam.shape == (m,))
    with r.case("complementary slackness lam_i (g_i(x)) = 0") as c_:
        x, lam = f.kkt_by_active_sets(Q, c, G, h)
        c_.close(lam * (G @ x - h), np.zeros(m), atol=1e-10)
    res = minimize(
        lambda z: 0.5 * z @ Q @ z + c @ z,
        np.zeros(n),
        jac=lambda z: Q @ z + c,
        constraints=[{"type": "ineq", "fun": lambda z: h - G @ z, "jac": lambda z: -G}],
        method="SLSQP",
        options={"ftol": 1e-14, "maxiter": 500},
    )
    with r.case("KKT point equals scipy SLSQP solution") as c_:
        c_.close(f.kkt_by_active_sets(Q, c, G, h)[0], res.x, atol=1e-6)
    with r.case("no binding constraint: x = -Q^{-1} c and lam = 0") as c_:
        x, lam = f.kkt_by_active_sets(Q, c, G, h + 100.0)
        c_.close(x, -np.linalg.solve(Q, c), rtol=1e-10)
        c_.equal(lam, np.zeros(m))
    with r.case("1-D by hand: min (x-3)^2/2 s.t. x <= 1, -x <= 5 gives x = 1, lam = (2, 0)") as c_:
        x, lam = f.kkt_by_active_sets(
            np.eye(1), np.array([-3.0]), np.array([[1.0], [-1.0]]), np.array([1.0, 5.0])
        )
        c_.close(np.r_[x, lam], [1.0, 2.0, 0.0], atol=1e-12)
        # exactly at the boundary: x* = 1 is also the unconstrained minimiser, lam = 0
        x, lam = f.kkt_by_active_sets(
            np.eye(1), np.array([-1.0]), np.array([[1.0]]), np.array([1.0])
        )
        c_.close(np.r_[x, lam], [1.0, 0.0], atol=1e-12)

    with r.case(
        "every constraint active: min ||x - (5, 5)||^2/2 s.t. x <= 1 gives lam = (4, 4)"
    ) as c_:
        x, lam = f.kkt_by_active_sets(np.eye(2), -5 * np.ones(2), np.eye(2), np.ones(2))
        c_.close(np.r_[x, lam], [1.0, 1.0, 4.0, 4.0], atol=1e-12)
    with r.case(
        "tolerances: 1e-10 on Gx <= h; a tiny positive multiplier is still dual feasible"
    ) as c_:
        # x_free = 1 + 1.5e-10 violates x <= 1 by more than 1e-10: the constraint must bind
        x, lam = f.kkt_by_active_sets(np.eye(1), np.array([-(1 + 1.5e-10)]), np.eye(1), np.ones(1))
        c_.close(x, [1.0], rtol=0, atol=1e-14)
        # Q = 1e-4, x_free = 1 + 5e-7: binding with lam = 1e-4 * 5e-7 = 5e-11 > 0
        x, lam = f.kkt_by_active_sets(
            1e-4 * np.eye(1), np.array([-1e-4 * (1 + 5e-7)]), np.eye(1), np.ones(1)
        )
        c_.close(np.r_[x, lam], [1.0, 5e-11], rtol=1e-6, atol=0)

    # equality constraints only: the Lagrange system [[Q, A'], [A, 0]] [x; nu] = [-c; b]
    A, bq = rng.normal(size=(2, n)), np.array([0.5, -1.0])
    rese = minimize(
        lambda z: 0.5 * z @ Q @ z + c @ z,
        np.zeros(n),
        method="SLSQP",
        constraints=[{"type": "eq", "fun": lambda z: A @ z - bq}],
        options={"ftol": 1e-14},
    )
    with r.case("Lagrange closed form equals SLSQP (equality constraint)") as c_:
        c_.close(f.eq_qp(Q, c, A, bq)[0], rese.x, atol=1e-6)
    # multiplier = sensitivity: p*(b) is quadratic in b, d p*/d b = -nu with the closed form
    Qi = np.linalg.inv(Q)
    S = A @ Qi @ A.T
    nu_ref = -np.linalg.solve(S, bq + A @ Qi @ c)
    with r.case("multiplier is the sensitivity d p*/d b = -nu") as c_:
        c_.close(f.eq_qp(Q, c, A, bq)[1], nu_ref, rtol=1e-9)
        c_.close(f.eq_qp(Q, c, A[:1], bq[:1])[1], [-(bq[0] + A[0] @ Qi @ c) / S[0, 0]], rtol=1e-9)
    return r


if __name__ == "__main__":
    main(run)
