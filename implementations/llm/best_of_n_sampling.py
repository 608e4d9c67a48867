"""best-of-n-sampling: draw n responses, keep the one the reward model scores highest.

Follows Gao, Schulman & Hilton (2023), who optimise against a proxy reward model by best-of-n
(BoN) and by RL and measure the gold reward as a function of KL(pi_BoN || pi), with the BoN KL
computed analytically as log n - (n-1)/n. For a policy over finitely many responses with
distinct rewards, BoN picks y with probability F(y)^n - F(y-)^n (F the policy's CDF in reward
order). Checks: that formula against brute-force enumeration of all N^n draws; n = 1 returns
the policy; the expected reward never falls as n grows; the exact KL never exceeds
log n - (n-1)/n and reaches it as the responses become many and equally likely; the expected
best of n Gaussian rewards (the order-statistic integral) against the closed forms for
n = 2..5, and against BoN on a finely discretised Gaussian; and a proxy reward with a few
large errors whose BoN gold reward rises, then falls (overoptimisation), while the proxy
reward keeps rising.
"""

from __future__ import annotations

from itertools import product

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["best_of_n_probs", "best_of_n_kl", "expected_max_gaussian"]

DOC_ZH = {
    "best_of_n_probs": """n 选 1（best-of-n）：从策略 pi 独立抽 n 个回答，保留奖励最高的那个；求被保留回答的分布。

输入：pi，(N,) 策略概率；r，(N,) 各回答的奖励（互不相同）；n，抽样个数。
输出：(N,) 的概率 q，q(y) = F(y)^n - F(y-)^n，其中 F(y) 是按奖励从小到大排序后 pi 的累积和（含 y），
F(y-) 不含 y。

>>> best_of_n_probs(np.array([0.5, 0.5]), np.array([1.0, 0.0]), 2).tolist()
[0.75, 0.25]
""",
    "best_of_n_kl": """best-of-n 策略相对原策略的精确 KL 散度 KL(q || pi)（单位 nat），q 为 best_of_n_probs 的结果。

输入：pi，(N,)；r，(N,) 互不相同的奖励；n。
输出：一个非负实数；它不超过 log n - (n-1)/n，当回答很多且等概率时趋近于这个值。

>>> round(best_of_n_kl(np.array([0.5, 0.5]), np.array([1.0, 0.0]), 2), 6)
0.130812
""",
    "expected_max_gaussian": """n 个独立 N(mu, sigma^2) 奖励中最大值的期望（次序统计量积分）：
E[max] = integral x n f(x) F(x)^(n-1) dx，f、F 为该正态分布的密度与分布函数。

输入：n，正整数；mu；sigma > 0。
输出：一个实数。

>>> round(expected_max_gaussian(2), 6)
0.56419
""",
}

HINTS = {
    "en": (
        "The best of n draws is at most y exactly when all n draws are at most y.",
        "Sort by reward; P(best <= y) = F(y)^n, so P(best = y) = F(y)^n - F(y-)^n. KL = sum q "
        "log(q/pi). For Gaussians integrate x n pdf(x) cdf(x)^(n-1) (scipy.integrate.quad).",
    ),
    "zh": (
        "n 次抽样中的最好者不超过 y，当且仅当 n 次抽样都不超过 y。",
        "按奖励排序；P(最好者 <= y) = F(y)^n，所以 P(最好者 = y) = F(y)^n - F(y-)^n。KL = sum q log(q/pi)。"
        "对正态分布，积分 x n pdf(x) cdf(x)^(n-1)（scipy.integrate.quad）。",
    ),
}


def best_of_n_probs(pi, r, n):
    """Best-of-n: draw n responses independently from pi and keep the highest-reward one.

    Input: pi (N,) policy probabilities; r (N,) rewards, all distinct; n the number of draws.
    Output: (N,) probabilities q with q(y) = F(y)^n - F(y-)^n, F the cumulative sum of pi in
    increasing reward order including y, F(y-) excluding it.

    >>> best_of_n_probs(np.array([0.5, 0.5]), np.array([1.0, 0.0]), 2).tolist()
    [0.75, 0.25]
    """
    pi = np.asarray(pi, dtype=float)
    order = np.argsort(r)
    F = np.cumsum(pi[order])
    below = F - pi[order]
    q = np.empty_like(pi)
    q[order] = F**n - below**n
    return q


def best_of_n_kl(pi, r, n):
    """The exact KL(q || pi) in nats of the best-of-n policy q = best_of_n_probs(pi, r, n).

    Input: pi (N,); r (N,) distinct rewards; n. Output: a non-negative float; it never
    exceeds log n - (n-1)/n and approaches it when the responses are many and equally likely.

    >>> round(best_of_n_kl(np.array([0.5, 0.5]), np.array([1.0, 0.0]), 2), 6)
    0.130812
    """
    q = best_of_n_probs(pi, r, n)
    keep = q > 0
    return float(np.sum(q[keep] * np.log(q[keep] / np.asarray(pi)[keep])))


