"""weight-averaging-ema: Polyak averaging and exponential moving averages of the weights.

Follows Polyak & Juditsky (1992), who average the iterates of stochastic approximation and show
the average attains the optimal asymptotic rate without knowing the Hessian, and Goodfellow,
Bengio & Courville, ch. 8 (Polyak averaging and its exponentially decaying form for non-convex
training). Checks: the running mean against np.cumsum; the EMA against its closed form
sum_t (1 - d) d^(T-t) w_t, and with bias correction against the normalised weighted average (a
constant sequence is returned exactly); on SGD for a noisy quadratic (4000 chains, stationary
start) the EMA's variance matches the closed form for an AR(1) process,
Var(e)/Var(x) = (1 - d)(1 + d rho) / ((1 + d)(1 - d rho)) with rho = 1 - lr a; with step sizes
0.5 t^(-0.6) the Polyak average's mean squared error is close to the optimal sigma^2 / (a^2 T)
while the last iterate's is several times larger.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["polyak_average", "ema"]

DOC_ZH = {
    "polyak_average": """Polyak 平均：迭代点的累计均值。

输入：iterates，形状 (T, n)，第 t 行是第 t+1 个迭代点。
输出：形状 (T, n) 的数组，第 t 行是前 t+1 个迭代点的平均。

>>> polyak_average(np.array([[1.0], [3.0], [8.0]]))[:, 0].tolist()
[1.0, 2.0, 4.0]
""",
    "ema": """权重的指数滑动平均：e_t = d e_{t-1} + (1 - d) w_t，e_0 = 0。

输入：iterates，形状 (T, n)；decay，衰减率 d；bias_correction，为 True 时返回 e_t / (1 - d^t)（t 从 1 开始）。
输出：形状 (T, n) 的数组，第 t-1 行是 e_t。

>>> ema(np.array([[2.0], [2.0]]), 0.5)[:, 0].tolist()
[1.0, 1.5]
""",
}

HINTS = {
    "en": (
        "Both are weighted averages of the iterates: equal weights for Polyak, geometrically "
        "decaying weights for the EMA, whose zero start needs the same fix as Adam's moments.",
        "polyak: np.cumsum(iterates, axis=0) / (t + 1). ema: e = d e + (1 - d) w for each row; "
        "divide by (1 - d^t) if bias_correction.",
    ),
    "zh": (
        "二者都是迭代点的加权平均：Polyak 用相等权重，EMA 用几何衰减的权重；EMA 从 0 开始，需要与 Adam 矩估计相同的修正。",
        "polyak：np.cumsum(iterates, axis=0) / (t + 1)。ema：对每一行 e = d e + (1 - d) w；"
        "bias_correction 为 True 时再除以 (1 - d^t)。",
    ),
}


def polyak_average(iterates):
    """Polyak averaging: the running mean of the iterates.

    Input: iterates, an array (T, n) whose row t is iterate t+1.
    Output: an array (T, n) whose row t is the mean of the first t+1 iterates.

    >>> polyak_average(np.array([[1.0], [3.0], [8.0]]))[:, 0].tolist()
    [1.0, 2.0, 4.0]
    """
    out = np.zeros_like(iterates, dtype=float)
    s = np.zeros(iterates.shape[1:])
    for t, w in enumerate(iterates):
        s = s + w
        out[t] = s / (t + 1)
    return out


def ema(iterates, decay, bias_correction=False):
    """Exponential moving average of the weights: e_t = d e_{t-1} + (1 - d) w_t from e_0 = 0.

    Input: iterates, an array (T, n); decay, d; bias_correction, if True return
    e_t / (1 - d^t) (t from 1).
    Output: an array (T, n) whose row t-1 is e_t.

    >>> ema(np.array([[2.0], [2.0]]), 0.5)[:, 0].tolist()
    [1.0, 1.5]
    """
    out = np.zeros_like(iterates, dtype=float)
    e = np.zeros(iterates.shape[1:])
    for t, w in enumerate(iterates, start=1):
        e = decay * e + (1 - decay) * w
        out[t - 1] = e / (1 - decay**t) if bias_correction else e
    return out


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Polyak averaging and weight EMA")
    rng = np.random.default_rng(0)
    W = rng.normal(size=(50, 3)) + np.linspace(0, 5, 50)[:, None]

    with r.case("running mean equals cumsum / t") as c:
        c.close(f.polyak_average(W), np.cumsum(W, axis=0) / np.arange(1, 51)[:, None], rtol=1e-12)
    d = 0.8
    wts = (1 - d) * d ** np.arange(49, -1, -1)
    with r.case("EMA = sum_t (1 - d) d^(T-t) w_t (closed form)") as c:
        E = f.ema(W, d)
        c.close(E[-1], wts @ W, rtol=1e-12)
        c.close(E[0], (1 - d) * W[0], rtol=1e-12)
    with r.case(
        "bias-corrected EMA = normalised weighted average; constants come back exactly"
    ) as c:
        E = f.ema(W, d, True)
        c.close(E[-1], wts @ W / wts.sum(), rtol=1e-12)
        c.close(E[0], W[0], rtol=1e-12)
        const = f.ema(np.full((30, 2), 7.0), 0.99, True)
        c.close(const, np.full((30, 2), 7.0), rtol=1e-12)
        c.close(
            f.ema(np.full((3, 1), 7.0), 0.99)[:, 0], 7.0 * (1 - 0.99 ** np.arange(1, 4)), rtol=1e-12
        )

    # SGD on (a/2) x^2 with gradient noise sigma: x_{t+1} = rho x_t - lr sigma xi, rho = 1 - lr a
    a, sigma, lr, C = 1.0, 1.0, 0.1, 4000
    rho = 1 - lr * a
    var_x = lr * sigma**2 / (a * (2 - lr * a))  # stationary variance
    with r.case(
        "EMA variance on stationary SGD noise = (1-d)(1+d rho)/((1+d)(1-d rho)) Var(x)"
    ) as c:
        x = rng.normal(size=C) * np.sqrt(var_x)  # start in the stationary distribution
        xs = []
        for _ in range(200):
            x = rho * x - lr * sigma * rng.normal(size=C)
            xs.append(x)
        xs = np.array(xs)
        dd = 0.9
        e = f.ema(xs, dd)[-1]
        ratio = np.var(e) / np.var(xs[-1])
        ref = (1 - dd) * (1 + dd * rho) / ((1 + dd) * (1 - dd * rho))
        r.figure("Var(EMA)/Var(x): Monte Carlo, closed form", [float(ratio), float(ref)])
        c.close(ratio, ref, rtol=0.08)

    T, C2 = 1000, 2000
    with r.case("Polyak-Juditsky: averaged MSE ~ sigma^2/(a^2 T), last iterate far worse") as c:
        x = np.zeros(C2)
        xs = np.zeros((T, C2))
        for t in range(1, T + 1):
            x = x - 0.5 * t**-0.6 * (a * x + sigma * rng.normal(size=C2))
            xs[t - 1] = x
        avg = f.polyak_average(xs)[-1]
        opt = sigma**2 / (a**2 * T)
        r.figure(
            "MSE / (sigma^2/(a^2 T)): average, last iterate",
            [float(np.mean(avg**2) / opt), float(np.mean(x**2) / opt)],
        )
        c.true(0.85 < np.mean(avg**2) / opt < 1.3, f"average {np.mean(avg**2) / opt:.3f}")
        c.true(np.mean(x**2) > 3 * np.mean(avg**2), "the last iterate is several times worse")
    return r


if __name__ == "__main__":
    main(run)
