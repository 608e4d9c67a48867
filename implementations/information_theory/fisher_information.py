"""fisher-information: I(theta) = Var[score] = E[(d/dtheta log p(X; theta))^2], the curvature of
the log-likelihood and the local metric behind KL divergence.

Follows Cover & Thomas (2006) ch. 11 (Fisher information and the Cramer-Rao inequality) and
Murphy (2023) ch. 2. Checks compare closed forms (Bernoulli 1/(theta(1-theta)), Gaussian mean
1/sigma^2) with the exact variance of the score and minus the expected second derivative,
a Monte Carlo variance of the Gaussian score, the Cramer-Rao bound (attained by the sample
mean), and KL(p_theta || p_theta+d) ~ I(theta) d^2 / 2 for small d. The learner writes the
score by central differences and the Fisher information of a discrete model as the exact
expectation of the squared score; they are also compared with the analytic scores of the
Bernoulli and Gaussian, the Poisson closed form 1/lambda and the binomial n/(theta(1-theta)).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import binom, poisson

from implementations._common import Report, main, solution

EXERCISE = ["score", "fisher_information"]

DOC_ZH = {
    "score": """得分函数 d/dθ log p(x; θ)，用中心差分计算。

输入：loglik，函数 loglik(x, t) 返回 log p(x; t)（对数组 x 逐元素）；x，观测值（数组）；t，参数 θ；h，差分步长。
输出：与 x 形状相同的数组，(loglik(x, t+h) - loglik(x, t-h)) / (2h)。

>>> np.round(score(lambda x, t: -0.5 * (x - t) ** 2, np.array([0.0, 2.0]), 1.0), 6).tolist()
[-1.0, 1.0]
""",
    "fisher_information": """离散模型的 Fisher 信息 I(θ) = E[score(X)^2] = Σ_x p(x) score(x)^2（精确求和，不是抽样）。

输入：loglik(x, t)；xs，X 的全部取值；px，它们在 θ = t 下的概率；t，参数；h，差分步长。
输出：一个 float。

