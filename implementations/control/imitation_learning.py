"""imitation-learning: behaviour cloning, compounding errors and DAgger.

Follows Ross, Gordon & Bagnell (2011): a policy trained on the expert's state
distribution that errs with probability eps there can lose up to T^2 eps over a horizon T,
because its mistakes lead to states the expert never showed; DAgger rolls out the learner's
own policy, asks the expert to label the states it reaches, aggregates the data and
retrains. The learner writes tabular behaviour cloning (majority vote), the exact
finite-horizon cost of a stochastic policy, and DAgger. Checks: cloning against
collections.Counter; the cost against a backward dynamic-programming evaluation and a
closed form on a one-way trap chain (H - (1 - (1 - eps)^H)/eps, about H^2 eps / 2); the
T^2 eps bound for random learner policies; and on a road with slippery shoulders, the
cloned policy falls into the trap (cost above the expert's) while DAgger's policy matches
the expert on every state it can reach and so has exactly the expert's cost; and on two
separate chains sampled one trajectory per round, only a DAgger that keeps (aggregates) the
data of earlier rounds covers both.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["behaviour_cloning", "finite_horizon_cost", "dagger"]

DOC_ZH = {
    "behaviour_cloning": """表格型行为克隆：每个状态取数据中出现最多的专家动作（并列取编号最小者）；没出现过的状态取动作 0。

输入：states，actions，等长的 int 序列（状态和专家在该状态的动作）；n_states；n_actions。
输出：形状 (n_states,) 的确定性策略（int 数组）。

>>> behaviour_cloning([0, 0, 0, 1], [1, 1, 0, 2], 3, 3).tolist()
[1, 2, 0]
""",
    "finite_horizon_cost": """随机策略 pi 在 H 步内的期望总代价：J = Σ_{t=0}^{H-1} E[cost(s_t, a_t)]，s_0 ~ mu。

输入：P，形状 (S, A, S)；cost，形状 (S, A)；pi，形状 (S, A)；mu，形状 (S,)；H。
输出：浮点数。

>>> P = np.zeros((2, 2, 2)); P[:, 0, 0] = 1.0; P[:, 1, 1] = 1.0
>>> finite_horizon_cost(P, np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[0.5, 0.5], [0.0, 1.0]]), np.array([1.0, 0.0]), 3)
1.25
""",
    "dagger": """DAgger：第 0 轮用专家策略采样，之后用当前学到的策略采样；把访问到的每个状态配上专家动作 expert[s] 加入数据集（累积），用 behaviour_cloning 重新训练。

每轮采 n_traj 条长 H 的轨迹：s_0 = searchsorted(cumsum(mu), rng.random(), side='right')，a = policy[s]，
s' = searchsorted(cumsum(P[s, a]), rng.random(), side='right')。
输入：P，形状 (S, A, S)；expert，形状 (S,) 的确定性专家策略；mu；H；n_iters，轮数；n_traj；rng。
输出：最后一轮训练得到的策略，形状 (S,)。

