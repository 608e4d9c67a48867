"""entropy-of-english: how many bits per letter English really carries, estimated from
N-gram statistics and from Shannon's prediction (guessing-game) bounds.

Follows Shannon (1951), "Prediction and Entropy of Printed English", and Cover & Thomas (2006)
secs. 6.4 and 6.6. On a short passage written for this module (27 symbols: a-z and space,
treated as circular so the N-gram tables are exactly consistent), the learner writes the
N-gram entropy and the rank statistics q_r of an ideal predictor. Checks compare the N-gram
entropies with scipy.stats.entropy of counts taken by a different route (index arrays of the
circular string) and a hand example, the rank statistics with sorted rows of a count matrix,
verify F_0 >= F_1 >= ... >= F_4 (conditioning reduces entropy), F_1 near the published 4.03
bits, and Shannon's theorem that the q_r bracket F_N:
sum_r r (q_r - q_{r+1}) log2 r <= F_N <= -sum_r q_r log2 q_r.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from scipy.stats import entropy as sp_entropy

from implementations._common import Report, main, solution

EXERCISE = ["ngram_entropy", "rank_frequencies"]

DOC_ZH = {
    "ngram_entropy": """循环字符串 s 的经验 n-gram 分布的熵（比特）。

输入：s，字符串（首尾相接视为循环，故共有 len(s) 个 n-gram，从每个位置各取一个）；n，gram 长度，n = 0 时返回 0。
输出：一个 float，H_n；F_n = H_n - H_{n-1} 是给定前 n-1 个字母时下一个字母的熵。

>>> round(ngram_entropy("abab", 1), 6), round(ngram_entropy("abab", 2), 6)
(1.0, 1.0)
""",
    "rank_frequencies": """q_r：理想预测者（按 n-gram 计数排序猜测）第 r 次才猜中真实下一个字母的频率。

输入：s，循环字符串；n，gram 长度（上下文为前 n-1 个字母）。
输出：长度 27 的数组，q[r-1] = Σ_上下文 该上下文中第 r 大的计数 / len(s)；q 非增且和为 1。

