"""transformer-block: a pre-LN decoder block, x + MHA(LN(x)) then x + FFN(LN(x)), with a causal mask.

Follows Vaswani et al. (2017), Sec. 3.1-3.3 (multi-head scaled dot-product attention,
position-wise FFN, residual + LayerNorm), with LayerNorm moved inside the residual branch as
in the Pre-LN variant (Xiong et al. 2020). Checks: LayerNorm with g = 1, b = 0, eps = 0 equals
scipy.stats.zscore row by row, and its eps and affine terms match the formula on a batch axis;
the vectorised block equals an explicit per-head, per-position loop with its own per-row
LayerNorm; the causal mask makes earlier outputs independent of later inputs; adding any
per-token constant to x shifts the output by that constant (LayerNorm removes it from both
branches); without a mask the block is permutation-equivariant.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import zscore

from implementations._common import Report, main, solution

EXERCISE = ["layernorm", "block"]

DOC_ZH = {
    "layernorm": """层归一化（LayerNorm）：沿最后一个轴减去均值、除以 sqrt(方差 + eps)，再乘 g 加 b。

输入：x，形状 (..., d) 的数组；g、b，形状 (d,) 的缩放与偏移；eps，防止除零的小常数。
输出：与 x 同形状的数组。方差是总体方差（除以 d）。

>>> layernorm(np.array([[1.0, 3.0]]), np.ones(2), np.zeros(2), eps=0.0)
array([[-1.,  1.]])
""",
    "block": """一个 Pre-LN 解码器块：x = x + MHA(LN1(x))，然后 x = x + FFN(LN2(x))。

LN1、LN2 是参数为 (g1, b1)、(g2, b2)、eps = 1e-5 的 layernorm。
多头注意力：a = LN1(x)，q、k、v = a Wq + bq、a Wk + bk、a Wv + bv，按列切成 H 个头（每头 d/H 维），
分数 q k^T / sqrt(d/H)，causal 为 True 时屏蔽未来位置，按行 softmax，拼回后乘 Wo 加 bo。
FFN：gelu(LN2(x) W1 + c1) W2 + c2，gelu 用 tanh 近似：gelu(u) = 0.5 u (1 + tanh(sqrt(2/pi) (u + 0.044715 u^3)))。
输入：x，形状 (T, d)；p，参数字典（Wq、Wk、Wv、Wo、bq、bk、bv、bo、W1、c1、W2、c2、g1、b1、g2、b2）；
H，头数；causal，是否加因果掩码。
输出：(y, w)：y 形状 (T, d)，w 是注意力权重，形状 (H, T, T)。

