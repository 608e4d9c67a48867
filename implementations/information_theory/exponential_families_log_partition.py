"""exponential-families-log-partition: A(eta) = log sum h(x) exp(eta . T(x)) and its derivatives.

Follows Murphy PML1 ch. 3 (the exponential family: log-partition function, whose gradient is
the mean of the sufficient statistics and whose Hessian is their covariance, so A is convex)
and Murphy PML2 ch. 2; Bishop PRML ch. 2. The softmax over a vocabulary is the case T(x) =
one-hot(x), and the cross-entropy gradient p - y of a language model is grad A minus the
observed statistic. Checks on a finite support: A against a direct (overflow-prone, so small
eta) sum and stable at eta ~ 1000; grad A against central finite differences and against the
moments E[T] by enumeration; the Hessian against finite differences of the gradient and
against Cov[T]; convexity along random chords; the Bernoulli case A = log(1 + e^eta); the
Poisson case (truncated support) A = e^eta; and the maximum-likelihood moment-matching
property: at the MLE, E_eta[T] equals the empirical mean of T.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["log_partition", "mean_parameters", "fisher_information"]

DOC_ZH = {
    "log_partition": """有限支撑上的指数族对数配分函数 A(eta) = log Σ_x h(x) exp(eta · T(x))，需数值稳定（log-sum-exp）。

输入：eta，(k,) 自然参数；T，(m, k)，第 x 行是充分统计量 T(x)；h，(m,) 正的基测度（默认全 1）。
输出：A(eta)（浮点数）。

>>> round(float(log_partition(np.array([0.0]), np.array([[0.0], [1.0]]))), 6)
0.693147
""",
    "mean_parameters": """均值参数 mu = E_eta[T(x)] = ∇A(eta)，其中 p(x) = h(x) exp(eta · T(x) - A(eta))。

输入：eta，(k,)；T，(m, k)；h，(m,)（默认全 1）。
输出：(k,) 数组。

>>> np.round(mean_parameters(np.array([np.log(3.0)]), np.array([[0.0], [1.0]])), 6).tolist()
[0.75]
""",
    "fisher_information": """∇²A(eta) = Cov_eta[T(x)]，它也是自然参数的费舍尔信息矩阵。

输入：eta，(k,)；T，(m, k)；h，(m,)（默认全 1）。
输出：(k, k) 矩阵。

