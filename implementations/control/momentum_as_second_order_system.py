"""momentum-as-second-order-system: heavy-ball momentum is a damped second-order loop.

Follows Polyak (1964) and d2l 12.6 (Momentum). Implemented form (heavy ball, as in
PyTorch SGD): v[k+1] = beta v[k] + g[k], x[k+1] = x[k] - lr v[k+1], i.e.
x[k+1] = x[k] - lr g[k] + beta (x[k] - x[k-1]). The EMA form v = gamma v + (1-gamma) g
is the same method with lr scaled by (1-gamma). On a quadratic each eigen-direction
lambda has characteristic polynomial z^2 - (1 + beta - lr lambda) z + beta: complex
roots mean an under-damped, overshooting mode. Checks: closed-form mode solutions,
spectral radius of the 2n x 2n iteration matrix, Polyak's tuning giving rate
(sqrt(kappa)-1)/(sqrt(kappa)+1), and the overshoot predicted by the discriminant.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def heavy_ball(grad, x0, lr, beta, steps):
    x, v, xs = x0.copy(), np.zeros_like(x0), [x0.copy()]
    for _ in range(steps):
        v = beta * v + grad(x)
        x = x - lr * v
        xs.append(x.copy())
    return np.array(xs)


def run() -> Report:
    r = Report("Momentum as a second-order system: roots predict rate and overshoot")
    lam = np.array([1.0, 3.0, 10.0, 25.0])  # diagonal quadratic f = sum lam x^2 / 2
    grad = lambda x: lam * x
    x0 = np.ones(4)
    lr, beta = 0.03, 0.8

    X = heavy_ball(grad, x0, lr, beta, 80)
    # two-step (Polyak) form from the same start (x_{-1} = x_0)
    Y = [x0, x0 - lr * grad(x0)]
    for _ in range(79):
        Y.append(Y[-1] - lr * grad(Y[-1]) + beta * (Y[-1] - Y[-2]))
    r.check_close(
        "velocity form = x - lr g + beta (x - x_prev)", X, np.array(Y), rtol=1e-12, atol=1e-14
    )

    # EMA form with lr' = lr / (1 - gamma) gives the identical trajectory
    xe, ve, Xe = x0.copy(), np.zeros(4), [x0.copy()]
    for _ in range(80):
        ve = beta * ve + (1 - beta) * grad(xe)
        xe = xe - lr / (1 - beta) * ve
        Xe.append(xe.copy())
    r.check_close("EMA form (lr/(1-gamma)) = heavy ball", np.array(Xe), X, rtol=1e-11, atol=1e-14)

    # each mode: x_k = c1 z1^k + c2 z2^k with roots of z^2 - (1+beta-lr lam) z + beta
    k = np.arange(81)
    closed = []
    for i, l in enumerate(lam):
        z1, z2 = np.roots([1.0, -(1 + beta - lr * l), beta]).astype(complex)
        x1 = x0[i] * (1 - lr * l)  # first step
        c2 = (x1 - z1 * x0[i]) / (z2 - z1)
        c1 = x0[i] - c2
        closed.append((c1 * z1**k + c2 * z2**k).real)
    r.check_close("each mode = c1 z1^k + c2 z2^k", X, np.array(closed).T, rtol=1e-9, atol=1e-12)

    # spectral radius of the full (x, x_prev) iteration vs the per-mode roots
    M = np.block([[np.diag(1 + beta - lr * lam), -beta * np.eye(4)], [np.eye(4), np.zeros((4, 4))]])
    rho_M = np.abs(np.linalg.eigvals(M)).max()
    rho_modes = max(np.abs(np.roots([1, -(1 + beta - lr * l), beta])).max() for l in lam)
    r.check_close(
        "spectral radius of iteration matrix = max root modulus", rho_M, rho_modes, rtol=1e-10
    )

    # Polyak's tuning: rate (sqrt k - 1)/(sqrt k + 1) vs gradient descent (k - 1)/(k + 1)
    mu, L = lam.min(), lam.max()
    kap = L / mu
    lr_p = 4 / (np.sqrt(L) + np.sqrt(mu)) ** 2
    beta_p = ((np.sqrt(kap) - 1) / (np.sqrt(kap) + 1)) ** 2
    Xp = heavy_ball(grad, x0, lr_p, beta_p, 300)
    err = np.linalg.norm(Xp, axis=1)
    rate = (err[300] / err[200]) ** (1 / 100)
    r.figure("kappa", kap)
    r.figure("measured rate with Polyak tuning", rate)
    r.figure("gradient descent best rate (kappa-1)/(kappa+1)", (kap - 1) / (kap + 1))
    r.check_close(
        "rate = (sqrt kappa - 1)/(sqrt kappa + 1)",
        rate,
        (np.sqrt(kap) - 1) / (np.sqrt(kap) + 1),
        rtol=0.02,
    )

    # damping: complex roots (negative discriminant) <=> the mode overshoots zero
    ok = True
    for l in np.linspace(0.5, 60, 40):
        disc = (1 + beta - lr * l) ** 2 - 4 * beta
        xs = heavy_ball(lambda x: l * x, np.array([1.0]), lr, beta, 200)[:, 0]
        overshoots = bool(np.any(xs < -1e-12))
        ok &= overshoots == (disc < 0 or 1 + beta - lr * l < 0)
    r.check("overshoot exactly when the roots are complex or negative", ok)
    return r


if __name__ == "__main__":
    main(run)
