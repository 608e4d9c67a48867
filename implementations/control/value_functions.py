"""value-functions: state values v_pi, action values q_pi and the Bellman expectation equations.

Follows Sutton & Barto, Reinforcement Learning 2e, ch. 3 (Finite Markov Decision
Processes: value functions and the Bellman equations for v_pi and q_pi). The learner
applies the Bellman expectation operator on action values,
(T_pi q)(s,a) = R(s,a) + gamma sum_s' P(s'|s,a) sum_a' pi(a'|s') q(s',a'),
solves q_pi as one linear system over the S*A state-action pairs, and recovers v_pi.
Checks: the operator against explicit loops; q_pi is its fixed point and the operator is a
gamma-contraction in the max norm; v_pi from q_pi equals the S x S linear solve of
v = r_pi + gamma P_pi v (numpy.linalg.solve); q_pi = R + gamma P v_pi; Monte Carlo returns
that start with a fixed first action agree within 4 standard errors; and a two-state chain
solved by hand.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["bellman_expectation_q", "solve_q", "state_values"]

DOC_ZH = {
    "bellman_expectation_q": """动作值上的贝尔曼期望算子：(T_pi q)(s,a) = R(s,a) + gamma Σ_s' P(s'|s,a) Σ_a' pi(a'|s') q(s',a')。

输入：P，形状 (S, A, S)；R，形状 (S, A)；pi，形状 (S, A)；gamma；q，形状 (S, A)。
输出：形状 (S, A) 的 T_pi q。

>>> P = np.array([[[0.0, 1.0], [1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]]])
>>> pi = np.array([[1.0, 0.0], [0.5, 0.5]])
>>> bellman_expectation_q(P, np.ones((2, 2)), pi, 0.5, np.array([[2.0, 0.0], [4.0, 6.0]])).tolist()
[[3.5, 2.0], [2.0, 3.5]]
""",
    "solve_q": """求解 q_pi：把 q = R + gamma P Pi q 写成 S*A 维线性方程组并直接求解。

输入：P，形状 (S, A, S)；R，形状 (S, A)；pi，形状 (S, A)；gamma，0 <= gamma < 1。
输出：形状 (S, A) 的 q_pi。

>>> P = np.array([[[0.0, 1.0], [1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]]])
>>> pi = np.array([[1.0, 0.0], [0.5, 0.5]])
>>> np.round(solve_q(P, np.ones((2, 2)), pi, 0.5), 6).tolist()
[[2.0, 2.0], [2.0, 2.0]]
""",
    "state_values": """由动作值求状态值：v_pi(s) = Σ_a pi(a|s) q_pi(s,a)。

输入：q，形状 (S, A)；pi，形状 (S, A)。
输出：形状 (S,) 的 v。

