"""f-divergences: D_f(P||Q) = sum_x q(x) f(p(x)/q(x)) for convex f with f(1) = 0.

KL, reverse KL, total variation, chi-squared, squared Hellinger and Jensen-Shannon are all
members. Follows Murphy (2023) ch. 2 and Lin (1991). Checks compare each member with its
direct formula, non-negativity via Jensen, the data-processing inequality under random
stochastic maps, and the variational lower bound D_f >= E_P[T] - E_Q[f*(T)] (tight at
T = f'(p/q)) that f-GAN, MINE and NWJ estimators are built on. The learner writes the generic
D_f and the KL variational bound; both are compared with direct formulas, hand values
(T constant), and the local approximation D_f ~ f''(1)/2 chi2 against a directly computed chi2.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["d_f", "kl_variational_bound"]

DOC_ZH = {
    "d_f": """f-散度 D_f(P||Q) = Σ_x q(x) f(p(x) / q(x))，f 为凸函数且 f(1) = 0。

输入：f，逐元素作用于数组的函数；p、q，长度相同的 numpy 概率数组（q > 0）。
输出：一个 float。f(t) = t ln t 给出 KL，f(t) = |t - 1|/2 给出全变差。

>>> round(d_f(lambda t: (t - 1) ** 2, np.array([0.5, 0.5]), np.array([0.25, 0.75])), 6)
0.333333
""",
    "kl_variational_bound": """KL 的变分下界 E_P[T] - E_Q[exp(T - 1)]（f(t) = t ln t 的共轭为 f*(u) = exp(u - 1)）。

输入：T，判别函数在每个结果上的取值（一维数组）；p、q，numpy 概率数组。
输出：一个 float，对任意 T 都 <= KL(p||q)，在 T = 1 + ln(p/q) 处取等号。

>>> round(kl_variational_bound(np.zeros(2), np.array([0.5, 0.5]), np.array([0.25, 0.75])), 6)
-0.367879
""",
}

HINTS = {
    "en": (
        "An f-divergence averages, under q, a convex penalty of the likelihood ratio p/q.",
        "D_f = sum q f(p/q). For the bound, average T under p and exp(T - 1) under q (dot "
        "products with p and q) and subtract.",
    ),
    "zh": (
        "f-散度是在 q 下对似然比 p/q 的凸惩罚取平均。",
        "D_f = Σ q f(p/q)。变分下界：在 p 下平均 T，在 q 下平均 exp(T - 1)（分别与 p、q 做点积），再相减。",
    ),
}

F = {
    "KL": lambda t: t * np.log(t),
    "reverse KL": lambda t: -np.log(t),
    "TV": lambda t: 0.5 * np.abs(t - 1),
    "chi2": lambda t: (t - 1) ** 2,
    "Hellinger^2": lambda t: (np.sqrt(t) - 1) ** 2,
    "JS": lambda t: 0.5 * (t * np.log(2 * t / (1 + t)) + np.log(2 / (1 + t))),
}


def d_f(f, p, q):
    """The f-divergence D_f(P||Q) = sum_x q(x) f(p(x) / q(x)) for convex f with f(1) = 0.

    Input: f, a function applied elementwise to arrays; p, q, numpy probability arrays of
    equal length (q > 0). Output: a float. f(t) = t ln t gives KL, f(t) = |t - 1|/2 total
    variation.

    >>> round(d_f(lambda t: (t - 1) ** 2, np.array([0.5, 0.5]), np.array([0.25, 0.75])), 6)
    0.333333
    """
    return float(np.sum(q * f(p / q)))


def kl_variational_bound(T, p, q):
    """The variational lower bound E_P[T] - E_Q[exp(T - 1)] on KL(p||q) (f* of t ln t).

    Input: T, the critic's value on each outcome (1-D array); p, q, numpy probability
    arrays. Output: a float <= KL(p||q) for every T, with equality at T = 1 + ln(p/q).

    >>> round(kl_variational_bound(np.zeros(2), np.array([0.5, 0.5]), np.array([0.25, 0.75])), 6)
    -0.367879
    """
    return float(p @ T - q @ np.exp(T - 1))


def direct(name, p, q):
    m = 0.5 * (p + q)
    return {
        "KL": np.sum(p * np.log(p / q)),
        "reverse KL": np.sum(q * np.log(q / p)),
        "TV": 0.5 * np.abs(p - q).sum(),
        "chi2": np.sum((p - q) ** 2 / q),
        "Hellinger^2": np.sum((np.sqrt(p) - np.sqrt(q)) ** 2),
        "JS": 0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(q * np.log(q / m)),
    }[name]


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("f-divergences")
    p, q = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))
    kl = float(direct("KL", p, q))

    with r.case("generic sum q f(p/q) equals each direct formula") as c:
        vals = {k: f.d_f(fn, p, q) for k, fn in F.items()}
        r.figure("D_f(p||q) for a random pair (nats)", {k: round(v, 5) for k, v in vals.items()})
        c.close(list(vals.values()), [direct(k, p, q) for k in F], rtol=1e-12)

    # Non-negativity (Jensen: sum q f(p/q) >= f(sum p) = f(1) = 0) and data processing.
    ok_pos, ok_dpi, n = True, True, 0
    with r.case("D_f >= 0 for all six f on 150 random pairs") as c:
        for _ in range(150):
            a, b = rng.dirichlet(np.full(6, 0.5)), rng.dirichlet(np.full(6, 0.5))
            K = rng.dirichlet(np.ones(3), size=6)  # stochastic map from 6 to 3 symbols
            for fn in F.values():
                before, after = f.d_f(fn, a, b), f.d_f(fn, a @ K, b @ K)
                ok_pos &= before > 0
                ok_dpi &= after <= before + 1e-12
                n += 1
        c.true(ok_pos)
    with r.case("data processing: D_f(PK||QK) <= D_f(P||Q) for random channels K") as c:
        c.true(ok_dpi and n == 900)

    # Variational bound for KL: f*(u) = exp(u - 1), so D >= E_P[T] - E_Q[exp(T - 1)]; tight at T = 1 + log(p/q).
    T_opt = 1 + np.log(p / q)
    with r.case("KL variational bound is tight at T = f'(p/q)") as c:
        c.close(f.kl_variational_bound(T_opt, p, q), kl, rtol=1e-12)
    with r.case("any other critic T gives a smaller value") as c:
        worst = max(
            f.kl_variational_bound(T_opt + 0.3 * rng.normal(size=6), p, q) for _ in range(500)
        )
        c.true(worst < kl, f"best random {worst:.4f} < {kl:.4f}")
    with r.case("constant critic T = t: bound t - exp(t - 1) by hand") as c:
        c.close(
            [f.kl_variational_bound(np.full(6, t), p, q) for t in (0.0, 1.0, 2.5)],
            [-np.exp(-1), 0.0, 2.5 - np.exp(1.5)],
            rtol=1e-12,
            atol=1e-15,
        )

    # Local behaviour: every smooth f-divergence ~ f''(1)/2 * chi2 when q is close to p.
    with r.case("Hellinger^2 ~ chi2/4 locally") as c:
        z = rng.normal(size=6)
        pe = p * (1 + 1e-3 * (z - p @ z))  # small relative perturbation that keeps sum(pe) = 1
        chi2 = float(np.sum((pe - p) ** 2 / p))
        c.close(f.d_f(F["Hellinger^2"], pe, p), chi2 / 4, rtol=1e-2)
        c.close(f.d_f(F["KL"], pe, p), chi2 / 2, rtol=1e-2)
    return r


if __name__ == "__main__":
    main(run)
