"""differential-entropy: h(X) = -integral f(x) log f(x) dx for a continuous density f.

Follows Cover & Thomas (2006) ch. 8 (differential vs discrete entropy). Checks compare closed
forms (Gaussian 0.5 log(2 pi e sigma^2), negative for a narrow density; Laplace 1 + log 2b)
with numerical integration, the scaling rule h(aX) = h(X) + log|a|, the multivariate Gaussian
formula against a determinant from numpy.linalg, and H(X_delta) + log delta -> h(X) for a
finely quantised X. The learner writes the numerical integral -int f log f and the Gaussian
closed form in d dimensions; the latter is also compared with scipy.stats.multivariate_normal
and the 1-D formula, and the quantised entropies are compared with it.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import multivariate_normal

from implementations._common import Report, main, solution

EXERCISE = ["h_numeric", "gaussian_entropy"]

DOC_ZH = {
    "h_numeric": """用梯形法在 [lo, hi] 上计算微分熵 h = -∫ f(x) ln f(x) dx，单位奈特。

输入：logf，返回对数密度 ln f(x) 的函数（逐元素）；lo、hi，积分区间；n，等距网格 linspace(lo, hi, n) 的点数。
输出：一个 float；可以为负（窄的密度）。

>>> round(h_numeric(lambda x: np.full_like(x, -np.log(2.0)), 0.0, 2.0, n=11), 6)
0.693147
""",
    "gaussian_entropy": """d 维高斯 N(μ, K) 的微分熵 0.5 ln((2πe)^d det K)，单位奈特（与 μ 无关）。

输入：K，d×d 对称正定协方差矩阵（二维数组）。
输出：一个 float。

