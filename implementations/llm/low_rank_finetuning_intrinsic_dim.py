"""low-rank-finetuning-intrinsic-dim: fine-tune only d numbers, theta = theta0 + P z.

Follows Li et al. (2018) and Aghajanyan et al. (2021): train in a random d-dimensional
subspace of the D parameters and report the smallest d reaching 90% of full fine-tuning
(d90). Toy task: a D-parameter quadratic whose loss only depends on m directions, so the
'task' has intrinsic dimension m. Checks: the subspace optimum's loss equals the residual
outside col(A P) from a QR projector; two GD steps by hand; gradient descent on z reaches the least-squares
optimum in the subspace (numpy.linalg.lstsq); the loss is exactly zero once d >= m; the
average remaining loss fraction over random subspaces matches the closed form (m - d)/m.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["subspace_opt", "subspace_gd"]

DOC_ZH = {
    "subspace_opt": """只在随机子空间里微调：min_z ||A (theta0 + P z) - b||^2，用最小二乘求解。

输入：A (m, D)；r0 = A theta0 - b，初始残差；P (D, d)，子空间基。
输出：(z, loss)：最优的 d 个坐标 z 和剩余损失 ||r0 + A P z||^2（float）。

>>> z, L = subspace_opt(np.eye(2), np.array([1.0, 2.0]), np.array([[1.0], [0.0]]))
>>> z.tolist(), float(L)
([-1.0], 4.0)
""",
    "subspace_gd": """在子空间坐标 z 上做梯度下降（从 z = 0 开始），最小化 0.5 ||r0 + M z||^2，M = A P，步长 1 / ||M||_2^2。

输入：A (m, D)；r0；P (D, d)；steps，步数。
输出：z，长度 d 的数组。

