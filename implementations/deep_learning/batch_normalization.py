"""batch-normalization: normalise each feature over the mini-batch, then scale and shift.

Follows Ioffe & Szegedy (2015), Algorithm 1 (the transform), the backward formulas of sec. 3
and Algorithm 2 (inference with population statistics, unbiased variance m/(m-1) Var_B);
d2l-en ch. 8 and qiu-nndl ch. 7. y = gamma (x - mu_B)/sqrt(var_B + eps) + beta, with the
biased batch variance.
Checks: gamma = 1, beta = 0, eps = 0 gives scipy.stats.zscore per column; the output has the
mean beta and variance gamma^2 var/(var + eps) per feature; it is invariant to a per-feature
positive scale and shift of the input (eps = 0); the backward pass against central finite
differences of an independent forward (zscore); dx sums to zero over the batch and is
orthogonal to x_hat per feature; the running statistics follow the moving-average formula
with the unbiased variance, step by step, and converge to the population mean and variance.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import zscore

from implementations._common import Report, main, solution

EXERCISE = ["batchnorm_forward", "batchnorm_backward", "update_running"]

DOC_ZH = {
    "batchnorm_forward": """批归一化（训练模式）：对每个特征（列）用本批的均值和有偏方差归一化，再乘 gamma、加 beta。

输入：x (m, d)；gamma、beta (d,)；eps。输出：y (m, d)，y = gamma (x - mu)/sqrt(var + eps) + beta。

>>> batchnorm_forward(np.array([[1.0], [3.0]]), np.ones(1), np.zeros(1), eps=0.0).ravel().tolist()
[-1.0, 1.0]
""",
    "batchnorm_backward": """批归一化（训练模式）的反向传播：给定上游梯度 dout (m, d)，返回 (dx, dgamma, dbeta)。
注意均值和方差本身也依赖 x。

>>> dx, dg, db = batchnorm_backward(np.array([[1.0], [0.0]]), np.array([[1.0], [3.0]]), np.ones(1), eps=0.0)
>>> dx.ravel().tolist(), dg.tolist(), db.tolist()
([0.0, 0.0], [-1.0], [1.0])
""",
    "update_running": """推理用的滑动平均统计量：new = (1 - momentum) old + momentum * batch_stat，
其中方差用无偏估计 m/(m-1) var_B（Ioffe & Szegedy 算法 2）。返回 (new_mean, new_var)。

