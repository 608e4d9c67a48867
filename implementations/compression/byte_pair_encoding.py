"""byte-pair-encoding: repeatedly merge the most frequent adjacent symbol pair.

Follows Sennrich, Haddow & Birch (2016), who adapted Gage's (1994) compression scheme to
subword segmentation. Toy corpus from their paper: low x5, lower x2, newest x6, widest x3,
with an end-of-word marker. Ties are broken by the lexicographically smallest pair. Checks:
the first six merges equal a list worked out by hand; the unseen word 'lowest' segments as
hand-derived; pair counts and merges agree with brute-force loops written separately (with
overlapping pairs such as 'a a a'); every merge shortens the corpus by exactly its pair
count; learning on random corpora gives the merges of an independent reference learner; and
encoding then decoding random strings returns them unchanged.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["pair_counts", "merge_word", "learn_bpe", "encode"]

EOW = "</w>"

DOC_ZH = {
    "pair_counts": """统计语料中每个相邻符号对的出现次数（按词频加权）。

输入：vocab，字典 {符号元组: 词频}。
输出：collections.Counter，键为 (a, b) 符号对，值为加权次数。

>>> sorted(pair_counts({("a", "b", "a", "b"): 2}).items())
[(('a', 'b'), 4), (('b', 'a'), 2)]
""",
    "merge_word": """把一个词（符号元组）中的符号对 pair 从左到右不重叠地合并成一个符号。

输入：word，符号元组；pair，(a, b)。
输出：新的元组；例如 ("a","a","a") 合并 ("a","a") 得 ("aa","a")。

>>> merge_word(("a", "a", "a", "b"), ("a", "a"))
('aa', 'a', 'b')
""",
    "learn_bpe": """学习 n_merges 次 BPE 合并：每次合并出现次数最多的相邻对，并列时取字典序最小的对。

输入：corpus，字典 {词字符串: 词频}；n_merges，合并次数。每个词先拆成字符，末尾加 EOW（"</w>"）。
输出：(merges, sizes)：merges 是 [((a, b), 次数), ...]；sizes 是每次合并前后语料的符号总数
（长度 n_merges + 1）。

>>> learn_bpe({"aab": 1}, 2)
([(('a', 'a'), 1), (('aa', 'b'), 1)], [4, 3, 2])
""",
    "encode": """用学到的合并（按学习顺序依次应用）把一个词切分成子词。

输入：word，字符串；merges，learn_bpe 返回的 [((a, b), 次数), ...]。
输出：子词列表，最后一个子词以 EOW 结尾。

