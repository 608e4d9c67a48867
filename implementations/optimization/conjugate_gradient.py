"""conjugate-gradient: linear CG for symmetric positive definite systems.

Follows Nocedal & Wright ch. 5 (linear CG: conjugacy, finite termination, rate bound).
Checks against np.linalg.solve, the A-conjugacy invariant, finite termination in (number
of distinct eigenvalues) steps, and the 2((sqrt(kappa)-1)/(sqrt(kappa)+1))^k error bound.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def cg(A, b, steps):
    x = np.zeros_like(b)
    res = b - A @ x
    p = res.copy()
    xs, ps = [x.copy()], []
    for _ in range(steps):
        Ap = A @ p
        a = (res @ res) / (p @ Ap)  # exact minimiser along p
        x = x + a * p
        new = res - a * Ap
        beta = (new @ new) / (res @ res)  # keeps the next direction A-conjugate
        ps.append(p)
        p, res = new + beta * p, new
        xs.append(x.copy())
        if np.linalg.norm(res) < 1e-14 * np.linalg.norm(b):
            break
    return np.array(xs), np.array(ps)


def spd(rng, eigs):
    U = np.linalg.qr(rng.normal(size=(len(eigs), len(eigs))))[0]
    return U @ np.diag(eigs) @ U.T


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Conjugate gradient")
    n = 30
    A = spd(rng, np.linspace(1, 20, n))
    b = rng.normal(size=n)
    xs, ps = cg(A, b, n)
    x_star = np.linalg.solve(A, b)
    r.figure("CG steps used (n = 30)", len(xs) - 1)
    r.check_close(
        "CG solution equals np.linalg.solve within n steps", xs[-1], x_star, rtol=1e-9, atol=1e-12
    )
    res = np.linalg.norm(xs @ A.T - b, axis=1)
    r.figure("residual norms at steps 0, 10, 20, 30", [float(f"{v:.3g}") for v in res[::10]])

    # search directions are mutually A-conjugate: p_i' A p_j = 0 for i != j
    P = ps[:10]
    C = P @ A @ P.T
    off = np.abs(C - np.diag(np.diag(C))).max() / np.abs(np.diag(C)).min()
    r.check(
        "first 10 directions are A-conjugate (relative off-diagonal < 1e-8)",
        off < 1e-8,
        f"{off:.2g}",
    )

    # finite termination: with only 4 distinct eigenvalues CG converges in 4 steps
    A4 = spd(rng, np.repeat([1.0, 3.0, 7.0, 12.0], 10))
    b4 = rng.normal(size=40)
    xs4, _ = cg(A4, b4, 40)
    r.figure("steps needed with 4 distinct eigenvalues", len(xs4) - 1)
    r.check_close(
        "x_4 already solves the 40 x 40 system",
        xs4[4],
        np.linalg.solve(A4, b4),
        rtol=1e-9,
        atol=1e-12,
    )

    # rate bound: ||e_k||_A <= 2 ((sqrt k - 1)/(sqrt k + 1))^k ||e_0||_A
    kappa = 20.0
    eA = np.sqrt(np.einsum("ij,jk,ik->i", xs - x_star, A, xs - x_star))
    q = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    k = np.arange(len(eA))
    r.check(
        "A-norm error obeys 2 q^k bound with q = (sqrt(kappa)-1)/(sqrt(kappa)+1)",
        np.all(eA <= 2 * q**k * eA[0] * (1 + 1e-9) + 1e-12),
    )
    return r


if __name__ == "__main__":
    main(run)
