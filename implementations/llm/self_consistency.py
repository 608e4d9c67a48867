"""self-consistency: sample several reasoning paths, answer with the most frequent final answer.

Follows Wang et al. (2023): instead of one greedy chain of thought, sample n chains at
temperature > 0 and take the plurality vote over their final answers (marginalising out the
reasoning path). If each sampled chain's final answer is drawn independently from a
distribution q over answers, the vote's accuracy has an exact form. Checks: the vote on hand
cases (ties go to the answer seen first); the exact accuracy against the binomial closed form
for two answers (odd n, and even n with a tie split evenly), against brute-force enumeration
of all K^n answer sequences for three answers, and against a Monte Carlo run of the vote
itself (20,000 trials, within 4 standard errors: first-seen tie-breaking is uniform because
i.i.d. samples are exchangeable); accuracy goes to 1 when the correct answer is the mode of
q even if q(correct) < 1/2, and to 0 when a wrong answer is the mode.
"""

from __future__ import annotations

from itertools import product
from math import comb

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["majority_vote", "vote_accuracy"]

DOC_ZH = {
    "majority_vote": """自洽性（self-consistency）的投票：返回出现次数最多的最终答案；并列时取最先出现的那个。

输入：answers，各条采样推理链的最终答案组成的列表（可以是数字或字符串）。
输出：得票最多的答案。

>>> majority_vote([3, 5, 5, 3, 7])
3
""",
    "vote_accuracy": """n 条独立采样的推理链做多数投票时答对的精确概率。

每条链的最终答案独立地服从 q（答案 0 是正确答案，1..K-1 是错误答案）；得票最多者胜出，
若有多个答案并列最多，则在并列者中等概率随机选一个。
输入：q，(K,) 答案分布；n，采样条数。
输出：投票选中答案 0 的概率。

>>> round(vote_accuracy(np.array([0.6, 0.4]), 3), 6)
0.648
""",
}

HINTS = {
    "en": (
        "Only the counts of each answer matter: sum the multinomial probability of every count "
        "vector in which the correct answer is (jointly) the most frequent.",
        "Loop over all (c_0, ..., c_{K-1}) with sum n; probability n!/prod c_k! prod q_k^c_k; if "
        "c_0 equals the maximum count, add that probability divided by how many answers share "
        "the maximum. The vote: count, then return the first answer whose count is the maximum.",
    ),
    "zh": (
        "只有每个答案的票数重要：把所有“正确答案（并列）得票最多”的票数向量的多项分布概率加起来。",
        "遍历所有和为 n 的 (c_0, ..., c_{K-1})，概率为 n!/prod c_k! prod q_k^c_k；若 c_0 等于最大票数，"
        "加上这个概率除以并列最多的答案个数。投票：先计数，再返回第一个票数等于最大值的答案。",
    ),
}


def majority_vote(answers):
    """Self-consistency's vote: the most frequent final answer; a tie goes to the one seen first.

    Input: answers, the list of final answers of the sampled reasoning chains (numbers or
    strings). Output: the answer with the most votes.

    >>> majority_vote([3, 5, 5, 3, 7])
    3
    """
    counts = {}
    for a in answers:
        counts[a] = counts.get(a, 0) + 1
    top = max(counts.values())
    for a in answers:
        if counts[a] == top:
            return a


def _compositions(n, k):
    if k == 1:
        yield (n,)
        return
    for first in range(n + 1):
        for rest in _compositions(n - first, k - 1):
            yield (first, *rest)


