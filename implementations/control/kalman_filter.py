"""kalman-filter: predict/update for x[k+1] = A x + w, y = C x + v with Gaussian noise.

Follows Murphy, PML2 ch. 8 (Gaussian filtering and smoothing) and Bishop, PRML ch. 13
(linear dynamical systems); Kalman (1960). The learner writes the update (Bayes'
conditioning on y) and the prediction steps. Checks: one update equals the information
form P+ = (P^-1 + C'R^-1 C)^-1, m+ = P+ (P^-1 m + C'R^-1 y); one prediction equals a
Monte Carlo push of samples; the covariance converges to the filtering Riccati equation
(scipy.linalg.solve_discrete_are on (A', C')); the empirical covariance of the
estimation error over 4000 Monte Carlo runs matches the covariance the filter reports;
normalised innovations are white with unit variance; a scalar random walk reaches the
closed-form steady state.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_discrete_are

from implementations._common import Report, main, solution

EXERCISE = ["kf_update", "kf_predict"]

DOC_ZH = {
    "kf_update": """卡尔曼滤波的更新步：用观测 y = C x + v（v ~ N(0, R)）修正先验 N(xh, P)。

输入：xh，形状 (n,) 或批量 (M, n)（每行一个先验均值，共用 P）；P，形状 (n, n)；y，形状 (p,) 或 (M, p)；
C，形状 (p, n)；R，形状 (p, p)。
输出：(xh_post, P_post, nu, S)：后验均值（与 xh 同形状）、后验协方差、新息 nu = y - C xh、新息协方差 S = C P C' + R。

>>> m, Pp, nu, S = kf_update(np.array([0.0]), np.array([[1.0]]), np.array([2.0]), np.array([[1.0]]), np.array([[1.0]]))
>>> m.tolist(), Pp.tolist(), nu.tolist(), S.tolist()
([1.0], [[0.5]], [2.0], [[2.0]])
""",
    "kf_predict": """卡尔曼滤波的预测步：x[k+1] = A x[k] + w，w ~ N(0, Q)。

