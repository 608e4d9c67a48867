"""aep-typical-sets: for i.i.d. X_i, -(1/n) log p(X^n) -> H, so a typical set of about 2^{nH}
sequences carries almost all the probability.

Follows Cover & Thomas (2006) ch. 3 (secs. 3.1, 3.3) and MacKay (2003) ch. 4. For Bernoulli(p)
sequences p(x^n) depends only on the number of ones k, so the probability and size of the
typical set are exact binomial sums (log-space, math.lgamma). Checks compare them with the
theorem's bounds and the exact probability with a Monte Carlo frequency. The learner writes the
exact typical-set computation; references are a brute-force enumeration of all 2^12 sequences,
scipy.stats.binom for the probability, exact integer binomial sums for the size, and
scipy.special.logsumexp for a block length (n = 40000) where 2^{n H} overflows a float.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from scipy.special import gammaln, logsumexp
from scipy.stats import binom

from implementations._common import Report, main, solution

EXERCISE = ["typical_set"]

DOC_ZH = {
    "typical_set": """Bernoulli(p) 序列的典型集 A_eps^(n) 的精确概率与大小。

输入：n，序列长度；p，取 1 的概率（0 < p < 1）；eps > 0。x^n 典型当且仅当 |-(1/n) log2 p(x^n) - H| <= eps。
输出：(prob, log2_size, H)：典型集的概率、log2 |A|（在对数空间求和，n 很大也不溢出）、以及二元熵 H（比特）。
p(x^n) 只依赖于 1 的个数 k，故按 k 分组求和：组内有 C(n, k) 个序列。

