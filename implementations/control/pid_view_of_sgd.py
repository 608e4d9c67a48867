"""pid-view-of-sgd: SGD-momentum as a PI controller on the gradient, and An et al.'s PID optimizer.

Follows An et al., "A PID Controller Approach for Stochastic Optimization of Deep
Networks" (CVPR 2018): with V[t+1] = a V[t] - r g[t], th[t+1] = th[t] + V[t+1], the
step is -r g[t] (P: present gradient) - r sum_{i<t} a^(t-i) g[i] (I: decayed sum of
past gradients); they add a D term, a smoothed gradient difference
D[t+1] = a D[t] + (1-a)(g[t] - g[t-1]), to cut momentum's overshoot. Sign convention
here: the error signal is -g, so the D term enters as -Kd D. Checks: Kd = 0 reproduces
SGD-momentum exactly (noisy gradients); the P + I decomposition reproduces every
update; on a quadratic the optimizer is a 4x4 linear map whose oscillating poles set
the measured decay rate and whose spectral radius predicts when a too-large Kd diverges.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def pid_opt(grad, th0, r, a, Kd, T, noise=None):
    th, V, D, gp = th0.copy(), np.zeros_like(th0), np.zeros_like(th0), None
    ths, gs = [th.copy()], []
    for t in range(T):
        g = grad(th) + (0 if noise is None else noise[t])
        gp = g if gp is None else gp  # D[1] = 0
        V = a * V - r * g
        D = a * D + (1 - a) * (g - gp)
        gp = g
        th = th + V - Kd * D
        ths.append(th.copy())
        gs.append(g)
    return np.array(ths), np.array(gs)


def momentum(grad, th0, r, a, T, noise):
    th, V, ths = th0.copy(), np.zeros_like(th0), [th0.copy()]
    for t in range(T):
        V = a * V - r * (grad(th) + noise[t])
        th = th + V
        ths.append(th.copy())
    return np.array(ths)


def iteration_matrix(lam, r, a, Kd):
    """State [th, V, D, th_prev] for f = lam th^2 / 2 (so g = lam th)."""
    dth = np.array([1 - r * lam - Kd * (1 - a) * lam, a, -Kd * a, Kd * (1 - a) * lam])
    return np.array([dth, [-r * lam, a, 0, 0], [(1 - a) * lam, 0, a, -(1 - a) * lam], [1, 0, 0, 0]])


def run() -> Report:
    rng = np.random.default_rng(0)
    rep = Report("PID view of SGD: momentum = PI, plus a derivative term")
    lam = np.array([0.5, 1.0, 4.0])
    grad = lambda th: lam * th
    th0, r, a, T = np.ones(3), 0.05, 0.9, 200
    noise = 0.1 * rng.normal(size=(T, 3))

    X_pid0, gs = pid_opt(grad, th0, r, a, 0.0, T, noise)
    rep.check_close(
        "PID optimizer with Kd = 0 = SGD-momentum",
        X_pid0,
        momentum(grad, th0, r, a, T, noise),
        rtol=1e-12,
        atol=1e-15,
    )

    # P + I decomposition of every momentum step
    steps = np.diff(X_pid0, axis=0)
    P_term = -r * gs
    I_term = np.array(
        [-r * sum(a ** (t - i) * gs[i] for i in range(t)) if t else np.zeros(3) for t in range(T)]
    )
    rep.check_close(
        "step = -r g_t - r sum_{i<t} a^(t-i) g_i  (P + I)",
        steps,
        P_term + I_term,
        rtol=1e-10,
        atol=1e-13,
    )

    # deterministic quadratic, one mode: the optimizer is the linear map s -> M s
    rows, ok_traj, ok_rate = [], True, True
    for Kd in (0.0, 2.0):
        M = iteration_matrix(1.0, r, a, Kd)
        lam_M = np.linalg.eigvals(M)
        osc = np.abs(lam_M[np.abs(lam_M.imag) > 1e-9]).max()  # modulus of the oscillating pair
        k2 = 200  # x* = 0: no round-off floor, iterates just shrink
        X, _ = pid_opt(lambda th: 1.0 * th, np.ones(1), r, a, Kd, k2)
        s_, traj = np.array([1.0, 0.0, 0.0, 1.0]), [1.0]
        for _ in range(k2):
            s_ = M @ s_
            traj.append(s_[0])
        ok_traj &= np.allclose(X[:, 0], traj, rtol=1e-9, atol=1e-14)
        # fit x[k+2] = p x[k+1] + q x[k] to the trajectory: a damped oscillation has |z|^2 = -q
        x = X[50:150, 0]
        p_, q_ = np.linalg.lstsq(np.c_[x[1:-1], x[:-2]], x[2:], rcond=None)[0]
        rate = np.sqrt(-q_)
        ok_rate &= abs(rate - osc) < 1e-6 * osc
        rows.append(
            [Kd, round(float(-X[:, 0].min()), 4), round(float(osc), 5), round(float(rate), 5)]
        )
    rep.figure("Kd, overshoot below 0, |oscillating pole|, |pole| fitted from the trajectory", rows)
    rep.check("the 4x4 iteration matrix reproduces the optimizer", ok_traj)
    rep.check("decay rate fitted from the iterates = modulus of the oscillating poles", ok_rate)
    rep.check("the D term reduces the overshoot of momentum", rows[1][1] < 0.25 * rows[0][1])

    # too much derivative gain: spectral radius > 1 predicts divergence
    rho_big = np.abs(np.linalg.eigvals(iteration_matrix(1.0, r, a, 20.0))).max()
    Xb, _ = pid_opt(lambda th: 1.0 * th, np.ones(1), r, a, 20.0, 300)
    rep.figure("Kd = 20: spectral radius", rho_big)
    rep.check("Kd = 20: rho > 1 and the iterates blow up", rho_big > 1 and abs(Xb[-1, 0]) > 1e6)
    return rep


if __name__ == "__main__":
    main(run)
