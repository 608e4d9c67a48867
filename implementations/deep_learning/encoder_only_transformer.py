"""encoder-only-transformer: BERT-style bidirectional layers, every position sees every other.

Follows Devlin et al. (2019, BERT: a multi-layer bidirectional Transformer encoder, the
original implementation of Vaswani et al.) and Vaswani et al. (2017, sec. 3.1: each sub-layer
is followed by LayerNorm(x + Sublayer(x)), "Post-LN"), with d2l-en ch. 15 (BERT). One layer:
H = LN(X + softmax(Q K^T / sqrt(d)) V W_o), out = LN(H + relu(H W_1 + b_1) W_2 + b_2), a single
attention head and a key padding mask; BERT itself uses GELU and many heads. Checks: every
entry against a per-position loop; without position embeddings the layer is permutation
equivariant; position 0 depends on later tokens (no causal mask); padded positions have no
effect and give the same result as deleting them; every output row is normalised (mean 0,
variance 1 up to eps); and a one-token sequence reduces to a closed form.
"""

from __future__ import annotations

import numpy as np
from scipy.special import softmax

from implementations._common import Report, main, solution

EXERCISE = ["encoder_layer"]

DOC_ZH = {
    "encoder_layer": """BERT 式编码器层（双向、Post-LN、单头）。

Q = X W_q，K = X W_k，V = X W_v；A = softmax(Q Kᵀ / sqrt(d))，对键按行归一化，不加因果掩码；
pad_mask 为 False 的键位置（填充）权重为 0（None 表示不屏蔽）；
H = LN(X + (A V) W_o)，out = LN(H + relu(H W_1 + b_1) W_2 + b_2)；LN 不带参数：每行减均值，除以 sqrt(方差 + 1e-5)。
输入：X (T, d)；p，字典，键 Wq、Wk、Wv、Wo (d, d)，W1 (d, d_ff)，b1 (d_ff,)，W2 (d_ff, d)，b2 (d,)；pad_mask。
输出：形状 (T, d) 的数组。

>>> p = dict(Wq=np.eye(2), Wk=np.eye(2), Wv=np.eye(2), Wo=np.eye(2), W1=np.zeros((2, 1)),
...          b1=np.zeros(1), W2=np.zeros((1, 2)), b2=np.zeros(2))
>>> np.round(encoder_layer(np.array([[1.0, 0.0]]), p), 4).tolist()
[[1.0, -1.0]]
""",
}

HINTS = {
    "en": (
        "Self-attention with no causal mask (only padding is hidden), then two residual "
        "sub-layers, each followed by a LayerNorm of the sum.",
        "S = (X Wq)(X Wk)^T / sqrt(d); S[:, ~pad] = -inf; A = row softmax; H = LN(X + A (X Wv) Wo); "
        "out = LN(H + relu(H W1 + b1) W2 + b2), LN(x) = (x - mean) / sqrt(var + 1e-5) per row.",
    ),
    "zh": (
        "不带因果掩码的自注意力（只遮住填充位置），然后是两个残差子层，每个子层之后对和做 LayerNorm。",
        "S = (X Wq)(X Wk)ᵀ / sqrt(d)；S[:, ~pad] = -inf；A = 按行 softmax；H = LN(X + A (X Wv) Wo)；"
        "out = LN(H + relu(H W1 + b1) W2 + b2)，LN(x) = (x - 均值) / sqrt(方差 + 1e-5)（逐行）。",
    ),
}


def encoder_layer(X, p, pad_mask=None):
    """A BERT-style encoder layer: bidirectional single-head attention, Post-LN.

    Q = X W_q, K = X W_k, V = X W_v; A = softmax(Q K^T / sqrt(d)) over keys, no causal mask;
    keys where pad_mask is False (padding) get weight 0 (None masks nothing);
    H = LN(X + (A V) W_o) and out = LN(H + relu(H W_1 + b_1) W_2 + b_2), with a parameter-free
    LN: each row minus its mean, divided by sqrt(variance + 1e-5). Input: X (T, d); p, a dict
    with Wq, Wk, Wv, Wo (d, d), W1 (d, d_ff), b1 (d_ff,), W2 (d_ff, d), b2 (d,); pad_mask.
    Output: an array (T, d).

    >>> p = dict(Wq=np.eye(2), Wk=np.eye(2), Wv=np.eye(2), Wo=np.eye(2), W1=np.zeros((2, 1)),
    ...          b1=np.zeros(1), W2=np.zeros((1, 2)), b2=np.zeros(2))
    >>> np.round(encoder_layer(np.array([[1.0, 0.0]]), p), 4).tolist()
    [[1.0, -1.0]]
    """

    def ln(Z):
        return (Z - Z.mean(axis=1, keepdims=True)) / np.sqrt(Z.var(axis=1, keepdims=True) + 1e-5)

    S = (X @ p["Wq"]) @ (X @ p["Wk"]).T / np.sqrt(X.shape[1])
    if pad_mask is not None:
        S = np.where(np.asarray(pad_mask)[None, :], S, -np.inf)
    A = np.exp(S - S.max(axis=1, keepdims=True))
    A = A / A.sum(axis=1, keepdims=True)
    H = ln(X + A @ (X @ p["Wv"]) @ p["Wo"])
    return ln(H + np.maximum(H @ p["W1"] + p["b1"], 0) @ p["W2"] + p["b2"])


