"""compressed-sensing: recover a k-sparse x in R^n from m << n random linear measurements.

Follows Candes, Romberg & Tao (2006), Donoho (2006) and Foucart & Rauhut ch 1. Measurement
matrix: i.i.d. Gaussian, scaled by 1/sqrt(m). Recovery: basis pursuit min ||z||_1 s.t.
Az = y, solved as a linear program by scipy.optimize.linprog (HiGHS), an independent
solver. Checks: restricted singular values over random 2k-column supports respect
Gordon's bounds 1 -+ sqrt(2k/m) on average (the restricted isometry property in action);
basis pursuit recovers x exactly from m = 80 of n = 256 samples in 5 of 5 trials; the
minimum-l2-norm solution does not; and with m = 20 basis pursuit fails. The measurement
matrix has entries of mean 0 and variance 1/m (unit-norm columns on average); on small
problems basis pursuit returns a feasible point whose l1 norm equals the minimum over all
basic solutions (every support of size m, solved exactly), also for a right-hand side with
negative entries.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.optimize import linprog

from implementations._common import Report, main, solution

EXERCISE = ["measurement_matrix", "basis_pursuit"]

DOC_ZH = {
    "measurement_matrix": """高斯测量矩阵：元素独立同分布 N(0, 1/m)，即 rng.normal(size=(m, n)) / sqrt(m)，
使每列的期望平方范数为 1。

输入：m，测量数；n，信号维数；rng，numpy Generator。
输出：形状 (m, n) 的数组。

>>> measurement_matrix(2, 3, np.random.default_rng(0)).shape
(2, 3)
""",
    "basis_pursuit": """基追踪：min ||z||_1 s.t. Az = y，写成线性规划求解（z = u - v，u, v >= 0，
最小化 Σ(u + v)），用 scipy.optimize.linprog（method="highs"）。

输入：A，形状 (m, n)；y，长度 m。
输出：z，长度 n 的数组。

>>> z = basis_pursuit(np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]]), np.array([1.0, 1.0]))
>>> [round(float(v), 6) + 0.0 for v in z]  # + 0.0 把 -0.0 变成 0.0
[0.0, 1.0, 0.0]
""",
}

HINTS = {
    "en": (
        "An l1 norm is linear once each variable is split into a positive and a negative "
        "part; then it is a linear program.",
        "z = u - v with u, v >= 0: minimise 1^T (u + v) subject to [A, -A] [u; v] = y. For "
        "the matrix, scale standard normals by 1/sqrt(m) so columns have unit norm on average.",
    ),
    "zh": (
        "把每个变量拆成正部和负部，l1 范数就变成线性的；于是这是一个线性规划。",
        "z = u - v，u, v >= 0：在 [A, -A] [u; v] = y 约束下最小化 1^T (u + v)。测量矩阵用标准正态数"
        "乘以 1/sqrt(m)，使各列的平均范数为 1。",
    ),
}


def measurement_matrix(m: int, n: int, rng) -> np.ndarray:
    """Gaussian measurement matrix with i.i.d. N(0, 1/m) entries, i.e.
    rng.normal(size=(m, n)) / sqrt(m), so each column has expected squared norm 1.

    Input: m, the number of measurements; n, the signal dimension; rng, a numpy Generator.
    Output: an (m, n) array.

    >>> measurement_matrix(2, 3, np.random.default_rng(0)).shape
    (2, 3)
    """
    return rng.normal(size=(m, n)) / np.sqrt(m)


def basis_pursuit(A: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Basis pursuit, min ||z||_1 s.t. Az = y, as a linear program (z = u - v with u, v >= 0,
    minimise sum(u + v)) solved by scipy.optimize.linprog with method="highs".

    Input: A of shape (m, n); y of length m. Output: z, an array of length n.

    >>> z = basis_pursuit(np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]]), np.array([1.0, 1.0]))
    >>> [round(float(v), 6) + 0.0 for v in z]  # + 0.0 turns -0.0 into 0.0
    [0.0, 1.0, 0.0]
    """
    m, n = A.shape
    # z = u - v with u, v >= 0; minimise sum(u + v) subject to A(u - v) = y
    res = linprog(np.ones(2 * n), A_eq=np.hstack([A, -A]), b_eq=y, bounds=(0, None), method="highs")
    return res.x[:n] - res.x[n:]


