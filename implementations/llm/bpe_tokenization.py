"""bpe-tokenization: turn byte-pair-encoding merges into a tokenizer with a vocabulary of ids.

The merge learning is the compression concept's (implementations.compression.byte_pair_encoding,
this concept's prerequisite), on Sennrich, Haddow & Birch's (2016, Sec. 3.2) toy vocabulary
{low:5, lower:2, newest:6, widest:3}; here it only sets up the data. What tokenization adds:
a vocabulary of base symbols plus one entry per merge, text -> ids -> text, and fewer tokens
than characters. Checks compare with a vocabulary, merges, segmentations and token counts
worked out by hand (overlapping pairs such as 'a a a', a merged symbol reached by two pairs,
an unknown character), with invariants of every segmentation of 300 random texts (the tokens
spell the word, no learned pair is left adjacent) and with exact round trips.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution
from implementations.compression.byte_pair_encoding import learn_bpe

EOW = "</w>"

EXERCISE = ["build_vocabulary", "tokenize", "detokenize"]

DOC_ZH = {
    "build_vocabulary": """由训练词和 BPE 合并构建词表 {符号: id}。

输入：words，字典 {词: 词频}；merges，[((a, b), 次数), ...]，按学习顺序。
输出：字典：先是训练词中出现的字符（排序后），再是词尾标记 "</w>"，然后按学习顺序每个合并得到的符号 a + b；id 从 0 起连续编号，重复的符号只保留第一次出现。

>>> build_vocabulary({"ab": 1}, [(("a", "b"), 1)])
{'a': 0, 'b': 1, '</w>': 2, 'ab': 3}
""",
    "tokenize": """把以空白分隔的文本切分为 token id。

输入：text，字符串；merges，[((a, b), 次数), ...]；vocab，{符号: id}。每个词拆成字符并在末尾加 "</w>"，再按学习顺序依次应用每个合并（从左到右、不重叠）。
输出：id 列表；未知字符引发 KeyError（没有字节回退）。

>>> tokenize("aaa", [(("a", "a"), 1)], {"a": 0, "</w>": 1, "aa": 2})
[2, 0, 1]
""",
    "detokenize": """把 token id 还原为文本：拼接各 token 的字符串，在 "</w>" 处断词，以单个空格连接。

输入：ids，id 列表；vocab，{符号: id}。
输出：字符串。

