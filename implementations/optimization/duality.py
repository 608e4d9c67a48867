"""duality: Lagrange dual problems, weak duality and a zero gap for convex problems.

Follows Boyd & Vandenberghe ch. 5. The primal and dual LPs are both solved with
scipy.optimize.linprog; the QP dual function is written in closed form and maximised
with scipy L-BFGS-B, then compared with the primal optimum from SLSQP.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog, minimize

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(1)
    r = Report("Lagrange duality")

    # LP: min c'x s.t. Ax >= b, x >= 0   <->   dual: max b'y s.t. A'y <= c, y >= 0
    m, n = 4, 6
    A = rng.uniform(0.1, 1.0, size=(m, n))
    b, c = rng.uniform(1, 2, size=m), rng.uniform(1, 2, size=n)
    primal = linprog(c, A_ub=-A, b_ub=-b, bounds=[(0, None)] * n, method="highs")
    dual = linprog(-b, A_ub=A.T, b_ub=c, bounds=[(0, None)] * m, method="highs")
    p_star, d_star = primal.fun, -dual.fun
    r.figure("LP p*", p_star)
    r.figure("LP d*", d_star)
    r.check_close("LP strong duality: p* = d*", p_star, d_star, rtol=1e-9)
    x, y = primal.x, dual.x
    r.check_close(
        "LP complementary slackness y_i (Ax-b)_i = 0", y * (A @ x - b), np.zeros(m), atol=1e-9
    )
    # weak duality on random feasible pairs: b'y <= c'x
    xs = rng.uniform(0, 5, size=(2000, n))
    xs = xs[np.all(xs @ A.T >= b, axis=1)]
    ys = rng.uniform(0, 1, size=(2000, m))
    ys = ys[np.all(ys @ A <= c, axis=1)]
    r.check(
        "weak duality: every feasible dual value <= every feasible primal value",
        (ys @ b).max() <= (xs @ c).min() + 1e-12,
        f"{len(xs)} primal, {len(ys)} dual points",
    )

    # QP: min 1/2||x - z||^2 s.t. Gx <= h. Dual function in closed form:
    # L = 1/2||x-z||^2 + lam'(Gx-h) -> x = z - G'lam -> g(lam) = -1/2||G'lam||^2 + lam'(Gz - h)
    k = 5
    G, h = rng.normal(size=(k, 3)), rng.uniform(0.1, 0.5, size=k)
    z = rng.normal(size=3) * 3

    def g(lam):
        return -0.5 * np.sum((G.T @ lam) ** 2) + lam @ (G @ z - h)

    def dg(lam):
        return -G @ (G.T @ lam) + (G @ z - h)

    dres = minimize(
        lambda lm: -g(lm),
        np.zeros(k),
        jac=lambda lm: -dg(lm),
        method="L-BFGS-B",
        bounds=[(0, None)] * k,
        options={"ftol": 1e-15, "gtol": 1e-12},
    )
    pres = minimize(
        lambda x: 0.5 * np.sum((x - z) ** 2),
        np.zeros(3),
        method="SLSQP",
        constraints=[{"type": "ineq", "fun": lambda x: h - G @ x}],
        options={"ftol": 1e-15},
    )
    r.figure("QP duality gap", pres.fun - g(dres.x))
    r.check_close(
        "QP strong duality (Slater holds): p* = max g(lam)", pres.fun, g(dres.x), rtol=1e-6
    )
    r.check_close(
        "primal solution recovered from the dual: x = z - G'lam*",
        z - G.T @ dres.x,
        pres.x,
        atol=1e-5,
    )
    lams = rng.uniform(0, 2, size=(1000, k))
    r.check(
        "weak duality: g(lam) <= p* for 1000 random lam >= 0",
        max(g(lm) for lm in lams) <= pres.fun + 1e-9,
    )
    return r


if __name__ == "__main__":
    main(run)
