"""sparse-coding: explain an input with few active dictionary elements (Olshausen & Field 1996).

Follows Olshausen & Field (1996): minimise reconstruction error plus a sparseness penalty, here
the L1 choice 0.5 ||x - D a||^2 + lam ||a||_1, over the code a (inference), and adapt D to reduce
the same cost (learning). Inference here uses ISTA
(gradient step + soft threshold). Checks: ISTA's cost never increases; the result satisfies the
lasso optimality (KKT) conditions; the largest coefficients sit on the planted support of a
4-sparse code in an overcomplete dictionary; a dictionary gradient step lowers the cost.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def soft(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def ista(x, D, lam, n_iter=1000):
    L = np.linalg.norm(D, 2) ** 2  # Lipschitz constant of the smooth part
    a = np.zeros(D.shape[1])
    costs = []
    for _ in range(n_iter):
        a = soft(a + D.T @ (x - D @ a) / L, lam / L)
        costs.append(0.5 * np.sum((x - D @ a) ** 2) + lam * np.abs(a).sum())
    return a, np.array(costs)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Sparse coding (ISTA inference)")
    m, K, k = 32, 64, 4  # 32-pixel patches, 2x overcomplete dictionary
    D = rng.normal(size=(m, K))
    D /= np.linalg.norm(D, axis=0)
    support = rng.choice(K, size=k, replace=False)
    a_true = np.zeros(K)
    a_true[support] = rng.choice([-1, 1], size=k) * rng.uniform(1.0, 2.0, size=k)
    x = D @ a_true + 0.01 * rng.normal(size=m)

    lam = 0.1
    a, costs = ista(x, D, lam)
    r.figure("final cost", costs[-1])
    r.check("ISTA cost is non-increasing", np.all(np.diff(costs) <= 1e-12))

    # Lasso optimality: g = D^T (x - D a) equals lam*sign(a) on the support and |g| <= lam off it.
    g = D.T @ (x - D @ a)
    on = a != 0
    kkt_on = np.max(np.abs(g[on] - lam * np.sign(a[on])))
    kkt_off = np.max(np.abs(g[~on])) if (~on).any() else 0.0
    r.check(
        "KKT conditions hold (|g - lam sign a| < 1e-6 on support, |g| <= lam off it)",
        kkt_on < 1e-6 and kkt_off <= lam + 1e-9,
        f"on {kkt_on:.1e}, off max {kkt_off:.4f}",
    )

    top = set(np.argsort(-np.abs(a))[:k].tolist())
    others = np.delete(np.abs(a), support)
    r.figure("active units", int(np.sum(np.abs(a) > 1e-9)))
    r.check(
        "the 4 largest coefficients sit on the planted support; others < 5% of the smallest planted",
        top == set(support.tolist()) and others.max() < 0.05 * np.abs(a_true[support]).min(),
        f"top {sorted(top)}, planted {sorted(support.tolist())}, largest other {others.max():.3f}",
    )
    r.figure("max |a - a_true| (l1 shrinks by about lam)", np.abs(a - a_true).max())

    # Learning (one Olshausen-Field step): with codes fixed, move D down the reconstruction
    # gradient -(x - D a) a^T over a batch, then renormalise columns.
    X = D @ np.where(rng.random((K, 20)) < 0.06, rng.normal(size=(K, 20)), 0.0)
    D0 = D + 0.3 * rng.normal(size=D.shape) / np.sqrt(m)
    D0 /= np.linalg.norm(D0, axis=0)
    A = np.stack([ista(X[:, j], D0, lam, 200)[0] for j in range(X.shape[1])], axis=1)
    cost = lambda Dm: 0.5 * np.sum((X - Dm @ A) ** 2) + lam * np.abs(A).sum()
    D1 = D0 + 0.02 * (X - D0 @ A) @ A.T
    D1 /= np.linalg.norm(D1, axis=0)
    r.figure("batch cost before / after one dictionary step", f"{cost(D0):.3f} / {cost(D1):.3f}")
    r.check("a dictionary gradient step lowers the cost", cost(D1) < cost(D0))
    return r


if __name__ == "__main__":
    main(run)
