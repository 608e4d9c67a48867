"""magnitude-pruning: zero the smallest-magnitude weights, then retrain the survivors.

Follows Han, Pool, Tran & Dally (2015): train, prune connections below a threshold,
retrain the remaining ones. Checks: the mask keeps exactly k weights and every kept
|w| >= every dropped |w|; among all k-sparse approximations of a weight vector, magnitude
pruning minimises ||w - w_pruned|| (brute force over all C(10, 3) supports); on a linear
model with a sparse teacher, pruning 80% of a dense least-squares fit finds the teacher's
support, masked gradient-descent retraining keeps pruned weights at exactly 0 and converges to
the least-squares fit on the kept support, and the
retrained model has lower test error than both the pruned-only and the dense model. The
mask is also checked on negative weights and zeros (keep = 0 and keep = size included), and
the retraining steps equal masked gradient steps written out separately.
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["prune_mask", "retrain"]

DOC_ZH = {
    "prune_mask": """幅值剪枝的掩码：保留 |w| 最大的 keep 个权重。

输入：w，任意形状的权重数组；keep，保留个数（0 <= keep <= w.size）。
输出：与 w 同形状的布尔数组，恰有 keep 个 True。

>>> prune_mask(np.array([[0.5, -2.0], [1.0, 0.1]]), 2).tolist()
[[False, True], [True, False]]
""",
    "retrain": """剪枝后的重训练：对线性模型的均方误差 (1/2n)||X v - y||^2 做带掩码的梯度下降，
v <- v - lr·(X^T (X v - y) / n)·mask，被剪掉的权重始终为 0。

输入：v0，剪枝后的权重；mask，布尔掩码；X (n, d)；y (n,)；lr；steps。
输出：重训练后的权重数组。

