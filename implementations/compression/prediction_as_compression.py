"""prediction-as-compression: a sequential predictor q gives a code of length sum -log2 q.

Follows MacKay ITILA ch 6 and Deletang et al. (2024, 'Language Modeling Is Compression').
Data: 10,000 symbols from an order-2 Markov source over 4 letters. Predictors: adaptive
order-k context models with the KT estimator q(s) = (2 n_s + 1) / (2 n + K). Checks: the
true-order model compresses best; its code length lies between the empirical conditional
entropy (the maximum-likelihood model in hindsight) and the true model's log-loss plus the
KT regret bound; and an exact arithmetic coder driven by the predictor realises the
log-loss within 2 bits.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from fractions import Fraction

import numpy as np

from implementations._common import Report, main

K = 4


def sample_order2(P, n, rng) -> list[int]:
    cdf = np.cumsum(P, axis=2).tolist()
    u = rng.random(n).tolist()
    x = [0, 1]
    for t in range(n - 2):
        x.append(min(bisect.bisect_right(cdf[x[-2]][x[-1]], u[t]), K - 1))
    return x


def kt_steps(x, order: int):
    """Yield (counts in this context, symbol) before each update: the predictor's state."""
    counts = defaultdict(lambda: [0] * K)
    for t in range(order, len(x)):
        c = counts[tuple(x[t - order : t])]
        yield c, x[t]
        c[x[t]] += 1


def kt_bits(x, order: int) -> float:
    return -sum(math.log2((2 * c[s] + 1) / (2 * sum(c) + K)) for c, s in kt_steps(x, order))


def arithmetic_length(x, order: int, n: int) -> tuple[int, float]:
    """Exact arithmetic coding of the first n predictions; returns (bits, exact log-loss)."""
    low, width = Fraction(0), Fraction(1)
    for i, (c, s) in enumerate(kt_steps(x, order)):
        if i == n:
            break
        tot = 2 * sum(c) + K
        low += width * Fraction(sum(2 * v + 1 for v in c[:s]), tot)
        width *= Fraction(2 * c[s] + 1, tot)
    L = 1
    while Fraction(1, 2 ** (L - 1)) > width:  # L = ceil(-log2 width) + 1
        L += 1
    return L, math.log2(width.denominator) - math.log2(width.numerator)


def run() -> Report:
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

    rate = {k: kt_bits(x, k) / (N - k) for k in range(4)}
    r.figure("entropy rate of the source (bits/symbol)", H)
    r.figure(
        "adaptive order-k code length, k = 0..3 (bits/symbol)",
        {k: round(v, 4) for k, v in rate.items()},
    )
    r.figure("perplexity of the order-2 predictor = 2^(bits/symbol)", 2 ** rate[2])
    r.check("the true order (2) compresses best", rate[2] < min(rate[0], rate[1], rate[3]))

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
    r.check(
        "code length >= empirical conditional entropy (ML model in hindsight)",
        bits2 >= ml_bits,
        f"{bits2:.1f} >= {ml_bits:.1f}",
    )
    r.check(
        "code length <= true-model log-loss + KT regret bound",
        bits2 <= true_bits + regret,
        f"{bits2:.1f} <= {true_bits:.1f} + {regret:.1f}",
    )

    L_ac, ll = arithmetic_length(x, 2, 400)
    r.check(
        "arithmetic code length within 2 bits of the predictor's log-loss (400 symbols)",
        ll <= L_ac <= ll + 2,
        f"{L_ac} bits vs log-loss {ll:.2f}",
    )
    return r


if __name__ == "__main__":
    main(run)
