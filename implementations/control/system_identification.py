"""system-identification: least-squares fit of an ARX model from input/output data.

Follows Murphy, PML2 ch. 29 (learning state-space / autoregressive models) and Bishop,
PRML ch. 3 (least squares = Gaussian maximum likelihood). Model:
y[t] = a1 y[t-1] + a2 y[t-2] + b1 u[t-1] + b2 u[t-2] + e[t]. The learner builds the
regressors and the least-squares fit with its standard errors. Checks: the regressors
equal rows built by explicit loops; noise-free data recovers the parameters exactly;
with noise the estimate equals numpy.linalg.lstsq and lies within a few standard errors
sigma^2 (Phi'Phi)^-1 of the truth; over 300 repeated experiments the spread of the
estimates matches those standard errors; the identified poles match the true ones.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["arx_regressors", "arx_fit"]

DOC_ZH = {
    "arx_regressors": """ARX(2, 2) 模型 y[t] = a1 y[t-1] + a2 y[t-2] + b1 u[t-1] + b2 u[t-2] + e[t] 的回归矩阵。

输入：y、u，长度 T 的一维数组。
输出：(Phi，形状 (T-2, 4)，对 t = 2..T-1 的每行为 [y[t-1], y[t-2], u[t-1], u[t-2]]；Y，形状 (T-2,)，即 y[2:])。

>>> Phi, Y = arx_regressors(np.array([1.0, 2.0, 3.0, 4.0]), np.array([5.0, 6.0, 7.0, 8.0]))
>>> Phi.tolist(), Y.tolist()
([[2.0, 1.0, 6.0, 5.0], [3.0, 2.0, 7.0, 6.0]], [3.0, 4.0])
""",
    "arx_fit": """ARX(2, 2) 参数的最小二乘估计及其标准误差。

