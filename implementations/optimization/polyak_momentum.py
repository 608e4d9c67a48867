"""polyak-momentum: the heavy-ball method and its sqrt(kappa) rate on quadratics.

Follows d2l-en sec. 12.6 and Polyak (1964). On a quadratic each eigen-direction evolves as a
2x2 linear system; checks compare the spectral radius of the full iteration matrix
(np.linalg.eigvals) with the closed form (sqrt(kappa)-1)/(sqrt(kappa)+1), the observed
decay with that rate, and iteration counts that grow like sqrt(kappa) instead of kappa.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def heavy_ball_iters(lam, lr, beta, eps=1e-8, max_iter=100000):
    """x_{t+1} = x_t - lr * grad + beta (x_t - x_{t-1}), in the eigenbasis (grad = lam * x)."""
    x_prev = x = np.ones_like(lam)
    for t in range(1, max_iter):
        x, x_prev = x - lr * lam * x + beta * (x - x_prev), x
        if np.max(np.abs(x)) < eps and np.max(np.abs(x_prev)) < eps:
            return t
    return max_iter


def run() -> Report:
    r = Report("Polyak heavy-ball momentum")
    mu, L = 1.0, 100.0
    kappa = L / mu
    lam = np.linspace(mu, L, 20)
    lr = 4 / (np.sqrt(L) + np.sqrt(mu)) ** 2  # Polyak's tuned step
    beta = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2  # and momentum

    # iteration matrix on (x_t, x_{t-1}) for all eigen-directions at once
    n = len(lam)
    T = np.block([[np.diag(1 + beta - lr * lam), -beta * np.eye(n)], [np.eye(n), np.zeros((n, n))]])
    rho = np.abs(np.linalg.eigvals(T)).max()
    rate = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    r.figure("spectral radius (heavy ball)", rho)
    r.figure("best GD rate (kappa-1)/(kappa+1)", (kappa - 1) / (kappa + 1))
    r.check_close("spectral radius = (sqrt(kappa)-1)/(sqrt(kappa)+1)", rho, rate, rtol=1e-6)

    # observed decay per step over a long run matches rho (up to the polynomial Jordan factor)
    z = np.concatenate([np.ones(n), np.ones(n)])
    norms = []
    for _ in range(400):
        z = T @ z
        norms.append(np.linalg.norm(z))
    obs = (norms[-1] / norms[-201]) ** (1 / 200)
    r.figure("observed per-step decay", obs)
    r.check_close("observed decay rate matches the spectral radius within 1%", obs, rate, rtol=0.01)

    # iterations to 1e-8: heavy ball ~ sqrt(kappa), tuned GD ~ kappa
    counts_hb, counts_gd = {}, {}
    for k in (100.0, 1600.0):
        lam_k = np.array([1.0, k])
        lr_k = 4 / (np.sqrt(k) + 1) ** 2
        b_k = ((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2
        counts_hb[k] = heavy_ball_iters(lam_k, lr_k, b_k)
        q = (k - 1) / (k + 1)  # GD with eta = 2/(L+mu), closed form
        counts_gd[k] = int(np.ceil(np.log(1e-8) / np.log(q)))
    r.figure("heavy-ball iterations (kappa 100, 1600)", list(counts_hb.values()))
    r.figure("GD iterations (kappa 100, 1600)", list(counts_gd.values()))
    ratio = counts_hb[1600.0] / counts_hb[100.0]
    r.check(
        "heavy-ball count grows ~ sqrt(16) = 4 when kappa grows 16x (3 < ratio < 5)",
        3 < ratio < 5,
        f"{ratio:.2f}",
    )
    r.check_close("GD count grows ~ 16x", counts_gd[1600.0] / counts_gd[100.0], 16.0, rtol=0.02)

    # momentum = exponentially weighted sum of past gradients: v_t = sum beta^k g_{t-k}
    rng = np.random.default_rng(0)
    g = rng.normal(size=(30, 3))
    v = np.zeros(3)
    for gt in g:
        v = beta * v + gt
    direct = sum(beta**k * g[-1 - k] for k in range(30))
    r.check_close(
        "velocity equals the explicit geometric sum of past gradients", v, direct, rtol=1e-12
    )
    return r


if __name__ == "__main__":
    main(run)
