"""basis-pursuit-lasso: l1-penalised least squares, the convex surrogate for sparsity.

Follows Tibshirani (1996) for the lasso, min_w 1/2 ||y - Xw||^2 + lam ||w||_1, and its
noiseless limit, basis pursuit (min ||w||_1 s.t. Xw = y). Solver: cyclic coordinate
descent with soft thresholding. Checks: the solution meets the KKT (subgradient)
conditions X^T(y - Xw) = lam sign(w_j) on the support and |.| <= lam off it; for an
orthonormal design it equals the closed form soft(X^T y, lam); w = 0 exactly when
lam >= ||X^T y||_inf; a brute-force scan over every support and sign pattern of a small
problem finds no better objective; and just below lam_max the path starts with the single
most correlated variable; soft thresholding matches its piecewise definition, and one sweep
of coordinate descent equals the sweep written out by hand. (Basis pursuit itself is solved
in compressed_sensing.)
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["soft", "lasso_cd"]

DOC_ZH = {
    "soft": """软阈值 soft(z, t) = sign(z)·max(|z| - t, 0)，逐元素作用。

输入：z，数组或标量；t >= 0，阈值。
输出：与 z 同形状。

>>> soft(np.array([3.0, -0.5, -2.0]), 1.0).tolist()
[2.0, -0.0, -1.0]
""",
    "lasso_cd": """循环坐标下降求解 lasso：min_w 1/2 ||y - Xw||^2 + lam ||w||_1。

从 w = 0 开始，按 j = 0..d-1 依次更新：w_j = soft(X_j^T r_j, lam) / ||X_j||^2，其中 r_j 是去掉第 j
个坐标贡献后的残差；一轮后若 max |w - w_old| < tol 就停止，最多 iters 轮。
输入：X (n, d)；y (n,)；lam；iters；tol。
输出：w，长度 d 的数组。