>>> state_values(np.array([[1.0, 3.0], [2.0, 2.0]]), np.array([[0.25, 0.75], [1.0, 0.0]])).tolist()
[2.5, 2.0]
""",
}

HINTS = {
    "en": (
        "An action value is the immediate reward plus the discounted value of where you land, "
        "and the value of a state is the policy's average of its action values.",
        "Flatten (s, a) into one index: q = R + gamma M q with M[(s,a),(s',a')] = "
        "P[s,a,s'] pi[s',a']; solve (I - gamma M) q = R. v = (pi * q).sum(axis=1).",
    ),
    "zh": (
        "动作值等于即时奖励加上到达状态的折扣价值；状态的价值是策略对各动作值的加权平均。",
        "把 (s, a) 展平成一个下标：q = R + gamma M q，其中 M[(s,a),(s',a')] = P[s,a,s'] pi[s',a']；"
        "解 (I - gamma M) q = R。v = (pi * q).sum(axis=1)。",
    ),
}


def bellman_expectation_q(P, R, pi, gamma, q):
    """Bellman expectation operator on action values.

    (T_pi q)(s,a) = R(s,a) + gamma sum_s' P(s'|s,a) sum_a' pi(a'|s') q(s',a').
    Input: P, shape (S, A, S); R, shape (S, A); pi, shape (S, A); gamma; q, shape (S, A).
    Output: T_pi q, shape (S, A).

    >>> P = np.array([[[0.0, 1.0], [1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]]])
    >>> pi = np.array([[1.0, 0.0], [0.5, 0.5]])
    >>> bellman_expectation_q(P, np.ones((2, 2)), pi, 0.5, np.array([[2.0, 0.0], [4.0, 6.0]])).tolist()
    [[3.5, 2.0], [2.0, 3.5]]
    """
    return R + gamma * P @ (pi * q).sum(axis=1)


def solve_q(P, R, pi, gamma):
    """Solve for q_pi: write q = R + gamma P Pi q as one linear system over the S*A pairs.

    Input: P, shape (S, A, S); R, shape (S, A); pi, shape (S, A); gamma in [0, 1).
    Output: q_pi, shape (S, A).

    >>> P = np.array([[[0.0, 1.0], [1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]]])
    >>> pi = np.array([[1.0, 0.0], [0.5, 0.5]])
    >>> np.round(solve_q(P, np.ones((2, 2)), pi, 0.5), 6).tolist()
    [[2.0, 2.0], [2.0, 2.0]]
    """
    S, A = R.shape
    M = np.einsum("sat,tb->satb", P, pi).reshape(S * A, S * A)
    return np.linalg.solve(np.eye(S * A) - gamma * M, R.reshape(-1)).reshape(S, A)


def state_values(q, pi):
    """State values from action values: v_pi(s) = sum_a pi(a|s) q_pi(s,a).

    Input: q, shape (S, A); pi, shape (S, A). Output: v, shape (S,).

    >>> state_values(np.array([[1.0, 3.0], [2.0, 2.0]]), np.array([[0.25, 0.75], [1.0, 0.0]])).tolist()
    [2.5, 2.0]
    """
    return (np.asarray(pi) * np.asarray(q)).sum(axis=1)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Value functions: Bellman expectation equations for v and q")
    S, A, gamma = 4, 3, 0.85
    P = rng.dirichlet(np.ones(S), size=(S, A))
    R = rng.normal(size=(S, A))
    pi = rng.dirichlet(np.ones(A), size=S)
    # reference v_pi from the S x S system
    P_pi = np.einsum("sa,sat->st", pi, P)
    r_pi = (pi * R).sum(1)
    v_ref = np.linalg.solve(np.eye(S) - gamma * P_pi, r_pi)

    with r.case("T_pi q = explicit loops over s, a, s', a'") as c:
        q = rng.normal(size=(S, A))
        ref = np.array(
            [
                [
                    R[s, a]
                    + gamma
                    * sum(P[s, a, t] * sum(pi[t, b] * q[t, b] for b in range(A)) for t in range(S))
                    for a in range(A)
                ]
                for s in range(S)
            ]
        )
        c.close(f.bellman_expectation_q(P, R, pi, gamma, q), ref, rtol=1e-12)

    with r.case("q_pi is the fixed point; T_pi is a gamma-contraction") as c:
        Q = np.asarray(f.solve_q(P, R, pi, gamma))
        c.close(f.bellman_expectation_q(P, R, pi, gamma, Q), Q, rtol=1e-10, atol=1e-12)
        q1, q2 = rng.normal(size=(S, A)), rng.normal(size=(S, A))
        d_in = np.abs(q1 - q2).max()
        d_out = np.abs(
            np.asarray(f.bellman_expectation_q(P, R, pi, gamma, q1))
            - np.asarray(f.bellman_expectation_q(P, R, pi, gamma, q2))
        ).max()
        c.true(d_out <= gamma * d_in + 1e-12, f"{d_out:.4f} <= {gamma * d_in:.4f}")
        # shift by a constant: T(q + k) = Tq + gamma k exactly
        c.close(
            f.bellman_expectation_q(P, R, pi, gamma, q1 + 2.0),
            np.asarray(f.bellman_expectation_q(P, R, pi, gamma, q1)) + 2.0 * gamma,
            rtol=1e-12,
        )

    with r.case("v_pi from q_pi = S x S linear solve; q_pi = R + gamma P v_pi") as c:
        Q = np.asarray(f.solve_q(P, R, pi, gamma))
        v = f.state_values(Q, pi)
        r.figure("v_pi", np.round(v, 4).tolist())
        c.close(v, v_ref, rtol=1e-10)
        c.close(Q, R + gamma * P @ v_ref, rtol=1e-10)
        c.close(f.state_values(Q, np.eye(A)[[0, 1, 2, 0]]), Q[np.arange(S), [0, 1, 2, 0]])

    with r.case("Monte Carlo returns after a fixed first action (4 standard errors)") as c:
        Q = np.asarray(f.solve_q(P, R, pi, gamma))
        n, H = 3000, 80
        s0, a0 = np.repeat(np.arange(S), A * n), np.tile(np.repeat(np.arange(A), n), S)
        s, a = s0.copy(), a0.copy()
        ret, disc = np.zeros(len(s)), 1.0
        cumP, cumpi = np.cumsum(P, axis=2), np.cumsum(pi, axis=1)
        for _ in range(H):
            ret += disc * R[s, a]
            s = np.minimum((rng.random(len(s))[:, None] > cumP[s, a]).sum(1), S - 1)
            a = np.minimum((rng.random(len(s))[:, None] > cumpi[s]).sum(1), A - 1)
            disc *= gamma
        G = ret.reshape(S, A, n)
        z = (G.mean(2) - Q) / (G.std(2) / np.sqrt(n))
        c.true(bool(np.all(np.abs(z) < 4)), f"max |z| = {np.abs(z).max():.2f}")

    with r.case("two-state chain by hand") as c:
        # action 0 stays, action 1 swaps; rewards R; pi = always stay in state 0, swap in state 1
        P2 = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
        R2 = np.array([[1.0, 0.0], [0.0, 3.0]])
        pi2 = np.array([[1.0, 0.0], [0.0, 1.0]])
        g = 0.5
        # v0 = 1/(1-g) = 2; v1 = 3 + g v0 = 4; q(0,1) = 0 + g v1 = 2; q(1,0) = 0 + g v1 = 2
        Q2 = np.asarray(f.solve_q(P2, R2, pi2, g))
        c.close(Q2, [[2.0, 2.0], [2.0, 4.0]], rtol=1e-12)
        c.close(f.state_values(Q2, pi2), [2.0, 4.0], rtol=1e-12)
        c.close(f.solve_q(P2, R2, pi2, 0.0), R2, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
