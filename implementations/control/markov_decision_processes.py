"""markov-decision-processes: states, actions, transitions P(s'|s,a), rewards, discount.

Follows Sutton & Barto, Reinforcement Learning 2e, ch. 3 (Finite Markov Decision
Processes). For a fixed stochastic policy pi the value function solves the linear
Bellman equation V = r_pi + gamma P_pi V. The linear solve is compared with
Monte Carlo returns of simulated episodes and with iterative policy evaluation;
V(s) = sum_a pi(a|s) Q(s,a) and the discounted occupancy summing to 1/(1-gamma)
are checked as identities.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("MDPs: policy evaluation by linear solve vs Monte Carlo")
    S, A, gamma = 5, 2, 0.8
    P = rng.dirichlet(np.ones(S), size=(S, A))  # P[s, a, s']
    R = rng.normal(size=(S, A))  # expected reward r(s, a)
    pi = rng.dirichlet(np.ones(A), size=S)  # pi[s, a]

    P_pi = np.einsum("sa,sat->st", pi, P)
    r_pi = np.einsum("sa,sa->s", pi, R)
    V = np.linalg.solve(np.eye(S) - gamma * P_pi, r_pi)
    r.figure("V_pi (linear solve)", np.round(V, 4).tolist())

    # iterative policy evaluation: V <- r_pi + gamma P_pi V
    Vi = np.zeros(S)
    for _ in range(300):
        Vi = r_pi + gamma * P_pi @ Vi
    r.check_close("iterative policy evaluation = linear solve", Vi, V, rtol=1e-12, atol=1e-12)

    # Q_pi(s,a) = r(s,a) + gamma sum_s' P(s'|s,a) V(s') and V = sum_a pi Q
    Qf = R + gamma * P @ V
    r.check_close("V(s) = sum_a pi(a|s) Q(s,a)", np.sum(pi * Qf, axis=1), V, rtol=1e-12)

    # Monte Carlo: sample many episodes from every start state (reward = r(s,a) exactly)
    n_ep, H = 2000, 60  # gamma^60 ~ 1.5e-6, negligible tail
    s = np.repeat(np.arange(S), n_ep)
    disc = 1.0
    cumP = np.cumsum(P, axis=2)
    cumpi = np.cumsum(pi, axis=1)
    ret = np.zeros(S * n_ep)
    for _ in range(H):
        a = (rng.random(len(s))[:, None] > cumpi[s]).sum(axis=1)
        ret += disc * R[s, a]
        s = (rng.random(len(s))[:, None] > cumP[s, a]).sum(axis=1)
        s = np.minimum(s, S - 1)
        disc *= gamma
    G = ret.reshape(S, n_ep)
    mc, se = G.mean(axis=1), G.std(axis=1) / np.sqrt(n_ep)
    r.figure("V_pi (Monte Carlo)", np.round(mc, 4).tolist())
    r.check(
        "Monte Carlo returns within 4 standard errors of V_pi",
        bool(np.all(np.abs(mc - V) < 4 * se)),
        f"max |z| = {np.max(np.abs(mc - V) / se):.2f}",
    )

    # discounted state occupancy from each start sums to 1/(1-gamma)
    D = np.linalg.inv(np.eye(S) - gamma * P_pi)
    r.check_close(
        "rows of (I - gamma P_pi)^-1 sum to 1/(1-gamma)",
        D.sum(axis=1),
        np.full(S, 1 / (1 - gamma)),
        rtol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