>>> d = 4
>>> p = {n: np.zeros((d, d)) for n in ("Wq", "Wk", "Wv", "Wo")}
>>> p.update({n: np.zeros(d) for n in ("bq", "bk", "bv", "bo", "b1", "b2", "c2")})
>>> p.update(W1=np.zeros((d, 4 * d)), W2=np.zeros((4 * d, d)), c1=np.zeros(4 * d))
>>> p.update(g1=np.ones(d), g2=np.ones(d))
>>> y, w = block(np.eye(3, 4), p, 2)
>>> bool(np.all(y == np.eye(3, 4))), w.shape, w[0, 1].tolist()
(True, (2, 3, 3), [0.5, 0.5, 0.0])
""",
}

HINTS = {
    "en": (
        "Normalise before each sub-layer and add the sub-layer's output back to x; mask "
        "scores above the diagonal before the softmax.",
        "LN(x) = g (x - mean) / sqrt(var + eps) + b over the last axis. Split q, k, v into H "
        "column blocks, softmax(q k^T / sqrt(d/H)) with -inf above the diagonal, concatenate "
        "the heads, project with Wo; then the same residual pattern with the GELU FFN.",
    ),
    "zh": (
        "每个子层之前先归一化，再把子层输出加回 x；softmax 之前屏蔽对角线以上的分数。",
        "LN(x) = g (x - mean) / sqrt(var + eps) + b，沿最后一个轴。把 q、k、v 按列切成 H 块，"
        "softmax(q k^T / sqrt(d/H))，对角线以上置 -inf，拼接各头后乘 Wo；FFN 子层用同样的残差结构（GELU）。",
    ),
}


def layernorm(x, g, b, eps=1e-5):
    """LayerNorm over the last axis: subtract the mean, divide by sqrt(variance + eps), scale by g, add b.

    Input: x, an array (..., d); g, b, shape (d,) scale and shift; eps, a small constant.
    Output: an array shaped like x. The variance is the population one (divide by d).

    >>> layernorm(np.array([[1.0, 3.0]]), np.ones(2), np.zeros(2), eps=0.0)
    array([[-1.,  1.]])
    """
    mu = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return g * (x - mu) / np.sqrt(var + eps) + b


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))


def block(x, p, H, causal=True):
    """A pre-LN decoder block: x = x + MHA(LN1(x)), then x = x + FFN(LN2(x)).

    LN1, LN2: layernorm with (g1, b1), (g2, b2) and eps = 1e-5.
    Attention: a = LN1(x); q, k, v = a Wq + bq, a Wk + bk, a Wv + bv split by columns into H
    heads of d/H; scores q k^T / sqrt(d/H), future positions masked when causal, softmax by
    row; heads concatenated, then Wo, bo. FFN: gelu(LN2(x) W1 + c1) W2 + c2 with the tanh
    GELU gelu(u) = 0.5 u (1 + tanh(sqrt(2/pi) (u + 0.044715 u^3))).
    Input: x (T, d); p, the dict of parameters (Wq, Wk, Wv, Wo, bq, bk, bv, bo, W1, c1, W2,
    c2, g1, b1, g2, b2); H heads; causal, whether to mask.
    Output: (y, w): y (T, d) and the attention weights w (H, T, T).

    >>> d = 4
    >>> p = {n: np.zeros((d, d)) for n in ("Wq", "Wk", "Wv", "Wo")}
    >>> p.update({n: np.zeros(d) for n in ("bq", "bk", "bv", "bo", "b1", "b2", "c2")})
    >>> p.update(W1=np.zeros((d, 4 * d)), W2=np.zeros((4 * d, d)), c1=np.zeros(4 * d))
    >>> p.update(g1=np.ones(d), g2=np.ones(d))
    >>> y, w = block(np.eye(3, 4), p, 2)
    >>> bool(np.all(y == np.eye(3, 4))), w.shape, w[0, 1].tolist()
    (True, (2, 3, 3), [0.5, 0.5, 0.0])
    """
    T, d = x.shape
    dh = d // H
    a = layernorm(x, p["g1"], p["b1"])
    q, k, v = (a @ p["Wq"] + p["bq"], a @ p["Wk"] + p["bk"], a @ p["Wv"] + p["bv"])
    q, k, v = (m.reshape(T, H, dh).transpose(1, 0, 2) for m in (q, k, v))  # (H, T, dh)
    s = q @ k.transpose(0, 2, 1) / np.sqrt(dh)
    if causal:
        s = np.where(np.tril(np.ones((T, T), bool)), s, -np.inf)  # block the future
    w = np.exp(s - s.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    o = (w @ v).transpose(1, 0, 2).reshape(T, d)
    x = x + o @ p["Wo"] + p["bo"]
    f = gelu(layernorm(x, p["g2"], p["b2"]) @ p["W1"] + p["c1"]) @ p["W2"] + p["c2"]
    return x + f, w


def _ln_loop(x, g, b, eps=1e-5):
    """LayerNorm one row at a time with plain sums (the reference, not the exercise)."""
    out = np.zeros_like(x)
    for i, row in enumerate(x):
        mu = sum(row) / len(row)
        var = sum((v - mu) ** 2 for v in row) / len(row)
        out[i] = [g[j] * (row[j] - mu) / math.sqrt(var + eps) + b[j] for j in range(len(row))]
    return out


def block_loops(x, p, H, causal=True):
    """Same computation with explicit loops over heads, queries and keys."""
    T, d = x.shape
    dh = d // H
    a = _ln_loop(x, p["g1"], p["b1"])
    Q, K, Vv = a @ p["Wq"] + p["bq"], a @ p["Wk"] + p["bk"], a @ p["Wv"] + p["bv"]
    out = np.zeros((T, d))
    for h in range(H):
        sl = slice(h * dh, (h + 1) * dh)
        for i in range(T):
            js = range(i + 1) if causal else range(T)
            scores = [Q[i, sl] @ K[j, sl] / np.sqrt(dh) for j in js]
            e = np.exp(np.array(scores) - max(scores))
            out[i, sl] = sum(e[j] / e.sum() * Vv[j, sl] for j in js)
    y = x + out @ p["Wo"] + p["bo"]
    return y + gelu(_ln_loop(y, p["g2"], p["b2"]) @ p["W1"] + p["c1"]) @ p["W2"] + p["c2"]


def init(d, rng):
    s = 1 / np.sqrt(d)
    p = {n: s * rng.standard_normal((d, d)) for n in ("Wq", "Wk", "Wv", "Wo")}
    p.update(
        W1=s * rng.standard_normal((d, 4 * d)),
        W2=s * rng.standard_normal((4 * d, d)) / 2,
        c1=0.1 * rng.standard_normal(4 * d),
        c2=0.1 * rng.standard_normal(d),
    )
    for n in ("bq", "bk", "bv", "bo", "b1", "b2"):
        p[n] = 0.1 * rng.standard_normal(d)
    p["g1"], p["g2"] = 1 + 0.1 * rng.standard_normal(d), 1 + 0.1 * rng.standard_normal(d)
    return p


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Pre-LN Transformer decoder block")
    T, d, H = 7, 16, 4
    p = init(d, rng)
    x = rng.standard_normal((T, d))

    with r.case("LayerNorm with g=1, b=0, eps=0 == scipy.stats.zscore per row") as c:
        xb = 3 + 2 * rng.standard_normal((2, 5, 6))  # a batch axis, non-zero mean
        c.close(f.layernorm(xb, np.ones(6), np.zeros(6), eps=0.0), zscore(xb, axis=-1),
                rtol=1e-12, atol=1e-12)
    with r.case("LayerNorm eps and affine terms: g (x - mu)/sqrt(var + eps) + b") as c:
        xs = np.array([[1.0, 2.0, 6.0], [-4.0, 0.0, 0.0]])  # var 14/3 and 32/9
        g, b = np.array([2.0, -1.0, 0.5]), np.array([0.1, 0.2, -0.3])
        mu, var = np.array([[3.0], [-4 / 3]]), np.array([[14 / 3], [32 / 9]])
        c.close(f.layernorm(xs, g, b, eps=0.5), g * (xs - mu) / np.sqrt(var + 0.5) + b,
                rtol=1e-12)
        c.close(f.layernorm(xs, g, b), g * (xs - mu) / np.sqrt(var + 1e-5) + b, rtol=1e-12)

    with r.case("vectorised block == explicit loops over heads/positions") as c:
        y, w = f.block(x, p, H)
        c.close(y, block_loops(x, p, H), rtol=1e-12, atol=1e-12)
    with r.case("attention rows sum to 1 and weights above the diagonal are 0") as c:
        iu = np.triu_indices(T, 1)
        c.close(w.sum(-1), np.ones((H, T)), rtol=1e-12)
        c.equal(w[:, iu[0], iu[1]], np.zeros((H, len(iu[0]))))
        c.true(bool(np.all(w[:, np.tril_indices(T)[0], np.tril_indices(T)[1]] > 0)))

    with r.case("large scores (|q.k| ~ 1e3): softmax stays finite and exact") as c:
        pb = dict(p, Wq=30 * p["Wq"], Wk=30 * p["Wk"])
        c.close(f.block(x, pb, H)[0], block_loops(x, pb, H), rtol=1e-10, atol=1e-10)

    x2 = x.copy()
    x2[4:] += 10 * rng.standard_normal((T - 4, d))  # change only the future tokens
    with r.case("causality: outputs 0..3 unchanged when inputs 4.. change") as c:
        y2, _ = f.block(x2, p, H)
        c.close(y2[:4], y[:4], rtol=0, atol=0)
    with r.case("... while outputs 4.. do change") as c:
        c.true(np.abs(y2[4:] - y[4:]).min() > 1e-3)

    # LN removes a per-token constant from both branches, so it passes through the residuals.
    with r.case("block(x + c 1^T) == block(x) + c 1^T (LayerNorm removes the shift)") as c:
        shift = 5 * rng.standard_normal((T, 1))
        c.close(f.block(x + shift, p, H)[0], y + shift, rtol=1e-9, atol=1e-9)

    perm = rng.permutation(T)
    with r.case("no mask, no positions: block(Px) == P block(x)") as c:
        yp, _ = f.block(x[perm], p, H, causal=False)
        c.close(yp, block_loops(x, p, H, causal=False)[perm], rtol=1e-12, atol=1e-12)

    r.figure("parameters in one block (d=16): 12 d^2 + 13 d", sum(v.size for v in p.values()))
    return r


if __name__ == "__main__":
    main(run)
