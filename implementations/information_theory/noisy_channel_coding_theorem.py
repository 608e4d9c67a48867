"""noisy-channel-coding-theorem: on a channel of capacity C every rate R < C is achievable with
vanishing error as the block length n grows, and no rate R > C is.

Follows Shannon (1948), Cover & Thomas (2006) ch. 7 and MacKay (2003) ch. 10. On a binary
symmetric channel (p = 0.05, C = 0.714 bits) the checks compare: the repetition code's exact
error (binomial tail) with simulation; random codes at R = 1/4 < C, decoded by maximum
likelihood, with Gallager's random-coding bound (M-1)^rho 2^{-n E0(rho)}; and random codes at
R = 0.9 > C with the Fano converse P_e >= 1 - C/R - 1/(nR). The learner writes the repetition
code's exact error, the simulated random-code error and Gallager's bound. References: the
binomial tail of scipy.stats.binom and a simulation, the exact ensemble error of random codes
sum_w P(w flips) [1 - (1 - F(w))^(M-1)] with F the Binomial(n, 1/2) cdf (distances of the other
codewords to the received word are independent Binomial(n, 1/2)), and Gallager's E0 minimised
over rho by scipy.optimize.minimize_scalar.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.stats import binom

from implementations._common import Report, main, solution

P = 0.05
C = 1 + P * math.log2(P) + (1 - P) * math.log2(1 - P)

EXERCISE = ["repetition_error", "random_code_error", "gallager_bound"]

DOC_ZH = {
    "repetition_error": """长度为 n（奇数）的重复码在交叉概率 p 的二元对称信道上、多数表决译码的精确错误概率。

输入：n，码长（奇数）；p，交叉概率（默认 P = 0.05）。
输出：一个 float，超过一半比特翻转的概率 Σ_{j > n/2} C(n, j) p^j (1-p)^(n-j)。

>>> round(repetition_error(3, 0.1), 6)
0.028
""",
    "random_code_error": """随机码集合的平均块错误率（模拟）：每次试验新抽一本码书，BSC(P) 传输，最大似然译码。

输入：n，码长；k，信息比特数（M = 2^k 个码字）；trials，试验次数；rng，numpy Generator。
输出：一个 float，出错试验的比例。发送码字 0；BSC 上 ML 即最小汉明距离；与另一个码字距离相等也算错误。

>>> round(random_code_error(4, 0, 10, np.random.default_rng(0)), 6)
0.0
""",
    "gallager_bound": """Gallager 随机编码界 min_{0<=rho<=1} (M-1)^rho 2^(-n E0(rho))，信道为 BSC(P)。

输入：n，码长；M，码字个数。E0(rho) = rho - (1+rho) log2(P^(1/(1+rho)) + (1-P)^(1/(1+rho)))。
输出：一个 float；在 rho 的网格 linspace(0, 1, 1001) 上取最小值（rho = 0 时值为 1）。

