"""multi-armed-bandits: sample-average action values, epsilon-greedy, and regret.

Follows Sutton & Barto, Reinforcement Learning 2e, ch. 2 (Multi-armed Bandits): the
incremental update Q <- Q + (R - Q)/N, the epsilon-greedy rule, and optimistic initial
values. Checks: the incremental estimates equal numpy means of each arm's rewards; the
epsilon-greedy probabilities against hand-computed cases (with ties); with eps = 1 the
pseudo-regret per step equals the mean gap (within 4 standard errors); with eps = 0.1 the
share of optimal pulls tends to 1 - eps + eps/K (binomial tolerance) and regret grows
linearly; pure greedy with deterministic rewards locks onto the first arm (regret exactly
0.5 T) while optimistic initial values find the best arm (regret exactly 0.5).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["incremental_update", "epsilon_greedy_probs", "epsilon_greedy_bandit"]

DOC_ZH = {
    "incremental_update": """样本平均的增量更新：N[a] += 1，Q[a] += (r - Q[a]) / N[a]。

输入：Q，形状 (K,) 的动作值估计；N，形状 (K,) 的拉动次数；a，被拉的臂；r，得到的奖励。
输出：(新的 Q，新的 N)，都是新数组，不修改输入。

>>> Q, N = incremental_update(np.array([1.0, 0.0]), np.array([1, 0]), 0, 3.0)
>>> Q.tolist(), N.tolist()
([2.0, 0.0], [2, 0])
""",
    "epsilon_greedy_probs": """epsilon-贪心策略下每个动作被选中的概率。

以概率 eps 在 K 个动作中均匀随机选择；以概率 1 - eps 选 Q 最大的动作（并列时在最大者之间平分）。
输入：Q，形状 (K,)；eps，0 <= eps <= 1。
输出：形状 (K,) 的概率向量。

>>> epsilon_greedy_probs(np.array([0.0, 2.0, 1.0, 2.0]), 0.2).tolist()
[0.05, 0.45, 0.05, 0.45]
""",
    "epsilon_greedy_bandit": """在高斯奖励的 K 臂老虎机上运行 T 步 epsilon-贪心（样本平均估计）。

每一步：若 rng.random() < eps，则 a = rng.integers(K)；否则 a = argmax Q（并列取编号最小者）。
奖励 r = means[a] + noise * rng.standard_normal()，再用增量更新修正 Q[a]。
输入：means，形状 (K,)；T，步数；eps；rng，numpy Generator；q0，Q 的初值；noise，奖励噪声标准差。
输出：(actions，形状 (T,) 的 int 数组；rewards，形状 (T,))。

