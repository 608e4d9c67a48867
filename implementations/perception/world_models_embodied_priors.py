"""world-models-embodied-priors: learn a dynamics model from experience, then predict and plan in it.

Follows Ha & Schmidhuber (2018): an agent learns a model of its environment (there a VAE 'vision'
module plus a recurrent 'memory' predicting the next latent), can roll it forward ('dream') and
train a controller inside it. Here the state is observed directly and the model is linear:
a point mass under gravity and drag, x' = A x + B u + c. Checks: least-squares identification
recovers the true (A, B, c); a 30-step open-loop rollout of the learned model tracks the true
system; a control sequence planned entirely inside the model brings the real system to the target;
with only 6 transitions, a model that builds in known kinematics (a physical prior) predicts far
better than an unconstrained one.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

dt, drag, g = 0.1, 0.3, np.array([0.0, -9.8])
A = np.block([[np.eye(2), dt * np.eye(2)], [np.zeros((2, 2)), (1 - drag * dt) * np.eye(2)]])
B = np.vstack([np.zeros((2, 2)), dt * np.eye(2)])
c = np.concatenate([np.zeros(2), dt * g])  # gravity enters as a constant push


def step(x, u, noise=0.0, rng=None):
    x_next = A @ x + B @ u + c
    return x_next + (noise * rng.normal(size=4) if noise else 0.0)


def collect(rng, n, noise):
    X, U, Y = [], [], []
    x = np.zeros(4)
    for _ in range(n):
        u = rng.normal(scale=5.0, size=2)
        y = step(x, u, noise, rng)
        X.append(x), U.append(u), Y.append(y)
        x = y if np.abs(y).max() < 50 else rng.normal(size=4)
    return np.array(X), np.array(U), np.array(Y)


def rollout(Am, Bm, cm, x0, us):
    xs = [x0]
    for u in us:
        xs.append(Am @ xs[-1] + Bm @ u + cm)
    return np.array(xs)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Learned world model (linear dynamics)")
    X, U, Y = collect(rng, 2000, noise=0.01)
    Z = np.hstack([X, U, np.ones((len(X), 1))])  # regress next state on [x, u, 1]
    Theta = np.linalg.lstsq(Z, Y, rcond=None)[0].T
    Ah, Bh, ch = Theta[:, :4], Theta[:, 4:6], Theta[:, 6]
    err = max(np.abs(Ah - A).max(), np.abs(Bh - B).max(), np.abs(ch - c).max())
    r.figure("max parameter error after 2000 transitions", err)
    r.check("identification recovers (A, B, c) within 0.01", err < 0.01, f"{err:.2e}")

    us = rng.normal(scale=5.0, size=(30, 2))
    x0 = np.array([0.0, 10.0, 2.0, 0.0])
    true, dream = rollout(A, B, c, x0, us), rollout(Ah, Bh, ch, x0, us)
    drift = np.abs(true[:, :2] - dream[:, :2]).max()
    extent = np.abs(true[:, :2] - x0[:2]).max()
    r.figure("30-step open-loop position drift / distance travelled", f"{drift:.4f} / {extent:.1f}")
    r.check(
        "dreamed rollout tracks the true system (drift < 0.5% of distance travelled)",
        drift < 0.005 * extent,
        f"{drift:.4f}",
    )

    # Plan inside the model: minimum-norm controls reaching the target state in T steps.
    T, target = 20, np.array([5.0, 12.0, 0.0, 0.0])
    free = rollout(Ah, Bh, ch, x0, np.zeros((T, 2)))[-1]
    G = np.hstack(
        [np.linalg.matrix_power(Ah, T - 1 - t) @ Bh for t in range(T)]
    )  # x_T = free + G u
    u_plan = np.linalg.lstsq(G, target - free, rcond=None)[0].reshape(T, 2)
    reached = rollout(A, B, c, x0, u_plan)[-1]  # executed in the real system
    miss = np.abs(reached - target).max()
    r.figure("target miss when the model's plan runs on the real system", miss)
    r.check(
        "plan made in the model reaches the real target (miss < 0.05)", miss < 0.05, f"{miss:.4f}"
    )

    # A physical prior: position integrates velocity (known); only drag and gravity are unknown.
    Xs, Us, Ys = collect(np.random.default_rng(1), 6, noise=0.05)
    Zs = np.hstack([Xs, Us, np.ones((6, 1))])
    Th_free = np.linalg.lstsq(Zs, Ys, rcond=None)[0].T  # 28 unknowns from 24 numbers
    dv = (Ys[:, 2:] - Xs[:, 2:]) / dt - Us  # = -drag v + g
    M = np.vstack(
        [
            np.column_stack([-Xs[:, 2], np.ones(6), np.zeros(6)]),
            np.column_stack([-Xs[:, 3], np.zeros(6), np.ones(6)]),
        ]
    )
    drag_h, gx, gy = np.linalg.lstsq(M, np.concatenate([dv[:, 0], dv[:, 1]]), rcond=None)[0]
    A_s = np.block([[np.eye(2), dt * np.eye(2)], [np.zeros((2, 2)), (1 - drag_h * dt) * np.eye(2)]])
    c_s = np.concatenate([np.zeros(2), dt * np.array([gx, gy])])
    e_free = np.abs(
        rollout(Th_free[:, :4], Th_free[:, 4:6], Th_free[:, 6], x0, us)[:, :2] - true[:, :2]
    ).max()
    e_prior = np.abs(rollout(A_s, B, c_s, x0, us)[:, :2] - true[:, :2]).max()
    r.figure(
        "6 transitions: rollout error, unconstrained vs physics-structured",
        f"{e_free:.2f} vs {e_prior:.3f}",
    )
    r.figure("estimated gravity from 6 transitions", gy)
    r.check(
        "the structured (prior-informed) model predicts at least 10x better", e_prior * 10 < e_free
    )
    return r


if __name__ == "__main__":
    main(run)
