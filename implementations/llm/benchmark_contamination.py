"""benchmark-contamination: n-gram overlap between test items and the training corpus.

Follows the contamination analysis of Brown et al., "Language Models are Few-Shot Learners"
(GPT-3, arXiv 2005.14165), as used by later work and evaluation libraries: text is lowercased,
stripped of punctuation and split on whitespace; a test item is flagged as contaminated when
one of its 13-grams also occurs in the training data; accuracy is then compared on the
flagged and the clean subsets. Checks: normalisation on hand-worked strings; the n-gram index
against a brute-force window scan; flags against a brute-force search for any length-n
window of the test item as a contiguous run of some training document; a test item pasted
into a training page with different case and punctuation is caught, while a light paraphrase
(one word changed every 10) escapes 13-grams but not 6-grams; items shorter than n are never
flagged (a blind spot); the clean/dirty accuracy split against direct counting.
"""

from __future__ import annotations

import string

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["normalize", "ngram_index", "is_contaminated", "split_accuracy"]

DOC_ZH = {
    "normalize": """规范化文本：转成小写，删去所有 ASCII 标点（string.punctuation），再按空白切分成词。

输入：text，字符串。
输出：词的列表。

>>> normalize("Hello, World!  It's 42.")
['hello', 'world', 'its', '42']
""",
    "ngram_index": """训练语料的 n-gram 索引：所有训练文档（已规范化的词列表）的全部长度为 n 的连续窗口。

输入：docs，词列表的列表；n。
输出：由元组组成的 set。

>>> sorted(ngram_index([["a", "b", "c"]], 2))
[('a', 'b'), ('b', 'c')]
""",
    "is_contaminated": """污染判定：测试样本的某个 n-gram 出现在训练索引中即判为污染；少于 n 个词的样本没有 n-gram，不会被判为污染。

输入：tokens，测试样本规范化后的词列表；index，ngram_index 的结果；n。
输出：布尔值。

>>> is_contaminated(["x", "b", "c"], {("b", "c")}, 2)
True
""",
    "split_accuracy": """按污染与否拆分准确率。

输入：correct，每道题是否答对（0/1）；flags，每道题是否被判为污染（布尔）。
输出：(全部准确率, 干净子集准确率, 污染子集准确率)；某个子集为空时，其准确率为 nan。

>>> split_accuracy([1, 0, 1, 1], [True, False, False, True])
(0.75, 0.5, 1.0)
""",
}

HINTS = {
    "en": (
        "Normalise both sides the same way, put every training n-gram in a set, and flag a test "
        "item when any of its own n-grams is in that set.",
        "normalize: lower(), remove string.punctuation, split(); index = {tuple(d[i:i+n])}; "
        "contaminated = any(tuple(t[i:i+n]) in index for i in range(len(t)-n+1)); accuracy on "
        "the clean subset uses only items whose flag is False.",
    ),
    "zh": (
        "两边用同样的方式规范化，把训练语料的所有 n-gram 放进一个集合，测试样本只要有一个 n-gram 在集合里就判为污染。",
        "normalize：lower()，删去 string.punctuation，split()；index = {tuple(d[i:i+n])}；"
        "污染 = any(tuple(t[i:i+n]) in index for i in range(len(t)-n+1))；干净子集准确率只用标记为 False 的题。",
    ),
}

_STRIP = str.maketrans("", "", string.punctuation)


def normalize(text):
    """Normalise text: lowercase, delete every ASCII punctuation character
    (string.punctuation), split on whitespace.

    Input: text, a string. Output: a list of words.

    >>> normalize("Hello, World!  It's 42.")
    ['hello', 'world', 'its', '42']
    """
    return text.lower().translate(_STRIP).split()


def ngram_index(docs, n):
    """The n-gram index of a training corpus: every length-n window of every (normalised)
    training document.

    Input: docs, a list of word lists; n. Output: a set of tuples.

    >>> sorted(ngram_index([["a", "b", "c"]], 2))
    [('a', 'b'), ('b', 'c')]
    """
    return {tuple(d[i : i + n]) for d in docs for i in range(len(d) - n + 1)}


def is_contaminated(tokens, index, n):
    """Contamination test: the item is flagged when one of its n-grams is in the training
    index; an item with fewer than n words has no n-gram and is never flagged.

    Input: tokens, the normalised test item; index, from ngram_index; n. Output: a bool.

    >>> is_contaminated(["x", "b", "c"], {("b", "c")}, 2)
    True
    """
    return any(tuple(tokens[i : i + n]) in index for i in range(len(tokens) - n + 1))