>>> m, v = update_running(np.zeros(1), np.ones(1), np.array([[1.0], [3.0]]), momentum=0.5)
>>> m.tolist(), v.tolist()
([1.0], [1.5])
""",
}

HINTS = {
    "en": (
        "Statistics go down the batch axis (axis 0), one mean and one variance per feature; in "
        "the backward pass remember that mu and var depend on every x in the batch.",
        "x_hat = (x - mu)/sqrt(var + eps); dbeta = sum dout, dgamma = sum dout * x_hat; "
        "dx = gamma/sqrt(var+eps) * (dout - mean(dout) - x_hat * mean(dout * x_hat)).",
    ),
    "zh": (
        "统计量沿批轴（axis 0）计算，每个特征一个均值、一个方差；反向传播时别忘了 mu 和 var 依赖于批中的每个 x。",
        "x_hat = (x - mu)/sqrt(var + eps)；dbeta = sum dout，dgamma = sum dout * x_hat；"
        "dx = gamma/sqrt(var+eps) * (dout - mean(dout) - x_hat * mean(dout * x_hat))。",
    ),
}


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """Batch normalization, training mode: normalise each feature (column) with the batch mean
    and biased variance, then scale by gamma and shift by beta.

    Input: x (m, d); gamma, beta (d,); eps. Output: y (m, d),
    y = gamma (x - mu)/sqrt(var + eps) + beta.

    >>> batchnorm_forward(np.array([[1.0], [3.0]]), np.ones(1), np.zeros(1), eps=0.0).ravel().tolist()
    [-1.0, 1.0]
    """
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta


def batchnorm_backward(dout, x, gamma, eps=1e-5):
    """Backward pass of training-mode batch normalization: given dout (m, d), return
    (dx, dgamma, dbeta). The mean and variance depend on x too.

    >>> dx, dg, db = batchnorm_backward(np.array([[1.0], [0.0]]), np.array([[1.0], [3.0]]), np.ones(1), eps=0.0)
    >>> dx.ravel().tolist(), dg.tolist(), db.tolist()
    ([0.0, 0.0], [-1.0], [1.0])
    """
    mu = x.mean(axis=0)
    inv = 1 / np.sqrt(x.var(axis=0) + eps)
    xhat = (x - mu) * inv
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dx = gamma * inv * (dout - dout.mean(axis=0) - xhat * (dout * xhat).mean(axis=0))
    return dx, dgamma, dbeta


def update_running(running_mean, running_var, x, momentum=0.1):
    """Moving averages kept for inference: new = (1 - momentum) old + momentum * batch_stat,
    with the unbiased variance m/(m-1) var_B (Ioffe & Szegedy, Algorithm 2).
    Returns (new_mean, new_var).

    >>> m, v = update_running(np.zeros(1), np.ones(1), np.array([[1.0], [3.0]]), momentum=0.5)
    >>> m.tolist(), v.tolist()
    ([1.0], [1.5])
    """
    m = x.shape[0]
    mean = (1 - momentum) * running_mean + momentum * x.mean(axis=0)
    var = (1 - momentum) * running_var + momentum * x.var(axis=0) * m / (m - 1)
    return mean, var


def _ref(x, gamma, beta, eps):
    var = np.array([np.mean((col - col.mean()) ** 2) for col in x.T])
    return gamma * (x - x.mean(axis=0)) / np.sqrt(var + eps) + beta


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Batch normalization")
    rng = np.random.default_rng(0)
    m, d = 16, 5
    x = rng.normal(size=(m, d)) * np.array([0.1, 1.0, 5.0, 2.0, 0.5]) + np.arange(d)
    gamma, beta = rng.uniform(0.5, 2, d), rng.normal(size=d)

    with r.case("gamma = 1, beta = 0, eps = 0: scipy.stats.zscore per column") as c:
        c.close(
            f.batchnorm_forward(x, np.ones(d), np.zeros(d), eps=0.0), zscore(x, axis=0), rtol=1e-10
        )
    with r.case("output mean = beta, variance = gamma^2 var/(var + eps)") as c:
        eps = 0.3
        y = f.batchnorm_forward(x, gamma, beta, eps=eps)
        v = x.var(axis=0)
        c.close(y.mean(axis=0), beta, rtol=1e-10, atol=1e-12)
        c.close(y.var(axis=0), gamma**2 * v / (v + eps), rtol=1e-10)
    with r.case("default eps = 1e-5") as c:
        c.close(f.batchnorm_forward(x, gamma, beta), _ref(x, gamma, beta, 1e-5), rtol=1e-12)
    with r.case("invariant to a per-feature positive scale and shift of x (eps = 0)") as c:
        a, s = rng.uniform(0.2, 5, d), rng.normal(size=d) * 10
        c.close(
            f.batchnorm_forward(a * x + s, gamma, beta, eps=0.0),
            f.batchnorm_forward(x, gamma, beta, eps=0.0),
            rtol=1e-9,
            atol=1e-12,
        )

    dout = rng.normal(size=(m, d))
    eps = 0.01
    h = 1e-6

    def loss(xx, gg, bb):
        return float(np.sum(dout * _ref(xx, gg, bb, eps)))

    fdx = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        fdx[idx] = (loss(x + e, gamma, beta) - loss(x - e, gamma, beta)) / (2 * h)
    fdg = np.array(
        [
            (loss(x, gamma + h * np.eye(d)[k], beta) - loss(x, gamma - h * np.eye(d)[k], beta))
            / (2 * h)
            for k in range(d)
        ]
    )
    fdb = np.array(
        [
            (loss(x, gamma, beta + h * np.eye(d)[k]) - loss(x, gamma, beta - h * np.eye(d)[k]))
            / (2 * h)
            for k in range(d)
        ]
    )
    with r.case("backward = central finite differences (dx, dgamma, dbeta)") as c:
        dx, dg, db = f.batchnorm_backward(dout, x, gamma, eps=eps)
        c.close(dx, fdx, rtol=1e-5, atol=1e-7)
        c.close(dg, fdg, rtol=1e-6, atol=1e-8)
        c.close(db, fdb, rtol=1e-6, atol=1e-8)
    with r.case("dx sums to 0 over the batch and is orthogonal to x_hat") as c:
        dx, _, _ = f.batchnorm_backward(dout, x, gamma, eps=0.0)
        c.close(dx.sum(axis=0), np.zeros(d), atol=1e-10)
        c.close((dx * zscore(x, axis=0)).sum(axis=0), np.zeros(d), atol=1e-9)
    with r.case("backward default eps = 1e-5") as c:
        dx, _, _ = f.batchnorm_backward(dout, x, gamma)
        dx2, _, _ = f.batchnorm_backward(dout, x, gamma, eps=1e-5)
        c.close(dx, dx2, rtol=1e-12)
        dx3, _, _ = f.batchnorm_backward(dout, x, gamma, eps=0.0)
        c.true(np.abs(dx - dx3).max() > 1e-9, "eps is used")

    with r.case("running statistics: one step by hand, unbiased variance") as c:
        rm, rv = rng.normal(size=d), rng.uniform(1, 2, d)
        nm, nv = f.update_running(rm, rv, x, momentum=0.2)
        c.close(nm, 0.8 * rm + 0.2 * x.mean(axis=0), rtol=1e-12)
        c.close(nv, 0.8 * rv + 0.2 * np.var(x, axis=0, ddof=1), rtol=1e-12)
        nm, nv = f.update_running(rm, rv, x)
        c.close(nm, 0.9 * rm + 0.1 * x.mean(axis=0), rtol=1e-12)
    with r.case("running statistics converge to the population mean and variance") as c:
        mu, sd = np.array([1.0, -2.0, 0.0]), np.array([0.5, 2.0, 3.0])
        rm, rv = np.zeros(3), np.ones(3)
        for _ in range(3000):
            rm, rv = f.update_running(rm, rv, mu + sd * rng.normal(size=(4, 3)), momentum=0.01)
        tol = 5 * np.sqrt(0.01 / 1.99 * sd**2 / 4)  # 5 sd of the moving average of batch means
        c.true(np.all(np.abs(rm - mu) < tol), f"running mean {np.round(rm, 3).tolist()}")
        c.close(rv, sd**2, rtol=0.25)
        r.figure(
            "running variance after 3000 batches of 4 (true 0.25, 4, 9)", np.round(rv, 3).tolist()
        )
    return r


if __name__ == "__main__":
    main(run)
