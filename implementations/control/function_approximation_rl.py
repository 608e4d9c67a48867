"""function-approximation-rl: linear semi-gradient TD(0) and its fixed point.

Follows Sutton & Barto, Reinforcement Learning 2e, ch. 9 (On-policy Prediction with
Approximation): v(s, w) = phi(s)^T w, the semi-gradient TD(0) update
w <- w + alpha [R + gamma phi(S')^T w - phi(S)^T w] phi(S), and its TD fixed point
w_TD = A^-1 b with A = Phi^T D (Phi - gamma P Phi), b = Phi^T D r (Sec. 9.4), whose error is within
a factor 1/(1 - gamma) of the best linear fit (checked here in the D-weighted norm). The
learner writes the update, the fixed point, and a sampled run on a Markov chain. Checks: the
update by hand; w_TD solves the projected Bellman equation Phi w = Pi (r + gamma P Phi w) with
Pi the D-weighted least-squares projection (numpy.linalg.lstsq); tabular features recover
v_pi exactly (a linear solve); the error bound against the best linear fit; the averaged
iterates of sampled semi-gradient TD land near w_TD (and not at the least-squares fit
of v_pi, which differs); and iterating the expected update converges to w_TD.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["semi_gradient_td0_update", "td_fixed_point", "semi_gradient_td0"]

DOC_ZH = {
    "semi_gradient_td0_update": """线性半梯度 TD(0) 更新：w += alpha (r + gamma phi'·w - phi·w) phi；done 时不自举（phi'·w 取 0）。

输入：w，形状 (d,)；phi，phi_next，形状 (d,) 的特征；r；done；alpha；gamma。
输出：新的 w（新数组）。

>>> semi_gradient_td0_update(np.zeros(2), np.array([1.0, 0.0]), np.array([0.0, 1.0]), 2.0, False, 0.5, 0.9).tolist()
[1.0, 0.0]
""",
    "td_fixed_point": """TD 不动点 w_TD = A^-1 b，A = Phi^T D (Phi - gamma P Phi)，b = Phi^T D r，D = diag(d)。

输入：Phi，形状 (S, d)；P，形状 (S, S) 的马尔可夫链转移矩阵；r，形状 (S,) 的期望奖励；gamma；d，形状 (S,) 的状态分布。
输出：形状 (d,) 的 w_TD。

>>> np.round(td_fixed_point(np.eye(2), np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([1.0, 0.0]), 0.5, np.array([0.5, 0.5])), 6).tolist()
[1.333333, 0.666667]
""",
    "semi_gradient_td0": """在马尔可夫链上运行线性半梯度 TD(0)，返回迭代的平均值（Polyak 平均，消除常数步长的噪声）。

从状态 s0 开始，每步：s' = searchsorted(cumsum(P[s]), rng.random(), side='right')；奖励 r[s]；用 semi_gradient_td0_update 更新 w（done=False）；
累加 w 求平均；s = s'。w 初值为 0。
输入：Phi，形状 (S, d)；P，形状 (S, S)；r，形状 (S,)；gamma；alpha；n_steps；rng；s0。
输出：形状 (d,) 的平均 w。

>>> w = semi_gradient_td0(np.ones((1, 1)), np.ones((1, 1)), np.array([1.0]), 0.5, 0.1, 2000, np.random.default_rng(0))
>>> round(float(w[0]), 1)
2.0
""",
}

HINTS = {
    "en": (
        "Treat the bootstrapped target as a constant and take a gradient step on the squared "
        "error of the current state's estimate: that is why it is only a semi-gradient.",
        "delta = r + gamma phi' . w - phi . w; w += alpha delta phi. In expectation the update "
        "is alpha (b - A w), so it settles where A w = b: A = Phi^T D (I - gamma P) Phi, "
        "b = Phi^T D r.",
    ),
    "zh": (
        "把自举的目标当成常数，对当前状态估计的平方误差做梯度步：所以它只是“半梯度”。",
        "delta = r + gamma phi' · w - phi · w；w += alpha delta phi。取期望后更新量是 alpha (b - A w)，"
        "所以它停在 A w = b 处：A = Phi^T D (I - gamma P) Phi，b = Phi^T D r。",
    ),
}


def semi_gradient_td0_update(w, phi, phi_next, r, done, alpha, gamma):
    """Linear semi-gradient TD(0): w += alpha (r + gamma phi'.w - phi.w) phi; done: no bootstrap.

    Input: w, shape (d,); phi, phi_next, features of shape (d,); r; done; alpha; gamma.
    Output: the new w (a new array).

    >>> semi_gradient_td0_update(np.zeros(2), np.array([1.0, 0.0]), np.array([0.0, 1.0]), 2.0, False, 0.5, 0.9).tolist()
    [1.0, 0.0]
    """
    w = np.array(w, dtype=float)
    v_next = 0.0 if done else phi_next @ w
    return w + alpha * (r + gamma * v_next - phi @ w) * phi


def td_fixed_point(Phi, P, r, gamma, d):
    """TD fixed point w_TD = A^-1 b, A = Phi^T D (Phi - gamma P Phi), b = Phi^T D r, D = diag(d).

    Input: Phi, shape (S, d); P, shape (S, S), the chain's transition matrix; r, shape (S,),
    the expected rewards; gamma; d, shape (S,), the state weighting. Output: w_TD, shape (d,).

    >>> np.round(td_fixed_point(np.eye(2), np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([1.0, 0.0]), 0.5, np.array([0.5, 0.5])), 6).tolist()
    [1.333333, 0.666667]
    """
    D = np.diag(d)
    A = Phi.T @ D @ (Phi - gamma * P @ Phi)
    return np.linalg.solve(A, Phi.T @ D @ r)


def semi_gradient_td0(Phi, P, r, gamma, alpha, n_steps, rng, s0=0):
    """Linear semi-gradient TD(0) on a Markov chain; returns the average of the iterates.

    From state s0, each step: s' = searchsorted(cumsum(P[s]), rng.random(), side='right');
    reward r[s]; update w with semi_gradient_td0_update (done=False); accumulate w for the
    average; s = s'. w starts at 0. (Polyak averaging removes the constant-step noise.)
    Input: Phi, shape (S, d); P, shape (S, S); r, shape (S,); gamma; alpha; n_steps; rng;
    s0. Output: the averaged w, shape (d,).

    >>> w = semi_gradient_td0(np.ones((1, 1)), np.ones((1, 1)), np.array([1.0]), 0.5, 0.1, 2000, np.random.default_rng(0))
    >>> round(float(w[0]), 1)
    2.0
    """
    S, k = Phi.shape
    cum = np.cumsum(P, axis=1)
    w, acc = np.zeros(k), np.zeros(k)
    s = s0
    for _ in range(n_steps):
        sn = min(int(np.searchsorted(cum[s], rng.random(), side="right")), S - 1)
        w = semi_gradient_td0_update(w, Phi[s], Phi[sn], r[s], False, alpha, gamma)
        acc += w
        s = sn
    return acc / n_steps


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Linear semi-gradient TD(0) and the TD fixed point")
    S, k, gamma = 8, 3, 0.8
    P = rng.dirichlet(np.ones(S) * 0.5, size=S)
    rew = rng.normal(size=S)
    Phi = rng.normal(size=(S, k))
    evals, evecs = np.linalg.eig(P.T)  # stationary distribution of the chain
    d = np.real(evecs[:, np.argmin(np.abs(evals - 1))])
    d = d / d.sum()
    v = np.linalg.solve(np.eye(S) - gamma * P, rew)
    sqD = np.sqrt(d)

    def ve(x):  # ||x - v||_D
        return float(np.sqrt(np.sum(d * (x - v) ** 2)))

    with r.case("update by hand (and no bootstrap when done)") as c:
        w = np.array([1.0, -1.0])
        p1, p2 = np.array([1.0, 2.0]), np.array([0.5, 0.0])
        # v(s) = -1, v(s') = 0.5; delta = 1 + 0.9 * 0.5 + 1 = 2.45
        c.close(
            f.semi_gradient_td0_update(w, p1, p2, 1.0, False, 0.1, 0.9), w + 0.245 * p1, rtol=1e-12
        )
        c.close(
            f.semi_gradient_td0_update(w, p1, p2, 1.0, True, 0.1, 0.9), w + 0.2 * p1, rtol=1e-12
        )
        c.close(w, [1.0, -1.0], rtol=0)

    with r.case("w_TD solves the projected Bellman equation (lstsq projection)") as c:
        wtd = np.asarray(f.td_fixed_point(Phi, P, rew, gamma, d))
        target = rew + gamma * P @ Phi @ wtd
        proj = np.linalg.lstsq(sqD[:, None] * Phi, sqD * target, rcond=None)[0]
        c.close(wtd, proj, rtol=1e-9, atol=1e-12)

    with r.case("tabular features recover v_pi exactly") as c:
        c.close(f.td_fixed_point(np.eye(S), P, rew, gamma, d), v, rtol=1e-9)
        c.close(f.td_fixed_point(np.eye(S), P, rew, gamma, np.full(S, 1 / S)), v, rtol=1e-9)

    with r.case("error bound: ||Phi w_TD - v||_D <= 1/(1-gamma) min_w ||Phi w - v||_D") as c:
        wtd = np.asarray(f.td_fixed_point(Phi, P, rew, gamma, d))
        wls = np.linalg.lstsq(sqD[:, None] * Phi, sqD * v, rcond=None)[0]
        e_td, e_ls = ve(Phi @ wtd), ve(Phi @ wls)
        r.figure("VE^(1/2) at w_TD, best fit", [e_td, e_ls])
        c.true(
            e_ls <= e_td + 1e-12 <= e_ls / (1 - gamma) + 1e-12,
            f"{e_ls:.4f} <= {e_td:.4f} <= {e_ls / (1 - gamma):.4f}",
        )
        c.true(e_td > e_ls * 1.001, "TD's fixed point is not the least-squares fit")

    with r.case("expected updates w += alpha (b - A w) converge to w_TD") as c:
        wtd = np.asarray(f.td_fixed_point(Phi, P, rew, gamma, d))
        w = np.zeros(k)
        PPhi = P @ Phi
        for _ in range(20000):  # the expected update: the TD error of each state, weighted by d
            w = w + 0.05 * Phi.T @ (d * (rew + gamma * PPhi @ w - Phi @ w))
        c.close(w, wtd, rtol=1e-6, atol=1e-9)

    with r.case("sampled semi-gradient TD(0), averaged, lands near w_TD") as c:
        wtd = np.asarray(f.td_fixed_point(Phi, P, rew, gamma, d))
        wbar = np.asarray(
            f.semi_gradient_td0(Phi, P, rew, gamma, 0.01, 30000, np.random.default_rng(1))
        )
        wls = np.linalg.lstsq(sqD[:, None] * Phi, sqD * v, rcond=None)[0]
        err_td, err_ls = ve(Phi @ wbar - Phi @ wtd + v), ve(Phi @ wbar - Phi @ wls + v)
        r.figure("||Phi (wbar - w_TD)||_D, ||Phi (wbar - w_LS)||_D", [err_td, err_ls])
        c.true(err_td < 0.25 * ve(Phi @ wls - Phi @ wtd + v), f"{err_td:.4f}")
        c.true(err_td < err_ls, "closer to w_TD than to the least-squares fit")
    return r


if __name__ == "__main__":
    main(run)