>>> round(gallager_bound(8, 2), 4)
0.0706
""",
}

HINTS = {
    "en": (
        "Each piece is a count: how many flips break a repetition code; how often another "
        "random codeword lands as close to the received word as the true one; how fast the "
        "bound falls with n.",
        "Repetition error = P(more than n/2 flips). For random codes, send codeword 0, XOR in "
        "Bernoulli(P) noise, and count a trial as an error when some other codeword is at "
        "Hamming distance <= that of codeword 0. Gallager: evaluate (M-1)^rho 2^(-n E0(rho)) "
        "on the rho grid and take the minimum.",
    ),
    "zh": (
        "每一部分都是计数：多少次翻转会让重复码出错；另一个随机码字与接收字的距离"
        "有多常不大于真实码字的距离；界随 n 下降得多快。",
        "重复码错误率 = P(翻转次数超过 n/2)。随机码：发送码字 0，异或上 Bernoulli(P) 噪声；"
        "若某个其他码字的汉明距离 <= 码字 0 的距离，则该次试验算错。Gallager 界：在 rho 网格上"
        "计算 (M-1)^rho 2^(-n E0(rho)) 并取最小值。",
    ),
}


def repetition_error(n, p=0.05):
    """Exact block error of the length-n repetition code (n odd) with majority decoding.

    Input: n, the odd block length; p, the BSC crossover probability (default P = 0.05).
    Output: a float, the probability that more than n/2 bits flip,
    sum_{j > n/2} C(n, j) p^j (1-p)^(n-j).

    >>> round(repetition_error(3, 0.1), 6)
    0.028
    """
    return sum(math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(n // 2 + 1, n + 1))


def random_code_error(n, k, trials, rng):
    """Simulated ensemble-average block error of random codes on BSC(P), ML decoding.

    Input: n, the block length; k, the number of message bits (M = 2^k codewords); trials,
    the number of trials (a fresh uniform random codebook each); rng, a numpy Generator.
    Output: a float, the fraction of trials in error. Codeword 0 is sent; ML on a BSC is the
    minimum Hamming distance, and a tie with another codeword counts as an error.

    >>> round(random_code_error(4, 0, 10, np.random.default_rng(0)), 6)
    0.0
    """
    M = 2**k
    book = rng.integers(0, 2, size=(trials, M, n), dtype=np.int8)
    noise = (rng.random((trials, n)) < P).astype(np.int8)
    y = book[:, 0, :] ^ noise  # message 0 is sent; by symmetry this is the average error
    dist = (book != y[:, None, :]).sum(axis=2)  # ML = minimum Hamming distance on a BSC
    err = (dist[:, 1:] <= dist[:, :1]).any(axis=1)  # ties count as errors
    return float(err.mean())


def gallager_bound(n, M):
    """Gallager's random-coding bound min over rho in [0, 1] of (M-1)^rho 2^(-n E0(rho)), BSC(P).

    Input: n, the block length; M, the number of codewords. E0(rho) = rho - (1+rho)
    log2(P^(1/(1+rho)) + (1-P)^(1/(1+rho))). Output: a float, the minimum over the grid
    rho = linspace(0, 1, 1001) (1 at rho = 0).

    >>> round(gallager_bound(8, 2), 4)
    0.0706
    """
    rho = np.linspace(0, 1, 1001)
    E0 = rho - (1 + rho) * np.log2(P ** (1 / (1 + rho)) + (1 - P) ** (1 / (1 + rho)))
    return float(np.min((M - 1) ** rho * 2.0 ** (-n * E0)))


def exact_random_code_error(n, k):
    """Ensemble error of random codes: the noise weight w is Binomial(n, P), each of the M-1
    other codewords is at a Binomial(n, 1/2) distance from y, independently."""
    w = np.arange(n + 1)
    return float(np.sum(binom.pmf(w, n, P) * (1 - binom.sf(w, n, 0.5) ** (2**k - 1))))


def gallager_ref(n, M):
    E0 = lambda t: t - (1 + t) * np.log2(P ** (1 / (1 + t)) + (1 - P) ** (1 / (1 + t)))  # noqa: E731
    res = minimize_scalar(
        lambda t: (M - 1) ** t * 2.0 ** (-n * E0(t)), bounds=(0, 1), method="bounded"
    )
    return float(min(res.fun, 1.0))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Noisy-channel coding theorem on a BSC")
    r.figure("capacity of BSC(0.05) (bits/use)", C)

    # Repetition code: reliable only as its rate 1/n goes to zero.
    with r.case("repetition code: exact error = binomial tail (scipy)") as c:
        exact = [f.repetition_error(n) for n in (3, 5, 7)]
        r.figure("repetition code n=3,5,7: exact error", [float(f"{e:.3e}") for e in exact])
        c.close(exact, binom.sf(np.array([1, 2, 3]), [3, 5, 7], P), rtol=1e-10)
        c.close(f.repetition_error(5, 0.3), binom.sf(2, 5, 0.3), rtol=1e-10)
    with r.case("repetition code: simulation within 4 sd of the binomial tail") as c:
        flips = rng.random((200_000, 7)) < P
        for n in (3, 5, 7):
            sim = float((flips[:, :n].sum(1) > n // 2).mean())
            e = f.repetition_error(n)
            c.true(
                abs(sim - e) < 4 * math.sqrt(e * (1 - e) / flips.shape[0]),
                f"n={n}: {sim:.2e} vs {e:.2e}",
            )

    with r.case("Gallager bound agrees with a bounded scalar minimisation over rho") as c:
        for n, M in ((8, 4), (16, 16), (24, 64), (10, 512)):
            c.close(f.gallager_bound(n, M), gallager_ref(n, M), rtol=1e-4)

    # Below capacity: random codes of rate 1/4 get better as n grows, under Gallager's bound.
    errs = []
    with r.case("R < C: simulated error matches the exact ensemble error") as c:
        for n in (8, 16, 24):
            trials = 4000
            e = f.random_code_error(n, n // 4, trials, rng)
            ex = exact_random_code_error(n, n // 4)
            se = math.sqrt(max(ex * (1 - ex), 1e-4) / trials)
            errs.append(e)
            r.figure(
                f"R=1/4, n={n}: random-code error vs Gallager bound",
                [round(e, 4), round(gallager_ref(n, 2 ** (n // 4)), 4)],
            )
            c.true(abs(e - ex) < 4 * se, f"n={n}: {e:.4f} vs exact {ex:.4f}")
    with r.case("R < C: error falls as n grows (8 -> 16 -> 24)") as c:
        c.true(len(errs) == 3 and errs[0] > errs[1] > errs[2])
    with r.case("R < C: exact ensemble error below the random-coding bound") as c:
        for n in (8, 16, 24):
            c.true(exact_random_code_error(n, n // 4) <= f.gallager_bound(n, 2 ** (n // 4)))

    # Above capacity: no code can be reliable; Fano's converse gives a floor on the error.
    with r.case("R > C: error stays above the Fano converse floor") as c:
        n, k = 10, 9
        e = f.random_code_error(n, k, 1000, rng)
        ex = exact_random_code_error(n, k)
        floor = 1 - C / (k / n) - 1 / k
        r.figure("R=0.9 > C, n=10: random-code error vs Fano floor", [round(e, 4), round(floor, 4)])
        c.true(e >= floor)
        c.true(abs(e - ex) < 4 * math.sqrt(ex * (1 - ex) / 1000), f"{e:.4f} vs exact {ex:.4f}")
    return r


if __name__ == "__main__":
    main(run)
