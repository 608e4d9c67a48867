"""advantage-function: A_pi = q_pi - v_pi, occupancy measures and the performance difference.

Follows Sutton & Barto 2e, ch. 4 (the policy improvement theorem) and ch. 13 (baselines:
subtracting v from q), and Schulman et al. (2015, GAE), Sec. 2, where the advantage
A_pi(s,a) = Q_pi(s,a) - V_pi(s) measures whether an action is better or worse than the
policy's default behaviour. The learner computes A_pi, the normalised discounted state
occupancy d_pi = (1 - gamma) mu^T (I - gamma P_pi)^-1, and the performance difference
J(pi') - J(pi) = 1/(1 - gamma) E_{s ~ d_pi'} E_{a ~ pi'}[A_pi(s, a)].
Checks: E_{a~pi}[A_pi(s,a)] = 0 in every state; A against q and v from separate linear
solves; the occupancy is a distribution and matches discounted visit frequencies of
simulated trajectories; the performance difference equals J(pi') - J(pi) computed by two
independent linear solves for random pairs of policies; the greedy policy on A_pi
improves v in every state (policy improvement theorem); and A_{pi*} <= 0 for the optimal
policy found by brute force.
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["advantage", "discounted_occupancy", "performance_difference"]

DOC_ZH = {
    "advantage": """优势函数 A_pi(s,a) = q_pi(s,a) - v_pi(s)。

v_pi 解 (I - gamma P_pi) v = r_pi；q_pi = R + gamma P v_pi。
输入：P，形状 (S, A, S)；R，形状 (S, A)；pi，形状 (S, A)；gamma，0 <= gamma < 1。
输出：形状 (S, A) 的 A_pi。

