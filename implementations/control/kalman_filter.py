"""kalman-filter: predict/update for x[k+1] = A x + w, y = C x + v with Gaussian noise.

Follows Murphy, PML2 ch. 8 (Gaussian filtering and smoothing) and Bishop, PRML ch. 13
(linear dynamical systems); Kalman (1960). Checks: the filter covariance converges to
the filtering Riccati equation (scipy.linalg.solve_discrete_are on (A', C')); the
empirical covariance of the estimation error over 4000 Monte Carlo runs matches the
covariance the filter reports; normalised innovations are white with unit variance;
for a scalar random walk the steady state has a closed form.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_discrete_are

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Kalman filter: Riccati prediction vs Monte Carlo error covariance")
    A = np.array([[1.0, 1.0], [0.0, 1.0]])  # position-velocity model
    C = np.array([[1.0, 0.0]])
    Q = np.diag([0.02, 0.01])
    R = np.array([[1.0]])
    M, T = 4000, 80  # runs, time steps
    P0 = np.eye(2) * 4.0

    x = rng.multivariate_normal(np.zeros(2), P0, size=M)  # true states, one row per run
    xh = np.zeros((M, 2))  # prior mean is 0
    P = P0.copy()
    Lq = np.linalg.cholesky(Q)
    err_cov, nis, innov = [], [], []
    for k in range(T):
        y = x @ C.T + rng.normal(size=(M, 1)) * np.sqrt(R[0, 0])
        # update
        S = C @ P @ C.T + R
        K = P @ C.T @ np.linalg.inv(S)
        nu = y - xh @ C.T
        xh = xh + nu @ K.T
        P = (np.eye(2) - K @ C) @ P
        if k >= T - 20:
            e = x - xh
            err_cov.append(e.T @ e / M)
            nis.append(nu[:, 0] / np.sqrt(S[0, 0]))
        innov.append(nu[:, 0] / np.sqrt(S[0, 0]))
        # predict
        x = x @ A.T + rng.normal(size=(M, 2)) @ Lq.T
        xh = xh @ A.T
        P = A @ P @ A.T + Q
    P_pred = P  # after the final predict step
    Sigma = solve_discrete_are(A.T, C.T, Q, R)  # steady predicted covariance
    r.figure("steady predicted covariance (DARE)", np.round(Sigma, 5).tolist())
    r.check_close("filter covariance -> filtering Riccati solution", P_pred, Sigma, rtol=1e-8)

    P_filt = Sigma - Sigma @ C.T @ np.linalg.inv(C @ Sigma @ C.T + R) @ C @ Sigma
    emp = np.mean(err_cov, axis=0)
    r.figure("filtered covariance (theory)", np.round(P_filt, 5).tolist())
    r.figure("empirical error covariance (4000 runs)", np.round(emp, 5).tolist())
    r.check_close("empirical error covariance = reported covariance", emp, P_filt, rtol=0.08)

    z = np.array(nis).ravel()
    r.check_close("normalised innovations have unit variance", z.var(), 1.0, rtol=0.03)
    inn = np.array(innov)[T - 30 :]  # steady-state part, shape (30, M)
    lag1 = np.mean(inn[1:] * inn[:-1]) / np.mean(inn**2)
    r.figure("lag-1 autocorrelation of innovations", lag1)
    r.check("innovations are white (|lag-1 corr| < 0.02)", abs(lag1) < 0.02)

    # scalar random walk: steady predicted variance solves s^2 - q s - q rho = 0
    q, rho, s = 0.3, 2.0, 10.0
    for _ in range(500):
        s = s - s**2 / (s + rho) + q
    r.check_close(
        "scalar steady state = (q + sqrt(q^2 + 4 q rho)) / 2",
        s,
        (q + np.sqrt(q * q + 4 * q * rho)) / 2,
        rtol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