>>> round(gaussian_entropy(np.eye(2)), 6)
2.837877
""",
}

HINTS = {
    "en": (
        "Differential entropy is an expectation of -log f under f, so it is an integral you "
        "can approximate on a grid; for Gaussians only the volume det K matters.",
        "Evaluate lf = logf(x) on linspace(lo, hi, n) and integrate -exp(lf) lf with "
        "np.trapezoid. For N(mu, K), h = 0.5 log((2 pi e)^d det K) with d = K.shape[0] "
        "(slogdet is safer than det).",
    ),
    "zh": (
        "微分熵是 -log f 在 f 下的期望，可以在网格上近似这个积分；对高斯分布只有体积 det K 起作用。",
        "在 linspace(lo, hi, n) 上计算 lf = logf(x)，再用 np.trapezoid 积分 -exp(lf) lf。"
        "对 N(mu, K)，h = 0.5 log((2πe)^d det K)，d = K.shape[0]（用 slogdet 比 det 更稳）。",
    ),
}

erf = np.vectorize(math.erf)


def h_numeric(logf, lo, hi, n=400_001):
    """Differential entropy -integral f log f by the trapezoid rule on [lo, hi], in nats.

    Input: logf, a function returning the log-density ln f(x) elementwise; lo, hi, the
    interval; n, the number of points of the grid linspace(lo, hi, n). Output: a float,
    negative for a narrow density.

    >>> round(h_numeric(lambda x: np.full_like(x, -np.log(2.0)), 0.0, 2.0, n=11), 6)
    0.693147
    """
    x = np.linspace(lo, hi, n)
    lf = logf(x)
    return float(-np.trapezoid(np.exp(lf) * lf, x))


def gaussian_entropy(K):
    """Differential entropy 0.5 log((2 pi e)^d det K) of N(mu, K) in nats (mu plays no part).

    Input: K, a d x d symmetric positive definite covariance matrix (2-D array). Output: a
    float.

    >>> round(gaussian_entropy(np.eye(2)), 6)
    2.837877
    """
    K = np.atleast_2d(np.asarray(K, dtype=float))
    d = K.shape[0]
    return float(0.5 * (d * np.log(2 * np.pi * np.e) + np.linalg.slogdet(K)[1]))


def gauss_logpdf(s):
    return lambda x: -0.5 * (x / s) ** 2 - np.log(s * np.sqrt(2 * np.pi))


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Differential entropy")

    s = 1.7
    closed = 0.5 * np.log(2 * np.pi * np.e * s**2)
    r.figure("h(N(0, 1.7^2)) closed form (nats)", float(closed))
    with r.case("Gaussian: closed form = numerical integral") as c:
        c.close(f.h_numeric(gauss_logpdf(s), -20 * s, 20 * s), closed, rtol=1e-9)
        c.close(f.gaussian_entropy(np.array([[s**2]])), closed, rtol=1e-12)

    # A narrow density has negative differential entropy: it is not a count of bits.
    with r.case("narrow Gaussian: h < 0 and equals the closed form") as c:
        s_small = 0.1
        h_small = f.h_numeric(gauss_logpdf(s_small), -3, 3)
        r.figure("h(N(0, 0.1^2)) numerical (nats)", h_small)
        c.close(h_small, 0.5 * np.log(2 * np.pi * np.e * s_small**2), rtol=1e-9)
        c.true(h_small < 0)

    # Scaling: h(cX) = h(X) + log|c|, shown on a Laplace density (scale b -> c b).
    b, cc = 0.6, 3.0
    lap = lambda bb: lambda x: -np.abs(x) / bb - np.log(2 * bb)  # noqa: E731
    h1 = np.nan
    with r.case("scaling rule h(cX) = h(X) + log c") as c:
        h1, h2 = f.h_numeric(lap(b), -40, 40), f.h_numeric(lap(cc * b), -120, 120)
        c.close(h2, h1 + np.log(cc), rtol=1e-7)
    with r.case("Laplace closed form 1 + log(2b)") as c:
        c.close(h1, 1 + np.log(2 * b), rtol=1e-7)

    # Uniform on [0, a]: h = log a, on an asymmetric interval (the grid must span [lo, hi]).
    with r.case("uniform on [2, 2.5]: h = log 0.5 < 0") as c:
        c.close(
            f.h_numeric(lambda x: np.full_like(x, -np.log(0.5)), 2.0, 2.5, n=1001),
            np.log(0.5),
            rtol=1e-12,
        )

    # Multivariate Gaussian: h = 0.5 log((2 pi e)^d det K); compare with the eigenvalue sum.
    with r.case("d-dim Gaussian: det formula = sum over independent principal axes") as c:
        rng = np.random.default_rng(0)
        for d in (2, 4):
            A = rng.normal(size=(d, d))
            K = A @ A.T + 0.5 * np.eye(d)
            h_eig = sum(0.5 * np.log(2 * np.pi * np.e * lam) for lam in np.linalg.eigvalsh(K))
            c.close(f.gaussian_entropy(K), h_eig, rtol=1e-10)
            c.close(f.gaussian_entropy(K), multivariate_normal(cov=K).entropy(), rtol=1e-10)

    # Quantisation: H(X_delta) + log delta -> h(X) as delta -> 0.
    with r.case("quantised entropy + log delta converges to h(X)") as c:
        h0 = f.gaussian_entropy(np.eye(1))
        errs = []
        for delta in (0.5, 0.1, 0.02):
            edges = np.arange(-12, 12 + delta / 2, delta)
            cdf = 0.5 * (1 + erf(edges / np.sqrt(2)))  # exact bin probabilities of N(0, 1)
            p = np.diff(cdf)
            Hd = -np.sum(p[p > 0] * np.log(p[p > 0]))
            errs.append(abs(Hd + np.log(delta) - h0))
        r.figure(
            "|H(X_delta) + log delta - h(X)| for delta = 0.5, 0.1, 0.02",
            [float(f"{e:.2e}") for e in errs],
        )
        c.true(errs[0] > errs[1] > errs[2] and errs[2] < 1e-3)
    return r


if __name__ == "__main__":
    main(run)
