"""actor-critic: a softmax policy (actor) improved with a learned value function (critic).

Follows Sutton & Barto, Reinforcement Learning 2e, ch. 13 (Policy Gradient Methods: the
policy gradient theorem and one-step actor-critic, Sec. 13.5), and Mnih et al. (2016), whose
advantage actor-critic (A3C) uses the same actor and critic updates with the TD error as the
advantage estimate. With a tabular softmax policy pi(a|s) proportional to exp(theta[s, a]), the
exact gradient of J = mu . v_pi is dJ/dtheta[s, a] = 1/(1 - gamma) d_pi(s) pi(a|s) A_pi(s, a).
The learner writes the policy, that exact gradient, and a sampled one-step actor-critic run
(critic: TD(0) on V; actor: theta[s] += alpha_actor delta grad log pi(a|s)). Checks: the
softmax against scipy.special.softmax; the exact gradient against central finite differences
of J computed with linear solves; with the exact critic, the expected actor step
E[delta grad log pi] under the discounted occupancy equals (1 - gamma) times that gradient;
and a short actor-critic run lifts J from the uniform policy most of the way to the optimum
found by brute force, with its critic near v of the final policy.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.special import softmax as sp_softmax

from implementations._common import Report, main, solution

EXERCISE = ["softmax_policy", "exact_policy_gradient", "actor_critic_step", "actor_critic"]

DOC_ZH = {
    "softmax_policy": """表格型 softmax 策略：pi(a|s) = exp(theta[s,a]) / Σ_b exp(theta[s,b])（按行，减去行最大值以保证数值稳定）。

输入：theta，形状 (S, A)。
输出：形状 (S, A) 的 pi，每行和为 1。

>>> np.round(softmax_policy(np.array([[0.0, np.log(3.0)]])), 6).tolist()
[[0.25, 0.75]]
""",
    "exact_policy_gradient": """softmax 策略下 J(theta) = mu · v_pi 的精确梯度：dJ/dtheta[s,a] = d_pi(s) pi(a|s) A_pi(s,a) / (1 - gamma)。

d_pi 是归一化折扣占用分布 (1 - gamma) mu^T (I - gamma P_pi)^-1；A_pi = q_pi - v_pi（线性方程求解）。
输入：theta，形状 (S, A)；P，形状 (S, A, S)；R，形状 (S, A)；gamma；mu，形状 (S,)。
输出：形状 (S, A) 的梯度。

>>> P = np.ones((1, 2, 1))
>>> np.round(exact_policy_gradient(np.zeros((1, 2)), P, np.array([[1.0, 0.0]]), 0.5, np.array([1.0])), 6).tolist()
[[0.5, -0.5]]
""",
    "actor_critic_step": """一步 actor-critic 的更新：delta = r + gamma V[s'] - V[s]；V[s] += alpha_v delta；
theta[s] += alpha_pi delta (e_a - pi(.|s))，pi(.|s) 是更新前 theta[s] 的 softmax。

输入：theta，形状 (S, A)；V，形状 (S,)；s，a，r，s_next；alpha_v；alpha_pi；gamma。
输出：(新的 theta，新的 V)，都是新数组。

>>> th, V = actor_critic_step(np.zeros((1, 2)), np.zeros(1), 0, 0, 1.0, 0, 0.5, 1.0, 0.9)
>>> th.tolist(), V.tolist()
([[0.5, -0.5]], [0.5])
""",
    "actor_critic": """一步 actor-critic（持续任务，每 restart 步从 mu 重新抽起始状态）。

每步：a ~ pi(.|s)（u = rng.random()，a = searchsorted(cumsum(pi[s]), u, side='right')），
s' ~ P[s, a]（同样的方法），r = R[s, a]；delta = r + gamma V[s'] - V[s]；V[s] += alpha_v delta；
theta[s] += alpha_pi delta (e_a - pi(.|s))（softmax 的 grad log pi，即 actor_critic_step）；s = s'。
在 t = 0, restart, 2 restart, … 步开始时把 s 重新从 mu 抽取（u = rng.random()，searchsorted(cumsum(mu), u, side='right')）。
输入：P，R，gamma，mu；n_steps；alpha_v；alpha_pi；rng；restart。theta 和 V 的初值为 0。
输出：(theta，形状 (S, A)；V，形状 (S,))。

