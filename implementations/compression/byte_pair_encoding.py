"""byte-pair-encoding: repeatedly merge the most frequent adjacent symbol pair.

Follows Sennrich, Haddow & Birch (2016), who adapted Gage's (1994) compression scheme to
subword segmentation. Toy corpus from their paper: low x5, lower x2, newest x6, widest x3,
with an end-of-word marker. Ties are broken by the lexicographically smallest pair. Checks:
the first six merges equal a list worked out by hand; the unseen word 'lowest' segments as
hand-derived; every merge shortens the corpus by exactly its pair count; and encoding
then decoding random strings returns them unchanged.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from implementations._common import Report, main

EOW = "</w>"


def pair_counts(vocab: dict[tuple, int]) -> Counter:
    c = Counter()
    for word, f in vocab.items():
        for a, b in zip(word, word[1:]):
            c[(a, b)] += f
    return c


def merge_word(word: tuple, pair: tuple) -> tuple:
    out, i = [], 0
    while i < len(word):
        if i + 1 < len(word) and (word[i], word[i + 1]) == pair:
            out.append(word[i] + word[i + 1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)


def learn_bpe(corpus: dict[str, int], n_merges: int):
    vocab = {tuple(w) + (EOW,): f for w, f in corpus.items()}
    merges, sizes = [], [sum(len(w) * f for w, f in vocab.items())]
    for _ in range(n_merges):
        counts = pair_counts(vocab)
        best_count = max(counts.values())
        pair = min(p for p, c in counts.items() if c == best_count)  # deterministic tie-break
        merges.append((pair, best_count))
        vocab = {merge_word(w, pair): f for w, f in vocab.items()}
        sizes.append(sum(len(w) * f for w, f in vocab.items()))
    return merges, sizes


def encode(word: str, merges) -> list[str]:
    symbols = tuple(word) + (EOW,)
    for pair, _ in merges:  # apply merges in the order they were learned
        symbols = merge_word(symbols, pair)
    return list(symbols)


def decode(tokens: list[str]) -> str:
    s = "".join(tokens)
    assert s.endswith(EOW)
    return s[: -len(EOW)]


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Byte-pair encoding")
    corpus = {"low": 5, "lower": 2, "newest": 6, "widest": 3}
    merges, sizes = learn_bpe(corpus, 10)
    r.figure("merges (pair: count)", [f"{a} + {b}: {c}" for (a, b), c in merges])
    r.figure("corpus length in symbols after each merge", sizes)

    # Worked by hand: e+s, s+t and t+</w> all occur 9 times; 'e s' is smallest. Then es+t (9),
    # est+</w> (9), l+o (7), lo+w (7); then e+w, n+e, w+est</w> tie at 6 and 'e w' is smallest.
    by_hand = [("e", "s"), ("es", "t"), ("est", EOW), ("l", "o"), ("lo", "w"), ("e", "w")]
    r.check("first six merges equal the hand-computed list", [m[0] for m in merges[:6]] == by_hand)
    r.check(
        "'lowest' segments as ['low', 'est</w>']",
        encode("lowest", merges) == ["low", "est" + EOW],
        str(encode("lowest", merges)),
    )
    r.check(
        "each merge shortens the corpus by exactly its pair count",
        all(sizes[i] - sizes[i + 1] == merges[i][1] for i in range(len(merges))),
    )

    letters = list("lowernstid") + ["x", "q"]  # includes letters never seen in training
    words = ["".join(rng.choice(letters, size=rng.integers(1, 10))) for _ in range(300)]
    r.check(
        "decode(encode(w)) == w on 300 random strings",
        all(decode(encode(w, merges)) == w for w in words),
    )
    toks = sum(len(encode(w, merges)) for w in corpus)
    r.figure(
        "tokens for the 4 training words: chars+</w> vs BPE",
        (sum(len(w) + 1 for w in corpus), toks),
    )
    return r


if __name__ == "__main__":
    main(run)
