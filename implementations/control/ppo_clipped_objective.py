"""ppo-clipped-objective: PPO's clipped surrogate on a small MDP, with exact expectations.

Follows Schulman et al. (2017), Sec. 3 and Algorithm 1: with the probability ratio
rho(s,a) = pi_theta(a|s) / pi_old(a|s) and the advantage A_old of the policy that collected
the data, PPO maximises L^CLIP = E[min(rho A, clip(rho, 1 - eps, 1 + eps) A)] for several
epochs per batch. Here the expectation is exact, over the discounted occupancy d_old of a
small MDP (Schulman et al. 2015 GAE, Sec. 2, and Sutton & Barto 2e, ch. 13, for the policy
gradient), and the policy is a tabular softmax:
L(theta) = 1/(1 - gamma) sum_s d_old(s) sum_a pi_old(a|s) min(rho A_old, clip(rho) A_old).
Checks: the surrogate against an explicit loop; at theta = theta_old it is 0 and its
gradient equals the exact policy gradient (central finite differences of J by linear
solves); it never exceeds the unclipped surrogate L^CPI, and J(theta) - J(theta_old)
matches L^CPI to second order in the step; the gradient against finite differences of the
loop formula away from the kinks (clipped pairs contribute nothing); and PPO iterations
reach the optimum of a brute-force search over deterministic policies.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.special import softmax as sp_softmax

from implementations._common import Report, main, solution

EXERCISE = ["ppo_surrogate", "ppo_surrogate_grad", "ppo_train"]

DOC_ZH = {
    "ppo_surrogate": """精确的 PPO 截断代理目标。

L(theta) = 1/(1 - gamma) Σ_s d_old(s) Σ_a pi_old(a|s) min(rho A_old, clip(rho, 1-eps, 1+eps) A_old)，
rho = pi_theta / pi_old，pi 为按行 softmax；d_old = (1 - gamma) mu^T (I - gamma P_old)^-1；A_old = q_old - v_old（线性方程求解）。
输入：theta，theta_old，形状 (S, A)；P，形状 (S, A, S)；R，形状 (S, A)；gamma；mu；eps。
输出：浮点数。

>>> P = np.ones((1, 2, 1))
>>> round(ppo_surrogate(np.array([[1.0, 0.0]]), np.zeros((1, 2)), P, np.array([[1.0, 0.0]]), 0.5, np.array([1.0]), 0.2), 6)
0.2
""",
    "ppo_surrogate_grad": """ppo_surrogate 对 theta 的梯度（theta_old、d_old、A_old 固定）。

被截断起作用的 (s, a)（A > 0 且 rho > 1+eps，或 A < 0 且 rho < 1-eps）贡献为 0；其余贡献
w = d_old(s) pi_old(a|s) rho A_old / (1 - gamma) 乘以 grad log pi(a|s) = e_a - pi(.|s)。
输入：同 ppo_surrogate。
输出：形状 (S, A) 的梯度。

>>> P = np.ones((1, 2, 1))
>>> np.round(ppo_surrogate_grad(np.zeros((1, 2)), np.zeros((1, 2)), P, np.array([[1.0, 0.0]]), 0.5, np.array([1.0]), 0.2), 6).tolist()
[[0.5, -0.5]]
""",
    "ppo_train": """PPO：每轮外循环令 theta_old = theta，然后做 epochs 次梯度上升 theta += lr * ppo_surrogate_grad(theta, theta_old, ...)。

输入：P，R，gamma，mu；iters，外循环轮数；epochs；lr；eps。theta 初值为 0（均匀策略）。
输出：(theta，形状 (S, A)；J，形状 (iters + 1,)，每轮开始前和最后的 J = mu · v_pi)。

