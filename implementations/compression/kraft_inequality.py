"""kraft-inequality: a prefix code with lengths l_i exists iff sum 2^-l_i <= 1.

Follows Cover & Thomas ch 5 and MacKay ITILA ch 5. Checks: Kraft sums equal exact
fractions worked out by hand; the canonical construction from Kraft-satisfying lengths (in
any order) has the requested lengths and is prefix-free (checked pair by pair by a separate
loop); the prefix test agrees with that loop on every 4-word code of length <= 3, and an
exhaustive search finds no prefix code for lengths with Kraft sum > 1; every prefix-free set
satisfies Kraft; and the Sardinas-Patterson test agrees with a brute-force search for two
parsings of one string on all 3-word codes of length <= 3, including a uniquely decodable
non-prefix code that obeys Kraft (McMillan).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["kraft_sum", "canonical_code", "prefix_free", "uniquely_decodable"]

DOC_ZH = {
    "kraft_sum": """码长的 Kraft 和 Σ 2^(-l_i)，用分数精确计算。

输入：lengths，正整数码长序列。
输出：fractions.Fraction；存在该码长的前缀码当且仅当它 <= 1。

>>> kraft_sum([1, 2, 2])
Fraction(1, 1)
""",
    "canonical_code": """由满足 Kraft 不等式的码长构造规范前缀码：按码长排序，下一个码字 = (上一个 + 1) 左移补齐长度。

输入：lengths，正整数码长（任意顺序，Kraft 和 <= 1）。
输出：码字字符串列表，第 i 个码字长度为 lengths[i]。

>>> canonical_code([2, 1, 2])
['10', '0', '11']
""",
    "prefix_free": """判断一组码字是否为前缀码（没有码字是另一个码字的前缀，且没有重复）。

输入：words，二进制字符串序列。
输出：bool。

>>> prefix_free(["0", "10", "11"]), prefix_free(["0", "01"])
(True, False)
""",
    "uniquely_decodable": """Sardinas-Patterson 检验：码是唯一可译的，当且仅当没有“悬挂后缀”本身是码字。

输入：words，二进制字符串序列。
输出：bool。