>>> detokenize([2, 1, 0, 1], {"a": 0, "</w>": 1, "aa": 2})
'aa a'
""",
}

HINTS = {
    "en": (
        "A tokenizer is the merges replayed: split each word into characters plus an end-of-word "
        "marker, then apply the learned merges in the order they were learned.",
        "Ids: base characters, then </w>, then one id per merge's new symbol. Each merge is one "
        "left-to-right pass that joins non-overlapping (a, b) pairs; decoding joins the token "
        "strings and splits them at </w>.",
    ),
    "zh": (
        "分词器就是重放合并：把每个词拆成字符并加上词尾标记，再按学习顺序应用学到的合并。",
        "id 的顺序：基础字符、</w>、再为每个合并的新符号各分配一个 id。每个合并是一次从左到右的扫描，"
        "把不重叠的 (a, b) 对连起来；解码时拼接 token 字符串并在 </w> 处断开。",
    ),
}


def build_vocabulary(words: dict[str, int], merges) -> dict[str, int]:
    """Token -> id: the training characters (sorted) and the end-of-word marker '</w>', then
    each merged symbol a + b in the order it was learned (as GPT-2-style tokenizers number
    them); ids are 0, 1, 2, ... and a symbol already present keeps its first id.

    Input: words, {word: count}; merges, [((a, b), count), ...] in learning order.
    Output: a dict {symbol: id}.

    >>> build_vocabulary({"ab": 1}, [(("a", "b"), 1)])
    {'a': 0, 'b': 1, '</w>': 2, 'ab': 3}
    """
    symbols = sorted({ch for w in words for ch in w}) + [EOW]
    symbols += [a + b for (a, b), _ in merges]
    return {s: i for i, s in enumerate(dict.fromkeys(symbols))}


def tokenize(text: str, merges, vocab: dict[str, int]) -> list[int]:
    """Ids of a whitespace-separated text. Each word is split into characters plus '</w>',
    then every merge is applied in learning order (one left-to-right pass joining
    non-overlapping pairs). An unknown character is a KeyError, as in a tokenizer without
    byte fallback.

    Input: text; merges, [((a, b), count), ...]; vocab, {symbol: id}. Output: a list of ids.

    >>> tokenize("aaa", [(("a", "a"), 1)], {"a": 0, "</w>": 1, "aa": 2})
    [2, 0, 1]
    """
    ids = []
    for word in text.split():
        sym = list(word) + [EOW]
        for (a, b), _ in merges:
            out = []
            for s in sym:
                # a just-merged a + b never equals a, so pairs cannot overlap
                if out and out[-1] == a and s == b:
                    out[-1] = a + b
                else:
                    out.append(s)
            sym = out
        ids += [vocab[t] for t in sym]
    return ids


def detokenize(ids: list[int], vocab: dict[str, int]) -> str:
    """Text of a list of ids: join the tokens' strings, split at '</w>', join the words with
    single spaces.

    Input: ids; vocab, {symbol: id}. Output: a string.

    >>> detokenize([2, 1, 0, 1], {"a": 0, "</w>": 1, "aa": 2})
    'aa a'
    """
    inverse = {i: s for s, i in vocab.items()}
    words = "".join(inverse[i] for i in ids).split(EOW)
    return " ".join(words[:-1])


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("BPE tokenization on Sennrich's toy corpus")
    words = {"low": 5, "lower": 2, "newest": 6, "widest": 3}
    merges, _ = learn_bpe(words, 10)  # set-up only: the merges are checked by hand below
    # By hand (ties -> the lexicographically smallest pair): e s=9, es t=9, est </w>=9,
    # l o=7, lo w=7, e w=6, ew est</w>=6, n ewest</w>=6, low </w>=5, d est</w>=3.
    hand = [
        "es",
        "est",
        "est</w>",
        "lo",
        "low",
        "ew",
        "ewest</w>",
        "newest</w>",
        "low</w>",
        "dest</w>",
    ]
    chars = ["d", "e", "i", "l", "n", "o", "r", "s", "t", "w"]
    want = {s: i for i, s in enumerate(chars + [EOW] + hand)}
    r.figure("first 5 merges", [a + "+" + b for (a, b), _ in merges[:5]])

    with r.case("vocabulary: 10 characters, </w>, then the 10 merges in learned order") as c:
        vocab = f.build_vocabulary(words, merges)
        r.figure("vocabulary size (10 characters + </w> + 10 merges)", len(vocab))
        c.true([a + b for (a, b), _ in merges] == hand, "the set-up merges are the hand ones")
        c.true(dict(vocab) == want, f"{vocab}")
    with r.case("a merged symbol reached by two pairs keeps one id; ids stay contiguous") as c:
        v2 = f.build_vocabulary(
            {"cab": 1, "b": 2}, [(("a", "b"), 2), (("c", "ab"), 1), (("ca", "b"), 1)]
        )
        c.true(dict(v2) == {"a": 0, "b": 1, "c": 2, EOW: 3, "ab": 4, "cab": 5}, f"{v2}")

    with r.case("an unseen word is two learned subword ids: 'low' and 'est</w>'") as c:
        c.equal(f.tokenize("lowest", merges, want), [want["low"], want["est</w>"]])
    with r.case("segmentations by hand: lower, widest, newest, low") as c:
        ids = f.tokenize(" lower  widest\tnewest low ", merges, want)
        toks = ["low", "e", "r", EOW, "w", "i", "dest</w>", "newest</w>", "low</w>"]
        c.equal(ids, [want[t] for t in toks])
    with r.case("merges apply in learned order, left to right, without overlap") as c:
        v = {"a": 0, "b": 1, EOW: 2, "aa": 3, "ab": 4, "aab": 5}
        m = [(("a", "a"), 1), (("a", "b"), 1), (("aa", "b"), 1)]
        c.equal(f.tokenize("aaa aaaa aab ab", m, v), [3, 0, 2, 3, 3, 2, 5, 2, 4, 2])
        c.equal(f.tokenize("aab", m[::-1], v), [0, 4, 2])  # another order, another split
    with r.case("an unknown character is a KeyError") as c:
        try:
            f.tokenize("lowx", merges, want)
            c.true(False, "no KeyError")
        except KeyError:
            c.true(True)

    # Random texts over the training characters: every word's tokens spell the word plus
    # </w>, no learned pair is left adjacent, and text -> ids -> text is exact.
    alphabet = sorted({ch for w in words for ch in w})
    texts = [
        " ".join(
            "".join(rng.choice(alphabet, size=int(rng.integers(1, 9))))
            for _ in range(int(rng.integers(1, 6)))
        )
        for _ in range(300)
    ]
    inverse = {i: s for s, i in want.items()}
    pairs = {p for p, _ in merges}
    with r.case("random texts: tokens spell each word, no learned pair left adjacent") as c:
        ok = True
        for t in texts:
            toks = [inverse[i] for i in f.tokenize(t, merges, want)]
            ok &= "".join(toks) == "".join(w + EOW for w in t.split())
            ok &= not any((a, b) in pairs for a, b in zip(toks, toks[1:]))
        c.true(ok)
    with r.case("detokenize of hand-made ids") as c:
        ids = [want[t] for t in ["low", "est</w>", "n", "e", "w", EOW, "low</w>"]]
        c.equal(f.detokenize(ids, want), "lowest new low")
        c.equal(f.detokenize([], want), "")
    with r.case("detokenize(tokenize(t)) == t for 300 random texts") as c:
        c.true(all(f.detokenize(f.tokenize(t, merges, want), want) == t for t in texts))
    with r.case("the training text needs 28 tokens for its 79 characters") as c:
        corpus_text = " ".join(w for w, n in words.items() for _ in range(n))
        n_ids = len(f.tokenize(corpus_text, merges, want))
        n_chars = len(corpus_text.replace(" ", ""))
        r.figure("training text: characters vs tokens", (n_chars, n_ids))
        c.equal((n_chars, n_ids), (79, 28))
    return r


if __name__ == "__main__":
    main(run)
