"""gradient-accumulation: one optimiser step from several micro-batches, weighted by token count.

The mini-batch gradient is the mean of per-example gradients (d2l-en sec. 12.5); when a batch
that does not fit in memory is processed as micro-batches (as GPipe does, Huang et al. 2019),
the micro-batch gradients must be combined so that the result is that mean. With a per-token
loss and padding, micro-batches hold different numbers of real tokens, so each micro-batch mean
is weighted by its token count: g = sum_k n_k g_k / sum_k n_k. Checks, on a softmax classifier
over token features: the masked per-token gradient against central finite differences of the
masked mean cross-entropy, ignoring padded positions whatever they hold; the accumulated gradient
equals the full-batch gradient X^T (softmax - onehot) / N in one shot, for a split with unequal
counts and an all-padding micro-batch, and for 20 random splits; the plain mean of micro-batch
means (the classic bug) does not.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from implementations._common import Report, main, solution

EXERCISE = ["token_mean_grad", "accumulated_grad"]

DOC_ZH = {
    "token_mean_grad": """一个微批次上、只对有效词元求平均的交叉熵梯度（softmax 线性分类器）。

输入：W，形状 (d, V)；X，形状 (n, d) 的词元特征；y，形状 (n,) 的标签；mask，形状 (n,)，1 表示有效词元、0 表示填充。
损失：有效词元上 -log softmax(X W)[i, y_i] 的平均。
输出：二元组 (grad, count)：grad 形状 (d, V)，count 为有效词元数；count = 0 时 grad 为零矩阵。

>>> g, n = token_mean_grad(np.zeros((1, 2)), np.array([[1.0], [5.0]]), np.array([0, 1]), np.array([1, 0]))
>>> g.tolist(), n
([[-0.5, 0.5]], 1)
""",
    "accumulated_grad": """梯度累积：把各微批次的平均梯度按有效词元数加权合并成整批的平均梯度。

输入：W；micro，列表，每个元素是一个微批次 (X, y, mask)。用 token_mean_grad 求每个微批次的 (g_k, n_k)。
输出：形状 (d, V) 的 sum_k n_k g_k / sum_k n_k。

