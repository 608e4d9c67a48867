"""beam-search: keep the k best partial sequences by summed log-probability.

Follows d2l-en Sec. 10.8 (greedy, exhaustive and beam search; greedy = beam size 1). The toy
language model is a random second-order Markov model over V tokens. Checks: beam size 1 equals
step-by-step greedy decoding; beam size V^T returns exactly the exhaustive ranking of all V^T
sequences and V^(T-1) its top V^(T-1); every beam's scores are the log-probabilities of its
distinct sequences, best first; the Viterbi dynamic programme (first-order model, T = 1, 2, 5)
equals exhaustive search; and no beam size beats the exhaustive optimum.
"""

from __future__ import annotations

from itertools import product

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["beam_search", "viterbi"]

DOC_ZH = {
    "beam_search": """束搜索：每步保留按对数概率之和排序的前 k 个部分序列。

输入：lp，形状 (V+1, V+1, V) 的二阶马尔可夫模型 log P(y_t | y_{t-2}, y_{t-1})，下标 V 表示起始符号（序列不足两个 token 时用它补齐）；V，词表大小；T，序列长度；k，束宽。
输出：长度 min(k, V^T) 的列表 [(序列元组, 对数概率), ...]，按对数概率从大到小排列。

>>> lp = np.log(np.full((3, 3, 2), 0.5)); lp[2, 2] = np.log([0.9, 0.1])
>>> [(s, round(float(v), 6)) for s, v in beam_search(lp, 2, 2, 1)]
[((0, 0), -0.798508)]
""",
    "viterbi": """维特比动态规划：一阶模型下对数概率最大的长度为 T 的序列，复杂度 O(T V^2)。

输入：lp1，形状 (V+1, V) 的 log P(y | prev)，prev = V 表示起始；V；T。
输出：(序列元组, 其对数概率)。

>>> lp1 = np.log([[0.9, 0.1], [0.2, 0.8], [0.4, 0.6]])
>>> s, v = viterbi(lp1, 2, 3); s, round(float(v), 6)
((1, 1, 1), -0.957113)
""",
}

HINTS = {
    "en": (
        "Grow every kept sequence by every token, score each by its running sum of "
        "log-probabilities, and keep only the best k before the next step.",
        "Beam: candidates = all (beam, token) extensions, sort by score, cut to k; k = 1 is "
        "greedy and k = V^T is exhaustive. Viterbi: score_t[y] = max_prev score_{t-1}[prev] + "
        "lp1[prev, y], keep the argmax pointers and trace them back.",
    ),
    "zh": (
        "把每个保留的序列用每个 token 延长，以对数概率的累加和打分，进入下一步前只保留最好的 k 个。",
        "束搜索：候选为所有（束，token）延长，按分数排序并截到 k 个；k = 1 即贪心，k = V^T 即穷举。"
        "维特比：score_t[y] = max_prev score_{t-1}[prev] + lp1[prev, y]，记下 argmax 指针并回溯。",
    ),
}


def make_model(rng, V):
    """log P(y_t | y_{t-2}, y_{t-1}); index V stands for the start symbol."""
    logits = rng.normal(0, 1.5, (V + 1, V + 1, V))
    return logits - np.log(np.exp(logits).sum(-1, keepdims=True))


def seq_logp(lp, seq, V):
    a, b, s = V, V, 0.0
    for y in seq:
        s += lp[a, b, y]
        a, b = b, y
    return s


def beam_search(lp, V, T, k):
    """Beam search: keep the k partial sequences with the largest summed log-probability.

    Input: lp (V+1, V+1, V), a second-order Markov model log P(y_t | y_{t-2}, y_{t-1}) whose
    index V is the start symbol (padding while fewer than two tokens exist); V the
    vocabulary size; T the length; k the beam size. Output: a list of min(k, V^T) pairs
    (sequence tuple, log-probability), best first.

    >>> lp = np.log(np.full((3, 3, 2), 0.5)); lp[2, 2] = np.log([0.9, 0.1])
    >>> [(s, round(float(v), 6)) for s, v in beam_search(lp, 2, 2, 1)]
    [((0, 0), -0.798508)]
    """
    beams = [((), 0.0)]
    for _ in range(T):
        cand = []
        for seq, s in beams:
            a = seq[-2] if len(seq) > 1 else V
            b = seq[-1] if seq else V
            cand += [(seq + (y,), s + lp[a, b, y]) for y in range(V)]
        cand.sort(key=lambda c: -c[1])
        beams = cand[:k]
    return beams


def greedy(lp, V, T):
    seq, a, b = [], V, V
    for _ in range(T):
        y = int(np.argmax(lp[a, b]))
        seq.append(y)
        a, b = b, y
    return tuple(seq)


