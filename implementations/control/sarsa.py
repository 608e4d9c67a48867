"""sarsa: on-policy TD control (Sarsa and Expected Sarsa) and the cliff-walking contrast.

Follows Sutton & Barto, Reinforcement Learning 2e, ch. 6: Sarsa (Sec. 6.4),
Q(S,A) <- Q(S,A) + alpha [R + gamma Q(S',A') - Q(S,A)] with A' drawn from the same
epsilon-greedy policy; Expected Sarsa (Sec. 6.6), whose target averages Q(S', .) over that
policy; and Example 6.6 (cliff walking), where Sarsa learns the safer path while
Q-learning learns the optimal path along the cliff edge and so does worse online under
epsilon-greedy exploration. Checks: both updates by hand and against the explicit
epsilon-greedy expectation; with eps = 1 the policy is uniform whatever Q is, so Sarsa
evaluates the uniform policy and lands near its q (a linear solve on a corridor); on the
cliff, the greedy path reaches the goal, keeps off the edge (longer than the optimal 13
steps), and Sarsa's online return beats an inline Q-learning learner's.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["sarsa_update", "expected_sarsa_update", "sarsa_control"]

DOC_ZH = {
    "sarsa_update": """Sarsa 更新：Q[s,a] += alpha (r + gamma Q[s',a'] - Q[s,a])；done 时目标只有 r。

输入：Q，形状 (S, A)；s，a，r，s_next，a_next，done；alpha；gamma。
输出：新的 Q（新数组）。

>>> sarsa_update(np.array([[0.0, 1.0], [2.0, 4.0]]), 0, 0, 1.0, 1, 0, False, 0.5, 0.5).tolist()
[[1.0, 1.0], [2.0, 4.0]]
""",
    "expected_sarsa_update": """Expected Sarsa 更新：目标为 r + gamma Σ_a' pi(a'|s') Q[s',a']，pi 是对 Q 的 epsilon-贪心策略
