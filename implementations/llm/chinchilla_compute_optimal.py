"""chinchilla-compute-optimal: splitting a compute budget C = 6 N D between parameters and tokens.

Hoffmann et al. (2022), approach 3, fit L(N, D) = E + A / N^alpha + B / D^beta and minimise it
under C = 6 N D. The constants used (E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28) are the
published fit as reproduced in several independent public notes. Checks: the closed-form
optimum N* = G (C/6)^(beta/(alpha+beta)), G = (alpha A / (beta B))^(1/(alpha+beta)), matches a
brute-force grid search, satisfies the Lagrange condition alpha A/N^alpha = beta B/D^beta, and
N*, D* grow as C^a, C^b with a + b = 1.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

E, A, B, ALPHA, BETA = 1.69, 406.4, 410.7, 0.34, 0.28


def loss(N, D):
    return E + A / N**ALPHA + B / D**BETA


def closed_form(C):
    G = (ALPHA * A / (BETA * B)) ** (1 / (ALPHA + BETA))
    N = G * (C / 6) ** (BETA / (ALPHA + BETA))
    return N, C / (6 * N)


def grid_search(C, n=200_001):
    logN = np.linspace(np.log(1e6), np.log(C / 6 / 1e6), n)  # keep D >= 1e6 tokens
    N = np.exp(logN)
    i = np.argmin(loss(N, C / (6 * N)))
    return N[i], C / (6 * N[i])


def run() -> Report:
    r = Report("Chinchilla compute-optimal allocation")
    budgets = [1e19, 1e21, 1e23, 1e25]
    cf = np.array([closed_form(C) for C in budgets])
    gs = np.array([grid_search(C) for C in budgets])
    r.check_close("closed-form N*, D* == grid search over N (4 budgets)", cf, gs, rtol=2e-4)

    N, D = cf[2]
    r.figure("C = 1e23 FLOPs: N*, D*, tokens per parameter", [float(N), float(D), float(D / N)])
    r.check_close(
        "Lagrange condition alpha A/N^alpha == beta B/D^beta at the optimum",
        ALPHA * A / N**ALPHA,
        BETA * B / D**BETA,
        rtol=1e-10,
    )

    # Exponents from a log-log fit across budgets: N* ~ C^a, D* ~ C^b.
    a = np.polyfit(np.log(budgets), np.log(cf[:, 0]), 1)[0]
    b = np.polyfit(np.log(budgets), np.log(cf[:, 1]), 1)[0]
    r.figure("exponents a, b from this fit", [float(a), float(b)])
    r.check_close(
        "a == beta/(alpha+beta) and a + b == 1",
        [a, a + b],
        [BETA / (ALPHA + BETA), 1.0],
        rtol=1e-10,
    )

    # Same compute, different split: the optimum beats 'big model, few tokens'.
    Cg = 6 * 175e9 * 300e9  # a GPT-3-sized run: 175B params, 300B tokens
    Ng, Dg = closed_form(Cg)
    r.figure(
        "C = 6*175e9*300e9: loss at (175B, 300B) vs at the optimum",
        [float(loss(175e9, 300e9)), float(loss(Ng, Dg))],
    )
    r.check(
        "optimal split has lower predicted loss at equal compute", loss(Ng, Dg) < loss(175e9, 300e9)
    )
    return r


if __name__ == "__main__":
    main(run)