def vote_accuracy(q, n):
    """Exact probability that a plurality vote over n independently sampled chains is right.

    Each chain's final answer is drawn from q (answer 0 correct, 1..K-1 wrong); the most
    frequent answer wins, and a tie among several answers is broken uniformly at random.
    Input: q (K,) the answer distribution; n the number of samples.
    Output: the probability that the vote returns answer 0.

    >>> round(vote_accuracy(np.array([0.6, 0.4]), 3), 6)
    0.648
    """
    q = np.asarray(q, dtype=float)
    total = 0.0
    for counts in _compositions(n, len(q)):
        top = max(counts)
        if counts[0] == top:
            ways = comb(n, counts[0])
            left = n - counts[0]
            for ck in counts[1:]:
                ways *= comb(left, ck)
                left -= ck
            prob = ways * np.prod(q ** np.array(counts))
            total += prob / sum(ck == top for ck in counts)
    return float(total)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Self-consistency: majority vote over sampled chains of thought")

    with R.case("majority vote on hand cases (ties go to the first seen)") as c:
        c.equal(f.majority_vote([18, 26, 18]), 18)
        c.equal(f.majority_vote(["9", "7", "7", "9", "5", "7"]), "7")
        c.equal(f.majority_vote([2, 1, 1, 2]), 2)
        c.equal(f.majority_vote([4]), 4)
        c.equal(f.majority_vote([1, 2, 3, 3, 2]), 2)

    with R.case("two answers, odd n: binomial tail sum_{k > n/2} C(n,k) p^k (1-p)^(n-k)") as c:
        for p in (0.3, 0.55, 0.8):
            for n in (1, 3, 7, 15):
                want = sum(comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n // 2 + 1, n + 1))
                c.close(f.vote_accuracy(np.array([p, 1 - p]), n), want, rtol=1e-10)
    with R.case("two answers, even n: a tie at n/2 counts one half") as c:
        for p, n in ((0.6, 2), (0.6, 4), (0.35, 10)):
            want = sum(comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n // 2 + 1, n + 1))
            want += 0.5 * comb(n, n // 2) * (p * (1 - p)) ** (n // 2)
            c.close(f.vote_accuracy(np.array([p, 1 - p]), n), want, rtol=1e-10)

    def brute(q, n):  # every sequence of n answers, ties split evenly
        tot = 0.0
        for seq in product(range(len(q)), repeat=n):
            cnt = np.bincount(seq, minlength=len(q))
            if cnt[0] == cnt.max():
                tot += np.prod(q[list(seq)]) / np.sum(cnt == cnt.max())
        return tot

    with R.case("three or four answers: equals enumeration of all K^n answer sequences") as c:
        for q in (np.array([0.4, 0.35, 0.25]), np.array([0.3, 0.3, 0.2, 0.2])):
            for n in (1, 2, 3, 5, 6):
                c.close(f.vote_accuracy(q, n), brute(q, n), rtol=1e-10)

    q = np.array([0.4, 0.3, 0.2, 0.1])
    with R.case("Monte Carlo of the vote itself matches the exact accuracy (4 s.e.)") as c:
        for n in (4, 9):
            trials = 20000
            draws = rng.choice(4, p=q, size=(trials, n))
            hits = np.mean([f.majority_vote(list(row)) == 0 for row in draws])
            exact = f.vote_accuracy(q, n)
            se = np.sqrt(exact * (1 - exact) / trials)
            c.true(abs(hits - exact) < 4 * se, f"n={n}: MC {hits:.4f} vs exact {exact:.4f}")

    with R.case(
        "accuracy -> 1 when the correct answer is the mode, even with q(correct) < 1/2"
    ) as c:
        acc = [f.vote_accuracy(np.array([0.45, 0.3, 0.25]), n) for n in (1, 5, 15, 40, 80)]
        c.close(acc[0], 0.45, rtol=1e-12)
        c.true(all(b > a for a, b in zip(acc, acc[1:])) and acc[-1] > 0.9, f"{np.round(acc, 4)}")
        R.figure(
            "accuracy for q = (0.45, 0.3, 0.25), n = 1, 5, 15, 40, 80", np.round(acc, 4).tolist()
        )
    with R.case("accuracy -> 0 when a wrong answer is the mode") as c:
        acc = [f.vote_accuracy(np.array([0.3, 0.45, 0.25]), n) for n in (1, 5, 15, 40, 80)]
        c.close(acc[0], 0.3, rtol=1e-12)
        c.true(all(b < a for a, b in zip(acc, acc[1:])) and acc[-1] < 0.1, f"{np.round(acc, 4)}")
    return R


if __name__ == "__main__":
    main(run)