输入：y、u，长度 T 的一维数组。
输出：(theta，形状 (4,) 的 [a1, a2, b1, b2]；se，形状 (4,)，sqrt(s2 diag((Phi'Phi)^-1))；
s2，残差方差估计 ||Y - Phi theta||^2 / (T - 2 - 4))。

>>> u = np.array([1.0, -1.0, 2.0, 0.0, 1.0, -2.0, 1.0, 0.0, 1.0])
>>> y = np.array([0.0, 0.0, -0.5, 1.25, 1.75, 1.5625, -1.15625, -0.96875, 0.3046875])
>>> th, se, s2 = arx_fit(y, u)
>>> np.round(th, 6).tolist(), round(s2, 6)
([0.5, -0.25, 1.0, 0.5], 0.0)
""",
}

HINTS = {
    "en": (
        "The model is linear in its parameters: stack one equation per time step and solve "
        "the overdetermined system in the least-squares sense.",
        "Row t of Phi is [y[t-1], y[t-2], u[t-1], u[t-2]] for t = 2..T-1, target y[t]. "
        "theta = lstsq(Phi, Y); s2 = residual sum of squares / (rows - 4); "
        "se = sqrt(s2 diag(inv(Phi'Phi))).",
    ),
    "zh": (
        "模型对参数是线性的：每个时间步写一个方程，把这些方程堆起来，用最小二乘解这个超定方程组。",
        "Phi 的第 t 行是 [y[t-1], y[t-2], u[t-1], u[t-2]]（t = 2..T-1），目标是 y[t]。theta = lstsq(Phi, Y)；"
        "s2 = 残差平方和 / (行数 - 4)；se = sqrt(s2 diag(inv(Phi'Phi)))。",
    ),
}


def arx_regressors(y, u):
    """Regressors of the ARX(2, 2) model y[t] = a1 y[t-1] + a2 y[t-2] + b1 u[t-1] + b2 u[t-2] + e[t].

    Input: y, u, 1-D arrays of length T. Output: (Phi, shape (T-2, 4) with rows
    [y[t-1], y[t-2], u[t-1], u[t-2]] for t = 2..T-1; Y = y[2:], shape (T-2,)).

    >>> Phi, Y = arx_regressors(np.array([1.0, 2.0, 3.0, 4.0]), np.array([5.0, 6.0, 7.0, 8.0]))
    >>> Phi.tolist(), Y.tolist()
    ([[2.0, 1.0, 6.0, 5.0], [3.0, 2.0, 7.0, 6.0]], [3.0, 4.0])
    """
    y, u = np.asarray(y, dtype=float), np.asarray(u, dtype=float)
    return np.stack([y[1:-1], y[:-2], u[1:-1], u[:-2]], axis=-1), y[2:]


def arx_fit(y, u):
    """Least-squares estimate of the ARX(2, 2) parameters with standard errors.

    Input: y, u, 1-D arrays of length T. Output: (theta = [a1, a2, b1, b2], shape (4,);
    se = sqrt(s2 diag((Phi'Phi)^-1)), shape (4,); s2 = ||Y - Phi theta||^2 / (T - 2 - 4),
    the residual variance).

    >>> u = np.array([1.0, -1.0, 2.0, 0.0, 1.0, -2.0, 1.0, 0.0, 1.0])
    >>> y = np.array([0.0, 0.0, -0.5, 1.25, 1.75, 1.5625, -1.15625, -0.96875, 0.3046875])
    >>> th, se, s2 = arx_fit(y, u)
    >>> np.round(th, 6).tolist(), round(s2, 6)
    ([0.5, -0.25, 1.0, 0.5], 0.0)
    """
    Phi, Y = arx_regressors(y, u)
    th = np.linalg.lstsq(Phi, Y, rcond=None)[0]
    res = Y - Phi @ th
    s2 = float(res @ res / (len(res) - 4))
    return th, np.sqrt(s2 * np.diag(np.linalg.inv(Phi.T @ Phi))), s2


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


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("System identification: ARX least squares")
    T = 1000
    u = rng.choice([-1.0, 1.0], size=(1, T))  # binary excitation

    with r.case("regressors = rows built by explicit loops") as c:
        yr, ur = rng.normal(size=9), rng.normal(size=9)
        Phi, Y = f.arx_regressors(yr, ur)
        c.close(
            Phi, [[yr[t - 1], yr[t - 2], ur[t - 1], ur[t - 2]] for t in range(2, 9)], rtol=1e-15
        )
        c.close(Y, [yr[t] for t in range(2, 9)], rtol=1e-15)

    with r.case("noise-free data: exact recovery") as c:
        th, _, s2 = f.arx_fit(simulate(u, np.zeros((1, T)))[0], u[0])
        c.close(th, theta, rtol=1e-10)
        c.close(s2, 0.0, atol=1e-20)

    sigma = 0.2
    y = simulate(u, sigma * rng.normal(size=(1, T)))[0]
    with r.case("estimate = numpy lstsq, within 4 standard errors of the truth") as c:
        th, se, _ = f.arx_fit(y, u[0])
        Phi = np.array([[y[t - 1], y[t - 2], u[0, t - 1], u[0, t - 2]] for t in range(2, T)])
        ref, rss = np.linalg.lstsq(Phi, y[2:], rcond=None)[:2]
        r.figure("estimate", np.round(th, 4).tolist())
        r.figure("standard errors", np.round(se, 4).tolist())
        c.close(th, ref, rtol=1e-10)
        c.close(se, np.sqrt(rss[0] / (T - 6) * np.diag(np.linalg.inv(Phi.T @ Phi))), rtol=1e-8)
        c.true(bool(np.all(np.abs(th - theta) < 4 * se)), "|error| < 4 se")

    with r.case("residual variance estimates sigma^2") as c:
        c.close(f.arx_fit(y, u[0])[2], sigma**2, rtol=0.15)

    with r.case("Monte Carlo spread = sigma^2 (Phi'Phi)^-1 prediction") as c:
        runs = 300
        U = rng.choice([-1.0, 1.0], size=(runs, T))
        Ys = simulate(U, sigma * rng.normal(size=(runs, T)))
        fits = [f.arx_fit(Ys[k], U[k]) for k in range(runs)]
        ests = np.array([ft[0] for ft in fits])
        pred_se = np.sqrt(np.mean([ft[1] ** 2 for ft in fits], axis=0))
        r.figure("Monte Carlo std of estimates", np.round(ests.std(axis=0), 5).tolist())
        c.close(ests.std(axis=0), pred_se, rtol=0.15)
        c.true(
            bool(np.all(np.abs(ests.mean(axis=0) - theta) < 4 * pred_se / np.sqrt(runs))),
            "unbiased within Monte Carlo error",
        )

    with r.case("identified poles match true poles") as c:
        th, _, _ = f.arx_fit(y, u[0])
        p_true = np.sort_complex(np.roots([1, -theta[0], -theta[1]]))
        p_est = np.sort_complex(np.roots([1, -th[0], -th[1]]))
        c.close(np.abs(p_est - p_true), np.zeros(2), atol=0.02)
    return r


if __name__ == "__main__":
    main(run)