>>> P = np.ones((1, 2, 1))
>>> th, V = actor_critic(P, np.array([[1.0, 0.0]]), 0.5, np.array([1.0]), 500, 0.1, 0.5, np.random.default_rng(0))
>>> bool(th[0, 0] > th[0, 1]), bool(V[0] > 1.0)
(True, True)
""",
}

HINTS = {
    "en": (
        "The critic's TD error says whether the action just taken turned out better or worse "
        "than expected; the actor makes it more or less likely in proportion.",
        "grad J[s, a] = d(s) pi(a|s) A(s, a) / (1 - gamma) with d = (1 - gamma) mu^T "
        "(I - gamma P_pi)^-1. Sampled: delta = r + gamma V[s'] - V[s]; V[s] += alpha_v delta; "
        "theta[s] += alpha_pi delta (onehot(a) - pi[s]).",
    ),
    "zh": (
        "critic 的 TD 误差说明刚才的动作比预期好还是差；actor 按比例提高或降低这个动作的概率。",
        "grad J[s, a] = d(s) pi(a|s) A(s, a) / (1 - gamma)，d = (1 - gamma) mu^T (I - gamma P_pi)^-1。"
        "采样版本：delta = r + gamma V[s'] - V[s]；V[s] += alpha_v delta；theta[s] += alpha_pi delta (onehot(a) - pi[s])。",
    ),
}


def softmax_policy(theta):
    """Tabular softmax policy pi(a|s) = exp(theta[s,a]) / sum_b exp(theta[s,b]) (row-wise, stable).

    Input: theta, shape (S, A). Output: pi, shape (S, A), rows summing to 1.

    >>> np.round(softmax_policy(np.array([[0.0, np.log(3.0)]])), 6).tolist()
    [[0.25, 0.75]]
    """
    z = np.exp(theta - theta.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def exact_policy_gradient(theta, P, R, gamma, mu):
    """Exact gradient of J(theta) = mu . v_pi for the softmax policy.

    dJ/dtheta[s,a] = d_pi(s) pi(a|s) A_pi(s,a) / (1 - gamma), with d_pi the normalised
    discounted occupancy (1 - gamma) mu^T (I - gamma P_pi)^-1 and A_pi = q_pi - v_pi (linear
    solves). Input: theta, shape (S, A); P, shape (S, A, S); R, shape (S, A); gamma; mu,
    shape (S,). Output: the gradient, shape (S, A).

    >>> P = np.ones((1, 2, 1))
    >>> np.round(exact_policy_gradient(np.zeros((1, 2)), P, np.array([[1.0, 0.0]]), 0.5, np.array([1.0])), 6).tolist()
    [[0.5, -0.5]]
    """
    pi = softmax_policy(theta)
    S = len(mu)
    P_pi = np.einsum("sa,sat->st", pi, P)
    M = np.eye(S) - gamma * P_pi
    v = np.linalg.solve(M, (pi * R).sum(1))
    A = R + gamma * P @ v - v[:, None]
    d = (1 - gamma) * np.linalg.solve(M.T, mu)
    return d[:, None] * pi * A / (1 - gamma)


def actor_critic_step(theta, V, s, a, r, s_next, alpha_v, alpha_pi, gamma):
    """One actor-critic update: delta = r + gamma V[s'] - V[s]; V[s] += alpha_v delta;
    theta[s] += alpha_pi delta (e_a - pi(.|s)), with pi(.|s) the softmax of theta[s] before
    the update. Input: theta, shape (S, A); V, shape (S,); s, a, r, s_next; alpha_v;
    alpha_pi; gamma. Output: (new theta, new V), new arrays.

    >>> th, V = actor_critic_step(np.zeros((1, 2)), np.zeros(1), 0, 0, 1.0, 0, 0.5, 1.0, 0.9)
    >>> th.tolist(), V.tolist()
    ([[0.5, -0.5]], [0.5])
    """
    theta, V = np.array(theta, dtype=float), np.array(V, dtype=float)
    p = softmax_policy(theta[s : s + 1])[0]
    delta = r + gamma * V[s_next] - V[s]
    V[s] += alpha_v * delta
    grad = -p
    grad[a] += 1.0
    theta[s] += alpha_pi * delta * grad
    return theta, V


def actor_critic(P, R, gamma, mu, n_steps, alpha_v, alpha_pi, rng, restart=50):
    """One-step actor-critic on a continuing task, restarting from mu every `restart` steps.

    Each step: a ~ pi(.|s) (u = rng.random(), a = searchsorted(cumsum(pi[s]), u, side='right')),
    s' ~ P[s, a] (the same way), r = R[s, a]; delta = r + gamma V[s'] - V[s];
    V[s] += alpha_v delta; theta[s] += alpha_pi delta (e_a - pi(.|s)) (the softmax
    grad log pi, i.e. actor_critic_step); s = s'. At t = 0, restart, 2 restart, ... s is drawn
    afresh from mu (u = rng.random(), searchsorted(cumsum(mu), u, side='right')).
    Input: P, R, gamma, mu; n_steps; alpha_v; alpha_pi; rng; restart. theta and V start at 0.
    Output: (theta, shape (S, A); V, shape (S,)).

    >>> P = np.ones((1, 2, 1))
    >>> th, V = actor_critic(P, np.array([[1.0, 0.0]]), 0.5, np.array([1.0]), 500, 0.1, 0.5, np.random.default_rng(0))
    >>> bool(th[0, 0] > th[0, 1]), bool(V[0] > 1.0)
    (True, True)
    """
    S, A = R.shape
    theta, V = np.zeros((S, A)), np.zeros(S)
    cumP, cmu = np.cumsum(P, axis=2), np.cumsum(mu)
    for t in range(n_steps):
        if t % restart == 0:
            s = min(int(np.searchsorted(cmu, rng.random(), side="right")), S - 1)
        p = softmax_policy(theta[s : s + 1])[0]
        a = min(int(np.searchsorted(np.cumsum(p), rng.random(), side="right")), A - 1)
        sn = min(int(np.searchsorted(cumP[s, a], rng.random(), side="right")), S - 1)
        theta, V = actor_critic_step(theta, V, s, a, R[s, a], sn, alpha_v, alpha_pi, gamma)
        s = sn
    return theta, V


def _J(theta, P, R, gamma, mu):
    pi = sp_softmax(theta, axis=1)
    P_pi = np.einsum("sa,sat->st", pi, P)
    return float(mu @ np.linalg.solve(np.eye(len(mu)) - gamma * P_pi, (pi * R).sum(1)))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Actor-critic: policy gradient with a learned critic")
    S, A, gamma = 4, 3, 0.8
    P = rng.dirichlet(np.ones(S) * 0.6, size=(S, A))
    R = rng.normal(size=(S, A))
    mu = rng.dirichlet(np.ones(S))
    theta = rng.normal(size=(S, A))

    with r.case("softmax policy = scipy.special.softmax (also for large logits)") as c:
        c.close(f.softmax_policy(theta), sp_softmax(theta, axis=1), rtol=1e-12)
        big = np.array([[1000.0, 999.0, 0.0]])
        c.close(f.softmax_policy(big), sp_softmax(big, axis=1), rtol=1e-12, atol=1e-300)

    with r.case("exact gradient = central finite differences of J (linear solves)") as c:
        g = np.asarray(f.exact_policy_gradient(theta, P, R, gamma, mu))
        fd = np.zeros((S, A))
        h = 1e-5
        for s in range(S):
            for a in range(A):
                e = np.zeros((S, A))
                e[s, a] = h
                fd[s, a] = (_J(theta + e, P, R, gamma, mu) - _J(theta - e, P, R, gamma, mu)) / (
                    2 * h
                )
        c.close(g, fd, rtol=1e-5, atol=1e-8)
        c.close(g.sum(1), np.zeros(S), atol=1e-10)  # softmax is shift-invariant per state

    with r.case("exact critic: E_{d, pi, P}[delta grad log pi] = (1 - gamma) grad J") as c:
        pi = sp_softmax(theta, axis=1)
        P_pi = np.einsum("sa,sat->st", pi, P)
        v = np.linalg.solve(np.eye(S) - gamma * P_pi, (pi * R).sum(1))
        d = (1 - gamma) * np.linalg.solve((np.eye(S) - gamma * P_pi).T, mu)
        exp_step = np.zeros((S, A))
        for s in range(S):
            for a in range(A):
                delta_mean = R[s, a] + gamma * P[s, a] @ v - v[s]  # E[delta | s, a]
                glog = -pi[s].copy()
                glog[a] += 1
                exp_step[s] += d[s] * pi[s, a] * delta_mean * glog
        g = np.asarray(f.exact_policy_gradient(theta, P, R, gamma, mu))
        c.close(exp_step, (1 - gamma) * g, rtol=1e-9, atol=1e-12)

    with r.case("one actor-critic step by hand") as c:
        th0 = np.array([[0.0, np.log(3.0)], [1.0, 2.0]])
        V0 = np.array([1.0, 2.0])
        # delta = 0.5 + 0.9 * 2 - 1 = 1.3; pi(.|0) = [0.25, 0.75]
        th1, V1 = f.actor_critic_step(th0, V0, 0, 0, 0.5, 1, 0.1, 0.2, 0.9)
        c.close(V1, [1.0 + 0.13, 2.0], rtol=1e-12)
        c.close(th1, [[0.2 * 1.3 * 0.75, np.log(3.0) - 0.2 * 1.3 * 0.75], [1.0, 2.0]], rtol=1e-12)
        th2, V2 = f.actor_critic_step(th0, V0, 1, 1, -3.0, 0, 0.5, 1.0, 0.5)
        p1 = sp_softmax([1.0, 2.0])
        c.close(V2, [1.0, 2.0 - 0.5 * 4.5], rtol=1e-12)
        c.close(th2[1], [1.0 + 4.5 * p1[0], 2.0 - 4.5 * (1 - p1[1])], rtol=1e-12)
        c.close(th0, [[0.0, np.log(3.0)], [1.0, 2.0]], rtol=0)
        c.close(V0, [1.0, 2.0], rtol=0)

    with r.case("restarts from mu: with restart = 1 and mu = e_0 only state 0 learns") as c:
        e0 = np.eye(S)[0]
        th, V = f.actor_critic(P, R, gamma, e0, 300, 0.1, 0.2, np.random.default_rng(4), restart=1)
        th, V = np.asarray(th), np.asarray(V)
        c.close(th[1:], np.zeros((S - 1, A)), atol=0)
        c.close(V[1:], np.zeros(S - 1), atol=0)
        c.true(bool(np.abs(th[0]).sum() > 0 and V[0] != 0), "state 0 was updated")

    with r.case("a short run: J climbs most of the way to the brute-force optimum") as c:

        def v_det(pol):
            return np.linalg.solve(np.eye(S) - gamma * P[np.arange(S), pol], R[np.arange(S), pol])

        J_star = float(max(mu @ v_det(np.array(k)) for k in itertools.product(range(A), repeat=S)))
        J0 = _J(np.zeros((S, A)), P, R, gamma, mu)
        th, V = f.actor_critic(P, R, gamma, mu, 20000, 0.1, 0.2, np.random.default_rng(1))
        th, V = np.asarray(th), np.asarray(V)
        J1 = _J(th, P, R, gamma, mu)
        r.figure("J uniform / after actor-critic / optimal", [J0, J1, J_star])
        c.true(J1 - J0 > 0.8 * (J_star - J0), f"gain {J1 - J0:.3f} of {J_star - J0:.3f}")
        pi1 = sp_softmax(th, axis=1)
        P1 = np.einsum("sa,sat->st", pi1, P)
        v1 = np.linalg.solve(np.eye(S) - gamma * P1, (pi1 * R).sum(1))
        c.close(V, v1, atol=0.25 * np.abs(v1).max())
    return r


if __name__ == "__main__":
    main(run)
