"""q-learning: off-policy TD control that learns q* while behaving at random.

Follows Watkins & Dayan (1992): Q(s,a) <- Q(s,a) + alpha [r + gamma max_a' Q(s',a') - Q(s,a)]
converges to the optimal action values when every pair is tried infinitely often and the
step sizes satisfy the Robbins-Monro conditions; Sutton & Barto 2e, ch. 6 (Sec. 6.5,
Q-learning). The learner writes the update and a run on a small MDP with a uniformly random
behaviour policy and steps alpha = 1/N(s,a)^omega. Checks: the update by hand (terminal
transitions do not bootstrap); on a deterministic MDP with alpha = 1 (omega = 0) Q-learning
is asynchronous value iteration and reaches q* (computed by value iteration to machine
precision) exactly; on a stochastic MDP it ends near q* and its greedy policy equals the
optimal policy found by brute force, although the data came from the random policy, whose
own q (a linear solve) is far away.
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["q_learning_update", "q_learning"]

DOC_ZH = {
    "q_learning_update": """Q 学习更新：Q[s,a] += alpha (r + gamma max_a' Q[s',a'] - Q[s,a])；done 时目标只有 r。

输入：Q，形状 (S, A)；s，a，r，s_next，done；alpha；gamma。
输出：新的 Q（新数组，不修改输入）。

>>> q_learning_update(np.array([[0.0, 1.0], [2.0, 4.0]]), 0, 0, 1.0, 1, False, 0.5, 0.5).tolist()
[[1.5, 1.0], [2.0, 4.0]]
""",
    "q_learning": """在 MDP 上运行 Q 学习，行为策略为均匀随机（离策略）。

从状态 s0 开始，每步：a = rng.integers(A)；s' 按 P[s, a] 抽样（u = rng.random()，s' = searchsorted(cumsum(P[s, a]), u, side='right')）；
奖励 R[s, a]；步长 alpha = 1 / N(s,a)^omega（N 计入本次访问）；用 q_learning_update 更新（持续任务，done=False）；s = s'。
输入：P，形状 (S, A, S)；R，形状 (S, A)；gamma；n_steps；rng；omega；s0。
输出：形状 (S, A) 的 Q，初值为 0。

>>> P = np.zeros((1, 2, 1)); P[0, :, 0] = 1.0
>>> np.round(q_learning(P, np.array([[1.0, 0.0]]), 0.5, 200, np.random.default_rng(0), omega=0.0), 6).tolist()
[[2.0, 1.0]]
""",
}

HINTS = {
    "en": (
        "The target uses the best next action, not the one the behaviour policy will take: "
        "that is what lets Q-learning learn the optimal values from exploratory data.",
        "target = r + gamma * Q[s'].max() (just r if done); Q[s, a] += alpha * (target - "
        "Q[s, a]) with alpha = 1 / N(s,a)^omega. Behave with a uniformly random action.",
    ),
    "zh": (
        "目标里用的是下一状态最好的动作，而不是行为策略将要采取的动作：正因如此，Q 学习能从探索性数据中学到最优值。",
        "target = r + gamma * Q[s'].max()（done 时只有 r）；Q[s, a] += alpha * (target - Q[s, a])，"
        "alpha = 1 / N(s,a)^omega。行为上均匀随机地选动作。",
    ),
}


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    """Q-learning update Q[s,a] += alpha (r + gamma max_a' Q[s',a'] - Q[s,a]); if done the target is r.

    Input: Q, shape (S, A); s, a, r, s_next, done; alpha; gamma. Output: the new Q (a new
    array; the input is unchanged).

    >>> q_learning_update(np.array([[0.0, 1.0], [2.0, 4.0]]), 0, 0, 1.0, 1, False, 0.5, 0.5).tolist()
    [[1.5, 1.0], [2.0, 4.0]]
    """
    Q = np.array(Q, dtype=float)
    target = r if done else r + gamma * Q[s_next].max()
    Q[s, a] += alpha * (target - Q[s, a])
    return Q


def q_learning(P, R, gamma, n_steps, rng, omega=0.8, s0=0):
    """Run Q-learning on an MDP with a uniformly random behaviour policy (off-policy).

    From state s0, each step: a = rng.integers(A); s' is drawn from P[s, a] (u = rng.random(),
    s' = searchsorted(cumsum(P[s, a]), u, side='right')); the reward is R[s, a]; the step is
    alpha = 1 / N(s,a)^omega (N counts this visit); update with q_learning_update (a
    continuing task, done=False); s = s'. Input: P, shape (S, A, S); R, shape (S, A); gamma;
    n_steps; rng; omega; s0. Output: Q, shape (S, A), starting from zeros.

    >>> P = np.zeros((1, 2, 1)); P[0, :, 0] = 1.0
    >>> np.round(q_learning(P, np.array([[1.0, 0.0]]), 0.5, 200, np.random.default_rng(0), omega=0.0), 6).tolist()
    [[2.0, 1.0]]
    """
    S, A = R.shape
    cum = np.cumsum(P, axis=2)
    Q, N = np.zeros((S, A)), np.zeros((S, A))
    s = s0
    for _ in range(n_steps):
        a = int(rng.integers(A))
        sn = min(int(np.searchsorted(cum[s, a], rng.random(), side="right")), S - 1)
        N[s, a] += 1
        Q = q_learning_update(Q, s, a, R[s, a], sn, False, 1.0 / N[s, a] ** omega, gamma)
        s = sn
    return Q


def _q_star(P, R, gamma):
    Q = np.zeros_like(R)
    for _ in range(5000):
        Q = R + gamma * np.einsum("sat,t->sa", P, Q.max(1))
    return Q


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Q-learning: off-policy control converges to q*")

    with r.case("update by hand; terminal transitions do not bootstrap") as c:
        Q = np.array([[1.0, 2.0], [3.0, -1.0]])
        c.close(
            f.q_learning_update(Q, 0, 1, 0.5, 1, False, 0.1, 0.9),
            [[1.0, 2.0 + 0.1 * (0.5 + 2.7 - 2.0)], [3.0, -1.0]],
        )
        c.close(f.q_learning_update(Q, 1, 0, 2.0, 0, True, 0.5, 0.9), [[1.0, 2.0], [2.5, -1.0]])
        c.close(f.q_learning_update(Q, 1, 1, 0.0, 1, False, 1.0, 0.5), [[1.0, 2.0], [3.0, 1.5]])
        c.close(Q, [[1.0, 2.0], [3.0, -1.0]], rtol=0)

    with r.case("deterministic MDP, alpha = 1: exactly q* (asynchronous value iteration)") as c:
        S, A = 5, 3
        nxt = rng.integers(S, size=(S, A))
        nxt[:, 0] = (np.arange(S) + 1) % S  # a cycle, so that every state is reached
        Pd = np.zeros((S, A, S))
        Pd[np.arange(S)[:, None], np.arange(A)[None, :], nxt] = 1.0
        Rd = rng.normal(size=(S, A))
        Qd = np.asarray(f.q_learning(Pd, Rd, 0.6, 6000, np.random.default_rng(1), omega=0.0))
        c.close(Qd, _q_star(Pd, Rd, 0.6), atol=1e-9)

    S, A, gamma = 4, 2, 0.8
    P = rng.dirichlet(np.ones(S), size=(S, A))
    R = rng.normal(size=(S, A))
    Qs = _q_star(P, R, gamma)
    with r.case("stochastic MDP: Q near q*, greedy policy = brute-force optimum") as c:
        Q = np.asarray(f.q_learning(P, R, gamma, 40000, np.random.default_rng(2)))
        err = np.abs(Q - Qs).max()
        r.figure("max |Q - q*|", float(err))
        c.true(err < 0.15 * np.abs(Qs).max(), f"{err:.3f}")

        def v_det(pol):
            Pp, rp = P[np.arange(S), pol], R[np.arange(S), pol]
            return np.linalg.solve(np.eye(S) - gamma * Pp, rp)

        vals = {cand: v_det(np.array(cand)) for cand in itertools.product(range(A), repeat=S)}
        best = max(vals, key=lambda k: vals[k].sum())
        c.equal(Q.argmax(1), np.array(best))

    with r.case("off-policy: the data's own policy (uniform) has a different q") as c:
        pi_u = np.full((S, A), 1 / A)
        M = np.einsum("sat,tb->satb", P, pi_u).reshape(S * A, S * A)
        Qu = np.linalg.solve(np.eye(S * A) - gamma * M, R.reshape(-1)).reshape(S, A)
        Q = np.asarray(f.q_learning(P, R, gamma, 40000, np.random.default_rng(2)))
        c.true(
            np.abs(Q - Qu).max() > 3 * np.abs(Q - Qs).max(),
            "Q is much closer to q* than to q_uniform",
        )
    return r


if __name__ == "__main__":
    main(run)
