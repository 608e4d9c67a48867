"""speech-recognition-ctc: connectionist temporal classification, the loss that lets a network
emit one distribution per audio frame and be trained on an unaligned transcript.

Follows Graves, Fernandez, Gomez & Schmidhuber (2006): add a blank symbol; a frame-level path
maps to a label sequence by merging repeats and then deleting blanks (the map B); p(l | x)
sums prod_t y_t(pi_t) over every path pi with B(pi) = l; the forward variables over the
label extended with blanks (l' = blank l_1 blank l_2 ... blank) compute this sum in O(T |l'|),
where a transition may skip a blank only between two different labels. Checks: the collapse
map on worked cases; the forward algorithm in log space equals brute-force enumeration of all
V^T paths (labels with repeats, the empty label, labels too long for T which get probability
0); the probabilities of all label sequences sum to 1; for a uniform model with one label
symbol the count of alignments is T (T + 1) / 2 even at T = 800, where plain products
underflow; greedy best-path decoding equals the collapse of the framewise argmax.
"""

from __future__ import annotations

from itertools import groupby, product

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["ctc_collapse", "ctc_log_likelihood"]

DOC_ZH = {
    "ctc_collapse": """CTC 的多对一映射 B：先合并相邻的重复符号，再删除空白符。

输入：path，整数序列（每帧一个符号）；blank，空白符编号（默认 0）。
输出：标签序列（整数元组）。

>>> ctc_collapse([1, 1, 0, 1, 2, 2, 0])
(1, 1, 2)
""",
    "ctc_log_likelihood": """CTC 前向算法（对数域）：log p(labels | x) = log Σ_{B(pi) = labels} Π_t y_t(pi_t)。

输入：logp，(T, V) 每帧的对数概率（每行 logsumexp 为 0）；labels，不含空白的整数序列；blank（默认 0）。
输出：对数似然（浮点数）；若标签在 T 帧内无法对齐，返回 -inf。

>>> lp = np.log(np.full((2, 2), 0.5))
>>> round(float(ctc_log_likelihood(lp, [1])), 6)
-0.287682
""",
}

HINTS = {
    "en": (
        "Put a blank before, between and after the labels, and let alpha_t(s) be the total "
        "probability of all path prefixes of length t that end at position s of that extended "
        "sequence.",
        "alpha_0 starts at l'_0 (blank) and l'_1; alpha_t(s) = (alpha_{t-1}(s) + alpha_{t-1}(s-1) "
        "+ [l'_s != blank and l'_s != l'_{s-2}] alpha_{t-1}(s-2)) y_t(l'_s); the answer is "
        "alpha_{T-1} at the last two positions. Use logaddexp throughout.",
    ),
    "zh": (
        "在标签的前面、之间和后面各插入一个空白符；令 alpha_t(s) 为所有长度为 t、结束于扩展序列第 s 个位置的路径前缀的概率之和。",
        "alpha_0 从 l'_0（空白）和 l'_1 开始；alpha_t(s) = (alpha_{t-1}(s) + alpha_{t-1}(s-1) + "
        "[l'_s ≠ 空白 且 l'_s ≠ l'_{s-2}] alpha_{t-1}(s-2)) y_t(l'_s)；答案是 alpha_{T-1} 在最后两个位置之和。全程用 logaddexp。",
    ),
}


def ctc_collapse(path, blank=0):
    """The CTC many-to-one map B: merge runs of repeated symbols, then delete blanks.

    Input: path, a sequence of ints (one symbol per frame); blank the blank id (default 0).
    Output: the label sequence as a tuple of ints.

    >>> ctc_collapse([1, 1, 0, 1, 2, 2, 0])
    (1, 1, 2)
    """
    out, prev = [], None
    for s in path:
        if s != prev and s != blank:
            out.append(int(s))
        prev = s
    return tuple(out)


