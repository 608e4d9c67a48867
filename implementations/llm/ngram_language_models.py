"""ngram-language-models: a bigram language model with add-k smoothing and its perplexity.

Follows the classical count-based n-gram model (Goodfellow et al. 2016, ch. 12; d2l ch. 9):
P(w_t | w_{t-1}) = (c(w_{t-1}, w_t) + k) / (c(w_{t-1}) + kV). Checks: the table equals exact
fractions from collections.Counter bigram counts, every row sums to one and a context never
seen is uniform; the per-token log-probabilities equal logs of those fractions and the
perplexity computed two independent ways agrees; k -> infinity gives the uniform model
(perplexity = V); the MLE (k = 0) has the smallest training cross-entropy (Gibbs' inequality),
equal to the closed form -sum c(a, b) log(c(a, b) / c(a)) / N.
"""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["bigram_table", "nll_per_token"]

DOC_ZH = {
    "bigram_table": """带 add-k 平滑的二元（bigram）语言模型：P(b | a) = (c(a, b) + k) / (c(a) + k V)，
c(a, b) 是训练文本中相邻对 (a, b) 出现的次数，c(a) = sum_b c(a, b)，V 是词表大小。

输入：tokens，训练词元（字符串列表）；vocab，词表列表；k，平滑常数。
输出：(P, idx)：P 形状 (V, V)，行是上下文 a、列是下一个词 b；idx 是词到编号的字典（按 vocab 的顺序）。

>>> P, idx = bigram_table(["a", "b", "a", "a"], ["a", "b"], 1.0)
>>> P.round(6).tolist()
[[0.5, 0.5], [0.666667, 0.333333]]
""",
    "nll_per_token": """用二元表 P 给一段文本打分：每个相邻对 (a, b) 的对数概率 log P(b | a)（自然对数）。

输入：P、idx，bigram_table 的输出；tokens，要打分的词元列表。
输出：(nll, lp)：nll 是平均负对数似然（float，每词元的交叉熵），lp 是长度 len(tokens) - 1 的对数概率数组。

>>> P, idx = bigram_table(["a", "b", "a", "a"], ["a", "b"], 1.0)
>>> round(nll_per_token(P, idx, ["a", "b"])[0], 6)
0.693147
""",
}

HINTS = {
    "en": (
        "Count adjacent pairs into a V x V table, add k to every cell, and normalise each row; "
        "a text's score is the mean of -log P over its adjacent pairs.",
        "C[idx[a], idx[b]] += 1 for each pair; P = (C + k) / (C.sum(1, keepdims=True) + k V). "
        "nll = -mean(log P[idx[a], idx[b]]) over zip(tokens, tokens[1:]); perplexity = exp(nll).",
    ),
    "zh": (
        "把相邻对计入一个 V x V 的表，每格加 k，再按行归一化；一段文本的得分是各相邻对 -log P 的平均。",
        "对每个相邻对 C[idx[a], idx[b]] += 1；P = (C + k) / (C.sum(1, keepdims=True) + k V)。"
        "nll = -mean(log P[idx[a], idx[b]])，对 zip(tokens, tokens[1:]) 求；困惑度 = exp(nll)。",
    ),
}

TRAIN = (
    "the cat sat on the mat . the dog sat on the log . "
    "the cat saw the dog . the dog saw the cat on the mat ."
).split()
TEST = "the dog sat on the mat . the cat saw the log .".split()


def bigram_table(tokens, vocab, k):
    """A bigram model with add-k smoothing: P(b | a) = (c(a, b) + k) / (c(a) + k V).

    c(a, b) counts the adjacent pairs (a, b) of the training text, c(a) = sum_b c(a, b), V is
    the vocabulary size. Input: tokens, training tokens (list of str); vocab, list of words;
    k, the smoothing constant. Output: (P, idx): P (V, V), row = context a, column = next
    word b; idx, the word -> index dict (in vocab order).

    >>> P, idx = bigram_table(["a", "b", "a", "a"], ["a", "b"], 1.0)
    >>> P.round(6).tolist()
    [[0.5, 0.5], [0.666667, 0.333333]]
    """
    idx = {w: i for i, w in enumerate(vocab)}
    V = len(vocab)
    C = np.zeros((V, V))
    for a, b in zip(tokens, tokens[1:]):
        C[idx[a], idx[b]] += 1
    P = (C + k) / (C.sum(axis=1, keepdims=True) + k * V)  # add-k smoothing, row = context
    return P, idx