>>> lasso_cd(np.eye(3), np.array([2.0, -0.5, -3.0]), 1.0).tolist()
[1.0, -0.0, -2.0]
""",
}

HINTS = {
    "en": (
        "With all other coordinates fixed, the lasso in one coordinate is a 1-D problem with "
        "a closed-form answer.",
        "Keep the residual r = y - Xw up to date: add back X_j w_j, set w_j = soft(X_j^T r, "
        "lam) / ||X_j||^2, subtract X_j w_j again. Sweep the coordinates until no weight "
        "moves by more than tol.",
    ),
    "zh": (
        "其他坐标固定时，lasso 在单个坐标上是一个有闭式解的一维问题。",
        "随时更新残差 r = y - Xw：加回 X_j w_j，令 w_j = soft(X_j^T r, lam) / ||X_j||^2，再减去 X_j w_j。"
        "循环扫描各坐标，直到没有权重的变化超过 tol。",
    ),
}


def soft(z, t):
    """Soft thresholding soft(z, t) = sign(z) max(|z| - t, 0), elementwise.

    Input: z, an array or scalar; t >= 0. Output: z's shape.

    >>> soft(np.array([3.0, -0.5, -2.0]), 1.0).tolist()
    [2.0, -0.0, -1.0]
    """
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def lasso_cd(X, y, lam, iters=2000, tol=1e-12):
    """Cyclic coordinate descent for the lasso, min_w 1/2 ||y - Xw||^2 + lam ||w||_1.

    Start at w = 0 and update j = 0..d-1 in turn: w_j = soft(X_j^T r_j, lam) / ||X_j||^2,
    r_j being the residual without coordinate j's contribution; stop after a sweep in which
    max |w - w_old| < tol, or after iters sweeps.
    Input: X (n, d); y (n,); lam; iters; tol. Output: w, an array of length d.

    >>> lasso_cd(np.eye(3), np.array([2.0, -0.5, -3.0]), 1.0).tolist()
    [1.0, -0.0, -2.0]
    """
    n, d = X.shape
    w = np.zeros(d)
    col2 = (X**2).sum(0)
    res = y.copy()
    for _ in range(iters):
        w_old = w.copy()
        for j in range(d):
            res += X[:, j] * w[j]  # remove coordinate j
            w[j] = soft(X[:, j] @ res, lam) / col2[j]
            res -= X[:, j] * w[j]
        if np.max(np.abs(w - w_old)) < tol:
            break
    return w


def objective(X, y, w, lam):
    return 0.5 * np.sum((y - X @ w) ** 2) + lam * np.abs(w).sum()


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Lasso and basis pursuit")
    with r.case("soft thresholding matches its piecewise definition") as c:
        z = np.array([-3.0, -1.0, -0.4, 0.0, 0.2, 1.0, 2.5])
        for t in (0.0, 0.5, 1.0):
            ref = [v - t if v > t else (v + t if v < -t else 0.0) for v in z]
            c.close(f.soft(z, t), ref, atol=1e-15)
    n, d = 50, 20
    X = rng.normal(size=(n, d))
    w_true = np.zeros(d)
    w_true[[1, 5, 12]] = [2.0, -1.5, 1.0]
    y = X @ w_true + 0.1 * rng.normal(size=n)
    lam = 5.0
    with r.case("one sweep equals coordinate updates written out by hand") as c:
        Xs, ys = rng.normal(size=(7, 4)) * [1.0, 2.0, 0.5, 3.0], rng.normal(size=7)
        wr = np.zeros(4)
        for j in range(4):  # exact minimiser of the objective in coordinate j
            rj = ys - Xs @ wr + Xs[:, j] * wr[j]
            zj = Xs[:, j] @ rj
            wr[j] = (np.sign(zj) * max(abs(zj) - 0.8, 0)) / (Xs[:, j] @ Xs[:, j])
        c.close(f.lasso_cd(Xs, ys, 0.8, iters=1), wr, rtol=1e-10, atol=1e-13)
    with r.case("stops after the first sweep that moves no weight by tol or more") as c:

        def sweep(w0):
            w1 = w0.copy()
            for j in range(4):
                rj = ys - Xs @ w1 + Xs[:, j] * w1[j]
                zj = Xs[:, j] @ rj
                w1[j] = (np.sign(zj) * max(abs(zj) - 0.8, 0)) / (Xs[:, j] @ Xs[:, j])
            return w1

        w1 = sweep(np.zeros(4))
        tol = 0.5 * np.max(np.abs(w1))  # the first sweep moves more, later ones less
        wr, n_sw = w1, 1
        while True:
            wn = sweep(wr)
            n_sw += 1
            done = np.max(np.abs(wn - wr)) < tol
            wr = wn
            if done:
                break
        c.true(n_sw < 50, f"reference stops after {n_sw} sweeps")
        c.close(f.lasso_cd(Xs, ys, 0.8, iters=50, tol=tol), wr, rtol=1e-12, atol=1e-14)
    w = np.zeros(d)
    with r.case("KKT on the support: X_j^T r = lam sign(w_j)") as c:
        w = np.asarray(f.lasso_cd(X, y, lam))
        g = X.T @ (y - X @ w)
        S = w != 0
        r.figure("support found", np.flatnonzero(S).tolist())
        c.true(S.sum() >= 3, "at least the three true variables")
        c.close(g[S], lam * np.sign(w[S]), atol=1e-8)
    with r.case("KKT off the support: |X_j^T r| <= lam") as c:
        c.true(bool(np.all(np.abs(g[~S]) <= lam + 1e-8)) and S.sum() >= 3)

    Q, _ = np.linalg.qr(rng.normal(size=(n, d)))  # orthonormal columns
    yq = rng.normal(size=n) * 2
    with r.case("orthonormal design: lasso = soft(X^T y, lam)") as c:
        zq = Q.T @ yq
        c.close(f.lasso_cd(Q, yq, 0.7), np.sign(zq) * np.maximum(np.abs(zq) - 0.7, 0), atol=1e-10)
        Q3 = Q * 3.0  # columns of norm 3: soft(X^T y, lam) / 9
        z3 = Q3.T @ yq
        c.close(
            f.lasso_cd(Q3, yq, 0.7), np.sign(z3) * np.maximum(np.abs(z3) - 0.7, 0) / 9, atol=1e-10
        )
    lam_max = np.max(np.abs(X.T @ y))
    with r.case("w = 0 exactly when lam >= ||X^T y||_inf") as c:
        c.true(np.all(np.asarray(f.lasso_cd(X, y, lam_max * 1.0001)) == 0))
        c.true(np.any(np.asarray(f.lasso_cd(X, y, lam_max * 0.9999)) != 0), "and not below it")

    # brute force on a 6-variable problem: for each support and sign pattern the lasso
    # reduces to a smooth problem solved in closed form; keep the best consistent one.
    Xs, ys, ls = X[:, :6], y, 3.0
    best = objective(Xs, ys, np.zeros(6), ls)
    for kk in range(1, 7):
        for Sb in itertools.combinations(range(6), kk):
            A = Xs[:, Sb]
            for sg in itertools.product([-1, 1], repeat=kk):
                v = np.linalg.solve(A.T @ A, A.T @ ys - ls * np.array(sg))
                if np.all(np.sign(v) == sg):
                    wb = np.zeros(6)
                    wb[list(Sb)] = v
                    best = min(best, objective(Xs, ys, wb, ls))
    with r.case("coordinate descent objective = brute-force minimum") as c:
        c.close(objective(Xs, ys, np.asarray(f.lasso_cd(Xs, ys, ls)), ls), best, rtol=1e-9)

    # lasso path: just below lam_max exactly one variable is active, the most correlated one
    with r.case("just below lam_max the only active variable is argmax |X_j^T y|") as c:
        w_enter = np.asarray(f.lasso_cd(X, y, lam_max * 0.98))
        c.equal(np.flatnonzero(w_enter).tolist(), [int(np.argmax(np.abs(X.T @ y)))])
    return r


if __name__ == "__main__":
    main(run)
