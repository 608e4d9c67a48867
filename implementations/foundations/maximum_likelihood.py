"""maximum-likelihood: choose parameters that make the observed data most probable.

Follows Goodfellow et al. 5.5 (Maximum Likelihood Estimation), Murphy PML1 ch. 4, d2l-en
22.7. Checks: the Gaussian MLE closed form (sample mean, biased variance) against brute-force
maximisation of the log-likelihood on a grid and against a zero gradient; the Bernoulli MLE
(the frequency) against a grid; average negative log-likelihood of a categorical model
minimised by the empirical frequencies (against random alternatives), with unseen classes;
the log-likelihood against scipy.stats.norm.logpdf.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import norm

from implementations._common import Report, main, solution

EXERCISE = ["gauss_loglik", "gaussian_mle", "categorical_mle"]

DOC_ZH = {
    "gauss_loglik": """独立同分布数据 x 在 N(mu, var) 下的对数似然：
Σ_i log N(x_i; mu, var) = -n/2 log(2 pi var) - Σ (x_i - mu)^2 / (2 var)。

输入：x，一维数据；mu，均值；var，方差（> 0）。
输出：一个 float。

>>> round(float(gauss_loglik(np.array([0.0]), 0.0, 1.0)), 6)
-0.918939
""",
    "gaussian_mle": """正态分布的最大似然估计：mu_hat 为样本均值，var_hat = mean((x - mu_hat)^2)（除以 n，而不是 n - 1）。

输入：x，一维数据（至少 1 个值）。
输出：元组 (mu_hat, var_hat)。

>>> [float(v) for v in gaussian_mle(np.array([1.0, 3.0]))]
[2.0, 1.0]
""",
    "categorical_mle": """类别分布的最大似然估计：每个类别的经验频率 count_j / n。

输入：y，取值 0..k-1 的整数标签（一维，也可以是布尔值）；k，类别数。
输出：长度 k 的概率向量；未出现的类别概率为 0。