def nll_per_token(P, idx, tokens):
    """Score a text with a bigram table: log P(b | a) (natural log) of each adjacent pair.

    Input: P, idx from bigram_table; tokens, the text (list of str).
    Output: (nll, lp): nll, the mean negative log-likelihood (a float, cross-entropy per
    token); lp, the array of the len(tokens) - 1 log-probabilities.

    >>> P, idx = bigram_table(["a", "b", "a", "a"], ["a", "b"], 1.0)
    >>> round(nll_per_token(P, idx, ["a", "b"])[0], 6)
    0.693147
    """
    lp = [np.log(P[idx[a], idx[b]]) for a, b in zip(tokens, tokens[1:])]
    return -float(np.mean(lp)), np.array(lp)


def _exact(tokens, vocab, k):
    """P(b|a) as exact fractions from a Counter of pairs (the reference)."""
    pairs, ctx = Counter(zip(tokens, tokens[1:])), Counter(tokens[:-1])
    k, V = Fraction(k), len(vocab)
    return {(a, b): (pairs[a, b] + k) / (ctx[a] + k * V) for a in vocab for b in vocab}


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Bigram language model with add-k smoothing")
    vocab = sorted(set(TRAIN) | set(TEST)) + ["zebra"]  # a word never seen in TRAIN
    V = len(vocab)
    ex = _exact(TRAIN, vocab, 0.5)
    r.figure("vocabulary size V", V)

    with r.case("table == exact add-k fractions from Counter bigram counts") as c:
        P, idx = f.bigram_table(TRAIN, vocab, k=0.5)
        c.close(P, [[float(ex[a, b]) for b in vocab] for a in vocab], rtol=1e-12)
        c.equal([idx[w] for w in vocab], list(range(V)))
    with r.case("each row P(.|w) sums to one; an unseen context is uniform") as c:
        c.close(P.sum(axis=1), np.ones(V), rtol=1e-12)
        c.close(P[idx["zebra"]], np.full(V, 1 / V), rtol=1e-12)
    with r.case("test log-probabilities == logs of the exact fractions") as c:
        ce, lp = f.nll_per_token(P, idx, TEST)
        ref = [math.log(ex[a, b]) for a, b in zip(TEST, TEST[1:])]
        c.close(lp, ref, rtol=1e-12)
        c.close(ce, -sum(ref) / len(ref), rtol=1e-12)
        r.figure("test cross-entropy (nats/token)", ce)
    with r.case("perplexity: exp(mean NLL) == (prod 1/p)^(1/N)") as c:
        exact_prod = math.prod(ex[a, b] for a, b in zip(TEST, TEST[1:]))
        r.figure("test perplexity", float(np.exp(ce)))
        c.close(np.exp(ce), float(exact_prod) ** (-1.0 / (len(TEST) - 1)), rtol=1e-10)

    # Huge k washes out the counts: the model tends to uniform, whose perplexity is exactly V.
    with r.case("k -> inf gives perplexity V") as c:
        Pu, iu = f.bigram_table(TRAIN, vocab, k=1e12)
        c.close(np.exp(f.nll_per_token(Pu, iu, TEST)[0]), V, rtol=1e-6)

    # On the training text the unsmoothed MLE is the best bigram model (Gibbs' inequality).
    with r.case("MLE has the lowest training cross-entropy") as c:
        vs = sorted(set(TRAIN))
        P0, i0 = f.bigram_table(TRAIN, vs, 0.0)
        ce_mle = f.nll_per_token(P0, i0, TRAIN)[0]
        ce_k = [f.nll_per_token(*f.bigram_table(TRAIN, vs, k), TRAIN)[0] for k in (0.01, 0.1, 1.0)]
        r.figure("train CE for k = 0, 0.01, 0.1, 1", [ce_mle] + ce_k)
        c.true(all(ce_mle < x for x in ce_k))
        pairs, ctx = Counter(zip(TRAIN, TRAIN[1:])), Counter(TRAIN[:-1])
        closed = -sum(n * math.log(n / ctx[a]) for (a, _), n in pairs.items()) / (len(TRAIN) - 1)
        c.close(ce_mle, closed, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