>>> ll = lambda x, t: x * np.log(t) + (1 - x) * np.log(1 - t)
>>> round(fisher_information(ll, np.array([0.0, 1.0]), np.array([0.5, 0.5]), 0.5), 4)
4.0
""",
}

HINTS = {
    "en": (
        "The score is the slope of the log-likelihood in theta; the Fisher information is how "
        "much that slope varies from one outcome to the next.",
        "score = (loglik(x, t+h) - loglik(x, t-h)) / (2h). The score has mean zero, so "
        "I = sum_x p(x) score(x)^2, an exact weighted sum over all outcomes.",
    ),
    "zh": (
        "得分是对数似然关于 θ 的斜率；Fisher 信息衡量这个斜率在不同结果之间变化多大。",
        "score = (loglik(x, t+h) - loglik(x, t-h)) / (2h)。得分的均值为 0，所以 "
        "I = Σ_x p(x) score(x)^2，对全部结果精确加权求和。",
    ),
}


def score(loglik, x, t, h=1e-5):
    """The score d/dtheta log p(x; theta) by a central difference.

    Input: loglik(x, t), the log-likelihood log p(x; t) (elementwise in x); x, observations
    (array); t, the parameter; h, the step. Output: an array shaped like x,
    (loglik(x, t+h) - loglik(x, t-h)) / (2h).

    >>> np.round(score(lambda x, t: -0.5 * (x - t) ** 2, np.array([0.0, 2.0]), 1.0), 6).tolist()
    [-1.0, 1.0]
    """
    return (loglik(x, t + h) - loglik(x, t - h)) / (2 * h)


def fisher_information(loglik, xs, px, t, h=1e-5):
    """Fisher information I(theta) = E[score^2] = sum_x p(x) score(x)^2 of a discrete model.

    Input: loglik(x, t); xs, all values of X; px, their probabilities at theta = t; t, the
    parameter; h, the finite-difference step. Output: a float (an exact sum, not a sample).

    >>> ll = lambda x, t: x * np.log(t) + (1 - x) * np.log(1 - t)
    >>> round(fisher_information(ll, np.array([0.0, 1.0]), np.array([0.5, 0.5]), 0.5), 4)
    4.0
    """
    return float(px @ score(loglik, xs, t, h) ** 2)


def bern_loglik(x, t):
    return x * np.log(t) + (1 - x) * np.log(1 - t)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Fisher information")

    t, h = 0.3, 1e-5
    xs, px = np.array([0.0, 1.0]), np.array([1 - t, t])
    closed = 1 / (t * (1 - t))
    r.figure("Bernoulli(0.3) Fisher information, closed form", closed)
    with r.case("Bernoulli score = x/theta - (1-x)/(1-theta), and E[score] = 0") as c:
        sc = f.score(bern_loglik, xs, t)
        c.close(sc, xs / t - (1 - xs) / (1 - t), rtol=1e-8)
        c.close(px @ sc, 0.0, atol=1e-8)
    with r.case("Var[score] (exact sum) = 1/(theta(1-theta))") as c:
        c.close(f.fisher_information(bern_loglik, xs, px, t), closed, rtol=1e-7)
    # Curvature by second differences (not the learner's code): -E[d2 log p] is the same I.
    with r.case("-E[d2 log p] = 1/(theta(1-theta))") as c:
        curv = (bern_loglik(xs, t + h) - 2 * bern_loglik(xs, t) + bern_loglik(xs, t - h)) / h**2
        c.close(f.fisher_information(bern_loglik, xs, px, t), -(px @ curv), rtol=1e-4)

    with r.case("Poisson(lambda): I = 1/lambda; Binomial(20, theta): I = 20/(theta(1-theta))") as c:
        lam, ks = 2.5, np.arange(80)
        ll = lambda x, l: x * np.log(l) - l  # noqa: E731  (the log x! term has no lambda in it)
        c.close(f.fisher_information(ll, ks, poisson.pmf(ks, lam), lam), 1 / lam, rtol=1e-7)
        kb = np.arange(21)
        llb = lambda x, th: x * np.log(th) + (20 - x) * np.log(1 - th)  # noqa: E731
        c.close(f.fisher_information(llb, kb, binom.pmf(kb, 20, 0.7), 0.7), 20 / 0.21, rtol=1e-7)

    # Gaussian mean with known sigma: score (x - mu)/sigma^2, so I = 1/sigma^2; Monte Carlo.
    with r.case("Monte Carlo Var[score] within 4 se of 1/sigma^2") as c:
        mu, s = 1.0, 0.5
        x = rng.normal(mu, s, size=400_000)
        gl = lambda x, m: -0.5 * ((x - m) / s) ** 2  # noqa: E731
        sc = f.score(gl, x, mu)
        c.close(sc[:100], (x[:100] - mu) / s**2, rtol=1e-6)
        se = sc.var() * np.sqrt(2 / x.size)  # sd of a sample variance of Gaussian data
        c.true(abs(sc.var() - 1 / s**2) < 4 * se, f"MC {sc.var():.4f} vs {1 / s**2:.4f}")

    # Cramer-Rao: any unbiased estimator has variance >= 1/(n I). The sample mean attains it.
    with r.case("Bernoulli sample mean attains Cramer-Rao 1/(n I)") as c:
        n = 50
        k = np.arange(n + 1)
        logc = np.cumsum(np.r_[0, np.log(np.arange(1, n + 1))])
        pk = np.exp(logc[n] - logc - logc[::-1] + k * np.log(t) + (n - k) * np.log(1 - t))
        var_mean = pk @ (k / n - t) ** 2  # exact variance of the sample mean
        c.close(var_mean, 1 / (n * f.fisher_information(bern_loglik, xs, px, t)), rtol=1e-7)

    # Local KL: KL(Bern(t) || Bern(t+d)) / d^2 -> I(t)/2.
    with r.case("KL ~ I d^2 / 2 for small d") as c:
        ratios = []
        for d in (1e-1, 1e-2, 1e-3):
            q = t + d
            kl = t * np.log(t / q) + (1 - t) * np.log((1 - t) / (1 - q))
            ratios.append(kl / d**2)
        fi = f.fisher_information(bern_loglik, xs, px, t)
        r.figure(
            "KL/d^2 for d = 0.1, 0.01, 0.001 vs I/2",
            [round(float(v), 5) for v in ratios] + [round(fi / 2, 5)],
        )
        c.close(ratios[-1], fi / 2, rtol=1e-2)
    return r


if __name__ == "__main__":
    main(run)
