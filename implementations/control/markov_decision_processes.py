"""markov-decision-processes: states, actions, transitions P(s'|s,a), rewards, discount.

Follows Sutton & Barto, Reinforcement Learning 2e, ch. 3 (Finite Markov Decision
Processes). For a fixed stochastic policy pi the value function solves the linear
Bellman equation V = r_pi + gamma P_pi V. The learner forms P_pi and r_pi, solves for
V_pi and computes Q_pi. Checks compare with explicit loops over states and actions, with
Monte Carlo returns of simulated episodes, with iterative policy evaluation, with
V(s) = sum_a pi(a|s) Q(s,a), with a deterministic policy on a hand-solved chain, and
with the discounted occupancy summing to 1/(1-gamma).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["policy_matrices", "evaluate_policy", "q_values"]

DOC_ZH = {
    "policy_matrices": """固定随机策略 pi 下的状态转移矩阵 P_pi 和期望即时奖励 r_pi。

P_pi[s, s'] = Σ_a pi(a|s) P(s'|s,a)，r_pi[s] = Σ_a pi(a|s) R(s,a)。
输入：P，形状 (S, A, S)；R，形状 (S, A)；pi，形状 (S, A)，每行和为 1。
输出：(P_pi，形状 (S, S)；r_pi，形状 (S,))。

>>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
>>> Pp, rp = policy_matrices(P, np.array([[1.0, 3.0], [0.0, 2.0]]), np.array([[0.5, 0.5], [1.0, 0.0]]))
>>> Pp.tolist(), rp.tolist()
([[0.5, 0.5], [0.0, 1.0]], [2.0, 0.0])
""",
    "evaluate_policy": """策略评估：解线性贝尔曼方程 V = r_pi + gamma P_pi V。

输入：P，形状 (S, A, S)；R，形状 (S, A)；pi，形状 (S, A)；gamma，0 <= gamma < 1。
输出：形状 (S,) 的 V_pi。

