"""ista: iterative shrinkage-thresholding, a gradient step followed by soft thresholding.

Follows Daubechies, Defrise & De Mol (2004): w <- soft(w + (1/L) X^T (y - X w), lam / L),
with L = ||X||_2^2, for min 1/2 ||y - Xw||^2 + lam ||w||_1; FISTA adds momentum. Checks:
the ISTA objective never increases; after convergence the KKT conditions hold; ISTA obeys
the O(1/k) bound F(w_k) - F* <= L ||w_0 - w*||^2 / (2k); FISTA reaches a 1e-6 gap in fewer
iterations; and from m = 60 Gaussian measurements of a 6-sparse x in R^200, the lasso
support contains the true one and a least-squares refit on it recovers x to 1e-8. Soft
thresholding is compared with its piecewise definition; L with the largest singular value
from numpy.linalg.svd; the recorded objectives with an independent evaluation; the first
ISTA and FISTA steps with the update written out by hand.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["soft", "ista"]

DOC_ZH = {
    "soft": """软阈值 soft(z, t) = sign(z)·max(|z| - t, 0)，逐元素作用。

输入：z，数组或标量；t >= 0，阈值。
输出：与 z 同形状。

>>> soft(np.array([3.0, -0.5, -2.0]), 1.0).tolist()
[2.0, -0.0, -1.0]
""",
    "ista": """ISTA（或 FISTA）求解 min 1/2 ||y - Xw||^2 + lam ||w||_1。

从 w = 0 开始，L = ||X||_2^2（最大奇异值的平方）；每步 w_new = soft(z + X^T (y - X z) / L, lam / L)。
ISTA：z = w_new。FISTA（Beck & Teboulle）：t_new = (1 + sqrt(1 + 4 t^2)) / 2，
z = w_new + (t - 1) / t_new·(w_new - w)，t 从 1 开始。
输入：X (m, n)；y (m,)；lam；iters；fista，是否加动量。
输出：(w，hist，每步之后目标函数值的数组，L)。

