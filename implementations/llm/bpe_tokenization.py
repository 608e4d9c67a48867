"""bpe-tokenization: learn byte-pair-encoding merges on a toy corpus and tokenize with them.

Follows Sennrich, Haddow & Birch (2016), Sec. 3.2 (merge the most frequent adjacent symbol
pair, words end with '</w>'), using their toy vocabulary {low:5, lower:2, newest:6, widest:3}.
Checks compare with merges and symbol counts computed by hand, and with exact round trips.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from implementations._common import Report, main

EOW = "</w>"


def pair_counts(vocab: dict[tuple[str, ...], int]) -> Counter:
    """Frequency of every adjacent symbol pair, weighted by word frequency."""
    c: Counter = Counter()
    for word, f in vocab.items():
        for a, b in zip(word, word[1:]):
            c[(a, b)] += f
    return c


def merge_word(word: tuple[str, ...], pair: tuple[str, str]) -> tuple[str, ...]:
    """Replace every left-to-right occurrence of `pair` by the joined symbol."""
    out, i = [], 0
    while i < len(word):
        if i + 1 < len(word) and (word[i], word[i + 1]) == pair:
            out.append(word[i] + word[i + 1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)


def learn_bpe(words: dict[str, int], n_merges: int):
    vocab = {tuple(w) + (EOW,): f for w, f in words.items()}
    merges, sizes = [], [sum(len(w) * f for w, f in vocab.items())]
    for _ in range(n_merges):
        counts = pair_counts(vocab)
        # highest count wins; ties broken by the lexicographically smallest pair (deterministic)
        best = min(counts, key=lambda p: (-counts[p], p))
        merges.append(best)
        vocab = {merge_word(w, best): f for w, f in vocab.items()}
        sizes.append(sum(len(w) * f for w, f in vocab.items()))
    return merges, sizes


def encode(word: str, merges) -> list[str]:
    """Apply the learned merges in the order they were learned (Sennrich's procedure)."""
    sym = tuple(word) + (EOW,)
    for pair in merges:
        sym = merge_word(sym, pair)
    return list(sym)


def decode(tokens: list[str]) -> str:
    return "".join(tokens).replace(EOW, "")


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Byte-pair encoding on Sennrich's toy corpus")
    words = {"low": 5, "lower": 2, "newest": 6, "widest": 3}
    merges, sizes = learn_bpe(words, 10)
    r.figure("first 5 merges", [a + "+" + b for a, b in merges[:5]])
    r.figure("corpus length in symbols after 0..5 merges", sizes[:6])

    # Hand computation: pair counts are e s=9, s t=9, t </w>=9 (ties -> 'e s'), then
    # es t=9, est </w>=9, l o=7, lo w=7.
    expected = [("e", "s"), ("es", "t"), ("est", EOW), ("l", "o"), ("lo", "w")]
    r.check(
        "first five merges equal the hand-computed ones", merges[:5] == expected, f"{merges[:5]}"
    )
    # Each merge removes exactly (pair count) symbols: 95 -> 86 -> 77 -> 68 -> 61 -> 54.
    r.check(
        "corpus symbol counts match the hand computation",
        sizes[:6] == [95, 86, 77, 68, 61, 54],
        f"{sizes[:6]}",
    )

    toks = encode("lowest", merges)
    r.figure("encode('lowest')", toks)
    r.check(
        "an unseen word is split into learned subwords", toks == ["low", "est" + EOW], f"{toks}"
    )

    # Round trip on random strings, including characters never seen in training.
    alphabet = list("lowerstnid") + list("xyzq")
    ok = True
    for _ in range(300):
        w = "".join(rng.choice(alphabet, size=int(rng.integers(1, 12))))
        ok &= decode(encode(w, merges)) == w
    r.check("decode(encode(w)) == w for 300 random strings", ok)
    return r


if __name__ == "__main__":
    main(run)
