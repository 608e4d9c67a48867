"""td-lambda-eligibility-traces: the lambda-return (forward view) and TD(lambda) with traces.

Follows Sutton & Barto, Reinforcement Learning 2e, ch. 12 (Eligibility Traces): the
lambda-return G^lambda_t = (1 - lambda) sum_n lambda^(n-1) G_{t:t+n} + lambda^(T-t-1) G_t,
and TD(lambda) with accumulating traces z <- gamma lambda z + e_s, V <- V + alpha delta z
(the backward view); and ch. 7 (n-step returns). The learner computes lambda-returns by the
recursion G^lambda_t = r_{t+1} + gamma [(1 - lambda) V(s_{t+1}) + lambda G^lambda_{t+1}],
and runs one episode of tabular TD(lambda), offline (increments summed, applied at the end)
or online. Checks: the recursion against the explicit weighted sum of n-step returns;
lambda = 0 gives the one-step TD target and lambda = 1 the Monte Carlo return; offline
backward-view TD(lambda) equals the offline lambda-return (forward-view) update exactly,
for several lambdas and with revisited states; lambda = 0 online equals TD(0) step by step;
the online and offline versions differ only to second order in alpha.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["lambda_returns", "td_lambda_episode"]

DOC_ZH = {
    "lambda_returns": """一个回合的 lambda-回报，用递推 G_t = r_{t+1} + gamma [(1 - lambda) V(s_{t+1}) + lambda G_{t+1}] 从后往前算。

回合在最后一步之后终止：终止状态的价值为 0，最后一步的 lambda-回报就是 r_T。
输入：states，长度 T 的状态序列 s_0 … s_{T-1}；rewards，长度 T，rewards[t] = r_{t+1}；V，形状 (S,)；gamma；lam。
输出：形状 (T,) 的 G^lambda。

>>> lambda_returns([0, 1], [1.0, 2.0], np.array([0.0, 4.0]), 1.0, 0.5).tolist()
[4.0, 2.0]
""",
    "td_lambda_episode": """表格型 TD(lambda)（累积迹）处理一个回合。

每一步：delta = r + gamma V(s') - V(s)（终止时 V(s') = 0）；z *= gamma lam；z[s] += 1；增量为 alpha delta z。
online=False 时，V 在整个回合中保持不变，增量累加后在回合结束时一次性加上（离线）；online=True 时每步立即更新 V。
输入：V，形状 (S,)；states；rewards（格式同 lambda_returns）；alpha；gamma；lam；online。
输出：新的 V。

