"""next-token-prediction: the shifted cross-entropy objective of autoregressive LMs.

For tokens x_1..x_T the model emits logits z_t after reading x_1..x_t and is scored by
-log softmax(z_t)[x_{t+1}] (Goodfellow et al. 2016 ch. 6 on maximum likelihood and
cross-entropy; Bengio et al. 2003). Checks: log_softmax agrees with scipy.special.log_softmax
on a batch and on logits spread over thousands; the loss agrees with a per-position
np.logaddexp.reduce loop, also for huge logits; its gradient is (softmax - onehot)/(T-1) on all
rows but the last (vs finite differences of that loop); and gradient descent with it on logits
shared by all positions recovers the empirical next-token distribution, where the loss equals
its entropy (closed forms from the counts).
"""

from __future__ import annotations

import numpy as np
from scipy.special import log_softmax as scipy_log_softmax

from implementations._common import Report, main, solution

EXERCISE = ["log_softmax", "next_token_loss", "next_token_grad"]

DOC_ZH = {
    "log_softmax": """沿最后一个轴的 log softmax：z - logsumexp(z)，先减去最大值以免溢出。

输入：z，任意形状的数组。
输出：与 z 同形状的数组。

>>> log_softmax(np.array([0.0, np.log(3.0)])).round(6).tolist()
[-1.386294, -0.287682]
""",
    "next_token_loss": """自回归语言模型的下一个词元损失：logits[t] 在读完 tokens[:t+1] 之后给出，
用 tokens[t+1] 打分；返回 -log softmax(logits[t])[tokens[t+1]] 对 t = 0..T-2 的平均（自然对数）。
最后一行 logits 没有目标，不参与。

输入：logits，形状 (T, V)；tokens，长度 T 的整数数组。
输出：一个 float。

>>> round(float(next_token_loss(np.zeros((3, 4)), np.array([0, 1, 2]))), 6)
1.386294
""",
    "next_token_grad": """next_token_loss 对 logits 的梯度：第 0..T-2 行是 (softmax(z_t) - onehot(tokens[t+1])) / (T-1)，最后一行为 0。

输入：同 next_token_loss。
输出：形状 (T, V) 的数组。

>>> next_token_grad(np.zeros((2, 2)), np.array([0, 1])).tolist()
[[0.5, -0.5], [0.0, 0.0]]
""",
}

HINTS = {
    "en": (
        "Shift the targets by one: the logits at position t predict the token at t+1, so the "
        "last row has nothing to predict.",
        "log_softmax(z) = (z - max) - log(sum exp(z - max)). Loss: mean over t < T-1 of "
        "-log_softmax(z_t)[x_{t+1}]. Gradient: softmax(z_t) minus one at x_{t+1}, divided by "
        "T-1, and zeros on the last row.",
    ),
    "zh": (
        "把目标平移一位：位置 t 的 logits 预测 t+1 处的词元，所以最后一行没有要预测的东西。",
        "log_softmax(z) = (z - max) - log(sum exp(z - max))。损失：对 t < T-1 平均 -log_softmax(z_t)[x_{t+1}]。"
        "梯度：softmax(z_t) 在 x_{t+1} 处减一，再除以 T-1；最后一行为 0。",
    ),
}


def log_softmax(z):
    """Log-softmax over the last axis: z - logsumexp(z), shifted by the max to avoid overflow.

    Input: z, an array of any shape. Output: an array shaped like z.

    >>> log_softmax(np.array([0.0, np.log(3.0)])).round(6).tolist()
    [-1.386294, -0.287682]
    """
    z = z - z.max(axis=-1, keepdims=True)  # shift by the max: exact and overflow-free
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def next_token_loss(logits, tokens):
    """Next-token loss: logits[t], emitted after reading tokens[:t+1], is scored on tokens[t+1].

    Returns the mean over t = 0..T-2 of -log softmax(logits[t])[tokens[t+1]] (nats); the last
    row of logits has no target. Input: logits, (T, V); tokens, length-T integers.
    Output: a float.

    >>> round(float(next_token_loss(np.zeros((3, 4)), np.array([0, 1, 2]))), 6)
    1.386294
    """
    targets = tokens[1:]
    lp = log_softmax(logits[:-1])
    return -lp[np.arange(len(targets)), targets].mean()


