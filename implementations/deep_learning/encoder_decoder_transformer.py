"""encoder-decoder-transformer: the T5-style decoder layer, causal self-attention plus cross-attention.

Follows Vaswani et al. (2017, sec. 3.1: the decoder inserts a third sub-layer that attends over
the encoder output, and its self-attention is masked) and Raffel et al. (2020, T5 sec. 2.1: an
encoder-decoder Transformer with the normalisation moved to the start of each sub-layer and
simplified to a rescaling with no additive bias, i.e. RMS normalisation). One decoder layer,
single-head: Y += SelfAttn_causal(N(Y)); Y += CrossAttn(N(Y), M); Y += relu(N(Y) W_1) W_2 with
N(y) = y / sqrt(mean(y^2) + 1e-6). Checks: every entry against an independent per-position
loop; target position t ignores later targets but reads the whole encoder memory; padded
memory positions have no effect and equal deleting them; permuting the memory changes nothing;
with the cross-attention output projection at zero the layer is a decoder-only layer; and with
every output projection at zero the pre-norm residual layer is the identity.
"""

from __future__ import annotations

import numpy as np
from scipy.special import softmax

from implementations._common import Report, main, solution

EXERCISE = ["decoder_layer"]

DOC_ZH = {
    "decoder_layer": """T5 式编码器-解码器中的一个解码器层（单头，Pre-norm，RMS 归一化，无偏置）。

N(y) = y / sqrt(mean(y²) + 1e-6)（逐行）；注意力 attn(Q, K, V, mask) = softmax(Q Kᵀ / sqrt(d)，被屏蔽处为 -inf) V。
1. 因果自注意力：H = N(Y)，Y = Y + attn(H Sq, H Sk, H Sv, j <= i) So；
2. 交叉注意力：H = N(Y)，Y = Y + attn(H Cq, M Ck, M Cv, mem_mask) Co（M 是编码器输出，mem_mask 为 False 的位置是填充）；
3. 前馈：Y = Y + relu(N(Y) W1) W2。
输入：Y (T, d) 目标侧表示；M (S, d) 编码器输出；p，字典，键 Sq、Sk、Sv、So、Cq、Ck、Cv、Co (d, d)，W1 (d, d_ff)，W2 (d_ff, d)；
mem_mask，长度 S 的布尔数组或 None。输出：(T, d)。

>>> z = np.zeros((1, 1))
>>> p = dict(Sq=z, Sk=z, Sv=z, So=z, Cq=z, Ck=z, Cv=np.ones((1, 1)), Co=np.ones((1, 1)), W1=z, W2=z)
>>> decoder_layer(np.array([[1.0]]), np.array([[2.0], [4.0]]), p).tolist()
[[4.0]]
""",
}

HINTS = {
    "en": (
        "Three residual sub-layers, each reading a normalised copy of the running target "
        "representation: masked self-attention, attention into the encoder memory, feed-forward.",
        "N(y) = y / sqrt(mean(y^2) + 1e-6). Self: scores (H Sq)(H Sk)^T / sqrt(d) with j > i set to "
        "-inf. Cross: queries N(Y) Cq, keys M Ck, values M Cv, padded memory set to -inf. Add each "
        "sub-layer's output back to Y.",
    ),
    "zh": (
        "三个残差子层，每个都读取当前目标表示的归一化副本：带掩码的自注意力、对编码器记忆的注意力、前馈网络。",
        "N(y) = y / sqrt(mean(y^2) + 1e-6)。自注意力：得分 (H Sq)(H Sk)ᵀ / sqrt(d)，j > i 处置为 -inf。交叉注意力："
        "查询 N(Y) Cq，键 M Ck，值 M Cv，填充的记忆位置置为 -inf。每个子层的输出都加回到 Y 上。",
    ),
}


def decoder_layer(Y, M, p, mem_mask=None):
    """One decoder layer of a T5-style encoder-decoder (single head, pre-norm, RMS, no biases).

    N(y) = y / sqrt(mean(y^2) + 1e-6) per row; attn(Q, K, V, mask) = softmax(Q K^T / sqrt(d),
    -inf where masked) V. (1) causal self-attention: H = N(Y), Y = Y + attn(H Sq, H Sk, H Sv,
    j <= i) So; (2) cross-attention: H = N(Y), Y = Y + attn(H Cq, M Ck, M Cv, mem_mask) Co with
    M the encoder output and mem_mask False at padding; (3) feed-forward: Y = Y + relu(N(Y) W1) W2.
    Input: Y (T, d); M (S, d); p, a dict with Sq, Sk, Sv, So, Cq, Ck, Cv, Co (d, d), W1 (d, d_ff),
    W2 (d_ff, d); mem_mask, a boolean array of length S or None. Output: (T, d).

    >>> z = np.zeros((1, 1))
    >>> p = dict(Sq=z, Sk=z, Sv=z, So=z, Cq=z, Ck=z, Cv=np.ones((1, 1)), Co=np.ones((1, 1)), W1=z, W2=z)
    >>> decoder_layer(np.array([[1.0]]), np.array([[2.0], [4.0]]), p).tolist()
    [[4.0]]
    """

    def norm(Z):
        return Z / np.sqrt(np.mean(Z**2, axis=1, keepdims=True) + 1e-6)

    def attn(Q, K, V, allowed):
        S = np.where(allowed, Q @ K.T / np.sqrt(Q.shape[1]), -np.inf)
        A = np.exp(S - S.max(axis=1, keepdims=True))
        return (A / A.sum(axis=1, keepdims=True)) @ V

    T = len(Y)
    H = norm(Y)
    Y = Y + attn(H @ p["Sq"], H @ p["Sk"], H @ p["Sv"], np.tril(np.ones((T, T), bool))) @ p["So"]
    H = norm(Y)
    keep = np.ones(len(M), bool) if mem_mask is None else np.asarray(mem_mask)
    Y = Y + attn(H @ p["Cq"], M @ p["Ck"], M @ p["Cv"], keep[None, :]) @ p["Co"]
    return Y + np.maximum(norm(Y) @ p["W1"], 0) @ p["W2"]