>>> td_lambda_episode(np.zeros(2), [0, 1], [0.0, 1.0], 0.5, 1.0, 1.0).tolist()
[0.5, 0.5]
""",
}

HINTS = {
    "en": (
        "The lambda-return mixes all n-step returns with weights (1 - lambda) lambda^(n-1); "
        "eligibility traces deliver the same credit backward, one TD error at a time.",
        "Backward recursion: G[T-1] = r[T-1]; G[t] = r[t] + gamma ((1 - lam) V[s[t+1]] + lam "
        "G[t+1]). TD(lambda): z = gamma lam z; z[s] += 1; dV += alpha delta z, applied at the "
        "end (offline) or at once (online).",
    ),
    "zh": (
        "lambda-回报按权重 (1 - lambda) lambda^(n-1) 混合所有 n 步回报；资格迹把同样的功劳一次一个 TD 误差地向后分配。",
        "从后往前：G[T-1] = r[T-1]；G[t] = r[t] + gamma ((1 - lam) V[s[t+1]] + lam G[t+1])。"
        "TD(lambda)：z = gamma lam z；z[s] += 1；dV += alpha delta z，回合末（离线）或立即（在线）加到 V 上。",
    ),
}


def lambda_returns(states, rewards, V, gamma, lam):
    """lambda-returns of one episode by G_t = r_{t+1} + gamma [(1 - lambda) V(s_{t+1}) + lambda G_{t+1}].

    The episode terminates after its last step: the terminal value is 0, so the last
    lambda-return is r_T. Input: states, the T states s_0 ... s_{T-1}; rewards, length T,
    rewards[t] = r_{t+1}; V, shape (S,); gamma; lam. Output: G^lambda, shape (T,).

    >>> lambda_returns([0, 1], [1.0, 2.0], np.array([0.0, 4.0]), 1.0, 0.5).tolist()
    [4.0, 2.0]
    """
    T = len(states)
    G = np.zeros(T)
    g = 0.0  # the lambda-return after the terminal step
    for t in range(T - 1, -1, -1):
        v_next = V[states[t + 1]] if t + 1 < T else 0.0
        g = rewards[t] + gamma * ((1 - lam) * v_next + lam * g)
        G[t] = g
    return G


def td_lambda_episode(V, states, rewards, alpha, gamma, lam, online=False):
    """Tabular TD(lambda) with accumulating traces over one episode.

    Each step: delta = r + gamma V(s') - V(s) (V(s') = 0 at the end); z *= gamma lam;
    z[s] += 1; the increment is alpha delta z. With online=False V is held fixed during the
    episode and the summed increments are added at the end (offline); with online=True V is
    updated at every step. Input: V, shape (S,); states; rewards (as in lambda_returns);
    alpha; gamma; lam; online. Output: the new V.

    >>> td_lambda_episode(np.zeros(2), [0, 1], [0.0, 1.0], 0.5, 1.0, 1.0).tolist()
    [0.5, 0.5]
    """
    V = np.array(V, dtype=float)
    W = V.copy()  # the values used for TD errors
    z, dV = np.zeros_like(V), np.zeros_like(V)
    T = len(states)
    for t in range(T):
        s = states[t]
        v_next = W[states[t + 1]] if t + 1 < T else 0.0
        delta = rewards[t] + gamma * v_next - W[s]
        z *= gamma * lam
        z[s] += 1.0
        if online:
            W += alpha * delta * z
        else:
            dV += alpha * delta * z
    return W if online else V + dV


def _n_step(states, rewards, V, gamma, t, n):
    T = len(states)
    end = min(t + n, T)
    G = sum(gamma ** (k - t) * rewards[k] for k in range(t, end))
    if t + n < T:
        G += gamma**n * V[states[t + n]]
    return G


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("TD(lambda): lambda-returns and eligibility traces")
    S, T = 4, 9
    states = list(rng.integers(S, size=T))  # revisits on purpose
    rewards = list(rng.normal(size=T))
    V = rng.normal(size=S)
    gamma = 0.9

    with r.case("recursion = explicit weighted sum of n-step returns") as c:
        for lam in (0.3, 0.8):
            ref = []
            for t in range(T):
                w = [(1 - lam) * lam ** (n - 1) for n in range(1, T - t)]
                g = sum(wi * _n_step(states, rewards, V, gamma, t, n) for n, wi in enumerate(w, 1))
                g += lam ** (T - t - 1) * _n_step(states, rewards, V, gamma, t, T)
                ref.append(g)
            c.close(f.lambda_returns(states, rewards, V, gamma, lam), ref, rtol=1e-10)

    with r.case("lambda = 0: one-step target; lambda = 1: Monte Carlo return") as c:
        one = [rewards[t] + (gamma * V[states[t + 1]] if t + 1 < T else 0.0) for t in range(T)]
        c.close(f.lambda_returns(states, rewards, V, gamma, 0.0), one, rtol=1e-12)
        mc = [sum(gamma ** (k - t) * rewards[k] for k in range(t, T)) for t in range(T)]
        c.close(f.lambda_returns(states, rewards, V, gamma, 1.0), mc, rtol=1e-12)

    with r.case("offline TD(lambda) = offline lambda-return algorithm (forward = backward)") as c:
        alpha = 0.1
        for lam in (0.0, 0.5, 0.9, 1.0):
            G = np.asarray(f.lambda_returns(states, rewards, V, gamma, lam))
            fwd = V.copy()
            for t in range(T):
                fwd[states[t]] += alpha * (G[t] - V[states[t]])
            c.close(f.td_lambda_episode(V, states, rewards, alpha, gamma, lam), fwd, rtol=1e-10)

    with r.case("online TD(0) = step-by-step TD(0) updates") as c:
        W = V.copy()
        for t in range(T):
            v_next = W[states[t + 1]] if t + 1 < T else 0.0
            W[states[t]] += 0.2 * (rewards[t] + gamma * v_next - W[states[t]])
        c.close(
            f.td_lambda_episode(V, states, rewards, 0.2, gamma, 0.0, online=True), W, rtol=1e-12
        )

    with r.case("online vs offline differ only to second order in alpha") as c:
        lam = 0.7
        gaps = []
        for alpha in (0.02, 0.01):
            on = np.asarray(f.td_lambda_episode(V, states, rewards, alpha, gamma, lam, online=True))
            off = np.asarray(f.td_lambda_episode(V, states, rewards, alpha, gamma, lam))
            gaps.append(np.abs(on - off).max())
        r.figure("|online - offline| at alpha = 0.02, 0.01", [float(g) for g in gaps])
        c.true(gaps[0] > 0, "online really updates within the episode")
        c.close(gaps[0] / gaps[1], 4.0, rtol=0.1)
        c.close(np.asarray(V), V, rtol=0)
    return r


if __name__ == "__main__":
    main(run)