def next_token_grad(logits, tokens):
    """Gradient of next_token_loss with respect to the logits.

    Rows 0..T-2: (softmax(z_t) - onehot(tokens[t+1])) / (T-1); the last row is 0.
    Input: as next_token_loss. Output: an array (T, V).

    >>> next_token_grad(np.zeros((2, 2)), np.array([0, 1])).tolist()
    [[0.5, -0.5], [0.0, 0.0]]
    """
    T = len(tokens)
    G = np.zeros_like(logits, dtype=float)
    G[:-1] = np.exp(log_softmax(logits[:-1]))
    G[np.arange(T - 1), tokens[1:]] -= 1
    return G / (T - 1)


def _loss_loop(logits, tokens):
    return np.mean([np.logaddexp.reduce(logits[t]) - logits[t, tokens[t + 1]]
                    for t in range(len(tokens) - 1)])


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Next-token prediction with the cross-entropy loss")
    T, V = 12, 7
    tokens = rng.integers(0, V, size=T)
    logits = 3 * rng.standard_normal((T, V))

    with r.case("log_softmax == scipy.special.log_softmax (batch, huge spread)") as c:
        Z = rng.standard_normal((2, 3, V))
        c.close(f.log_softmax(Z), scipy_log_softmax(Z, axis=-1), rtol=1e-12)
        c.close(f.log_softmax(500 * Z), scipy_log_softmax(500 * Z, axis=-1), rtol=1e-12)
    with r.case("loss == mean(logsumexp(z_t) - z_t[x_{t+1}]) via np.logaddexp.reduce") as c:
        loss = f.next_token_loss(logits, tokens)
        r.figure("loss (nats/token)", loss)
        c.close(loss, _loss_loop(logits, tokens), rtol=1e-12)
    with r.case("shift invariance: logits + 1000 give the same loss") as c:
        c.close(f.next_token_loss(logits + 1000.0, tokens), _loss_loop(logits, tokens),
                rtol=1e-10)
        c.close(f.next_token_loss(300 * logits, tokens), _loss_loop(300 * logits, tokens),
                rtol=1e-12)

    # Gradient w.r.t. the logits: (softmax - onehot) / (T-1) on rows 0..T-2, zero on the last row.
    with r.case("dL/dz == (softmax - onehot)/(T-1) vs finite differences") as c:
        num, eps = np.zeros_like(logits), 1e-6
        for idx in np.ndindex(*logits.shape):
            zp, zm = logits.copy(), logits.copy()
            zp[idx] += eps
            zm[idx] -= eps
            num[idx] = (_loss_loop(zp, tokens) - _loss_loop(zm, tokens)) / (2 * eps)
        c.close(f.next_token_grad(logits, tokens), num, rtol=1e-5, atol=1e-9)

    # Free logits z shared by all positions: the expected loss is H(n/M, softmax(z)), so the
    # minimiser is softmax(z) = n/M (the target counts) and the minimum is the entropy of n/M.
    seq = np.array([0, 3, 1, 1, 4, 1, 0, 6, 1, 2, 1, 4, 0, 1, 5, 1])
    q = np.bincount(seq[1:], minlength=V) / (len(seq) - 1)
    with r.case("gradient descent on the loss converges to softmax(z) = target frequencies") as c:
        z = np.zeros(V)
        for _ in range(2000):
            z -= 2.0 * f.next_token_grad(np.tile(z, (len(seq), 1)), seq).sum(0)
        c.close(np.exp(z - np.logaddexp.reduce(z)), q, atol=1e-5)
    with r.case("minimum loss equals the entropy of the target frequencies") as c:
        c.close(f.next_token_loss(np.tile(z, (len(seq), 1)), seq),
                -(q * np.log(q)).sum(), rtol=1e-8)
    return r


if __name__ == "__main__":
    main(run)
