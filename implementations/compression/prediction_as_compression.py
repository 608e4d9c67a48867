"""prediction-as-compression: a sequential predictor q gives a code of length sum -log2 q.

Follows MacKay ITILA ch 6 and Deletang et al. (2024, 'Language Modeling Is Compression').
Data: 10,000 symbols from an order-2 Markov source over 4 letters. Predictors: adaptive
order-k context models with the KT estimator q(s) = (2 n_s + 1) / (2 n + K). Checks: the
true-order model compresses best; its code length lies between the empirical conditional
entropy (the maximum-likelihood model in hindsight) and the true model's log-loss plus the
KT regret bound; and an exact arithmetic coder driven by the predictor realises the
log-loss within 2 bits. The adaptive code length equals the closed form of the KT
probability, prod over contexts of prod_s Gamma(n_s + 1/2) / Gamma(1/2) divided by
Gamma(n + K/2) / Gamma(K/2) (via math.lgamma, and as an exact fraction for the arithmetic
coder's width and length).
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from fractions import Fraction

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["kt_bits", "arithmetic_length"]

K = 4

DOC_ZH = {
    "kt_bits": """自适应 order-k 上下文模型（KT 估计器）的总码长（比特）。

对 t = order..len(x)-1，上下文为前 order 个符号 x[t-order:t]；在该上下文下已见计数为 n_s（总数 n），
预测 q(s) = (2 n_s + 1) / (2 n + K)，码长加上 -log2 q(x[t])，然后更新计数。
输入：x，取值于 0..K-1 的符号列表；order；K，字母表大小。
输出：一个 float（比特）。

>>> round(kt_bits([0, 0, 1], 0, 2), 6)
4.0
""",
    "arithmetic_length": """用同一个 KT 预测器驱动精确（分数）算术编码器，编码前 n 个预测。

区间 [low, low + width) 按 q 逐步缩小；码长 L = ceil(-log2 width) + 1。
输入：x；order；n，编码的预测个数；K。
输出：(L，整数比特数，-log2 width，即精确的 log-loss)。

>>> L, ll = arithmetic_length([0, 0, 1], 0, 3, 2)
>>> L, round(ll, 6)
(5, 4.0)
""",
}

HINTS = {
    "en": (
        "A predictor that assigns probability q to what actually happens can code it in "
        "-log2 q bits; keep separate counts for every context.",
        "counts[context] starts at zeros; predict (2 n_s + 1) / (2 n + K) before updating. "
        "The arithmetic coder multiplies the width by the same q at each step, so its length "
        "is the log-loss rounded up, plus one bit.",
    ),
    "zh": (
        "给实际发生的事件分配概率 q 的预测器可以用 -log2 q 比特编码它；为每个上下文分别计数。",
        "counts[上下文] 从全零开始；更新前预测 (2 n_s + 1) / (2 n + K)。算术编码器每一步把宽度乘以同一个 q，"
        "所以它的码长是 log-loss 向上取整再加 1 位。",
    ),
}


def sample_order2(P, n, rng) -> list[int]:
    cdf = np.cumsum(P, axis=2).tolist()
    u = rng.random(n).tolist()
    x = [0, 1]
    for t in range(n - 2):
        x.append(min(bisect.bisect_right(cdf[x[-2]][x[-1]], u[t]), K - 1))
    return x


def kt_steps(x, order: int, K=4):
    """Yield (counts in this context, symbol) before each update: the predictor's state."""
    counts = defaultdict(lambda: [0] * K)
    for t in range(order, len(x)):
        c = counts[tuple(x[t - order : t])]
        yield c, x[t]
        c[x[t]] += 1


def kt_bits(x, order: int, K=4) -> float:
    """Total code length in bits of an adaptive order-k context model (KT estimator).

    For t = order..len(x)-1 the context is x[t-order:t]; with counts n_s (total n) seen in
    that context, predict q(s) = (2 n_s + 1) / (2 n + K), add -log2 q(x[t]), then update.
    Input: x, symbols in 0..K-1; order; K, the alphabet size. Output: a float in bits.

    >>> round(kt_bits([0, 0, 1], 0, 2), 6)
    4.0
    """
    return -sum(math.log2((2 * c[s] + 1) / (2 * sum(c) + K)) for c, s in kt_steps(x, order, K))


def arithmetic_length(x, order: int, n: int, K=4) -> tuple[int, float]:
    """Exact (fraction) arithmetic coding of the first n predictions of the same KT
    predictor: the interval [low, low + width) shrinks by q at each step; the code length
    is L = ceil(-log2 width) + 1.

    Input: x; order; n, the number of predictions coded; K.
    Output: (L, an integer number of bits; -log2 width, the exact log-loss).

    >>> L, ll = arithmetic_length([0, 0, 1], 0, 3, 2)
    >>> L, round(ll, 6)
    (5, 4.0)
    """
    width = Fraction(1)  # the length depends on the width only, not on where low sits
    for i, (c, s) in enumerate(kt_steps(x, order, K)):
        if i == n:
            break
        width *= Fraction(2 * c[s] + 1, 2 * sum(c) + K)
    L = 1
    while Fraction(1, 2 ** (L - 1)) > width:  # L = ceil(-log2 width) + 1
        L += 1
    return L, math.log2(width.denominator) - math.log2(width.numerator)