def expected_max_gaussian(n, mu=0.0, sigma=1.0):
    """Expected maximum of n independent N(mu, sigma^2) rewards (the order-statistic integral)
    E[max] = integral x n f(x) F(x)^(n-1) dx, f and F that normal's density and CDF.

    Input: n a positive integer; mu; sigma > 0. Output: a float.

    >>> round(expected_max_gaussian(2), 6)
    0.56419
    """
    from scipy import integrate, stats

    def integrand(x):
        return x * n * stats.norm.pdf(x, mu, sigma) * stats.norm.cdf(x, mu, sigma) ** (n - 1)

    return integrate.quad(integrand, -np.inf, np.inf)[0]


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Best-of-n sampling and reward over-optimisation")

    def brute(pi, r, n):  # enumerate all N^n draws, keep the argmax of r
        q = np.zeros(len(pi))
        for draw in product(range(len(pi)), repeat=n):
            q[max(draw, key=lambda y: r[y])] += np.prod(pi[list(draw)])
        return q

    N = 4
    pi = rng.dirichlet(np.ones(N))
    r = rng.normal(size=N)
    with R.case("BoN distribution equals brute-force enumeration of all N^n draws") as c:
        for n in (1, 2, 3, 5):
            c.close(f.best_of_n_probs(pi, r, n), brute(pi, r, n), rtol=1e-10, atol=1e-15)
        pi6, r6 = rng.dirichlet(np.ones(6)), rng.normal(size=6)
        c.close(f.best_of_n_probs(pi6, r6, 4), brute(pi6, r6, 4), rtol=1e-10, atol=1e-15)
    with R.case("n = 1 is the policy itself; BoN sums to 1") as c:
        c.close(f.best_of_n_probs(pi, r, 1), pi, rtol=1e-12)
        c.close(f.best_of_n_probs(pi6, r6, 7).sum(), 1.0, rtol=1e-12)

    with R.case("expected reward of BoN never falls as n grows") as c:
        er = [float(f.best_of_n_probs(pi6, r6, n) @ r6) for n in range(1, 12)]
        c.true(all(b >= a - 1e-12 for a, b in zip(er, er[1:])), f"{np.round(er, 4).tolist()}")
        c.true(er[-1] > er[0] + 0.1, "more samples, higher expected reward")

    bound = [np.log(n) - (n - 1) / n for n in (1, 2, 4, 16)]
    with R.case("exact BoN KL equals sum q log(q/pi) of the enumerated BoN") as c:
        for n in (2, 3, 5):
            q = brute(pi, r, n)
            c.close(f.best_of_n_kl(pi, r, n), float(np.sum(q * np.log(q / pi))), rtol=1e-9)
        c.close(f.best_of_n_kl(pi, r, 1), 0.0, atol=1e-15)
        pz = np.r_[pi, 0.0]  # a response the policy never produces changes nothing
        c.close(f.best_of_n_kl(pz, np.r_[r, 0.123], 3), f.best_of_n_kl(pi, r, 3), rtol=1e-12)
    with R.case("BoN KL <= log n - (n-1)/n, and -> it for many equally likely responses") as c:
        for _ in range(20):
            p, rr = rng.dirichlet(np.ones(7) * 0.5), rng.normal(size=7)
            for n, b in zip((2, 4, 16), bound[1:]):
                c.true(f.best_of_n_kl(p, rr, n) <= b + 1e-12)
        M = 4000
        uni = np.full(M, 1 / M)
        kls = [f.best_of_n_kl(uni, rng.permutation(M).astype(float), n) for n in (2, 4, 16)]
        c.close(kls, bound[1:], rtol=1e-5)
        R.figure(
            "BoN KL (nats) for n = 2, 4, 16 on 4000 equal responses", np.round(kls, 5).tolist()
        )

    with R.case("E[best of n Gaussians] equals the closed forms for n = 1..5") as c:
        closed = [
            0.0,
            1 / np.sqrt(np.pi),
            1.5 / np.sqrt(np.pi),
            1.5 / np.sqrt(np.pi) * (1 + 2 / np.pi * np.arcsin(1 / 3)),
            1.25 / np.sqrt(np.pi) * (1 + 6 / np.pi * np.arcsin(1 / 3)),
        ]
        got = [f.expected_max_gaussian(n) for n in range(1, 6)]
        c.close(got, closed, rtol=1e-7, atol=1e-10)
        c.close(f.expected_max_gaussian(3, 2.0, 0.5), 2.0 + 0.5 * closed[2], rtol=1e-7)
    with R.case("BoN on a finely discretised N(0, 1) matches the integral") as c:
        from scipy import stats

        edges = np.linspace(-8, 8, 4001)
        mids = (edges[1:] + edges[:-1]) / 2
        pg = np.diff(stats.norm.cdf(edges))
        pg /= pg.sum()
        for n in (4, 8):
            c.close(
                float(f.best_of_n_probs(pg, mids, n) @ mids), f.expected_max_gaussian(n), rtol=1e-4
            )

    # Over-optimisation: the proxy is the gold reward plus a few large errors.
    M = 400
    gold = rng.normal(size=M)
    proxy = gold + rng.normal(scale=0.3, size=M)
    bad = np.argsort(gold)[:4]  # four of the worst responses look excellent to the proxy
    proxy[bad] += 6.0
    p0 = np.full(M, 1 / M)
    ns = [1, 2, 4, 8, 16, 32, 64, 128, 256]
    with R.case("over-optimisation: gold reward under BoN on the proxy rises, then falls") as c:
        qs = [f.best_of_n_probs(p0, proxy, n) for n in ns]
        g = [float(q @ gold) for q in qs]
        pr = [float(q @ proxy) for q in qs]
        c.true(all(b >= a - 1e-12 for a, b in zip(pr, pr[1:])), "proxy reward keeps rising")
        peak = int(np.argmax(g))
        c.true(0 < peak < len(ns) - 1 and g[-1] < g[peak] - 0.5, f"gold {np.round(g, 3).tolist()}")
        R.figure(
            "n | KL | proxy | gold",
            [
                [n, round(f.best_of_n_kl(p0, proxy, n), 3), round(a, 3), round(b, 3)]
                for n, a, b in zip(ns, pr, g)
            ],
        )
    return R


if __name__ == "__main__":
    main(run)
