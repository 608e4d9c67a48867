"""kfac: Kronecker-factored approximate curvature for one linear layer.

Follows Martens & Grosse (2015): for a layer s = W a, the per-example weight gradient is
g a' (g = dL/ds), so the Fisher block is E[(a a') kron (g g')], approximated by
E[a a'] kron E[g g'] = A kron G. Checks by exact enumeration over a discrete joint
distribution: the approximation is exact when a and g are independent and not when they
are correlated; and (A kron G)^{-1} vec(V) = vec(G^{-1} V A^{-1}), so only the small
factors are ever inverted (compared with np.linalg.solve on the full matrix).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def fisher_block(a_vals, g_vals, joint):
    """Exact E[vec(g a') vec(g a')'] over a discrete joint distribution of (a, g)."""
    d = len(a_vals[0]) * len(g_vals[0])
    F = np.zeros((d, d))
    for i, a in enumerate(a_vals):
        for j, g in enumerate(g_vals):
            v = np.kron(a, g)  # vec(g a') in column-major order
            F += joint[i, j] * np.outer(v, v)
    return F


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("K-FAC")
    d_in, d_out = 4, 3
    a_vals = rng.normal(size=(5, d_in))  # 5 possible input activations
    g_vals = rng.normal(size=(6, d_out))  # 6 possible back-propagated gradients
    pa, pg = rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(6))

    A = np.einsum("i,ij,ik->jk", pa, a_vals, a_vals)  # E[a a']
    G = np.einsum("i,ij,ik->jk", pg, g_vals, g_vals)  # E[g g']
    F_ind = fisher_block(a_vals, g_vals, np.outer(pa, pg))
    r.check_close(
        "independent a and g: exact Fisher block = A kron G",
        F_ind,
        np.kron(A, G),
        rtol=1e-10,
        atol=1e-13,
    )

    # correlated: same marginals are not enough - build a joint that couples a and g
    joint = np.outer(pa, pg) + 0.5 * np.minimum.outer(pa, pg) * np.outer(
        np.sign(rng.normal(size=5)), np.sign(rng.normal(size=6))
    )
    joint = np.clip(joint, 0, None)
    joint /= joint.sum()
    A_c = np.einsum("i,ij,ik->jk", joint.sum(1), a_vals, a_vals)
    G_c = np.einsum("j,jk,jl->kl", joint.sum(0), g_vals, g_vals)
    F_cor = fisher_block(a_vals, g_vals, joint)
    err = np.linalg.norm(F_cor - np.kron(A_c, G_c)) / np.linalg.norm(F_cor)
    r.figure("relative error of A kron G when a and g are correlated", err)
    r.check(
        "correlated a and g: Kronecker product is only an approximation (error > 1%)", err > 0.01
    )

    # update: (A kron G)^{-1} vec(V) = vec(G^{-1} V A^{-1}); only the small factors are inverted
    lam = 1e-3  # small damping keeps the factors invertible
    Ad, Gd = A + lam * np.eye(d_in), G + lam * np.eye(d_out)
    V = rng.normal(size=(d_out, d_in))  # a weight-gradient matrix
    step_small = np.linalg.solve(Gd, V) @ np.linalg.inv(Ad)
    step_full = np.linalg.solve(np.kron(Ad, Gd), V.flatten(order="F"))
    r.check_close(
        "G^{-1} V A^{-1} = (A kron G)^{-1} vec(V)",
        step_small.flatten(order="F"),
        step_full,
        rtol=1e-8,
    )
    r.check_close(
        "inverse of a Kronecker product = Kronecker product of inverses",
        np.linalg.inv(np.kron(Ad, Gd)),
        np.kron(np.linalg.inv(Ad), np.linalg.inv(Gd)),
        rtol=1e-8,
        atol=1e-10,
    )
    n_in, n_out = 1024, 1024
    r.figure(
        "entries to invert for a 1024x1024 layer: full block vs K-FAC factors",
        f"{(n_in * n_out) ** 2:.2e} vs {n_in**2 + n_out**2:.2e}",
    )
    return r


if __name__ == "__main__":
    main(run)