>>> acts, rews = epsilon_greedy_bandit(np.array([0.5, 1.0]), 3, 0.0, np.random.default_rng(0), q0=5.0, noise=0.0)
>>> acts.tolist(), rews.tolist()
([0, 1, 1], [0.5, 1.0, 1.0])
""",
}

HINTS = {
    "en": (
        "Keep one running average per arm; exploit the best average, but explore with a small "
        "probability so that every arm keeps being sampled.",
        "Q[a] += (r - Q[a]) / N[a] after N[a] += 1. epsilon-greedy: eps/K on every arm plus "
        "(1 - eps)/|argmax set| on each maximiser. Regret = sum over steps of mu* - mu[a_t].",
    ),
    "zh": (
        "每个臂维护一个滑动平均；利用当前平均最好的臂，但以小概率探索，保证每个臂一直被采样。",
        "先 N[a] += 1，再 Q[a] += (r - Q[a]) / N[a]。epsilon-贪心：每个臂先得 eps/K，"
        "每个最大者再得 (1 - eps)/最大者个数。遗憾 = 各步 mu* - mu[a_t] 之和。",
    ),
}


def incremental_update(Q, N, a, r):
    """Sample-average update in incremental form: N[a] += 1, Q[a] += (r - Q[a]) / N[a].

    Input: Q, shape (K,), the action-value estimates; N, shape (K,), the pull counts; a, the
    arm pulled; r, the reward received. Output: (new Q, new N), new arrays (inputs unchanged).

    >>> Q, N = incremental_update(np.array([1.0, 0.0]), np.array([1, 0]), 0, 3.0)
    >>> Q.tolist(), N.tolist()
    ([2.0, 0.0], [2, 0])
    """
    Q, N = np.array(Q, dtype=float), np.array(N).copy()
    N[a] += 1
    Q[a] += (r - Q[a]) / N[a]
    return Q, N


def epsilon_greedy_probs(Q, eps):
    """Probability of each action under epsilon-greedy.

    With probability eps pick uniformly among the K actions; with probability 1 - eps pick a
    maximiser of Q (ties share that probability equally).
    Input: Q, shape (K,); eps in [0, 1]. Output: probabilities, shape (K,).

    >>> epsilon_greedy_probs(np.array([0.0, 2.0, 1.0, 2.0]), 0.2).tolist()
    [0.05, 0.45, 0.05, 0.45]
    """
    Q = np.asarray(Q, dtype=float)
    best = Q == Q.max()
    return eps / len(Q) + (1 - eps) * best / best.sum()


def epsilon_greedy_bandit(means, T, eps, rng, q0=0.0, noise=1.0):
    """Run epsilon-greedy (sample averages) for T steps on a K-armed Gaussian bandit.

    Each step: if rng.random() < eps, a = rng.integers(K); else a = argmax Q (ties: the lowest
    index). The reward is r = means[a] + noise * rng.standard_normal(); then Q[a] is updated
    incrementally. Input: means, shape (K,); T, steps; eps; rng, a numpy Generator; q0, the
    initial Q; noise, the reward standard deviation.
    Output: (actions, int array of shape (T,); rewards, shape (T,)).

    >>> acts, rews = epsilon_greedy_bandit(np.array([0.5, 1.0]), 3, 0.0, np.random.default_rng(0), q0=5.0, noise=0.0)
    >>> acts.tolist(), rews.tolist()
    ([0, 1, 1], [0.5, 1.0, 1.0])
    """
    K = len(means)
    Q, N = np.full(K, float(q0)), np.zeros(K, dtype=int)
    acts, rews = np.zeros(T, dtype=int), np.zeros(T)
    for t in range(T):
        a = int(rng.integers(K)) if rng.random() < eps else int(np.argmax(Q))
        r = means[a] + noise * rng.standard_normal()
        N[a] += 1
        Q[a] += (r - Q[a]) / N[a]
        acts[t], rews[t] = a, r
    return acts, rews


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Multi-armed bandits: sample averages, epsilon-greedy, regret")
    means = np.array([0.2, 0.9, 0.5, -0.3, 0.6])
    K, gaps = len(means), means.max() - means

    with r.case("incremental estimates = per-arm numpy means") as c:
        arms = rng.integers(K, size=300)
        rewards = rng.normal(means[arms], 1.0)
        Q, N = np.zeros(K), np.zeros(K, dtype=int)
        for a, x in zip(arms, rewards, strict=True):
            Q, N = f.incremental_update(Q, N, int(a), float(x))
        c.close(Q, [rewards[arms == k].mean() for k in range(K)], rtol=1e-10)
        c.equal(np.asarray(N), np.bincount(arms, minlength=K))
        Q0 = np.array([3.0, 1.0])
        Qn, Nn = f.incremental_update(Q0, np.array([4, 2]), 1, 4.0)
        c.close(Qn, [3.0, 2.0], rtol=1e-12)  # (1*2 + 4)/3 = 2
        c.equal(np.asarray(Nn), [4, 3])
        c.close(Q0, [3.0, 1.0], rtol=0)  # inputs untouched

    with r.case("epsilon-greedy probabilities (hand-computed, with ties)") as c:
        c.close(f.epsilon_greedy_probs(np.array([1.0, 3.0, 2.0]), 0.3), [0.1, 0.8, 0.1])
        c.close(f.epsilon_greedy_probs(np.array([1.0, 3.0, 2.0]), 0.0), [0.0, 1.0, 0.0])
        c.close(f.epsilon_greedy_probs(np.array([2.0, 2.0, 0.0, 1.0]), 0.4), [0.4, 0.4, 0.1, 0.1])
        c.close(f.epsilon_greedy_probs(np.array([-1.0, -5.0]), 1.0), [0.5, 0.5])

    with r.case("eps = 1: pseudo-regret per step = mean gap (4 standard errors)") as c:
        T = 4000
        acts, _ = f.epsilon_greedy_bandit(means, T, 1.0, np.random.default_rng(1))
        acts = np.asarray(acts)
        per_step = gaps[acts]
        se = gaps.std() / np.sqrt(T)
        r.figure("eps=1 regret per step", float(per_step.mean()))
        c.true(
            abs(per_step.mean() - gaps.mean()) < 4 * se,
            f"{per_step.mean():.4f} vs {gaps.mean():.4f}",
        )

    with r.case("eps = 0.1: optimal share -> 1 - eps + eps/K; regret linear") as c:
        T, eps = 4000, 0.1
        acts, rews = f.epsilon_greedy_bandit(means, T, eps, np.random.default_rng(2))
        acts, rews = np.asarray(acts), np.asarray(rews)
        late = acts[T // 2 :] == 1
        p = 1 - eps + eps / K
        share = late.mean()
        r.figure("eps=0.1 optimal share (second half)", float(share))
        c.true(abs(share - p) < 4 * np.sqrt(p * (1 - p) / late.size), f"{share:.4f} vs {p:.4f}")
        # the exploration cost: eps * mean gap per step in the long run
        late_regret = gaps[acts[T // 2 :]].mean()
        c.true(abs(late_regret - eps * gaps.mean()) < 0.03, f"{late_regret:.4f}")
        # the rewards really come from the chosen arms (noise sd 1)
        z = (rews - means[acts]).mean() * np.sqrt(T)
        c.true(abs(z) < 4, f"reward noise mean z = {z:.2f}")
        c.true(abs((rews - means[acts]).std() - 1.0) < 0.05)

    with r.case("greedy locks in; optimistic initial values explore") as c:
        m2 = np.array([0.5, 1.0])
        acts, rews = f.epsilon_greedy_bandit(m2, 50, 0.0, np.random.default_rng(3), noise=0.0)
        c.close((m2.max() - m2)[np.asarray(acts)].sum(), 25.0, rtol=1e-12)
        c.close(np.asarray(rews), np.full(50, 0.5), rtol=1e-12)
        acts, _ = f.epsilon_greedy_bandit(m2, 50, 0.0, np.random.default_rng(3), q0=5.0, noise=0.0)
        c.equal(np.asarray(acts), [0] + [1] * 49)
        m3 = np.array([0.3, 0.1, 0.2])
        acts, _ = f.epsilon_greedy_bandit(m3, 6, 0.0, np.random.default_rng(3), q0=1.0, noise=0.0)
        c.equal(np.asarray(acts), [0, 1, 2, 0, 0, 0])
    return r


if __name__ == "__main__":
    main(run)
