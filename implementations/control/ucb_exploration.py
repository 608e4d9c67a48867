"""ucb-exploration: the UCB1 index and its logarithmic regret.

Follows Auer, Cesa-Bianchi & Fischer (2002): UCB1 (play each arm once, then the arm
maximising mean_j + sqrt(2 ln n / n_j)) and Theorem 1 with its proof (each suboptimal arm
is played at most 8 ln n / Delta_j^2 + 1 + pi^2/3 times in expectation); Sutton & Barto 2e, ch. 2
(upper-confidence-bound action selection). Checks: the index against hand-computed values
(untried arms first); every arm pulled once in the first K rounds; average pull counts of
Bernoulli arms below the Theorem 1 bound; regret far below epsilon-greedy's linear
exploration cost, and growing like log n (the regret ratio between n = 4000 and n = 500
stays near ln 4000 / ln 500, far from 8); the regret decomposition
sum_j Delta_j n_j = sum_t (mu* - mu_{a_t}).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["ucb1_index", "ucb1_bandit"]

DOC_ZH = {
    "ucb1_index": """UCB1 指标：mean_j + c sqrt(ln n / n_j)；UCB1 取 c = sqrt(2)。还没拉过的臂（n_j = 0）指标为 +inf。

输入：means，形状 (K,) 的样本均值；counts，形状 (K,) 的拉动次数；n，到目前为止的总拉动次数；c。
输出：形状 (K,) 的指标。

>>> np.round(ucb1_index(np.array([0.5, 0.2, 0.0]), np.array([4, 1, 0]), 5), 4).tolist()
[1.3971, 1.9941, inf]
""",
    "ucb1_bandit": """在伯努利老虎机上运行 T 步 UCB1。

前 K 步依次把每个臂拉一次；之后每步拉 ucb1_index 最大的臂（并列取编号最小者），奖励 r = 1 当 rng.random() < p[a]，否则 r = 0。
输入：p，形状 (K,) 的成功概率；T，步数（T >= K）；rng，numpy Generator；c，探索系数。
输出：形状 (T,) 的 int 数组 actions。