def ctc_log_likelihood(logp, labels, blank=0):
    """CTC forward algorithm in log space: log p(labels | x) = log sum over paths pi with
    B(pi) = labels of prod_t y_t(pi_t).

    Input: logp (T, V) per-frame log-probabilities (each row's logsumexp is 0); labels a
    sequence of ints without blanks; blank (default 0). Output: the log-likelihood (float),
    -inf when the labels cannot be aligned in T frames.

    >>> lp = np.log(np.full((2, 2), 0.5))
    >>> round(float(ctc_log_likelihood(lp, [1])), 6)
    -0.287682
    """
    T = logp.shape[0]
    ext = [blank]
    for c in labels:
        ext += [int(c), blank]
    S = len(ext)
    alpha = np.full(S, -np.inf)
    alpha[0] = logp[0, ext[0]]
    if S > 1:
        alpha[1] = logp[0, ext[1]]
    for t in range(1, T):
        new = np.full(S, -np.inf)
        for s in range(S):
            a = alpha[s]
            if s >= 1:
                a = np.logaddexp(a, alpha[s - 1])
            if s >= 2 and ext[s] != blank and ext[s] != ext[s - 2]:
                a = np.logaddexp(a, alpha[s - 2])
            new[s] = a + logp[t, ext[s]]
        alpha = new
    return alpha[-1] if S == 1 else np.logaddexp(alpha[-1], alpha[-2])


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Connectionist temporal classification")

    with r.case("collapse: merge repeats, then drop blanks") as c:
        cases = {
            (1, 1, 0, 1, 2, 2, 0): (1, 1, 2),
            (0, 0, 0): (),
            (3, 3, 3): (3,),
            (1, 0, 0, 1): (1, 1),
            (2, 1, 2, 1): (2, 1, 2, 1),
            (0, 1, 1, 0, 0, 2, 0): (1, 2),
        }
        for path, lab in cases.items():
            c.equal(list(f.ctc_collapse(list(path))), list(lab))
        c.equal(list(f.ctc_collapse([2, 2, 3, 1, 3], blank=3)), [2, 1])

    def collapse_ref(path, blank=0):  # independent of the exercise: itertools.groupby
        return tuple(int(k) for k, _ in groupby(path) if k != blank)

    T, V = 6, 4
    logits = rng.normal(0, 1.2, (T, V))
    logp = logits - np.log(np.exp(logits).sum(1, keepdims=True))
    paths = np.array(list(product(range(V), repeat=T)))
    path_lp = logp[np.arange(T), paths].sum(1)
    by_label: dict = {}
    for pth, lp in zip(paths, path_lp):
        key = collapse_ref(pth)
        by_label[key] = np.logaddexp(by_label.get(key, -np.inf), lp)

    with r.case("forward algorithm equals enumeration of all 4^6 paths") as c:
        for lab in [(1,), (1, 2), (2, 2), (1, 2, 1), (3, 3, 3), (1, 1, 2, 2), (2, 1, 3)]:
            c.close(f.ctc_log_likelihood(logp, list(lab)), by_label[lab], rtol=1e-10)
    with r.case("empty label: only the all-blank path") as c:
        c.close(f.ctc_log_likelihood(logp, []), logp[:, 0].sum(), rtol=1e-12)
    with r.case("a label that needs more than T frames has probability 0") as c:
        c.true(f.ctc_log_likelihood(logp, [1, 1, 1, 1]) == -np.inf, "1 1 1 1 needs 7 frames")
        c.true(f.ctc_log_likelihood(logp, [1, 2, 3, 1, 2, 3, 1]) == -np.inf, "7 labels")
        c.close(
            f.ctc_log_likelihood(logp, [1, 2, 1, 2, 1, 2]),
            path_lp[np.flatnonzero((paths == [1, 2, 1, 2, 1, 2]).all(1))[0]],
        )
    with r.case("probabilities of all label sequences sum to 1 (T = 4, 3 labels + blank)") as c:
        lp4 = logp[:4]
        total = -np.inf
        for L in range(5):
            for lab in product(range(1, V), repeat=L):
                total = np.logaddexp(total, f.ctc_log_likelihood(lp4, list(lab)))
        c.close(total, 0.0, atol=1e-10)
    with r.case("uniform model, one symbol: T (T + 1) / 2 alignments, stable at T = 800") as c:
        for T2 in (5, 800):
            lpu = np.full((T2, 3), -np.log(3.0))
            want = np.log(T2 * (T2 + 1) / 2) - T2 * np.log(3.0)
            c.close(f.ctc_log_likelihood(lpu, [2]), want, rtol=1e-10)
        r.figure(
            "log p('2' | uniform, T = 800); the probability underflows float64",
            [float(want), float(np.exp(want))],
        )
    with r.case("a custom blank index gives the same likelihood after relabelling") as c:
        perm = [2, 0, 1, 3]  # symbol k -> perm[k]; the blank 0 becomes 2
        lpp = np.empty_like(logp)
        lpp[:, perm] = logp
        c.close(
            f.ctc_log_likelihood(lpp, [perm[1], perm[3]], blank=2), by_label[(1, 3)], rtol=1e-10
        )
    with r.case("best-path decoding: collapse of the framewise argmax") as c:
        best = paths[np.argmax(path_lp)]
        c.equal(list(f.ctc_collapse(list(logp.argmax(1)))), list(collapse_ref(best)))
    return r


if __name__ == "__main__":
    main(run)