def sparse_vector(n, k, rng):
    x = np.zeros(n)
    x[rng.choice(n, k, replace=False)] = rng.normal(size=k)
    return x


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Compressed sensing")
    n, m, k = 256, 80, 8
    A = np.zeros((m, n))
    with r.case("measurement matrix: entries N(0, 1/m), columns of unit norm on average") as c:
        A = np.asarray(f.measurement_matrix(m, n, rng))
        c.equal(A.shape, (m, n))
        c.close(np.mean(A), 0.0, atol=4 / np.sqrt(m * n) / np.sqrt(m))
        c.close(np.var(A), 1 / m, rtol=0.03)  # 20480 entries: sampling error ~1%
        c.close(np.mean((A**2).sum(0)), 1.0, rtol=0.03)
        B = np.asarray(f.measurement_matrix(400, 3, np.random.default_rng(1)))
        c.close(np.var(B), 1 / 400, rtol=0.1)  # the scale follows m, not n

    smax, smin = [1.0], [0.0]
    with r.case("E sigma_max <= 1 + sqrt(2k/m) and E sigma_min >= 1 - sqrt(2k/m)") as c:
        smax, smin = [], []
        for _ in range(200):
            s = np.linalg.svd(A[:, rng.choice(n, 2 * k, replace=False)], compute_uv=False)
            smax.append(s[0])
            smin.append(s[-1])
        a = np.sqrt(2 * k / m)
        r.figure(
            "mean restricted sigma_max, sigma_min over 200 supports of size 2k",
            (round(float(np.mean(smax)), 4), round(float(np.mean(smin)), 4)),
        )
        r.figure(
            "Gordon bounds 1 + sqrt(2k/m), 1 - sqrt(2k/m)",
            (round(float(1 + a), 4), round(float(1 - a), 4)),
        )
        c.true(np.mean(smax) <= 1 + a and np.mean(smin) >= 1 - a)
    with r.case("every sampled 2k-submatrix is well conditioned (0.3 < sigma < 1.7)") as c:
        c.true(min(smin) > 0.3 and max(smax) < 1.7, f"range [{min(smin):.3f}, {max(smax):.3f}]")

    with r.case("small problems: feasible, and l1 = minimum over all basic solutions") as c:
        for t in range(6):
            As = rng.normal(size=(3, 7))
            ys = rng.normal(size=3) * (1 if t % 2 else -1)  # also negative entries
            z = np.asarray(f.basis_pursuit(As, ys))
            best = min(
                np.abs(np.linalg.solve(As[:, S], ys)).sum()
                for S in map(list, itertools.combinations(range(7), 3))
                if abs(np.linalg.det(As[:, S])) > 1e-9
            )
            c.close(As @ z, ys, atol=1e-8)
            c.close(np.abs(z).sum(), best, rtol=1e-7)

    errs, l2errs = [], []
    with r.case("basis pursuit recovers x exactly in 5/5 trials (rel. err < 1e-6)") as c:
        P = A.T @ np.linalg.inv(A @ A.T)  # minimum-l2-norm solution operator
        for _ in range(5):
            x = sparse_vector(n, k, rng)
            y = A @ x
            errs.append(np.linalg.norm(f.basis_pursuit(A, y) - x) / np.linalg.norm(x))
            l2errs.append(np.linalg.norm(P @ y - x) / np.linalg.norm(x))
        r.figure("basis pursuit relative errors (max over 5 trials)", float(max(errs)))
        c.true(max(errs) < 1e-6)
    with r.case("minimum-l2-norm solution does not recover x (rel. err > 0.5)") as c:
        c.true(len(l2errs) == 5 and min(l2errs) > 0.5, f"min {min(l2errs or [0]):.3f}")

    with r.case("too few measurements (m = 20): recovery fails (rel. err > 0.1)") as c:
        A20 = rng.normal(size=(20, n)) / np.sqrt(20)
        x = sparse_vector(n, k, rng)
        z20 = np.asarray(f.basis_pursuit(A20, A20 @ x))
        e20 = np.linalg.norm(z20 - x) / np.linalg.norm(x)
        r.figure("relative error with m = 20", float(e20))
        c.true(e20 > 0.1)
        c.close(A20 @ z20, A20 @ x, atol=1e-8)  # still feasible
        c.true(np.abs(z20).sum() <= np.abs(x).sum() + 1e-8, "and of no larger l1 norm than x")
    return r


if __name__ == "__main__":
    main(run)
