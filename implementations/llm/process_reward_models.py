"""process-reward-models: score every reasoning step, not only the final answer.

Follows Lightman et al. (2023), "Let's Verify Step by Step": an outcome reward model (ORM)
predicts whether a solution's final answer is correct; a process reward model (PRM) predicts
whether each step is correct, is trained on step labels given up to the first incorrect step,
and scores a solution by the probability that every step is correct, the product of its
per-step probabilities. Both are used to rerank n sampled solutions (best-of-n). A wrong
chain can still reach the right answer by luck; a perfect ORM cannot tell such a solution
from a correct one, a perfect PRM can. Checks: the PRM score against enumeration of all 2^T
step outcomes; process labels on hand cases; the exact reranking success probability against
brute-force enumeration of all K^n draws and against the closed forms 1 - (1-q)^n (perfect
PRM) and (1 - (1-q-w)^n) q / (q+w) (perfect ORM, q and w the rates of fully correct and of
lucky solutions); a Monte Carlo run agrees; the two verifiers tie at n = 1 and the PRM wins
for every n > 1 when lucky solutions exist.
"""

from __future__ import annotations

from itertools import product
from math import comb

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["prm_score", "process_labels", "rerank_success"]

DOC_ZH = {
    "prm_score": """过程奖励模型给整条解答的分数：每一步都正确的概率，即各步正确概率之积（Lightman 等）。

输入：step_probs，PRM 给出的每一步正确的概率（长度 T 的序列）。
输出：一个 [0, 1] 中的数。

>>> round(prm_score([0.9, 0.8, 0.5]), 6)
0.36
""",
    "process_labels": """过程监督的标注：只标到第一个错误步骤为止（含该步），之后的步骤不标。

输入：step_correct，每一步是否正确（布尔或 0/1 序列）。
输出：标签列表：第一个错误之前的每一步为 1，第一个错误步骤为 0；全部正确时每一步都是 1。

>>> process_labels([1, 1, 0, 1, 0])
[1, 1, 0]
""",
    "rerank_success": """用验证器对 n 个独立采样的解答重排序（best-of-n）时，选中“好”解答的精确概率。

解答分为 K 种类型，类型 k 的出现概率为 p[k]，验证器给它的分数为 scores[k]，good[k] 表示它是否算好解答。
选分数最高的解答，并列时在并列者中等概率随机选一个。
输入：p，(K,)；scores，(K,)；good，(K,) 布尔；n。
输出：概率。

>>> round(rerank_success(np.array([0.5, 0.5]), np.array([1.0, 0.0]), np.array([True, False]), 2), 6)
0.75
""",
}

HINTS = {
    "en": (
        "A PRM multiplies per-step probabilities, so one doubtful step sinks the whole "
        "solution; for reranking only how many draws of each type appear matters.",
        "prm_score = prod(step_probs). Labels: copy 1s until the first 0, append that 0, stop. "
        "Reranking: sum over count vectors (c_1..c_K) with sum n of the multinomial probability "
        "times (number of good draws among those with the top score present) / (number of draws "
        "with that score).",
    ),
    "zh": (
        "PRM 把每一步的概率相乘，所以一个可疑的步骤就会拉低整条解答；重排序时只有各类型出现的次数重要。",
        "prm_score = prod(step_probs)。标签：复制 1 直到第一个 0，加上这个 0 后停止。重排序：对所有和为 n 的计数向量 "
        "(c_1..c_K) 求和：多项分布概率乘以（出现的最高分中好解答的个数）/（取得该分数的抽样个数）。",
    ),
}


def prm_score(step_probs):
    """A process reward model's score of a whole solution: the probability that every step is
    correct, the product of the per-step probabilities (Lightman et al.).

    Input: step_probs, the PRM's probability that each step is correct (length T).
    Output: a number in [0, 1].

    >>> round(prm_score([0.9, 0.8, 0.5]), 6)
    0.36
    """
    return float(np.prod(np.asarray(step_probs, dtype=float)))


def process_labels(step_correct):
    """Process-supervision labels: steps are labelled only up to and including the first
    incorrect one.

    Input: step_correct, whether each step is correct (booleans or 0/1).
    Output: the list of labels: 1 for each step before the first error, 0 for the first
    incorrect step; all 1s when every step is correct.

    >>> process_labels([1, 1, 0, 1, 0])
    [1, 1, 0]
    """
    labels = []
    for ok in step_correct:
        if not ok:
            labels.append(0)
            break
        labels.append(1)
    return labels


def _compositions(n, k):
    if k == 1:
        yield (n,)
        return
    for first in range(n + 1):
        for rest in _compositions(n - first, k - 1):
            yield (first, *rest)