>>> encode("ab", [(("a", "b"), 3)])
['ab', '</w>']
""",
}

HINTS = {
    "en": (
        "Keep each word as a tuple of symbols with its frequency; one merge step is: count "
        "the adjacent pairs, pick the winner, rewrite every word.",
        "Pair counts are weighted by word frequency; ties go to the smallest pair; a merge "
        "scans left to right and joins non-overlapping occurrences. Encoding a new word "
        "replays the merges in the order they were learned.",
    ),
    "zh": (
        "把每个词存成符号元组并记下词频；一步合并就是：统计相邻对，选出最多的，改写每个词。",
        "符号对次数按词频加权；并列时取最小的对；合并从左到右扫描，连接不重叠的出现。"
        "切分新词时按学习顺序重放合并。",
    ),
}


def pair_counts(vocab: dict[tuple, int]) -> Counter:
    """Count every adjacent symbol pair of a corpus, weighted by word frequency.

    Input: vocab, a dict {tuple of symbols: frequency}. Output: a collections.Counter from
    (a, b) pairs to weighted counts.

    >>> sorted(pair_counts({("a", "b", "a", "b"): 2}).items())
    [(('a', 'b'), 4), (('b', 'a'), 2)]
    """
    c = Counter()
    for word, f in vocab.items():
        for a, b in zip(word, word[1:]):
            c[(a, b)] += f
    return c


def merge_word(word: tuple, pair: tuple) -> tuple:
    """Join the occurrences of pair in a word, left to right and without overlap.

    Input: word, a tuple of symbols; pair, (a, b). Output: the new tuple; for example
    ("a","a","a") with pair ("a","a") gives ("aa","a").

    >>> merge_word(("a", "a", "a", "b"), ("a", "a"))
    ('aa', 'a', 'b')
    """
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
    """Learn n_merges BPE merges: each time merge the most frequent adjacent pair, ties
    broken by the lexicographically smallest pair.

    Input: corpus, a dict {word string: frequency}; n_merges. Each word is split into
    characters followed by EOW ("</w>"). Output: (merges, sizes): merges is
    [((a, b), count), ...]; sizes is the corpus length in symbols before and after each
    merge (n_merges + 1 numbers).

    >>> learn_bpe({"aab": 1}, 2)
    ([(('a', 'a'), 1), (('aa', 'b'), 1)], [4, 3, 2])
    """
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
    """Segment a word into subwords by replaying the learned merges in their order.

    Input: word, a string; merges, learn_bpe's [((a, b), count), ...]. Output: the list of
    subwords, the last one ending with EOW.

    >>> encode("ab", [(("a", "b"), 3)])
    ['ab', '</w>']
    """
    symbols = tuple(word) + (EOW,)
    for pair, _ in merges:  # apply merges in the order they were learned
        symbols = merge_word(symbols, pair)
    return list(symbols)


def decode(tokens: list[str]) -> str:
    s = "".join(tokens)
    assert s.endswith(EOW)
    return s[: -len(EOW)]


def _same(c, got, expected):
    """Exact equality of nested Python structures (tuples of strings), shown briefly."""
    return c.true(got == expected, f"got {str(got)[:80]}, expected {str(expected)[:80]}")


def _ref_merge(word, pair):
    """Reference merge on strings: rebuild by walking an index, independent of merge_word."""
    out = list(word)
    j = 0
    while j < len(out) - 1:
        if out[j] == pair[0] and out[j + 1] == pair[1]:
            out[j : j + 2] = [pair[0] + pair[1]]
        j += 1
    return tuple(out)


def _ref_counts(vocab):
    d = {}
    for word, fr in vocab.items():
        for j in range(len(word) - 1):
            d[word[j], word[j + 1]] = d.get((word[j], word[j + 1]), 0) + fr
    return d


def _ref_learn(corpus, n):
    """Reference learner: brute-force recount of every pair at every step."""
    vocab = [(tuple(w) + (EOW,), fr) for w, fr in corpus.items()]
    merges = []
    for _ in range(n):
        d = _ref_counts(dict(vocab))
        if not d:
            break
        best = sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        merges.append(best)
        vocab = [(_ref_merge(w, best[0]), fr) for w, fr in vocab]
    return merges


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Byte-pair encoding")
    corpus = {"low": 5, "lower": 2, "newest": 6, "widest": 3}

    with r.case("pair counts equal a brute-force loop") as c:
        vocab = {("l", "o", "w", EOW): 5, ("a", "a", "a"): 2, ("a", "b", "a", "b"): 3, ("x",): 4}
        got = f.pair_counts(vocab)
        _same(c, sorted(dict(got).items()), sorted(_ref_counts(vocab).items()))
        c.equal(got[("a", "a")], 4)  # 'a a a' holds the pair twice: 2 * 2

    with r.case("merge_word joins left to right without overlap") as c:
        c.equal(f.merge_word(("a", "a", "a"), ("a", "a")), ("aa", "a"))
        c.equal(f.merge_word(("a", "a", "a", "a"), ("a", "a")), ("aa", "aa"))
        c.equal(f.merge_word(("b", "a"), ("a", "b")), ("b", "a"))
        c.equal(f.merge_word(("x",), ("x", "y")), ("x",))
        ok = True
        for _ in range(200):
            word = tuple(str(x) for x in rng.choice(["a", "b", "c"], size=rng.integers(1, 9)))
            pair = tuple(str(x) for x in rng.choice(["a", "b", "c"], size=2))
            ok &= tuple(f.merge_word(word, pair)) == _ref_merge(word, pair)
        c.true(ok, "200 random words agree with the reference merge")

    merges, sizes = [], []
    with r.case("first six merges equal the hand-computed list") as c:
        merges, sizes = f.learn_bpe(corpus, 10)
        r.figure("merges (pair: count)", [f"{a} + {b}: {n}" for (a, b), n in merges])
        r.figure("corpus length in symbols after each merge", sizes)
        # Worked by hand: e+s, s+t and t+</w> all occur 9 times; 'e s' is smallest. Then
        # es+t (9), est+</w> (9), l+o (7), lo+w (7); then e+w, n+e, w+est</w> tie at 6 and
        # 'e w' is smallest.
        by_hand = [("e", "s"), ("es", "t"), ("est", EOW), ("l", "o"), ("lo", "w"), ("e", "w")]
        c.equal([tuple(m[0]) for m in merges[:6]], by_hand)
        c.equal([m[1] for m in merges[:6]], [9, 9, 9, 7, 7, 6])
        c.equal(len(merges), 10)
    with r.case("'lowest' segments as ['low', 'est</w>']") as c:
        c.equal(f.encode("lowest", _ref_learn(corpus, 10)), ["low", "est" + EOW])
    with r.case("each merge shortens the corpus by exactly its pair count") as c:
        c.equal(len(sizes), 11)
        c.equal(sizes[0], sum((len(w) + 1) * n for w, n in corpus.items()))  # 66 symbols
        c.true(
            len(merges) == 10
            and all(sizes[i] - sizes[i + 1] == merges[i][1] for i in range(len(merges)))
        )

    with r.case("learned merges equal a brute-force reference on random corpora") as c:
        for _ in range(5):
            words = {"".join(rng.choice(list("abcd"), size=rng.integers(1, 7))) for _ in range(8)}
            rand = {w: int(rng.integers(1, 6)) for w in words}
            got, _ = f.learn_bpe(rand, 6)
            _same(c, [(tuple(p), n) for p, n in got], _ref_learn(rand, 6))

    letters = list("lowernstid") + ["x", "q"]  # includes letters never seen in training
    words = ["".join(rng.choice(letters, size=rng.integers(1, 10))) for _ in range(300)]
    words = [str(w) for w in words]
    ref_m = _ref_learn(corpus, 10)
    with r.case("decode(encode(w)) == w on 300 random strings") as c:
        c.true(all(decode(f.encode(w, ref_m)) == w for w in words))
    with r.case("encode replays merges in order (reference segmentation)") as c:
        ok = True
        for w in words[:100] + list(corpus):
            ref = tuple(w) + (EOW,)
            for pair, _ in ref_m:
                ref = _ref_merge(ref, pair)
            ok &= list(f.encode(w, ref_m)) == list(ref)
        c.true(ok, "103 words agree with the reference segmentation")
        toks = sum(len(f.encode(w, ref_m)) for w in corpus)
        r.figure(
            "tokens for the 4 training words: chars+</w> vs BPE",
            (sum(len(w) + 1 for w in corpus), toks),
        )
    return r


if __name__ == "__main__":
    main(run)
