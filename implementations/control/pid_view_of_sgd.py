"""pid-view-of-sgd: SGD-momentum as a PI controller on the gradient, and An et al.'s PID optimizer.

Follows An et al., "A PID Controller Approach for Stochastic Optimization of Deep
Networks" (CVPR 2018): with V[t+1] = a V[t] - r g[t], th[t+1] = th[t] + V[t+1], the
step is -r g[t] (P: present gradient) - r sum_{i<t} a^(t-i) g[i] (I: decayed sum of
past gradients); they add a D term, a smoothed gradient difference
D[t+1] = a D[t] + (1-a)(g[t] - g[t-1]), to cut momentum's overshoot. Sign convention
here: the error signal is -g, so the D term enters as -Kd D. The learner writes the
optimizer and its 4x4 iteration matrix on a quadratic. Checks: Kd = 0 reproduces
SGD-momentum exactly (noisy gradients); the P + I decomposition reproduces every update;
the matrix equals the one built column by column from single reference steps and
reproduces the iterates; the decay rate fitted from the iterates equals the modulus of
its oscillating poles; the D term cuts the overshoot; rho > 1 predicts divergence for a
too-large Kd.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["pid_opt", "iteration_matrix"]

DOC_ZH = {
    "pid_opt": """An 等人的 PID 优化器：V <- a V - r g，D <- a D + (1-a)(g - g_prev)，th <- th + V - Kd D。

g = grad(th) + noise[t]（noise 为 None 时没有噪声）；第一步取 g_prev = g（所以 D[1] = 0），V、D 从 0 开始。
输入：grad，梯度函数；th0，起点；r，学习率；a，动量系数；Kd，微分增益；T，步数；noise，形状 (T,) + th0.shape 或 None。
输出：(ths，形状 (T+1,) + th0.shape，第 0 行是 th0；gs，形状 (T,) + th0.shape，每步用到的梯度)。

>>> ths, gs = pid_opt(lambda th: th, np.array([1.0]), 0.5, 0.5, 1.0, 2)
>>> ths.tolist(), gs.tolist()
([[1.0], [0.5], [0.25]], [[1.0], [0.5]])
""",
    "iteration_matrix": """在 f = lam th^2 / 2 上（g = lam th），PID 优化器是线性映射 s <- M s，状态 s = [th, V, D, th_prev]。

输入：lam，曲率；r、a、Kd，优化器参数。
输出：形状 (4, 4) 的数组 M；从 s0 = [th0, 0, 0, th0] 出发，M^t s0 的第一个分量就是 th[t]。