>>> prob, log2_size, H = typical_set(2, 0.5, 0.1)
>>> round(prob, 6), round(log2_size, 6), round(H, 6)
(1.0, 2.0, 1.0)
""",
}

HINTS = {
    "en": (
        "All sequences with the same number of ones k have the same probability, so loop "
        "over k, not over the 2^n sequences.",
        "For each k the sample entropy is -(k log2 p + (n-k) log2(1-p)) / n; when it is within "
        "eps of H add C(n,k) 2^{-n * sample entropy} to the probability and log2 C(n,k) (via "
        "lgamma) to a list, then combine the list with a log-sum-exp in base 2.",
    ),
    "zh": (
        "1 的个数 k 相同的序列概率相同，所以对 k 循环，而不是对 2^n 个序列循环。",
        "对每个 k，样本熵为 -(k log2 p + (n-k) log2(1-p)) / n；若它与 H 相差不超过 eps，"
        "就把 C(n,k) 2^{-n·样本熵} 加到概率上，并把 log2 C(n,k)（用 lgamma 计算）记入列表，"
        "最后用以 2 为底的 log-sum-exp 合并。",
    ),
}


def log2_comb(n, k):
    return (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)) / math.log(2)


def typical_set(n, p, eps):
    """Exact probability and size of the typical set A_eps^(n) of Bernoulli(p) sequences.

    Input: n, the sequence length; p, the probability of a one (0 < p < 1); eps > 0. A
    sequence x^n is typical when |-(1/n) log2 p(x^n) - H| <= eps. Output: (prob, log2_size,
    H): the probability of A, log2 |A| (summed in log space so that large n does not
    overflow) and the binary entropy H in bits. p(x^n) depends only on the number of ones
    k, and C(n, k) sequences share it.

    >>> prob, log2_size, H = typical_set(2, 0.5, 0.1)
    >>> round(prob, 6), round(log2_size, 6), round(H, 6)
    (1.0, 2.0, 1.0)
    """
    H = -p * math.log2(p) - (1 - p) * math.log2(1 - p)
    prob, log2_terms = 0.0, []
    for k in range(n + 1):
        sample_entropy = -(k * math.log2(p) + (n - k) * math.log2(1 - p)) / n
        if abs(sample_entropy - H) <= eps:
            lc = log2_comb(n, k)
            prob += 2.0 ** (lc - n * sample_entropy)
            log2_terms.append(lc)
    m = max(log2_terms)
    return prob, m + math.log2(sum(2.0 ** (t - m) for t in log2_terms)), H


def sample_entropy(n, k, p):
    return -(k * np.log2(p) + (n - k) * np.log2(1 - p)) / n


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("AEP and typical sets")
    p, eps = 0.2, 0.05

    # Brute force: all 2^12 sequences of length 12, one by one.
    with r.case("n = 12: brute force over all 4096 sequences") as c:
        n, q, e = 12, 0.3, 0.1
        Hq = -q * np.log2(q) - (1 - q) * np.log2(1 - q)
        prob, count = 0.0, 0
        for x in itertools.product((0, 1), repeat=n):
            px = q ** sum(x) * (1 - q) ** (n - sum(x))
            if abs(-np.log2(px) / n - Hq) <= e:
                prob, count = prob + px, count + 1
        got = f.typical_set(n, q, e)
        c.close([got[0], got[1], got[2]], [prob, np.log2(count), Hq], rtol=1e-10)

    probs = []
    with r.case("exact probability and size agree with scipy binom and integer sums") as c:
        for n in (100, 400, 1600):
            prob, log2_size, H = f.typical_set(n, p, eps)
            probs.append(prob)
            r.figure(
                f"n={n}: P(A), log2|A|/n, H", [round(prob, 5), round(log2_size / n, 5), round(H, 5)]
            )
            ks = np.arange(n + 1)
            inside = ks[np.abs(sample_entropy(n, ks, p) - H) <= eps]
            c.close(prob, binom.pmf(inside, n, p).sum(), rtol=1e-9)
            size = sum(math.comb(n, int(k)) for k in inside)
            c.close(log2_size, math.log2(size), rtol=1e-12)
    # p = 1/2: every sequence has probability 2^-n, so all 2^n of them are typical.
    with r.case("p = 1/2: every sequence is typical, P(A) = 1 and |A| = 2^n") as c:
        for n in (1, 5, 30):
            c.close(f.typical_set(n, 0.5, 0.01)[:2], [1.0, float(n)], rtol=1e-12)

    with r.case("P(typical set) increases with n") as c:
        c.true(len(probs) == 3 and probs[0] < probs[1] < probs[2])
    with r.case("P(A) > 1 - eps at n = 1600") as c:
        c.true(len(probs) == 3 and probs[2] > 1 - eps)

    n = 1600
    prob, log2_size, H = np.nan, np.nan, -p * np.log2(p) - (1 - p) * np.log2(1 - p)
    with r.case("|A| <= 2^{n(H+eps)}") as c:
        prob, log2_size, _ = f.typical_set(n, p, eps)
        c.true(log2_size <= n * (H + eps))
    with r.case("|A| >= (1-eps) 2^{n(H-eps)}") as c:
        c.true(log2_size >= math.log2(1 - eps) + n * (H - eps))
    with r.case("typical set is an exponentially small fraction of all 2^n sequences") as c:
        c.true(log2_size < 0.8 * n)

    # Large n: the terms C(n,k) span more than 2^1024, so the size must be summed in log space.
    with r.case("n = 40000: size in log space agrees with scipy logsumexp") as c:
        n = 40_000
        _, big, _ = f.typical_set(n, p, eps)
        ks = np.arange(n + 1)
        inside = ks[np.abs(sample_entropy(n, ks, p) - H) <= eps]
        lc = gammaln(n + 1) - gammaln(inside + 1) - gammaln(n - inside + 1)
        c.close(big, logsumexp(lc) / np.log(2), rtol=1e-10)

    # Monte Carlo: sample 20000 sequences, count how many land in the typical set.
    with r.case("Monte Carlo frequency within 4 sd of the exact probability") as c:
        n = 1600
        k = rng.binomial(n, p, size=20_000)
        freq = float(np.mean(np.abs(sample_entropy(n, k, p) - H) <= eps))
        sd = math.sqrt(prob * (1 - prob) / k.size)
        c.true(abs(freq - prob) < 4 * sd + 1e-12, f"MC {freq:.4f} vs exact {prob:.4f}")
    return r


if __name__ == "__main__":
    main(run)
