"""aep-typical-sets: for i.i.d. X_i, -(1/n) log p(X^n) -> H, so a typical set of about 2^{nH}
sequences carries almost all the probability.

Follows Cover & Thomas (2006) ch. 3 (secs. 3.1, 3.3) and MacKay (2003) ch. 4. For Bernoulli(p)
sequences p(x^n) depends only on the number of ones k, so the probability and size of the
typical set are exact binomial sums (log-space, math.lgamma). Checks compare them with the
theorem's bounds and the exact probability with a Monte Carlo frequency.
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main


def log2_comb(n, k):
    return (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)) / math.log(2)


def typical_set(n, p, eps):
    """Exact (probability, log2 size) of A_eps^(n) for Bernoulli(p) sequences."""
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


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("AEP and typical sets")
    p, eps = 0.2, 0.05

    probs = []
    for n in (100, 400, 1600):
        prob, log2_size, H = typical_set(n, p, eps)
        probs.append(prob)
        r.figure(
            f"n={n}: P(A), log2|A|/n, H", [round(prob, 5), round(log2_size / n, 5), round(H, 5)]
        )
    r.check("P(typical set) increases with n", probs[0] < probs[1] < probs[2])
    r.check("P(A) > 1 - eps at n = 1600", probs[2] > 1 - eps)

    n = 1600
    prob, log2_size, H = typical_set(n, p, eps)
    r.check("|A| <= 2^{n(H+eps)}", log2_size <= n * (H + eps))
    r.check("|A| >= (1-eps) 2^{n(H-eps)}", log2_size >= math.log2(1 - eps) + n * (H - eps))
    r.check(
        "typical set is an exponentially small fraction of all 2^n sequences", log2_size < 0.8 * n
    )

    # Monte Carlo: sample 20000 sequences, count how many land in the typical set.
    k = rng.binomial(n, p, size=20_000)
    se_hat = -(k * math.log2(p) + (n - k) * math.log2(1 - p)) / n
    freq = float(np.mean(np.abs(se_hat - H) <= eps))
    sd = math.sqrt(prob * (1 - prob) / k.size)
    r.check(
        "Monte Carlo frequency within 4 sd of the exact probability",
        abs(freq - prob) < 4 * sd + 1e-12,
        f"MC {freq:.4f} vs exact {prob:.4f}",
    )
    return r


if __name__ == "__main__":
    main(run)