def viterbi(lp1, V, T):
    """Viterbi dynamic programme: the most likely length-T sequence of a first-order model,
    in O(T V^2).

    Input: lp1 (V+1, V), log P(y | prev) with prev = V the start; V; T. Output: (sequence
    tuple, its log-probability).

    >>> lp1 = np.log([[0.9, 0.1], [0.2, 0.8], [0.4, 0.6]])
    >>> s, v = viterbi(lp1, 2, 3); s, round(float(v), 6)
    ((1, 1, 1), -0.957113)
    """
    score, back = lp1[V].copy(), []
    for _ in range(T - 1):
        tot = score[:, None] + lp1[:V]  # tot[prev, y]
        back.append(tot.argmax(0))
        score = tot.max(0)
    y = int(score.argmax())
    best, seq = score[y], [y]
    for bp in reversed(back):
        y = int(bp[y])
        seq.append(y)
    return tuple(reversed(seq)), best


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Beam search vs greedy and exhaustive search")
    V, T = 4, 5
    all_seqs = list(product(range(V), repeat=T))
    lp = make_model(rng, V)
    while seq_logp(lp, greedy(lp, V, T), V) >= max(seq_logp(lp, s, V) for s in all_seqs) - 1e-9:
        lp = make_model(rng, V)  # pick a model on which greedy is not optimal
    exhaustive = sorted(((s, seq_logp(lp, s, V)) for s in all_seqs), key=lambda c: -c[1])

    with r.case("beam size 1 equals greedy decoding") as c:
        b1 = f.beam_search(lp, V, T, 1)
        c.equal(len(b1), 1)
        c.true(tuple(b1[0][0]) == greedy(lp, V, T), f"{b1}")
        c.close(b1[0][1], seq_logp(lp, greedy(lp, V, T), V), rtol=1e-12)

    with r.case("beam size V^T reproduces the exhaustive ranking of all V^T sequences") as c:
        full = f.beam_search(lp, V, T, V**T)
        c.true([tuple(s) for s, _ in full] == [s for s, _ in exhaustive], f"{len(full)} sequences")
    with r.case("... and the same log-probabilities") as c:
        c.close([s for _, s in full], [s for _, s in exhaustive], rtol=1e-12)

    # A beam of V^(T-1) never prunes before the last step, so it keeps the exhaustive top k.
    with r.case("beam size V^(T-1) returns the exhaustive top V^(T-1)") as c:
        top = f.beam_search(lp, V, T, V ** (T - 1))
        c.true([tuple(s) for s, _ in top] == [s for s, _ in exhaustive[: V ** (T - 1)]])
    with r.case("beams of size 2, 3, 5: k distinct sequences, scores are their log-probs") as c:
        for k in (2, 3, 5):
            b = f.beam_search(lp, V, T, k)
            sc = [s for _, s in b]
            c.equal(len({tuple(q) for q, _ in b}), k)
            c.close(sc, [seq_logp(lp, q, V) for q, _ in b], rtol=1e-12)
            c.true(all(x >= y for x, y in zip(sc, sc[1:])), "best first")
            c.true(all(len(q) == T for q, _ in b), "length T")

    best = exhaustive[0][1]
    with r.case("no beam size exceeds the exhaustive optimum") as c:
        scores = [f.beam_search(lp, V, T, k)[0][1] for k in (1, 2, 3, 4, 8, 16)]
        r.figure(
            "best log-prob for beam 1,2,3,4,8,16 | exhaustive",
            [round(float(s), 4) for s in scores] + [round(float(best), 4)],
        )
        c.true(all(s <= best + 1e-12 for s in scores))
        c.true(scores[0] < best - 1e-9, "greedy is beaten on this model")

    # First-order model: dynamic programming finds the exact argmax in O(T V^2), not O(V^T).
    def lp1_seq(lp1, s):
        prev, tot = V, 0.0
        for y in s:
            tot, prev = tot + lp1[prev, y], y
        return tot

    with r.case("Viterbi DP equals exhaustive argmax (first-order model)") as c:
        for t in (1, 2, T):
            for _ in range(5):
                lp1 = make_model(rng, V)[V]  # rows: prev token (or start) -> next
                vit_seq, vit_score = f.viterbi(lp1, V, t)
                seqs = list(product(range(V), repeat=t))
                ex_seq = max(seqs, key=lambda s: lp1_seq(lp1, s))
                c.true(tuple(vit_seq) == ex_seq, f"{vit_seq} vs {ex_seq}")
                c.close(vit_score, lp1_seq(lp1, ex_seq), rtol=1e-12)

    # How often is greedy sub-optimal on random models?
    worse = sum(
        seq_logp(m, greedy(m, V, T), V) < max(seq_logp(m, s, V) for s in all_seqs) - 1e-12
        for m in (make_model(rng, V) for _ in range(20))
    )
    r.figure("random models (of 20) where greedy misses the most likely sequence", int(worse))
    return r


if __name__ == "__main__":
    main(run)