（每个动作 eps/A，Q[s'] 的最大者再加 1 - eps，并列时平分）；done 时目标只有 r。

输入：Q；s，a，r，s_next，done；alpha；gamma；eps。
输出：新的 Q。

>>> expected_sarsa_update(np.array([[0.0, 1.0], [2.0, 4.0]]), 0, 0, 1.0, 1, False, 0.5, 0.5, 0.5).tolist()
[[1.375, 1.0], [2.0, 4.0]]
""",
    "sarsa_control": """带 epsilon-贪心策略的 Sarsa 控制，回合式任务。

动作选择：若 rng.random() < eps，则 a = rng.integers(A)，否则 a = argmax Q[s]（并列取编号最小者）。
每个回合从 start 开始：选 a；循环：(r, s', done) = step(s, a)；若未终止，按同样的规则选 a'；用 sarsa_update 更新；s, a = s', a'；直到 done 或走满 max_steps 步。
输入：step，函数 (s, a) -> (r, s_next, done)；n_states；n_actions；start；episodes；alpha；gamma；eps；rng；max_steps。
输出：(Q，形状 (n_states, n_actions)；returns，形状 (episodes,)，每个回合的奖励总和)。

>>> step = lambda s, a: (1.0, 0, True)
>>> Q, G = sarsa_control(step, 1, 2, 0, 3, 0.5, 1.0, 0.0, np.random.default_rng(0))
>>> Q.tolist(), G.tolist()
([[0.875, 0.0]], [1.0, 1.0, 1.0])
""",
}

HINTS = {
    "en": (
        "Sarsa's target uses the action the policy will actually take next, so it learns the "
        "value of the exploring policy itself, risks included.",
        "target = r + gamma Q[s', a'] (a' from epsilon-greedy) or, for Expected Sarsa, "
        "r + gamma sum_a' pi(a'|s') Q[s', a'] with pi = eps/A + (1 - eps) on the argmax. "
        "Choose a' before updating, then move on with (s, a) = (s', a').",
    ),
    "zh": (
        "Sarsa 的目标用的是策略下一步真正会采取的动作，所以它学到的是这个带探索的策略本身的价值，风险也算在内。",
        "target = r + gamma Q[s', a']（a' 来自 epsilon-贪心）；Expected Sarsa 用 r + gamma Σ_a' pi(a'|s') Q[s', a']，"
        "pi 在每个动作上 eps/A，在最大者上再加 1 - eps。先选好 a' 再更新，然后 (s, a) = (s', a')。",
    ),
}


def sarsa_update(Q, s, a, r, s_next, a_next, done, alpha, gamma):
    """Sarsa update Q[s,a] += alpha (r + gamma Q[s',a'] - Q[s,a]); if done the target is r.

    Input: Q, shape (S, A); s, a, r, s_next, a_next, done; alpha; gamma. Output: the new Q.

    >>> sarsa_update(np.array([[0.0, 1.0], [2.0, 4.0]]), 0, 0, 1.0, 1, 0, False, 0.5, 0.5).tolist()
    [[1.0, 1.0], [2.0, 4.0]]
    """
    Q = np.array(Q, dtype=float)
    target = r if done else r + gamma * Q[s_next, a_next]
    Q[s, a] += alpha * (target - Q[s, a])
    return Q


def expected_sarsa_update(Q, s, a, r, s_next, done, alpha, gamma, eps):
    """Expected Sarsa: target r + gamma sum_a' pi(a'|s') Q[s',a'] with pi epsilon-greedy on Q.

    pi gives eps/A to every action and 1 - eps more to the maximiser(s) of Q[s'] (shared on
    ties); if done the target is r. Input: Q; s, a, r, s_next, done; alpha; gamma; eps.
    Output: the new Q.

    >>> expected_sarsa_update(np.array([[0.0, 1.0], [2.0, 4.0]]), 0, 0, 1.0, 1, False, 0.5, 0.5, 0.5).tolist()
    [[1.375, 1.0], [2.0, 4.0]]
    """
    Q = np.array(Q, dtype=float)
    q = Q[s_next]
    best = q == q.max()
    pi = eps / len(q) + (1 - eps) * best / best.sum()
    target = r if done else r + gamma * pi @ q
    Q[s, a] += alpha * (target - Q[s, a])
    return Q


def sarsa_control(
    step, n_states, n_actions, start, episodes, alpha, gamma, eps, rng, max_steps=1000
):
    """Sarsa control with an epsilon-greedy policy on an episodic task.

    Action choice: if rng.random() < eps, a = rng.integers(A); else a = argmax Q[s] (ties: the
    lowest index). Each episode starts at start: choose a; loop: (r, s', done) = step(s, a);
    if not done choose a' the same way; sarsa_update; (s, a) = (s', a'); until done or
    max_steps steps. Input: step, a function (s, a) -> (r, s_next, done); n_states;
    n_actions; start; episodes; alpha; gamma; eps; rng; max_steps.
    Output: (Q, shape (n_states, n_actions); returns, shape (episodes,), each episode's
    summed reward).

    >>> step = lambda s, a: (1.0, 0, True)
    >>> Q, G = sarsa_control(step, 1, 2, 0, 3, 0.5, 1.0, 0.0, np.random.default_rng(0))
    >>> Q.tolist(), G.tolist()
    ([[0.875, 0.0]], [1.0, 1.0, 1.0])
    """
    Q = np.zeros((n_states, n_actions))
    returns = np.zeros(episodes)

    def choose(s):
        if rng.random() < eps:
            return int(rng.integers(n_actions))
        return int(np.argmax(Q[s]))

    for ep in range(episodes):
        s = start
        a = choose(s)
        for _ in range(max_steps):
            r, sn, done = step(s, a)
            returns[ep] += r
            an = 0 if done else choose(sn)
            Q = sarsa_update(Q, s, a, r, sn, an, done, alpha, gamma)
            if done:
                break
            s, a = sn, an
    return Q, returns


def _cliff_step(s, a):
    """Sutton & Barto Example 6.6: 4 x 12 grid, start (3, 0), goal (3, 11), cliff (3, 1..10)."""
    row, col = divmod(s, 12)
    dr, dc = [(-1, 0), (0, 1), (1, 0), (0, -1)][a]
    row, col = min(max(row + dr, 0), 3), min(max(col + dc, 0), 11)
    if row == 3 and 1 <= col <= 10:
        return -100.0, 36, False  # fell off: back to the start
    s2 = row * 12 + col
    return -1.0, s2, s2 == 47


def _greedy_path(Q, limit=60):
    s, path = 36, [36]
    for _ in range(limit):
        _, s, done = _cliff_step(s, int(np.argmax(Q[s])))
        path.append(s)
        if done:
            break
    return path


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Sarsa: on-policy TD control")

    with r.case("Sarsa and Expected Sarsa updates by hand") as c:
        Q = np.array([[1.0, 2.0, 0.0], [3.0, -1.0, 3.0]])
        c.close(
            f.sarsa_update(Q, 0, 1, 0.5, 1, 1, False, 0.1, 0.9),
            [[1.0, 2.0 + 0.1 * (0.5 - 0.9 - 2.0), 0.0], [3.0, -1.0, 3.0]],
        )
        c.close(
            f.sarsa_update(Q, 1, 0, 2.0, 0, 2, True, 0.5, 0.9), [[1.0, 2.0, 0.0], [2.5, -1.0, 3.0]]
        )
        # eps = 0.3 on Q[1] = [3, -1, 3]: pi = [0.1 + 0.35, 0.1, 0.1 + 0.35]
        exp_next = 0.45 * 3 + 0.1 * -1 + 0.45 * 3
        c.close(
            f.expected_sarsa_update(Q, 0, 2, 1.0, 1, False, 0.5, 0.9, 0.3),
            [[1.0, 2.0, 0.5 * (1.0 + 0.9 * exp_next)], [3.0, -1.0, 3.0]],
        )
        c.close(
            f.expected_sarsa_update(Q, 0, 2, 1.0, 1, True, 0.5, 0.9, 0.3),
            [[1.0, 2.0, 0.5], [3.0, -1.0, 3.0]],
        )
        c.close(
            f.expected_sarsa_update(Q, 1, 1, 0.0, 0, False, 1.0, 1.0, 0.0),
            [[1.0, 2.0, 0.0], [3.0, 2.0, 3.0]],
        )
        c.close(Q, [[1.0, 2.0, 0.0], [3.0, -1.0, 3.0]], rtol=0)

    with r.case("eps = 1: Sarsa evaluates the uniform policy (corridor, linear solve)") as c:
        # corridor 0..4; 0 and 4 terminal exits; action 0 left, 1 right; reward -1 per step,
        # +10 for exiting right. Start in the middle.
        def corridor(s, a):
            sn = s + (1 if a == 1 else -1)
            if sn == 4:
                return 10.0, 0, True
            if sn == 0:
                return -1.0, 0, True
            return -1.0, sn, False

        Q, G = f.sarsa_control(corridor, 5, 2, 2, 3000, 0.005, 1.0, 1.0, np.random.default_rng(1))
        # uniform q on states 1..3: q(s, a) = r(s, a) + sum_a' 0.5 q(s', a') (terminals 0)
        idx = {(s, a): i for i, (s, a) in enumerate((s, a) for s in (1, 2, 3) for a in (0, 1))}
        M, b = np.eye(6), np.zeros(6)
        for (s, a), i in idx.items():
            sn = s + (1 if a == 1 else -1)
            b[i] = 10.0 if sn == 4 else -1.0
            if sn in (1, 2, 3):
                for a2 in (0, 1):
                    M[i, idx[(sn, a2)]] -= 0.5
        q_unif = np.linalg.solve(M, b).reshape(3, 2)
        r.figure("q_uniform (corridor)", np.round(q_unif, 3).tolist())
        # constant alpha leaves correlated noise (about 0.5 over seeds); q* differs by up to 8
        c.close(np.asarray(Q)[1:4], q_unif, atol=1.5)
        G = np.asarray(G)
        v_start = q_unif[1].mean()  # the uniform policy's value of the start state
        c.true(
            abs(G.mean() - v_start) < 4 * G.std() / np.sqrt(len(G)),
            f"mean return {G.mean():.3f} vs {v_start:.3f}",
        )

    with r.case("cliff walking: Sarsa takes the safe path and beats Q-learning online") as c:
        Q, G = f.sarsa_control(_cliff_step, 48, 4, 36, 500, 0.5, 1.0, 0.1, np.random.default_rng(2))
        Q, G = np.asarray(Q), np.asarray(G)
        path = _greedy_path(Q)
        r.figure("Sarsa greedy path length", len(path) - 1)
        c.true(path[-1] == 47, "the greedy path reaches the goal")
        c.true(len(path) - 1 > 13, "longer than the 13-step cliff-edge path")
        # inline Q-learning with the same exploration, for the online comparison
        Qq, Gq, qr = np.zeros((48, 4)), np.zeros(500), np.random.default_rng(3)
        for ep in range(500):
            s = 36
            for _ in range(1000):
                a = int(qr.integers(4)) if qr.random() < 0.1 else int(np.argmax(Qq[s]))
                x, sn, done = _cliff_step(s, a)
                Gq[ep] += x
                Qq[s, a] += 0.5 * (x + (0.0 if done else Qq[sn].max()) - Qq[s, a])
                s = sn
                if done:
                    break
        r.figure(
            "online return, last 200 episodes (Sarsa, Q-learning)",
            [float(G[300:].mean()), float(Gq[300:].mean())],
        )
        c.true(len(_greedy_path(Qq)) - 1 == 13, "Q-learning's greedy path hugs the cliff")
        c.true(G[300:].mean() > Gq[300:].mean(), "Sarsa's online return is higher")
    return r


if __name__ == "__main__":
    main(run)
