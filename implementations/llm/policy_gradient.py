"""policy-gradient: REINFORCE, grad J = E[G grad log pi(a|s)], on a bandit and a tiny MDP.

Follows Williams (1992) and Sutton & Barto (2nd ed.) ch. 13 (policy gradient theorem,
REINFORCE, baselines). Checks: on a softmax bandit the score-function expectation equals the
finite-difference gradient of J and the closed form pi_b (r_b - J); the per-sample REINFORCE
estimates averaged over 100,000 noisy pulls are within 4 standard errors of it; averaged
exactly over the arms, a baseline leaves the mean unchanged and b = J lowers the variance
(exact second moments, matched by Monte Carlo); on a 2-state, 2-step MDP the
trajectory-enumerated policy-gradient estimator equals finite differences of J computed by
dynamic programming, for two random policies.
"""

from __future__ import annotations

from itertools import product

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["bandit_gradient", "reinforce", "mdp_policy_gradient"]

DOC_ZH = {
    "bandit_gradient": """softmax 策略的多臂老虎机上，期望回报 J = sum_a pi(a) mu(a) 的精确梯度（得分函数形式）：
grad J = sum_a pi(a) mu(a) grad log pi(a)，其中 grad_theta log pi(a) = e_a - pi，pi = softmax(theta)。

输入：theta，(K,) 的 logits；mu，(K,) 各臂的平均奖励。
输出：形状 (K,) 的梯度。

>>> bandit_gradient(np.zeros(2), np.array([1.0, 0.0])).tolist()
[0.25, -0.25]
""",
    "reinforce": """REINFORCE 的逐样本梯度估计：(r_i - b) grad log pi(a_i) = (r_i - b)(e_{a_i} - pi)。

输入：theta，(K,) logits；actions，(n,) 抽到的臂；rewards，(n,) 得到的奖励；baseline，常数 b。
输出：形状 (n, K) 的数组，每行是一个样本的估计。

>>> reinforce(np.zeros(2), np.array([0]), np.array([2.0]), baseline=1.0).tolist()
[[0.5, -0.5]]
""",
    "mdp_policy_gradient": """在有限 MDP 上枚举所有轨迹，计算策略梯度 E[G grad log pi(轨迹)]。

策略 pi(a|s) = softmax(theta.reshape(S, A))[s]；从状态 0 出发走 H 步，每步奖励 Rw[s, a]，转移 Pt[s, a, s']；
G 是 H 步奖励之和，grad log pi(轨迹) = sum_t (e_{a_t} - pi(.|s_t)) 放在 s_t 那一行。
输入：theta，(S*A,)；Pt，(S, A, S)；Rw，(S, A)；H，步数。
输出：形状 (S*A,) 的梯度。

>>> Pt = np.full((1, 2, 1), 1.0)
>>> mdp_policy_gradient(np.zeros(2), Pt, np.array([[1.0, 0.0]]), 1).tolist()
[0.25, -0.25]
""",
}

HINTS = {
    "en": (
        "Weight the score grad log pi of what was done by the return it earned; for a softmax "
        "the score of action a is e_a - pi.",
        "Bandit: sum_a pi_a mu_a (e_a - pi). REINFORCE: one row (r_i - b)(e_{a_i} - pi) per "
        "sample. MDP: loop over all (a_0, s_1, a_1, ...), probability pi(a_0|s_0) P(s_1|s_0,a_0) "
        "..., return the sum of rewards, score the sum of e_{a_t} - pi(.|s_t) in row s_t.",
    ),
    "zh": (
        "用所得回报给所采取动作的得分 grad log pi 加权；softmax 策略下动作 a 的得分是 e_a - pi。",
        "老虎机：sum_a pi_a mu_a (e_a - pi)。REINFORCE：每个样本一行 (r_i - b)(e_{a_i} - pi)。MDP：枚举所有 "
        "(a_0, s_1, a_1, ...)，概率为 pi(a_0|s_0) P(s_1|s_0,a_0) ……，回报是奖励之和，得分是各步 e_{a_t} - pi(.|s_t) "
        "放在第 s_t 行之和。",
    ),
}


