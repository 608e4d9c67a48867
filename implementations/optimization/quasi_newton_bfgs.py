"""quasi-newton-bfgs: the BFGS inverse-Hessian update and L-BFGS two-loop recursion.

Follows Nocedal & Wright ch. 6 (BFGS) and ch. 7 (limited-memory BFGS).
Checks: the update equals the expanded form H - (H y s' + s y' H)/y's + (1 + y'Hy/y's) ss'/y's
and the inverse of the direct B-update; the secant condition H y = s after every update;
the Rosenbrock minimiser agrees with scipy.optimize.minimize(method='BFGS'); on a quadratic
with exact line searches H_n = A^{-1} (np.linalg.inv); two-loop L-BFGS equals the inverse of
the B-updated matrix, with all pairs and with the last m pairs.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from implementations._common import Report, main, solution

EXERCISE = ["bfgs_update", "two_loop"]

DOC_ZH = {
    "bfgs_update": """BFGS 的逆 Hessian 近似更新（Nocedal & Wright 式 (6.17)）。

输入：H，当前的 (n, n) 逆 Hessian 近似（对称正定）；s = x_{k+1} - x_k；y = g_{k+1} - g_k（要求 y's > 0）。
输出：H_new = V H V' + rho s s'，其中 rho = 1 / y's，V = I - rho s y'；它满足割线条件 H_new y = s。

>>> bfgs_update(np.eye(2), np.array([1.0, 0.0]), np.array([2.0, 0.0])).tolist()
[[0.5, 0.0], [0.0, 1.0]]
""",
    "two_loop": """L-BFGS 的两重循环：不构造矩阵，用存下的 (s, y) 对计算 H g，初始 H0 = I。

输入：g，向量；S、Y，按时间先后排列的 s 和 y 列表（同样长度）。
第一重循环从最新到最旧：a_i = s_i'q / y_i's_i，q -= a_i y_i；第二重循环从最旧到最新：q += s_i (a_i - y_i'q / y_i's_i)。
输出：长度 n 的数组，等于用这些对依次做 BFGS 更新得到的矩阵乘以 g；S 为空时返回 g 本身。

