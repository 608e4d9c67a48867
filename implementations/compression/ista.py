"""ista: iterative shrinkage-thresholding, a gradient step followed by soft thresholding.

Follows Daubechies, Defrise & De Mol (2004): w <- soft(w + (1/L) X^T (y - X w), lam / L),
with L = ||X||_2^2, for min 1/2 ||y - Xw||^2 + lam ||w||_1; FISTA adds momentum. Checks:
the ISTA objective never increases; after convergence the KKT conditions hold; ISTA obeys
the O(1/k) bound F(w_k) - F* <= L ||w_0 - w*||^2 / (2k); FISTA reaches a 1e-6 gap in fewer
iterations; and from m = 60 Gaussian measurements of a 6-sparse x in R^200, the lasso
support contains the true one and a least-squares refit on it recovers x to 1e-8.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def soft(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def F(X, y, w, lam):
    return 0.5 * np.sum((y - X @ w) ** 2) + lam * np.abs(w).sum()


def ista(X, y, lam, iters, fista=False):
    L = np.linalg.norm(X, 2) ** 2  # Lipschitz constant of the gradient
    w = np.zeros(X.shape[1])
    z, t, hist = w.copy(), 1.0, []
    for _ in range(iters):
        w_new = soft(z + X.T @ (y - X @ z) / L, lam / L)
        if fista:  # Beck & Teboulle momentum
            t_new = (1 + np.sqrt(1 + 4 * t * t)) / 2
            z = w_new + (t - 1) / t_new * (w_new - w)
            t = t_new
        else:
            z = w_new
        w = w_new
        hist.append(F(X, y, w, lam))
    return w, np.array(hist), L


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("ISTA / FISTA")
    m, n, k = 60, 200, 6
    X = rng.normal(size=(m, n)) / np.sqrt(m)
    x = np.zeros(n)
    S = rng.choice(n, k, replace=False)
    x[S] = rng.choice([-1, 1], k) * rng.uniform(1, 2, k)
    y = X @ x
    lam = 0.01

    w_star, h_star, L = ista(X, y, lam, 1500, fista=True)  # reference optimum (FISTA)
    F_star = h_star[-1]
    w, h, _ = ista(X, y, lam, 1200)
    r.check("ISTA objective never increases", float(np.max(np.diff(h))) <= 1e-12)
    g = X.T @ (y - X @ w_star)
    on = w_star != 0
    r.check_close("KKT on the support", g[on], lam * np.sign(w_star[on]), atol=1e-8)
    r.check("KKT off the support: |X_j^T r| <= lam", bool(np.all(np.abs(g[~on]) <= lam + 1e-8)))
    ks = np.array([10, 100, 1000, 1200])
    bound = L * np.sum(w_star**2) / (2 * ks)  # w_0 = 0
    r.figure(
        "ISTA gap F(w_k) - F* at k = 10, 100, 1000, 1200",
        [float(f"{v:.3g}") for v in h[ks - 1] - F_star],
    )
    r.check("ISTA gap <= L ||w0 - w*||^2 / (2k)", bool(np.all(h[ks - 1] - F_star <= bound + 1e-12)))
    it_i = int(np.argmax(h - F_star < 1e-6)) if np.any(h - F_star < 1e-6) else len(h)
    it_f = int(np.argmax(h_star - F_star < 1e-6))
    r.figure("iterations to a 1e-6 gap: ISTA, FISTA", (it_i, it_f))
    r.check("FISTA reaches a 1e-6 gap in fewer iterations than ISTA", it_f < it_i)

    found = set(np.flatnonzero(np.abs(w_star) > 1e-6))
    extra = sorted(found - set(S.tolist()))
    r.figure(
        "lasso support size (true k = 6) and largest false-positive |w|",
        (len(found), float(np.max(np.abs(w_star[extra]))) if extra else 0.0),
    )
    r.check(
        "the lasso support contains the true support; extras are < 1% of min |x_S|",
        set(S.tolist()) <= found
        and (not extra or np.max(np.abs(w_star[extra])) < 0.01 * np.min(np.abs(x[S]))),
    )
    refit = np.zeros(n)
    idx = sorted(found)
    refit[idx] = np.linalg.lstsq(X[:, idx], y, rcond=None)[0]
    r.check(
        "least-squares refit on the support recovers x",
        np.linalg.norm(refit - x) < 1e-8,
        f"error {np.linalg.norm(refit - x):.1e}",
    )
    return r


if __name__ == "__main__":
    main(run)
