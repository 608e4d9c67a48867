"""sparse-coding: explain an input with few active dictionary elements (Olshausen & Field 1996).

Follows Olshausen & Field (1996): minimise reconstruction error plus a sparseness penalty, here
the L1 choice 0.5 ||x - D a||^2 + lam ||a||_1, over the code a (inference), and adapt D to reduce
the same cost (learning). Inference here uses ISTA (gradient step + soft threshold). Checks: the
soft threshold against its piecewise closed form (zeros, the boundary |z| = t, negatives); the
first ISTA step against soft(D^T x / L, lam / L) with L from numpy.linalg.svd; ISTA's
recorded costs are the lasso costs and never increase; the result satisfies the lasso optimality
(KKT) conditions and equals an independent coordinate-descent solution; the largest coefficients
sit on the planted support of a 4-sparse code in an overcomplete dictionary; a large lam gives the
all-zero code; a dictionary gradient step with the ISTA codes lowers the cost.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["soft_threshold", "ista"]

DOC_ZH = {
    "soft_threshold": """软阈值（L1 的近端算子）：soft(z, t) = sign(z) max(|z| - t, 0)，逐元素。

输入：z，数组；t，非负阈值。
输出：与 z 同形状的数组。

>>> soft_threshold(np.array([-3.0, -0.5, 0.0, 1.0, 2.5]), 1.0).tolist()
[-2.0, -0.0, 0.0, 0.0, 1.5]
""",
    "ista": """ISTA 求解 lasso：min_a 0.5 ||x - D a||^2 + lam ||a||_1。从 a = 0 出发，迭代
a <- soft(a + D^T (x - D a) / L, lam / L)，L = ||D||_2^2（最大奇异值的平方）。

输入：x，形状 (m,)；D，字典 (m, K)；lam，正则强度；n_iter，迭代次数。
输出：(a, costs)：编码 (K,)，以及每次更新后的代价，长度 n_iter 的数组。

