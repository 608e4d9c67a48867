"""intrinsic-dimension: training in a random low-dimensional subspace theta = theta0 + P z.

Follows Li et al. (2018) (random-subspace training, d_int90 / d_int100) and Aghajanyan et
al. (2021). Planted problem: L(theta) = 1/2 ||A theta - b||^2 with k = 20 independent
constraints in D = 500 (or 1500) parameters, so the solution set has codimension k.
Checks: the best point of a random d-dim subspace (np.linalg.lstsq) reaches zero loss
exactly when d >= k, for both D; the mean fraction of loss removed is d/k (A Gaussian makes
the column space of A P uniformly random in R^k, whatever P is); coordinate subspaces of an
identity problem remove exactly the squared residual entries they span; GD on z matches a
hand-computed first step and reaches zero loss.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["subspace_perf", "subspace_gd"]

DOC_ZH = {
    "subspace_perf": """随机子空间 theta = theta0 + P z 中的最优点能去掉多少初始损失 L = 1/2 ||A theta - b||^2。

输入：A，(k, D) 矩阵；b，长度 k；theta0，长度 D 的起点；P，(D, d) 的子空间基。
输出：(perf, z)：perf = 1 - L(theta0 + P z*) / L(theta0)，z* 是 z 上的最小二乘解（长度 d）。

>>> perf, z = subspace_perf(np.eye(2), np.array([3.0, 4.0]), np.zeros(2), np.array([[1.0], [0.0]]))
>>> round(perf, 6), np.round(z, 6).tolist()
(0.36, [3.0])
""",
    "subspace_gd": """只在子空间里训练：对 z 做梯度下降，最小化 1/2 ||A(theta0 + P z) - b||^2，z 从 0 开始。

输入：A、b、theta0、P 同上；lr，步长；steps，步数。
输出：长度 d 的 z。梯度为 (AP)'(A(theta0 + P z) - b)。

