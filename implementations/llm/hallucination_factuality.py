"""hallucination-factuality: the Good-Turing view of why calibrated LMs hallucinate.

Follows Kalai and Vempala, "Calibrated Language Models Must Hallucinate" (arXiv 2311.14648):
for arbitrary facts that cannot be inferred from the training data, a language model that is
calibrated must generate hallucinations at a rate close to the fraction of facts that occur
exactly once in its training data (the monofact rate, a Good-Turing estimate), provided no
single fact is very likely. The Good-Turing part is exact and small enough to check: with n
draws from a distribution p, the monofact rate N1/n has expectation sum_x p(1-p)^(n-1), the
missing mass (total probability of never-seen facts) has expectation sum_x p(1-p)^n, and the
two differ by sum_x p^2 (1-p)^(n-1) <= max_x p. A toy generator that is calibrated in the
sense of giving unseen facts their missing mass, but cannot tell unseen true facts from many
plausible false ones, hallucinates at about the monofact rate. Checks: counts against brute
force; Monte Carlo means against the closed forms; the gap bound; the toy generator's
hallucination rate against the monofact rate; the generator that never goes beyond its data
hallucinates never but gives zero probability to the unseen true facts.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["monofact_rate", "missing_mass", "toy_hallucination_rate"]

DOC_ZH = {
    "monofact_rate": """单现事实比例（Good-Turing 估计）：样本中恰好只出现一次的取值所占的比例 N1 / n。

输入：samples，长度为 n 的整数列表（每个整数是一个事实的编号）。
输出：浮点数。

>>> monofact_rate([3, 1, 3, 2])
0.5
""",
    "missing_mass": """缺失质量：在样本中一次也没出现过的事实的总概率。

输入：p，概率向量（事实 x 的概率为 p[x]）；samples。
输出：浮点数 sum_{x 未出现} p[x]。

>>> missing_mass(np.array([0.5, 0.3, 0.2]), [0, 0, 2])
0.3
""",
    "toy_hallucination_rate": """玩具生成器的幻觉率：把经验频率按 (1 - 单现比例) 缩放给已见事实，把单现比例那部分概率平均分给所有未见候选（未见的真事实和 n_false 个看似合理的假事实）。幻觉率 = 落在假事实上的概率。

输入：samples；n_true，真事实总数（编号 0..n_true-1）；n_false，假候选数。
输出：浮点数 m * n_false / (n_false + 未见真事实数)，其中 m = monofact_rate(samples)。