>>> retrain(np.array([0.0, 0.0]), np.array([True, False]), np.eye(2), np.array([2.0, 4.0]), 1.0, 3).tolist()
[1.75, 0.0]
""",
}

HINTS = {
    "en": (
        "Rank the weights by magnitude, not by value: a large negative weight matters as "
        "much as a large positive one.",
        "mask[argsort(|w|)[::-1][:keep]] = True on the flattened array, then reshape. "
        "Retraining multiplies each gradient step by the mask so that pruned weights never "
        "move away from 0.",
    ),
    "zh": (
        "按幅值而不是按数值给权重排序：绝对值大的负权重和正权重同样重要。",
        "在展平的数组上令 mask[argsort(|w|)[::-1][:keep]] = True，再恢复形状。重训练时每个梯度步都乘以"
        "掩码，使被剪掉的权重始终停在 0。",
    ),
}


def prune_mask(w: np.ndarray, keep: int) -> np.ndarray:
    """Magnitude-pruning mask: keep the keep weights of largest |w|.

    Input: w, a weight array of any shape; keep (0 <= keep <= w.size).
    Output: a boolean array of w's shape with exactly keep True entries.

    >>> prune_mask(np.array([[0.5, -2.0], [1.0, 0.1]]), 2).tolist()
    [[False, True], [True, False]]
    """
    mask = np.zeros(w.size, dtype=bool)
    mask[np.argsort(np.abs(w).ravel())[::-1][:keep]] = True
    return mask.reshape(w.shape)


def retrain(v0, mask, X, y, lr, steps):
    """Retraining after pruning: masked gradient descent on the linear model's mean squared
    error (1/2n)||X v - y||^2, v <- v - lr (X^T (X v - y) / n) mask; pruned weights stay 0.

    Input: v0, the pruned weights; mask, a boolean mask; X (n, d); y (n,); lr; steps.
    Output: the retrained weights.

    >>> retrain(np.array([0.0, 0.0]), np.array([True, False]), np.eye(2), np.array([2.0, 4.0]), 1.0, 3).tolist()
    [1.75, 0.0]
    """
    v = np.array(v0, dtype=float)
    for _ in range(steps):
        grad = X.T @ (X @ v - y) / len(y)
        v -= lr * grad * mask
    return v


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Magnitude pruning")
    W = rng.normal(size=(16, 32))
    k = 100
    M = np.zeros(W.shape, bool)
    thr = np.sort(np.abs(W).ravel())[::-1][k - 1]  # reference threshold by sorting
    with r.case("mask keeps exactly k weights") as c:
        M = np.asarray(f.prune_mask(W, k)).astype(bool)
        c.equal(M.shape, W.shape)
        c.equal(int(M.sum()), k)
        v = np.array([-3.0, 0.0, 2.0, -0.5, 0.0, 1.0])
        c.equal(
            np.asarray(f.prune_mask(v, 3)).astype(bool), [True, False, True, False, False, True]
        )
        c.equal(int(np.asarray(f.prune_mask(v, 0)).sum()), 0)
        c.equal(int(np.asarray(f.prune_mask(v, 6)).sum()), 6)
    with r.case("every kept |w| >= every dropped |w| (= k-th largest magnitude)") as c:
        c.true(np.abs(W[M]).min() >= np.abs(W[~M]).max() and np.abs(W[M]).min() == thr)

    with r.case("magnitude pruning = best 3-sparse approximation (brute force)") as c:
        w = rng.normal(size=10)
        err = np.linalg.norm(w - w * f.prune_mask(w, 3))
        best = min(np.linalg.norm(np.delete(w, S)) for S in itertools.combinations(range(10), 3))
        c.close(err, best, rtol=1e-12)

    # sparse teacher: 10 of 50 weights non-zero
    d, n_train, n_test = 50, 80, 2000
    w_true = np.zeros(d)
    S = rng.choice(d, 10, replace=False)
    w_true[S] = rng.choice([-1, 1], 10) * rng.uniform(0.5, 1.5, 10)
    Xtr, Xte = rng.normal(size=(n_train, d)), rng.normal(size=(n_test, d))
    ytr = Xtr @ w_true + 0.3 * rng.normal(size=n_train)
    yte = Xte @ w_true + 0.3 * rng.normal(size=n_test)
    mse = lambda v: float(np.mean((Xte @ v - yte) ** 2))

    w_dense = np.linalg.lstsq(Xtr, ytr, rcond=None)[0]
    mask = np.zeros(d, bool)
    with r.case("pruning 80% of the dense fit keeps exactly the teacher's support") as c:
        mask = np.asarray(f.prune_mask(w_dense, 10)).astype(bool)
        c.true(set(np.flatnonzero(mask)) == set(S.tolist()))
    w_pruned = w_dense * mask

    lr = 0.5 / np.linalg.norm(Xtr, 2) ** 2 * n_train
    v = w_pruned.copy()
    with r.case("retraining steps equal masked gradient steps written out") as c:
        ref = w_pruned.copy()
        for _ in range(3):
            res = Xtr @ ref - ytr
            g = np.array([Xtr[:, j] @ res for j in range(d)]) / n_train
            ref = ref - lr * np.where(mask, g, 0.0)
        c.close(f.retrain(w_pruned, mask, Xtr, ytr, lr, 3), ref, rtol=1e-10, atol=1e-14)
    with r.case("pruned weights stay exactly zero during retraining") as c:
        v = np.asarray(f.retrain(w_pruned, mask, Xtr, ytr, lr, 500))
        c.true(bool(np.all(v[~mask] == 0)) and mask.sum() == 10)
        c.true(
            bool(
                np.all(
                    np.asarray(f.retrain(w_dense, mask, Xtr, ytr, lr, 5))[~mask] == w_dense[~mask]
                )
            ),
            "masked entries are never updated",
        )
    with r.case("retraining converges to least squares on the kept support (closed form)") as c:
        ls = np.zeros(d)
        ls[mask] = np.linalg.lstsq(Xtr[:, mask], ytr, rcond=None)[0]
        c.equal(int(mask.sum()), 10)
        c.close(v, ls, atol=1e-6)
    r.figure(
        "test MSE: dense, pruned, pruned + retrained (noise floor 0.09)",
        (round(mse(w_dense), 4), round(mse(w_pruned), 4), round(mse(v), 4)),
    )
    with r.case("retrained sparse model beats pruned-only and dense models") as c:
        c.true(mse(v) < mse(w_pruned) and mse(v) < mse(w_dense))
    return r


if __name__ == "__main__":
    main(run)
