"""unigram-tokenization: the unigram language-model tokenizer (Kudo 2018, SentencePiece).

Follows Kudo, "Subword Regularization" (arXiv 1804.10959): a segmentation x = (x_1..x_M)
of a string has probability prod p(x_i); the best segmentation is found by the Viterbi
algorithm; the vocabulary's probabilities are fitted by EM, whose E-step needs the expected
number of times each piece occurs under P(x | string), computed by forward-backward over the
lattice of pieces; SentencePiece (Kudo and Richardson, arXiv 1808.06226) ships this model.
Checks: Viterbi equals the best of ALL segmentations enumerated by brute force (strings up to
11 characters, 2^10 cut patterns), with the same score; the forward log-marginal equals
log-sum-exp over all segmentations; expected piece counts equal the brute-force posterior
average and sum to the expected number of pieces; one EM step built on them never lowers the
corpus likelihood.
"""

from __future__ import annotations

from itertools import product

import numpy as np
from scipy.special import logsumexp

from implementations._common import Report, main, solution

EXERCISE = ["viterbi_segment", "log_marginal", "expected_counts"]

DOC_ZH = {
    "viterbi_segment": """一元语言模型分词的维特比解码：在所有切分中找 sum log p(piece) 最大的一个。

输入：text，字符串；logp，字典 {子词: 对数概率}（所有单字符都在其中）。
输出：(pieces, score)：子词列表（拼接后等于 text）和它的对数概率之和。

>>> viterbi_segment("ab", {"a": np.log(0.3), "b": np.log(0.3), "ab": np.log(0.2)})[0]
['ab']
""",
    "log_marginal": """前向算法：对所有切分求和的对数边缘概率 log sum_x prod_i p(x_i)。

输入：text；logp。
输出：浮点数。

>>> round(float(log_marginal("ab", {"a": np.log(0.3), "b": np.log(0.3), "ab": np.log(0.2)})), 6)
-1.237874
""",
    "expected_counts": """前向-后向算法：在后验 P(切分 | text) 下每个子词出现次数的期望（EM 的 E 步）。

输入：text；logp。
输出：字典 {子词: 期望次数}，只含在某个切分中出现过的子词。

>>> c = expected_counts("ab", {"a": np.log(0.3), "b": np.log(0.3), "ab": np.log(0.2)})
>>> round(c["ab"], 6), round(c["a"], 6)
(0.689655, 0.310345)
""",
}

HINTS = {
    "en": (
        "Build a lattice: node i is the position after i characters, and every vocabulary "
        "piece text[i:j] is an edge i -> j weighted by log p(piece).",
        "Viterbi: best[j] = max_i best[i] + logp[text[i:j]] with back-pointers. Forward: "
        "alpha[j] = logsumexp_i alpha[i] + logp[text[i:j]]; backward beta likewise from the "
        "end; E[count of edge i->j] = exp(alpha[i] + logp + beta[j] - alpha[L]).",
    ),
    "zh": (
        "建一个格：节点 i 表示读完前 i 个字符的位置，词表中的每个子词 text[i:j] 是一条权重为 log p(子词) 的边 i -> j。",
        "维特比：best[j] = max_i best[i] + logp[text[i:j]]，并记下回溯指针。前向：alpha[j] = logsumexp_i "
        "alpha[i] + logp[text[i:j]]；后向 beta 从末尾同样计算；边 i->j 的期望次数 = "
        "exp(alpha[i] + logp + beta[j] - alpha[L])。",
    ),
}


def _edges(text, logp):
    L = len(text)
    return [(i, j, text[i:j]) for i in range(L) for j in range(i + 1, L + 1) if text[i:j] in logp]


def viterbi_segment(text, logp):
    """Viterbi decoding of the unigram LM tokenizer: the segmentation with the largest sum of
    log p(piece).

    Input: text, a string; logp, a dict {piece: log-probability} containing every single
    character. Output: (pieces, score): the list of pieces (joining to text) and its summed
    log-probability.

    >>> viterbi_segment("ab", {"a": np.log(0.3), "b": np.log(0.3), "ab": np.log(0.2)})[0]
    ['ab']
    """
    L = len(text)
    best = [-np.inf] * (L + 1)
    back = [0] * (L + 1)
    best[0] = 0.0
    for j in range(1, L + 1):
        for i in range(j):
            piece = text[i:j]
            if piece in logp and best[i] + logp[piece] > best[j]:
                best[j], back[j] = best[i] + logp[piece], i
    pieces, j = [], L
    while j > 0:
        pieces.append(text[back[j] : j])
        j = back[j]
    return pieces[::-1], best[L]


def _alpha_beta(text, logp):
    L = len(text)
    alpha = np.full(L + 1, -np.inf)
    beta = np.full(L + 1, -np.inf)
    alpha[0], beta[L] = 0.0, 0.0
    for j in range(1, L + 1):
        alpha[j] = logsumexp(
            [alpha[i] + logp[text[i:j]] for i in range(j) if text[i:j] in logp] or [-np.inf]
        )
    for i in range(L - 1, -1, -1):
        beta[i] = logsumexp(
            [logp[text[i:j]] + beta[j] for j in range(i + 1, L + 1) if text[i:j] in logp]
            or [-np.inf]
        )
    return alpha, beta


