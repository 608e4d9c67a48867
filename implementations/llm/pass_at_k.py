"""pass-at-k: the unbiased pass@k estimator of Chen et al. (2021) and the biased plug-in.

Follows Chen et al., "Evaluating Large Language Models Trained on Code" (arXiv 2107.03374):
draw n >= k samples per problem, count the c that pass the unit tests, and estimate
pass@k = E[1 - C(n-c, k) / C(n, k)], computed as a running product to avoid huge binomials.
Checks: the estimator equals the fraction of all C(n, k) k-subsets of a fixed pass/fail vector
that contain a pass (brute-force enumeration); it equals exact rational arithmetic
(fractions.Fraction with math.comb) for n up to 1000; averaged over c ~ Binomial(n, p) it equals
1 - (1-p)^k exactly (unbiasedness, summed over every c); the plug-in 1 - (1 - c/n)^k is
unbiased only at k = 1 and underestimates for k > 1 (Jensen); edge cases c = 0 and n - c < k.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import combinations

import numpy as np
from scipy.stats import binom

from implementations._common import Report, main, solution

EXERCISE = ["pass_at_k", "plugin_pass_at_k"]

DOC_ZH = {
    "pass_at_k": """pass@k 的无偏估计（Chen 等 2021）：n 个样本中有 c 个通过测试，估计“随机抽 k 个至少有一个通过”的概率。

输入：n，样本总数；c，通过的个数；k（k <= n）。
输出：浮点数 1 - C(n-c, k) / C(n, k)；n - c < k 时为 1.0。请用连乘 prod_{i=n-c+1}^{n} (1 - k/i) 计算，避免巨大的组合数。

>>> round(pass_at_k(10, 3, 2), 6)
0.533333
""",
    "plugin_pass_at_k": """代入式估计：先用 c/n 估计单个样本的通过率 p，再代入 1 - (1-p)^k（k > 1 时有偏）。

输入：n；c；k。
输出：浮点数 1 - (1 - c/n)^k。

>>> round(plugin_pass_at_k(10, 3, 2), 6)
0.51
""",
}

HINTS = {
    "en": (
        "pass@k fails only when all k drawn samples are among the n - c failures: count those "
        "k-subsets and divide by all k-subsets.",
        "1 - C(n-c,k)/C(n,k) = 1 - prod_{i=n-c+1}^{n} (1 - k/i); return 1.0 when n - c < k. "
        "The plug-in 1 - (1 - c/n)^k is biased low because (1-x)^k is convex.",
    ),
    "zh": (
        "只有抽到的 k 个样本全落在 n - c 个失败样本中时 pass@k 才失败：数出这样的 k 元子集，再除以全部 k 元子集数。",
        "1 - C(n-c,k)/C(n,k) = 1 - prod_{i=n-c+1}^{n} (1 - k/i)；n - c < k 时返回 1.0。"
        "代入式 1 - (1 - c/n)^k 偏低，因为 (1-x)^k 是凸函数。",
    ),
}


def pass_at_k(n, c, k):
    """Unbiased pass@k (Chen et al. 2021): of n samples, c pass the tests; estimate the
    probability that at least one of k samples drawn without replacement passes.

    Input: n, the number of samples; c, the number that pass; k (k <= n). Output: the float
    1 - C(n-c, k) / C(n, k), and 1.0 when n - c < k. Compute it as the product
    prod_{i=n-c+1}^{n} (1 - k/i) so that no huge binomial is formed.

    >>> round(pass_at_k(10, 3, 2), 6)
    0.533333
    """
    # when n - c < k the factor i = k is zero, so the product gives exactly 1.0
    return float(1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


def plugin_pass_at_k(n, c, k):
    """Plug-in estimate: estimate the per-sample pass rate p by c/n and return 1 - (1-p)^k
    (biased for k > 1).

    Input: n; c; k. Output: the float 1 - (1 - c/n)^k.

    >>> round(plugin_pass_at_k(10, 3, 2), 6)
    0.51
    """
    return float(1.0 - (1.0 - c / n) ** k)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("pass@k: unbiased estimator vs enumeration, exact fractions and the plug-in")

    with r.case("equals the fraction of k-subsets containing a pass (enumeration)") as c:
        n = 9
        for cc in range(n + 1):
            flags = [1] * cc + [0] * (n - cc)
            for k in range(1, n + 1):
                subsets = list(combinations(range(n), k))
                frac = sum(any(flags[i] for i in s) for s in subsets) / len(subsets)
                c.close(f.pass_at_k(n, cc, k), frac, rtol=1e-12, atol=1e-12)

    with r.case("equals exact rational 1 - C(n-c,k)/C(n,k) for large n") as c:
        for n, cc, k in [(200, 7, 10), (200, 1, 100), (1000, 13, 100), (1000, 400, 50), (64, 3, 1)]:
            exact = 1 - Fraction(math.comb(n - cc, k), math.comb(n, k))
            c.close(f.pass_at_k(n, cc, k), float(exact), rtol=1e-10, atol=1e-14)

    with r.case("edge cases: no pass gives 0, n - c < k gives 1") as c:
        c.equal(f.pass_at_k(20, 0, 5), 0.0)
        c.equal(f.pass_at_k(20, 16, 5), 1.0)
        c.equal(f.pass_at_k(5, 1, 5), 1.0)
        c.close(f.pass_at_k(20, 15, 5), 1 - 1 / math.comb(20, 5), rtol=1e-12)

    # Unbiasedness: average over c ~ Binomial(n, p) exactly (every c summed with its pmf).
    n = 30
    ps, ks = (0.02, 0.1, 0.37, 0.8), (1, 2, 5, 10, 30)
    with r.case("unbiased: E_c[pass_at_k] = 1 - (1-p)^k for c ~ Binomial(n, p)") as c:
        for p in ps:
            w = binom.pmf(np.arange(n + 1), n, p)
            for k in ks:
                mean = sum(w[cc] * f.pass_at_k(n, cc, k) for cc in range(n + 1))
                c.close(mean, 1 - (1 - p) ** k, rtol=1e-9, atol=1e-12)

    bias = []
    with r.case("plug-in is unbiased at k = 1 and biased low for k > 1") as c:
        for p in ps:
            w = binom.pmf(np.arange(n + 1), n, p)
            for k in ks:
                mean = sum(w[cc] * f.plugin_pass_at_k(n, cc, k) for cc in range(n + 1))
                truth = 1 - (1 - p) ** k
                if k == 1:
                    c.close(mean, p, rtol=1e-9)
                elif truth < 0.999:
                    c.true(mean < truth - 1e-6, f"p={p}, k={k}: {mean:.6f} vs {truth:.6f}")
                bias.append(round(float(mean - truth), 4))
        c.close(f.plugin_pass_at_k(10, 3, 4), 1 - 0.7**4, rtol=1e-12)
        c.close(f.plugin_pass_at_k(8, 8, 3), 1.0, rtol=1e-12)
    r.figure("plug-in bias E[plug-in] - pass@k (p x k grid, n = 30)", bias)
    return r


if __name__ == "__main__":
    main(run)
