"""maximum-entropy: among all distributions meeting given moment constraints, the one with the
largest entropy has the exponential-family form p(x) ~ exp(sum_i lambda_i r_i(x)).

Follows Cover & Thomas (2006) ch. 12 (and ch. 8 for the Gaussian) and Jaynes (1957). Checks:
at unit variance the Gaussian beats Laplace, logistic and uniform densities (entropies by
numerical integration, matched to their closed forms); for a die with mean 4.5 the Gibbs
solution matches the published values, beats random feasible distributions, and satisfies
the identity H(p*) - H(p) = D(p || p*) for every feasible p. The learner writes the numerical
entropy on the module's grid and the bisection for the Gibbs die; the die is also compared with
scipy.optimize.brentq on the mean equation, the uniform die at mean 3.5, and a two-face case.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from implementations._common import Report, main, solution

EXERCISE = ["h_numeric", "maxent_die"]

DOC_ZH = {
    "h_numeric": """在模块网格 X = linspace(-30, 30, 300001) 上用梯形法计算微分熵 -∫ f ln f dx，单位奈特。

输入：logf，返回对数密度的函数（逐元素；支撑集外可以返回 -inf）。
输出：一个 float；f = 0 的点贡献为 0（0·ln 0 = 0，不能产生 nan）。

>>> round(h_numeric(lambda x: -0.5 * x**2 - 0.5 * np.log(2 * np.pi)), 6)
1.418939
""",
    "maxent_die": """均值约束 E[X] = mean 下熵最大的骰子分布 p(x) ∝ exp(λ x)，用二分法求 λ。

输入：mean，目标均值（严格位于最小与最大面值之间）；faces，面值数组（默认 1..6）。
输出：与 faces 等长的概率向量 p，满足 Σ p = 1 且 p @ faces = mean。
在 [-10, 10] 上二分 λ（均值随 λ 单调递增），迭代足够多次（例如 200 次）。