>>> w, h, L = ista(np.eye(2), np.array([3.0, 0.5]), 1.0, 1)
>>> w.tolist(), h.tolist(), float(L)
([2.0, 0.0], [2.625], 1.0)
""",
}

HINTS = {
    "en": (
        "One step = a gradient step on the smooth part with step 1/L, then the proximal map "
        "of the l1 term, which shrinks every coordinate towards 0.",
        "soft(z, t) = sign(z) max(|z| - t, 0); L = ||X||_2^2 is the Lipschitz constant of the "
        "gradient X^T (Xw - y). FISTA evaluates the gradient at an extrapolated point z with "
        "the momentum weight (t - 1) / t_new.",
    ),
    "zh": (
        "一步 = 对光滑部分以步长 1/L 做梯度步，再做 l1 项的近端映射，它把每个坐标向 0 收缩。",
        "soft(z, t) = sign(z) max(|z| - t, 0)；L = ||X||_2^2 是梯度 X^T (Xw - y) 的 Lipschitz 常数。"
        "FISTA 在外推点 z 处求梯度，动量权重为 (t - 1) / t_new。",
    ),
}


def soft(z, t):
    """Soft thresholding soft(z, t) = sign(z) max(|z| - t, 0), elementwise.

    Input: z, an array or scalar; t >= 0. Output: z's shape.

    >>> soft(np.array([3.0, -0.5, -2.0]), 1.0).tolist()
    [2.0, -0.0, -1.0]
    """
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def F(X, y, w, lam):
    return 0.5 * np.sum((y - X @ w) ** 2) + lam * np.abs(w).sum()


def ista(X, y, lam, iters, fista=False):
    """ISTA (or FISTA) for min 1/2 ||y - Xw||^2 + lam ||w||_1.

    Start from w = 0 with L = ||X||_2^2 (the largest singular value squared); each step is
    w_new = soft(z + X^T (y - X z) / L, lam / L). ISTA: z = w_new. FISTA (Beck & Teboulle):
    t_new = (1 + sqrt(1 + 4 t^2)) / 2, z = w_new + (t - 1) / t_new (w_new - w), t starting
    at 1. Input: X (m, n); y (m,); lam; iters; fista, whether to add momentum.
    Output: (w; hist, the objective after each step, an array; L).

    >>> w, h, L = ista(np.eye(2), np.array([3.0, 0.5]), 1.0, 1)
    >>> w.tolist(), h.tolist(), float(L)
    ([2.0, 0.0], [2.625], 1.0)
    """
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


def _F(X, y, w, lam):
    """Independent objective: written with explicit residual and l1 terms."""
    res = y - np.einsum("ij,j->i", X, w)
    return float(res @ res / 2 + lam * sum(abs(v) for v in w))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("ISTA / FISTA")
    with r.case("soft thresholding matches its piecewise definition") as c:
        z = np.array([-3.0, -1.0, -0.4, 0.0, 0.2, 1.0, 2.5])
        for t in (0.0, 0.5, 1.0):
            ref = [v - t if v > t else (v + t if v < -t else 0.0) for v in z]
            c.close(f.soft(z, t), ref, atol=1e-15)
    m, n, k = 60, 200, 6
    X = rng.normal(size=(m, n)) / np.sqrt(m)
    x = np.zeros(n)
    S = rng.choice(n, k, replace=False)
    x[S] = rng.choice([-1, 1], k) * rng.uniform(1, 2, k)
    y = X @ x
    lam = 0.01

    with r.case("first steps equal the update written out by hand") as c:
        Xs, ys = rng.normal(size=(8, 5)), rng.normal(size=8)
        Ls = np.linalg.svd(Xs, compute_uv=False)[0] ** 2
        sh = lambda v, t: np.array([np.sign(a) * max(abs(a) - t, 0) for a in v])
        w1 = sh(Xs.T @ ys / Ls, 0.3 / Ls)  # from w = z = 0
        w2 = sh(w1 + Xs.T @ (ys - Xs @ w1) / Ls, 0.3 / Ls)
        t2 = (1 + np.sqrt(5)) / 2  # FISTA: t_1 = 1, so the first momentum weight is 0
        w2f = w2
        z3 = w2f + (t2 - 1) / ((1 + np.sqrt(1 + 4 * t2 * t2)) / 2) * (w2f - w1)
        w3f = sh(z3 + Xs.T @ (ys - Xs @ z3) / Ls, 0.3 / Ls)
        wi, hi, Li = f.ista(Xs, ys, 0.3, 2)
        c.close(Li, Ls, rtol=1e-9)
        c.close(wi, w2, rtol=1e-9, atol=1e-12)
        c.close(hi, [_F(Xs, ys, w1, 0.3), _F(Xs, ys, w2, 0.3)], rtol=1e-9)
        wf, hf, _ = f.ista(Xs, ys, 0.3, 3, fista=True)
        c.close(wf, w3f, rtol=1e-9, atol=1e-12)

    w_star, h_star, L = np.zeros(n), np.zeros(1500), 1.0
    w, h = np.zeros(n), np.zeros(1200)
    with r.case("ISTA objective never increases") as c:
        w_star, h_star, L = f.ista(X, y, lam, 1500, fista=True)  # reference optimum (FISTA)
        w, h, _ = f.ista(X, y, lam, 1200)
        h, h_star = np.asarray(h), np.asarray(h_star)
        c.equal(len(h), 1200)
        c.close([h[-1], h_star[-1]], [_F(X, y, w, lam), _F(X, y, w_star, lam)], rtol=1e-9)
        c.true(float(np.max(np.diff(h))) <= 1e-12)
    F_star = h_star[-1]
    g = X.T @ (y - X @ w_star)
    on = w_star != 0
    with r.case("KKT on the support") as c:
        c.true(on.sum() >= k, "support at least as large as the true one")
        c.close(g[on], lam * np.sign(w_star[on]), atol=1e-8)
    with r.case("KKT off the support: |X_j^T r| <= lam") as c:
        c.true(bool(np.all(np.abs(g[~on]) <= lam + 1e-8)) and on.sum() >= k)
    ks = np.array([10, 100, 1000, 1200])
    bound = L * np.sum(w_star**2) / (2 * ks)  # w_0 = 0
    r.figure(
        "ISTA gap F(w_k) - F* at k = 10, 100, 1000, 1200",
        [float(f"{v:.3g}") for v in h[ks - 1] - F_star],
    )
    with r.case("ISTA gap <= L ||w0 - w*||^2 / (2k)") as c:
        c.close(L, np.linalg.svd(X, compute_uv=False)[0] ** 2, rtol=1e-9)
        c.true(bool(np.all(h[ks - 1] - F_star <= bound + 1e-12)))
    it_i = int(np.argmax(h - F_star < 1e-6)) if np.any(h - F_star < 1e-6) else len(h)
    it_f = int(np.argmax(h_star - F_star < 1e-6))
    r.figure("iterations to a 1e-6 gap: ISTA, FISTA", (it_i, it_f))
    with r.case("FISTA reaches a 1e-6 gap in fewer iterations than ISTA") as c:
        c.true(0 < it_f < it_i)

    found = set(np.flatnonzero(np.abs(w_star) > 1e-6))
    extra = sorted(found - set(S.tolist()))
    r.figure(
        "lasso support size (true k = 6) and largest false-positive |w|",
        (len(found), float(np.max(np.abs(w_star[extra]))) if extra else 0.0),
    )
    with r.case("the lasso support contains the true support; extras are < 1% of min |x_S|") as c:
        c.true(
            set(S.tolist()) <= found
            and (not extra or np.max(np.abs(w_star[extra])) < 0.01 * np.min(np.abs(x[S])))
        )
    with r.case("least-squares refit on the support recovers x") as c:
        refit = np.zeros(n)
        idx = sorted(found)
        refit[idx] = np.linalg.lstsq(X[:, idx], y, rcond=None)[0]
        c.true(np.linalg.norm(refit - x) < 1e-8, f"error {np.linalg.norm(refit - x):.1e}")
    return r


if __name__ == "__main__":
    main(run)
