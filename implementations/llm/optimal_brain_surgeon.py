"""optimal-brain-surgeon: remove a weight and optimally re-adjust the rest using H^-1.

Follows Hassibi & Stork (1992): for a quadratic loss 0.5 dw^T H dw around a minimum, deleting
weight q costs L_q = w_q^2 / (2 [H^-1]_qq) with update dw = -(w_q / [H^-1]_qq) H^-1 e_q. This is
the step reused by OBC/OBQ (Frantar et al. 2022), GPTQ and SparseGPT. Checks: the OBS update vs
solving the constrained problem's KKT system; the saliency vs the exact loss increase; OBD's
diagonal saliency >= OBS's; and on a least-squares layer, greedy OBS pruning lands between the
brute-force best subset (all C(10,5) masks) and plain magnitude pruning.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from implementations._common import Report, main


def obs_step(w, Hinv, q):
    dw = -(w[q] / Hinv[q, q]) * Hinv[:, q]
    return w + dw, w[q] ** 2 / (2 * Hinv[q, q])


def run() -> Report:
    rng = np.random.default_rng(0)
    R = Report("Optimal Brain Surgeon")
    d, n = 10, 200
    X = rng.normal(size=(n, d)) @ (np.eye(d) + 0.6 * rng.normal(size=(d, d)))  # correlated inputs
    y = X @ rng.normal(size=d) + 0.1 * rng.normal(size=n)
    H = X.T @ X  # Hessian of 0.5 ||X w - y||^2
    w_star = np.linalg.solve(H, X.T @ y)  # trained weights (the minimum)
    loss = lambda w: 0.5 * float(np.sum((X @ w - y) ** 2))
    Hinv = np.linalg.inv(H)

    # 1. OBS update = minimiser of 0.5 dw^T H dw subject to e_q^T (w + dw) = 0 (KKT system).
    q = 3
    w_obs, sal = obs_step(w_star, Hinv, q)
    K = np.block([[H, np.eye(d)[:, [q]]], [np.eye(d)[[q]], np.zeros((1, 1))]])
    sol = np.linalg.solve(K, np.r_[np.zeros(d), -w_star[q]])
    R.check_close(
        "OBS update equals the KKT solution of the constrained quadratic",
        w_obs - w_star,
        sol[:d],
        atol=1e-10,
    )

    # 2. Saliency = exact increase of the (quadratic) training loss.
    R.check_close(
        "saliency w_q^2/(2 [H^-1]_qq) = loss(w_obs) - loss(w*)",
        sal,
        loss(w_obs) - loss(w_star),
        rtol=1e-8,
    )

    # 3. OBD (diagonal Hessian, no compensation) overestimates the cost: w_q^2 H_qq / 2 >= OBS.
    obd = w_star**2 * np.diag(H) / 2
    obs_all = w_star**2 / (2 * np.diag(Hinv))
    R.check("OBD saliency >= OBS saliency for every weight", bool(np.all(obd >= obs_all - 1e-9)))
    w_del = w_star.copy()
    w_del[q] = 0
    R.check_close(
        "OBD saliency = loss increase when deleting without compensation",
        obd[q],
        loss(w_del) - loss(w_star),
        rtol=1e-8,
    )

    # 4. Prune 5 of 10 weights: greedy OBS (least saliency, re-adjust, repeat) vs magnitude vs optimum.
    w, alive = w_star.copy(), list(range(d))
    for _ in range(5):
        Hi = np.linalg.inv(H[np.ix_(alive, alive)])  # Hessian of the still-free weights
        wa = w[alive]
        s = wa**2 / (2 * np.diag(Hi))
        j = int(np.argmin(s))
        wa, _ = obs_step(wa, Hi, j)
        w[alive] = wa
        w[alive[j]] = 0.0
        alive.pop(j)
    l_obs = loss(w)
    keep_mag = np.argsort(-np.abs(w_star))[:5]
    w_mag = np.zeros(d)
    w_mag[keep_mag] = w_star[keep_mag]
    l_mag = loss(w_mag)

    def refit(S):
        wS = np.zeros(d)
        wS[list(S)] = np.linalg.lstsq(X[:, list(S)], y, rcond=None)[0]
        return loss(wS)

    l_best = min(refit(S) for S in combinations(range(d), 5))
    R.figure(
        "loss: unpruned, best subset (brute force), greedy OBS, magnitude (no re-fit)",
        [round(loss(w_star), 3), round(l_best, 3), round(l_obs, 3), round(l_mag, 3)],
    )
    R.check(
        "best subset <= greedy OBS < magnitude pruning", l_best <= l_obs + 1e-9 and l_obs < l_mag
    )
    R.check_close(
        "greedy OBS weights equal a least-squares re-fit on the kept support",
        loss(w),
        refit(tuple(sorted(alive))),
        rtol=1e-8,
    )
    return R


if __name__ == "__main__":
    main(run)
