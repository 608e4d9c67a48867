"""monte-carlo-control: first-visit and every-visit MC prediction, and Monte Carlo ES control.

Follows Sutton & Barto, Reinforcement Learning 2e, ch. 5 (Monte Carlo Methods): values are
averages of sampled returns (first-visit or every-visit, Sec. 5.1), and Monte Carlo with
exploring starts (Sec. 5.3) alternates greedy improvement with averaging returns of
state-action pairs. Checks: Exercise 5.5's one-state episode of 10 steps (first-visit
estimate 10, every-visit 5.5, by hand); on the random walk of Example 6.2, first-visit MC
matches the exact values 1/6 ... 5/6 within 4 binomial standard errors; both estimators
are the plain mean of the returns of an episode list computed independently; and Monte
Carlo ES on a random episodic MDP finds the optimal policy of a brute-force search over all
deterministic policies (each evaluated by a linear solve), with Q near q* on its actions.
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["episode_returns", "mc_prediction", "mc_control_es"]

DOC_ZH = {
    "episode_returns": """一个回合每一步的折扣回报 G_t = r_{t+1} + gamma G_{t+1}，G_T = 0。

输入：rewards，长度 T，rewards[t] = r_{t+1}；gamma。
输出：形状 (T,) 的 G。

>>> episode_returns([1.0, 0.0, 2.0], 0.5).tolist()
[1.5, 1.0, 2.0]
""",
    "mc_prediction": """蒙特卡洛预测：V(s) = s 的回报的平均值。

first_visit=True 时每个回合只用 s 第一次出现时的回报；否则用每一次出现时的回报（every-visit）。没有出现过的状态 V = 0。
输入：episodes，回合列表，每个回合是 (s, r) 对的列表，r 是离开 s 后得到的奖励；n_states；gamma；first_visit。
输出：形状 (n_states,) 的 V。

>>> mc_prediction([[(0, 1.0), (0, 1.0)]], 1, 1.0, first_visit=False).tolist()
[1.5]
""",
    "mc_control_es": """带探索性开始的蒙特卡洛控制（MC ES）。