def _kt_closed(x, order, n=None, K=K):
    """KT probability in closed form: per context prod_s Gamma(n_s + 1/2) / Gamma(1/2)
    over Gamma(n + K/2) / Gamma(K/2). Returns (log2-loss via lgamma, exact Fraction)."""
    ctx = defaultdict(lambda: [0] * K)
    stop = len(x) if n is None else order + n
    for t in range(order, stop):
        ctx[tuple(x[t - order : t])][x[t]] += 1
    bits, P = 0.0, Fraction(1)
    for c in ctx.values():
        tot = sum(c)
        ln = sum(math.lgamma(v + 0.5) - math.lgamma(0.5) for v in c)
        ln -= math.lgamma(tot + K / 2) - math.lgamma(K / 2)
        bits -= ln / math.log(2)
        for v in c:  # (j + 1/2) = (2j + 1) / 2; the halves cancel with the denominator's
            for j in range(v):
                P *= 2 * j + 1
        for t in range(tot):
            P /= 2 * t + K
    return bits, P


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Prediction as compression")
    P = rng.dirichlet(np.ones(K) * 0.3, size=(K, K))  # P[a, b] = law of next | (a, b)
    N = 10000
    x = sample_order2(P, N, rng)

    # true entropy rate from the stationary law of the pair chain (a, b) -> (b, c)
    T = np.zeros((K * K, K * K))
    for a in range(K):
        for b in range(K):
            T[a * K + b, b * K : (b + 1) * K] = P[a, b]
    w, V = np.linalg.eig(T.T)
    pi = np.real(V[:, np.argmin(abs(w - 1))])
    H = float(pi / pi.sum() @ -(P * np.log2(P)).sum(axis=2).ravel())
    true_bits = -sum(math.log2(P[x[t - 2], x[t - 1], x[t]]) for t in range(2, N))

    with r.case("adaptive code length = closed-form KT probability") as c:
        for k in (0, 1, 3):
            c.close(f.kt_bits(x[:3000], k), _kt_closed(x[:3000], k)[0], rtol=1e-9)
        y = [int(v) for v in rng.integers(0, 3, size=200)]
        c.close(f.kt_bits(y, 1, 3), _kt_closed(y, 1, K=3)[0], rtol=1e-9)
    rate = {k: np.inf for k in range(4)}
    with r.case("the true order (2) compresses best") as c:
        rate = {k: f.kt_bits(x, k) / (N - k) for k in range(4)}
        r.figure("entropy rate of the source (bits/symbol)", H)
        r.figure(
            "adaptive order-k code length, k = 0..3 (bits/symbol)",
            {k: round(v, 4) for k, v in rate.items()},
        )
        r.figure("perplexity of the order-2 predictor = 2^(bits/symbol)", 2 ** rate[2])
        c.true(rate[2] < min(rate[0], rate[1], rate[3]))

    bits2 = rate[2] * (N - 2)
    ctx = defaultdict(lambda: np.zeros(K))
    for t in range(2, N):
        ctx[(x[t - 2], x[t - 1])][x[t]] += 1
    ml_bits = -sum((c[c > 0] * np.log2(c[c > 0] / c.sum())).sum() for c in ctx.values())
    # KT regret per context vs the best fixed distribution: (K-1)/2 log2 n + log2(pi^(K/2) / Gamma(K/2))
    regret = sum(
        (K - 1) / 2 * math.log2(c.sum()) + math.log2(math.pi ** (K / 2) / math.gamma(K / 2))
        for c in ctx.values()
    )
    with r.case("code length >= empirical conditional entropy (ML model in hindsight)") as c:
        c.true(np.isfinite(bits2) and bits2 >= ml_bits, f"{bits2:.1f} >= {ml_bits:.1f}")
    with r.case("code length <= true-model log-loss + KT regret bound") as c:
        c.true(bits2 <= true_bits + regret, f"{bits2:.1f} <= {true_bits:.1f} + {regret:.1f}")

    with r.case(
        "arithmetic code length within 2 bits of the predictor's log-loss (400 symbols)"
    ) as c:
        L_ac, ll = f.arithmetic_length(x, 2, 400)
        ll_ref, W = _kt_closed(x, 2, 400)
        c.close(ll, ll_ref, rtol=1e-9)
        L_ref = 1
        while W * 2 ** (L_ref - 1) < 1:  # smallest L with 2^-(L-1) <= width
            L_ref += 1
        c.equal(int(L_ac), L_ref)
        c.true(ll <= L_ac <= ll + 2, f"{L_ac} bits vs log-loss {ll:.2f}")
        c.equal(list(f.arithmetic_length([0], 0, 1, 2)), [2, 1.0])  # dyadic width 1/2
        c.equal(int(f.arithmetic_length([3, 1], 0, 2)[0]), 6)  # width 1/4 * 1/6: 4.58 bits
        L3, ll3 = f.arithmetic_length(y, 0, 150, 3)
        c.close(ll3, _kt_closed(y, 0, 150, K=3)[0], rtol=1e-9)
    return r


if __name__ == "__main__":
    main(run)
