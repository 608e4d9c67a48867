"""dynamic-programming-bellman: value iteration and policy iteration reach the same V*.

Follows Sutton & Barto, Reinforcement Learning 2e, ch. 4 (Dynamic Programming).
The Bellman optimality operator (TV)(s) = max_a [r(s,a) + gamma sum P(s'|s,a) V(s')]
is a gamma-contraction in the max norm. Checks compare the learner's backup with explicit
loops over states, actions and successors; value iteration and policy iteration with
brute force over all 3^6 deterministic policies (each evaluated by a linear solve);
the contraction inequality and the exact shift T(V + c) = TV + gamma c; and the
myopic case gamma = 0, where V* = max_a r(s, a).
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["bellman_backup", "value_iteration", "policy_iteration"]

DOC_ZH = {
    "bellman_backup": """贝尔曼最优算子：(TV)(s) = max_a [R(s,a) + gamma Σ_s' P(s'|s,a) V(s')]。

输入：P，形状 (S, A, S)，P[s, a, s'] 是转移概率；R，形状 (S, A)；gamma，折扣；V，形状 (S,)。
输出：形状 (S,) 的数组 TV。

>>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [0.0, 1.0]]])
>>> bellman_backup(P, np.array([[0.0, 1.0], [2.0, 0.0]]), 0.5, np.array([0.0, 4.0])).tolist()
[3.0, 4.0]
""",
    "value_iteration": """值迭代：从 V = 0 反复应用 T，直到 max|V_{k+1} - V_k| < eps (1-gamma)/(2 gamma)。

输入：P，形状 (S, A, S)；R，形状 (S, A)；gamma，0 <= gamma < 1；eps，精度；max_sweeps，迭代次数上限。
输出：(V, pi)，V 形状 (S,)，是 V* 的近似；pi 形状 (S,)，是对 V 的贪心策略（int 动作编号）。

>>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [0.0, 1.0]]])
>>> V, pi = value_iteration(P, np.array([[0.0, 1.0], [2.0, 0.0]]), 0.5)
>>> np.round(V, 6).tolist(), pi.tolist()
([3.0, 4.0], [1, 0])
""",
    "policy_iteration": """策略迭代：求解线性方程评估策略，再对其值函数取贪心策略，直到策略不再变化。

输入：P，形状 (S, A, S)；R，形状 (S, A)；gamma，0 <= gamma < 1；max_rounds，轮数上限。
输出：(V, pi)，最优值函数 V*（形状 (S,)）和最优确定性策略 pi（形状 (S,)，int）。