>>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
>>> V = evaluate_policy(P, np.array([[1.0, 3.0], [0.0, 2.0]]), np.array([[0.5, 0.5], [1.0, 0.0]]), 0.5)
>>> np.round(V, 6).tolist()
[2.666667, 0.0]
""",
    "q_values": """动作值函数 Q(s,a) = R(s,a) + gamma Σ_s' P(s'|s,a) V(s')。

输入：P，形状 (S, A, S)；R，形状 (S, A)；gamma；V，形状 (S,)。
输出：形状 (S, A) 的数组 Q。

>>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
>>> q_values(P, np.array([[1.0, 3.0], [0.0, 2.0]]), 0.5, np.array([2.0, 4.0])).tolist()
[[2.0, 5.0], [2.0, 3.0]]
""",
}

HINTS = {
    "en": (
        "Average the dynamics and rewards over the policy's action choice first; then the "
        "policy's value is a Markov chain with rewards.",
        "P_pi = einsum('sa,sat->st', pi, P), r_pi = (pi * R).sum(1); V solves "
        "(I - gamma P_pi) V = r_pi (numpy.linalg.solve); Q = R + gamma * P @ V.",
    ),
    "zh": (
        "先按策略的动作选择把转移和奖励取平均；这样策略的价值就是一个带奖励的马尔可夫链。",
        "P_pi = einsum('sa,sat->st', pi, P)，r_pi = (pi * R).sum(1)；V 满足 "
        "(I - gamma P_pi) V = r_pi（numpy.linalg.solve）；Q = R + gamma * P @ V。",
    ),
}


def policy_matrices(P, R, pi):
    """Transition matrix P_pi and expected reward r_pi under a fixed stochastic policy.

    P_pi[s, s'] = sum_a pi(a|s) P(s'|s,a) and r_pi[s] = sum_a pi(a|s) R(s,a).
    Input: P, shape (S, A, S); R, shape (S, A); pi, shape (S, A) with rows summing to 1.
    Output: (P_pi, shape (S, S); r_pi, shape (S,)).

    >>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
    >>> Pp, rp = policy_matrices(P, np.array([[1.0, 3.0], [0.0, 2.0]]), np.array([[0.5, 0.5], [1.0, 0.0]]))
    >>> Pp.tolist(), rp.tolist()
    ([[0.5, 0.5], [0.0, 1.0]], [2.0, 0.0])
    """
    return np.einsum("sa,sat->st", pi, P), np.einsum("sa,sa->s", pi, R)


def evaluate_policy(P, R, pi, gamma):
    """Policy evaluation: solve the linear Bellman equation V = r_pi + gamma P_pi V.

    Input: P, shape (S, A, S); R, shape (S, A); pi, shape (S, A); gamma in [0, 1).
    Output: V_pi, shape (S,).

    >>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
    >>> V = evaluate_policy(P, np.array([[1.0, 3.0], [0.0, 2.0]]), np.array([[0.5, 0.5], [1.0, 0.0]]), 0.5)
    >>> np.round(V, 6).tolist()
    [2.666667, 0.0]
    """
    P_pi, r_pi = policy_matrices(P, R, pi)
    return np.linalg.solve(np.eye(len(r_pi)) - gamma * P_pi, r_pi)


def q_values(P, R, gamma, V):
    """Action values Q(s,a) = R(s,a) + gamma sum_s' P(s'|s,a) V(s').

    Input: P, shape (S, A, S); R, shape (S, A); gamma; V, shape (S,).
    Output: Q, shape (S, A).

    >>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
    >>> q_values(P, np.array([[1.0, 3.0], [0.0, 2.0]]), 0.5, np.array([2.0, 4.0])).tolist()
    [[2.0, 5.0], [2.0, 3.0]]
    """
    return R + gamma * P @ V


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("MDPs: policy evaluation by linear solve vs Monte Carlo")
    S, A, gamma = 5, 3, 0.8
    P = rng.dirichlet(np.ones(S), size=(S, A))  # P[s, a, s']
    R = rng.normal(size=(S, A))  # expected reward r(s, a)
    pi = rng.dirichlet(np.ones(A), size=S)  # pi[s, a]

    with r.case("P_pi and r_pi = explicit sums over actions") as c:
        Pp, rp = f.policy_matrices(P, R, pi)
        ref_P = np.array(
            [[sum(pi[s, a] * P[s, a, t] for a in range(A)) for t in range(S)] for s in range(S)]
        )
        ref_r = np.array([sum(pi[s, a] * R[s, a] for a in range(A)) for s in range(S)])
        c.close(Pp, ref_P, rtol=1e-12)
        c.close(rp, ref_r, rtol=1e-12)

    with r.case("iterative policy evaluation = linear solve") as c:
        V = f.evaluate_policy(P, R, pi, gamma)
        r.figure("V_pi (linear solve)", np.round(V, 4).tolist())
        Vi = np.zeros(S)
        for _ in range(300):  # V <- r_pi + gamma P_pi V, with loops
            Vi = np.array(
                [
                    sum(pi[s, a] * (R[s, a] + gamma * P[s, a] @ Vi) for a in range(A))
                    for s in range(S)
                ]
            )
        c.close(V, Vi, rtol=1e-12, atol=1e-12)

    with r.case("V(s) = sum_a pi(a|s) Q(s,a)") as c:
        V = f.evaluate_policy(P, R, pi, gamma)
        Qf = f.q_values(P, R, gamma, V)
        ref = np.array(
            [
                [R[s, a] + gamma * sum(P[s, a, t] * V[t] for t in range(S)) for a in range(A)]
                for s in range(S)
            ]
        )
        c.close(Qf, ref, rtol=1e-12)
        c.close(np.sum(pi * Qf, axis=1), V, rtol=1e-12)

    with r.case("Monte Carlo returns within 4 standard errors of V_pi") as c:
        V = f.evaluate_policy(P, R, pi, gamma)
        n_ep, H = 2000, 60  # gamma^60 ~ 1.5e-6, negligible tail
        s = np.repeat(np.arange(S), n_ep)
        disc, ret = 1.0, np.zeros(S * n_ep)
        cumP, cumpi = np.cumsum(P, axis=2), np.cumsum(pi, axis=1)
        for _ in range(H):
            a = np.minimum((rng.random(len(s))[:, None] > cumpi[s]).sum(axis=1), A - 1)
            ret += disc * R[s, a]
            s = np.minimum((rng.random(len(s))[:, None] > cumP[s, a]).sum(axis=1), S - 1)
            disc *= gamma
        G = ret.reshape(S, n_ep)
        mc, se = G.mean(axis=1), G.std(axis=1) / np.sqrt(n_ep)
        r.figure("V_pi (Monte Carlo)", np.round(mc, 4).tolist())
        c.true(
            bool(np.all(np.abs(mc - V) < 4 * se)), f"max |z| = {np.max(np.abs(mc - V) / se):.2f}"
        )

    with r.case("deterministic policy on a chain: V = r / (1 - gamma) by hand") as c:
        # two states, action 0 stays, action 1 swaps; pi always swaps: V0 = 1 + g V1,
        # V1 = -1 + g V0  ->  V0 = (1 - g)/(1 - g^2) = 1/(1+g), V1 = -1/(1+g)
        P2 = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
        R2 = np.array([[5.0, 1.0], [7.0, -1.0]])
        pi2 = np.array([[0.0, 1.0], [0.0, 1.0]])
        g = 0.6
        c.close(f.evaluate_policy(P2, R2, pi2, g), [1 / (1 + g), -1 / (1 + g)], rtol=1e-12)
        c.close(f.evaluate_policy(P2, R2, pi2, 0.0), [1.0, -1.0], rtol=1e-12)

    with r.case("rows of (I - gamma P_pi)^-1 sum to 1/(1-gamma)") as c:
        Pp, _ = f.policy_matrices(P, R, pi)
        D = np.linalg.inv(np.eye(S) - gamma * np.asarray(Pp))
        c.close(D.sum(axis=1), np.full(S, 1 / (1 - gamma)), rtol=1e-12)
        # unit rewards: V = 1/(1 - gamma) in every state
        c.close(f.evaluate_policy(P, np.ones((S, A)), pi, gamma), np.full(S, 5.0), rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
