"""bpe-tokenization: turn byte-pair-encoding merges into a tokenizer with a vocabulary of ids.

The merge learning is the compression concept's (implementations.compression.byte_pair_encoding,
this concept's prerequisite), on Sennrich, Haddow & Birch's (2016, Sec. 3.2) toy vocabulary
{low:5, lower:2, newest:6, widest:3}. What tokenization adds: a vocabulary of base symbols
plus one entry per merge, text -> ids -> text, and fewer tokens than characters. Checks
compare with merges and symbol counts computed by hand and with exact round trips.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main
from implementations.compression.byte_pair_encoding import EOW, decode, encode, learn_bpe


def build_vocabulary(words: dict[str, int], merges) -> dict[str, int]:
    """Token -> id: the training characters and the end-of-word marker, then each merged
    symbol in the order it was learned (as GPT-2-style tokenizers number them)."""
    symbols = sorted({ch for w in words for ch in w}) + [EOW]
    symbols += [a + b for (a, b), _ in merges]
    return {s: i for i, s in enumerate(dict.fromkeys(symbols))}


def tokenize(text: str, merges, vocab: dict[str, int]) -> list[int]:
    """Ids of a whitespace-separated text; an unknown character is a KeyError, as in a
    tokenizer without byte fallback."""
    return [vocab[t] for word in text.split() for t in encode(word, merges)]


def detokenize(ids: list[int], vocab: dict[str, int]) -> str:
    inverse = {i: s for s, i in vocab.items()}
    words = "".join(inverse[i] for i in ids).split(EOW)
    return " ".join(decode([w + EOW]) for w in words[:-1])


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("BPE tokenization on Sennrich's toy corpus")
    words = {"low": 5, "lower": 2, "newest": 6, "widest": 3}
    merges, sizes = learn_bpe(words, 10)
    vocab = build_vocabulary(words, merges)
    r.figure("first 5 merges", [a + "+" + b for (a, b), _ in merges[:5]])
    r.figure("vocabulary size (10 characters + </w> + 10 merges)", len(vocab))

    # Hand computation: pair counts are e s=9, s t=9, t </w>=9 (ties -> 'e s'), then
    # es t=9, est </w>=9, l o=7, lo w=7; each merge removes (pair count) symbols.
    expected = [("e", "s"), ("es", "t"), ("est", EOW), ("l", "o"), ("lo", "w")]
    r.check(
        "first five merges equal the hand-computed ones",
        [p for p, _ in merges[:5]] == expected,
        f"{merges[:5]}",
    )
    r.check(
        "corpus symbol counts match the hand computation (95, 86, 77, 68, 61, 54)",
        sizes[:6] == [95, 86, 77, 68, 61, 54],
        f"{sizes[:6]}",
    )
    # 'lowest' was never seen: it is built from learned subwords
    ids = tokenize("lowest", merges, vocab)
    r.check(
        "an unseen word is two learned subword ids: 'low' and 'est</w>'",
        ids == [vocab["low"], vocab["est" + EOW]],
        f"{ids}",
    )
    r.check(
        "every merge adds one vocabulary entry here (no merged symbol repeats)",
        len(vocab) == 10 + 1 + len(merges),
        f"{len(vocab)}",
    )

    # Round trip on random texts over the training characters: text -> ids -> text.
    alphabet = sorted({ch for w in words for ch in w})
    texts = [
        " ".join(
            "".join(rng.choice(alphabet, size=int(rng.integers(1, 9))))
            for _ in range(int(rng.integers(1, 6)))
        )
        for _ in range(300)
    ]
    r.check(
        "detokenize(tokenize(t)) == t for 300 random texts",
        all(detokenize(tokenize(t, merges, vocab), vocab) == t for t in texts),
    )
    corpus_text = " ".join(w for w, f in words.items() for _ in range(f))
    n_ids, n_chars = len(tokenize(corpus_text, merges, vocab)), len(corpus_text.replace(" ", ""))
    r.figure("training text: characters vs tokens", (n_chars, n_ids))
    r.check("the training text needs fewer tokens than characters", n_ids < n_chars)
    return r


if __name__ == "__main__":
    main(run)