>>> ucb1_bandit(np.array([0.0, 1.0]), 5, np.random.default_rng(0)).tolist()
[0, 1, 1, 1, 1]
""",
}

HINTS = {
    "en": (
        "Be optimistic: act as if each arm were as good as the top of its confidence interval, "
        "which shrinks like 1/sqrt(pulls) and widens slowly with log(time).",
        "index_j = mean_j + sqrt(2 ln n / n_j) (inf if n_j = 0); pull argmax, update mean_j and "
        "n_j. Arms with a gap Delta are pulled about 8 ln n / Delta^2 times at most.",
    ),
    "zh": (
        "保持乐观：把每个臂当作和它置信区间的上端一样好；区间宽度按 1/sqrt(拉动次数) 缩小，按 log(时间) 缓慢变宽。",
        "index_j = mean_j + sqrt(2 ln n / n_j)（n_j = 0 时为 inf）；拉 argmax，再更新 mean_j 和 n_j。"
        "差距为 Delta 的臂至多被拉约 8 ln n / Delta^2 次。",
    ),
}


def ucb1_index(means, counts, n, c=2**0.5):
    """UCB1 index mean_j + c sqrt(ln n / n_j); UCB1 uses c = sqrt(2). Untried arms get +inf.

    Input: means, shape (K,), the sample means; counts, shape (K,), pulls per arm; n, the total
    number of pulls so far; c. Output: the indices, shape (K,).

    >>> np.round(ucb1_index(np.array([0.5, 0.2, 0.0]), np.array([4, 1, 0]), 5), 4).tolist()
    [1.3971, 1.9941, inf]
    """
    means, counts = np.asarray(means, float), np.asarray(counts, float)
    out = np.full(len(means), np.inf)
    tried = counts > 0
    out[tried] = means[tried] + c * np.sqrt(np.log(n) / counts[tried])
    return out


def ucb1_bandit(p, T, rng, c=2**0.5):
    """Run UCB1 for T steps on a Bernoulli bandit.

    The first K steps pull each arm once in order; afterwards pull the arm with the largest
    ucb1_index (ties: the lowest index). The reward is 1 if rng.random() < p[a], else 0.
    Input: p, shape (K,), success probabilities; T >= K steps; rng, a numpy Generator; c.
    Output: actions, an int array of shape (T,).

    >>> ucb1_bandit(np.array([0.0, 1.0]), 5, np.random.default_rng(0)).tolist()
    [0, 1, 1, 1, 1]
    """
    K = len(p)
    sums, counts = np.zeros(K), np.zeros(K)
    acts = np.zeros(T, dtype=int)
    for t in range(T):
        if t < K:
            a = t
        else:
            a = int(np.argmax(ucb1_index(sums / counts, counts, t, c)))
        sums[a] += float(rng.random() < p[a])
        counts[a] += 1
        acts[t] = a
    return acts


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("UCB1: optimism in the face of uncertainty")
    p = np.array([0.9, 0.6, 0.5])
    K, gaps = len(p), p.max() - p

    with r.case("index = mean + sqrt(2 ln n / n_j), untried arms first") as c:
        got = f.ucb1_index(np.array([0.5, 0.25, 0.8]), np.array([2, 8, 1]), 11)
        ln = np.log(11)
        c.close(got, [0.5 + np.sqrt(ln), 0.25 + np.sqrt(ln / 4), 0.8 + np.sqrt(2 * ln)], rtol=1e-12)
        got = f.ucb1_index(np.array([0.5, 0.0]), np.array([3, 0]), 3)
        c.true(np.isinf(got[1]) and got[1] > 0, f"untried arm index {got[1]}")
        c.close(got[0], 0.5 + np.sqrt(2 * np.log(3) / 3), rtol=1e-12)
        got = f.ucb1_index(np.array([0.5, 0.0]), np.array([1, 0]), 1)  # ln 1 = 0
        c.true(bool(np.isposinf(got[1])), f"untried arm at n = 1: {got[1]}")
        c.close(got[0], 0.5, rtol=1e-12)
        c.close(
            f.ucb1_index(np.array([0.3]), np.array([5]), 20, c=0.5),
            [0.3 + 0.5 * np.sqrt(np.log(20) / 5)],
        )

    with r.case("first K rounds pull every arm once") as c:
        runs = [
            np.asarray(f.ucb1_bandit(p, 4000, np.random.default_rng(seed))) for seed in range(12)
        ]
        for acts in runs[:3]:
            c.equal(acts[:K], np.arange(K))

    with r.case("mean pulls of each suboptimal arm below Auer et al. Theorem 1") as c:
        counts = np.array([np.bincount(a, minlength=K) for a in runs])
        bound = 8 * np.log(4000) / gaps[1:] ** 2 + 1 + np.pi**2 / 3
        r.figure("mean pulls (4000 rounds)", counts.mean(0).round(1).tolist())
        r.figure("Theorem 1 bound", bound.round(1).tolist())
        c.true(bool(np.all(counts.mean(0)[1:] <= bound)))
        c.true(bool(np.all(counts.sum(1) == 4000)))

    with r.case("regret is logarithmic, not linear") as c:
        reg = np.array([np.cumsum(gaps[a]) for a in runs]).mean(0)
        r.figure("mean regret at 500 / 4000", [round(float(reg[499]), 2), round(float(reg[-1]), 2)])
        ratio = reg[-1] / reg[499]
        # log growth predicts ln 4000 / ln 500 = 1.33 (plus lower-order terms); linear gives 8
        c.true(1.0 < ratio < 4.0, f"regret(4000)/regret(500) = {ratio:.2f}")
        # epsilon-greedy with eps = 0.1 pays at least eps * mean gap per step
        c.true(
            reg[-1] < 0.1 * gaps.mean() * 4000, f"{reg[-1]:.1f} < {0.1 * gaps.mean() * 4000:.1f}"
        )

    with r.case("deterministic arms: the bad arm's pulls follow sqrt(2 ln n / n_j) >= 1") as c:
        acts = np.asarray(f.ucb1_bandit(np.array([0.0, 1.0]), 300, np.random.default_rng(5)))
        # arm 0 (reward 0) is pulled at step t only if sqrt(2 ln t / n0) >= 1 + sqrt(2 ln t / n1)
        n0 = np.cumsum(acts == 0)
        c.true(bool(np.all(n0[1:] <= 2 * np.log(np.arange(2, 301)) + 1)), f"n0 = {n0[-1]}")
        c.true(n0[-1] >= 3, f"the bad arm is still explored: n0 = {n0[-1]}")
        # every choice after the first K maximises mean + sqrt(2 ln t / n) (means 0 and 1 here)
        ok = True
        for t in range(2, 300):
            n_0 = int(np.sum(acts[:t] == 0))
            idx = [np.sqrt(2 * np.log(t) / n_0), 1 + np.sqrt(2 * np.log(t) / (t - n_0))]
            ok &= acts[t] == int(np.argmax(idx))
        c.true(bool(ok), "each pull follows the UCB1 rule with c = sqrt(2)")
        # a larger c explores more
        acts2 = np.asarray(
            f.ucb1_bandit(np.array([0.0, 1.0]), 300, np.random.default_rng(5), c=3.0)
        )
        c.true(np.sum(acts2 == 0) > n0[-1], f"{np.sum(acts2 == 0)} > {n0[-1]}")
    return r


if __name__ == "__main__":
    main(run)