>>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
>>> np.round(advantage(P, np.array([[1.0, 0.0], [0.0, 3.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]), 0.5), 6).tolist()
[[0.0, 0.0], [-2.0, 0.0]]
""",
    "discounted_occupancy": """归一化的折扣状态占用分布 d_pi = (1 - gamma) mu^T (I - gamma P_pi)^-1。

d_pi(s) = (1 - gamma) Σ_t gamma^t P(s_t = s)，s_0 ~ mu。
输入：P，形状 (S, A, S)；pi，形状 (S, A)；mu，形状 (S,) 的初始分布；gamma。
输出：形状 (S,) 的分布 d_pi。

>>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
>>> np.round(discounted_occupancy(P, np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([1.0, 0.0]), 0.5), 6).tolist()
[0.5, 0.5]
""",
    "performance_difference": """性能差分引理的右边：1/(1 - gamma) Σ_s d_new(s) Σ_a pi_new(a|s) A_old(s,a)。

其中 d_new 是新策略的折扣占用分布，A_old 是旧策略的优势函数；结果等于 J(pi_new) - J(pi_old)，J(pi) = mu · v_pi。
输入：P，R，pi_new，pi_old，gamma，mu。
输出：浮点数。

>>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
>>> R = np.array([[1.0, 0.0], [0.0, 3.0]])
>>> round(performance_difference(P, R, np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]), 0.5, np.array([1.0, 0.0])), 6)
-2.0
""",
}

HINTS = {
    "en": (
        "Advantage compares one action with the policy's average action in the same state; "
        "summing advantages of a new policy along the states it visits measures how much "
        "better it is.",
        "v = solve(I - gamma P_pi, r_pi); A = R + gamma P @ v - v[:, None]. "
        "d = (1 - gamma) * solve((I - gamma P_pi).T, mu). "
        "J(pi') - J(pi) = sum(d' * (pi' * A).sum(1)) / (1 - gamma).",
    ),
    "zh": (
        "优势把一个动作和策略在同一状态下的平均动作相比较；沿新策略访问的状态把它的优势加起来，就量出了新策略好多少。",
        "v = solve(I - gamma P_pi, r_pi)；A = R + gamma P @ v - v[:, None]。"
        "d = (1 - gamma) * solve((I - gamma P_pi).T, mu)。"
        "J(pi') - J(pi) = sum(d' * (pi' * A).sum(1)) / (1 - gamma)。",
    ),
}


def _v(P, R, pi, gamma):
    P_pi = np.einsum("sa,sat->st", pi, P)
    return np.linalg.solve(np.eye(len(R)) - gamma * P_pi, (pi * R).sum(1))


def advantage(P, R, pi, gamma):
    """Advantage A_pi(s,a) = q_pi(s,a) - v_pi(s).

    v_pi solves (I - gamma P_pi) v = r_pi; q_pi = R + gamma P v_pi.
    Input: P, shape (S, A, S); R, shape (S, A); pi, shape (S, A); gamma in [0, 1).
    Output: A_pi, shape (S, A).

    >>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
    >>> np.round(advantage(P, np.array([[1.0, 0.0], [0.0, 3.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]), 0.5), 6).tolist()
    [[0.0, 0.0], [-2.0, 0.0]]
    """
    v = _v(P, R, pi, gamma)
    return R + gamma * P @ v - v[:, None]


def discounted_occupancy(P, pi, mu, gamma):
    """Normalised discounted state occupancy d_pi = (1 - gamma) mu^T (I - gamma P_pi)^-1.

    d_pi(s) = (1 - gamma) sum_t gamma^t P(s_t = s) with s_0 ~ mu.
    Input: P, shape (S, A, S); pi, shape (S, A); mu, shape (S,), the start distribution;
    gamma. Output: the distribution d_pi, shape (S,).

    >>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
    >>> np.round(discounted_occupancy(P, np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([1.0, 0.0]), 0.5), 6).tolist()
    [0.5, 0.5]
    """
    P_pi = np.einsum("sa,sat->st", pi, P)
    return (1 - gamma) * np.linalg.solve((np.eye(len(mu)) - gamma * P_pi).T, mu)


def performance_difference(P, R, pi_new, pi_old, gamma, mu):
    """Right side of the performance difference lemma.

    1/(1 - gamma) sum_s d_new(s) sum_a pi_new(a|s) A_old(s,a), with d_new the discounted
    occupancy of the new policy and A_old the old policy's advantage; it equals
    J(pi_new) - J(pi_old), J(pi) = mu . v_pi. Input: P, R, pi_new, pi_old, gamma, mu.
    Output: a float.

    >>> P = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
    >>> R = np.array([[1.0, 0.0], [0.0, 3.0]])
    >>> round(performance_difference(P, R, np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]), 0.5, np.array([1.0, 0.0])), 6)
    -2.0
    """
    A = advantage(P, R, pi_old, gamma)
    d = discounted_occupancy(P, pi_new, mu, gamma)
    return float(np.sum(d * (pi_new * A).sum(1)) / (1 - gamma))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Advantage function, occupancy and the performance difference lemma")
    S, A, gamma = 5, 3, 0.9
    P = rng.dirichlet(np.ones(S) * 0.7, size=(S, A))
    R = rng.normal(size=(S, A))
    mu = rng.dirichlet(np.ones(S))
    pis = [rng.dirichlet(np.ones(A), size=S) for _ in range(4)]

    def v_of(pi):  # independent reference: loops, then numpy.linalg.solve
        M = np.array(
            [[sum(pi[s, a] * P[s, a, t] for a in range(A)) for t in range(S)] for s in range(S)]
        )
        return np.linalg.solve(
            np.eye(S) - gamma * M, [sum(pi[s, a] * R[s, a] for a in range(A)) for s in range(S)]
        )

    with r.case("A = q - v from separate solves; E_pi[A] = 0 in every state") as c:
        for pi in pis[:2]:
            Af = np.asarray(f.advantage(P, R, pi, gamma))
            v = v_of(pi)
            c.close(
                Af, R + gamma * np.einsum("sat,t->sa", P, v) - v[:, None], rtol=1e-9, atol=1e-12
            )
            c.close((pi * Af).sum(1), np.zeros(S), atol=1e-10)

    with r.case("occupancy: a distribution matching discounted visit frequencies") as c:
        pi = pis[0]
        d = np.asarray(f.discounted_occupancy(P, pi, mu, gamma))
        c.close(d.sum(), 1.0, rtol=1e-12)
        c.true(bool(np.all(d >= 0)))
        n, H = 40000, 120
        s = rng.choice(S, size=n, p=mu)
        freq, disc = np.zeros(S), 1.0
        cumP, cumpi = np.cumsum(P, axis=2), np.cumsum(pi, axis=1)
        for _ in range(H):
            freq += disc * np.bincount(s, minlength=S) / n
            a = np.minimum((rng.random(n)[:, None] > cumpi[s]).sum(1), A - 1)
            s = np.minimum((rng.random(n)[:, None] > cumP[s, a]).sum(1), S - 1)
            disc *= gamma
        mc = (1 - gamma) * freq
        r.figure("d_pi", np.round(d, 4).tolist())
        c.close(d, mc, atol=0.01)
        # power series: d = (1 - gamma) sum_t gamma^t mu P_pi^t
        P_pi = np.einsum("sa,sat->st", pi, P)
        acc, x = np.zeros(S), mu.copy()
        for t in range(400):
            acc += gamma**t * x
            x = x @ P_pi
        c.close(d, (1 - gamma) * acc, rtol=1e-9)

    with r.case("performance difference = J(pi') - J(pi) by two linear solves") as c:
        for i, j in [(0, 1), (1, 2), (3, 0), (2, 2)]:
            got = f.performance_difference(P, R, pis[i], pis[j], gamma, mu)
            c.close(got, mu @ v_of(pis[i]) - mu @ v_of(pis[j]), rtol=1e-9, atol=1e-12)

    with r.case("greedy on A_pi improves v_pi in every state") as c:
        pi = pis[1]
        Af = np.asarray(f.advantage(P, R, pi, gamma))
        greedy = np.eye(A)[Af.argmax(1)]
        c.true(bool(np.all(Af.max(1) >= -1e-12)), "max_a A(s,a) >= 0")
        c.true(bool(np.all(v_of(greedy) >= v_of(pi) - 1e-10)))
        c.true(f.performance_difference(P, R, greedy, pi, gamma, mu) > 0)

    with r.case("optimal policy (brute force over 3^5): A_pi* <= 0") as c:
        best, bestJ = None, -np.inf
        for cand in itertools.product(range(A), repeat=S):
            J = mu @ v_of(np.eye(A)[list(cand)])
            if J > bestJ:
                best, bestJ = np.eye(A)[list(cand)], J
        Ast = np.asarray(f.advantage(P, R, best, gamma))
        r.figure("J* (brute force)", float(bestJ))
        c.true(bool(np.all(Ast <= 1e-9)), f"max A* = {Ast.max():.2e}")
        c.close(Ast[best.astype(bool)], np.zeros(S), atol=1e-10)
    return r


if __name__ == "__main__":
    main(run)
