"""optimal-brain-surgeon: remove a weight and optimally re-adjust the rest using H^-1.

Follows Hassibi & Stork (1992): for a quadratic loss 0.5 dw^T H dw around a minimum, deleting
weight q costs L_q = w_q^2 / (2 [H^-1]_qq) with update dw = -(w_q / [H^-1]_qq) H^-1 e_q. This is
the step reused by OBC/OBQ (Frantar et al. 2022), GPTQ and SparseGPT. Checks: the OBS update vs
solving the constrained problem's KKT system for every weight; the saliency vs the exact loss
increase; OBD's diagonal saliency w_q^2 H_qq / 2 >= OBS's; and on a least-squares layer, greedy
OBS pruning zeroes exactly the requested number of weights, its weights equal a least-squares
re-fit on the kept support, and its loss lands between the brute-force best subset (all
C(10,5) masks) and plain magnitude pruning.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["obs_step", "obs_prune"]

DOC_ZH = {
    "obs_step": """最优脑外科（OBS）的一步：删去权重 q，并用 H^-1 最优地调整其余权重。

更新 dw = -(w_q / [H^-1]_qq) H^-1 e_q（于是 w_q 变成 0）；代价（saliency）L_q = w_q^2 / (2 [H^-1]_qq)，
即二次损失 0.5 dw^T H dw 的增量。
输入：w，权重向量；Hinv，Hessian 的逆；q，要删的下标。
输出：(w_new, saliency)。

>>> w, s = obs_step(np.array([1.0, 2.0]), np.linalg.inv(np.array([[2.0, 1.0], [1.0, 2.0]])), 0)
>>> w.round(6).tolist(), round(float(s), 6)
([0.0, 2.5], 0.75)
""",
    "obs_prune": """贪心 OBS 剪枝：重复 n 次——在仍存活的权重中选 saliency 最小的，用 obs_step 删去它并调整其余，
Hessian 的逆只在存活的权重上计算（H[alive, alive] 的逆）。

输入：w，权重（二次损失的极小点）；H，Hessian；n，要删的权重个数。
输出：剪枝后的权重向量（恰有 n 个为 0）。