def log_marginal(text, logp):
    """Forward algorithm: the log-probability of the string summed over all segmentations,
    log sum_x prod_i p(x_i).

    Input: text; logp. Output: a float.

    >>> round(float(log_marginal("ab", {"a": np.log(0.3), "b": np.log(0.3), "ab": np.log(0.2)})), 6)
    -1.237874
    """
    return _alpha_beta(text, logp)[0][len(text)]


def expected_counts(text, logp):
    """Forward-backward: the expected number of occurrences of each piece under the posterior
    P(segmentation | text) (the E-step of EM).

    Input: text; logp. Output: a dict {piece: expected count} holding every piece that
    occurs in some segmentation.

    >>> c = expected_counts("ab", {"a": np.log(0.3), "b": np.log(0.3), "ab": np.log(0.2)})
    >>> round(c["ab"], 6), round(c["a"], 6)
    (0.689655, 0.310345)
    """
    alpha, beta = _alpha_beta(text, logp)
    Z = alpha[len(text)]
    out = {}
    for i, j, piece in _edges(text, logp):
        w = float(np.exp(alpha[i] + logp[piece] + beta[j] - Z))
        out[piece] = out.get(piece, 0.0) + w
    return out


def all_segmentations(text, logp):
    """Every way to cut text into vocabulary pieces (brute force over 2^(L-1) cut patterns)."""
    L = len(text)
    segs = []
    for cuts in product((0, 1), repeat=L - 1):
        pieces, start = [], 0
        for k, cut in enumerate(cuts, start=1):
            if cut:
                pieces.append(text[start:k])
                start = k
        pieces.append(text[start:])
        if all(p in logp for p in pieces):
            segs.append(pieces)
    return segs


def make_vocab(rng, corpus):
    pieces = set()
    for w in corpus:
        for i in range(len(w)):
            for j in range(i + 1, min(len(w), i + 4) + 1):
                pieces.add(w[i:j])
    pieces = sorted(pieces)
    keep = [p for p in pieces if len(p) == 1 or rng.random() < 0.6]
    p = rng.dirichlet(np.ones(len(keep)))
    return {k: float(np.log(v)) for k, v in zip(keep, p)}


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Unigram LM tokenizer: Viterbi, forward-backward and EM vs enumeration")
    corpus = ["abracadabra", "banana", "cabbage", "abba", "baccarat", "arcade", "a", "dab"]
    logp = make_vocab(rng, corpus)
    segs = {w: all_segmentations(w, logp) for w in corpus}
    r.figure("segmentations per word (brute force)", {w: len(s) for w, s in segs.items()})

    def score(pieces):
        return sum(logp[p] for p in pieces)

    with r.case("Viterbi equals the best of all segmentations (brute force)") as c:
        for w in corpus:
            best = max(segs[w], key=score)
            pieces, sc = f.viterbi_segment(w, logp)
            c.true(list(pieces) == best, f"{w}: {pieces} vs {best}")
            c.close(sc, score(best), rtol=1e-12)

    with r.case("forward log-marginal equals log-sum-exp over all segmentations") as c:
        for w in corpus:
            c.close(f.log_marginal(w, logp), logsumexp([score(s) for s in segs[w]]), rtol=1e-12)

    with r.case("expected piece counts equal the brute-force posterior average") as c:
        for w in corpus:
            lz = logsumexp([score(s) for s in segs[w]])
            want = {}
            for s in segs[w]:
                post = np.exp(score(s) - lz)
                for p in s:
                    want[p] = want.get(p, 0.0) + post
            got = f.expected_counts(w, logp)
            keys = sorted(set(want) | set(got))
            c.close([got.get(k, 0.0) for k in keys], [want.get(k, 0.0) for k in keys], atol=1e-10)
            n_exp = sum(np.exp(score(s) - lz) * len(s) for s in segs[w])
            c.close(sum(got.values()), n_exp, rtol=1e-10)

    def corpus_ll(lp):
        return sum(logsumexp([sum(lp[p] for p in s) for s in segs[w]]) for w in corpus)

    with r.case("an EM step on the expected counts does not lower the corpus likelihood") as c:
        lp, lls = dict(logp), [corpus_ll(logp)]
        for _ in range(4):
            tot = dict.fromkeys(lp, 1e-12)
            for w in corpus:
                for k, v in f.expected_counts(w, lp).items():
                    tot[k] += v
            z = sum(tot.values())
            lp = {k: float(np.log(v / z)) for k, v in tot.items()}
            lls.append(corpus_ll(lp))
        r.figure("corpus log-likelihood over 4 EM steps", [round(float(x), 4) for x in lls])
        c.true(all(b >= a - 1e-9 for a, b in zip(lls, lls[1:])), "monotone")
        c.true(lls[-1] > lls[0] + 1.0, "improves")
    return r


if __name__ == "__main__":
    main(run)
