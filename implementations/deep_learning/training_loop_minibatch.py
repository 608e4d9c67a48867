"""training-loop-minibatch: the epoch / mini-batch training loop with shuffling and a validation split.

Follows d2l-en ch. 3 (reading the data in shuffled minibatches, the training loop),
Goodfellow et al. sec. 5.3 (validation sets) and 5.9 (minibatch SGD), and d2l-zh ch. 3.
Exercises: a random train/validation split, a shuffled partition of one epoch into
minibatches, and minibatch SGD for linear least squares that records the loss per epoch.
Checks: the split is a disjoint cover of the right sizes and random; every epoch visits every
example exactly once in batches of the requested size (the last one smaller) and successive
epochs are shuffled differently; with one full batch an epoch is exactly one gradient step
(hand computation), for several epochs too; minibatch SGD on a noise-free linear problem
reaches the np.linalg.lstsq solution; the recorded epoch loss is the full-data loss of the
weights at that point; the same seed gives the same run.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["train_val_split", "minibatches", "train_linear"]

DOC_ZH = {
    "train_val_split": """随机划分训练集与验证集：对下标 0..n-1 做随机排列，前 round(n * val_frac) 个作验证集，其余作训练集。
随机数只能来自 rng。输出：(train_idx, val_idx)。

>>> tr, va = train_val_split(10, 0.3, np.random.default_rng(0))
>>> len(tr), len(va), sorted(np.concatenate([tr, va]).tolist()) == list(range(10))
(7, 3, True)
""",
    "minibatches": """一个 epoch 的小批量：先用 rng 把 0..n-1 随机打乱，再按顺序切成大小为 batch_size 的块（最后一块可以更小）。
输出：下标数组的列表。

>>> [len(b) for b in minibatches(10, 4, np.random.default_rng(0))]
[4, 4, 2]
""",
    "train_linear": """线性最小二乘的小批量 SGD：从 w = 0 开始，每个 epoch 用 minibatches 划分数据，
对每个批次 B 执行 w -= lr * X_B^T (X_B w - y_B) / |B|；每个 epoch 结束时记录全数据损失 0.5 * mean((X w - y)^2)。
输出：(w, losses)，losses 长度为 epochs。

