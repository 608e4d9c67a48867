"""proximal-gradient: gradient step on the smooth part, prox step on the non-smooth part.

Follows Liu, Hu, Li & Wen (2021) ch. 8 (composite optimisation) and Murphy PML1 ch. 8.
For the lasso 1/2||Xw - y||^2 + lam ||w||_1 the prox is soft-thresholding (ISTA). Checks:
soft-threshold equals the 1-D prox found by grid search and is exactly zero on [-t, t];
ISTA's first step equals a hand computation; its objective never increases with step 1/L;
the solution satisfies the lasso subgradient optimality conditions and matches an
independent cyclic coordinate-descent solver.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["soft", "ista"]

DOC_ZH = {
    "soft": """软阈值：t|x| 的近端算子 prox(v) = argmin_x 1/2 (x - v)^2 + t|x| = sign(v) max(|v| - t, 0)。

输入：v，数或数组（逐元素）；t，阈值（>= 0）。
输出：与 v 同形状的数组；|v| <= t 的元素恰好为 0。

>>> soft(np.array([-3.0, 0.5, 2.0]), 1.0).tolist()
[-2.0, 0.0, 1.0]
""",
    "ista": """ISTA（近端梯度法）求解 lasso：min 1/2 ||Xw - y||^2 + lam ||w||_1，从 w = 0 出发。