>>> np.round(fisher_information(np.array([0.0]), np.array([[0.0], [1.0]])), 6).tolist()
[[0.25]]
""",
}

HINTS = {
    "en": (
        "First get the distribution p(x) = h(x) exp(eta . T(x) - A) over the support; the mean "
        "and covariance of T under p are then plain weighted sums.",
        "A = logsumexp(eta . T(x) + log h(x)); differentiating gives grad A = sum_x p(x) T(x) "
        "and Hess A = sum_x p(x) (T(x) - mu)(T(x) - mu)^T, a covariance, hence positive "
        "semidefinite: A is convex.",
    ),
    "zh": (
        "先求出支撑上的分布 p(x) = h(x) exp(eta · T(x) - A)；T 在 p 下的均值和协方差就是普通的加权和。",
        "A = logsumexp(eta · T(x) + log h(x))；求导得 ∇A = Σ_x p(x) T(x)，"
        "∇²A = Σ_x p(x) (T(x) - mu)(T(x) - mu)^T，是协方差矩阵，因此半正定：A 是凸函数。",
    ),
}


def _probs(eta, T, h):
    s = T @ eta + (0.0 if h is None else np.log(h))
    s = s - s.max()
    p = np.exp(s)
    return p / p.sum()


def log_partition(eta, T, h=None):
    """Log-partition function of an exponential family on a finite support,
    A(eta) = log sum_x h(x) exp(eta . T(x)), computed stably (log-sum-exp).

    Input: eta (k,) natural parameters; T (m, k) whose row x is the statistic T(x); h (m,)
    a positive base measure (all ones by default). Output: A(eta) (float).

    >>> round(float(log_partition(np.array([0.0]), np.array([[0.0], [1.0]]))), 6)
    0.693147
    """
    s = T @ eta + (0.0 if h is None else np.log(h))
    m = s.max()
    return m + np.log(np.sum(np.exp(s - m)))


def mean_parameters(eta, T, h=None):
    """Mean parameters mu = E_eta[T(x)] = grad A(eta), p(x) = h(x) exp(eta . T(x) - A(eta)).

    Input: eta (k,); T (m, k); h (m,) (ones by default). Output: an array (k,).

    >>> np.round(mean_parameters(np.array([np.log(3.0)]), np.array([[0.0], [1.0]])), 6).tolist()
    [0.75]
    """
    return _probs(eta, T, h) @ T


def fisher_information(eta, T, h=None):
    """Hess A(eta) = Cov_eta[T(x)], also the Fisher information of the natural parameters.

    Input: eta (k,); T (m, k); h (m,) (ones by default). Output: a (k, k) matrix.

    >>> np.round(fisher_information(np.array([0.0]), np.array([[0.0], [1.0]])), 6).tolist()
    [[0.25]]
    """
    p = _probs(eta, T, h)
    D = T - p @ T
    return (D * p[:, None]).T @ D


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Exponential families: the log-partition function and its derivatives")
    m, k = 9, 3
    T = rng.normal(size=(m, k))
    h = rng.uniform(0.2, 2.0, m)
    eta = rng.normal(size=k)

    with r.case("A equals the direct log of the normaliser (with and without h)") as c:
        c.close(f.log_partition(eta, T, h), np.log(np.sum(h * np.exp(T @ eta))), rtol=1e-12)
        c.close(f.log_partition(eta, T), np.log(np.sum(np.exp(T @ eta))), rtol=1e-12)
    with r.case("stable for large natural parameters (eta . T ~ 1000)") as c:
        big = np.array([[1000.0], [999.0], [0.0]])
        c.close(f.log_partition(np.array([1.0]), big), 1000 + np.log1p(np.exp(-1.0)), rtol=1e-13)
        c.close(
            f.mean_parameters(np.array([1.0]), big), [(1000 + 999 * np.exp(-1)) / (1 + np.exp(-1))]
        )

    eps = 1e-5
    E = np.eye(k)
    with r.case("grad A by central finite differences equals mean_parameters") as c:
        fd = [
            (f.log_partition(eta + eps * e, T, h) - f.log_partition(eta - eps * e, T, h))
            / (2 * eps)
            for e in E
        ]
        c.close(f.mean_parameters(eta, T, h), fd, rtol=1e-7, atol=1e-9)
    p = h * np.exp(T @ eta)
    p /= p.sum()
    mu = p @ T
    with r.case("mean parameters equal E[T] by enumeration of the support") as c:
        c.close(f.mean_parameters(eta, T, h), mu, rtol=1e-12)
        c.close(f.mean_parameters(eta, T), np.exp(T @ eta) @ T / np.exp(T @ eta).sum(), rtol=1e-12)
    with r.case("Hessian of A equals Cov[T] (enumeration) and finite differences of grad A") as c:
        cov = (T - mu).T @ ((T - mu) * p[:, None])
        F = f.fisher_information(eta, T, h)
        c.close(F, cov, rtol=1e-10, atol=1e-13)
        fd = np.column_stack(
            [
                (f.mean_parameters(eta + eps * e, T, h) - f.mean_parameters(eta - eps * e, T, h))
                / (2 * eps)
                for e in E
            ]
        )
        c.close(F, fd, rtol=1e-6, atol=1e-9)
        q = np.exp(T @ eta)
        q /= q.sum()
        c.close(
            f.fisher_information(eta, T), (T - q @ T).T @ ((T - q @ T) * q[:, None]), atol=1e-13
        )
    with r.case("A is convex: A(mid) <= average of endpoints on random chords") as c:
        for _ in range(20):
            e1, e2 = rng.normal(size=k) * 2, rng.normal(size=k) * 2
            lhs = f.log_partition((e1 + e2) / 2, T, h)
            c.true(lhs <= (f.log_partition(e1, T, h) + f.log_partition(e2, T, h)) / 2 + 1e-12)

    Tb = np.array([[0.0], [1.0]])
    with r.case("Bernoulli: A = log(1 + e^eta), mean = sigmoid, variance = mu (1 - mu)") as c:
        for e in (-3.0, 0.4, 2.5):
            s = 1 / (1 + np.exp(-e))
            c.close(f.log_partition(np.array([e]), Tb), np.log1p(np.exp(e)), rtol=1e-12)
            c.close(f.mean_parameters(np.array([e]), Tb), [s], rtol=1e-12)
            c.close(f.fisher_information(np.array([e]), Tb), [[s * (1 - s)]], rtol=1e-10)
    with r.case(
        "Poisson (h = 1/x!, support truncated at 60): A = e^eta, mean = variance = e^eta"
    ) as c:
        from scipy.special import gammaln

        xs = np.arange(61.0)
        hp = np.exp(-gammaln(xs + 1))
        for e in (-1.0, 0.5, 1.7):
            lam = np.exp(e)
            c.close(f.log_partition(np.array([e]), xs[:, None], hp), lam, rtol=1e-10)
            c.close(f.mean_parameters(np.array([e]), xs[:, None], hp), [lam], rtol=1e-10)
            c.close(f.fisher_information(np.array([e]), xs[:, None], hp), [[lam]], rtol=1e-8)

    # maximum likelihood: grad of mean log-lik = Tbar - grad A = 0, solved by Newton with the Hessian
    data = rng.choice(m, size=500, p=_probs(np.array([0.5, -1.0, 0.3]), T, h))
    Tbar = T[data].mean(0)
    with r.case("MLE by Newton on A(eta) - eta . Tbar matches moments: E_eta[T] = mean of T") as c:
        e = np.zeros(k)
        for _ in range(30):
            g = f.mean_parameters(e, T, h) - Tbar
            e = e - np.linalg.solve(f.fisher_information(e, T, h), g)
        emp = np.bincount(data, minlength=m) / data.size
        c.close(f.mean_parameters(e, T, h), Tbar, atol=1e-10)
        c.close(_probs(e, T, h) @ T, emp @ T, atol=1e-10)
        r.figure("MLE natural parameters (true 0.5, -1.0, 0.3)", np.round(e, 3).tolist())
    return r


if __name__ == "__main__":
    main(run)