>>> np.round(maxent_die(3.5), 6).tolist()
[0.166667, 0.166667, 0.166667, 0.166667, 0.166667, 0.166667]
""",
}

HINTS = {
    "en": (
        "The maximum-entropy law under a mean constraint is exponential in x: only one number, "
        "lambda, is unknown, and the mean grows with it.",
        "Bisect lambda on [-10, 10]: form p = exp(lambda * faces) / sum, and move the lower end "
        "up when p @ faces is below the target, the upper end down otherwise. For h_numeric use "
        "np.where(f > 0, f * logf, 0) before the trapezoid so that -inf log-densities give 0.",
    ),
    "zh": (
        "在均值约束下熵最大的分布关于 x 呈指数形式：只有一个未知数 λ，均值随 λ 单调增大。",
        "在 [-10, 10] 上二分 λ：令 p = exp(λ·faces) / 总和；若 p @ faces 小于目标就上移下端点，"
        "否则下移上端点。h_numeric 中先用 np.where(f > 0, f * logf, 0) 再做梯形积分，"
        "使对数密度为 -inf 的点贡献 0。",
    ),
}

X = np.linspace(-30, 30, 300_001)


def h_numeric(logf):
    """Differential entropy -integral f ln f by the trapezoid rule on the module's grid X.

    Input: logf, a log-density function (elementwise; -inf outside the support is allowed).
    Output: a float in nats; points with f = 0 contribute 0 (0 ln 0 = 0, never nan).

    >>> round(h_numeric(lambda x: -0.5 * x**2 - 0.5 * np.log(2 * np.pi)), 6)
    1.418939
    """
    lf = logf(X)
    f = np.exp(lf)
    return float(-np.trapezoid(np.where(f > 0, f * lf, 0.0), X))


def unit_variance_families():
    """(log-density, closed-form entropy in nats) for variance-1 members of four families."""
    b = 1 / np.sqrt(2)  # Laplace: var = 2 b^2
    s = np.sqrt(3) / np.pi  # logistic: var = s^2 pi^2 / 3
    w = np.sqrt(12)  # uniform: var = w^2 / 12
    with np.errstate(divide="ignore"):
        return {
            "gaussian": (
                lambda x: -0.5 * x**2 - 0.5 * np.log(2 * np.pi),
                0.5 * np.log(2 * np.pi * np.e),
            ),
            "laplace": (lambda x: -np.abs(x) / b - np.log(2 * b), 1 + np.log(2 * b)),
            "logistic": (
                lambda x: -np.abs(x) / s - 2 * np.log1p(np.exp(-np.abs(x) / s)) - np.log(s),
                np.log(s) + 2,
            ),
            "uniform": (lambda x: np.where(np.abs(x) <= w / 2, -np.log(w), -np.inf), np.log(w)),
        }


def maxent_die(mean, faces=None):
    """The maximum-entropy law p(x) ~ exp(lambda x) on the faces with E[X] = mean.

    Input: mean, strictly between the smallest and the largest face; faces, the face values
    (default 1..6). Output: a probability vector p over the faces with p @ faces = mean.
    lambda is found by bisection on [-10, 10] (the mean increases with lambda), with enough
    steps (200) to converge.

    >>> np.round(maxent_die(3.5), 6).tolist()
    [0.166667, 0.166667, 0.166667, 0.166667, 0.166667, 0.166667]
    """
    faces = np.arange(1, 7) if faces is None else faces
    lo, hi = -10.0, 10.0
    for _ in range(200):
        lam = 0.5 * (lo + hi)
        p = np.exp(lam * faces)
        p /= p.sum()
        lo, hi = (lam, hi) if p @ faces < mean else (lo, lam)
    return p


def gibbs_ref(mean, faces):
    """The Gibbs law with lambda from scipy.optimize.brentq on the mean equation."""
    m = lambda lam: np.exp(lam * faces) @ faces / np.exp(lam * faces).sum() - mean  # noqa: E731
    lam = brentq(m, -10, 10, xtol=1e-14)
    p = np.exp(lam * faces)
    return p / p.sum()


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Maximum entropy")

    hs = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for name, (logf, closed) in unit_variance_families().items():
            with r.case(f"{name}: numerical entropy matches closed form") as c:
                hs[name] = f.h_numeric(logf)
                # the uniform's jump edges limit trapezoid accuracy
                c.close(hs[name], closed, rtol=1e-6 if name != "uniform" else 1e-4)
    with r.case("Gaussian has the largest entropy at fixed variance") as c:
        r.figure("entropy at unit variance (nats)", {k: round(v, 5) for k, v in hs.items()})
        c.true(len(hs) == 4 and max(hs, key=hs.get) == "gaussian")

    faces = np.arange(1, 7)
    p_star = np.full(6, np.nan)
    with r.case("constraint met: E[X] = 4.5") as c:
        p_star = f.maxent_die(4.5)
        r.figure("max-ent die with mean 4.5", [round(float(v), 4) for v in p_star])
        c.close([p_star @ faces, p_star.sum()], [4.5, 1.0], rtol=1e-12)
    # A published solution of Jaynes' die example lists (.05, .07, .11, .16, .23, .34), i.e. truncated to 2 decimals.
    with r.case("matches the published max-ent die (truncated to 2 decimals)") as c:
        c.close(np.floor(p_star * 100) / 100, [0.05, 0.07, 0.11, 0.16, 0.23, 0.34], atol=1e-9)
    with r.case(
        "Gibbs law agrees with brentq on the mean equation (means 2, 3.5, 5.9; two faces)"
    ) as c:
        for mean in (2.0, 3.5, 5.9):
            c.close(f.maxent_die(mean), gibbs_ref(mean, faces.astype(float)), rtol=1e-9, atol=1e-12)
        c.close(f.maxent_die(0.3, np.array([0.0, 1.0])), [0.7, 0.3], rtol=1e-9)

    # Random feasible p: add directions that keep sum(p) = 1 and E[X] = 4.5 (null space of constraints).
    C = np.vstack([np.ones(6), faces])
    N = np.linalg.svd(C)[2][2:].T  # 6 x 4 basis of the null space
    H = lambda p: float(-np.sum(p[p > 0] * np.log(p[p > 0])))  # noqa: E731
    ps = [q for q in (p_star + N @ rng.normal(size=4) * 0.05 for _ in range(2000)) if q.min() > 0]
    with r.case("no random feasible distribution has higher entropy") as c:
        worst_gap = min(H(p_star) - H(p) for p in ps)
        c.true(worst_gap > 0, f"smallest gap {worst_gap:.2e}")
    with r.case("H(p*) - H(p) = D(p || p*) for every feasible p") as c:
        identity_err = max(
            abs(H(p_star) - H(p) - float(np.sum(p * np.log(p / p_star)))) for p in ps
        )
        c.true(identity_err < 1e-12, f"max error {identity_err:.1e}")
    return r


if __name__ == "__main__":
    main(run)
