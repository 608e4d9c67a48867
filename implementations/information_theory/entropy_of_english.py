"""entropy-of-english: how many bits per letter English really carries, estimated from
N-gram statistics and from Shannon's prediction (guessing-game) bounds.

Follows Shannon (1951), "Prediction and Entropy of Printed English", and Cover & Thomas (2006)
secs. 6.4 and 6.6. On a short passage written for this module (27 symbols: a-z and space,
treated as circular so the N-gram tables are exactly consistent), checks compare F_0 with
log2 27, verify F_0 >= F_1 >= ... >= F_4 (conditioning reduces entropy), and verify Shannon's
theorem that the rank statistics q_r of an ideal predictor bracket F_N:
sum_r r (q_r - q_{r+1}) log2 r <= F_N <= -sum_r q_r log2 q_r.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from implementations._common import Report, main

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
    """Entropy (bits) of the empirical n-gram distribution of the circular string s."""
    if n == 0:
        return 0.0
    ss = s + s[: n - 1]
    counts = np.array(list(Counter(ss[i : i + n] for i in range(len(s))).values()), float)
    p = counts / counts.sum()
    return float(-np.sum(p * np.log2(p)))


def rank_frequencies(s, n):
    """q_r: how often the true next letter is the r-th most likely given the previous n-1."""
    ss = s + s[: n - 1]
    grams = Counter(ss[i : i + n] for i in range(len(s)))
    by_ctx = {}
    for g, c in grams.items():
        by_ctx.setdefault(g[:-1], []).append((c, g[-1]))
    q = np.zeros(len(ALPHABET) + 1)
    for items in by_ctx.values():
        for rank, (c, _) in enumerate(sorted(items, reverse=True), start=1):
            q[rank] += c
    return q[1:] / len(s)


def run() -> Report:
    r = Report("Entropy of English (N-gram and prediction bounds)")
    s = clean(TEXT)
    r.figure("characters in the passage", len(s))

    F = [np.log2(27)] + [ngram_entropy(s, n) - ngram_entropy(s, n - 1) for n in range(1, 5)]
    r.figure(
        "F_0..F_4 (bits/letter; F_3, F_4 are biased low on so little text)",
        [round(float(f), 3) for f in F],
    )
    r.check_close("F_0 = log2 27 = 4.755 bits", F[0], 4.7549, rtol=1e-4)
    r.check("F_0 >= F_1 >= F_2 >= F_3 >= F_4", bool(np.all(np.diff(F) <= 1e-12)))
    # Single-letter frequencies of English with space give about 4.03 bits (Cover & Thomas sec. 6.4).
    r.check_close("F_1 of this passage near the published 4.03 bits/letter", F[1], 4.03, atol=0.15)

    for n in (2, 3):
        q = rank_frequencies(s, n)
        ranks = np.arange(1, q.size + 1)
        lower = float(np.sum(ranks * (q - np.r_[q[1:], 0.0]) * np.log2(ranks)))
        upper = float(-np.sum(q[q > 0] * np.log2(q[q > 0])))
        r.figure(
            f"N={n}: lower bound, F_N, upper bound",
            [round(lower, 4), round(float(F[n]), 4), round(upper, 4)],
        )
        r.check(
            f"Shannon's prediction bounds bracket F_{n}",
            lower <= F[n] + 1e-12 and F[n] <= upper + 1e-12,
        )

    # Shannon (1951) reports that with up to 100 letters of context the entropy is of the order
    # of one bit per letter (redundancy about 75%); modern language models are judged the same way.
    r.figure("redundancy 1 - F_2/F_0 of this passage", round(float(1 - F[2] / F[0]), 3))
    return r


if __name__ == "__main__":
    main(run)
