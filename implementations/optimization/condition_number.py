"""condition-number: kappa = sigma_max / sigma_min and what it costs gradient descent.

Follows Goodfellow et al. ch. 4 (poor conditioning) and Boyd & Vandenberghe ch. 9.
Checks: kappa equals np.linalg.cond for a symmetric positive definite, a non-symmetric
and a non-square matrix; GD iteration counts equal a vectorised brute-force count, the
closed form ceil(log eps / log(1 - 1/kappa)) within 1, an exact power-of-two case, and
grow in proportion to kappa; the perturbation bound ||dx||/||x|| <= kappa ||db||/||b|| holds
and is attained in the worst direction.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["condition_number", "gd_iterations"]

DOC_ZH = {
    "condition_number": """矩阵的 2-范数条件数 kappa = sigma_max / sigma_min（最大与最小奇异值之比）。

输入：A，任意形状的满秩矩阵（不一定对称，不一定是方阵）。
输出：一个 float；对称正定矩阵时等于 lambda_max / lambda_min。

>>> round(condition_number(np.array([[3.0, 0.0], [0.0, -0.5]])), 6)
6.0
""",
    "gd_iterations": """步长为 lr 的梯度下降在对角二次函数 1/2 sum lam_i x_i^2 上要走多少步。

输入：lam，Hessian 的特征值（一维数组）；eps，容差；lr，步长。
误差从 e_0 = (1, ..., 1) 出发，每步 e <- (1 - lr*lam) * e（逐坐标）。
输出：第一个满足 ||e_t|| <= eps * sqrt(n) 的 t（整数，n = len(lam)）；
若 max_iter 步内达不到（步长太小或太大），返回 max_iter。