def _rms(z):
    return z / np.sqrt((z**2).mean() + 1e-6)


def _loop(Y, M, p, keep=None, cross=True):
    d = Y.shape[1]
    keep = np.ones(len(M), bool) if keep is None else keep
    Y1 = []
    for t in range(len(Y)):
        q = _rms(Y[t]) @ p["Sq"]
        ks = [_rms(Y[j]) @ p["Sk"] for j in range(t + 1)]
        vs = [_rms(Y[j]) @ p["Sv"] for j in range(t + 1)]
        w = softmax(np.array([q @ k for k in ks]) / np.sqrt(d))
        Y1.append(Y[t] + sum(wi * v for wi, v in zip(w, vs)) @ p["So"])
    out = []
    for y in Y1:
        if cross:
            q = _rms(y) @ p["Cq"]
            Mk = M[keep]
            w = softmax(np.array([q @ (m @ p["Ck"]) for m in Mk]) / np.sqrt(d))
            y = y + sum(wi * (m @ p["Cv"]) for wi, m in zip(w, Mk)) @ p["Co"]
        out.append(y + np.maximum(_rms(y) @ p["W1"], 0) @ p["W2"])
    return np.array(out)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(15)
    r = Report("Encoder-decoder Transformer: the decoder layer (T5-style)")
    T, S, d, d_ff = 5, 7, 6, 16
    names = ("Sq", "Sk", "Sv", "So", "Cq", "Ck", "Cv", "Co")
    p = {n: rng.normal(size=(d, d)) / np.sqrt(d) for n in names}
    p.update(
        W1=rng.normal(size=(d, d_ff)) / np.sqrt(d), W2=rng.normal(size=(d_ff, d)) / np.sqrt(d_ff)
    )
    Y, M = rng.normal(size=(T, d)), rng.normal(size=(S, d)) * 1.5

    with r.case("matches an independent per-position loop") as c:
        out = f.decoder_layer(Y, M, p)
        c.equal(np.shape(out), (T, d))
        c.close(out, _loop(Y, M, p), rtol=1e-9, atol=1e-12)

    with r.case("target position t ignores later targets") as c:
        out = f.decoder_layer(Y, M, p)
        Y2 = Y.copy()
        Y2[3:] = rng.normal(size=(T - 3, d)) * 4
        out2 = f.decoder_layer(Y2, M, p)
        c.close(out2[:3], out[:3], rtol=1e-12)
        c.true(np.abs(out2[3:] - out[3:]).max() > 1e-3, "later positions do change")

    with r.case("... but every target position reads the whole encoder memory") as c:
        M2 = M.copy()
        M2[-1] += 3.0
        delta = np.abs(f.decoder_layer(Y, M2, p) - f.decoder_layer(Y, M, p)).max(axis=1)
        c.true(np.all(delta > 1e-5), f"min change {delta.min():.2e}")

    keep = np.array([True] * 4 + [False] * 3)
    with r.case("padded memory positions have no effect: same as deleting them") as c:
        out = f.decoder_layer(Y, M, p, mem_mask=keep)
        c.close(out, _loop(Y, M, p, keep), rtol=1e-9, atol=1e-12)
        c.close(f.decoder_layer(Y, M[keep], p), out, rtol=1e-9, atol=1e-12)
        Mp = M.copy()
        Mp[~keep] = rng.normal(size=(3, d)) * 30
        c.close(f.decoder_layer(Y, Mp, p, mem_mask=keep), out, rtol=1e-12)

    with r.case("permuting the encoder memory changes nothing") as c:
        perm = rng.permutation(S)
        c.close(f.decoder_layer(Y, M[perm], p), f.decoder_layer(Y, M, p), rtol=1e-10, atol=1e-12)

    with r.case("cross-attention output projection 0: a decoder-only layer") as c:
        q = dict(p, Co=np.zeros((d, d)))
        c.close(f.decoder_layer(Y, M, q), _loop(Y, M, p, cross=False), rtol=1e-9, atol=1e-12)

    with r.case("all output projections 0: the pre-norm residual layer is the identity") as c:
        q = dict(p, So=np.zeros((d, d)), Co=np.zeros((d, d)), W2=np.zeros((d_ff, d)))
        c.close(f.decoder_layer(Y, M, q), Y, rtol=1e-14)

    with r.case("large activations stay finite (stable softmax)") as c:
        out = f.decoder_layer(Y, M * 80, dict(p, Ck=p["Ck"] * 80))
        c.true(np.all(np.isfinite(out)), "finite")
        c.close(out, _loop(Y, M * 80, dict(p, Ck=p["Ck"] * 80)), rtol=1e-7, atol=1e-9)
    r.figure("decoder layer parameters (8 d^2 + 2 d d_ff)", 8 * d * d + 2 * d * d_ff)
    return r


if __name__ == "__main__":
    main(run)