>>> a, costs = ista(np.array([3.0]), np.eye(1), 1.0, n_iter=2)
>>> a.tolist(), costs.tolist()
([2.0], [2.5, 2.5])
""",
}

HINTS = {
    "en": (
        "Alternate a gradient step on the squared error with a step that pulls every "
        "coefficient towards zero and sets the small ones exactly to zero.",
        "soft(z, t) = sign(z) * max(|z| - t, 0). With L = norm(D, 2)**2, repeat "
        "a = soft(a + D.T @ (x - D @ a) / L, lam / L) and record 0.5||x - D a||^2 + lam ||a||_1.",
    ),
    "zh": (
        "交替进行：对平方误差走一步梯度，再把每个系数拉向 0，并把小系数直接置为 0。",
        "soft(z, t) = sign(z) * max(|z| - t, 0)。令 L = norm(D, 2)**2，重复 "
        "a = soft(a + D.T @ (x - D @ a) / L, lam / L)，并记录 0.5||x - D a||^2 + lam ||a||_1。",
    ),
}


def soft_threshold(z, t):
    """Soft threshold (the proximal map of the L1 norm): sign(z) max(|z| - t, 0), elementwise.

    Input: an array z and a threshold t >= 0. Output: an array of z's shape.

    >>> soft_threshold(np.array([-3.0, -0.5, 0.0, 1.0, 2.5]), 1.0).tolist()
    [-2.0, -0.0, 0.0, 0.0, 1.5]
    """
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def ista(x, D, lam, n_iter):
    """ISTA for the lasso min_a 0.5 ||x - D a||^2 + lam ||a||_1, from a = 0.

    Iterate a <- soft(a + D^T (x - D a) / L, lam / L) with L = ||D||_2^2 (the squared largest
    singular value). Input: x (m,), a dictionary D (m, K), lam, n_iter. Output: (a, costs):
    the code (K,) and the cost after each update (length n_iter).

    >>> a, costs = ista(np.array([3.0]), np.eye(1), 1.0, n_iter=2)
    >>> a.tolist(), costs.tolist()
    ([2.0], [2.5, 2.5])
    """
    L = np.linalg.norm(D, 2) ** 2  # Lipschitz constant of the smooth part
    a = np.zeros(D.shape[1])
    costs = []
    for _ in range(n_iter):
        a = soft_threshold(a + D.T @ (x - D @ a) / L, lam / L)
        costs.append(0.5 * np.sum((x - D @ a) ** 2) + lam * np.abs(a).sum())
    return a, np.array(costs)


def _coordinate_descent(x, D, lam, sweeps=3000):
    # Independent lasso solver: exact minimisation over one coefficient at a time.
    a, res = np.zeros(D.shape[1]), x.copy()
    sq = (D**2).sum(0)
    for _ in range(sweeps):
        old = a.copy()
        for j in range(D.shape[1]):
            rho = D[:, j] @ res + sq[j] * a[j]
            new = np.sign(rho) * max(abs(rho) - lam, 0.0) / sq[j]
            res += D[:, j] * (a[j] - new)
            a[j] = new
        if np.abs(a - old).max() < 1e-13:  # converged
            break
    return a


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Sparse coding (ISTA inference)")

    with r.case("soft threshold equals its piecewise closed form") as c:
        z = np.array([-2.5, -1.0, -0.3, 0.0, 0.3, 1.0, 1.7, 4.0])
        ref = [v - 1.0 if v > 1 else v + 1.0 if v < -1 else 0.0 for v in z]
        c.close(f.soft_threshold(z, 1.0), ref, rtol=0, atol=1e-15)
        c.close(f.soft_threshold(z, 0.0), z, rtol=0, atol=0)

    m, K, k = 32, 64, 4  # 32-pixel patches, 2x overcomplete dictionary
    D = rng.normal(size=(m, K))
    D /= np.linalg.norm(D, axis=0)
    D[:, 0] *= 1.7  # one atom of larger norm: ||D||_2 is not 1
    support = rng.choice(np.arange(1, K), size=k, replace=False)
    a_true = np.zeros(K)
    a_true[support] = rng.choice([-1, 1], size=k) * rng.uniform(1.0, 2.0, size=k)
    x = D @ a_true + 0.01 * rng.normal(size=m)
    lam = 0.1
    cost = lambda a_: 0.5 * np.sum((x - D @ a_) ** 2) + lam * np.abs(a_).sum()

    with r.case("ISTA cost is non-increasing") as c:
        a, costs = f.ista(x, D, lam, 1000)
        r.figure("final cost", costs[-1])
        c.equal(costs.shape, (1000,))
        c.true(bool(np.all(np.diff(costs) <= 1e-12)))
        c.close(costs[-1], cost(a), rtol=1e-12)

    # Lasso optimality: g = D^T (x - D a) equals lam*sign(a) on the support and |g| <= lam off it.
    with r.case("KKT conditions hold (|g - lam sign a| < 1e-6 on support, |g| <= lam off it)") as c:
        g = D.T @ (x - D @ a)
        on = a != 0
        kkt_on = np.max(np.abs(g[on] - lam * np.sign(a[on])))
        kkt_off = np.max(np.abs(g[~on])) if (~on).any() else 0.0
        c.true(kkt_on < 1e-6 and kkt_off <= lam + 1e-9, f"on {kkt_on:.1e}, off max {kkt_off:.4f}")
    with r.case("ISTA equals an independent coordinate-descent lasso solution") as c:
        c.close(a, _coordinate_descent(x, D, lam), rtol=0, atol=1e-6)

    with r.case("the 4 largest coefficients sit on the planted support; others < 5% of the smallest planted") as c:
        top = set(np.argsort(-np.abs(a))[:k].tolist())
        others = np.delete(np.abs(a), support)
        r.figure("active units", int(np.sum(np.abs(a) > 1e-9)))
        r.figure("max |a - a_true| (l1 shrinks by about lam)", np.abs(a - a_true).max())
        c.equal(sorted(top), sorted(support.tolist()))
        c.true(others.max() < 0.05 * np.abs(a_true[support]).min(), f"largest other {others.max():.3f}")

    with r.case("the first ISTA step is soft(D^T x / L, lam / L) with L = sigma_max(D)^2") as c:
        Lr = np.linalg.svd(D, compute_uv=False)[0] ** 2
        z = D.T @ x / Lr
        a1, _ = f.ista(x, D, lam, 1)
        c.close(a1, [np.sign(v) * max(abs(v) - lam / Lr, 0.0) for v in z], rtol=1e-12, atol=1e-15)

    with r.case("lam above max |D^T x| gives the all-zero code") as c:
        big = 1.01 * np.abs(D.T @ x).max()
        a0, costs0 = f.ista(x, D, big, 50)
        c.close(a0, np.zeros(K), rtol=0, atol=0)
        c.close(costs0[-1], 0.5 * x @ x, rtol=1e-12)

    # Learning (one Olshausen-Field step): with codes fixed, move D down the reconstruction
    # gradient -(x - D a) a^T over a batch, then renormalise columns.
    with r.case("a dictionary gradient step lowers the cost") as c:
        X = D @ np.where(rng.random((K, 20)) < 0.06, rng.normal(size=(K, 20)), 0.0)
        D0 = D + 0.3 * rng.normal(size=D.shape) / np.sqrt(m)
        D0 /= np.linalg.norm(D0, axis=0)
        A = np.stack([f.ista(X[:, j], D0, lam, 200)[0] for j in range(X.shape[1])], axis=1)
        bcost = lambda Dm: 0.5 * np.sum((X - Dm @ A) ** 2) + lam * np.abs(A).sum()
        D1 = D0 + 0.02 * (X - D0 @ A) @ A.T
        D1 /= np.linalg.norm(D1, axis=0)
        r.figure("batch cost before / after one dictionary step", f"{bcost(D0):.3f} / {bcost(D1):.3f}")
        c.true(bcost(D1) < bcost(D0))
        c.true(bool(np.abs(A).sum() > 0), "codes are not all zero")
    return r


if __name__ == "__main__":
    main(run)