>>> P = np.zeros((2, 2, 2)); P[:, 0, 0] = 1.0; P[:, 1, 1] = 1.0
>>> dagger(P, np.array([1, 1]), np.array([1.0, 0.0]), 3, 2, 1, np.random.default_rng(0)).tolist()
[1, 1]
""",
}

HINTS = {
    "en": (
        "Cloning only ever sees the expert's states; one slip takes the learner somewhere "
        "the data never covered. DAgger fixes the data, not the learner: collect states "
        "where the learner goes, and label them with what the expert would do.",
        "BC: argmax of the per-state action counts (np.bincount). Cost: propagate the state "
        "distribution d_{t+1} = d_t P_pi and add d_t . c_pi for H steps. DAgger: loop "
        "{roll out current policy, append (s, expert[s]), retrain by BC}.",
    ),
    "zh": (
        "克隆只见过专家到过的状态；一次失误就把学习者带到数据从未覆盖的地方。DAgger 改的是数据而不是学习者："
        "收集学习者自己会去的状态，再标上专家在那里会做的动作。",
        "BC：每个状态的动作计数取 argmax（np.bincount）。代价：按 d_{t+1} = d_t P_pi 传播状态分布，"
        "H 步内累加 d_t · c_pi。DAgger：循环 {用当前策略采样，加入 (s, expert[s])，用 BC 重训}。",
    ),
}


def behaviour_cloning(states, actions, n_states, n_actions):
    """Tabular behaviour cloning: in each state the most frequent expert action in the data
    (ties: the lowest index); states never seen get action 0.

    Input: states, actions, int sequences of equal length (a state and the expert's action
    there); n_states; n_actions. Output: a deterministic policy, int array (n_states,).

    >>> behaviour_cloning([0, 0, 0, 1], [1, 1, 0, 2], 3, 3).tolist()
    [1, 2, 0]
    """
    counts = np.zeros((n_states, n_actions))
    np.add.at(counts, (np.asarray(states, dtype=int), np.asarray(actions, dtype=int)), 1)
    return counts.argmax(axis=1)


def finite_horizon_cost(P, cost, pi, mu, H):
    """Expected total cost of a stochastic policy pi over H steps: J = sum_{t<H} E[cost(s_t, a_t)].

    Input: P, shape (S, A, S); cost, shape (S, A); pi, shape (S, A); mu, shape (S,), the start
    distribution; H. Output: a float.

    >>> P = np.zeros((2, 2, 2)); P[:, 0, 0] = 1.0; P[:, 1, 1] = 1.0
    >>> finite_horizon_cost(P, np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[0.5, 0.5], [0.0, 1.0]]), np.array([1.0, 0.0]), 3)
    1.25
    """
    P_pi = np.einsum("sa,sat->st", pi, P)
    c_pi = (pi * cost).sum(axis=1)
    d, total = np.asarray(mu, dtype=float), 0.0
    for _ in range(H):
        total += d @ c_pi
        d = d @ P_pi
    return float(total)


def dagger(P, expert, mu, H, n_iters, n_traj, rng):
    """DAgger: round 0 rolls out the expert, later rounds the current learned policy; every
    visited state is added with the expert's label expert[s] to the aggregated data, and the
    policy is retrained with behaviour_cloning.

    Each round samples n_traj trajectories of H steps: s_0 = searchsorted(cumsum(mu),
    rng.random(), side='right'), a = policy[s], s' = searchsorted(cumsum(P[s, a]),
    rng.random(), side='right'). Input: P, shape (S, A, S); expert, shape (S,), a
    deterministic expert policy; mu; H; n_iters; n_traj; rng. Output: the last policy, (S,).

    >>> P = np.zeros((2, 2, 2)); P[:, 0, 0] = 1.0; P[:, 1, 1] = 1.0
    >>> dagger(P, np.array([1, 1]), np.array([1.0, 0.0]), 3, 2, 1, np.random.default_rng(0)).tolist()
    [1, 1]
    """
    S, A, _ = P.shape
    cum, cmu = np.cumsum(P, axis=2), np.cumsum(mu)
    data_s = []
    policy = np.asarray(expert)
    for _ in range(n_iters):
        for _ in range(n_traj):
            s = min(int(np.searchsorted(cmu, rng.random(), side="right")), S - 1)
            for _ in range(H):
                data_s.append(s)
                a = int(policy[s])
                s = min(int(np.searchsorted(cum[s, a], rng.random(), side="right")), S - 1)
        policy = behaviour_cloning(data_s, np.asarray(expert)[data_s], S, A)
    return policy


def _road(K=6, q=0.1):
    """Road states 0..K-1, shoulders K..2K-1, trap 2K. Action 1 is the expert's."""
    S = 2 * K + 1
    trap = 2 * K
    P = np.zeros((S, 2, S))
    cost = np.zeros((S, 2))
    for i in range(K):
        P[i, 1, (i + 1) % K] = 1 - q  # drive on
        P[i, 1, K + i] = q  # slip onto the shoulder
        P[i, 0, trap] = 1.0
        P[K + i, 1, (i + 1) % K] = 1.0  # steer back
        P[K + i, 0, trap] = 1.0
        cost[K + i] = 0.2
    P[trap, :, trap] = 1.0
    cost[trap] = 1.0
    expert = np.ones(S, dtype=int)
    return P, cost, expert


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Imitation learning: behaviour cloning vs DAgger")

    with r.case("behaviour cloning = per-state majority vote (collections.Counter)") as c:
        st = rng.integers(6, size=200)
        ac = (st + rng.integers(0, 3, size=200) * (rng.random(200) < 0.4)) % 4
        pol = np.asarray(f.behaviour_cloning(st, ac, 7, 4))
        for s in range(7):
            cnt = Counter(int(a) for a in ac[st == s])
            best = min((a for a in cnt if cnt[a] == max(cnt.values())), default=0)
            c.equal(int(pol[s]), best)

    S, A, H = 5, 3, 12
    P = rng.dirichlet(np.ones(S), size=(S, A))
    cost = rng.random((S, A))
    mu = rng.dirichlet(np.ones(S))

    with r.case("finite-horizon cost = backward dynamic programming") as c:
        for _ in range(3):
            pi = rng.dirichlet(np.ones(A), size=S)
            V = np.zeros(S)
            for _ in range(H):  # V_h = c_pi + P_pi V_{h+1}
                V = np.array(
                    [sum(pi[s, a] * (cost[s, a] + P[s, a] @ V) for a in range(A)) for s in range(S)]
                )
            c.close(f.finite_horizon_cost(P, cost, pi, mu, H), mu @ V, rtol=1e-12)

    with r.case("one-way trap: cost = H - (1 - (1 - eps)^H) / eps  (~ H^2 eps / 2)") as c:
        # state 0 road (cost 0), state 1 trap (cost 1, absorbing); the learner errs w.p. eps
        Pt = np.zeros((2, 2, 2))
        Pt[0, 0, 0] = Pt[0, 1, 1] = Pt[1, :, 1] = 1.0
        ct = np.array([[0.0, 0.0], [1.0, 1.0]])
        for eps_, Ht in [(0.01, 20), (0.05, 30)]:
            pit = np.array([[1 - eps_, eps_], [0.5, 0.5]])
            exact = Ht - (1 - (1 - eps_) ** Ht) / eps_
            c.close(f.finite_horizon_cost(Pt, ct, pit, np.array([1.0, 0.0]), Ht), exact, rtol=1e-10)
            c.true(exact <= Ht**2 * eps_)

    with r.case("J(pi) <= J(expert) + H^2 eps (eps = error rate on the expert's states)") as c:
        expert = rng.integers(A, size=S)
        pe = np.eye(A)[expert]
        Je = f.finite_horizon_cost(P, cost, pe, mu, H)
        Pe = np.einsum("sa,sat->st", pe, P)
        d, dsum = mu.copy(), np.zeros(S)
        for _ in range(H):
            dsum += d / H
            d = d @ Pe
        for k in range(6):
            pi = 0.7 * pe + 0.3 * rng.dirichlet(np.ones(A) * (0.3 + k), size=S)
            eps_ = float(dsum @ (1 - pi[np.arange(S), expert]))
            Jpi = f.finite_horizon_cost(P, cost, pi, mu, H)
            c.true(Jpi <= Je + H**2 * eps_ + 1e-12, f"{Jpi:.3f} <= {Je + H**2 * eps_:.3f}")

    with r.case("slippery road: cloning falls into the trap, DAgger matches the expert") as c:
        Pr, cr, ex = _road()
        Sr, Hr = Pr.shape[0], 25
        mu_r = np.eye(Sr)[0]
        pe = np.eye(2)[ex]
        Je = f.finite_horizon_cost(Pr, cr, pe, mu_r, Hr)
        # expert demonstrations (3 trajectories), sampled here, cloned by the learner's BC
        demo, cum = [], np.cumsum(Pr, axis=2)
        dr = np.random.default_rng(5)
        for _ in range(3):
            s = 0
            for _ in range(Hr):
                demo.append(s)
                s = min(int(np.searchsorted(cum[s, 1], dr.random(), side="right")), Sr - 1)
        bc = np.asarray(f.behaviour_cloning(demo, ex[demo], Sr, 2))
        Jbc = f.finite_horizon_cost(Pr, cr, np.eye(2)[bc], mu_r, Hr)
        dg = np.asarray(f.dagger(Pr, ex, mu_r, Hr, 8, 10, np.random.default_rng(6)))
        Jdg = f.finite_horizon_cost(Pr, cr, np.eye(2)[dg], mu_r, Hr)
        r.figure("cost: expert, BC, DAgger", [Je, Jbc, Jdg])
        c.true(Jbc > Je + 0.1, "the cloned policy pays for states the demos never showed")
        # every state DAgger's policy can reach within Hr steps carries the expert's action
        Pd = np.einsum("sa,sat->st", np.eye(2)[dg], Pr)
        reach, d = mu_r > 0, mu_r.copy()
        for _ in range(Hr):
            d = d @ Pd
            reach |= d > 0
        c.equal(dg[reach & (np.arange(Sr) < Sr - 1)], ex[reach & (np.arange(Sr) < Sr - 1)])
        c.close(Jdg, Je, rtol=1e-12)

    with r.case("DAgger aggregates: data from earlier rounds is kept") as c:
        # two separate chains (0-1-2 and 3-4-5), each entered with probability 1/2, trap 6;
        # one trajectory per round: only the aggregated data covers both chains
        P2 = np.zeros((7, 2, 7))
        for a_, b_ in [(0, 1), (1, 2), (2, 2), (3, 4), (4, 5), (5, 5)]:
            P2[a_, 1, b_] = 1.0
            P2[a_, 0, 6] = 1.0
        P2[6, :, 6] = 1.0
        c2 = np.zeros((7, 2))
        c2[6] = 1.0
        mu2 = np.zeros(7)
        mu2[[0, 3]] = 0.5
        ex2 = np.ones(7, dtype=int)
        dg2 = np.asarray(f.dagger(P2, ex2, mu2, 5, 12, 1, np.random.default_rng(9)))
        J2 = f.finite_horizon_cost(P2, c2, np.eye(2)[dg2], mu2, 5)
        c.equal(dg2[:6], ex2[:6])
        c.close(J2, 0.0, atol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
