"""generalized-advantage-estimation: GAE(gamma, lambda) from TD residuals.

Follows Schulman, Moritz, Levine, Jordan & Abbeel (2015), Sec. 3: the TD residual
delta_t = r_t + gamma V(s_{t+1}) - V(s_t) and the estimator
A_t = sum_l (gamma lambda)^l delta_{t+l}, the exponentially weighted average of the k-step
advantage estimators; GAE(gamma, 0) is delta_t and GAE(gamma, 1) is the
discounted return minus V(s_t). The learner computes the residuals and the estimator by
the backward recursion A_t = delta_t + gamma lambda (1 - done_t) A_{t+1} over a batch of
concatenated episodes. Checks: the recursion against the explicit double sum truncated at
episode ends; lambda = 0 and lambda = 1; the (1 - lambda)-weighted average of k-step
estimators; the returns targets A + V for lambda = 1 equal discounted returns; and with
the exact V_pi of a small MDP, the mean of GAE over sampled trajectories from (s, a) equals
the true advantage A_pi(s, a) (from linear solves) within 4 standard errors for several
lambdas.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["td_residuals", "gae"]

DOC_ZH = {
    "td_residuals": """TD 残差 delta_t = r_t + gamma (1 - done_t) V(s_{t+1}) - V(s_t)。

输入：rewards，形状 (T,)；values，形状 (T + 1,)，values[t] = V(s_t)，最后一个是截断处的自举值；dones，形状 (T,)，done_t 表示回合在第 t 步之后结束；gamma。
输出：形状 (T,) 的 delta。

>>> td_residuals(np.array([1.0, 1.0]), np.array([0.0, 2.0, 4.0]), np.array([False, True]), 0.5).tolist()
[2.0, -1.0]
""",
    "gae": """GAE(gamma, lambda)：A_t = delta_t + gamma lam (1 - done_t) A_{t+1}，从后往前递推，A_T = 0。

输入：rewards，values，dones（同 td_residuals）；gamma；lam。
输出：形状 (T,) 的优势估计。

