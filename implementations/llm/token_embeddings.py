"""token-embeddings: an embedding table as a one-hot matrix product, its sparse gradient,
and weight tying with the output layer.

Follows Bengio et al. (2003) (shared feature vectors C(w)) and Vaswani et al. (2017, Sec. 3.4:
the same matrix for input embeddings and the pre-softmax projection). Checks: the lookup
equals one-hot @ E (one-hot rows built with numpy.eye, on a batch of id sequences); the
scatter-add gradient equals the dense one-hot gradient onehot^T @ dX (repeated ids accumulate,
absent ids get zero); the tied-weight loss equals a per-position np.logaddexp.reduce loop; and
the tied-weight gradient (input + output use) matches central finite differences of that loop.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["embed", "embedding_grad", "tied_loss", "tied_grad"]

DOC_ZH = {
    "embed": """查表：取出嵌入矩阵 E 中编号为 ids 的行（等价于 one-hot(ids) @ E）。

输入：E，形状 (V, d)；ids，任意形状的整数数组。
输出：形状 ids.shape + (d,) 的数组。

>>> embed(np.arange(6.0).reshape(3, 2), np.array([2, 0, 2]))
array([[4., 5.],
       [0., 1.],
       [4., 5.]])
""",
    "embedding_grad": """查表的梯度：把上游梯度 dX 的每一行加到 ids 对应的行上（scatter-add），重复的编号要累加。

输入：dX，形状 ids.shape + (d,)；ids，整数数组；V，词表大小。
输出：dE，形状 (V, d)；没有出现的词对应的行为 0。

>>> embedding_grad(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([1, 0, 1]), 3)
array([[3., 4.],
       [6., 8.],
       [0., 0.]])
""",
    "tied_loss": """权重共享（weight tying）的语言模型损失：h = tanh(E[ids] W)，logits = h E^T，
返回对 targets 的平均交叉熵（自然对数）。

输入：E，(V, d) 嵌入矩阵，同时作为输出矩阵；W，(d, d)；ids、targets，长度 T 的整数数组。
输出：一个 float。

>>> round(float(tied_loss(np.zeros((4, 2)), np.eye(2), np.array([0, 1]), np.array([2, 3]))), 6)
1.386294
""",
    "tied_grad": """tied_loss 对 E 的梯度：输出用途（logits = h E^T）与输入用途（E[ids]）两部分之和。

输入：与 tied_loss 相同。
输出：dE，形状 (V, d)。

