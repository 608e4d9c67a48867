"""bias-variance-tradeoff: expected test error = bias^2 + variance + noise, for polynomial fits.

Follows Goodfellow et al. sec. 5.2 and 5.4 (capacity, bias and variance), Bishop PRML ch. 3
(the bias-variance decomposition) and Murphy PML1 ch. 4. Training sets share the inputs x
and differ in the noise; each is fitted by least-squares polynomials of several degrees.
Checks: the fit against numpy.polynomial.polynomial.polyfit; bias^2 + variance equals the
mean squared deviation from the true function (the decomposition); the Monte Carlo bias^2
and variance agree with the fixed-design closed forms (E f_hat = projection of f, Var f_hat(x0)
= sigma^2 phi(x0)^T (Phi^T Phi)^-1 phi(x0)); the expected error on fresh noisy test labels is
bias^2 + variance + sigma^2; bias falls and variance rises with the degree.
"""

from __future__ import annotations

import numpy as np
from numpy.polynomial import polynomial as P

from implementations._common import Report, main, solution

EXERCISE = ["fit_poly", "bias_variance"]

DOC_ZH = {
    "fit_poly": """最小二乘多项式拟合：返回系数 c（从常数项开始，长度 degree+1），使 sum (y - sum_k c_k x^k)^2 最小。

>>> np.round(fit_poly(np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0]), 1), 6).tolist()
[1.0, 2.0]
""",
    "bias_variance": """由 R 个训练集上得到的预测估计偏差平方与方差。

输入：preds，形状 (R, m)，第 r 行是第 r 个训练集训练出的模型在 m 个测试点上的预测；f_true，测试点上的真实函数值 (m,)。
输出：(bias2, variance)：bias2 = mean_x (mean_r preds - f)^2，variance = mean_x var_r(preds)（总体方差，除以 R）。

>>> bias_variance(np.array([[1.0, 2.0], [3.0, 2.0]]), np.array([2.0, 0.0]))
(2.0, 0.5)
""",
}

HINTS = {
    "en": (
        "Average over training sets first (per test point), then over test points; the bias "
        "compares the average model with the truth, the variance measures the spread around "
        "the average model.",
        "fit: least squares on the Vandermonde matrix [x^0, ..., x^degree] (np.linalg.lstsq). "
        "bias2 = mean((preds.mean(0) - f)^2); variance = mean(preds.var(0)).",
    ),
    "zh": (
        "先对训练集求平均（每个测试点分别求），再对测试点求平均；偏差比较平均模型与真实函数，方差衡量各模型围绕平均模型的离散程度。",
        "拟合：对范德蒙德矩阵 [x^0, ..., x^degree] 做最小二乘（np.linalg.lstsq）。"
        "bias2 = mean((preds.mean(0) - f)^2)；variance = mean(preds.var(0))。",
    ),
}


def fit_poly(x, y, degree):
    """Least-squares polynomial fit: coefficients c (constant term first, length degree+1)
    minimising sum (y - sum_k c_k x^k)^2.

    >>> np.round(fit_poly(np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0]), 1), 6).tolist()
    [1.0, 2.0]
    """
    V = np.vander(x, degree + 1, increasing=True)
    return np.linalg.lstsq(V, y, rcond=None)[0]


def bias_variance(preds, f_true):
    """Bias^2 and variance estimated from the predictions of models trained on R training sets.

    Input: preds (R, m), row r the predictions at m test points of the model fitted to
    training set r; f_true (m,), the true function at the test points.
    Output: (bias2, variance): bias2 = mean_x (mean_r preds - f)^2 and variance =
    mean_x var_r(preds) (population variance, divided by R).

    >>> bias_variance(np.array([[1.0, 2.0], [3.0, 2.0]]), np.array([2.0, 0.0]))
    (2.0, 0.5)
    """
    mean = preds.mean(axis=0)
    return float(np.mean((mean - f_true) ** 2)), float(np.mean(preds.var(axis=0)))


def _truth(x):
    return np.sin(2 * np.pi * x)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Bias-variance trade-off")
    rng = np.random.default_rng(0)
    n, sigma, R = 25, 0.3, 800
    x = np.linspace(0, 1, n)
    xt = np.linspace(0.02, 0.98, 40)
    ft = _truth(xt)

    with r.case("fit = numpy polyfit (degrees 0, 3, 7)") as c:
        y = _truth(x) + sigma * rng.normal(size=n)
        for deg in (0, 3, 7):
            c.close(f.fit_poly(x, y, deg), P.polyfit(x, y, deg), rtol=1e-7, atol=1e-8)

    noise = sigma * rng.normal(size=(R, n))
    results = {}
    for deg in (1, 3, 9):
        with r.case(f"degree {deg}: bias^2 + variance = mean squared deviation from f") as c:
            preds = np.array([P.polyval(xt, f.fit_poly(x, _truth(x) + e, deg)) for e in noise])
            b2, var = f.bias_variance(preds, ft)
            c.close(b2 + var, np.mean((preds - ft) ** 2), rtol=1e-10)
            c.close(var, np.mean(np.mean((preds - preds.mean(0)) ** 2, axis=0)), rtol=1e-10)
            results[deg] = (b2, var, preds)
        with r.case(f"degree {deg}: Monte Carlo = fixed-design closed forms") as c:
            b2, var, preds = results[deg]
            V, Vt = np.vander(x, deg + 1, increasing=True), np.vander(xt, deg + 1, increasing=True)
            A = np.linalg.inv(V.T @ V)
            mean_fit = Vt @ A @ V.T @ _truth(x)
            var_cf = sigma**2 * np.mean(np.einsum("ij,jk,ik->i", Vt, A, Vt))
            b2_cf = np.mean((mean_fit - ft) ** 2)
            se = var_cf * np.sqrt(2 / R)
            c.close(var, var_cf, atol=4 * se)
            c.close(
                b2, b2_cf, atol=4 * np.sqrt(4 * b2_cf * var_cf / R + 2 * var_cf**2 / R**2) + 1e-12
            )
            r.figure(
                f"degree {deg}: bias^2 / variance (closed form)", f"{b2_cf:.4g} / {var_cf:.4g}"
            )
    with r.case("test error on fresh labels = bias^2 + variance + sigma^2") as c:
        b2, var, preds = results[3]
        yt = ft + sigma * rng.normal(size=preds.shape)
        err = np.mean((preds - yt) ** 2)
        c.close(err, b2 + var + sigma**2, rtol=0.03)
    with r.case("higher degree: lower bias, higher variance") as c:
        c.true(results[1][0] > results[3][0] > 0 and results[9][0] < results[3][0] * 1.5 + 1e-3)
        c.true(results[1][1] < results[3][1] < results[9][1], "variance grows with degree")
    return r


if __name__ == "__main__":
    main(run)
