"""policy-gradient: REINFORCE, grad J = E[G grad log pi(a|s)], on a bandit and a tiny MDP.

Follows Williams (1992) and Sutton & Barto (2nd ed.) ch. 13 (policy gradient theorem,
REINFORCE, baselines). Checks: on a softmax bandit the score-function expectation (exact
enumeration) equals the finite-difference gradient of J and the closed form pi_b (r_b - J);
the Monte Carlo REINFORCE average is within a few standard errors of it; a baseline leaves the
mean unchanged and lowers the variance (exact); on a 2-step MDP the trajectory-enumerated
policy-gradient estimator equals finite differences of J computed by dynamic programming.
"""

from __future__ import annotations

from itertools import product

import numpy as np

from implementations._common import Report, main


def softmax(a):
    e = np.exp(a - a.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def run() -> Report:
    rng = np.random.default_rng(0)
    R = Report("Policy gradient (REINFORCE)")
    K = 5
    mu = rng.normal(size=K)  # mean reward of each arm (noise sd 1)
    th = rng.normal(size=K)
    pi = softmax(th)
    J = lambda t: float(softmax(t) @ mu)

    # 1. Exact score-function gradient: sum_a pi(a) mu(a) grad log pi(a), grad log pi(a) = e_a - pi.
    score = np.eye(K) - pi  # row a = grad_theta log pi(a)
    g_exact = (pi * mu) @ score
    h = 1e-6
    fd = np.array([(J(th + h * e) - J(th - h * e)) / (2 * h) for e in np.eye(K)])
    R.check_close("E[r grad log pi] = finite-difference gradient of J", g_exact, fd, atol=1e-9)
    R.check_close("... = closed form pi_b (mu_b - J)", g_exact, pi * (mu - J(th)), atol=1e-14)

    # 2. Monte Carlo REINFORCE with noisy rewards: unbiased.
    n = 100_000
    a = rng.choice(K, size=n, p=pi)
    rwd = mu[a] + rng.normal(size=n)
    G = rwd[:, None] * score[a]
    mean, se = G.mean(0), G.std(0) / np.sqrt(n)
    R.check(
        "Monte Carlo REINFORCE within 4 SE of the exact gradient",
        bool(np.all(np.abs(mean - g_exact) < 4 * se)),
        f"max |z| = {np.max(np.abs(mean - g_exact) / se):.2f}",
    )

    # 3. Baseline b = J: same mean (E[grad log pi] = 0), smaller total variance, both exact.
    def moments(b):
        m1 = (pi * (mu - b)) @ score
        m2 = sum(
            pi[k] * ((mu[k] - b) ** 2 + 1.0) * score[k] ** 2 for k in range(K)
        )  # E[g^2], noise var 1
        return m1, float((m2 - m1**2).sum())

    m_nb, v_nb = moments(0.0)
    m_b, v_b = moments(J(th))
    R.check_close("baseline leaves the expected gradient unchanged", m_b, m_nb, atol=1e-14)
    R.check(
        "baseline b = J reduces the estimator's variance", v_b < v_nb, f"{v_nb:.3f} -> {v_b:.3f}"
    )
    v_mc = float(G.var(0).sum())
    R.check(
        "exact variance formula agrees with the Monte Carlo variance (2%)",
        abs(v_mc - v_nb) < 0.02 * v_nb,
        f"exact {v_nb:.4f}, sampled {v_mc:.4f}",
    )

    # 4. Tiny MDP: 2 states x 2 actions, horizon 2. Policy gradient theorem by enumeration.
    S, A, H = 2, 2, 2
    Pt = rng.dirichlet(np.ones(S), size=(S, A))  # P[s, a, s']
    Rw = rng.normal(size=(S, A))

    def J_mdp(theta):  # dynamic programming (backward induction)
        pol, V = softmax(theta.reshape(S, A)), np.zeros(S)
        for _ in range(H):
            Qv = Rw + Pt @ V
            V = (pol * Qv).sum(1)
        return V[0]  # start in state 0

    theta = rng.normal(size=S * A)
    pol = softmax(theta.reshape(S, A))
    g = np.zeros(S * A)
    for a0, s1, a1 in product(range(A), range(S), range(A)):  # enumerate trajectories
        p_traj = pol[0, a0] * Pt[0, a0, s1] * pol[s1, a1]
        ret = Rw[0, a0] + Rw[s1, a1]
        glog = np.zeros((S, A))
        glog[0] += np.eye(A)[a0] - pol[0]
        glog[s1] += np.eye(A)[a1] - pol[s1]
        g += p_traj * ret * glog.ravel()
    fd = np.array([(J_mdp(theta + h * e) - J_mdp(theta - h * e)) / (2 * h) for e in np.eye(S * A)])
    R.check_close(
        "MDP: E[G grad log pi(trajectory)] = finite differences of the DP value", g, fd, atol=1e-9
    )

    # Gradient ascent with the exact gradient concentrates on the best arm.
    t = th.copy()
    for _ in range(2000):
        p = softmax(t)
        t += 0.5 * p * (mu - p @ mu)
    R.figure(
        "bandit: pi(best arm) after 2000 exact-gradient steps", float(softmax(t)[np.argmax(mu)])
    )
    return R


if __name__ == "__main__":
    main(run)