每个回合：s0 = rng.integers(n_states)，a0 = rng.integers(n_actions)；之后按当前贪心策略 argmax Q[s]（并列取编号最小者）行动，
(r, s', done) = step(s, a)，直到 done 或 max_steps 步。然后从后往前算回报，对每个 (s, a) 的首次出现，把回报计入平均：Q[s,a] = 回报的平均值。
输入：step，函数 (s, a) -> (r, s_next, done)；n_states；n_actions；episodes；gamma；rng；max_steps。
输出：(Q，形状 (n_states, n_actions)；policy = Q.argmax(1))。

>>> Q, pol = mc_control_es(lambda s, a: (float(a), 0, True), 1, 2, 20, 1.0, np.random.default_rng(0))
>>> Q.tolist(), pol.tolist()
([[0.0, 1.0]], [1])
""",
}

HINTS = {
    "en": (
        "No model and no bootstrapping: run whole episodes, compute the return that followed "
        "each visit, and average. For control, average returns of state-action pairs and act "
        "greedily; exploring starts make sure every pair keeps being tried.",
        "Returns backward: G = r + gamma * G. First-visit keeps only the first occurrence of "
        "s (or (s, a)) in an episode. Q[s, a] = sum of returns / count; policy = Q.argmax(1).",
    ),
    "zh": (
        "不用模型，也不自举：跑完整个回合，算出每次访问之后的回报，再取平均。控制时对状态-动作对的回报取平均并贪心行动；"
        "探索性开始保证每个状态-动作对都会一直被尝试。",
        "从后往前算回报：G = r + gamma * G。首次访问只保留 s（或 (s, a)）在回合中的第一次出现。"
        "Q[s, a] = 回报之和 / 次数；policy = Q.argmax(1)。",
    ),
}


def episode_returns(rewards, gamma):
    """Discounted return of every step of an episode: G_t = r_{t+1} + gamma G_{t+1}, G_T = 0.

    Input: rewards, length T, rewards[t] = r_{t+1}; gamma. Output: G, shape (T,).

    >>> episode_returns([1.0, 0.0, 2.0], 0.5).tolist()
    [1.5, 1.0, 2.0]
    """
    G = np.zeros(len(rewards))
    g = 0.0
    for t in range(len(rewards) - 1, -1, -1):
        g = rewards[t] + gamma * g
        G[t] = g
    return G


def mc_prediction(episodes, n_states, gamma, first_visit=True):
    """Monte Carlo prediction: V(s) is the average of the returns that followed visits to s.

    first_visit=True uses only each episode's first visit to s; otherwise every visit.
    States never visited get V = 0. Input: episodes, a list of episodes, each a list of
    (s, r) pairs, r the reward received on leaving s; n_states; gamma; first_visit.
    Output: V, shape (n_states,).

    >>> mc_prediction([[(0, 1.0), (0, 1.0)]], 1, 1.0, first_visit=False).tolist()
    [1.5]
    """
    total, count = np.zeros(n_states), np.zeros(n_states)
    for ep in episodes:
        states = [s for s, _ in ep]
        G = episode_returns([x for _, x in ep], gamma)
        seen = set()
        for t, s in enumerate(states):
            if first_visit and s in seen:
                continue
            seen.add(s)
            total[s] += G[t]
            count[s] += 1
    V = np.zeros(n_states)
    seen_any = count > 0
    V[seen_any] = total[seen_any] / count[seen_any]
    return V


def mc_control_es(step, n_states, n_actions, episodes, gamma, rng, max_steps=200):
    """Monte Carlo control with exploring starts (MC ES).

    Each episode: s0 = rng.integers(n_states), a0 = rng.integers(n_actions); afterwards act
    greedily, a = argmax Q[s] (ties: the lowest index), with (r, s', done) = step(s, a), until
    done or max_steps steps. Then compute returns backward and, for the first occurrence of
    each (s, a), add its return to that pair's average: Q[s, a] = mean of its returns.
    Input: step, a function (s, a) -> (r, s_next, done); n_states; n_actions; episodes;
    gamma; rng; max_steps. Output: (Q, shape (n_states, n_actions); policy = Q.argmax(1)).

    >>> Q, pol = mc_control_es(lambda s, a: (float(a), 0, True), 1, 2, 20, 1.0, np.random.default_rng(0))
    >>> Q.tolist(), pol.tolist()
    ([[0.0, 1.0]], [1])
    """
    Q = np.zeros((n_states, n_actions))
    total, count = np.zeros_like(Q), np.zeros_like(Q)
    for _ in range(episodes):
        s, a = int(rng.integers(n_states)), int(rng.integers(n_actions))
        traj = []
        for _ in range(max_steps):
            r, sn, done = step(s, a)
            traj.append((s, a, r))
            if done:
                break
            s, a = sn, int(np.argmax(Q[sn]))
        G = episode_returns([x for _, _, x in traj], gamma)
        seen = set()
        for t, (s, a, _) in enumerate(traj):
            if (s, a) in seen:
                continue
            seen.add((s, a))
            total[s, a] += G[t]
            count[s, a] += 1
            Q[s, a] = total[s, a] / count[s, a]
    return Q, Q.argmax(1)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Monte Carlo: averaging sampled returns")

    with r.case("returns by hand") as c:
        c.close(f.episode_returns([1.0, 2.0, 3.0], 0.5), [1 + 1 + 0.75, 2 + 1.5, 3.0], rtol=1e-12)
        c.close(f.episode_returns([0.0, 0.0, 1.0], 1.0), [1.0, 1.0, 1.0], rtol=1e-12)

    with r.case("Exercise 5.5: one state, 10 steps of +1: first-visit 10, every-visit 5.5") as c:
        ep = [[(0, 1.0)] * 10]
        c.close(f.mc_prediction(ep, 1, 1.0, first_visit=True), [10.0], rtol=1e-12)
        c.close(f.mc_prediction(ep, 1, 1.0, first_visit=False), [5.5], rtol=1e-12)
        c.close(f.mc_prediction(ep, 2, 1.0), [10.0, 0.0], rtol=1e-12)  # default first-visit

    # random walk (Example 6.2): states 0..4, start 2, +1 on the right exit
    walks = []
    for _ in range(1500):
        s, ep = 2, []
        while True:
            sn = s + (1 if rng.random() < 0.5 else -1)
            ep.append((s, 1.0 if sn == 5 else 0.0))
            if sn in (-1, 5):
                break
            s = sn
        walks.append(ep)

    with r.case("random walk: first-visit MC = 1/6 ... 5/6 within 4 standard errors") as c:
        V = np.asarray(f.mc_prediction(walks, 5, 1.0))
        n_first = np.array([sum(any(s == k for s, _ in ep) for ep in walks) for k in range(5)])
        se = 0.5 / np.sqrt(n_first)  # returns are 0/1
        r.figure("first-visit MC", np.round(V, 3).tolist())
        c.true(bool(np.all(np.abs(V - np.arange(1, 6) / 6) < 4 * se)))

    with r.case("first- and every-visit = plain means of independently computed returns") as c:
        sub = walks[:40]
        fv, ev = [[] for _ in range(5)], [[] for _ in range(5)]
        for ep in sub:
            final = ep[-1][1]  # gamma = 1, the only reward is at the end
            for t, (s, _) in enumerate(ep):
                ev[s].append(final)
                if all(s2 != s for s2, _ in ep[:t]):
                    fv[s].append(final)
        c.close(
            f.mc_prediction(sub, 5, 1.0, first_visit=True), [np.mean(x) for x in fv], rtol=1e-12
        )
        c.close(
            f.mc_prediction(sub, 5, 1.0, first_visit=False), [np.mean(x) for x in ev], rtol=1e-12
        )
        # discounted: returns gamma^(steps to the end) * final reward
        g = 0.9
        ev2 = [[] for _ in range(5)]
        for ep in sub:
            for t, (s, _) in enumerate(ep):
                ev2[s].append(g ** (len(ep) - 1 - t) * ep[-1][1])
        c.close(
            f.mc_prediction(sub, 5, g, first_visit=False), [np.mean(x) for x in ev2], rtol=1e-12
        )

    with r.case("MC ES finds the brute-force optimal policy of an episodic MDP") as c:
        S, A, gamma = 4, 2, 0.9
        P = rng.dirichlet(np.ones(S + 1), size=(S, A))  # last column: termination
        P[:, :, S] += 0.15
        P /= P.sum(2, keepdims=True)
        Rm = rng.uniform(-1, 1, size=(S, A))
        env = np.random.default_rng(7)
        cum = np.cumsum(P, axis=2)

        def step(s, a):
            sn = min(int(np.searchsorted(cum[s, a], env.random(), side="right")), S)
            return Rm[s, a], (0 if sn == S else sn), sn == S

        def v_det(pol):
            Pp = P[np.arange(S), pol][:, :S]
            return np.linalg.solve(np.eye(S) - gamma * Pp, Rm[np.arange(S), pol])

        vals = {k: v_det(np.array(k)) for k in itertools.product(range(A), repeat=S)}
        best = max(vals, key=lambda k: vals[k].sum())
        qstar = Rm + gamma * np.einsum("sat,t->sa", P[:, :, :S], vals[best])
        Q, pol = f.mc_control_es(step, S, A, 4000, gamma, np.random.default_rng(8))
        r.figure("MC ES policy / optimal", [np.asarray(pol).tolist(), list(best)])
        c.equal(np.asarray(pol), np.array(best))
        # first visits only: one state, one action, episodes of three +1 steps -> Q = 3, not 2
        clock = [0]

        def three(s, a):
            clock[0] += 1
            done = clock[0] % 3 == 0
            return 1.0, 0, done

        Q1, _ = f.mc_control_es(three, 1, 1, 5, 1.0, np.random.default_rng(0))
        c.close(np.asarray(Q1), [[3.0]], rtol=1e-12)
        opt = np.asarray(Q)[np.arange(S), list(best)]
        c.close(opt, qstar[np.arange(S), list(best)], atol=0.15)
    return r


if __name__ == "__main__":
    main(run)