>>> gae(np.array([1.0, 1.0]), np.array([0.0, 2.0, 4.0]), np.array([False, False]), 0.5, 0.5).tolist()
[2.25, 1.0]
""",
}

HINTS = {
    "en": (
        "A one-step TD residual is a low-variance but biased advantage estimate; summing "
        "later residuals with decaying weights trades bias for variance, and an episode end "
        "cuts the sum.",
        "delta_t = r_t + gamma (1 - done_t) V[t+1] - V[t]; then backward: A_t = delta_t + "
        "gamma lam (1 - done_t) A_{t+1}, starting from A_T = 0. lam = 0 gives delta, lam = 1 "
        "gives the return minus V.",
    ),
    "zh": (
        "一步 TD 残差是方差小但有偏的优势估计；把后面的残差按衰减权重加起来，就是在偏差和方差之间权衡；回合结束会截断这个和。",
        "delta_t = r_t + gamma (1 - done_t) V[t+1] - V[t]；然后从后往前：A_t = delta_t + "
        "gamma lam (1 - done_t) A_{t+1}，A_T = 0。lam = 0 得到 delta，lam = 1 得到回报减 V。",
    ),
}


def td_residuals(rewards, values, dones, gamma):
    """TD residuals delta_t = r_t + gamma (1 - done_t) V(s_{t+1}) - V(s_t).

    Input: rewards, shape (T,); values, shape (T + 1,), values[t] = V(s_t), the last one the
    bootstrap value where the batch is cut; dones, shape (T,), done_t meaning the episode
    ended after step t; gamma. Output: delta, shape (T,).

    >>> td_residuals(np.array([1.0, 1.0]), np.array([0.0, 2.0, 4.0]), np.array([False, True]), 0.5).tolist()
    [2.0, -1.0]
    """
    rewards, values = np.asarray(rewards, float), np.asarray(values, float)
    notdone = 1.0 - np.asarray(dones, float)
    return rewards + gamma * notdone * values[1:] - values[:-1]


def gae(rewards, values, dones, gamma, lam):
    """GAE(gamma, lambda): A_t = delta_t + gamma lam (1 - done_t) A_{t+1}, backward, A_T = 0.

    Input: rewards, values, dones (as in td_residuals); gamma; lam.
    Output: the advantage estimates, shape (T,).

    >>> gae(np.array([1.0, 1.0]), np.array([0.0, 2.0, 4.0]), np.array([False, False]), 0.5, 0.5).tolist()
    [2.25, 1.0]
    """
    delta = td_residuals(rewards, values, dones, gamma)
    notdone = 1.0 - np.asarray(dones, float)
    A = np.zeros(len(delta))
    nxt = 0.0
    for t in range(len(delta) - 1, -1, -1):
        nxt = delta[t] + gamma * lam * notdone[t] * nxt
        A[t] = nxt
    return A


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("GAE: exponentially weighted TD residuals")
    T, gamma = 12, 0.9
    rew = rng.normal(size=T)
    vals = rng.normal(size=T + 1)
    dones = np.zeros(T, dtype=bool)
    dones[[4, 8]] = True  # three episodes: steps 0-4, 5-8, 9-11 (the last one cut)

    def seg_end(t):  # last index of t's episode
        e = t
        while e < T - 1 and not dones[e]:
            e += 1
        return e

    delta_ref = np.array(
        [rew[t] + (0.0 if dones[t] else gamma * vals[t + 1]) - vals[t] for t in range(T)]
    )

    with r.case("TD residuals by the definition (no bootstrap across an episode end)") as c:
        c.close(f.td_residuals(rew, vals, dones, gamma), delta_ref, rtol=1e-12)

    with r.case("GAE = explicit sum of (gamma lambda)^l delta_{t+l} within the episode") as c:
        for lam in (0.0, 0.5, 0.95, 1.0):
            ref = [
                sum((gamma * lam) ** (k - t) * delta_ref[k] for k in range(t, seg_end(t) + 1))
                for t in range(T)
            ]
            c.close(f.gae(rew, vals, dones, gamma, lam), ref, rtol=1e-10, atol=1e-12)

    with r.case(
        "lambda = 1: A + V = discounted return (bootstrapped only where the batch is cut)"
    ) as c:
        ret = []
        for t in range(T):
            e = seg_end(t)
            g = sum(gamma ** (k - t) * rew[k] for k in range(t, e + 1))
            if not dones[e]:
                g += gamma ** (e + 1 - t) * vals[e + 1]
            ret.append(g)
        c.close(np.asarray(f.gae(rew, vals, dones, gamma, 1.0)) + vals[:-1], ret, rtol=1e-10)

    with r.case("GAE = (1 - lambda)-weighted average of k-step advantage estimators") as c:
        # one long episode, cut at T: A^(k)_t = sum_{l<k} gamma^l r_{t+l} + gamma^k V_{t+k} - V_t
        nd = np.zeros(T, dtype=bool)
        lam, t = 0.7, 0
        ks = [
            sum(gamma**l * rew[l] for l in range(k)) + gamma**k * vals[k] - vals[0]
            for k in range(1, T + 1)
        ]
        w = [(1 - lam) * lam ** (k - 1) for k in range(1, T)] + [lam ** (T - 1)]
        c.close(f.gae(rew, vals, nd, gamma, lam)[t], np.dot(w, ks), rtol=1e-10)

    with r.case("with the exact V_pi, E[GAE | s, a] = A_pi(s, a) for every lambda") as c:
        S, A, g = 3, 2, 0.8
        P = rng.dirichlet(np.ones(S), size=(S, A))
        R = rng.normal(size=(S, A))
        pi = rng.dirichlet(np.ones(A), size=S)
        P_pi = np.einsum("sa,sat->st", pi, P)
        V = np.linalg.solve(np.eye(S) - g * P_pi, (pi * R).sum(1))
        Adv = R + g * P @ V - V[:, None]
        H, n = 40, 1500
        cumP, cumpi = np.cumsum(P, axis=2), np.cumsum(pi, axis=1)
        s0, a0 = 1, 0
        s, a = np.full(n, s0), np.full(n, a0)
        rs, ss = np.zeros((n, H)), np.zeros((n, H + 1), dtype=int)
        ss[:, 0] = s0
        for t in range(H):  # n trajectories at once
            rs[:, t] = R[s, a]
            s = np.minimum((rng.random(n)[:, None] > cumP[s, a]).sum(1), S - 1)
            a = np.minimum((rng.random(n)[:, None] > cumpi[s]).sum(1), A - 1)
            ss[:, t + 1] = s
        for lam in (0.0, 0.6, 1.0):
            est = np.array(
                [f.gae(rs[i], V[ss[i]], np.zeros(H, dtype=bool), g, lam)[0] for i in range(n)]
            )
            z = (est.mean() - Adv[s0, a0]) / (est.std() / np.sqrt(n) + 1e-12)
            c.true(
                abs(z) < 4,
                f"lambda={lam}: mean {est.mean():.4f} vs A {Adv[s0, a0]:.4f} (z={z:.2f})",
            )
        r.figure("A_pi(1, 0)", float(Adv[s0, a0]))
    return r


if __name__ == "__main__":
    main(run)
