"""jensen-inequality: for convex f, E[f(X)] >= f(E[X]); for concave f the inequality flips.

Follows Cover & Thomas (2006) sec. 2.6. The learner writes the Jensen gap E f(X) - f(E X) of a
discrete random variable. Checks compare it with a loop over the outcomes, with the variance
(the exact gap for x^2), zero for affine f, non-negativity for four convex f and
non-positivity for concave log on random draws, AM-GM against scipy.stats.gmean, a two-point
hand example, and the closed-form ELBO gap 1/2 of log E[w] >= E[log w] for lognormal weights.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import gmean

from implementations._common import Report, main, solution

EXERCISE = ["jensen_gap"]

DOC_ZH = {
    "jensen_gap": """离散随机变量的 Jensen 间隙 E[fn(X)] - fn(E[X])。

输入：fn，逐元素作用于数组的函数；x，X 的取值（一维数组）；p，对应概率（非负，和为 1）。
输出：一个 float。fn 为凸函数时 >= 0，凹函数时 <= 0，仿射函数时为 0。

>>> round(jensen_gap(np.square, np.array([0.0, 2.0]), np.array([0.5, 0.5])), 6)
1.0
""",
}

HINTS = {
    "en": (
        "Two numbers: average fn over the outcomes, and fn of the average outcome.",
        "E fn(X) = sum p_i fn(x_i) and E X = sum p_i x_i (weighted sums, not plain means); "
        "the gap is the first minus fn of the second.",
    ),
    "zh": (
        "两个数：fn 在各结果上的平均，以及 fn 作用于平均结果。",
        "E fn(X) = Σ p_i fn(x_i)，E X = Σ p_i x_i（加权和，不是简单平均）；"
        "间隙是前者减去 fn(后者)。",
    ),
}

CONVEX = {
    "x^2": np.square,
    "exp": np.exp,
    "-log": lambda x: -np.log(x),
    "|x-1|": lambda x: np.abs(x - 1),
}


def jensen_gap(fn, x, p):
    """The Jensen gap E[fn(X)] - fn(E[X]) of a discrete random variable.

    Input: fn, a function applied elementwise to arrays; x, the values of X (1-D array);
    p, their probabilities (non-negative, summing to 1). Output: a float, >= 0 for convex fn,
    <= 0 for concave fn, 0 for affine fn.

    >>> round(jensen_gap(np.square, np.array([0.0, 2.0]), np.array([0.5, 0.5])), 6)
    1.0
    """
    x, p = np.asarray(x, dtype=float), np.asarray(p, dtype=float)
    return float(np.sum(p * fn(x)) - fn(np.sum(p * x)))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Jensen's inequality")

    with r.case("two-point example: x in {0, 2}, p = (1/4, 3/4), fn = exp") as c:
        # E exp(X) = 1/4 + 3/4 e^2 and exp(E X) = e^{3/2}, by hand.
        c.close(
            f.jensen_gap(np.exp, [0.0, 2.0], [0.25, 0.75]),
            0.25 + 0.75 * np.e**2 - np.e**1.5,
            rtol=1e-12,
        )

    with r.case("agrees with a loop over outcomes for four convex f") as c:
        x, p = rng.uniform(0.05, 3.0, size=6), rng.dirichlet(np.ones(6))
        for fn in CONVEX.values():
            ef = sum(pi * fn(xi) for pi, xi in zip(p, x))
            ex = sum(pi * xi for pi, xi in zip(p, x))
            c.close(f.jensen_gap(fn, x, p), ef - fn(ex), rtol=1e-10, atol=1e-14)

    with r.case("E f(X) >= f(E X) for four convex f on 500 random draws each") as c:
        worst = {}
        for name, fn in CONVEX.items():
            gaps = []
            for _ in range(500):
                x = rng.uniform(0.05, 3.0, size=6)
                p = rng.dirichlet(np.ones(6))
                gaps.append(f.jensen_gap(fn, x, p))
            worst[name] = float(min(gaps))
        r.figure(
            "smallest E f(X) - f(E X) over 500 draws", {k: round(v, 8) for k, v in worst.items()}
        )
        c.true(all(v >= -1e-12 for v in worst.values()))

    x, p = rng.normal(size=8), rng.dirichlet(np.ones(8))
    with r.case("affine f: equality") as c:
        c.close(f.jensen_gap(lambda t: 2.5 * t - 1.0, x, p), 0.0, atol=1e-12)

    # For f(x) = x^2 the Jensen gap is exactly the variance (two-pass formula as reference).
    with r.case("gap for x^2 equals Var X") as c:
        mean = sum(pi * xi for pi, xi in zip(p, x))
        c.close(f.jensen_gap(np.square, x, p), np.sum(p * (x - mean) ** 2), rtol=1e-10)

    # Concave log with equal weights: the gap is log GM - log AM <= 0 (AM-GM), scipy's gmean.
    with r.case("AM-GM: exp(E log Y) <= E Y, gap = log(GM/AM)") as c:
        y = rng.uniform(0.1, 10, size=50)
        g = f.jensen_gap(np.log, y, np.full(50, 1 / 50))
        r.figure(
            "geometric vs arithmetic mean of 50 positives",
            [round(float(gmean(y)), 6), round(float(np.mean(y)), 6)],
        )
        c.close(g, np.log(gmean(y) / np.mean(y)), rtol=1e-10)
        c.true(g < 0)

    # Variational bound: log E[w] >= E[log w]; for lognormal(0, 1) the gap is 1/2 (closed form).
    with r.case("lognormal Jensen gap close to closed form 1/2") as c:
        w = rng.lognormal(mean=0.0, sigma=1.0, size=100_000)
        g = -f.jensen_gap(np.log, w, np.full(w.size, 1 / w.size))
        c.close(g, 0.5, atol=0.03)
    return r


if __name__ == "__main__":
    main(run)