>>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [0.0, 1.0]]])
>>> V, pi = policy_iteration(P, np.array([[0.0, 1.0], [2.0, 0.0]]), 0.5)
>>> np.round(V, 6).tolist(), pi.tolist()
([3.0, 4.0], [1, 0])
""",
}

HINTS = {
    "en": (
        "Everything is built from Q(s, a) = R(s, a) + gamma * (expected next value); the "
        "optimal value takes the best action in every state.",
        "Q = R + gamma * P @ V (P has shape (S, A, S)); TV = Q.max(axis=1). Value iteration "
        "repeats V <- TV; policy iteration solves (I - gamma P_pi) V = R_pi for the current "
        "policy, then takes Q.argmax(axis=1) until the policy stops changing.",
    ),
    "zh": (
        "一切都由 Q(s, a) = R(s, a) + gamma ·（下一状态的期望值）构成；最优值在每个状态取最好的动作。",
        "Q = R + gamma * P @ V（P 的形状为 (S, A, S)）；TV = Q.max(axis=1)。值迭代反复做 V <- TV；"
        "策略迭代对当前策略解 (I - gamma P_pi) V = R_pi，再取 Q.argmax(axis=1)，直到策略不再变化。",
    ),
}


def bellman_backup(P, R, gamma, V):
    """Bellman optimality operator (TV)(s) = max_a [R(s,a) + gamma sum_s' P(s'|s,a) V(s')].

    Input: P, shape (S, A, S) with P[s, a, s'] the transition probability; R, shape (S, A);
    gamma, the discount; V, shape (S,). Output: TV, shape (S,).

    >>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [0.0, 1.0]]])
    >>> bellman_backup(P, np.array([[0.0, 1.0], [2.0, 0.0]]), 0.5, np.array([0.0, 4.0])).tolist()
    [3.0, 4.0]
    """
    return (R + gamma * P @ V).max(axis=1)


def value_iteration(P, R, gamma, eps=1e-12, max_sweeps=10000):
    """Value iteration from V = 0 until max|V_{k+1} - V_k| < eps (1 - gamma) / (2 gamma).

    Input: P, shape (S, A, S); R, shape (S, A); gamma in [0, 1); eps, the accuracy;
    max_sweeps, a cap on the number of sweeps. Output: (V, pi): V, shape (S,), approximates V*; pi, shape (S,), the greedy policy
    (int actions) for V.

    >>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [0.0, 1.0]]])
    >>> V, pi = value_iteration(P, np.array([[0.0, 1.0], [2.0, 0.0]]), 0.5)
    >>> np.round(V, 6).tolist(), pi.tolist()
    ([3.0, 4.0], [1, 0])
    """
    V = np.zeros(R.shape[0])
    for _ in range(max_sweeps):
        Vn = bellman_backup(P, R, gamma, V)
        done = np.abs(Vn - V).max() < eps * (1 - gamma) / (2 * gamma) if gamma else True
        V = Vn
        if done:
            break
    return V, (R + gamma * P @ V).argmax(axis=1)


def policy_iteration(P, R, gamma, max_rounds=100):
    """Policy iteration: evaluate the policy by a linear solve, act greedily, repeat until stable.

    Input: P, shape (S, A, S); R, shape (S, A); gamma in [0, 1); max_rounds, a cap on the
    rounds. Output: (V, pi), the optimal value function V* (shape (S,)) and an optimal
    deterministic policy pi (shape (S,), ints).

    >>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [0.0, 1.0]]])
    >>> V, pi = policy_iteration(P, np.array([[0.0, 1.0], [2.0, 0.0]]), 0.5)
    >>> np.round(V, 6).tolist(), pi.tolist()
    ([3.0, 4.0], [1, 0])
    """
    S = R.shape[0]
    pol = np.zeros(S, dtype=int)
    for _ in range(max_rounds):
        Pp, rp = P[np.arange(S), pol], R[np.arange(S), pol]
        V = np.linalg.solve(np.eye(S) - gamma * Pp, rp)
        new = (R + gamma * P @ V).argmax(axis=1)
        if np.array_equal(new, pol):
            break
        pol = new
    return V, pol


def _evaluate(P, R, gamma, pol):
    """Reference: V_pi = (I - gamma P_pi)^-1 r_pi."""
    S = len(pol)
    return np.linalg.solve(np.eye(S) - gamma * P[np.arange(S), pol], R[np.arange(S), pol])


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Bellman: value iteration = policy iteration = brute force")
    S, A, gamma = 6, 3, 0.9
    P = rng.dirichlet(np.ones(S) * 0.5, size=(S, A))
    R = rng.normal(size=(S, A))

    # brute force: the optimal deterministic policy dominates every other in every state
    best, best_pol = np.full(S, -np.inf), None
    for cand in itertools.product(range(A), repeat=S):
        v = _evaluate(P, R, gamma, np.array(cand))
        if best_pol is None or np.all(v >= best - 1e-12):
            best_pol = np.array(cand)
        best = np.maximum(best, v)
    r.figure("optimal policy (brute force)", best_pol.tolist())

    with r.case("backup = explicit loops over s, a, s'") as c:
        V = rng.normal(size=S) * 3
        ref = np.empty(S)
        for s in range(S):
            qs = [R[s, a] + gamma * sum(P[s, a, t] * V[t] for t in range(S)) for a in range(A)]
            ref[s] = max(qs)
        c.close(f.bellman_backup(P, R, gamma, V), ref, rtol=1e-12, atol=1e-12)
        c.close(f.bellman_backup(P, R, 0.0, V), R.max(axis=1), rtol=1e-12)

    with r.case("value iteration V* = brute force over 729 policies") as c:
        V, pol = f.value_iteration(P, R, gamma)
        c.close(V, best, rtol=1e-10, atol=1e-10)
        c.equal(np.asarray(pol), best_pol)

    with r.case("policy iteration V* = brute force over 729 policies") as c:
        Vp, pol = f.policy_iteration(P, R, gamma)
        r.figure("V*", np.round(Vp, 6).tolist())
        c.close(Vp, best, rtol=1e-10, atol=1e-10)
        c.equal(np.asarray(pol), best_pol)

    # an absorbing zero-reward state (its value never changes) next to the random ones,
    # so the per-state changes of a sweep differ and the max-norm rule matters
    P3 = np.zeros((S + 1, A, S + 1))
    P3[:S, :, :S] = 0.7 * P
    P3[:S, :, S] = 0.3
    P3[S, :, S] = 1.0
    R3 = np.vstack([R, np.zeros(A)])

    def ref_vi(eps):
        Vr = np.zeros(S + 1)  # reference sweeps with loops over s, a
        while True:
            Vn = np.array(
                [max(R3[s, a] + gamma * P3[s, a] @ Vr for a in range(A)) for s in range(S + 1)]
            )
            if np.abs(Vn - Vr).max() < eps * (1 - gamma) / (2 * gamma):
                return Vn
            Vr = Vn

    V_star3 = ref_vi(1e-13)
    with r.case("coarse eps: stops at the sweep the rule names, within eps/2 of V*") as c:
        for eps in (1.0, 0.05):
            V, _ = f.value_iteration(P3, R3, gamma, eps=eps)
            c.close(V, ref_vi(eps), rtol=1e-12, atol=1e-12)
            c.true(np.abs(V - V_star3).max() < eps / 2, f"eps = {eps}: error below eps/2")

    with r.case("V* = T V* (Bellman optimality equation)") as c:
        V, _ = f.value_iteration(P, R, gamma)
        c.close((R + gamma * P @ V).max(axis=1), V, rtol=1e-10, atol=1e-12)

    with r.case("T is a gamma-contraction in the max norm") as c:
        ratios = []
        for _ in range(200):
            V1, V2 = rng.normal(size=S) * 5, rng.normal(size=S) * 5
            d = f.bellman_backup(P, R, gamma, V1) - f.bellman_backup(P, R, gamma, V2)
            ratios.append(np.abs(d).max() / np.abs(V1 - V2).max())
        r.figure("max ||TV1 - TV2|| / ||V1 - V2||", max(ratios))
        c.true(max(ratios) <= gamma + 1e-12, f"max ratio {max(ratios):.4f}")
        # a constant shift passes through exactly scaled by gamma (rows of P sum to 1)
        V1 = rng.normal(size=S)
        shift = f.bellman_backup(P, R, gamma, V1 + 2.0) - f.bellman_backup(P, R, gamma, V1)
        c.close(shift, np.full(S, 2.0 * gamma), rtol=1e-12)

    with r.case("gamma = 0 and a small MDP with a hand-computed answer") as c:
        V0, pi0 = f.value_iteration(P, R, 0.0)
        c.close(V0, R.max(axis=1), rtol=1e-12)
        c.equal(np.asarray(pi0), R.argmax(axis=1))
        V0p, pi0p = f.policy_iteration(P, R, 0.0)
        c.close(V0p, R.max(axis=1), rtol=1e-12)
        # two states: state 1 is absorbing with reward 1 per step; from state 0 action 1
        # jumps there (reward 0), action 0 stays (reward 0.5): V = [g/(1-g), 1/(1-g)]
        P2 = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [0.0, 1.0]]])
        R2 = np.array([[0.5, 0.0], [1.0, 1.0]])
        g = 0.8
        for V2, p2 in (f.value_iteration(P2, R2, g), f.policy_iteration(P2, R2, g)):
            c.close(V2, [g / (1 - g), 1 / (1 - g)], rtol=1e-9)
            c.equal(int(np.asarray(p2)[0]), 1)
    return r


if __name__ == "__main__":
    main(run)