>>> uniquely_decodable(["0", "01", "011"]), uniquely_decodable(["0", "01", "10"])
(True, False)
""",
}

HINTS = {
    "en": (
        "Work with exact fractions; build codewords shortest first; for unique decodability "
        "follow the suffixes left over when one codeword is a prefix of another.",
        "Canonical code: value = (value + 1) << (l_new - l_prev), written with l_new bits. "
        "Sardinas-Patterson: S1 = dangling suffixes of C with C, S_{k+1} = dangling(S_k, C) "
        "union dangling(C, S_k); not UD as soon as some S_k meets C, UD when the sets repeat "
        "or run out.",
    ),
    "zh": (
        "用精确分数计算；从最短的码长开始构造码字；唯一可译性要追踪一个码字是另一个码字前缀时剩下的后缀。",
        "规范码：value = (value + 1) << (l_new - l_prev)，用 l_new 位写出。Sardinas-Patterson："
        "S1 = C 与 C 的悬挂后缀，S_{k+1} = dangling(S_k, C) ∪ dangling(C, S_k)；某个 S_k 与 C "
        "相交即非唯一可译，集合重复或为空则唯一可译。",
    ),
}


def kraft_sum(lengths) -> Fraction:
    """Kraft sum of code lengths, sum 2^(-l_i), as an exact fraction.

    Input: lengths, positive integers. Output: a fractions.Fraction; a prefix code with these
    lengths exists iff it is <= 1.

    >>> kraft_sum([1, 2, 2])
    Fraction(1, 1)
    """
    return sum((Fraction(1, 2**l) for l in lengths), Fraction(0))


def canonical_code(lengths) -> list[str]:
    """Canonical prefix code from Kraft-satisfying lengths: sort by length, next codeword =
    (previous + 1) shifted left to the new length.

    Input: lengths, positive integers in any order with Kraft sum <= 1. Output: a list of
    codeword strings, the i-th of length lengths[i].

    >>> canonical_code([2, 1, 2])
    ['10', '0', '11']
    """
    # Assign codewords in order of length: next codeword = (previous + 1) shifted left.
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    code, value, prev = [""] * len(lengths), 0, lengths[order[0]]
    for j, i in enumerate(order):
        if j > 0:
            value = (value + 1) << (lengths[i] - prev)
        prev = lengths[i]
        code[i] = format(value, f"0{lengths[i]}b")
    return code


def prefix_free(words) -> bool:
    """Whether a set of codewords is a prefix code (no word is a prefix of another, and no
    word repeats).

    Input: words, a sequence of binary strings. Output: a bool.

    >>> prefix_free(["0", "10", "11"]), prefix_free(["0", "01"])
    (True, False)
    """
    return not any(a != b and b.startswith(a) for a in words for b in words) and len(
        set(words)
    ) == len(words)


def uniquely_decodable(words) -> bool:
    """Sardinas-Patterson test: a code is uniquely decodable iff no dangling suffix is
    itself a codeword.

    Input: words, a sequence of binary strings. Output: a bool.

    >>> uniquely_decodable(["0", "01", "011"]), uniquely_decodable(["0", "01", "10"])
    (True, False)
    """
    C = set(words)

    def dangling(A, B):
        return {b[len(a) :] for a in A for b in B if b.startswith(a) and b != a}

    S, seen = dangling(C, C), set()
    while S:
        if S & C:
            return False
        key = frozenset(S)
        if key in seen:
            return True
        seen.add(key)
        S = dangling(S, C) | dangling(C, S)
    return True


def _pf(words) -> bool:
    """Reference prefix test by explicit slicing, pair by pair."""
    ws = list(words)
    for i in range(len(ws)):
        for j in range(len(ws)):
            if i != j and ws[j][: len(ws[i])] == ws[i]:
                return False
    return True


def _ambiguous(words, max_len=12) -> bool:
    """Brute force: two different word sequences spelling one string of <= max_len bits."""
    spell: dict[str, tuple] = {"": ()}
    frontier = [""]
    while frontier:
        nxt = []
        for s0 in frontier:
            for k, w in enumerate(words):
                t = s0 + w
                if len(t) > max_len:
                    continue
                seq = spell[s0] + (k,)
                if t in spell and spell[t] != seq:
                    return True
                if t not in spell:
                    spell[t] = seq
                    nxt.append(t)
        frontier = nxt
    return False


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Kraft inequality and prefix codes")
    with r.case("Kraft sum of a complete code is exactly 1") as c:
        c.true(f.kraft_sum([1, 2, 3, 4, 5, 5]) == 1, str(f.kraft_sum([1, 2, 3, 4, 5, 5])))
        c.true(f.kraft_sum([1, 2, 2, 2]) == Fraction(5, 4), "1/2 + 3/4 = 5/4")
        c.true(f.kraft_sum([3, 3]) == Fraction(1, 4), "2/8")
        c.true(f.kraft_sum([2, 3, 1, 3]) == 1, "unsorted, complete")
        c.true(f.kraft_sum([]) == 0, "empty code")

    with r.case("canonical construction is prefix-free") as c:
        lengths = [1, 2, 3, 4, 5, 5]
        code = f.canonical_code(lengths)
        r.figure("lengths", lengths)
        r.figure("canonical code", code)
        c.equal(list(code), ["0", "10", "110", "1110", "11110", "11111"])
        c.equal(list(f.canonical_code([3, 1, 3, 2])), ["110", "0", "111", "10"])
        ok = True
        for _ in range(200):  # random Kraft-satisfying lengths, in random order
            ls = [int(x) for x in rng.integers(1, 7, size=rng.integers(1, 8))]
            if sum(2.0 ** -np.array(ls)) > 1:
                continue
            cw = list(f.canonical_code(ls))
            ok &= [len(w) for w in cw] == ls and _pf(cw) and all(set(w) <= set("01") for w in cw)
        c.true(ok, "lengths as requested and pairwise prefix-free on random length vectors")

    words = [format(v, f"0{l}b") for l in (1, 2, 3) for v in range(2**l)]
    sets = list(itertools.combinations(words, 4))
    with r.case("prefix test agrees with a pairwise loop on all 4-word codes") as c:
        got = [bool(f.prefix_free(s)) for s in sets]
        c.true(got == [_pf(s) for s in sets], f"{sum(got)} prefix-free sets")
        c.equal(bool(f.prefix_free(["01", "01"])), False)  # a repeated word is no code
        c.equal(bool(f.prefix_free(["0", "1"])), True)

    # Lengths with Kraft sum > 1: exhaustively try every assignment of binary words.
    with r.case("no prefix code exists when Kraft sum > 1 (exhaustive)") as c:
        for bad, good in (([1, 2, 2, 2], [1, 2, 3, 3]), ([2, 2, 2, 2, 3], [2, 2, 2, 3, 3])):
            pools = [[format(v, f"0{l}b") for v in range(2**l)] for l in bad]
            c.true(not any(f.prefix_free(ws) for ws in itertools.product(*pools)), str(bad))
            pools = [[format(v, f"0{l}b") for v in range(2**l)] for l in good]
            c.true(any(f.prefix_free(ws) for ws in itertools.product(*pools)), str(good))

    with r.case("all prefix-free sets obey Kraft (max sum <= 1)") as c:
        pf_sets = [s for s in sets if _pf(s)]
        sums = [f.kraft_sum(len(w) for w in s) for s in pf_sets]
        worst = max(sums)
        r.figure("prefix-free 4-word sets found", len(pf_sets))
        c.true(worst == 1, f"max sum={worst}")  # e.g. {0, 10, 110, 111}
        c.true(all(x == sum(Fraction(1, 2 ** len(w)) for w in s) for x, s in zip(sums, pf_sets)))

    # McMillan: a code that is not prefix-free but still uniquely decodable.
    ud = ["0", "01", "011", "0111"]
    with r.case("{0,01,011,0111} is uniquely decodable but not prefix-free") as c:
        c.true(f.uniquely_decodable(ud) and not f.prefix_free(ud))
    with r.case("its Kraft sum is <= 1 (McMillan)") as c:
        c.true(f.kraft_sum(len(w) for w in ud) == Fraction(15, 16), "1/2+1/4+1/8+1/16")
    with r.case("Sardinas-Patterson rejects {0,01,10}") as c:
        c.true(not f.uniquely_decodable(["0", "01", "10"]), "'010' parses two ways")
        c.true(not f.uniquely_decodable(["1", "011", "01110", "1110", "10011"]), "classic")
        c.true(f.uniquely_decodable(["0", "10", "110"]), "a prefix code is UD")
    with r.case("Sardinas-Patterson agrees with brute force on all 3-word codes") as c:
        codes = list(itertools.combinations(words, 3))
        got = [bool(f.uniquely_decodable(s)) for s in codes]
        c.true(got == [not _ambiguous(s) for s in codes], f"{sum(got)} of {len(codes)} UD")
    return r


if __name__ == "__main__":
    main(run)