>>> tied_grad(np.zeros((4, 2)), np.eye(2), np.array([0, 1]), np.array([2, 3])).shape
(4, 2)
""",
}

HINTS = {
    "en": (
        "A lookup is a product with one-hot rows, so its gradient is that product transposed; "
        "with tying, E receives gradient from both places it is used.",
        "dE = onehot^T dX: add each row of dX into row ids[t] (np.add.at accumulates repeats). "
        "For the tied model, dz = (softmax - onehot(target))/T; the output use gives dz^T h, "
        "the input use scatters ((dz E) * (1 - h^2)) W^T into the rows ids.",
    ),
    "zh": (
        "查表就是与 one-hot 行相乘，所以它的梯度是这个乘积的转置；共享权重时，E 从它被用到的两处都得到梯度。",
        "dE = onehot^T dX：把 dX 的每一行加到第 ids[t] 行（np.add.at 会累加重复）。共享模型中，"
        "dz = (softmax - onehot(target))/T；输出用途给出 dz^T h，输入用途把 ((dz E) * (1 - h^2)) W^T 散加到 ids 行。",
    ),
}


def log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def embed(E, ids):
    """Look up the rows ids of the embedding table E (the same as one-hot(ids) @ E).

    Input: E, shape (V, d); ids, an integer array of any shape.
    Output: an array of shape ids.shape + (d,).

    >>> embed(np.arange(6.0).reshape(3, 2), np.array([2, 0, 2]))
    array([[4., 5.],
           [0., 1.],
           [4., 5.]])
    """
    return E[ids]


def embedding_grad(dX, ids, V):
    """Gradient of the lookup: add each row of dX into row ids of dE (repeats accumulate).

    Input: dX, shape ids.shape + (d,); ids, integer array; V, vocabulary size.
    Output: dE, shape (V, d); rows of ids that do not occur are 0.

    >>> embedding_grad(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([1, 0, 1]), 3)
    array([[3., 4.],
           [6., 8.],
           [0., 0.]])
    """
    dX = np.asarray(dX)
    dE = np.zeros((V, dX.shape[-1]))
    np.add.at(dE, np.ravel(ids), dX.reshape(-1, dX.shape[-1]))  # scatter-add
    return dE


def tied_loss(E, W, ids, targets):
    """Loss of a weight-tied model: h = tanh(E[ids] W), logits = h E^T, mean cross-entropy.

    Input: E, (V, d) embeddings, also the output matrix; W, (d, d); ids, targets: integer
    arrays of length T. Output: a float (nats).

    >>> round(float(tied_loss(np.zeros((4, 2)), np.eye(2), np.array([0, 1]), np.array([2, 3]))), 6)
    1.386294
    """
    h = np.tanh(E[ids] @ W)
    lp = log_softmax(h @ E.T)
    return -lp[np.arange(len(ids)), targets].mean()


def tied_grad(E, W, ids, targets):
    """Gradient of tied_loss with respect to E: the output use (h E^T) plus the input use (E[ids]).

    Input: as tied_loss. Output: dE, shape (V, d).

    >>> tied_grad(np.zeros((4, 2)), np.eye(2), np.array([0, 1]), np.array([2, 3])).shape
    (4, 2)
    """
    T = len(ids)
    x = E[ids]
    h = np.tanh(x @ W)
    dz = np.exp(log_softmax(h @ E.T))
    dz[np.arange(T), targets] -= 1
    dz /= T
    dE = dz.T @ h  # output use of E: logits = h E^T
    dx = ((dz @ E) * (1 - h**2)) @ W.T
    np.add.at(dE, ids, dx)  # input use: sparse rows, repeats accumulate
    return dE


def _loss_loop(E, W, ids, targets):
    """The tied loss one position at a time (the reference, not the exercise)."""
    total = 0.0
    for i, t in zip(ids, targets):
        z = E @ np.tanh(W.T @ E[i])
        total += np.logaddexp.reduce(z) - z[t]
    return total / len(ids)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Token embeddings: lookup, sparse gradients, weight tying")
    V, d, T = 10, 4, 16
    E = rng.standard_normal((V, d))
    ids = rng.integers(0, V, size=T)
    ids[3] = ids[7] = ids[11] = 2  # force repeated tokens
    ids[ids == 9] = 8  # token 9 never occurs
    onehot = np.eye(V)[ids]

    with r.case("E[ids] == onehot(ids) @ E") as c:
        c.close(f.embed(E, ids), onehot @ E, rtol=0, atol=0)
        B = rng.integers(0, V, size=(2, 3))  # a batch of sequences
        c.close(f.embed(E, B), np.einsum("btv,vd->btd", np.eye(V)[B], E), rtol=0, atol=0)

    # Gradient of any loss through the lookup: dE = onehot^T @ dX.
    dX = rng.standard_normal((T, d))
    with r.case("scatter-add gradient == onehot^T @ dX") as c:
        dE = f.embedding_grad(dX, ids, V)
        c.close(dE, onehot.T @ dX, rtol=1e-12, atol=1e-14)
        c.close(dE[2], dX[ids == 2].sum(0), rtol=1e-12)  # repeats accumulate
    with r.case("rows of tokens absent from the batch get zero gradient") as c:
        r.figure("rows of E touched by the batch", int(np.count_nonzero(np.abs(dE).sum(1))))
        c.equal(dE[np.setdiff1d(np.arange(V), ids)], np.zeros((V - len(set(ids)), d)))
    with r.case("batched ids: gradient == sum of one-hot products") as c:
        B = rng.integers(0, V, size=(3, 5))
        dB = rng.standard_normal((3, 5, d))
        c.close(f.embedding_grad(dB, B, V), np.einsum("btv,btd->vd", np.eye(V)[B], dB),
                rtol=1e-12, atol=1e-14)

    W = rng.standard_normal((d, d)) / np.sqrt(d)
    targets = rng.integers(0, V, size=T)
    with r.case("tied loss == per-position logsumexp loop") as c:
        c.close(f.tied_loss(E, W, ids, targets), _loss_loop(E, W, ids, targets), rtol=1e-12)
        c.close(f.tied_loss(30 * E, W, ids, targets), _loss_loop(30 * E, W, ids, targets),
                rtol=1e-12)  # large logits: a stable softmax is needed

    with r.case("tied embedding gradient (input + output paths) == finite differences") as c:
        G = f.tied_grad(E, W, ids, targets)
        num, eps = np.zeros_like(E), 1e-6
        for i in np.ndindex(*E.shape):
            Ep, Em = E.copy(), E.copy()
            Ep[i] += eps
            Em[i] -= eps
            num[i] = (_loss_loop(Ep, W, ids, targets) - _loss_loop(Em, W, ids, targets)) / (2 * eps)
        c.close(G, num, rtol=1e-5, atol=1e-9)
    r.figure("parameters saved by tying (V*d)", V * d)
    return r


if __name__ == "__main__":
    main(run)