输入：xh，形状 (n,) 或 (M, n)；P，形状 (n, n)；A，形状 (n, n)；Q，形状 (n, n)。
输出：(A xh, A P A' + Q)，均值与 xh 同形状。

>>> m, Pn = kf_predict(np.array([1.0, 2.0]), np.eye(2), np.array([[1.0, 1.0], [0.0, 1.0]]), np.zeros((2, 2)))
>>> m.tolist(), Pn.tolist()
([3.0, 2.0], [[2.0, 1.0], [1.0, 1.0]])
""",
}

HINTS = {
    "en": (
        "Both steps keep the state Gaussian: the prediction pushes the mean and covariance "
        "through a linear map, the update conditions a joint Gaussian on the measurement.",
        "Predict: m <- A m, P <- A P A' + Q. Update: nu = y - C m, S = C P C' + R, "
        "K = P C' S^-1, m <- m + K nu, P <- (I - K C) P. With a batch of rows, m + nu @ K.T.",
    ),
    "zh": (
        "两步都让状态保持高斯：预测把均值和协方差推过一个线性映射，更新则是对联合高斯分布按观测取条件。",
        "预测：m <- A m，P <- A P A' + Q。更新：nu = y - C m，S = C P C' + R，K = P C' S^-1，"
        "m <- m + K nu，P <- (I - K C) P。批量按行时写 m + nu @ K.T。",
    ),
}


def kf_update(xh, P, y, C, R):
    """Kalman update: condition the prior N(xh, P) on y = C x + v, v ~ N(0, R).

    Input: xh, shape (n,) or a batch (M, n) of prior means sharing P; P, shape (n, n);
    y, shape (p,) or (M, p); C, shape (p, n); R, shape (p, p).
    Output: (xh_post, P_post, nu, S): the posterior mean (shaped like xh), the posterior
    covariance, the innovation nu = y - C xh and its covariance S = C P C' + R.

    >>> m, Pp, nu, S = kf_update(np.array([0.0]), np.array([[1.0]]), np.array([2.0]), np.array([[1.0]]), np.array([[1.0]]))
    >>> m.tolist(), Pp.tolist(), nu.tolist(), S.tolist()
    ([1.0], [[0.5]], [2.0], [[2.0]])
    """
    S = C @ P @ C.T + R
    K = P @ C.T @ np.linalg.inv(S)
    nu = y - xh @ C.T
    return xh + nu @ K.T, (np.eye(len(P)) - K @ C) @ P, nu, S


def kf_predict(xh, P, A, Q):
    """Kalman prediction for x[k+1] = A x[k] + w, w ~ N(0, Q).

    Input: xh, shape (n,) or (M, n); P, shape (n, n); A, shape (n, n); Q, shape (n, n).
    Output: (A xh, A P A' + Q), the mean shaped like xh.

    >>> m, Pn = kf_predict(np.array([1.0, 2.0]), np.eye(2), np.array([[1.0, 1.0], [0.0, 1.0]]), np.zeros((2, 2)))
    >>> m.tolist(), Pn.tolist()
    ([3.0, 2.0], [[2.0, 1.0], [1.0, 1.0]])
    """
    return xh @ A.T, A @ P @ A.T + Q


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Kalman filter: Riccati prediction vs Monte Carlo error covariance")
    A = np.array([[1.0, 1.0], [0.0, 1.0]])  # position-velocity model
    C = np.array([[1.0, 0.0]])
    Q = np.diag([0.02, 0.01])
    R = np.array([[1.0]])

    with r.case("update = information form (two measurements of three states)") as c:
        m0 = rng.normal(size=3)
        L0 = rng.normal(size=(3, 3))
        P0 = L0 @ L0.T + np.eye(3)
        C2, R2 = rng.normal(size=(2, 3)), np.array([[0.5, 0.1], [0.1, 0.8]])
        y2 = rng.normal(size=2)
        Pi = np.linalg.inv(np.linalg.inv(P0) + C2.T @ np.linalg.solve(R2, C2))
        mi = Pi @ (np.linalg.solve(P0, m0) + C2.T @ np.linalg.solve(R2, y2))
        m1, P1, nu, S = f.kf_update(m0, P0, y2, C2, R2)
        c.close(m1, mi, rtol=1e-9, atol=1e-12)
        c.close(P1, Pi, rtol=1e-9, atol=1e-12)
        c.close(nu, y2 - C2 @ m0, rtol=1e-12)
        c.close(S, C2 @ P0 @ C2.T + R2, rtol=1e-12)

    with r.case("prediction = Monte Carlo push of 200000 samples") as c:
        m0, P0 = np.array([1.0, -0.5]), np.array([[2.0, 0.3], [0.3, 0.5]])
        xs = rng.multivariate_normal(m0, P0, size=200000) @ A.T
        xs += rng.multivariate_normal(np.zeros(2), Q, size=200000)
        m1, P1 = f.kf_predict(m0, P0, A, Q)
        c.close(m1, xs.mean(axis=0), atol=0.02)
        c.close(P1, np.cov(xs.T), rtol=0.02, atol=0.01)
        c.close(P1, [[3.12, 0.8], [0.8, 0.51]], rtol=1e-12)  # by hand

    # 4000 filters run side by side on simulated data
    M, T = 4000, 80
    P = np.eye(2) * 4.0
    x = rng.multivariate_normal(np.zeros(2), P, size=M)  # true states, one row per run
    xh = np.zeros((M, 2))  # prior mean is 0
    Lq = np.linalg.cholesky(Q)
    err_cov, innov, P_filt, ok = [], [], None, True
    try:
        for k in range(T):
            y = x @ C.T + rng.normal(size=(M, 1))
            xh, P, nu, S = f.kf_update(xh, P, y, C, R)
            if k >= T - 20:
                e = x - xh
                err_cov.append(e.T @ e / M)
                P_filt = P
            innov.append(np.asarray(nu)[:, 0] / np.sqrt(np.asarray(S)[0, 0]))
            x = x @ A.T + rng.normal(size=(M, 2)) @ Lq.T
            xh, P = f.kf_predict(xh, P, A, Q)
    except Exception as err:  # the learner's filter fails; the cases below report it
        ok = err
    Sigma = solve_discrete_are(A.T, C.T, Q, R)  # steady predicted covariance
    r.figure("steady predicted covariance (DARE)", np.round(Sigma, 5).tolist())

    with r.case("filter covariance -> filtering Riccati solution") as c:
        if ok is not True:
            raise ok
        c.close(P, Sigma, rtol=1e-8)

    with r.case("empirical error covariance = reported covariance") as c:
        if ok is not True:
            raise ok
        Pf = Sigma - Sigma @ C.T @ np.linalg.inv(C @ Sigma @ C.T + R) @ C @ Sigma
        emp = np.mean(err_cov, axis=0)
        r.figure("empirical error covariance (4000 runs)", np.round(emp, 5).tolist())
        c.close(emp, Pf, rtol=0.08)
        c.close(P_filt, Pf, rtol=1e-8)

    with r.case("innovations are white with unit variance") as c:
        if ok is not True:
            raise ok
        inn = np.array(innov)[T - 30 :]  # steady-state part, shape (30, M)
        lag1 = np.mean(inn[1:] * inn[:-1]) / np.mean(inn**2)
        r.figure("lag-1 autocorrelation of innovations", lag1)
        c.close(inn.var(), 1.0, rtol=0.03)
        c.true(abs(lag1) < 0.02, f"lag-1 correlation {lag1:.4f}")

    with r.case("scalar steady state = (q + sqrt(q^2 + 4 q rho)) / 2") as c:
        q, rho = 0.3, 2.0
        s, m = np.array([[10.0]]), np.zeros(1)
        for _ in range(500):
            m, s, _, _ = f.kf_update(m, s, np.zeros(1), np.eye(1), np.array([[rho]]))
            m, s = f.kf_predict(m, s, np.eye(1), np.array([[q]]))
        c.close(s[0, 0], (q + np.sqrt(q * q + 4 * q * rho)) / 2, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