>>> categorical_mle(np.array([0, 2, 2, 0]), 4).tolist()
[0.5, 0.0, 0.5, 0.0]
""",
}

HINTS = {
    "en": (
        "Write the log-likelihood as a sum over the data, then set its derivative with "
        "respect to each parameter to zero.",
        "For a normal sample the zero of the score is the sample mean and the mean squared "
        "deviation (divide by n). For a categorical variable, maximising sum log q[y_i] "
        "subject to sum q = 1 gives the empirical frequencies.",
    ),
    "zh": (
        "把对数似然写成对数据的求和，再令它对每个参数的导数为零。",
        "对正态样本，得分函数的零点是样本均值和平均平方偏差（除以 n）。对类别变量，在 sum q = 1 的约束下"
        "最大化 sum log q[y_i]，得到经验频率。",
    ),
}


def gauss_loglik(x, mu, var):
    """Log-likelihood of i.i.d. data x under N(mu, var):
    sum_i log N(x_i; mu, var) = -n/2 log(2 pi var) - sum (x_i - mu)^2 / (2 var).

    Input: x, 1-D data; mu, the mean; var, the variance (> 0). Output: a float.

    >>> round(float(gauss_loglik(np.array([0.0]), 0.0, 1.0)), 6)
    -0.918939
    """
    x = np.asarray(x, dtype=float)
    return -0.5 * len(x) * np.log(2 * np.pi * var) - np.sum((x - mu) ** 2) / (2 * var)


def gaussian_mle(x):
    """Maximum-likelihood estimates of a normal distribution: mu_hat the sample mean and
    var_hat = mean((x - mu_hat)^2) (divided by n, not n - 1).

    Input: x, 1-D data (at least one value). Output: (mu_hat, var_hat).

    >>> [float(v) for v in gaussian_mle(np.array([1.0, 3.0]))]
    [2.0, 1.0]
    """
    x = np.asarray(x, dtype=float)
    mu_hat = x.mean()
    return mu_hat, np.mean((x - mu_hat) ** 2)  # MLE divides by n, not n - 1


def categorical_mle(y, k):
    """Maximum-likelihood estimate of a categorical distribution: the empirical frequency
    count_j / n of each class.

    Input: y, integer labels in 0..k-1 (1-D; booleans allowed); k, the number of classes.
    Output: a probability vector of length k, 0 for classes never seen.

    >>> categorical_mle(np.array([0, 2, 2, 0]), 4).tolist()
    [0.5, 0.0, 0.5, 0.0]
    """
    y = np.asarray(y).astype(int)
    return np.bincount(y, minlength=k) / len(y)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Maximum likelihood")

    x = rng.normal(3.0, 2.0, size=500)
    with r.case("log-likelihood equals a sum of scipy.stats.norm.logpdf") as c:
        for mu, var in ((3.0, 4.0), (-1.0, 0.25), (0.0, 10.0)):
            c.close(
                f.gauss_loglik(x, mu, var), np.sum(norm.logpdf(x, mu, np.sqrt(var))), rtol=1e-12
            )

    # Brute force: evaluate the log-likelihood on a 2-D grid and take the argmax.
    mus = np.linspace(2.0, 4.0, 801)  # step 0.0025
    vs = np.linspace(2.5, 5.5, 1201)  # step 0.0025
    S = np.sum(x**2) - 2 * mus[:, None] * np.sum(x) + len(x) * mus[:, None] ** 2
    LL = -0.5 * len(x) * np.log(2 * np.pi * vs[None, :]) - S / (2 * vs[None, :])
    i, j = np.unravel_index(np.argmax(LL), LL.shape)
    with r.case("grid argmax of log-likelihood matches closed-form MLE") as c:
        mu_hat, var_hat = f.gaussian_mle(x)
        r.figure("mu_hat, sigma2_hat", [float(mu_hat), float(var_hat)])
        c.close([mus[i], vs[j]], [mu_hat, var_hat], atol=0.0025)
    with r.case("score (gradient) vanishes at the MLE") as c:
        mu_hat, var_hat = f.gaussian_mle(x)
        grad_mu = np.sum(x - mu_hat) / var_hat
        grad_var = -len(x) / (2 * var_hat) + np.sum((x - mu_hat) ** 2) / (2 * var_hat**2)
        c.close([grad_mu, grad_var], [0.0, 0.0], atol=1e-9)
    with r.case("MLE of a small sample equals loops (divides by n)") as c:
        z = np.array([4.0, -1.0, 2.5, 0.5, 9.0])
        m = sum(z) / 5
        c.close(f.gaussian_mle(z), [m, sum((v - m) ** 2 for v in z) / 5], rtol=1e-12)
    with r.case("MLE beats the unbiased variance in likelihood") as c:
        mu_hat, var_hat = f.gaussian_mle(x)
        ll = np.sum(norm.logpdf(x, mu_hat, np.sqrt(var_hat)))
        c.true(ll > np.sum(norm.logpdf(x, mu_hat, np.sqrt(x.var(ddof=1)))))

    # Bernoulli: MLE of p is the frequency of ones (grid search of the log-likelihood).
    b = rng.random(300) < 0.37
    with r.case("Bernoulli MLE equals frequency") as c:
        ps = np.linspace(0.001, 0.999, 9_981)
        ll = b.sum() * np.log(ps) + (~b).sum() * np.log(1 - ps)
        q = f.categorical_mle(b, 2)
        c.close(q[1], ps[np.argmax(ll)], atol=1e-4)
        c.close(q, [np.mean(~b), np.mean(b)], rtol=1e-12)

    # Categorical: empirical frequencies minimise the average negative log-likelihood.
    y = rng.choice(5, size=2_000, p=[0.4, 0.3, 0.15, 0.1, 0.05])

    def nll(q):
        return -np.mean(np.log(q[y]))

    with r.case("frequencies give lower NLL than 2000 nearby alternatives") as c:
        freq = np.asarray(f.categorical_mle(y, 5))
        others = (
            rng.dirichlet(np.ones(5) * 20, size=2_000) * 0.2 + freq * 0.8
        )  # nearby alternatives
        alt = -np.mean(np.log(others[:, y]), axis=1)  # NLL of every alternative at once
        c.true(bool(np.all(nll(freq) <= alt)), f"NLL={nll(freq):.4f}")
        c.close(freq.sum(), 1.0, rtol=1e-12)
    with r.case("a class never observed gets probability 0 (k larger than the labels seen)") as c:
        c.close(f.categorical_mle(y, 7), [np.mean(y == j) for j in range(7)], rtol=1e-12, atol=0)
    return r


if __name__ == "__main__":
    main(run)
