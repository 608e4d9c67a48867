"""method-of-types: sequences grouped by their empirical distribution (type); sizes and
probabilities of type classes, and Sanov-style large deviations.

Follows Cover & Thomas ch. 11 (the method of types): the probability of a sequence x under an
i.i.d. Q depends only on its type P, Q^n(x) = 2^{-n (H(P) + D(P || Q))}, so the average log loss
of a model on a text is the entropy of the text's empirical distribution plus its divergence
from the model; there are at most (n + 1)^|X| types; the class T(P) has between
(n + 1)^-|X| 2^{n H(P)} and 2^{n H(P)} members, and Q^n(T(P)) lies between (n + 1)^-|X|
2^{-n D(P || Q)} and 2^{-n D(P || Q)}. Checks: the identity for Q^n(x) against brute-force
enumeration of all sequences; the exact class size (math) inside both bounds; the class
probabilities summing to 1 over all types; the class sizes over the C(n + |X| - 1, |X| - 1) types
summing to |X|^n;
and the exponent -(1/n) log2 P(mean >= a) of a binomial tail approaching min D(P || Q) over
types with mean >= a (Sanov) as n grows.
"""

from __future__ import annotations

import math
from itertools import product

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["type_class_size", "log2_seq_prob", "log2_type_class_prob"]

DOC_ZH = {
    "type_class_size": """类型类 T(P) 的大小：出现次数为 counts 的长度 n 的序列个数，即多项式系数 n! / Π_a counts[a]!（精确整数）。

输入：counts，非负整数列表。
输出：Python 整数。

>>> type_class_size([2, 1])
3
""",
    "log2_seq_prob": """在独立同分布 Q 下，某个类型为 counts 的序列的概率的 log2：Σ_a counts[a] log2 q[a]（只取决于类型）。

输入：counts；q，概率向量（同长度）。
输出：浮点数；若某个 counts[a] > 0 而 q[a] = 0，返回 -inf。

>>> round(float(log2_seq_prob([2, 1], [0.5, 0.5])), 6)
-3.0
""",
    "log2_type_class_prob": """整个类型类在 Q 下的概率的 log2：log2 |T(P)| + Σ_a counts[a] log2 q[a]。

输入：counts；q。
输出：浮点数。

>>> round(float(log2_type_class_prob([2, 1], [0.5, 0.5])), 6)
-1.415037
""",
}

HINTS = {
    "en": (
        "A sequence's probability under an i.i.d. source is a product over positions; group the "
        "factors by symbol.",
        "Q^n(x) = prod_a q_a^{n_a}, so log2 Q^n(x) = sum_a n_a log2 q_a = -n (H(P) + D(P||Q)) with "
        "P = counts / n. |T(P)| = n! / prod n_a! (use math.factorial or math.comb for an exact "
        "integer), and Q^n(T(P)) = |T(P)| Q^n(x); take log2 of the integer with math.log2.",
    ),
    "zh": (
        "独立同分布信源下，一个序列的概率是各位置概率的乘积；按符号把这些因子归并。",
        "Q^n(x) = Π_a q_a^{n_a}，所以 log2 Q^n(x) = Σ_a n_a log2 q_a = -n (H(P) + D(P||Q))，其中 P = counts / n。"
        "|T(P)| = n! / Π n_a!（用 math.factorial 或 math.comb 得到精确整数），Q^n(T(P)) = |T(P)| Q^n(x)；用 math.log2 对整数取对数。",
    ),
}


def type_class_size(counts):
    """Size of the type class T(P): the number of length-n sequences with these symbol
    counts, the multinomial coefficient n! / prod_a counts[a]! (an exact integer).

    Input: counts, a list of non-negative ints. Output: a Python int.

    >>> type_class_size([2, 1])
    3
    """
    size, n = 1, 0
    for k in counts:
        n += int(k)
        size *= math.comb(n, int(k))
    return size


def log2_seq_prob(counts, q):
    """log2 of the probability, under i.i.d. Q, of any one sequence of type `counts`:
    sum_a counts[a] log2 q[a] (it depends on the type only).

    Input: counts; q a probability vector of the same length. Output: a float; -inf when
    some counts[a] > 0 has q[a] = 0.

    >>> round(float(log2_seq_prob([2, 1], [0.5, 0.5])), 6)
    -3.0
    """
    total = 0.0
    for k, p in zip(counts, q):
        if k > 0:
            if p == 0:
                return -np.inf
            total += k * np.log2(p)
    return total


def log2_type_class_prob(counts, q):
    """log2 of the probability of the whole type class under Q:
    log2 |T(P)| + sum_a counts[a] log2 q[a].

    Input: counts; q. Output: a float.

    >>> round(float(log2_type_class_prob([2, 1], [0.5, 0.5])), 6)
    -1.415037
    """
    return math.log2(type_class_size(counts)) + log2_seq_prob(counts, q)