>>> P = np.ones((1, 2, 1))
>>> th, J = ppo_train(P, np.array([[1.0, 0.0]]), 0.5, np.array([1.0]), 30, 4, 1.0, 0.2)
>>> bool(J[-1] > 1.9), J.shape
(True, (31,))
""",
}

HINTS = {
    "en": (
        "Weight each state by how often the old policy visits it, each action by the ratio of "
        "new to old probability, and stop the incentive once the ratio has moved past "
        "1 +- eps in the direction the advantage favours.",
        "L = sum_s d_old(s) sum_a pi_old(a|s) min(rho A, clip(rho) A) / (1 - gamma). Gradient: "
        "w = d_old pi_old rho A / (1 - gamma), zeroed where the clip binds; then "
        "grad[s] = w[s] - pi[s] * w[s].sum() (the softmax chain rule).",
    ),
    "zh": (
        "按旧策略访问各状态的频率加权，按新旧概率之比给每个动作加权；一旦比率朝优势有利的方向越过 1 ± eps，就不再有继续移动的动力。",
        "L = Σ_s d_old(s) Σ_a pi_old(a|s) min(rho A, clip(rho) A) / (1 - gamma)。梯度：w = d_old pi_old rho A / (1 - gamma)，"
        "截断起作用处置零；然后 grad[s] = w[s] - pi[s] * w[s].sum()（softmax 的链式法则）。",
    ),
}


def _pi(theta):
    z = np.exp(theta - theta.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def _old_stats(theta_old, P, R, gamma, mu):
    pi = _pi(theta_old)
    S = len(mu)
    M = np.eye(S) - gamma * np.einsum("sa,sat->st", pi, P)
    v = np.linalg.solve(M, (pi * R).sum(1))
    A = R + gamma * P @ v - v[:, None]
    d = (1 - gamma) * np.linalg.solve(M.T, mu)
    return pi, d, A


def ppo_surrogate(theta, theta_old, P, R, gamma, mu, eps):
    """Exact PPO clipped surrogate.

    L(theta) = 1/(1 - gamma) sum_s d_old(s) sum_a pi_old(a|s) min(rho A_old, clip(rho,
    1-eps, 1+eps) A_old), rho = pi_theta / pi_old with row-wise softmax policies;
    d_old = (1 - gamma) mu^T (I - gamma P_old)^-1; A_old = q_old - v_old (linear solves).
    Input: theta, theta_old, shape (S, A); P, shape (S, A, S); R, shape (S, A); gamma; mu;
    eps. Output: a float.

    >>> P = np.ones((1, 2, 1))
    >>> round(ppo_surrogate(np.array([[1.0, 0.0]]), np.zeros((1, 2)), P, np.array([[1.0, 0.0]]), 0.5, np.array([1.0]), 0.2), 6)
    0.2
    """
    pi_old, d, A = _old_stats(theta_old, P, R, gamma, mu)
    rho = _pi(theta) / pi_old
    obj = np.minimum(rho * A, np.clip(rho, 1 - eps, 1 + eps) * A)
    return float(np.sum(d[:, None] * pi_old * obj) / (1 - gamma))


def ppo_surrogate_grad(theta, theta_old, P, R, gamma, mu, eps):
    """Gradient of ppo_surrogate with respect to theta (theta_old, d_old and A_old fixed).

    Pairs where the clip binds (A > 0 and rho > 1+eps, or A < 0 and rho < 1-eps) contribute 0;
    the others contribute w = d_old(s) pi_old(a|s) rho A_old / (1 - gamma) times
    grad log pi(a|s) = e_a - pi(.|s). Input: as ppo_surrogate. Output: shape (S, A).

    >>> P = np.ones((1, 2, 1))
    >>> np.round(ppo_surrogate_grad(np.zeros((1, 2)), np.zeros((1, 2)), P, np.array([[1.0, 0.0]]), 0.5, np.array([1.0]), 0.2), 6).tolist()
    [[0.5, -0.5]]
    """
    pi_old, d, A = _old_stats(theta_old, P, R, gamma, mu)
    pi = _pi(theta)
    rho = pi / pi_old
    clipped = ((A > 0) & (rho > 1 + eps)) | ((A < 0) & (rho < 1 - eps))
    w = np.where(clipped, 0.0, d[:, None] * pi_old * rho * A / (1 - gamma))
    return w - pi * w.sum(axis=1, keepdims=True)


def ppo_train(P, R, gamma, mu, iters, epochs, lr, eps):
    """PPO: each outer iteration sets theta_old = theta, then takes `epochs` gradient-ascent
    steps theta += lr * ppo_surrogate_grad(theta, theta_old, ...).

    Input: P, R, gamma, mu; iters, the outer iterations; epochs; lr; eps. theta starts at 0
    (the uniform policy). Output: (theta, shape (S, A); J, shape (iters + 1,), J = mu . v_pi
    before each iteration and at the end).

    >>> P = np.ones((1, 2, 1))
    >>> th, J = ppo_train(P, np.array([[1.0, 0.0]]), 0.5, np.array([1.0]), 30, 4, 1.0, 0.2)
    >>> bool(J[-1] > 1.9), J.shape
    (True, (31,))
    """
    S, A = R.shape
    theta = np.zeros((S, A))

    def J_of(th):
        pi = _pi(th)
        M = np.eye(S) - gamma * np.einsum("sa,sat->st", pi, P)
        return float(mu @ np.linalg.solve(M, (pi * R).sum(1)))

    Js = [J_of(theta)]
    for _ in range(iters):
        old = theta.copy()
        for _ in range(epochs):
            theta = theta + lr * ppo_surrogate_grad(theta, old, P, R, gamma, mu, eps)
        Js.append(J_of(theta))
    return theta, np.array(Js)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("PPO's clipped surrogate on a small MDP")
    S, A, gamma, eps = 4, 3, 0.8, 0.2
    P = rng.dirichlet(np.ones(S) * 0.6, size=(S, A))
    R = rng.normal(size=(S, A))
    mu = rng.dirichlet(np.ones(S))
    th_old = rng.normal(size=(S, A))

    # independent references: loops and numpy.linalg.solve, scipy's softmax
    def ref_stats(th):
        pi = sp_softmax(th, axis=1)
        M = np.array(
            [[sum(pi[s, a] * P[s, a, t] for a in range(A)) for t in range(S)] for s in range(S)]
        )
        v = np.linalg.solve(np.eye(S) - gamma * M, (pi * R).sum(1))
        q = np.array([[R[s, a] + gamma * P[s, a] @ v for a in range(A)] for s in range(S)])
        d = (1 - gamma) * np.linalg.solve((np.eye(S) - gamma * M).T, mu)
        return pi, v, q - v[:, None], d

    def J(th):
        pi, v, _, _ = ref_stats(th)
        return float(mu @ v)

    pi_o, _, A_o, d_o = ref_stats(th_old)

    def ref_L(th, clip=True):
        pi = sp_softmax(th, axis=1)
        tot = 0.0
        for s in range(S):
            for a in range(A):
                rho = pi[s, a] / pi_o[s, a]
                term = rho * A_o[s, a]
                if clip:
                    term = min(term, float(np.clip(rho, 1 - eps, 1 + eps)) * A_o[s, a])
                tot += d_o[s] * pi_o[s, a] * term
        return tot / (1 - gamma)

    def fd(fun, th, h=1e-6):
        g = np.zeros_like(th)
        for s in range(S):
            for a in range(A):
                e = np.zeros_like(th)
                e[s, a] = h
                g[s, a] = (fun(th + e) - fun(th - e)) / (2 * h)
        return g

    with r.case("surrogate = explicit loop formula") as c:
        for scale in (0.1, 0.5, 2.0):
            th = th_old + scale * rng.normal(size=(S, A))
            c.close(
                f.ppo_surrogate(th, th_old, P, R, gamma, mu, eps), ref_L(th), rtol=1e-9, atol=1e-12
            )

    with r.case("at theta_old: L = 0 and grad L = grad J (policy gradient)") as c:
        c.close(f.ppo_surrogate(th_old, th_old, P, R, gamma, mu, eps), 0.0, atol=1e-10)
        g = np.asarray(f.ppo_surrogate_grad(th_old, th_old, P, R, gamma, mu, eps))
        c.close(g, fd(J, th_old), rtol=1e-5, atol=1e-8)

    with r.case("L^CLIP <= L^CPI; J - J_old = L^CPI + O(step^2)") as c:
        for _ in range(5):
            th = th_old + rng.normal(size=(S, A))
            c.true(
                f.ppo_surrogate(th, th_old, P, R, gamma, mu, eps) <= ref_L(th, clip=False) + 1e-12
            )
        u = rng.normal(size=(S, A))
        errs = []
        for h in (0.02, 0.01):
            th = th_old + h * u
            big = 10.0  # eps large: nothing clipped, so the surrogate is L^CPI
            errs.append(abs(J(th) - J(th_old) - f.ppo_surrogate(th, th_old, P, R, gamma, mu, big)))
        r.figure("|J - J_old - L^CPI| at h = 0.02, 0.01", errs)
        c.close(errs[0] / errs[1], 4.0, rtol=0.1)

    with r.case("gradient = finite differences of the loop formula (clipped pairs give 0)") as c:
        th = th_old + 0.6 * rng.normal(size=(S, A))
        pi = sp_softmax(th, axis=1)
        rho = pi / pi_o
        far = np.all(np.abs(rho - (1 + eps)) > 1e-3) and np.all(np.abs(rho - (1 - eps)) > 1e-3)
        n_clip = int(np.sum(((A_o > 0) & (rho > 1 + eps)) | ((A_o < 0) & (rho < 1 - eps))))
        r.figure("clipped pairs at the test point", n_clip)
        c.true(bool(far) and n_clip > 0, "a test point with clipped pairs, away from the kinks")
        g = np.asarray(f.ppo_surrogate_grad(th, th_old, P, R, gamma, mu, eps))
        c.close(g, fd(ref_L, th), rtol=1e-5, atol=1e-8)

    with r.case("PPO iterations reach the brute-force optimum") as c:

        def v_det(pol):
            return np.linalg.solve(np.eye(S) - gamma * P[np.arange(S), pol], R[np.arange(S), pol])

        J_star = float(max(mu @ v_det(np.array(k)) for k in itertools.product(range(A), repeat=S)))
        th, Js = f.ppo_train(P, R, gamma, mu, 60, epochs=4, lr=2.0, eps=eps)
        Js = np.asarray(Js)
        r.figure(
            "J: start, after 10, final, optimum",
            [float(Js[0]), float(Js[10]), float(Js[-1]), float(J_star)],
        )
        c.close(Js[0], J(np.zeros((S, A))), rtol=1e-9)
        c.close(Js[-1], J(np.asarray(th)), rtol=1e-9)
        c.true(J_star - Js[-1] < 0.01 * (J_star - Js[0]), f"gap {J_star - Js[-1]:.2e}")
        c.true(
            bool(np.sum(np.diff(Js) > -1e-9) >= 0.9 * (len(Js) - 1)),
            "J rises at almost every iteration",
        )
    return r


if __name__ == "__main__":
    main(run)