def rerank_success(p, scores, good, n):
    """Exact probability that reranking n independently sampled solutions by a verifier
    (best-of-n) selects a good one.

    Solutions come in K types: type k appears with probability p[k], gets verifier score
    scores[k], and good[k] says whether it counts as good. The top-scoring draw is selected,
    a tie broken uniformly at random among the tied draws.
    Input: p (K,); scores (K,); good (K,) booleans; n. Output: the probability.

    >>> round(rerank_success(np.array([0.5, 0.5]), np.array([1.0, 0.0]), np.array([True, False]), 2), 6)
    0.75
    """
    p = np.asarray(p, dtype=float)
    scores = np.asarray(scores, dtype=float)
    total = 0.0
    for counts in _compositions(n, len(p)):
        c = np.array(counts)
        ways, left = 1, n
        for ck in counts:
            ways *= comb(left, ck)
            left -= ck
        top = scores[c > 0].max()
        at_top = (c > 0) & (scores == top)
        total += ways * np.prod(p**c) * c[at_top & good].sum() / c[at_top].sum()
    return float(total)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Process vs outcome reward models for reranking")

    with R.case("PRM score = P(all steps correct), enumerating all 2^T step outcomes") as c:
        for T in (1, 3, 6):
            sp = rng.uniform(0.3, 1.0, size=T)
            enum = sum(
                np.prod([sp[t] if o else 1 - sp[t] for t, o in enumerate(out)])
                for out in product((0, 1), repeat=T)
                if all(out)
            )
            c.close(f.prm_score(sp), enum, rtol=1e-12)
        c.close(f.prm_score([0.99] * 10), 0.99**10, rtol=1e-12)
        c.true(
            f.prm_score([0.99, 0.98, 0.2]) < f.prm_score([0.7, 0.7, 0.7]), "one bad step sinks it"
        )

    with R.case("process labels stop at the first incorrect step") as c:
        c.equal(f.process_labels([True, True, True]), [1, 1, 1])
        c.equal(f.process_labels([0, 1, 1]), [0])
        c.equal(f.process_labels([1, 0, 0, 1]), [1, 0])
        c.equal(f.process_labels([]), [])

    # Solution types: fully correct (prob q), lucky (wrong step, right answer: w), wrong.
    cstep, T, luck = 0.85, 5, 0.25
    q = cstep**T
    w = (1 - q) * luck
    p = np.array([q, w, 1 - q - w])
    good = np.array([True, False, False])
    prm = np.array([1.0, 0.0, 0.0])  # a perfect PRM: 1 only if every step is correct
    orm = np.array([1.0, 1.0, 0.0])  # a perfect ORM: 1 if the final answer is correct

    def brute(p, s, g, n):
        tot = 0.0
        for seq in product(range(len(p)), repeat=n):
            top = max(s[k] for k in seq)
            tied = [k for k in seq if s[k] == top]
            tot += np.prod(p[list(seq)]) * sum(g[k] for k in tied) / len(tied)
        return tot

    with R.case("exact reranking success equals enumeration of all K^n draws") as c:
        for n in (1, 2, 3, 5):
            for s in (prm, orm, np.array([0.9, 0.95, 0.1])):
                c.close(f.rerank_success(p, s, good, n), brute(p, s, good, n), rtol=1e-10)
        p4 = rng.dirichlet(np.ones(4))
        s4, g4 = np.array([0.3, 0.7, 0.7, 0.1]), np.array([False, True, False, True])
        c.close(f.rerank_success(p4, s4, g4, 4), brute(p4, s4, g4, 4), rtol=1e-10)

    ns = [1, 2, 4, 8, 16, 32]
    with R.case("closed forms: PRM 1 - (1-q)^n, ORM (1 - (1-q-w)^n) q/(q+w)") as c:
        got_p = [f.rerank_success(p, prm, good, n) for n in ns]
        got_o = [f.rerank_success(p, orm, good, n) for n in ns]
        c.close(got_p, [1 - (1 - q) ** n for n in ns], rtol=1e-10)
        c.close(got_o, [(1 - (1 - q - w) ** n) * q / (q + w) for n in ns], rtol=1e-10)
        R.figure(
            "P(selected solution is fully correct), n = 1..32: PRM | ORM",
            [np.round(got_p, 4).tolist(), np.round(got_o, 4).tolist()],
        )
    with R.case("n = 1 the verifiers tie; for n > 1 the PRM wins when lucky solutions exist") as c:
        c.close(got_p[0], got_o[0], rtol=1e-12)
        c.true(all(a > b for a, b in zip(got_p[1:], got_o[1:])))
        c.true(got_o[-1] < q / (q + w) + 1e-12, "the ORM saturates below 1")

    with R.case("Monte Carlo reranking matches the exact probability (4 s.e.)") as c:
        trials, n = 20000, 6
        draws = rng.choice(3, p=p, size=(trials, n))
        hits = 0.0
        for row in draws:
            sc = orm[row]
            tied = row[sc == sc.max()]
            hits += good[tied].mean()
        exact = f.rerank_success(p, orm, good, n)
        se = np.sqrt(exact * (1 - exact) / trials)
        c.true(abs(hits / trials - exact) < 4 * se, f"MC {hits / trials:.4f} vs {exact:.4f}")
    return R


if __name__ == "__main__":
    main(run)
