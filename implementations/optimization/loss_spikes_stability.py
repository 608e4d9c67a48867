"""loss-spikes-stability: two logit-growth instabilities and their fixes, z-loss and qk-layernorm.

Follows Wortsman et al. (2023), Small-scale proxies for large-scale Transformer training
instabilities: attention logits that grow until the softmax is one-hot are tamed by applying
LayerNorm to queries and keys (qk-layernorm); output logits drifting away from log-probabilities
are tamed by the auxiliary z-loss coef * (log Z)^2 with Z the softmax normaliser (coefficient
1e-4 in their runs). Checks: the z-loss equals coef (logsumexp)^2 from scipy.special and its
gradient matches central finite differences; each row of the gradient sums to 2 coef log Z / N
(softmax sums to 1); cross-entropy ignores a constant shift of the logits but the z-loss does not,
and gradient descent on the shift alone drives log Z to 0 with cross-entropy unchanged; the
qk-normalised logits equal those built from scipy.stats.zscore, are unchanged when q and k are
scaled or shifted, and stay within +-sqrt(d) (Cauchy-Schwarz); without the norm, scaling q and k
by s multiplies the logits by s^2 and the attention entropy collapses toward 0.
"""

from __future__ import annotations

import numpy as np
from scipy import special, stats

from implementations._common import Report, main, solution

EXERCISE = ["z_loss", "qk_norm_logits"]

DOC_ZH = {
    "z_loss": """z-loss：coef 乘以 log Z 平方的批平均，其中 log Z = logsumexp(logits)，并返回对 logits 的梯度。

输入：logits，形状 (N, V)；coef，系数（Wortsman 等用 1e-4）。
输出：二元组 (loss, grad)：loss = coef mean_i (log Z_i)^2；grad 形状 (N, V)，
grad_i = 2 coef log Z_i softmax(logits_i) / N。

>>> loss, g = z_loss(np.log(np.array([[2.0, 2.0]])), 1.0)
>>> round(float(loss), 6), np.round(g, 6).tolist()
(1.921812, [[1.386294, 1.386294]])
""",
    "qk_norm_logits": """qk-layernorm 的注意力 logits：先对每个查询和键在最后一维做 LayerNorm（无增益、无偏置），再做缩放点积。

输入：q，形状 (n, d)；k，形状 (m, d)；eps，加在方差上的小数。
LN(x) = (x - mean(x)) / sqrt(var(x) + eps)（按行，var 为总体方差）。
输出：(n, m) 矩阵 LN(q) LN(k)^T / sqrt(d)。

>>> np.round(qk_norm_logits(np.array([[1.0, 3.0]]), np.array([[5.0, 1.0]]), eps=0.0), 6).tolist()
[[-1.414214]]
""",
}

HINTS = {
    "en": (
        "Both fixes stop a logit from growing without bound: z-loss pulls log Z toward 0; "
        "LayerNorm on q and k fixes their length, so their dot product is bounded.",
        "z_loss: lz = logsumexp(logits, axis=1); loss = coef * mean(lz^2); grad = 2 coef "
        "lz[:, None] softmax(logits) / N. qk: LN each row (x - mean) / sqrt(var + eps), then "
        "LN(q) @ LN(k).T / sqrt(d).",
    ),
    "zh": (
        "两种修正都阻止 logit 无限增长：z-loss 把 log Z 拉向 0；对 q、k 做 LayerNorm 固定它们的长度，于是点积有界。",
        "z_loss：lz = logsumexp(logits, axis=1)；loss = coef * mean(lz^2)；grad = 2 coef "
        "lz[:, None] softmax(logits) / N。qk：每行做 (x - mean) / sqrt(var + eps)，再算 "
        "LN(q) @ LN(k).T / sqrt(d)。",
    ),
}


def z_loss(logits, coef=1e-4):
    """z-loss: coef times the batch mean of (log Z)^2, log Z = logsumexp(logits); and its gradient.

    Input: logits, an array (N, V); coef, the coefficient (1e-4 in Wortsman et al.).
    Output: (loss, grad): loss = coef mean_i (log Z_i)^2; grad (N, V) with
    grad_i = 2 coef log Z_i softmax(logits_i) / N.

    >>> loss, g = z_loss(np.log(np.array([[2.0, 2.0]])), 1.0)
    >>> round(float(loss), 6), np.round(g, 6).tolist()
    (1.921812, [[1.386294, 1.386294]])
    """
    mx = logits.max(axis=1, keepdims=True)
    lz = (mx + np.log(np.exp(logits - mx).sum(axis=1, keepdims=True)))[:, 0]
    p = np.exp(logits - lz[:, None])
    n = logits.shape[0]
    return coef * np.mean(lz**2), 2 * coef * lz[:, None] * p / n


def qk_norm_logits(q, k, eps=1e-6):
    """Attention logits with qk-layernorm: LayerNorm (no gain, no bias) on each query and key.

    Input: q, an array (n, d); k, an array (m, d); eps, added to the variance.
    LN(x) = (x - mean(x)) / sqrt(var(x) + eps) along the last axis (population variance).
    Output: the (n, m) matrix LN(q) LN(k)^T / sqrt(d).

    >>> np.round(qk_norm_logits(np.array([[1.0, 3.0]]), np.array([[5.0, 1.0]]), eps=0.0), 6).tolist()
    [[-1.414214]]
    """

    def ln(x):
        mu = x.mean(axis=-1, keepdims=True)
        var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
        return (x - mu) / np.sqrt(var + eps)

    return ln(q) @ ln(k).T / np.sqrt(q.shape[-1])


