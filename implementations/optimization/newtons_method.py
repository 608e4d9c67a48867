"""newtons-method: Newton's method and its local quadratic convergence.

Follows Boyd & Vandenberghe ch. 9 (sec. 9.5) and Nocedal & Wright ch. 3.
Checks: one Newton step solves a quadratic exactly (np.linalg.solve); on L2-regularised
logistic regression the error ratios e_{k+1}/e_k^2 stay bounded while e_{k+1}/e_k -> 0, and
the solution matches a long gradient-descent run with step 1/L; two 1-D steps match a hand
computation; Newton is affine invariant (on f(Tz) the iterates are T^{-1} w_k).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["newton"]

DOC_ZH = {
    "newton": """纯牛顿法（不做线搜索）：w_{k+1} = w_k - H(w_k)^{-1} g(w_k)。

输入：g、H，梯度和 Hessian 函数；w0，起点（长度 d 的数组）；steps，步数。
每步解线性方程组 H(w) d = g(w)，而不是显式求逆。
输出：形状 (steps+1, d) 的数组，第 0 行是 w0。

>>> np.round(newton(lambda w: w**3 - 8, lambda w: np.diag(3 * w**2), np.array([1.0]), 2), 6).tolist()
[[1.0], [3.333333], [2.462222]]
""",
}

HINTS = {
    "en": (
        "Replace the function by its second-order Taylor model at the current point and jump "
        "to that model's minimiser.",
        "w <- w - solve(H(w), g(w)) at each step; keep every iterate. Near a minimum with a "
        "positive definite Hessian the error squares each step.",
    ),
    "zh": (
        "在当前点用二阶泰勒模型代替函数，然后直接跳到这个模型的极小点。",
        "每步 w <- w - solve(H(w), g(w))，并保存每个迭代点。在 Hessian 正定的极小点附近，误差每步平方。",
    ),
}


def newton(g, H, w0, steps):
    """Pure Newton's method (no line search): w_{k+1} = w_k - H(w_k)^{-1} g(w_k).

    Input: g, H, the gradient and Hessian functions; w0, the start (d,); steps. Each step
    solves H(w) d = g(w) instead of inverting H.
    Output: an array (steps+1, d), row 0 being w0.

    >>> np.round(newton(lambda w: w**3 - 8, lambda w: np.diag(3 * w**2), np.array([1.0]), 2), 6).tolist()
    [[1.0], [3.333333], [2.462222]]
    """
    w, ws = np.asarray(w0, dtype=float), [np.asarray(w0, dtype=float)]
    for _ in range(steps):
        w = w - np.linalg.solve(H(w), g(w))  # minimiser of the local quadratic model
        ws.append(w)
    return np.array(ws)


def expit(z):
    return 0.5 * (1 + np.tanh(0.5 * z))  # logistic sigmoid, overflow-free


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Newton's method")

    # 1-D by hand: f = x^4/4 - 8x, g = x^3 - 8, H = 3x^2, from x = 1
    with r.case("two 1-D steps by hand: x_1 = x_0 - (x_0^3 - 8)/(3 x_0^2)") as c:
        xs = f.newton(lambda w: w**3 - 8, lambda w: np.diag(3 * w**2), np.array([1.0]), 2)
        x1 = 1 - (1 - 8) / 3
        c.close(xs[:, 0], [1.0, x1, x1 - (x1**3 - 8) / (3 * x1**2)], rtol=1e-14)

    # a quadratic is solved in one step: x1 = x0 - A^{-1}(A x0 - b)
    M = rng.normal(size=(5, 5))
    A, b = M @ M.T + np.eye(5), rng.normal(size=5)
    x0 = rng.normal(size=5)
    with r.case("one Newton step minimises a quadratic exactly") as c:
        xs = f.newton(lambda x: A @ x - b, lambda x: A, x0, 1)
        c.close(xs[0], x0, rtol=0)
        c.close(xs[1], np.linalg.solve(A, b), rtol=1e-10)

    # L2-regularised logistic regression: smooth, strictly convex
    N, d, lam = 200, 4, 0.1
    X = rng.normal(size=(N, d))
    y = (rng.uniform(size=N) < expit(X @ rng.normal(size=d) * 2)).astype(float)

    def fn(w):
        return np.sum(np.logaddexp(0, X @ w) - y * (X @ w)) + 0.5 * lam * w @ w

    def g(w):
        return X.T @ (expit(X @ w) - y) + lam * w

    def H(w):
        return X.T @ (X * (expit(X @ w) * (1 - expit(X @ w)))[:, None]) + lam * np.eye(d)

    # independent first-order reference: gradient descent with step 1/L (L bounds the Hessian)
    L = 0.25 * np.linalg.eigvalsh(X.T @ X).max() + lam
    ref, n_gd = np.zeros(d), 0
    while np.linalg.norm(g(ref)) > 1e-10:
        ref, n_gd = ref - g(ref) / L, n_gd + 1
    r.figure("iterations: Newton 8 vs gradient descent", n_gd)
    with r.case("Newton solution equals the gradient-descent solution") as c:
        ws = f.newton(g, H, np.zeros(d), 8)
        c.close(ws[-1], ref, atol=1e-9)
    with r.case("Newton's loss is no larger than GD's") as c:
        c.true(fn(f.newton(g, H, np.zeros(d), 8)[-1]) <= fn(ref) + 1e-12)
    with r.case("quadratic convergence: e_{k+1}/e_k^2 stays bounded (< 5)") as c:
        ws = f.newton(g, H, np.zeros(d), 8)
        e = np.array([np.linalg.norm(v - ref) for v in ws[1:6]])
        r.figure("errors ||w_k - w*||", [float(f"{v:.3g}") for v in e])
        ok = e > 1e-9
        q = e[1:] / e[:-1] ** 2
        r.figure("e_{k+1} / e_k^2", [float(f"{v:.3g}") for v in q])
        c.true(ok.sum() >= 3 and np.all(q[ok[1:]] < 5))
    with r.case("superlinear: e_{k+1}/e_k shrinks to < 1e-3") as c:
        ws = f.newton(g, H, np.zeros(d), 8)
        e = np.array([np.linalg.norm(v - ws[-1]) for v in ws[1:6]])
        ok = e > 1e-13
        c.true((e[ok][-1] / e[ok][-2]) < 1e-3)
    with r.case("gradient at the Newton solution is zero") as c:
        c.close(g(f.newton(g, H, np.zeros(d), 8)[-1]), np.zeros(d), atol=1e-10)

    # Newton is affine invariant: running it on f(T z) gives iterates z_k = T^{-1} w_k
    T = rng.normal(size=(d, d)) + 3 * np.eye(d)
    with r.case("affine invariance: Newton on f(Tz) tracks T^{-1} w_k") as c:
        zs = f.newton(lambda z: T.T @ g(T @ z), lambda z: T.T @ H(T @ z) @ T, np.zeros(d), 3)
        ws = f.newton(g, H, np.zeros(d), 3)
        c.close(zs @ T.T, ws, rtol=1e-9, atol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