>>> subspace_gd(np.eye(2), np.array([3.0, 4.0]), np.zeros(2), np.array([[1.0], [0.0]]), 0.5, 2).tolist()
[2.25]
""",
}

HINTS = {
    "en": (
        "Only z is trained: the loss is a least-squares problem in z with the matrix A P and "
        "the residual b - A theta0.",
        "z* = lstsq(A P, b - A theta0); perf = 1 - ||A P z* - r0||^2 / ||r0||^2. For GD on z, "
        "the chain rule gives the gradient P'A'(A(theta0 + P z) - b).",
    ),
    "zh": (
        "只训练 z：损失是关于 z 的最小二乘问题，矩阵为 A P，残差为 b - A theta0。",
        "z* = lstsq(A P, b - A theta0)；perf = 1 - ||A P z* - r0||^2 / ||r0||^2。对 z 做梯度下降时，"
        "链式法则给出梯度 P'A'(A(theta0 + P z) - b)。",
    ),
}


def subspace_perf(A, b, theta0, P):
    """Fraction of the initial loss removed by the best point of theta0 + span(P).

    Input: A (k, D), b (k,), the start theta0 (D,), the subspace basis P (D, d), for the
    loss L = 1/2 ||A theta - b||^2.
    Output: (perf, z): perf = 1 - L(theta0 + P z*) / L(theta0), z* the least-squares z (d,).

    >>> perf, z = subspace_perf(np.eye(2), np.array([3.0, 4.0]), np.zeros(2), np.array([[1.0], [0.0]]))
    >>> round(perf, 6), np.round(z, 6).tolist()
    (0.36, [3.0])
    """
    r0 = b - A @ theta0
    z = np.linalg.lstsq(A @ P, r0, rcond=None)[0]
    return float(1 - np.sum((A @ P @ z - r0) ** 2) / np.sum(r0**2)), z


def subspace_gd(A, b, theta0, P, lr, steps):
    """Train in the subspace only: GD on z for 1/2 ||A(theta0 + P z) - b||^2 from z = 0.

    Input: A, b, theta0, P as above; lr, the step; steps, the number of steps.
    Output: z (d,). The gradient in z is (AP)'(A(theta0 + P z) - b).

    >>> subspace_gd(np.eye(2), np.array([3.0, 4.0]), np.zeros(2), np.array([[1.0], [0.0]]), 0.5, 2).tolist()
    [2.25]
    """
    M = A @ P
    z = np.zeros(P.shape[1])
    for _ in range(steps):
        z -= lr * M.T @ (A @ theta0 + M @ z - b)  # chain rule through theta = theta0 + P z
    return z


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Intrinsic dimension")
    k = 20

    # A = I: a coordinate subspace removes exactly the squared residual entries it spans
    with r.case("identity problem: coordinate subspaces remove their share of ||r0||^2") as c:
        b6, t6 = rng.normal(size=6), rng.normal(size=6)
        r0 = b6 - t6
        perf, z = f.subspace_perf(np.eye(6), b6, t6, np.eye(6)[:, [1, 4]])
        c.close(perf, (r0[1] ** 2 + r0[4] ** 2) / np.sum(r0**2), rtol=1e-12)
        c.close(z, r0[[1, 4]], rtol=1e-12)

    problems = []
    for D in (500, 1500):
        A, b = rng.normal(size=(k, D)), rng.normal(size=k)
        theta0 = rng.normal(size=D) * 0.1
        Ps = [rng.normal(size=(D, d)) / np.sqrt(D) for d in range(1, 31)]
        problems.append((D, A, b, theta0, Ps))

    def dims():
        found = {}
        for D, A, b, theta0, Ps in problems:
            perf = {P.shape[1]: f.subspace_perf(A, b, theta0, P)[0] for P in Ps}
            found[D] = {
                "d_int90": min(d for d in perf if perf[d] >= 0.9),
                "d_int100": min(d for d in perf if perf[d] > 1 - 1e-10),
            }
            r.figure(
                f"D = {D}: performance at d = 5, 10, 19, 20",
                [round(float(perf[d]), 4) for d in (5, 10, 19, 20)],
            )
        return found

    with r.case("d_int100 equals the planted k = 20 for D = 500 and D = 1500") as c:
        found = dims()
        r.figure("intrinsic dimensions found", found)
        c.true(found[500]["d_int100"] == k and found[1500]["d_int100"] == k, f"{found}")
    with r.case(
        "d_int90 <= d_int100 and is independent of D up to random variation (|diff| <= 3)"
    ) as c:
        found = dims()
        c.true(
            all(10 < v["d_int90"] <= k for v in found.values())
            and abs(found[500]["d_int90"] - found[1500]["d_int90"]) <= 3,
            f"{found}",
        )
    with r.case("the best z solves the normal equations of the subspace problem") as c:
        D, A, b, theta0, Ps = problems[0]
        P = Ps[9]
        _, z = f.subspace_perf(A, b, theta0, P)
        M = A @ P
        c.close(z, np.linalg.solve(M.T @ M, M.T @ (b - A @ theta0)), rtol=1e-8)

    # a uniformly random d-dim subspace of the k-dim residual space captures d/k on average
    D, d = 500, 10
    A, b = rng.normal(size=(k, D)), rng.normal(size=k)
    theta0 = np.zeros(D)
    Ps = [rng.normal(size=(D, d)) / np.sqrt(D) for _ in range(200)]
    with r.case("mean fraction removed at d = 10 equals d/k = 0.5 (within 4 standard errors)") as c:
        fr = [f.subspace_perf(A, b, theta0, P)[0] for P in Ps]
        se = np.std(fr) / np.sqrt(len(fr))
        r.figure("mean performance at d = k/2 over 200 subspaces", float(np.mean(fr)))
        c.true(abs(np.mean(fr) - d / k) < 4 * se, f"{np.mean(fr):.4f} +- {se:.4f}")

    # train z by gradient descent in the subspace: reaches the lstsq optimum (d = 30 > k)
    P = rng.normal(size=(D, 30)) / np.sqrt(D)
    th1 = rng.normal(size=D) * 0.1
    M = A @ P
    lr = 1 / np.linalg.norm(M, 2) ** 2
    r.figure("trainable parameters: full vs subspace", f"{D} vs 30")
    with r.case("subspace GD: first step z_1 = -lr P'A'(A theta0 - b) by hand") as c:
        c.close(f.subspace_gd(A, b, th1, P, lr, 1), -lr * P.T @ A.T @ (A @ th1 - b), rtol=1e-12)
    with r.case("GD in the 30-dim subspace drives the loss to < 1e-12 of its start") as c:
        z = f.subspace_gd(A, b, th1, P, lr, 3000)
        res0 = A @ th1 - b
        c.true(np.sum((A @ (th1 + P @ z) - b) ** 2) < 1e-12 * np.sum(res0**2))
    return r


if __name__ == "__main__":
    main(run)
