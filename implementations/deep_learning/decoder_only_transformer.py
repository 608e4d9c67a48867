"""decoder-only-transformer: the GPT stack, embeddings -> causal blocks -> tied unembedding.

Follows Radford et al. (2019, GPT-2: a Transformer decoder trained as a language model, with
layer normalisation before each block and an extra one after the last) and Vaswani et al.
(2017, sec. 3.4: the embedding matrix is shared with the pre-softmax projection), with d2l-en
ch. 11 (large-scale pretraining with Transformers). The blocks are given as functions (a
causal self-attention block is built in the checks); the exercise is the wiring around them:
token plus position embeddings, the blocks in order, a final LayerNorm, logits H E^T, the
shifted next-token loss and greedy generation. Checks: with no blocks the logits are
LN(E[x] + P) E^T; two non-commuting blocks are applied in order; with causal blocks earlier
logits ignore later tokens; the loss against scipy's log_softmax with targets shifted by one
(log V for uniform logits, ~0 for a perfect predictor, large if the shift is missing); and
greedy generation equals an independent step-by-step argmax.
"""

from __future__ import annotations

import numpy as np
from scipy.special import log_softmax, softmax

from implementations._common import Report, main, solution

EXERCISE = ["gpt_logits", "lm_loss", "generate"]

DOC_ZH = {
    "gpt_logits": """仅解码器 Transformer（GPT）的前向：X = E[tokens] + P[:T]，依次应用 blocks 中的每个函数，
再做一次不带参数的 LayerNorm（每行减均值、除以 sqrt(方差 + 1e-5)），最后与词嵌入共享权重得到 logits = X Eᵀ。
输入：tokens，长度 T 的整数列表；E (V, d) 词嵌入；P (T_max, d) 位置嵌入；blocks，函数列表，每个把 (T, d) 映射到 (T, d)。
输出：logits，形状 (T, V)。

>>> np.round(gpt_logits([0, 1], np.eye(2), np.zeros((4, 2)), []), 4).tolist()
[[1.0, -1.0], [-1.0, 1.0]]
""",
    "lm_loss": """下一个词元预测损失：位置 t 的 logits 预测 tokens[t+1]；对 t = 0..T-2 取平均的 -log softmax(logits[t])[tokens[t+1]]。
输入：logits (T, V)；tokens，长度 T。输出：标量平均交叉熵（自然对数）。

>>> round(float(lm_loss(np.zeros((3, 4)), [0, 1, 2])), 6)
1.386294
""",
    "generate": """贪心生成：反复用 gpt_logits 计算当前整个序列的 logits，取最后一个位置的 argmax 追加到序列末尾，共 n_new 次。
输入：tokens（提示）；E、P、blocks 同 gpt_logits；n_new。输出：提示加上新词元的列表。

>>> generate([0], np.eye(2), np.zeros((4, 2)), [], 2)
[0, 0, 0]
""",
}

HINTS = {
    "en": (
        "The blocks do the hard work; you add token and position embeddings, run the blocks in "
        "order, normalise, and reuse the embedding matrix as the output layer.",
        "X = E[tokens] + P[:T]; for blk in blocks: X = blk(X); X = (X - mean) / sqrt(var + 1e-5) "
        "per row; logits = X @ E.T. Loss: mean of -log_softmax(logits[:-1])[t, tokens[t+1]]. "
        "Generate: append argmax(logits[-1]) n times.",
    ),
    "zh": (
        "主要计算都在 blocks 里；你要做的是加上词元与位置嵌入、按顺序运行各块、归一化，并把嵌入矩阵复用为输出层。",
        "X = E[tokens] + P[:T]；for blk in blocks: X = blk(X)；每行 X = (X - 均值) / sqrt(方差 + 1e-5)；logits = X @ E.T。"
        "损失：-log_softmax(logits[:-1])[t, tokens[t+1]] 的平均。生成：把 argmax(logits[-1]) 追加 n 次。",
    ),
}


def gpt_logits(tokens, E, P, blocks):
    """Forward pass of a decoder-only (GPT-style) Transformer around given blocks.

    X = E[tokens] + P[:T]; apply each function in blocks in order; a parameter-free LayerNorm
    (each row minus its mean, divided by sqrt(variance + 1e-5)); logits = X E^T with the
    embedding matrix tied to the output layer. Input: tokens, a list of T ints; E (V, d), token
    embeddings; P (T_max, d), position embeddings; blocks, a list of functions (T, d) -> (T, d).
    Output: logits (T, V).

    >>> np.round(gpt_logits([0, 1], np.eye(2), np.zeros((4, 2)), []), 4).tolist()
    [[1.0, -1.0], [-1.0, 1.0]]
    """
    X = E[np.asarray(tokens)] + P[: len(tokens)]
    for blk in blocks:
        X = blk(X)
    X = (X - X.mean(axis=1, keepdims=True)) / np.sqrt(X.var(axis=1, keepdims=True) + 1e-5)
    return X @ E.T


def lm_loss(logits, tokens):
    """Next-token loss: the logits at position t predict tokens[t+1].

    The mean over t = 0..T-2 of -log softmax(logits[t])[tokens[t+1]] (natural log). Input:
    logits (T, V); tokens, length T. Output: the scalar mean cross-entropy.

    >>> round(float(lm_loss(np.zeros((3, 4)), [0, 1, 2])), 6)
    1.386294
    """
    z = logits[:-1]
    z = z - z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -np.mean(logp[np.arange(len(z)), np.asarray(tokens)[1:]])