>>> mb = [(np.array([[1.0]]), np.array([0]), np.array([1])), (np.array([[1.0], [1.0]]), np.array([1, 1]), np.array([1, 1]))]
>>> np.round(accumulated_grad(np.zeros((1, 2)), mb), 6).tolist()
[[0.166667, -0.166667]]
""",
}

HINTS = {
    "en": (
        "The loss you want is a mean over every real token of the whole batch; a micro-batch "
        "mean is a mean over fewer tokens, so it needs a weight.",
        "token_mean_grad: P = softmax(X W); P[i, y_i] -= 1; zero the padded rows; "
        "grad = X^T P / count. accumulated_grad: sum(n_k * g_k) / sum(n_k).",
    ),
    "zh": (
        "想要的损失是整批所有有效词元上的平均；微批次的平均只覆盖较少的词元，所以需要加权。",
        "token_mean_grad：P = softmax(X W)；P[i, y_i] -= 1；把填充行置零；grad = X^T P / count。"
        "accumulated_grad：sum(n_k * g_k) / sum(n_k)。",
    ),
}


def token_mean_grad(W, X, y, mask):
    """The cross-entropy gradient averaged over the real tokens of one micro-batch.

    Input: W, an array (d, V); X, token features (n, d); y, labels (n,); mask (n,), 1 for a
    real token and 0 for padding. Loss: the mean over real tokens of -log softmax(X W)[i, y_i].
    Output: (grad, count): grad (d, V) and the number of real tokens; grad is zero if count = 0.

    >>> g, n = token_mean_grad(np.zeros((1, 2)), np.array([[1.0], [5.0]]), np.array([0, 1]), np.array([1, 0]))
    >>> g.tolist(), n
    ([[-0.5, 0.5]], 1)
    """
    count = int(np.sum(mask))
    if count == 0:
        return np.zeros_like(W), 0
    Z = X @ W
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = P / P.sum(axis=1, keepdims=True)
    P[np.arange(len(y)), y] -= 1.0
    P = P * mask[:, None]
    return X.T @ P / count, count


def accumulated_grad(W, micro):
    """Gradient accumulation: combine micro-batch mean gradients, weighted by real-token counts.

    Input: W; micro, a list of micro-batches (X, y, mask). token_mean_grad gives (g_k, n_k).
    Output: an array (d, V), sum_k n_k g_k / sum_k n_k.

    >>> mb = [(np.array([[1.0]]), np.array([0]), np.array([1])), (np.array([[1.0], [1.0]]), np.array([1, 1]), np.array([1, 1]))]
    >>> np.round(accumulated_grad(np.zeros((1, 2)), mb), 6).tolist()
    [[0.166667, -0.166667]]
    """
    total = np.zeros_like(W)
    n = 0
    for X, y, mask in micro:
        g, k = token_mean_grad(W, X, y, mask)
        total = total + k * g
        n += k
    return total / n


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Gradient accumulation")
    rng = np.random.default_rng(0)
    d, V, N = 5, 4, 30
    W = rng.normal(size=(d, V))
    X = rng.normal(size=(N, d))
    y = rng.integers(0, V, size=N)

    def full_grad(Xr, yr):  # one shot over the real tokens
        P = special.softmax(Xr @ W, axis=1)
        P[np.arange(len(yr)), yr] -= 1
        return Xr.T @ P / len(yr)

    def masked_ce(Wm, Xm, ym, mask):
        lp = special.log_softmax(Xm @ Wm, axis=1)[np.arange(len(ym)), ym]
        return -np.sum(lp * mask) / np.sum(mask)

    mask = (rng.random(12) < 0.6).astype(float)
    mask[0] = 1.0
    Xm, ym = X[:12].copy(), y[:12].copy()
    with r.case("per-token gradient = finite differences of the masked mean cross-entropy") as c:
        g, n = f.token_mean_grad(W, Xm, ym, mask)
        c.equal(n, int(mask.sum()))
        fd = np.zeros_like(W)
        h = 1e-6
        for i in range(d):
            for j in range(V):
                E = np.zeros_like(W)
                E[i, j] = h
                fd[i, j] = (masked_ce(W + E, Xm, ym, mask) - masked_ce(W - E, Xm, ym, mask)) / (
                    2 * h
                )
        c.close(g, fd, rtol=1e-6, atol=1e-9)
    with r.case("padded positions are ignored whatever they hold; all padding gives 0 tokens") as c:
        junk_X, junk_y = Xm.copy(), ym.copy()
        junk_X[mask == 0] = 1e3 * rng.normal(size=(int((mask == 0).sum()), d))
        junk_y[mask == 0] = (junk_y[mask == 0] + 1) % V
        c.close(
            f.token_mean_grad(W, junk_X, junk_y, mask)[0],
            f.token_mean_grad(W, Xm, ym, mask)[0],
            rtol=1e-12,
        )
        g0, n0 = f.token_mean_grad(W, Xm[:3], ym[:3], np.zeros(3))
        c.equal(n0, 0)
        c.close(g0, np.zeros_like(W))

    # a batch of 30 real tokens split into micro-batches of 7, 13 and 10 real tokens, padded to
    # length 13, plus one micro-batch that is all padding
    def pad(idx, length=13):
        Xp = np.zeros((length, d))
        yp = np.zeros(length, dtype=int)
        mp = np.zeros(length)
        Xp[: len(idx)], yp[: len(idx)], mp[: len(idx)] = X[idx], y[idx], 1.0
        return Xp, yp, mp

    split = [np.arange(0, 7), np.arange(7, 20), np.arange(20, 30)]
    micro = [pad(s) for s in split] + [pad(np.array([], dtype=int))]
    ref = full_grad(X, y)
    with r.case("accumulated = full-batch X^T (softmax - onehot) / N (counts 7, 13, 10, 0)") as c:
        c.close(f.accumulated_grad(W, micro), ref, rtol=1e-10)
        naive = np.mean([f.token_mean_grad(W, *mb)[0] for mb in micro[:3]], axis=0)
        gap = float(np.linalg.norm(naive - ref) / np.linalg.norm(ref))
        r.figure("|naive mean of micro-batch means - full| / |full|", gap)
    with r.case("20 random splits into 1-6 micro-batches all give the full-batch gradient") as c:
        for _ in range(20):
            perm = rng.permutation(N)
            cuts = np.sort(rng.choice(np.arange(1, N), size=rng.integers(0, 6), replace=False))
            parts = np.split(perm, cuts)
            c.close(f.accumulated_grad(W, [pad(p, N) for p in parts]), ref, rtol=1e-10)
    return r


if __name__ == "__main__":
    main(run)
