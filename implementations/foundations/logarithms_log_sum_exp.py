"""logarithms-log-sum-exp: working in log space, and the stable log-sum-exp.

Follows Goodfellow et al. 4.1 (Overflow and Underflow) and Murphy PML1 ch. 2 (the
log-sum-exp trick). Checks: naive log(sum(exp(x))) overflows at x ~ 1e3 while the shifted
form is finite and equals scipy.special.logsumexp and a closed form; edge cases (one entry,
-inf, x ~ -1e3); the bounds max(x) <= LSE <= max(x) + log n; the evidence of hypotheses
whose likelihoods underflow; two-term log-space addition against numpy.logaddexp and, for a
relative size of 1e-10, against the series of log1p.
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp as scipy_lse

from implementations._common import Report, main, solution

EXERCISE = ["lse", "log_add"]

DOC_ZH = {
    "lse": """数值稳定的 log-sum-exp：LSE(x) = log Σ exp(x_i) = m + log Σ exp(x_i - m)，m = max(x)。

输入：x，一维数组，至少有一个有限值（可以含 -inf，即 log 0）。
输出：一个 float；x 很大（~1e3）或很小（~-1e3）时也不溢出、不下溢。

>>> round(lse(np.array([0.0, 0.0])), 6)
0.693147
""",
    "log_add": """在对数空间中相加：log(e^a + e^b) = max(a, b) + log1p(exp(-|a - b|))。

输入：a、b，float 或同形状数组，有限值，或其中之一为 -inf。
输出：log(e^a + e^b)，与输入同形状；两者相差很大时也要保留全部有效数字（用 log1p）。

