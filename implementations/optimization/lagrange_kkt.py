"""lagrange-kkt: Lagrange multipliers and the KKT conditions of a small convex QP.

Follows Boyd & Vandenberghe ch. 5 (KKT conditions) and Nocedal & Wright ch. 12.
The KKT point is found by brute-force enumeration of active sets and compared with
scipy.optimize.minimize (SLSQP); the equality-only case is compared with the closed form.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from scipy.optimize import minimize

from implementations._common import Report, main


def kkt_by_active_sets(Q, c, G, h):
    """min 1/2 x'Qx + c'x  s.t. Gx <= h, by trying every active set (fine for tiny m)."""
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


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Lagrange multipliers and KKT conditions")
    n, m = 3, 5
    M = rng.normal(size=(n, n))
    Q, c = M @ M.T + np.eye(n), rng.normal(size=n) * 3
    G, h = rng.normal(size=(m, n)), rng.uniform(0.1, 1.0, size=m)

    x, lam = kkt_by_active_sets(Q, c, G, h)
    r.figure("active constraints", int(np.sum(lam > 1e-9)))
    r.figure("multipliers", lam.round(4).tolist())
    stat = Q @ x + c + G.T @ lam
    r.check_close("stationarity: grad f + sum lam_i grad g_i = 0", stat, np.zeros(n), atol=1e-10)
    r.check("primal feasibility Gx <= h", np.all(G @ x <= h + 1e-10))
    r.check("dual feasibility lam >= 0", np.all(lam >= -1e-12))
    r.check_close(
        "complementary slackness lam_i (g_i(x)) = 0", lam * (G @ x - h), np.zeros(m), atol=1e-10
    )
    res = minimize(
        lambda z: 0.5 * z @ Q @ z + c @ z,
        np.zeros(n),
        jac=lambda z: Q @ z + c,
        constraints=[{"type": "ineq", "fun": lambda z: h - G @ z, "jac": lambda z: -G}],
        method="SLSQP",
        options={"ftol": 1e-14, "maxiter": 500},
    )
    r.check_close("KKT point equals scipy SLSQP solution", x, res.x, atol=1e-6)

    # equality constraints only: the Lagrange system [[Q, A'], [A, 0]] [x; nu] = [-c; b]
    A, bq = rng.normal(size=(1, n)), np.array([0.5])
    sol = np.linalg.solve(np.block([[Q, A.T], [A, np.zeros((1, 1))]]), np.concatenate([-c, bq]))
    xe, nu = sol[:n], sol[n:]
    rese = minimize(
        lambda z: 0.5 * z @ Q @ z + c @ z,
        np.zeros(n),
        method="SLSQP",
        constraints=[{"type": "eq", "fun": lambda z: A @ z - bq}],
        options={"ftol": 1e-14},
    )
    r.check_close("Lagrange closed form equals SLSQP (equality constraint)", xe, rese.x, atol=1e-6)
    # multiplier = sensitivity: d p*/d b = -nu (perturb the right-hand side)
    eps = 1e-6

    def pstar(bb):
        return (lambda s: 0.5 * s[:n] @ Q @ s[:n] + c @ s[:n])(
            np.linalg.solve(np.block([[Q, A.T], [A, np.zeros((1, 1))]]), np.concatenate([-c, bb]))
        )

    dp = (pstar(bq + eps) - pstar(bq - eps)) / (2 * eps)
    r.check_close("multiplier is the sensitivity d p*/d b = -nu", dp, -nu[0], rtol=1e-6)
    return r


if __name__ == "__main__":
    main(run)
