"""system-identification: least-squares fit of an ARX model from input/output data.

Follows Murphy, PML2 ch. 29 (learning state-space / autoregressive models) and Bishop,
PRML ch. 3 (least squares = Gaussian maximum likelihood). Model:
y[t] = a1 y[t-1] + a2 y[t-2] + b1 u[t-1] + b2 u[t-2] + e[t]. Checks: noise-free data
recovers the parameters exactly; with noise the estimate lies within a few standard
errors sigma^2 (Phi'Phi)^-1; over 300 repeated experiments the spread of the estimates
matches those standard errors; the identified poles match the true ones.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

theta = np.array([1.5, -0.7, 1.0, 0.5])  # a1, a2, b1, b2


def simulate(u, e):
    """Vectorised over experiments: u, e have shape (runs, T)."""
    y = np.zeros_like(u)
    for t in range(2, u.shape[1]):
        y[:, t] = (
            theta[0] * y[:, t - 1]
            + theta[1] * y[:, t - 2]
            + theta[2] * u[:, t - 1]
            + theta[3] * u[:, t - 2]
            + e[:, t]
        )
    return y


def regressors(y, u):
    Phi = np.stack([y[:, 1:-1], y[:, :-2], u[:, 1:-1], u[:, :-2]], axis=-1)  # rows t = 2..T-1
    return Phi, y[:, 2:]


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("System identification: ARX least squares")
    T = 1000
    u = rng.choice([-1.0, 1.0], size=(1, T))  # binary excitation

    y = simulate(u, np.zeros((1, T)))
    Phi, Y = regressors(y, u)
    est = np.linalg.lstsq(Phi[0], Y[0], rcond=None)[0]
    r.check_close("noise-free data: exact recovery", est, theta, rtol=1e-10)

    sigma = 0.2
    y = simulate(u, sigma * rng.normal(size=(1, T)))
    Phi, Y = regressors(y, u)
    est = np.linalg.lstsq(Phi[0], Y[0], rcond=None)[0]
    res = Y[0] - Phi[0] @ est
    s2 = res @ res / (len(res) - 4)
    se = np.sqrt(s2 * np.diag(np.linalg.inv(Phi[0].T @ Phi[0])))
    r.figure("estimate", np.round(est, 4).tolist())
    r.figure("standard errors", np.round(se, 4).tolist())
    r.check(
        "estimate within 4 standard errors of the truth", bool(np.all(np.abs(est - theta) < 4 * se))
    )
    r.check_close("residual variance estimates sigma^2", s2, sigma**2, rtol=0.15)

    # Monte Carlo: spread of estimates over repeated experiments vs predicted standard error
    runs = 300
    U = rng.choice([-1.0, 1.0], size=(runs, T))
    Ys = simulate(U, sigma * rng.normal(size=(runs, T)))
    Phi, Y = regressors(Ys, U)
    G = np.einsum("rti,rtj->rij", Phi, Phi)
    ests = np.linalg.solve(G, np.einsum("rti,rt->ri", Phi, Y)[..., None])[..., 0]
    pred_se = np.sqrt(sigma**2 * np.mean([np.diag(np.linalg.inv(g)) for g in G], axis=0))
    r.figure("Monte Carlo std of estimates", np.round(ests.std(axis=0), 5).tolist())
    r.check_close(
        "Monte Carlo spread = sigma^2 (Phi'Phi)^-1 prediction", ests.std(axis=0), pred_se, rtol=0.15
    )
    r.check(
        "estimator unbiased within Monte Carlo error",
        bool(np.all(np.abs(ests.mean(axis=0) - theta) < 4 * pred_se / np.sqrt(runs))),
    )

    # identified dynamics: poles of z^2 - a1 z - a2
    p_true = np.sort_complex(np.roots([1, -theta[0], -theta[1]]))
    p_est = np.sort_complex(np.roots([1, -est[0], -est[1]]))
    r.check_close(
        "identified poles match true poles", np.abs(p_est - p_true), np.zeros(2), atol=0.02
    )
    return r


if __name__ == "__main__":
    main(run)