>>> gd_iterations(np.array([0.5]), 2.0**-10, 1.0)
10
""",
}

HINTS = {
    "en": (
        "The condition number compares the largest and smallest stretch a matrix applies to "
        "a unit vector; GD on a diagonal quadratic acts on each coordinate separately.",
        "kappa = s[0] / s[-1] from np.linalg.svd (eigenvalues are wrong for non-symmetric "
        "matrices). For the count, multiply e by (1 - lr*lam) until ||e|| <= eps*sqrt(n).",
    ),
    "zh": (
        "条件数比较矩阵把单位向量拉伸的最大和最小倍数；对角二次函数上的梯度下降在每个坐标上各自进行。",
        "kappa = s[0] / s[-1]，s 来自 np.linalg.svd（非对称矩阵不能用特征值）。"
        "计步时反复让 e 乘以 (1 - lr*lam)，直到 ||e|| <= eps*sqrt(n)。",
    ),
}


def condition_number(A):
    """The 2-norm condition number kappa = sigma_max / sigma_min of a full-rank matrix.

    Input: A, a matrix of any shape (not necessarily symmetric or square).
    Output: a float; lambda_max / lambda_min for a symmetric positive definite A.

    >>> round(condition_number(np.array([[3.0, 0.0], [0.0, -0.5]])), 6)
    6.0
    """
    s = np.linalg.svd(np.asarray(A, dtype=float), compute_uv=False)
    return float(s.max() / s.min())


def gd_iterations(lam, eps, lr, max_iter=10000):
    """Steps of GD with step lr on the diagonal quadratic 1/2 sum lam_i x_i^2.

    Input: lam, the Hessian eigenvalues (1-D array); eps, the tolerance; lr, the step. The
    error starts at e_0 = (1, ..., 1) and each step multiplies it by (1 - lr*lam).
    Output: the first t with ||e_t|| <= eps * sqrt(n), n = len(lam), as an int; max_iter
    when that does not happen within max_iter steps (lr too small or too large).

    >>> gd_iterations(np.array([0.5]), 2.0**-10, 1.0)
    10
    """
    e, t = np.ones_like(lam), 0
    while np.linalg.norm(e) > eps * np.sqrt(len(lam)) and t < max_iter:
        e = (1 - lr * lam) * e  # GD on a diagonal quadratic, coordinate by coordinate
        t += 1
    return t


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Condition number")
    n = 8
    U = np.linalg.qr(rng.normal(size=(n, n)))[0]
    lam = np.geomspace(0.5, 200, n)
    A = U @ np.diag(lam) @ U.T
    with r.case("kappa = lambda_max/lambda_min equals np.linalg.cond(A, 2)") as c:
        kappa = f.condition_number(A)
        r.figure("kappa", kappa)
        c.close(kappa, np.linalg.cond(A, 2), rtol=1e-9)
        c.close(kappa, 400.0, rtol=1e-9)
    B = rng.normal(size=(6, 6))
    with r.case("non-symmetric case: sigma_max/sigma_min equals np.linalg.cond") as c:
        c.close(f.condition_number(B), np.linalg.cond(B), rtol=1e-9)
        # a symmetric indefinite matrix: |lambda| ratios, not signed ones
        S = U @ np.diag(np.r_[-3.0, np.ones(n - 1)]) @ U.T
        c.close(f.condition_number(S), 3.0, rtol=1e-9)
    with r.case("non-square case (7 x 3) equals np.linalg.cond") as c:
        C = rng.normal(size=(7, 3))
        c.close(f.condition_number(C), np.linalg.cond(C), rtol=1e-9)

    # brute force: e_t = (1 - lr lam)^t elementwise, for all t at once
    def brute(lam_k, eps, lr):
        t = np.arange(20000)[:, None]
        norms = np.sqrt(np.sum((1 - lr * lam_k) ** (2 * t), axis=1))
        return int(np.argmax(norms <= eps * np.sqrt(len(lam_k))))

    eps = 1e-6
    cases = {k: np.array([1.0 / k, 0.5, 1.0]) for k in (10, 100, 400)}  # L = 1, mu = 1/k
    with r.case("iteration counts equal a vectorised brute-force count") as c:
        for lam_k in cases.values():
            c.equal(f.gd_iterations(lam_k, eps, 1.0), brute(lam_k, eps, 1.0))
        lam_r = rng.uniform(0.1, 2.0, size=5)
        c.equal(f.gd_iterations(lam_r, 1e-4, 0.7), brute(lam_r, 1e-4, 0.7))
    with r.case("exact powers of two: stops at the first t with ||e_t|| <= eps sqrt n") as c:
        # e_t = 2 * 2^-t exactly and eps sqrt(n) = 2^-10 exactly: the count is 11, not 12
        c.equal(f.gd_iterations(np.array([0.5, 0.5, 0.5, 0.5]), 2.0**-11, 1.0), 11)
        c.equal(f.gd_iterations(np.array([1.5]), 2.0**-10, 1.0), 10)  # |1 - 1.5| = 1/2
        c.equal(f.gd_iterations(np.array([1.0, 1.0]), 0.5, 1.0), 1)
    with r.case("no progress (lr = 0) or divergence (lr = 2.5) stops at max_iter") as c:
        c.equal(f.gd_iterations(np.array([1.0, 2.0]), 1e-3, 0.0), 10000)
        c.equal(f.gd_iterations(np.array([1.0]), 1e-3, 2.5, max_iter=37), 37)
    # the mu-direction dominates; the others die far sooner, so the count is its closed form
    pred = {k: int(np.ceil(np.log(eps * np.sqrt(3)) / np.log(1 - 1.0 / k))) for k in cases}
    with r.case(
        "iteration counts match the closed form ceil(log(eps sqrt 3)/log(1 - 1/kappa)) within 1"
    ) as c:
        counts = {k: f.gd_iterations(v, eps, 1.0) for k, v in cases.items()}
        r.figure("GD iterations to 1e-6 for kappa = 10, 100, 400", list(counts.values()))
        c.true(all(abs(counts[k] - pred[k]) <= 1 for k in counts), f"{counts} vs {pred}")
    with r.case("iterations grow linearly with kappa (400 vs 100)") as c:
        c.close(
            f.gd_iterations(cases[400], eps, 1.0) / f.gd_iterations(cases[100], eps, 1.0),
            4.0,
            rtol=0.02,
        )

    # sensitivity of Ax = b: worst case ||dx||/||x|| = kappa ||db||/||b||
    b = U[:, -1] * lam[-1]  # x along the top eigenvector
    db = 1e-8 * U[:, 0]  # perturbation along the bottom eigenvector
    x = np.linalg.solve(A, b)
    dx = np.linalg.solve(A, b + db) - x
    amp = (np.linalg.norm(dx) / np.linalg.norm(x)) / (np.linalg.norm(db) / np.linalg.norm(b))
    r.figure("error amplification in the worst direction", amp)
    with r.case("worst-case amplification equals kappa") as c:
        c.close(amp, f.condition_number(A), rtol=1e-5)
    rand = []
    for _ in range(200):
        bb, d = rng.normal(size=n), 1e-8 * rng.normal(size=n)
        xx = np.linalg.solve(A, bb)
        rand.append(
            np.linalg.norm(np.linalg.solve(A, bb + d) - xx)
            / np.linalg.norm(xx)
            / (np.linalg.norm(d) / np.linalg.norm(bb))
        )
    with r.case("random perturbations never exceed the kappa bound") as c:
        kappa = f.condition_number(A)
        c.true(max(rand) <= kappa * (1 + 1e-6) and kappa < 1.01 * amp, f"max {max(rand):.4g}")
    return r


if __name__ == "__main__":
    main(run)