>>> obs_prune(np.array([1.0, 2.0]), np.array([[2.0, 1.0], [1.0, 2.0]]), 1).round(6).tolist()
[0.0, 2.5]
""",
}

HINTS = {
    "en": (
        "Deleting a weight is a linear constraint e_q^T (w + dw) = 0 on a quadratic: a Lagrange "
        "multiplier gives the best compensation in closed form.",
        "dw = -(w_q / [H^-1]_qq) H^-1[:, q], saliency w_q^2 / (2 [H^-1]_qq). Greedy pruning: "
        "invert H restricted to the surviving weights, take the smallest saliency, apply the "
        "step, set that weight to exactly 0 and drop it from the survivors.",
    ),
    "zh": (
        "删去一个权重就是在二次函数上加线性约束 e_q^T (w + dw) = 0：用拉格朗日乘子可得到闭式的最优补偿。",
        "dw = -(w_q / [H^-1]_qq) H^-1[:, q]，saliency 为 w_q^2 / (2 [H^-1]_qq)。贪心剪枝：对存活权重上的 H "
        "求逆，取 saliency 最小者，做一步更新，把该权重置为 0 并从存活集合中去掉。",
    ),
}


def obs_step(w, Hinv, q):
    """One Optimal Brain Surgeon step: delete weight q and re-adjust the others with H^-1.

    Update dw = -(w_q / [H^-1]_qq) H^-1 e_q (so w_q becomes 0); cost (saliency)
    L_q = w_q^2 / (2 [H^-1]_qq), the increase of the quadratic loss 0.5 dw^T H dw.
    Input: w, weights; Hinv, the inverse Hessian; q, the index to delete.
    Output: (w_new, saliency).

    >>> w, s = obs_step(np.array([1.0, 2.0]), np.linalg.inv(np.array([[2.0, 1.0], [1.0, 2.0]])), 0)
    >>> w.round(6).tolist(), round(float(s), 6)
    ([0.0, 2.5], 0.75)
    """
    dw = -(w[q] / Hinv[q, q]) * Hinv[:, q]
    return w + dw, w[q] ** 2 / (2 * Hinv[q, q])


def obs_prune(w, H, n):
    """Greedy OBS pruning: n times, delete the surviving weight of least saliency with obs_step
    and re-adjust the others, inverting H restricted to the survivors (H[alive, alive]).

    Input: w, weights at the minimum of the quadratic loss; H, its Hessian; n, how many
    weights to delete. Output: the pruned weights (exactly n zeros).

    >>> obs_prune(np.array([1.0, 2.0]), np.array([[2.0, 1.0], [1.0, 2.0]]), 1).round(6).tolist()
    [0.0, 2.5]
    """
    w, alive = np.array(w, dtype=float), list(range(len(w)))
    for _ in range(n):
        Hi = np.linalg.inv(H[np.ix_(alive, alive)])  # Hessian of the still-free weights
        wa = w[alive]
        j = int(np.argmin(wa**2 / np.diag(Hi)))  # least saliency (the factor 1/2 is moot)
        wa, _ = obs_step(wa, Hi, j)
        w[alive] = wa
        w[alive[j]] = 0.0
        alive.pop(j)
    return w


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Optimal Brain Surgeon")
    d, n = 10, 200
    X = rng.normal(size=(n, d)) @ (np.eye(d) + 0.6 * rng.normal(size=(d, d)))  # correlated inputs
    y = X @ rng.normal(size=d) + 0.1 * rng.normal(size=n)
    H = X.T @ X  # Hessian of 0.5 ||X w - y||^2
    w_star = np.linalg.solve(H, X.T @ y)  # trained weights (the minimum)
    loss = lambda w: 0.5 * float(np.sum((X @ w - y) ** 2))
    Hinv = np.linalg.inv(H)

    # 1. OBS update = minimiser of 0.5 dw^T H dw subject to e_q^T (w + dw) = 0 (KKT system).
    with R.case("OBS update equals the KKT solution of the constrained quadratic") as c:
        for q in range(d):
            K = np.block([[H, np.eye(d)[:, [q]]], [np.eye(d)[[q]], np.zeros((1, 1))]])
            sol = np.linalg.solve(K, np.r_[np.zeros(d), -w_star[q]])
            c.close(f.obs_step(w_star, Hinv, q)[0] - w_star, sol[:d], atol=1e-10)

    # 2. Saliency = exact increase of the (quadratic) training loss.
    with R.case("saliency w_q^2/(2 [H^-1]_qq) = loss(w_obs) - loss(w*)") as c:
        obs_all = []
        for q in range(d):
            w_obs, sal = f.obs_step(w_star, Hinv, q)
            obs_all.append(sal)
            c.close(sal, loss(w_obs) - loss(w_star), rtol=1e-7)

    # 3. OBD (diagonal Hessian, no compensation) overestimates the cost: w_q^2 H_qq / 2 >= OBS.
    with R.case("OBD saliency (= loss increase without compensation) >= OBS saliency") as c:
        for q in range(d):
            w_del = w_star.copy()
            w_del[q] = 0
            c.true(loss(w_del) - loss(w_star) >= obs_all[q] - 1e-9)
        c.true(any(w_star[q] ** 2 * H[q, q] / 2 > 1.01 * obs_all[q] for q in range(d)))

    # 4. Prune 5 of 10 weights: greedy OBS vs magnitude vs the brute-force optimum.
    def refit(S):
        wS = np.zeros(d)
        wS[list(S)] = np.linalg.lstsq(X[:, list(S)], y, rcond=None)[0]
        return wS

    keep_mag = np.argsort(-np.abs(w_star))[:5]
    w_mag = np.zeros(d)
    w_mag[keep_mag] = w_star[keep_mag]
    l_mag = loss(w_mag)
    l_best = min(loss(refit(S)) for S in combinations(range(d), 5))
    with R.case("greedy OBS prunes exactly 5 weights") as c:
        w = f.obs_prune(w_star, H, 5)
        c.equal(int(np.sum(w == 0)), 5)
    with R.case("best subset <= greedy OBS < magnitude pruning") as c:
        l_obs = loss(w)
        R.figure(
            "loss: unpruned, best subset (brute force), greedy OBS, magnitude (no re-fit)",
            [round(loss(w_star), 3), round(l_best, 3), round(l_obs, 3), round(l_mag, 3)],
        )
        c.true(l_best <= l_obs + 1e-9 and l_obs < l_mag)
    with R.case("greedy OBS weights equal a least-squares re-fit on the kept support") as c:
        c.close(w, refit(np.flatnonzero(w)), rtol=1e-7, atol=1e-9)
    with R.case("first greedy deletion == the single weight whose re-fit loses least") as c:
        w1 = f.obs_prune(w_star, H, 1)
        best_q = min(range(d), key=lambda q: loss(refit([i for i in range(d) if i != q])))
        c.equal(int(np.flatnonzero(w1 == 0)[0]), best_q)
        c.close(w1, refit([i for i in range(d) if i != best_q]), rtol=1e-7, atol=1e-9)
    return R


if __name__ == "__main__":
    main(run)