>>> round(toy_hallucination_rate([0, 1, 1], 4, 6), 6)
0.25
""",
}

HINTS = {
    "en": (
        "Good-Turing: the facts seen exactly once tell you how much probability sits on facts "
        "you have not seen at all.",
        "N1 = number of values with count 1, rate = N1/n; missing mass = sum of p over values "
        "with count 0; toy generator: mass m = N1/n spread evenly over unseen true facts and "
        "false candidates, so the false share is m * n_false / (n_false + unseen_true).",
    ),
    "zh": (
        "Good-Turing：恰好只见过一次的事实告诉你，有多少概率落在根本没见过的事实上。",
        "N1 = 出现次数为 1 的取值个数，比例 = N1/n；缺失质量 = 出现 0 次的取值的 p 之和；"
        "玩具生成器：把 m = N1/n 平均分给未见真事实和假候选，落在假事实上的份额为 m * n_false / (n_false + 未见真事实数)。",
    ),
}


def monofact_rate(samples):
    """Monofact rate (the Good-Turing estimate): the fraction N1 / n of the sample made of
    values that occur exactly once.

    Input: samples, a list of n ints (each int names a fact). Output: a float.

    >>> monofact_rate([3, 1, 3, 2])
    0.5
    """
    counts = Counter(samples)
    return sum(1 for v in counts.values() if v == 1) / len(samples)


def missing_mass(p, samples):
    """Missing mass: the total probability of the facts that never occur in the sample.

    Input: p, a probability vector (fact x has probability p[x]); samples. Output: the float
    sum of p[x] over the unseen x.

    >>> missing_mass(np.array([0.5, 0.3, 0.2]), [0, 0, 2])
    0.3
    """
    seen = np.zeros(len(p), bool)
    seen[list(set(samples))] = True
    return float(np.sum(np.asarray(p)[~seen]))


def toy_hallucination_rate(samples, n_true, n_false):
    """Hallucination rate of a toy generator: seen facts get their empirical frequencies
    scaled by (1 - monofact rate); the monofact rate's worth of probability is spread evenly
    over every unseen candidate (the unseen true facts and n_false plausible false facts).
    The hallucination rate is the probability that lands on false facts.

    Input: samples; n_true, the number of true facts (ids 0..n_true-1); n_false, the number
    of false candidates. Output: the float m * n_false / (n_false + unseen true facts), with
    m = monofact_rate(samples).

    >>> round(toy_hallucination_rate([0, 1, 1], 4, 6), 6)
    0.25
    """
    m = monofact_rate(samples)
    unseen = n_true - len(set(samples))
    return m * n_false / (n_false + unseen)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Calibrated LMs must hallucinate: the Good-Turing monofact rate")
    N = 300
    p = 1 / np.arange(1, N + 1) ** 1.1
    p /= p.sum()

    with r.case("monofact rate and missing mass equal brute-force counts") as c:
        for n in (5, 50, 400):
            s = list(rng.choice(N, n, p=p))
            ones = [x for x in set(s) if s.count(x) == 1]
            c.close(f.monofact_rate(s), len(ones) / n, rtol=1e-12)
            c.close(
                f.missing_mass(p, s),
                sum(p[x] for x in range(N) if x not in s),
                rtol=1e-12,
                atol=1e-15,
            )
        c.close(f.monofact_rate([7, 7, 7]), 0.0, atol=0)
        c.close(f.monofact_rate([1, 2, 3, 4]), 1.0, rtol=0)

    n, trials = 200, 1500
    with r.case("E[N1/n] = sum p(1-p)^(n-1) and E[missing mass] = sum p(1-p)^n (Monte Carlo)") as c:
        mf, mm = [], []
        for _ in range(trials):
            s = list(rng.choice(N, n, p=p))
            mf.append(f.monofact_rate(s))
            mm.append(f.missing_mass(p, s))
        mf, mm = np.array(mf), np.array(mm)
        e_mf, e_mm = np.sum(p * (1 - p) ** (n - 1)), np.sum(p * (1 - p) ** n)
        c.true(
            abs(mf.mean() - e_mf) < 4 * mf.std() / np.sqrt(trials), f"{mf.mean():.4f} vs {e_mf:.4f}"
        )
        c.true(
            abs(mm.mean() - e_mm) < 4 * mm.std() / np.sqrt(trials), f"{mm.mean():.4f} vs {e_mm:.4f}"
        )
        gap = mf.mean() - mm.mean()
        se_gap = (mf - mm).std() / np.sqrt(trials)
        r.figure(
            "n = 200: E[monofact rate] | E[missing mass] | max p",
            [float(e_mf), float(e_mm), float(p.max())],
        )
        c.true(
            abs(gap - np.sum(p**2 * (1 - p) ** (n - 1))) < 4 * se_gap + 1e-12,
            "gap = sum p^2 (1-p)^(n-1)",
        )
        c.true(gap <= p.max() + 4 * se_gap, "gap <= max p")

    with r.case("toy calibrated generator hallucinates at about the monofact rate") as c:
        for n_false in (10**3, 10**6):
            rates, mfs = [], []
            for _ in range(200):
                s = list(rng.choice(N, n, p=p))
                rates.append(f.toy_hallucination_rate(s, N, n_false))
                mfs.append(f.monofact_rate(s))
            unseen = [N - len(set(rng.choice(N, n, p=p))) for _ in range(50)]
            ratio = np.mean(rates) / np.mean(mfs)
            c.close(ratio, n_false / (n_false + np.mean(unseen)), rtol=0.05)
        c.close(f.toy_hallucination_rate([0, 1, 1], 4, 6), (1 / 3) * 6 / (6 + 2), rtol=1e-12)
        c.close(f.toy_hallucination_rate([0, 1, 2, 3], 4, 5), 1.0, rtol=1e-12)
    with r.case(
        "a generator that never leaves its data: no hallucination, but no unseen truth"
    ) as c:
        s = list(rng.choice(N, n, p=p))
        c.equal(f.toy_hallucination_rate(s * 2, N, 10**6), 0.0)  # every fact seen twice: m = 0
        c.true(
            f.missing_mass(p, s * 2) == f.missing_mass(p, s) > 0,
            "the unseen true facts still carry probability",
        )
    return r


if __name__ == "__main__":
    main(run)