def generate(tokens, E, P, blocks, n_new):
    """Greedy generation: recompute gpt_logits on the whole sequence, append the argmax of the
    last position, n_new times.

    Input: tokens, the prompt; E, P, blocks as for gpt_logits; n_new. Output: the prompt
    followed by the new tokens, as a list.

    >>> generate([0], np.eye(2), np.zeros((4, 2)), [], 2)
    [0, 0, 0]
    """
    seq = list(tokens)
    for _ in range(n_new):
        seq.append(int(np.argmax(gpt_logits(seq, E, P, blocks)[-1])))
    return seq


def _ln(X):
    mu = X.mean(axis=1, keepdims=True)
    return (X - mu) / np.sqrt(((X - mu) ** 2).mean(axis=1, keepdims=True) + 1e-5)


def _causal_block(rng, d):
    Wq, Wk, Wv = (rng.normal(size=(d, d)) / np.sqrt(d) for _ in range(3))
    W1, W2 = rng.normal(size=(d, 4 * d)) / np.sqrt(d), rng.normal(size=(4 * d, d)) / np.sqrt(4 * d)

    def blk(X):
        H = _ln(X)
        S = (H @ Wq) @ (H @ Wk).T / np.sqrt(d)
        S = np.where(np.tril(np.ones((len(X), len(X)), bool)), S, -np.inf)
        X = X + softmax(S, axis=1) @ (H @ Wv)
        return X + np.maximum(_ln(X) @ W1, 0) @ W2

    return blk


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(13)
    r = Report("Decoder-only Transformer (GPT-style)")
    V, d, T_max = 11, 8, 16
    E, P = rng.normal(size=(V, d)), rng.normal(size=(T_max, d)) * 1.5
    toks = [3, 7, 1, 0, 9, 4, 4, 2]

    with r.case("no blocks: logits = LN(E[x] + P) E^T (tied unembedding)") as c:
        c.close(f.gpt_logits(toks, E, P, []), _ln(E[toks] + P[: len(toks)]) @ E.T, rtol=1e-10)

    A, B = rng.normal(size=(d, d)) * 0.4, rng.normal(size=(d, d)) * 0.4

    def b1(X):
        return X + X @ A

    def b2(X):
        return X + np.tanh(X) @ B

    with r.case("blocks are applied in order (two non-commuting blocks)") as c:
        X0 = E[toks] + P[: len(toks)]
        c.close(f.gpt_logits(toks, E, P, [b1, b2]), _ln(b2(b1(X0))) @ E.T, rtol=1e-10)
        c.close(f.gpt_logits(toks, E, P, [b2, b1]), _ln(b1(b2(X0))) @ E.T, rtol=1e-10)

    blocks = [_causal_block(rng, d) for _ in range(2)]
    with r.case("with causal blocks, logits at t ignore tokens after t") as c:
        L = f.gpt_logits(toks, E, P, blocks)
        c.equal(np.shape(L), (len(toks), V))
        for t in (0, 4):
            alt = toks[: t + 1] + [int(v) for v in rng.integers(0, V, len(toks) - t - 1)]
            c.close(f.gpt_logits(alt, E, P, blocks)[: t + 1], L[: t + 1], rtol=1e-10)
        c.true(
            np.abs(f.gpt_logits(toks[:-1] + [5], E, P, blocks)[-1] - L[-1]).max() > 1e-6,
            "the last does not",
        )

    with r.case("loss = mean -log softmax(logits[t])[x_{t+1}] (scipy log_softmax)") as c:
        L = f.gpt_logits(toks, E, P, blocks)
        ref = -np.mean([log_softmax(L[t])[toks[t + 1]] for t in range(len(toks) - 1)])
        c.close(f.lm_loss(L, toks), ref, rtol=1e-10)
        c.close(f.lm_loss(np.zeros((len(toks), V)), toks), np.log(V), rtol=1e-12)
        r.figure(
            "loss of the random model vs log V", [round(float(ref), 4), round(float(np.log(V)), 4)]
        )

    with r.case(
        "targets are shifted by one: a perfect predictor scores ~0, an unshifted one badly"
    ) as c:
        perfect = np.full((len(toks), V), -500.0)  # huge logits: needs the max-shifted log-softmax
        perfect[np.arange(len(toks) - 1), toks[1:]] = 500.0
        c.close(f.lm_loss(perfect, toks), 0.0, atol=1e-12)
        copy = np.full((len(toks), V), -50.0)
        copy[np.arange(len(toks)), toks] = 50.0  # predicts the current token
        c.true(f.lm_loss(copy, toks) > 50, "predicting the current token is heavily penalised")
        c.close(f.lm_loss(copy[:2], toks[:2]), 100.0, rtol=1e-12)

    with r.case("greedy generation = step-by-step argmax of an independent forward") as c:
        seq = [3, 7]
        for _ in range(6):
            X = E[seq] + P[: len(seq)]
            for blk in blocks:
                X = blk(X)
            seq.append(int(np.argmax((_ln(X) @ E.T)[-1])))
        out = f.generate([3, 7], E, P, blocks, 6)
        c.equal(list(out), seq)
        r.figure("greedy continuation of [3, 7]", seq)
    r.figure("parameters: token + position embeddings (tied output adds none)", E.size + P.size)
    return r


if __name__ == "__main__":
    main(run)