输入：X，(N, d) 矩阵；y，长度 N；lam，L1 系数；steps，步数。
步长 1/L，L = ||X||_2^2（最大奇异值的平方）；每步先对光滑部分做梯度步，再做软阈值：
w <- soft(w - X'(Xw - y)/L, lam/L)。
输出：形状 (steps+1, d) 的迭代点数组，第 0 行为零向量。

>>> np.round(ista(np.eye(2), np.array([3.0, 0.5]), 1.0, 1), 6).tolist()
[[0.0, 0.0], [2.0, 0.0]]
""",
}

HINTS = {
    "en": (
        "Split the objective: take a plain gradient step on the smooth least-squares part, then "
        "solve the small problem that the |.| term adds, which has a closed form.",
        "soft(v, t) = sign(v) * max(|v| - t, 0). ISTA with L = ||X||_2^2: "
        "w = soft(w - X'(Xw - y) / L, lam / L).",
    ),
    "zh": (
        "把目标拆开：先对光滑的最小二乘部分做普通梯度步，再解 |.| 项带来的小问题，它有闭式解。",
        "soft(v, t) = sign(v) * max(|v| - t, 0)。ISTA 取 L = ||X||_2^2：w = soft(w - X'(Xw - y) / L, lam / L)。",
    ),
}


def soft(v, t):
    """Soft-thresholding, the prox of t|x|: argmin_x 1/2 (x - v)^2 + t|x| = sign(v) max(|v| - t, 0).

    Input: v, a number or an array (elementwise); t >= 0, the threshold.
    Output: an array shaped like v, exactly 0 where |v| <= t.

    >>> soft(np.array([-3.0, 0.5, 2.0]), 1.0).tolist()
    [-2.0, 0.0, 1.0]
    """
    return np.sign(v) * np.maximum(np.abs(v) - t, 0.0)  # prox of t*|.|


def ista(X, y, lam, steps):
    """ISTA (proximal gradient) for the lasso min 1/2 ||Xw - y||^2 + lam ||w||_1 from w = 0.

    Input: X (N, d); y (N,); lam, the L1 weight; steps. The step is 1/L with
    L = ||X||_2^2 (the squared largest singular value); each step is a gradient step on the
    smooth part then soft-thresholding: w <- soft(w - X'(Xw - y)/L, lam/L).
    Output: the iterates, an array (steps+1, d) whose row 0 is zero.

    >>> np.round(ista(np.eye(2), np.array([3.0, 0.5]), 1.0, 1), 6).tolist()
    [[0.0, 0.0], [2.0, 0.0]]
    """
    L = np.linalg.norm(X, 2) ** 2  # Lipschitz constant of the smooth gradient
    w = np.zeros(X.shape[1])
    ws = [w]
    for _ in range(steps):
        v = w - X.T @ (X @ w - y) / L  # gradient step
        w = np.sign(v) * np.maximum(np.abs(v) - lam / L, 0.0)  # then the prox
        ws.append(w)
    return np.array(ws)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Proximal gradient (ISTA) for the lasso")

    vs, t = rng.normal(size=12) * 2, 0.7
    # brute force: evaluate 1/2 (x - v)^2 + t|x| on a grid of step 1e-4 and take the argmin
    grid = np.linspace(-8, 8, 160_001)
    brute = [grid[np.argmin(0.5 * (grid - v) ** 2 + t * np.abs(grid))] for v in vs]
    with r.case("soft threshold = argmin_x 1/2 (x - v)^2 + t|x| (grid search)") as c:
        c.close(f.soft(vs, t), brute, atol=1e-4)
    with r.case("soft threshold is exactly 0 on [-t, t] and shifts by t outside") as c:
        c.equal(f.soft(np.array([-0.7, -0.3, 0.0, 0.7]), 0.7), np.zeros(4))
        c.close(f.soft(np.array([-2.5, 1.7]), 0.7), [-1.8, 1.0], rtol=1e-12)

    N, d, lam = 50, 20, 3.0
    X = rng.normal(size=(N, d))
    w_true = np.zeros(d)
    w_true[:4] = [3.0, -2.0, 1.5, 4.0]
    y = X @ w_true + 0.5 * rng.normal(size=N)

    def F(w):
        return 0.5 * np.sum((X @ w - y) ** 2) + lam * np.abs(w).sum()

    L = np.linalg.svd(X, compute_uv=False)[0] ** 2
    with r.case("first ISTA step by hand: w_1 = soft(X'y / L, lam / L)") as c:
        ws = f.ista(X, y, lam, 1)
        v = X.T @ y / L
        c.close(ws[0], np.zeros(d))
        c.close(ws[1], np.sign(v) * np.clip(np.abs(v) - lam / L, 0, None), rtol=1e-12, atol=1e-15)
    with r.case("objective never increases (step 1/L)") as c:
        objs = [F(w) for w in f.ista(X, y, lam, 2000)]
        c.true(np.all(np.diff(objs) <= 1e-10) and objs[-1] < 0.5 * objs[0])

    # optimality: X'(y - Xw) = lam sign(w) on the support, |X'(y - Xw)| <= lam off it
    with r.case("on the support: X'(y - Xw) = lam sign(w)") as c:
        w = f.ista(X, y, lam, 2000)[-1]
        r.figure("nonzeros in the lasso solution", int(np.sum(w != 0)))
        on = w != 0
        c.true(4 <= on.sum() < d, f"{on.sum()} nonzeros")
        c.close((X.T @ (y - X @ w))[on], lam * np.sign(w[on]), atol=1e-6)
    with r.case("off the support: |X'(y - Xw)| <= lam") as c:
        w = f.ista(X, y, lam, 2000)[-1]
        c.true(np.all(np.abs(X.T @ (y - X @ w))[w == 0] <= lam + 1e-6))

    # independent solver: cyclic coordinate descent, each coordinate minimised exactly
    wc, col2 = np.zeros(d), np.sum(X**2, axis=0)
    for _ in range(300):
        for j in range(d):
            rho = X[:, j] @ (y - X @ wc + X[:, j] * wc[j])  # correlation with the partial residual
            wc[j] = np.sign(rho) * max(abs(rho) - lam, 0.0) / col2[j]
    with r.case("same optimal value as coordinate descent") as c:
        c.close(F(f.ista(X, y, lam, 2000)[-1]), F(wc), rtol=1e-9)
    with r.case("same minimiser") as c:
        c.close(f.ista(X, y, lam, 2000)[-1], wc, atol=1e-6)
    return r


if __name__ == "__main__":
    main(run)