def split_accuracy(correct, flags):
    """Accuracy split by contamination.

    Input: correct, 0/1 per question; flags, contaminated or not per question. Output:
    (overall accuracy, clean-subset accuracy, contaminated-subset accuracy); an empty subset
    has accuracy nan.

    >>> split_accuracy([1, 0, 1, 1], [True, False, False, True])
    (0.75, 0.5, 1.0)
    """
    c = np.asarray(correct, float)
    fl = np.asarray(flags, bool)

    def acc(mask):
        return float(c[mask].mean()) if mask.any() else float("nan")

    return float(c.mean()), acc(~fl), acc(fl)


def contains_window(doc, window):
    """Brute force: is `window` a contiguous run of `doc`? (substring search on joined text)"""
    return " " + " ".join(window) + " " in " " + " ".join(doc) + " "


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Benchmark contamination by 13-gram overlap")

    with r.case("normalisation: lowercase, no punctuation, whitespace split") as c:
        c.equal(
            f.normalize("The Quick, brown-fox; (jumps)!"), ["the", "quick", "brownfox", "jumps"]
        )
        c.equal(f.normalize("  A\tB\nc...  "), ["a", "b", "c"])
        c.equal(f.normalize("?!"), [])

    vocab = [f"w{i}" for i in range(60)]
    train = [list(rng.choice(vocab, int(rng.integers(20, 120)))) for _ in range(30)]
    with r.case("n-gram index equals a brute-force window scan") as c:
        for n in (1, 3, 13):
            want = set()
            for d in train:
                for i in range(len(d)):
                    if i + n <= len(d):
                        want.add(tuple(d[i + j] for j in range(n)))
            c.true(set(f.ngram_index(train, n)) == want, f"n={n}")

    tests = [list(rng.choice(vocab, int(rng.integers(5, 40)))) for _ in range(40)]
    for k in range(0, 40, 5):  # plant overlaps of different lengths into training pages
        src = tests[k]
        L = min(len(src), 5 + k // 2)
        train[k % 30] = train[k % 30][:10] + src[:L] + train[k % 30][10:]
    with r.case("flags equal a brute-force search for any shared length-n window") as c:
        for n in (4, 8, 13):
            idx = f.ngram_index(train, n)
            for t in tests:
                want = any(
                    contains_window(d, t[i : i + n]) for i in range(len(t) - n + 1) for d in train
                )
                c.equal(bool(f.is_contaminated(t, idx, n)), want)

    item = (
        "The capital of Australia is Canberra, not Sydney; it was chosen as a compromise in 1908."
    )
    page = "Quiz answers -- THE CAPITAL OF AUSTRALIA IS CANBERRA (not Sydney!) it was chosen as a compromise in 1908 ..."
    para = "The capital of Australia is Canberra, and not Sydney; it was picked as a compromise back in 1908."
    with r.case(
        "pasted item caught through case and punctuation; a paraphrase escapes 13-grams"
    ) as c:
        idx13 = f.ngram_index([f.normalize(page)], 13)
        c.true(bool(f.is_contaminated(f.normalize(item), idx13, 13)), "verbatim copy caught")
        c.true(not f.is_contaminated(f.normalize(para), idx13, 13), "paraphrase missed at n = 13")
        idx4 = f.ngram_index([f.normalize(page)], 4)
        c.true(bool(f.is_contaminated(f.normalize(para), idx4, 4)), "paraphrase caught at n = 4")
    with r.case("items shorter than n are never flagged, even when copied verbatim") as c:
        short = ["w1", "w2", "w3"]
        idx = f.ngram_index([short + short], 13)
        c.true(not f.is_contaminated(short, idx, 13))
        c.true(bool(f.is_contaminated(short, f.ngram_index([short], 3), 3)))

    with r.case("clean / contaminated accuracy split equals direct counting") as c:
        correct = rng.integers(0, 2, 200)
        flags = rng.random(200) < 0.2
        got = f.split_accuracy(correct, flags)
        want = (
            sum(correct) / 200,
            sum(x for x, fl in zip(correct, flags) if not fl) / sum(~flags),
            sum(x for x, fl in zip(correct, flags) if fl) / sum(flags),
        )
        c.close(got, want, rtol=1e-12)
        none = f.split_accuracy([1, 0], [False, False])
        c.true(np.isnan(none[2]) and none[1] == 0.5, "an empty subset gives nan")
        # a contaminated model: memorised items are always right
        corr = np.where(flags, 1, correct)
        a, clean, dirty = f.split_accuracy(corr, flags)
        r.figure("accuracy overall | clean | contaminated (memorised)", [a, clean, dirty])
        c.true(dirty == 1.0 and a > clean, "contamination inflates the overall score")
    return r


if __name__ == "__main__":
    main(run)