>>> round(float(log_add(0.0, 0.0)), 6)
0.693147
""",
}

HINTS = {
    "en": (
        "exp overflows near 710 and underflows near -745, so factor the largest term out of "
        "the sum before exponentiating.",
        "log sum exp(x_i) = m + log sum exp(x_i - m) with m = max(x): every exponent is <= 0 "
        "and the largest term is exactly 1. For two terms, log(e^a + e^b) = max + "
        "log1p(exp(-|a - b|)); log1p keeps the digits that log(1 + tiny) loses.",
    ),
    "zh": (
        "exp 在 710 附近上溢、在 -745 附近下溢，所以取指数之前先把最大的那一项提到和的外面。",
        "log Σ exp(x_i) = m + log Σ exp(x_i - m)，m = max(x)：每个指数都 <= 0，最大的一项恰为 1。"
        "两项时 log(e^a + e^b) = max + log1p(exp(-|a - b|))；log1p 保留了 log(1 + 很小的数) 丢失的有效数字。",
    ),
}


def lse(x):
    """Stable log-sum-exp LSE(x) = log sum exp(x_i) = m + log sum exp(x_i - m), m = max(x).

    Input: x, a 1-D array with at least one finite entry (-inf, i.e. log 0, is allowed).
    Output: a float, without overflow or underflow for x ~ 1e3 or x ~ -1e3.

    >>> round(lse(np.array([0.0, 0.0])), 6)
    0.693147
    """
    x = np.asarray(x, dtype=float)
    m = np.max(x)  # factor out exp(m) so the largest term is exp(0) = 1
    return float(m + np.log(np.sum(np.exp(x - m))))


def log_add(a, b):
    """Addition in log space: log(e^a + e^b) = max(a, b) + log1p(exp(-|a - b|)).

    Input: a, b, floats or arrays of the same shape, finite or one of them -inf.
    Output: log(e^a + e^b), shaped like the inputs, with full precision even when the two
    differ a lot (use log1p).

    >>> round(float(log_add(0.0, 0.0)), 6)
    0.693147
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.maximum(a, b) + np.log1p(np.exp(-np.abs(a - b)))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Logarithms and log-sum-exp")

    x = np.array([1000.0, 999.0, 998.0, 990.0])
    with r.case("naive form overflows to inf; the stable one is finite") as c:
        with np.errstate(over="ignore"):
            naive = np.log(np.sum(np.exp(x)))
        stable = f.lse(x)
        r.figure("naive log(sum(exp(x))) at x ~ 1e3", float(naive))
        r.figure("stable log-sum-exp", stable)
        c.true(np.isinf(naive) and np.isfinite(stable), f"naive {naive}, stable {stable}")
    with r.case("stable LSE equals scipy.special.logsumexp") as c:
        c.close(f.lse(x), scipy_lse(x), rtol=1e-15)
    with r.case("stable LSE equals closed form 1000 + log(1 + e^-1 + e^-2 + e^-10)") as c:
        c.close(f.lse(x), 1000 + np.log1p(np.exp(-1) + np.exp(-2) + np.exp(-10)), rtol=1e-15)
    with r.case("stable LSE works for x ~ -1e3") as c:
        with np.errstate(under="ignore"):
            small = f.lse(-x)  # very negative logits: naive would give log(0) = -inf
        c.close(small, scipy_lse(-x), rtol=1e-15)
    with r.case("edge cases: one entry, a -inf entry (log 0), mixed signs") as c:
        c.close(f.lse(np.array([-3.5])), -3.5, rtol=1e-15)
        c.close(f.lse(np.array([-np.inf, 2.0, -np.inf])), 2.0, rtol=1e-15)
        v = np.array([-800.0, 3.0, 0.5, -1.0])
        c.close(f.lse(v), scipy_lse(v), rtol=1e-15)

    X = rng.normal(0, 5, size=(1000, 7))
    with r.case("max(x) <= LSE(x) <= max(x) + log n on 1000 random vectors") as c:
        vals = np.array([f.lse(row) for row in X])
        mx = X.max(axis=1)
        c.true(np.all(mx <= vals) and np.all(vals <= mx + np.log(7) + 1e-12))
        c.close(vals, scipy_lse(X, axis=1), rtol=1e-14)

    # Likelihood of 1000 independent events of probability q_h under two hypotheses.
    with r.case("evidence of two hypotheses whose likelihoods underflow, in log space") as c:
        q = np.array([1e-5, 2e-5])
        p = np.full(1000, 1e-5)
        r.figure("product of 1000 probabilities 1e-5 (float64)", float(np.prod(p)))
        loglik = 1000 * np.log(q) + np.log(0.5)  # log(prior_h) + sum of logs
        c.true(np.prod(p) == 0.0, "the direct product underflows to 0")
        c.close(f.lse(loglik), np.logaddexp(loglik[0], loglik[1]), rtol=1e-15)
        c.close(f.log_add(loglik[0], loglik[1]), np.logaddexp(loglik[0], loglik[1]), rtol=1e-15)

    with r.case("log_add equals numpy.logaddexp (either order, arrays, -inf)") as c:
        a, b = rng.normal(0, 20, size=50), rng.normal(0, 20, size=50)
        c.close(f.log_add(a, b), np.logaddexp(a, b), rtol=1e-14)
        c.close(f.log_add(b, a), np.logaddexp(a, b), rtol=1e-14)
        c.close(
            f.log_add(np.array([1000.0, -1000.0, 0.0]), np.array([1000.0, -1001.0, -np.inf])),
            np.logaddexp([1000.0, -1000.0, 0.0], [1000.0, -1001.0, -np.inf]),
            rtol=1e-15,
        )

    t = 1e-10  # log(1 + t) = t - t^2/2 + t^3/3 - ...
    series = t - t**2 / 2 + t**3 / 3
    with r.case("log_add(0, log 1e-10) = log1p(1e-10) to full precision") as c:
        c.close(f.log_add(0.0, np.log(t)), series, rtol=1e-15)
        c.true(abs(np.log(1 + t) - series) / series > 1e-8, "naive log(1 + 1e-10) loses ~7 digits")
    return r


if __name__ == "__main__":
    main(run)
