"""test-time-compute-scaling: spend inference compute where it helps, per prompt.

Follows Snell et al. (2024): the benefit of extra test-time compute (more samples searched with
a verifier, or sequential revisions) depends on the prompt's difficulty, so a
"compute-optimal" strategy allocates the budget adaptively per prompt instead of uniformly.
In the simplest exact setting each sample for prompt j is correct with probability p_j and a
perfect verifier picks a correct sample if there is one, so n samples solve the prompt with
probability 1 - (1 - p_j)^n. Its gain from one more sample, p_j (1 - p_j)^n, shrinks with n
(concave), so handing out samples greedily by marginal gain is optimal. Checks: the coverage
formula against enumeration of all 2^n outcomes; the marginal gains; the greedy allocation
against brute force over every way of splitting budgets of 0..10 samples among 4 prompts; the
optimal allocation gives nothing to unsolvable prompts, little to easy ones, and beats the
uniform split.
"""

from __future__ import annotations

from itertools import product

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["coverage", "allocate_budget"]

DOC_ZH = {
    "coverage": """n 个独立样本中至少一个正确的概率（完美验证器做 best-of-n 时的解题率）：1 - (1 - p)^n。

输入：p，单个样本正确的概率（标量或数组）；n，样本数（标量或同形状数组）。
输出：同形状的概率。

>>> round(float(coverage(0.2, 3)), 6)
0.488
""",
    "allocate_budget": """把 budget 个样本分给若干提示，使期望解题数 sum_j coverage(p_j, n_j) 最大。

每次把下一个样本分给边际收益 p_j (1 - p_j)^{n_j} 最大的提示（并列时取下标最小者）；由于 coverage 对 n 是凹的，这种贪心是最优的。
输入：p，(M,) 各提示单样本正确率；budget，非负整数。
输出：(M,) 整数数组 n，和为 budget。

>>> allocate_budget(np.array([0.9, 0.5, 0.0]), 3).tolist()
[1, 2, 0]
""",
}

HINTS = {
    "en": (
        "An easy prompt is solved by its first sample, an impossible one by none: extra samples "
        "pay off most on prompts of middling difficulty.",
        "coverage = 1 - (1-p)^n. The gain of sample n+1 is coverage(p, n+1) - coverage(p, n) = "
        "p (1-p)^n, decreasing in n; give each of the budget samples to the prompt with the "
        "largest current gain (np.argmax breaks ties by the lowest index).",
    ),
    "zh": (
        "简单的提示第一个样本就能解出，不可能的提示怎么采样都解不出：额外的样本在中等难度的提示上回报最大。",
        "coverage = 1 - (1-p)^n。第 n+1 个样本的收益是 coverage(p, n+1) - coverage(p, n) = p (1-p)^n，随 n 递减；"
        "把预算中的每个样本分给当前收益最大的提示（np.argmax 并列时取最小下标）。",
    ),
}


def coverage(p, n):
    """Probability that at least one of n independent samples is correct (the solve rate of
    best-of-n with a perfect verifier): 1 - (1 - p)^n.

    Input: p, the per-sample success probability (scalar or array); n, the number of samples
    (scalar or array of that shape). Output: the probabilities, same shape.

    >>> round(float(coverage(0.2, 3)), 6)
    0.488
    """
    return 1 - (1 - np.asarray(p, dtype=float)) ** np.asarray(n)


def allocate_budget(p, budget):
    """Split budget samples among prompts to maximise the expected number solved,
    sum_j coverage(p_j, n_j).

    Each next sample goes to the prompt with the largest marginal gain p_j (1 - p_j)^{n_j}
    (the lowest index on a tie); because coverage is concave in n this greedy rule is optimal.
    Input: p (M,) per-sample success probabilities; budget, a non-negative integer.
    Output: (M,) integer array n summing to budget.

    >>> allocate_budget(np.array([0.9, 0.5, 0.0]), 3).tolist()
    [1, 2, 0]
    """
    p = np.asarray(p, dtype=float)
    n = np.zeros(len(p), dtype=int)
    for _ in range(budget):
        gain = p * (1 - p) ** n
        n[int(np.argmax(gain))] += 1
    return n


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Compute-optimal test-time scaling (best-of-n with a verifier)")

    with R.case("coverage = P(some sample correct), enumerating all 2^n outcomes") as c:
        for p in (0.05, 0.3, 0.8):
            for n in (1, 2, 5, 8):
                enum = sum(
                    np.prod([p if o else 1 - p for o in out])
                    for out in product((0, 1), repeat=n)
                    if any(out)
                )
                c.close(f.coverage(p, n), enum, rtol=1e-12)
        c.close(
            f.coverage(np.array([0.0, 1.0, 0.5]), np.array([7, 1, 0])), [0.0, 1.0, 0.0], atol=1e-15
        )
    with R.case("marginal gain of one more sample is p (1-p)^n, shrinking with n") as c:
        p = 0.35
        gains = [float(f.coverage(p, n + 1) - f.coverage(p, n)) for n in range(10)]
        c.close(gains, [p * (1 - p) ** n for n in range(10)], rtol=1e-10)
        c.true(all(b < a for a, b in zip(gains, gains[1:])), "concave in n")

    def best_split(p, B):  # brute force over every split of B samples
        best = -1.0
        for split in product(range(B + 1), repeat=len(p)):
            if sum(split) == B:
                best = max(best, float(np.sum(1 - (1 - p) ** np.array(split))))
        return best

    with R.case("greedy allocation = brute-force optimum over all splits (budgets 0..10)") as c:
        for _ in range(3):
            p = rng.uniform(0, 1, size=4) ** 2
            for B in range(11):
                n = np.asarray(f.allocate_budget(p, B))
                c.equal(int(n.sum()), B)
                c.close(float(np.sum(1 - (1 - p) ** n)), best_split(p, B), rtol=1e-12)

    p = np.array([0.97, 0.6, 0.25, 0.08, 0.0])
    B = 40
    with R.case("the optimal split skips unsolvable prompts and beats the uniform split") as c:
        n = np.asarray(f.allocate_budget(p, B))
        c.equal(int(n[-1]), 0)
        c.true(n[0] <= 2 and n[2] > n[1], f"allocation {n.tolist()}")
        opt = float(np.sum(1 - (1 - p) ** n))
        uni = float(np.sum(1 - (1 - p) ** np.full(5, B // 5)))
        c.true(opt > uni, f"{opt:.4f} vs uniform {uni:.4f}")
        R.figure(
            "p | samples | solve probability",
            [[float(a), int(b), round(float(1 - (1 - a) ** b), 4)] for a, b in zip(p, n)],
        )
        R.figure("expected solved of 5: optimal | uniform", [round(opt, 4), round(uni, 4)])

    # A FLOPs-matched comparison: a model k times smaller can afford k samples per prompt.
    R.figure(
        "one sample at p = 0.5 vs 14 samples at p = 0.1 (perfect verifier)",
        [0.5, round(float(1 - 0.9**14), 4)],
    )
    return R


if __name__ == "__main__":
    main(run)