def _entropy(logits):
    p = special.softmax(logits, axis=-1)
    return float(-np.sum(p * np.log(p + 1e-300), axis=-1).mean())


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Loss spikes: z-loss and qk-layernorm")
    rng = np.random.default_rng(0)
    N, V = 4, 7
    logits = rng.normal(size=(N, V)) * 3 + np.array([[5.0], [-2.0], [0.0], [10.0]])

    with r.case("z-loss = coef mean (logsumexp)^2 (scipy.special.logsumexp)") as c:
        loss, _ = f.z_loss(logits, 1e-4)
        c.close(loss, 1e-4 * np.mean(special.logsumexp(logits, axis=1) ** 2), rtol=1e-12)
        big = logits + 800.0  # naive exp overflows here
        c.close(
            f.z_loss(big, 1e-4)[0], 1e-4 * np.mean(special.logsumexp(big, axis=1) ** 2), rtol=1e-12
        )
        c.close(f.z_loss(logits)[0], loss, rtol=1e-12)  # default coef 1e-4
        spread = np.array([[0.0, 1000.0, -5.0], [-1000.0, 2.0, 1.0]])  # exp of the range overflows
        lse = special.logsumexp(spread, axis=1)
        c.close(f.z_loss(spread, 1.0)[0], np.mean(lse**2), rtol=1e-12)
    with r.case("gradient matches central finite differences") as c:
        _, g = f.z_loss(logits, 0.3)
        fd = np.zeros_like(logits)
        h = 1e-6
        for i in range(N):
            for j in range(V):
                E = np.zeros_like(logits)
                E[i, j] = h
                fd[i, j] = (f.z_loss(logits + E, 0.3)[0] - f.z_loss(logits - E, 0.3)[0]) / (2 * h)
        c.close(g, fd, rtol=1e-5, atol=1e-9)
    with r.case("each gradient row sums to 2 coef log Z / N") as c:
        _, g = f.z_loss(logits, 0.3)
        c.close(g.sum(axis=1), 2 * 0.3 * special.logsumexp(logits, axis=1) / N, rtol=1e-10)

    labels = np.array([0, 3, 6, 2])

    def ce(z):
        return float(np.mean(special.logsumexp(z, axis=1) - z[np.arange(N), labels]))

    with r.case(
        "a logit shift leaves cross-entropy alone; GD on it with z-loss sends log Z to 0"
    ) as c:
        shift = np.zeros((N, 1))
        for _ in range(200):
            _, g = f.z_loss(logits + shift, 1.0)
            shift -= 2.0 * g.sum(axis=1, keepdims=True)  # chain rule: d/dshift = row sums
        lz = special.logsumexp(logits + shift, axis=1)
        r.figure(
            "log Z before / after",
            [np.round(special.logsumexp(logits, axis=1), 3).tolist(), np.round(lz, 6).tolist()],
        )
        c.close(lz, np.zeros(N), atol=1e-6)
        c.close(ce(logits + shift), ce(logits), rtol=1e-10)
        c.true(
            f.z_loss(logits + 5.0, 1.0)[0] != f.z_loss(logits, 1.0)[0], "the z-loss sees the shift"
        )

    d = 16
    q, k = rng.normal(size=(5, d)) + 0.5, rng.normal(size=(6, d)) - 1.0
    with r.case("qk-layernorm logits = zscore(q) zscore(k)^T / sqrt(d) (scipy.stats)") as c:
        ref = stats.zscore(q, axis=1) @ stats.zscore(k, axis=1).T / np.sqrt(d)
        c.close(f.qk_norm_logits(q, k, eps=0.0), ref, rtol=1e-10)
        c.close(f.qk_norm_logits(q, k), ref, rtol=1e-5)  # default eps = 1e-6 is tiny
        tiny = 1e-3 * (q - q.mean(axis=1, keepdims=True))  # variance 1e-6 * var(q): eps matters
        var = tiny.var(axis=1, keepdims=True)
        ref_eps = (tiny / np.sqrt(var + 1e-6)) @ stats.zscore(k, axis=1).T / np.sqrt(d)
        c.close(f.qk_norm_logits(tiny, k), ref_eps, rtol=1e-5)
    with r.case("unchanged when q, k are scaled or shifted; bounded by sqrt(d)") as c:
        base = f.qk_norm_logits(q, k, eps=0.0)
        c.close(f.qk_norm_logits(40.0 * q + 3.0, 0.2 * k - 7.0, eps=0.0), base, rtol=1e-9)
        extreme = f.qk_norm_logits(np.vstack([q, q[:1]]), np.vstack([k, q[:1]]), eps=0.0)
        c.true(
            np.abs(extreme).max() <= np.sqrt(d) + 1e-9, f"max |logit| {np.abs(extreme).max():.4f}"
        )
        c.close(extreme[-1, -1], np.sqrt(d), rtol=1e-9)  # q = k: the bound is reached
    with r.case("without the norm, s-times larger q and k give s^2 logits and entropy -> 0") as c:
        ent = {}
        for s in (1.0, 10.0, 100.0):
            raw = (s * q) @ (s * k).T / np.sqrt(d)
            ent[s] = (_entropy(raw), _entropy(f.qk_norm_logits(s * q, s * k)))
        r.figure(
            "attention entropy (raw, qk-norm) for s = 1, 10, 100",
            {s: np.round(v, 4).tolist() for s, v in ent.items()},
        )
        c.true(ent[100.0][0] < 0.01, "raw logits: nearly one-hot at s = 100")
        c.close(ent[100.0][1], ent[1.0][1], rtol=1e-6)
        c.true(ent[100.0][1] > 0.5, "qk-norm keeps the entropy")
    return r


if __name__ == "__main__":
    main(run)
