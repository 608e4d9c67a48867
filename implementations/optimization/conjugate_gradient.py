"""conjugate-gradient: linear CG for symmetric positive definite systems.

Follows Nocedal & Wright ch. 5 (linear CG: conjugacy, finite termination, rate bound).
Checks against a hand-computed first step (x_1 = (b'b / b'Ab) b), np.linalg.solve, the
A-conjugacy of the directions, mutually orthogonal residuals, finite termination in (number
of distinct eigenvalues) steps, and the 2((sqrt(kappa)-1)/(sqrt(kappa)+1))^k error bound.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["cg"]

DOC_ZH = {
    "cg": """线性共轭梯度法求解 Ax = b（A 对称正定），从 x_0 = 0 出发。

输入：A，(n, n) 对称正定矩阵；b，长度 n 的向量；steps，最多迭代的步数。
每步沿方向 p 做精确线搜索 a = r'r / p'Ap，更新残差，再令 p <- r_new + beta p，beta = r_new'r_new / r'r。
当 ||r|| < 1e-14 ||b|| 时提前停止。
输出：(xs, ps)：xs 是迭代点 x_0, x_1, ... 组成的数组（第 0 行为零向量），ps 是用过的搜索方向（每步一行）。

>>> xs, ps = cg(np.diag([1.0, 2.0]), np.array([1.0, 1.0]), 2)
>>> np.round(xs, 6).tolist()
[[0.0, 0.0], [0.666667, 0.666667], [1.0, 0.5]]
""",
}

HINTS = {
    "en": (
        "Start from the residual as the first direction; after each exact line minimisation, "
        "bend the new residual so the next direction is A-conjugate to the previous one.",
        "a = r'r / p'Ap; x += a p; r_new = r - a A p; beta = r_new'r_new / r'r; "
        "p = r_new + beta p. Only one product A p per step is needed.",
    ),
    "zh": (
        "第一个方向取残差；每次沿方向做完精确线搜索后，修正新的残差，使下一个方向与上一个方向 A-共轭。",
        "a = r'r / p'Ap；x += a p；r_new = r - a A p；beta = r_new'r_new / r'r；"
        "p = r_new + beta p。每步只需一次乘积 A p。",
    ),
}


def cg(A, b, steps):
    """Linear conjugate gradient for Ax = b with A symmetric positive definite, from x_0 = 0.

    Input: A, an (n, n) SPD matrix; b, a vector of length n; steps, the most iterations.
    Each step minimises exactly along p (a = r'r / p'Ap), updates the residual, and sets
    p <- r_new + beta p with beta = r_new'r_new / r'r; it stops early once ||r|| < 1e-14 ||b||.
    Output: (xs, ps): the iterates x_0 (zeros), x_1, ... as rows, and the directions used.

    >>> xs, ps = cg(np.diag([1.0, 2.0]), np.array([1.0, 1.0]), 2)
    >>> np.round(xs, 6).tolist()
    [[0.0, 0.0], [0.666667, 0.666667], [1.0, 0.5]]
    """
    x = np.zeros_like(b)
    res = b - A @ x
    p = res.copy()
    xs, ps = [x.copy()], []
    for _ in range(steps):
        Ap = A @ p
        a = (res @ res) / (p @ Ap)  # exact minimiser along p
        x = x + a * p
        new = res - a * Ap
        beta = (new @ new) / (res @ res)  # keeps the next direction A-conjugate
        ps.append(p)
        p, res = new + beta * p, new
        xs.append(x.copy())
        if np.linalg.norm(res) < 1e-14 * np.linalg.norm(b):
            break
    return np.array(xs), np.array(ps)


def spd(rng, eigs):
    U = np.linalg.qr(rng.normal(size=(len(eigs), len(eigs))))[0]
    return U @ np.diag(eigs) @ U.T


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Conjugate gradient")
    n = 30
    A = spd(rng, np.linspace(1, 20, n))
    b = rng.normal(size=n)
    x_star = np.linalg.solve(A, b)

    with r.case("first step by hand: p_0 = b, x_1 = (b'b / b'Ab) b") as c:
        xs, ps = f.cg(A, b, 2)
        c.close(xs[0], np.zeros(n))
        c.close(ps[0], b, rtol=1e-14)
        c.close(xs[1], (b @ b) / (b @ A @ b) * b, rtol=1e-12)
        # second direction by hand: r_1 + (r_1'r_1 / b'b) b
        r1 = b - A @ xs[1]
        c.close(ps[1], r1 + (r1 @ r1) / (b @ b) * b, rtol=1e-10, atol=1e-14)
    with r.case("CG solution equals np.linalg.solve within n steps") as c:
        xs, ps = f.cg(A, b, n)
        r.figure("CG steps used (n = 30)", len(xs) - 1)
        c.close(xs[-1], x_star, rtol=1e-9, atol=1e-12)
        res = np.linalg.norm(xs @ A.T - b, axis=1)
        r.figure("residual norms at steps 0, 10, 20, 30", [float(f"{v:.3g}") for v in res[::10]])
        c.true(len(xs) >= 20, f"and it needed {len(xs) - 1} steps (19 distinct curvatures)")
    with r.case("stopping rule: relative residual ||r|| < 1e-14 ||b||") as c:
        # A = diag(1, 1 + d), b = (1, 1): after one step ||r_1|| / ||b|| = d / (2 + d) exactly
        for d, used in ((3e-14, 2), (1e-14, 1)):
            for scale in (1.0, 1e8, 1e-8):
                xs, _ = f.cg(np.diag([1.0, 1.0 + d]), scale * np.ones(2), 5)
                c.equal(len(xs) - 1, used)
    with r.case("steps = 3 stops after 3 steps") as c:
        xs, ps = f.cg(A, b, 3)
        c.equal([len(xs), len(ps)], [4, 3])

    # search directions are mutually A-conjugate: p_i' A p_j = 0 for i != j
    with r.case("first 10 directions are A-conjugate (relative off-diagonal < 1e-8)") as c:
        _, ps = f.cg(A, b, n)
        P = ps[:10]
        C = P @ A @ P.T
        off = np.abs(C - np.diag(np.diag(C))).max() / np.abs(np.diag(C)).min()
        c.true(off < 1e-8, f"{off:.2g}")
    with r.case("residuals b - A x_k are mutually orthogonal") as c:
        xs, _ = f.cg(A, b, 10)
        R = b - xs @ A.T
        R /= np.linalg.norm(R, axis=1, keepdims=True)
        c.close(R @ R.T, np.eye(len(R)), atol=1e-8)

    # finite termination: with only 4 distinct eigenvalues CG converges in 4 steps
    A4 = spd(rng, np.repeat([1.0, 3.0, 7.0, 12.0], 10))
    b4 = rng.normal(size=40)
    with r.case("x_4 already solves the 40 x 40 system") as c:
        xs4, _ = f.cg(A4, b4, 40)
        r.figure("steps needed with 4 distinct eigenvalues", len(xs4) - 1)
        c.close(xs4[4], np.linalg.solve(A4, b4), rtol=1e-9, atol=1e-12)
        c.true(len(xs4) - 1 <= 6, "and it stops early (||r|| < 1e-14 ||b||)")

    # rate bound: ||e_k||_A <= 2 ((sqrt k - 1)/(sqrt k + 1))^k ||e_0||_A
    kappa = 20.0
    q = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    with r.case("A-norm error obeys 2 q^k bound with q = (sqrt(kappa)-1)/(sqrt(kappa)+1)") as c:
        xs, _ = f.cg(A, b, n)
        eA = np.sqrt(np.einsum("ij,jk,ik->i", xs - x_star, A, xs - x_star))
        k = np.arange(len(eA))
        c.true(np.all(eA <= 2 * q**k * eA[0] * (1 + 1e-9) + 1e-12))
        c.true(eA[-1] < 1e-8 * eA[0], "and the error vanishes")
    return r


if __name__ == "__main__":
    main(run)
