"""magnitude-pruning: zero the smallest-magnitude weights, then retrain the survivors.

Follows Han, Pool, Tran & Dally (2015): train, prune connections below a threshold,
retrain the remaining ones. Checks: the mask keeps exactly k weights and every kept
|w| >= every dropped |w|; among all k-sparse approximations of a weight vector, magnitude
pruning minimises ||w - w_pruned|| (brute force over all C(10, 3) supports); on a linear
model with a sparse teacher, pruning 80% of a dense least-squares fit finds the teacher's
support, masked gradient-descent retraining keeps pruned weights at exactly 0 and converges to
the least-squares fit on the kept support, and the
retrained model has lower test error than both the pruned-only and the dense model.
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main


def prune_mask(w: np.ndarray, keep: int) -> np.ndarray:
    mask = np.zeros(w.size, dtype=bool)
    mask[np.argsort(np.abs(w).ravel())[::-1][:keep]] = True
    return mask.reshape(w.shape)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Magnitude pruning")
    W = rng.normal(size=(16, 32))
    k = 100
    M = prune_mask(W, k)
    thr = np.sort(np.abs(W).ravel())[::-1][k - 1]  # reference threshold by sorting
    r.check("mask keeps exactly k weights", int(M.sum()) == k)
    r.check(
        "every kept |w| >= every dropped |w| (= k-th largest magnitude)",
        np.abs(W[M]).min() >= np.abs(W[~M]).max() and np.abs(W[M]).min() == thr,
    )

    w = rng.normal(size=10)
    err = np.linalg.norm(w - w * prune_mask(w, 3))
    best = min(np.linalg.norm(np.delete(w, S)) for S in itertools.combinations(range(10), 3))
    r.check_close(
        "magnitude pruning = best 3-sparse approximation (brute force)", err, best, rtol=1e-12
    )

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
    mask = prune_mask(w_dense, 10)
    w_pruned = w_dense * mask
    r.check(
        "pruning 80% of the dense fit keeps exactly the teacher's support",
        set(np.flatnonzero(mask)) == set(S.tolist()),
    )

    v, lr, zero_ok = w_pruned.copy(), 0.5 / np.linalg.norm(Xtr, 2) ** 2 * n_train, True
    for _ in range(500):  # retrain: masked gradient descent
        grad = Xtr.T @ (Xtr @ v - ytr) / n_train
        v -= lr * grad * mask
        zero_ok &= bool(np.all(v[~mask] == 0))
    r.check("pruned weights stay exactly zero during retraining", zero_ok)
    ls = np.zeros(d)
    ls[mask] = np.linalg.lstsq(Xtr[:, mask], ytr, rcond=None)[0]
    r.check_close(
        "retraining converges to least squares on the kept support (closed form)", v, ls, atol=1e-6
    )
    r.figure(
        "test MSE: dense, pruned, pruned + retrained (noise floor 0.09)",
        (round(mse(w_dense), 4), round(mse(w_pruned), 4), round(mse(v), 4)),
    )
    r.check(
        "retrained sparse model beats pruned-only and dense models",
        mse(v) < mse(w_pruned) and mse(v) < mse(w_dense),
    )
    return r


if __name__ == "__main__":
    main(run)