>>> subspace_gd(np.eye(2), np.array([1.0, 2.0]), np.array([[2.0], [0.0]]), 1).tolist()
[-0.5]
""",
}

HINTS = {
    "en": (
        "Fine-tuning only z makes the problem a least-squares fit with d unknowns: the "
        "residual r0 + A P z can only move inside the column space of A P.",
        "Solve min_z ||A P z + r0|| with numpy.linalg.lstsq and report the squared residual; "
        "GD uses the gradient M^T (r0 + M z) with M = A P and step 1 / ||M||_2^2. "
        "When d >= m a generic A P has full row rank and the loss reaches 0.",
    ),
    "zh": (
        "只微调 z 让问题变成 d 个未知数的最小二乘：残差 r0 + A P z 只能在 A P 的列空间里移动。",
        "用 numpy.linalg.lstsq 求解 min_z ||A P z + r0||，并返回残差平方；梯度下降用梯度 M^T (r0 + M z)，"
        "M = A P，步长 1 / ||M||_2^2。d >= m 时一般的 A P 行满秩，损失降到 0。",
    ),
}


def subspace_opt(A, r0, P):
    """Fine-tune in a random subspace only: min_z ||A (theta0 + P z) - b||^2, by least
    squares.

    Input: A (m, D); r0 = A theta0 - b, the initial residual; P (D, d), the subspace basis.
    Output: (z, loss), the best d coordinates and the remaining loss ||r0 + A P z||^2.

    >>> z, L = subspace_opt(np.eye(2), np.array([1.0, 2.0]), np.array([[1.0], [0.0]]))
    >>> z.tolist(), float(L)
    ([-1.0], 4.0)
    """
    z, *_ = np.linalg.lstsq(A @ P, -r0, rcond=None)
    res = r0 + A @ P @ z
    return z, float(res @ res)


def subspace_gd(A, r0, P, steps):
    """Gradient descent on the subspace coordinates z from z = 0, minimising
    0.5 ||r0 + M z||^2 with M = A P and step 1 / ||M||_2^2.

    Input: A (m, D); r0; P (D, d); steps. Output: z, an array of length d.

    >>> subspace_gd(np.eye(2), np.array([1.0, 2.0]), np.array([[2.0], [0.0]]), 1).tolist()
    [-0.5]
    """
    M = A @ P
    lr = 1.0 / np.linalg.norm(M, 2) ** 2
    z = np.zeros(P.shape[1])
    for _ in range(steps):
        z = z - lr * M.T @ (r0 + M @ z)
    return z


def remaining(M, r0):
    """||(I - Pi) r0||^2 with Pi the projector onto col(M), from a QR factorisation."""
    Qm = np.linalg.qr(M)[0][:, : np.linalg.matrix_rank(M)]
    res = r0 - Qm @ (Qm.T @ r0)
    return float(res @ res)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Intrinsic dimension of fine-tuning")
    D, m = 200, 10  # parameters, task-relevant directions
    A = np.linalg.qr(rng.normal(size=(D, m)))[0].T  # m x D, orthonormal rows
    theta0 = rng.normal(size=D)  # "pretrained" parameters
    b = A @ rng.normal(size=D)  # task targets
    r0 = A @ theta0 - b  # initial residual; full fine-tuning reaches 0
    L0 = float(r0 @ r0)

    with R.case("subspace optimum: loss = residual outside col(A P) (QR projector)") as c:
        for d in (1, 4, 9):
            P = rng.normal(size=(D, d)) / np.sqrt(D)
            z, L = f.subspace_opt(A, r0, P)
            c.close(L, remaining(A @ P, r0), rtol=1e-9)
            res = r0 + A @ P @ np.asarray(z)
            c.close(float(res @ res), L, rtol=1e-9)
            c.close((A @ P).T @ res, np.zeros(d), atol=1e-10)  # normal equations hold

    # 1. Gradient descent on z alone reaches the subspace optimum given by lstsq.
    d = 6
    P = rng.normal(size=(D, d)) / np.sqrt(D)
    M = A @ P
    with R.case("GD on the d=6 subspace coordinates reaches the lstsq optimum") as c:
        z = f.subspace_gd(A, r0, P, 3000)
        res = r0 + M @ z
        z_ls = np.linalg.lstsq(M, -r0, rcond=None)[0]
        c.close(float(res @ res), remaining(M, r0), rtol=1e-8)
        c.close(z, z_ls, rtol=1e-6)
    with R.case("two GD steps by hand") as c:
        lr = 1.0 / np.linalg.svd(M, compute_uv=False)[0] ** 2
        z1 = -lr * M.T @ r0
        c.close(f.subspace_gd(A, r0, P, 2), z1 - lr * M.T @ (r0 + M @ z1), rtol=1e-10)

    # 2. Loss fraction remaining vs d: zero once d >= m (generic random subspace).
    with R.case("loss is exactly recovered (fraction < 1e-20) for every d >= m = 10") as c:
        fr = []
        for d in range(1, 16):
            P = rng.normal(size=(D, d)) / np.sqrt(D)
            fr.append(f.subspace_opt(A, r0, P)[1] / L0)
        R.figure("remaining loss fraction for d = 1..15", [round(v, 3) for v in fr])
        c.true(max(fr[m - 1 :]) < 1e-20, f"max {max(fr[m - 1 :]):.1e}")
    with R.case("loss is not recovered for d < m") as c:
        c.true(min(fr[: m - 1]) > 1e-3, f"min {min(fr[: m - 1]):.3f}")

    # 3. A random d-dim subspace projects onto a uniformly random d-dim subspace of the m task
    #    directions, so the expected remaining fraction is (m - d)/m.
    for d in (3, 7):
        with R.case(
            f"E[remaining fraction] at d={d} equals (m-d)/m = {(m - d) / m:.1f} (within 4 SE)"
        ) as c:
            trials = [f.subspace_opt(A, r0, rng.normal(size=(D, d)))[1] / L0 for _ in range(1500)]
            mean, se = np.mean(trials), np.std(trials) / np.sqrt(len(trials))
            c.true(abs(mean - (m - d) / m) < 4 * se, f"mean {mean:.4f} +- {se:.4f}")

    # d90 (Li et al.): smallest d whose solution keeps <= 10% of the initial loss, on average.
    d90 = next(d for d in range(1, m + 1) if (m - d) / m <= 0.1)
    R.figure("d90 of the toy task (from (m-d)/m <= 0.1) vs D", [d90, D])
    return R


if __name__ == "__main__":
    main(run)