def softmax(a):
    e = np.exp(a - a.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def bandit_gradient(theta, mu):
    """Exact gradient of J = sum_a pi(a) mu(a) for a softmax bandit policy, in score form:
    grad J = sum_a pi(a) mu(a) grad log pi(a), with grad_theta log pi(a) = e_a - pi.

    Input: theta, (K,) logits; mu, (K,) mean rewards. Output: the gradient, shape (K,).

    >>> bandit_gradient(np.zeros(2), np.array([1.0, 0.0])).tolist()
    [0.25, -0.25]
    """
    pi = softmax(theta)
    return (pi * mu) @ (np.eye(len(pi)) - pi)  # row a of (I - pi) = grad log pi(a)


def reinforce(theta, actions, rewards, baseline=0.0):
    """Per-sample REINFORCE estimates (r_i - b) grad log pi(a_i) = (r_i - b)(e_{a_i} - pi).

    Input: theta, (K,) logits; actions, (n,) arms drawn; rewards, (n,) rewards received;
    baseline, a constant b. Output: an (n, K) array, one estimate per row.

    >>> reinforce(np.zeros(2), np.array([0]), np.array([2.0]), baseline=1.0).tolist()
    [[0.5, -0.5]]
    """
    pi = softmax(theta)
    score = np.eye(len(pi))[actions] - pi
    return (rewards - baseline)[:, None] * score


def mdp_policy_gradient(theta, Pt, Rw, H):
    """Policy gradient E[G grad log pi(trajectory)] on a finite MDP by enumerating trajectories.

    Policy pi(a|s) = softmax(theta.reshape(S, A))[s]; start in state 0, take H steps with
    reward Rw[s, a] and transitions Pt[s, a, s']; G is the sum of the H rewards and
    grad log pi(trajectory) = sum_t (e_{a_t} - pi(.|s_t)) placed in row s_t.
    Input: theta, (S*A,); Pt, (S, A, S); Rw, (S, A); H, steps. Output: the gradient (S*A,).

    >>> Pt = np.full((1, 2, 1), 1.0)
    >>> mdp_policy_gradient(np.zeros(2), Pt, np.array([[1.0, 0.0]]), 1).tolist()
    [0.25, -0.25]
    """
    S, A = Rw.shape
    pol = softmax(theta.reshape(S, A))
    g = np.zeros((S, A))
    for steps in product(product(range(A), range(S)), repeat=H):  # (a_t, s_{t+1}) per step
        s, p, ret, glog = 0, 1.0, 0.0, np.zeros((S, A))
        for a, s_next in steps:
            p *= pol[s, a] * Pt[s, a, s_next]
            ret += Rw[s, a]
            glog[s] += np.eye(A)[a] - pol[s]
            s = s_next
        g += p * ret * glog
    return g.ravel()


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Policy gradient (REINFORCE)")
    K = 5
    mu = rng.normal(size=K)  # mean reward of each arm (noise sd 1)
    th = rng.normal(size=K)
    pi = softmax(th)
    J = lambda t: float(softmax(t) @ mu)
    h = 1e-6

    with R.case("E[r grad log pi] = finite-difference gradient of J") as c:
        fd = np.array([(J(th + h * e) - J(th - h * e)) / (2 * h) for e in np.eye(K)])
        c.close(f.bandit_gradient(th, mu), fd, atol=1e-9)
    with R.case("... = closed form pi_b (mu_b - J)") as c:
        c.close(f.bandit_gradient(th, mu), pi * (mu - J(th)), atol=1e-14)
        c.close(f.bandit_gradient(th + 700, mu), pi * (mu - J(th)), atol=1e-12)  # big logits

    # 2. Monte Carlo REINFORCE with noisy rewards: unbiased.
    n = 100_000
    a = rng.choice(K, size=n, p=pi)
    rwd = mu[a] + rng.normal(size=n)
    g_exact = pi * (mu - J(th))
    with R.case("Monte Carlo REINFORCE within 4 SE of the exact gradient") as c:
        G = f.reinforce(th, a, rwd)
        mean, se = G.mean(0), G.std(0) / np.sqrt(n)
        c.true(bool(np.all(np.abs(mean - g_exact) < 4 * se)),
               f"max |z| = {np.max(np.abs(mean - g_exact) / se):.2f}")

    # 3. Exact moments by enumerating the arms (reward noise has variance 1).
    arms = np.arange(K)
    score = np.eye(K) - pi

    def moments(b):
        est = f.reinforce(th, arms, mu, baseline=b)  # estimate for each arm at its mean reward
        m1 = pi @ est
        noise = pi @ score**2  # E[eps^2 score^2]
        return m1, float((pi @ est**2 + noise - m1**2).sum())

    with R.case("baseline leaves the expected gradient unchanged") as c:
        m_nb, v_nb = moments(0.0)
        m_b, v_b = moments(J(th))
        c.close(m_b, m_nb, atol=1e-14)
        c.close(m_nb, g_exact, atol=1e-14)
        c.close(moments(3.0)[0], g_exact, atol=1e-14)
    with R.case("baseline b = J reduces the estimator's variance") as c:
        c.true(v_b < v_nb, f"{v_nb:.3f} -> {v_b:.3f}")
        c.true(moments(3.0)[1] > v_b)
    with R.case("exact variance formula agrees with the Monte Carlo variance (2%)") as c:
        v_mc = float(G.var(0).sum())
        c.true(abs(v_mc - v_nb) < 0.02 * v_nb, f"exact {v_nb:.4f}, sampled {v_mc:.4f}")
        vb_mc = float(f.reinforce(th, a, rwd, baseline=J(th)).var(0).sum())
        c.true(abs(vb_mc - v_b) < 0.02 * v_b, f"exact {v_b:.4f}, sampled {vb_mc:.4f}")

    # 4. Tiny MDP: 2 states x 2 actions, horizon 2. Policy gradient theorem by enumeration.
    S, A = 2, 2
    Pt = rng.dirichlet(np.ones(S), size=(S, A))  # P[s, a, s']
    Rw = rng.normal(size=(S, A))

    def J_mdp(theta, H):  # dynamic programming (backward induction)
        pol, V = softmax(theta.reshape(S, A)), np.zeros(S)
        for _ in range(H):
            Qv = Rw + Pt @ V
            V = (pol * Qv).sum(1)
        return V[0]  # start in state 0

    with R.case("MDP: E[G grad log pi(trajectory)] = finite differences of the DP value") as c:
        for HH in (2, 3):
            theta = rng.normal(size=S * A)
            fd = np.array([(J_mdp(theta + h * e, HH) - J_mdp(theta - h * e, HH)) / (2 * h)
                           for e in np.eye(S * A)])
            c.close(f.mdp_policy_gradient(theta, Pt, Rw, HH), fd, atol=1e-9)

    # Gradient ascent with the exact gradient concentrates on the best arm.
    with R.case("exact gradient ascent concentrates on the best arm") as c:
        t = th.copy()
        for _ in range(2000):
            t += 0.5 * f.bandit_gradient(t, mu)
        R.figure("bandit: pi(best arm) after 2000 exact-gradient steps",
                 float(softmax(t)[np.argmax(mu)]))
        c.true(softmax(t)[np.argmax(mu)] > 0.99)
    return R


if __name__ == "__main__":
    main(run)
