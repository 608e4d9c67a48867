"""temporal-difference-learning: TD(0) prediction, batch TD and the certainty-equivalence estimate.

Follows Sutton & Barto, Reinforcement Learning 2e, ch. 6 (Temporal-Difference Learning):
the TD(0) update V(S) <- V(S) + alpha [R + gamma V(S') - V(S)], the random walk of
Example 6.2 (true values 1/6 ... 5/6), batch updating (Sec. 6.3) and Example 6.4 ("You are
the predictor": batch TD gives V(A) = 3/4 where batch Monte Carlo gives 0); and Sutton
(1988). Checks: the update against hand arithmetic (terminal states bootstrap from 0);
TD(0) on the random walk ends close to the exact values 1/6 ... 5/6 (averaged over late
episodes); batch TD on Example 6.4 gives 3/4 for both states; batch TD on random-walk data
equals the certainty-equivalence estimate, the value of the maximum-likelihood Markov model
built from the same episodes and solved with numpy.linalg.solve, while the batch Monte
Carlo answer (mean returns) differs from it.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["td0_update", "td0_prediction", "batch_td0"]

DOC_ZH = {
    "td0_update": """TD(0) 更新：V[s] += alpha (r + gamma V[s'] - V[s])；若 s' 是终止状态（done），自举值取 0。

输入：V，形状 (S,)；s，r，s_next，done；alpha；gamma。
输出：新的 V（新数组，不修改输入）。

>>> td0_update(np.array([0.0, 2.0]), 0, 1.0, 1, False, 0.5, 0.9).tolist()
[1.4, 2.0]
""",
    "td0_prediction": """在线 TD(0) 预测：依次处理每个回合的每个转移 (s, r, s_next, done)，每步立即更新。

输入：episodes，回合列表，每个回合是 (s, r, s_next, done) 元组的列表；n_states；alpha；gamma；v0，初值。
输出：(最终的 V；history，形状 (回合数, n_states)，每个回合结束后的 V)。

>>> V, hist = td0_prediction([[(0, 0.0, 1, False), (1, 1.0, 1, True)]], 2, 0.5, 1.0, v0=0.0)
>>> V.tolist(), hist.shape
([0.0, 0.5], (1, 2))
""",
    "batch_td0": """批量 TD(0)：反复扫过同一批转移；每一轮在 V 固定时算出所有 TD 误差，把 V[s] 移动 alpha 乘以从 s 出发的转移的平均 TD 误差，直到最大移动量 < tol。

输入：episodes（格式同上）；n_states；gamma；alpha，每轮的步长（0 < alpha <= 1）；tol；max_sweeps。
输出：收敛后的 V，形状 (n_states,)。

>>> eps = [[(0, 0.0, 1, False), (1, 0.0, 1, True)]] + [[(1, 1.0, 1, True)]] * 6 + [[(1, 0.0, 1, True)]]
>>> np.round(batch_td0(eps, 2, 1.0), 4).tolist()
[0.75, 0.75]
""",
}

HINTS = {
    "en": (
        "Move the estimate of the current state toward the one-step target: the reward plus "
        "the discounted estimate of the next state (zero after a terminal step).",
        "delta = r + gamma * V[s'] * (not done) - V[s]; V[s] += alpha * delta. Batch TD sums "
        "the deltas of the whole data set with V fixed, then applies them, and repeats: its "
        "fixed point is the value of the maximum-likelihood Markov model of the data.",
    ),
    "zh": (
        "把当前状态的估计朝一步目标移动：奖励加上下一状态估计的折扣值（终止后为零）。",
        "delta = r + gamma * V[s'] * (not done) - V[s]；V[s] += alpha * delta。批量 TD 在 V 固定时"
        "把整批数据的 delta 加起来再更新，如此反复；它的不动点是数据的最大似然马尔可夫模型的价值。",
    ),
}


def td0_update(V, s, r, s_next, done, alpha, gamma):
    """TD(0) update V[s] += alpha (r + gamma V[s'] - V[s]); a terminal s' (done) bootstraps from 0.

    Input: V, shape (S,); s, r, s_next, done; alpha; gamma. Output: the new V (a new array).

    >>> td0_update(np.array([0.0, 2.0]), 0, 1.0, 1, False, 0.5, 0.9).tolist()
    [1.4, 2.0]
    """
    V = np.array(V, dtype=float)
    target = r + (0.0 if done else gamma * V[s_next])
    V[s] += alpha * (target - V[s])
    return V


def td0_prediction(episodes, n_states, alpha, gamma, v0=0.0):
    """Online TD(0) prediction: update after every transition (s, r, s_next, done) of every episode.

    Input: episodes, a list of episodes, each a list of (s, r, s_next, done) tuples;
    n_states; alpha; gamma; v0, the initial value. Output: (the final V; history, shape
    (number of episodes, n_states), V after each episode).

    >>> V, hist = td0_prediction([[(0, 0.0, 1, False), (1, 1.0, 1, True)]], 2, 0.5, 1.0, v0=0.0)
    >>> V.tolist(), hist.shape
    ([0.0, 0.5], (1, 2))
    """
    V = np.full(n_states, float(v0))
    hist = np.zeros((len(episodes), n_states))
    for i, ep in enumerate(episodes):
        for s, r, s_next, done in ep:
            V = td0_update(V, s, r, s_next, done, alpha, gamma)
        hist[i] = V
    return V, hist


def batch_td0(episodes, n_states, gamma, alpha=0.5, tol=1e-12, max_sweeps=100000):
    """Batch TD(0): sweep the same transitions repeatedly; each sweep computes every TD error
    with V fixed and moves V[s] by alpha times the mean TD error of the transitions leaving s,
    until the largest move is below tol.

    Input: episodes (as above); n_states; gamma; alpha in (0, 1], the step per sweep; tol;
    max_sweeps.
    Output: the converged V, shape (n_states,).

    >>> eps = [[(0, 0.0, 1, False), (1, 0.0, 1, True)]] + [[(1, 1.0, 1, True)]] * 6 + [[(1, 0.0, 1, True)]]
    >>> np.round(batch_td0(eps, 2, 1.0), 4).tolist()
    [0.75, 0.75]
    """
    tr = np.array([(s, r, sn, d) for ep in episodes for s, r, sn, d in ep], dtype=float)
    s, r, sn, d = tr[:, 0].astype(int), tr[:, 1], tr[:, 2].astype(int), tr[:, 3].astype(bool)
    n = np.maximum(np.bincount(s, minlength=n_states), 1)
    V = np.zeros(n_states)
    for _ in range(max_sweeps):
        delta = r + gamma * np.where(d, 0.0, V[sn]) - V[s]
        inc = alpha * np.bincount(s, weights=delta, minlength=n_states) / n
        V = V + inc
        if np.abs(inc).max() < tol:
            break
    return V


def _random_walk(rng, n_ep):
    """Sutton & Barto Example 6.2: states 0..4 (A..E), start at C, reward 1 on the right exit."""
    eps = []
    for _ in range(n_ep):
        s, ep = 2, []
        while True:
            sn = s + (1 if rng.random() < 0.5 else -1)
            if sn < 0:
                ep.append((s, 0.0, 0, True))
                break
            if sn > 4:
                ep.append((s, 1.0, 0, True))
                break
            ep.append((s, 0.0, sn, False))
            s = sn
        eps.append(ep)
    return eps


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("TD(0): bootstrapped prediction and the certainty-equivalence estimate")

    with r.case("TD(0) update by hand (terminal bootstraps from 0)") as c:
        V = np.array([1.0, 2.0, 3.0])
        c.close(
            f.td0_update(V, 1, 0.5, 2, False, 0.1, 0.9), [1.0, 2.0 + 0.1 * (0.5 + 2.7 - 2.0), 3.0]
        )
        c.close(f.td0_update(V, 1, 0.5, 2, True, 0.1, 0.9), [1.0, 2.0 + 0.1 * (0.5 - 2.0), 3.0])
        c.close(f.td0_update(V, 0, -1.0, 0, False, 1.0, 0.5), [-0.5, 2.0, 3.0])
        c.close(V, [1.0, 2.0, 3.0], rtol=0)

    true_v = np.arange(1, 6) / 6
    with r.case("random walk (Example 6.2): TD(0) approaches 1/6 ... 5/6") as c:
        eps = _random_walk(rng, 1500)
        V, hist = f.td0_prediction(eps, 5, 0.05, 1.0, v0=0.5)
        hist = np.asarray(hist)
        avg = hist[500:].mean(0)
        r.figure("TD(0) estimate (avg of late episodes)", np.round(avg, 3).tolist())
        c.close(avg, true_v, atol=0.06)
        c.equal(hist.shape, (1500, 5))
        c.close(np.asarray(V), hist[-1], rtol=0)
        # early on the values are still near the initial 0.5 (bootstrapping spreads slowly)
        c.true(abs(hist[0] - 0.5).max() < 0.1)
        V0, _ = f.td0_prediction(eps[:1], 5, 0.05, 1.0)  # default v0 = 0
        c.close(np.asarray(V0)[:4], np.zeros(4), atol=0.0)  # only the last state can move

    with r.case("Example 6.4: batch TD gives V(A) = V(B) = 3/4") as c:
        data = [[(0, 0.0, 1, False), (1, 0.0, 1, True)]] + [[(1, 1.0, 1, True)]] * 6
        data += [[(1, 0.0, 1, True)]]
        c.close(f.batch_td0(data, 2, 1.0), [0.75, 0.75], atol=1e-6)
        c.close(f.batch_td0(data, 2, 0.5), [0.375, 0.75], atol=1e-6)
        # a state with no data keeps its initial value 0
        c.close(f.batch_td0(data, 3, 1.0), [0.75, 0.75, 0.0], atol=1e-6)

    with r.case("batch TD = value of the maximum-likelihood model; batch MC differs") as c:
        eps = _random_walk(np.random.default_rng(1), 12)
        Vb = np.asarray(f.batch_td0(eps, 5, 1.0))
        # certainty equivalence: empirical transition counts and mean rewards, then solve
        cnt, rew = np.zeros((5, 5)), np.zeros(5)
        for ep in eps:
            for s, x, sn, d in ep:
                rew[s] += x
                if not d:
                    cnt[s, sn] += 1
        visits = np.zeros(5)
        for ep in eps:
            for s, *_ in ep:
                visits[s] += 1
        Pm, rm = cnt / visits[:, None], rew / visits
        ce = np.linalg.solve(np.eye(5) - Pm, rm)
        r.figure("batch TD", np.round(Vb, 4).tolist())
        c.close(Vb, ce, atol=1e-6)
        mc_sum, mc_n = np.zeros(5), np.zeros(5)
        for ep in eps:
            G = sum(x for _, x, _, _ in ep)  # gamma = 1, reward only at the end
            for s, *_ in ep:
                mc_sum[s] += G
                mc_n[s] += 1
        mc = mc_sum / mc_n
        r.figure("batch Monte Carlo (every visit)", np.round(mc, 4).tolist())
        c.true(np.abs(mc - ce).max() > 0.01, "batch MC and batch TD give different answers")
    return r


if __name__ == "__main__":
    main(run)