>>> two_loop(np.array([1.0, 1.0]), [np.array([1.0, 0.0])], [np.array([2.0, 0.0])]).tolist()
[0.5, 1.0]
""",
}

HINTS = {
    "en": (
        "The new inverse-Hessian estimate must map the latest gradient change y onto the "
        "latest step s, while changing the old estimate as little as possible.",
        "rho = 1/(y's), V = I - rho s y', H <- V H V' + rho s s'. The two-loop recursion "
        "applies the same updates to a vector: backwards a_i = rho_i s_i'q, q -= a_i y_i; "
        "forwards q += s_i (a_i - rho_i y_i'q).",
    ),
    "zh": (
        "新的逆 Hessian 估计必须把最近的梯度变化 y 映射到最近的步长 s，同时尽量少改动旧的估计。",
        "rho = 1/(y's)，V = I - rho s y'，H <- V H V' + rho s s'。两重循环把同样的更新作用在向量上："
        "从新到旧 a_i = rho_i s_i'q，q -= a_i y_i；从旧到新 q += s_i (a_i - rho_i y_i'q)。",
    ),
}


def rosen(x):
    return 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2


def rosen_g(x):
    return np.array([-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)])


def bfgs_update(H, s, y):
    """BFGS update of the inverse-Hessian estimate (Nocedal & Wright eq. 6.17).

    Input: H, the current (n, n) symmetric positive definite estimate; s = x_{k+1} - x_k;
    y = g_{k+1} - g_k with y's > 0.
    Output: H_new = V H V' + rho s s' with rho = 1 / y's and V = I - rho s y'; it satisfies
    the secant condition H_new y = s.

    >>> bfgs_update(np.eye(2), np.array([1.0, 0.0]), np.array([2.0, 0.0])).tolist()
    [[0.5, 0.0], [0.0, 1.0]]
    """
    rho = 1.0 / (y @ s)
    V = np.eye(len(s)) - rho * np.outer(s, y)
    return V @ H @ V.T + rho * np.outer(s, s)  # Nocedal & Wright eq. (6.17)


def two_loop(g, S, Y):
    """L-BFGS two-loop recursion: H g from the stored pairs without forming H (H0 = I).

    Input: g, a vector; S, Y, lists of the s and y vectors, oldest first. First loop,
    newest to oldest: a_i = s_i'q / y_i's_i, q -= a_i y_i; second loop, oldest to newest:
    q += s_i (a_i - y_i'q / y_i's_i).
    Output: n numbers, the product with g of the matrix obtained by BFGS-updating I with
    the pairs in order; g itself when S is empty.

    >>> two_loop(np.array([1.0, 1.0]), [np.array([1.0, 0.0])], [np.array([2.0, 0.0])]).tolist()
    [0.5, 1.0]
    """
    q, alphas = g.copy(), []
    for s, y in reversed(list(zip(S, Y, strict=False))):
        a = (s @ q) / (y @ s)
        alphas.append(a)
        q -= a * y
    for (s, y), a in zip(zip(S, Y, strict=False), reversed(alphas), strict=False):
        q += s * (a - (y @ q) / (y @ s))
    return q


def _b_update(B, s, y):
    """The direct BFGS update of the Hessian estimate B; H = B^{-1} is what bfgs_update tracks."""
    Bs = B @ s
    return B - np.outer(Bs, Bs) / (s @ Bs) + np.outer(y, y) / (y @ s)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("BFGS and L-BFGS")

    n = 5
    M = rng.normal(size=(n, n))
    H0 = M @ M.T / n + np.eye(n)
    s0, y0 = rng.normal(size=n), rng.normal(size=n)
    y0 = y0 if y0 @ s0 > 0 else -y0
    with r.case("update equals the expanded form and the inverse of the B-update") as c:
        Hn = f.bfgs_update(H0, s0, y0)
        ys, Hy = y0 @ s0, H0 @ y0
        ref = (
            H0
            - (np.outer(Hy, s0) + np.outer(s0, Hy)) / ys
            + (1 + y0 @ Hy / ys) * np.outer(s0, s0) / ys
        )
        c.close(Hn, ref, rtol=1e-10, atol=1e-12)
        c.close(Hn, np.linalg.inv(_b_update(np.linalg.inv(H0), s0, y0)), rtol=1e-8, atol=1e-10)
        c.close(Hn @ y0, s0, rtol=1e-10)

    def bfgs_rosen():
        x, H, secant, it = np.array([-1.2, 1.0]), np.eye(2), 0.0, 0
        while np.linalg.norm(rosen_g(x)) > 1e-10 and it < 200:
            p = -H @ rosen_g(x)
            a = 1.0
            for _ in range(60):  # Armijo backtracking (bounded: p may not descend if H is wrong)
                if rosen(x + a * p) <= rosen(x) + 1e-4 * a * (rosen_g(x) @ p):
                    break
                a *= 0.5
            s = a * p
            y = rosen_g(x + s) - rosen_g(x)
            x = x + s
            if y @ s > 1e-12:  # curvature condition keeps H positive definite
                H = f.bfgs_update(H, s, y)
                secant = max(secant, np.linalg.norm(H @ y - s) / np.linalg.norm(s))
            it += 1
        return x, H, secant, it

    with r.case("secant condition H_{k+1} y_k = s_k after every update") as c:
        x, H, secant, it = bfgs_rosen()
        r.figure("BFGS iterations on Rosenbrock", it)
        c.true(secant < 1e-8, f"max rel residual {secant:.2g}")
    ref = minimize(
        rosen, np.array([-1.2, 1.0]), jac=rosen_g, method="BFGS", options={"gtol": 1e-10}
    )
    with r.case("minimiser equals scipy BFGS and the true (1, 1)") as c:
        x, H, secant, it = bfgs_rosen()
        c.close(x, ref.x, atol=1e-7)
        c.true(it < 100, f"{it} iterations (superlinear, unlike gradient descent)")
    with r.case("H stays positive definite") as c:
        c.true(np.linalg.eigvalsh(bfgs_rosen()[1]).min() > 0)

    # quadratic + exact line search: BFGS ends in n steps with H_n = A^{-1}
    A, b = M @ M.T + np.eye(n), rng.normal(size=n)
    S, Y, x, B = [], [], np.zeros(n), np.eye(n)
    for _ in range(n):  # reference pairs from the direct B-update, exact steps along -B^{-1} g
        gk = A @ x - b
        p = -np.linalg.solve(B, gk)
        s = -(gk @ p) / (p @ A @ p) * p  # exact minimiser along p
        S.append(s)
        Y.append(A @ s)
        B = _b_update(B, s, A @ s)
        x = x + s

    def run_quadratic():
        x, H = np.zeros(n), np.eye(n)
        for _ in range(n):
            gk = A @ x - b
            p = -H @ gk
            s = -(gk @ p) / (p @ A @ p) * p
            H = f.bfgs_update(H, s, A @ s)
            x = x + s
        return x, H

    with r.case("after n exact-line-search steps x = A^{-1} b") as c:
        c.close(run_quadratic()[0], np.linalg.solve(A, b), rtol=1e-8)
    with r.case("and H_n = A^{-1}") as c:
        c.close(run_quadratic()[1], np.linalg.inv(A), rtol=1e-6, atol=1e-9)

    # L-BFGS two-loop reproduces the inverse of the B-updated matrix (H0 = I)
    v = rng.normal(size=n)
    with r.case("two-loop recursion equals dense BFGS H v") as c:
        v0 = v.copy()
        for m in (n, 2, 1):
            B = np.eye(n)
            for s, y in zip(S[-m:], Y[-m:], strict=True):
                B = _b_update(B, s, y)
            c.close(f.two_loop(v, S[-m:], Y[-m:]), np.linalg.solve(B, v), rtol=1e-8)
        c.close(f.two_loop(v, [], []), v, rtol=0)
        c.equal(v, v0)  # the input vector is left as it was
    big, mem = 10**6, 10
    r.figure(
        "storage for n = 1e6 parameters: L-BFGS (m = 10) vs dense H",
        f"{2 * mem * big:.1e} vs {big**2:.1e}",
    )
    return r


if __name__ == "__main__":
    main(run)