>>> w, losses = train_linear(np.array([[1.0], [1.0]]), np.array([2.0, 2.0]), 0.5, 1, 2, np.random.default_rng(0))
>>> w.tolist(), losses
([1.0], [0.5])
""",
}

HINTS = {
    "en": (
        "Shuffle once per epoch with the generator you are given, then walk through the "
        "permutation in chunks; the gradient of a batch is averaged over that batch only.",
        "perm = rng.permutation(n); batches = [perm[i:i+B] for i in range(0, n, B)]. "
        "Training: for each epoch, for each batch b: w -= lr * X[b].T @ (X[b] @ w - y[b]) / len(b); "
        "then append 0.5 * mean((X @ w - y)**2).",
    ),
    "zh": (
        "每个 epoch 用传入的随机数生成器打乱一次，然后按块遍历这个排列；一个批次的梯度只在该批次内求平均。",
        "perm = rng.permutation(n)；batches = [perm[i:i+B] for i in range(0, n, B)]。"
        "训练：每个 epoch 对每个批次 b：w -= lr * X[b].T @ (X[b] @ w - y[b]) / len(b)；再记录 0.5 * mean((X @ w - y)**2)。",
    ),
}


def train_val_split(n, val_frac, rng):
    """Random train/validation split: permute 0..n-1, the first round(n * val_frac) go to
    validation, the rest to training. All randomness comes from rng. Output: (train_idx, val_idx).

    >>> tr, va = train_val_split(10, 0.3, np.random.default_rng(0))
    >>> len(tr), len(va), sorted(np.concatenate([tr, va]).tolist()) == list(range(10))
    (7, 3, True)
    """
    perm = rng.permutation(n)
    k = int(round(n * val_frac))
    return perm[k:], perm[:k]


def minibatches(n, batch_size, rng):
    """One epoch of minibatches: shuffle 0..n-1 with rng, then cut it in order into chunks of
    batch_size (the last may be smaller). Output: a list of index arrays.

    >>> [len(b) for b in minibatches(10, 4, np.random.default_rng(0))]
    [4, 4, 2]
    """
    perm = rng.permutation(n)
    return [perm[i : i + batch_size] for i in range(0, n, batch_size)]


def train_linear(X, y, lr, epochs, batch_size, rng):
    """Minibatch SGD for linear least squares from w = 0: each epoch splits the data with
    minibatches and, for each batch B, does w -= lr * X_B^T (X_B w - y_B) / |B|; after each epoch
    it records the full-data loss 0.5 * mean((X w - y)^2). Output: (w, losses), len(losses) = epochs.

    >>> w, losses = train_linear(np.array([[1.0], [1.0]]), np.array([2.0, 2.0]), 0.5, 1, 2, np.random.default_rng(0))
    >>> w.tolist(), losses
    ([1.0], [0.5])
    """
    w = np.zeros(X.shape[1])
    losses = []
    for _ in range(epochs):
        for b in minibatches(X.shape[0], batch_size, rng):
            w = w - lr * X[b].T @ (X[b] @ w - y[b]) / len(b)
        losses.append(float(0.5 * np.mean((X @ w - y) ** 2)))
    return w, losses


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Minibatch training loop")
    rng = np.random.default_rng(0)

    with r.case("split: disjoint, covers 0..n-1, sizes round(n f), random") as c:
        for n, frac in ((100, 0.2), (37, 0.25), (10, 0.0)):
            tr, va = f.train_val_split(n, frac, np.random.default_rng(n))
            c.equal(len(va), int(round(n * frac)))
            c.equal(np.sort(np.concatenate([tr, va])), np.arange(n))
        tr, va = f.train_val_split(100, 0.2, np.random.default_rng(5))
        c.true(
            not np.array_equal(np.sort(va), np.arange(20)), "validation is not just the first 20"
        )
        tr2, va2 = f.train_val_split(100, 0.2, np.random.default_rng(5))
        c.equal(va2, va)
    with r.case("an epoch visits every example once, in batches of the given size") as c:
        for n, B in ((23, 5), (20, 4), (7, 10), (1, 1)):
            bs = f.minibatches(n, B, np.random.default_rng(1))
            sizes = [len(b) for b in bs]
            c.equal(sizes, [B] * (n // B) + ([n % B] if n % B else []))
            c.equal(np.sort(np.concatenate(bs)), np.arange(n))
    with r.case("successive epochs are shuffled differently") as c:
        g = np.random.default_rng(2)
        e1 = np.concatenate(f.minibatches(50, 8, g))
        e2 = np.concatenate(f.minibatches(50, 8, g))
        c.true(not np.array_equal(e1, e2), "two epochs, two orders")
        c.true(not np.array_equal(e1, np.arange(50)), "not the identity order")

    n, d = 30, 4
    X = rng.normal(size=(n, d))
    w_true = rng.normal(size=d)
    y = X @ w_true
    with r.case("one full batch: each epoch is one gradient step (by hand)") as c:
        w, losses = f.train_linear(X, y, 0.1, 1, n, np.random.default_rng(3))
        w1 = -0.1 * X.T @ (-y) / n
        c.close(w, w1, rtol=1e-12)
        w, losses = f.train_linear(X, y, 0.1, 3, n, np.random.default_rng(3))
        wh = np.zeros(d)
        for _ in range(3):
            wh = wh - 0.1 * X.T @ (X @ wh - y) / n
        c.close(w, wh, rtol=1e-12)
        c.close(losses[-1], 0.5 * np.mean((X @ wh - y) ** 2), rtol=1e-12)
    with r.case("minibatch SGD (B = 4) reaches the least-squares solution") as c:
        w, losses = f.train_linear(X, y, 0.05, 300, 4, np.random.default_rng(4))
        c.close(w, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-6, atol=1e-8)
        c.equal(len(losses), 300)
        c.true(losses[-1] < 1e-10 and losses[0] > losses[-1])
    with r.case("recorded loss = full-data loss of the weights after that epoch") as c:
        yn = y + 0.3 * rng.normal(size=n)
        w, losses = f.train_linear(X, yn, 0.05, 5, 7, np.random.default_rng(6))
        c.close(losses[-1], 0.5 * np.mean((X @ w - yn) ** 2), rtol=1e-12)
        w4, losses4 = f.train_linear(X, yn, 0.05, 4, 7, np.random.default_rng(6))
        c.close(losses[:4], losses4, rtol=1e-12)  # same seed, same first four epochs
        r.figure("epoch losses (noisy labels, B = 7)", np.round(losses, 4).tolist())
    return r


if __name__ == "__main__":
    main(run)