>>> iteration_matrix(1.0, 0.5, 0.5, 0.0).tolist()
[[0.5, 0.5, -0.0, 0.0], [-0.5, 0.5, 0.0, 0.0], [0.5, 0.0, 0.5, -0.5], [1.0, 0.0, 0.0, 0.0]]
""",
}

HINTS = {
    "en": (
        "Write each update as a linear function of the previous state; the gradient of a "
        "quadratic is linear in th, and the previous gradient needs the previous th.",
        "With g = lam th and g_prev = lam th_prev: V' = a V - r lam th, D' = a D + (1-a) lam "
        "(th - th_prev), th' = th + V' - Kd D', th_prev' = th. Substitute V' and D' into th' "
        "to get the first row of M.",
    ),
    "zh": (
        "把每个更新写成前一状态的线性函数；二次函数的梯度对 th 是线性的，而上一步的梯度需要上一步的 th。",
        "令 g = lam th、g_prev = lam th_prev：V' = a V - r lam th，D' = a D + (1-a) lam (th - th_prev)，"
        "th' = th + V' - Kd D'，th_prev' = th。把 V' 和 D' 代入 th' 就得到 M 的第一行。",
    ),
}


def pid_opt(grad, th0, r, a, Kd, T, noise=None):
    """An et al.'s PID optimizer: V <- a V - r g, D <- a D + (1-a)(g - g_prev), th <- th + V - Kd D.

    g = grad(th) + noise[t] (no noise when noise is None); g_prev = g at the first step
    (so D[1] = 0); V and D start at 0. Input: grad; th0, the start; r, the learning rate;
    a, the momentum; Kd, the derivative gain; T, the steps; noise, shape (T,) + th0.shape
    or None. Output: (ths, shape (T+1,) + th0.shape, row 0 = th0; gs, shape (T,) +
    th0.shape, the gradients used).

    >>> ths, gs = pid_opt(lambda th: th, np.array([1.0]), 0.5, 0.5, 1.0, 2)
    >>> ths.tolist(), gs.tolist()
    ([[1.0], [0.5], [0.25]], [[1.0], [0.5]])
    """
    th = np.asarray(th0, dtype=float)
    V, D, gp = np.zeros_like(th), np.zeros_like(th), None
    ths, gs = [th], []
    for t in range(T):
        g = grad(th) + (0 if noise is None else noise[t])
        gp = g if gp is None else gp  # D[1] = 0
        V = a * V - r * g
        D = a * D + (1 - a) * (g - gp)
        gp = g
        th = th + V - Kd * D
        ths.append(th)
        gs.append(g)
    return np.array(ths), np.array(gs)


def iteration_matrix(lam, r, a, Kd):
    """On f = lam th^2 / 2 (g = lam th) the PID optimizer is s <- M s with s = [th, V, D, th_prev].

    Input: lam, the curvature; r, a, Kd, the optimizer's parameters. Output: M, shape
    (4, 4); from s0 = [th0, 0, 0, th0] the first entry of M^t s0 is th[t].

    >>> iteration_matrix(1.0, 0.5, 0.5, 0.0).tolist()
    [[0.5, 0.5, -0.0, 0.0], [-0.5, 0.5, 0.0, 0.0], [0.5, 0.0, 0.5, -0.5], [1.0, 0.0, 0.0, 0.0]]
    """
    dth = [1 - r * lam - Kd * (1 - a) * lam, a, -Kd * a, Kd * (1 - a) * lam]
    return np.array([dth, [-r * lam, a, 0, 0], [(1 - a) * lam, 0, a, -(1 - a) * lam], [1, 0, 0, 0]])


def _step(s, lam, r, a, Kd):
    """Reference: one optimizer step on the state [th, V, D, th_prev]."""
    th, V, D, thp = s
    V = a * V - r * lam * th
    D = a * D + (1 - a) * (lam * th - lam * thp)
    return np.array([th + V - Kd * D, V, D, th])


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    rep = Report("PID view of SGD: momentum = PI, plus a derivative term")
    lam = np.array([0.5, 1.0, 4.0])
    grad = lambda th: lam * th
    th0, r, a, T = np.ones(3), 0.05, 0.9, 200
    noise = 0.1 * rng.normal(size=(T, 3))

    with rep.case("PID optimizer with Kd = 0 = SGD-momentum") as c:
        X, _ = f.pid_opt(grad, th0, r, a, 0.0, T, noise)
        th, V, ref = th0.copy(), np.zeros(3), [th0.copy()]
        for t in range(T):
            V = a * V - r * (grad(th) + noise[t])
            th = th + V
            ref.append(th.copy())
        c.close(X, np.array(ref), rtol=1e-12, atol=1e-15)

    with rep.case("step = -r g_t - r sum_{i<t} a^(t-i) g_i  (P + I)") as c:
        X, gs = f.pid_opt(grad, th0, r, a, 0.0, T, noise)
        gs = np.asarray(gs)
        c.close(gs, lam * np.asarray(X)[:-1] + noise, rtol=1e-12, atol=1e-15)
        I_term = np.array(
            [
                -r * sum(a ** (t - i) * gs[i] for i in range(t)) if t else np.zeros(3)
                for t in range(T)
            ]
        )
        c.close(np.diff(X, axis=0), -r * gs + I_term, rtol=1e-10, atol=1e-13)

    with rep.case("D term: hand-computed first steps and noisy run") as c:
        # lam = 1, r = 0.1, a = 0.5, Kd = 2, th0 = 1: th1 = 0.9 (D1 = 0);
        # g1 = 0.9: V2 = -0.05 - 0.09 = -0.14, D2 = 0.5 (0.9 - 1) = -0.05, th2 = 0.9 - 0.14 + 0.1
        X, _ = f.pid_opt(lambda th: th, np.array([1.0]), 0.1, 0.5, 2.0, 2)
        c.close(np.asarray(X)[:, 0], [1.0, 0.9, 0.86], rtol=1e-12)
        Xn, _ = f.pid_opt(
            lambda th: th, np.array([0.0]), 0.1, 0.5, 2.0, 2, np.array([[1.0], [0.0]])
        )
        # g0 = 1 (noise): V1 = -0.1, th1 = -0.1; g1 = -0.1: V2 = -0.04, D2 = -0.55, th2 = 0.96
        c.close(np.asarray(Xn)[:, 0], [0.0, -0.1, 0.96], rtol=1e-12, atol=1e-15)

    with rep.case("iteration matrix = single reference steps, column by column") as c:
        for lam_, Kd in ((1.0, 0.0), (2.5, 2.0), (0.3, 7.0)):
            M_ref = np.column_stack([_step(e, lam_, r, a, Kd) for e in np.eye(4)])
            c.close(f.iteration_matrix(lam_, r, a, Kd), M_ref, rtol=1e-12, atol=1e-15)

    rows = []
    with rep.case("the 4x4 iteration matrix reproduces the optimizer") as c:
        for Kd in (0.0, 2.0):
            M = np.asarray(f.iteration_matrix(1.0, r, a, Kd))
            X, _ = f.pid_opt(lambda th: 1.0 * th, np.ones(1), r, a, Kd, 200)
            s_, traj = np.array([1.0, 0.0, 0.0, 1.0]), [1.0]
            for _ in range(200):
                s_ = M @ s_
                traj.append(s_[0])
            c.close(np.asarray(X)[:, 0], traj, rtol=1e-9, atol=1e-14)

    with rep.case("decay rate fitted from the iterates = modulus of the oscillating poles") as c:
        for Kd in (0.0, 2.0):
            lam_M = np.linalg.eigvals(np.asarray(f.iteration_matrix(1.0, r, a, Kd)))
            osc = np.abs(lam_M[np.abs(lam_M.imag) > 1e-9]).max()
            X, _ = f.pid_opt(lambda th: 1.0 * th, np.ones(1), r, a, Kd, 200)
            x = np.asarray(X)[50:150, 0]
            # a damped oscillation x[k+2] = p x[k+1] + q x[k] has |z|^2 = -q
            p_, q_ = np.linalg.lstsq(np.c_[x[1:-1], x[:-2]], x[2:], rcond=None)[0]
            c.close(np.sqrt(-q_), osc, rtol=1e-6)
            rows.append([Kd, round(float(-np.asarray(X)[:, 0].min()), 4), round(float(osc), 5)])
        rep.figure("Kd, overshoot below 0, |oscillating pole|", rows)

    with rep.case("the D term reduces the overshoot of momentum") as c:
        X0, _ = f.pid_opt(lambda th: 1.0 * th, np.ones(1), r, a, 0.0, 200)
        X2, _ = f.pid_opt(lambda th: 1.0 * th, np.ones(1), r, a, 2.0, 200)
        c.true(-np.min(X2) < 0.25 * -np.min(X0), f"{-np.min(X2):.4f} vs {-np.min(X0):.4f}")

    with rep.case("Kd = 20: rho > 1 and the iterates blow up") as c:
        rho_big = np.abs(np.linalg.eigvals(np.asarray(f.iteration_matrix(1.0, r, a, 20.0)))).max()
        Xb, _ = f.pid_opt(lambda th: 1.0 * th, np.ones(1), r, a, 20.0, 300)
        rep.figure("Kd = 20: spectral radius", float(rho_big))
        c.true(rho_big > 1 and abs(np.asarray(Xb)[-1, 0]) > 1e6, f"rho = {rho_big:.4f}")
    return rep


if __name__ == "__main__":
    main(run)