def _types(n, k):
    if k == 1:
        yield (n,)
        return
    for first in range(n + 1):
        for rest in _types(n - first, k - 1):
            yield (first,) + rest


def _H(p):
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def _D(p, q):
    m = p > 0
    return float((p[m] * np.log2(p[m] / q[m])).sum())


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("The method of types")
    q = np.array([0.5, 0.3, 0.2])
    n = 7

    seqs = list(product(range(3), repeat=n))
    by_type: dict = {}
    for s in seqs:
        cnt = tuple(int(v) for v in np.bincount(s, minlength=3))
        by_type.setdefault(cnt, []).append(float(np.prod(q[list(s)])))

    with r.case("class sizes equal a brute-force count of all 3^7 sequences") as c:
        for cnt, probs in by_type.items():
            c.equal(f.type_class_size(list(cnt)), len(probs))
        c.equal(f.type_class_size([0, 0, 5]), 1)
    with r.case("Q^n(x) depends on the type only: 2^{-n (H(P) + D(P||Q))}") as c:
        for cnt, probs in by_type.items():
            P = np.array(cnt) / n
            c.close(2.0 ** f.log2_seq_prob(list(cnt), q), probs[0], rtol=1e-12)
            c.close(f.log2_seq_prob(list(cnt), q), -n * (_H(P) + _D(P, q)), rtol=1e-10, atol=1e-12)
    with r.case("a zero-probability symbol gives -inf; an absent one is ignored") as c:
        c.true(f.log2_seq_prob([1, 2, 0], [0.0, 0.5, 0.5]) == -np.inf)
        c.close(f.log2_seq_prob([0, 2, 1], [0.0, 0.5, 0.5]), -3.0)
        c.close(f.log2_seq_prob([3, 0], [1.0, 0.0]), 0.0, atol=1e-15)
    with r.case("class probabilities equal the enumerated sums and add up to 1") as c:
        total = 0.0
        for cnt, probs in by_type.items():
            pc = 2.0 ** f.log2_type_class_prob(list(cnt), q)
            c.close(pc, sum(probs), rtol=1e-10)
            total += pc
        c.close(total, 1.0, rtol=1e-12)
    with r.case("class sizes over all C(n + 2, 2) types add up to |X|^n (n = 7 and n = 40)") as c:
        c.equal(len(by_type), math.comb(n + 2, 2))
        c.equal(sum(f.type_class_size(list(t)) for t in _types(7, 3)), 3**7)
        c.equal(sum(f.type_class_size(list(t)) for t in _types(40, 3)), 3**40)

    with r.case(
        "type-class size and probability bounds hold for every type (n = 60, |X| = 3)"
    ) as c:
        n2 = 60
        ok = 0
        for cnt in _types(n2, 3):
            P = np.array(cnt) / n2
            ls = math.log2(f.type_class_size(list(cnt)))
            lp = f.log2_type_class_prob(list(cnt), q)
            ok += ls <= n2 * _H(P) + 1e-9 and ls >= n2 * _H(P) - 3 * math.log2(n2 + 1) - 1e-9
            ok += (
                lp <= -n2 * _D(P, q) + 1e-9 and lp >= -n2 * _D(P, q) - 3 * math.log2(n2 + 1) - 1e-9
            )
        c.equal(ok, 2 * math.comb(n2 + 2, 2))
        c.equal(f.type_class_size([20, 20, 20]), math.factorial(60) // math.factorial(20) ** 3)

    with r.case(
        "Sanov: -(1/n) log2 P(mean >= 0.6) -> min D(P||Q) over those types (Q = Bern 0.3)"
    ) as c:
        qb = np.array([0.7, 0.3])
        a = 0.6
        dstar = _D(np.array([1 - a, a]), qb)
        gaps = []
        for nn in (20, 80, 320):
            k0 = math.ceil(a * nn)
            logs = [f.log2_type_class_prob([nn - k, k], qb) for k in range(k0, nn + 1)]
            m = max(logs)
            tail = m + math.log2(sum(2.0 ** (v - m) for v in logs))
            gaps.append(-tail / nn - dstar)
        r.figure("(-1/n) log2 P - D* at n = 20, 80, 320", [round(float(g), 4) for g in gaps])
        c.true(all(g >= -1e-12 for g in gaps), "the tail is below 2^{-n D*} (Sanov upper bound)")
        c.true(gaps[0] > gaps[1] > gaps[2] and gaps[2] < 0.02, f"{gaps}")
    return r


if __name__ == "__main__":
    main(run)