def _ln(Z):
    mu = Z.mean(axis=1, keepdims=True)
    return (Z - mu) / np.sqrt(((Z - mu) ** 2).mean(axis=1, keepdims=True) + 1e-5)


def _loop(X, p, keep):
    d = X.shape[1]
    rows = []
    Kx, Vx = X[keep], X[keep]
    for x in X:
        w = softmax(np.array([(x @ p["Wq"]) @ (k @ p["Wk"]) for k in Kx]) / np.sqrt(d))
        att = sum(wi * (v @ p["Wv"]) for wi, v in zip(w, Vx)) @ p["Wo"]
        rows.append(x + att)
    H = _ln(np.array(rows))
    return _ln(H + np.maximum(H @ p["W1"] + p["b1"], 0) @ p["W2"] + p["b2"])


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(14)
    r = Report("Encoder-only Transformer layer (BERT-style)")
    T, d, d_ff = 7, 6, 24
    p = {n: rng.normal(size=(d, d)) / np.sqrt(d) for n in ("Wq", "Wk", "Wv", "Wo")}
    p.update(
        W1=rng.normal(size=(d, d_ff)) / np.sqrt(d),
        b1=rng.normal(size=d_ff) * 0.1,
        W2=rng.normal(size=(d_ff, d)) / np.sqrt(d_ff),
        b2=rng.normal(size=d) * 0.1,
    )
    X = rng.normal(size=(T, d)) * 1.5

    with r.case("matches a per-position loop (bidirectional attention, Post-LN)") as c:
        out = f.encoder_layer(X, p)
        c.equal(np.shape(out), (T, d))
        c.close(out, _loop(X, p, np.ones(T, bool)), rtol=1e-9, atol=1e-12)

    with r.case("no position information: permuting tokens permutes the outputs") as c:
        perm = rng.permutation(T)
        c.close(f.encoder_layer(X[perm], p), f.encoder_layer(X, p)[perm], rtol=1e-9, atol=1e-12)

    with r.case("bidirectional: position 0 depends on the last token") as c:
        X2 = X.copy()
        X2[-1] += 2.0
        c.true(np.abs(f.encoder_layer(X2, p)[0] - f.encoder_layer(X, p)[0]).max() > 1e-4)

    keep = np.array([True] * 5 + [False] * 2)
    with r.case("padding mask: padded keys have no effect; same as deleting them") as c:
        out = f.encoder_layer(X, p, pad_mask=keep)
        c.close(out, _loop(X, p, keep), rtol=1e-9, atol=1e-12)
        c.close(out[keep], f.encoder_layer(X[keep], p), rtol=1e-9, atol=1e-12)
        Xp = X.copy()
        Xp[~keep] = rng.normal(size=(2, d)) * 50
        c.close(f.encoder_layer(Xp, p, pad_mask=keep)[keep], out[keep], rtol=1e-9, atol=1e-12)

    with r.case("Post-LN: every output row has mean 0 and variance 1 (up to eps)") as c:
        out = f.encoder_layer(X * 4, p)
        c.close(out.mean(axis=1), np.zeros(T), atol=1e-12)
        c.close(out.var(axis=1), np.ones(T), rtol=1e-3)

    with r.case("large activations: scores in the thousands stay finite (stable softmax)") as c:
        Xb = X * 60
        out = f.encoder_layer(Xb, p)
        c.true(np.all(np.isfinite(out)), "finite")
        c.close(out, _loop(Xb, p, np.ones(T, bool)), rtol=1e-7, atol=1e-9)

    with r.case("one token attends only to itself: a closed form") as c:
        x = X[:1]
        H = _ln(x + x @ p["Wv"] @ p["Wo"])
        ref = _ln(H + np.maximum(H @ p["W1"] + p["b1"], 0) @ p["W2"] + p["b2"])
        c.close(f.encoder_layer(x, p), ref, rtol=1e-9, atol=1e-12)
    r.figure(
        "parameters per layer (4 d^2 + 2 d d_ff + d_ff + d)", 4 * d * d + 2 * d * d_ff + d_ff + d
    )
    return r


if __name__ == "__main__":
    main(run)