>>> np.round(rank_frequencies("aab", 2)[:3], 6).tolist()
[0.666667, 0.333333, 0.0]
""",
}

HINTS = {
    "en": (
        "Treat the passage as a loop so that every position starts one n-gram; then both "
        "tasks are counting.",
        "H_n: count the len(s) circular n-grams (append s[:n-1]) and take -sum p log2 p. q_r: "
        "group the n-gram counts by their first n-1 letters, sort each group's counts in "
        "decreasing order, and add the r-th largest to q_r; divide by len(s).",
    ),
    "zh": (
        "把文章首尾相接看成一个环，使每个位置都恰好开始一个 n-gram；这样两项任务都是计数。",
        "H_n：统计 len(s) 个循环 n-gram（末尾补上 s[:n-1]），求 -Σ p log2 p。q_r：按前 n-1 个字母"
        "给 n-gram 计数分组，每组计数从大到小排序，把第 r 大的加到 q_r 上，最后除以 len(s)。",
    ),
}

TEXT = """
the river starts as a thin line of water under the snow and by the time it reaches the town it
is wide enough to carry boats loaded with timber and grain. people who live along its banks
talk about it the way they talk about the weather, as something that can be read but never
quite predicted. in spring the water rises quickly and the old men stand on the bridge and
argue about whether this year will be worse than the last. in summer the children swim in the
shallow places and the fishermen complain that the noise frightens the fish. when autumn comes
the leaves turn the surface brown and gold, and the evenings are long and quiet. a stranger
walking through the market would hear the same few words again and again, the price of bread,
the height of the water, the name of a boat that did not come back. a letter that follows
another letter is rarely a surprise to a reader who knows the language, and a word that follows
a sentence of ordinary speech is often the one the listener expected. this is the reason a
message written in english can lose many of its letters and still be understood, and it is
also the reason a good guesser needs only a few tries to find the next letter of a page. the
teacher in the small school by the river liked to play a game with her class. she would write
the first half of a sentence on the board and ask the children to guess the rest one letter at
a time, counting how many guesses each letter needed. most letters were found at the first try,
some at the second, and only a few took many attempts. the children learned that the end of a
word is easier to guess than its beginning, and that the first word of a sentence is the
hardest of all. they also learned that a long story becomes easier to follow as it goes on,
because each part tells you something about the parts that come after it.
"""

ALPHABET = "abcdefghijklmnopqrstuvwxyz "


def clean(text):
    t = "".join(c if c in ALPHABET else " " for c in text.lower())
    return " ".join(t.split())


def ngram_entropy(s, n):
    """Entropy H_n in bits of the empirical n-gram distribution of the circular string s.

    Input: s, a string read as a loop (so there are len(s) n-grams, one starting at each
    position); n, the gram length, with H_0 = 0. Output: a float; F_n = H_n - H_{n-1} is the
    entropy of the next letter given the previous n-1.

    >>> round(ngram_entropy("abab", 1), 6), round(ngram_entropy("abab", 2), 6)
    (1.0, 1.0)
    """
    if n == 0:
        return 0.0
    ss = s + s[: n - 1]
    counts = np.array(list(Counter(ss[i : i + n] for i in range(len(s))).values()), float)
    p = counts / counts.sum()
    return float(-np.sum(p * np.log2(p)))


def rank_frequencies(s, n):
    """q_r: how often the true next letter is the r-th most likely given the previous n-1.

    Input: s, a circular string; n, the gram length (contexts are the previous n-1 letters).
    Output: an array of 27 values, q[r-1] = sum over contexts of the r-th largest n-gram
    count in that context, divided by len(s); q is non-increasing and sums to 1.

    >>> np.round(rank_frequencies("aab", 2)[:3], 6).tolist()
    [0.666667, 0.333333, 0.0]
    """
    ss = s + s[: n - 1]
    grams = Counter(ss[i : i + n] for i in range(len(s)))
    by_ctx = {}
    for g, c in grams.items():
        by_ctx.setdefault(g[:-1], []).append(c)  # ties: only the counts matter
    q = np.zeros(len(ALPHABET) + 1)
    for items in by_ctx.values():
        for rank, c in enumerate(sorted(items, reverse=True), start=1):
            q[rank] += c
    return q[1:] / len(s)


def ngram_counts(s, n):
    """Counts of the circular n-grams as an array over all 27^n codes (index arithmetic)."""
    x = np.array([ALPHABET.index(ch) for ch in s])
    code = np.zeros(len(s), dtype=np.int64)
    for j in range(n):
        code = code * 27 + np.roll(x, -j)
    return np.bincount(code, minlength=27**n).reshape((27 ** (n - 1), 27))


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Entropy of English (N-gram and prediction bounds)")
    s = clean(TEXT)
    r.figure("characters in the passage", len(s))

    with r.case("N-gram entropies agree with scipy on counts by index arithmetic") as c:
        got = [f.ngram_entropy(s, n) for n in range(5)]
        ref = [0.0] + [sp_entropy(ngram_counts(s, n).ravel(), base=2) for n in range(1, 5)]
        c.close(got, ref, rtol=1e-12, atol=1e-15)
        c.close(
            [f.ngram_entropy("ab ", 1), f.ngram_entropy("aab", 3)],
            [np.log2(3), np.log2(3)],
            rtol=1e-12,
        )

    F = np.full(5, np.nan)
    with r.case("F_0 >= F_1 >= F_2 >= F_3 >= F_4") as c:
        F = np.array(
            [np.log2(27)] + [f.ngram_entropy(s, n) - f.ngram_entropy(s, n - 1) for n in range(1, 5)]
        )
        r.figure(
            "F_0..F_4 (bits/letter; F_3, F_4 are biased low on so little text)",
            [round(float(v), 3) for v in F],
        )
        c.true(bool(np.all(np.diff(F) < 0)))
    # Single-letter frequencies of English with space give about 4.03 bits (Cover & Thomas sec. 6.4).
    with r.case("F_1 of this passage near the published 4.03 bits/letter") as c:
        c.close(F[1], 4.03, atol=0.15)

    for n in (2, 3):
        q = np.full(27, np.nan)
        with r.case(f"rank frequencies for N={n} equal sorted rows of the count matrix") as c:
            q = f.rank_frequencies(s, n)
            C = ngram_counts(s, n)
            c.close(q, -np.sort(-C, axis=1).sum(0) / len(s), rtol=1e-12)
        with r.case(f"Shannon's prediction bounds bracket F_{n}") as c:
            ranks = np.arange(1, q.size + 1)
            lower = float(np.sum(ranks * (q - np.r_[q[1:], 0.0]) * np.log2(ranks)))
            upper = float(-np.sum(q[q > 0] * np.log2(q[q > 0])))
            r.figure(
                f"N={n}: lower bound, F_N, upper bound",
                [round(lower, 4), round(float(F[n]), 4), round(upper, 4)],
            )
            c.true(lower <= F[n] + 1e-12 and F[n] <= upper + 1e-12 and lower < upper)

    # Shannon (1951) reports that with up to 100 letters of context the entropy is of the order
    # of one bit per letter (redundancy about 75%); modern language models are judged the same way.
    r.figure("redundancy 1 - F_2/F_0 of this passage", round(float(1 - F[2] / F[0]), 3))
    return r


if __name__ == "__main__":
    main(run)
