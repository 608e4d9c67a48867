"""arithmetic-coding: code a whole sequence as one sub-interval of [0, 1).

Follows MacKay ITILA ch 6 (exact-precision arithmetic coding with an adaptive model).
The model is the adaptive Laplace (add-one) predictor over a 3-letter alphabet. Checks:
the decoder recovers the message; the code length is within 2 bits of the model's log-loss
-log2 P(x); P(x) equals the closed form 1 / (C(N+K-1, K-1) * N!/prod n_i!); and the length
therefore stays below N * empirical entropy + log2 C(N+K-1, K-1) + 2.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from implementations._common import Report, main

K = 3  # alphabet size


def model(counts):
    """Laplace predictor: P(s) = (n_s + 1) / (n + K); returns cumulative bounds."""
    total = sum(counts) + K
    cum = np.concatenate([[0], np.cumsum(np.array(counts) + 1)])
    return cum, total


def encode(msg) -> tuple[str, Fraction]:
    low, width, counts = Fraction(0), Fraction(1), [0] * K
    for s in msg:
        cum, total = model(counts)
        low += width * Fraction(int(cum[s]), total)
        width *= Fraction(int(cum[s + 1] - cum[s]), total)
        counts[s] += 1
    # smallest L0 with 2^-L0 <= width; one more bit guarantees a whole dyadic
    # interval [k/2^L, (k+1)/2^L) inside [low, low + width): a prefix-free codeword.
    L0 = max(0, width.denominator.bit_length() - width.numerator.bit_length() - 1)
    while Fraction(1, 2**L0) > width:
        L0 += 1
    L = L0 + 1
    k = math.ceil(low * 2**L)
    return format(k, f"0{L}b"), width


def decode(bits: str, n: int) -> list[int]:
    v = Fraction(int(bits, 2), 2 ** len(bits))
    low, width, counts, out = Fraction(0), Fraction(1), [0] * K, []
    for _ in range(n):
        cum, total = model(counts)
        for s in range(K):  # find the sub-interval that contains v
            lo = low + width * Fraction(int(cum[s]), total)
            hi = low + width * Fraction(int(cum[s + 1]), total)
            if lo <= v < hi:
                break
        out.append(s)
        low, width = lo, hi - lo
        counts[s] += 1
    return out


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Arithmetic coding")
    p = np.array([0.7, 0.2, 0.1])
    N = 400
    msg = [int(s) for s in rng.choice(K, size=N, p=p)]
    bits, width = encode(msg)
    logloss = math.log2(width.denominator) - math.log2(width.numerator)  # -log2 P(x)
    n = np.bincount(msg, minlength=K)
    # closed form of the Laplace sequential probability
    log2_comb = (math.lgamma(N + K) - math.lgamma(K) - math.lgamma(N + 1)) / math.log(2)
    log2_multi = (math.lgamma(N + 1) - sum(math.lgamma(c + 1) for c in n)) / math.log(2)
    emp_H = float(-(n / N * np.log2(n / N)).sum())
    H = float(-(p * np.log2(p)).sum())
    r.figure("code length (bits)", len(bits))
    r.figure("model log-loss -log2 P(x)", logloss)
    r.figure("bits/symbol", len(bits) / N)
    r.figure("empirical entropy / source entropy (bits)", (round(emp_H, 4), round(H, 4)))
    r.check("decode(encode(x)) == x", decode(bits, N) == msg)
    r.check(
        "log-loss <= code length <= log-loss + 2",
        logloss <= len(bits) <= logloss + 2,
        f"{logloss:.2f} <= {len(bits)} <= {logloss + 2:.2f}",
    )
    r.check_close(
        "P(x) matches the closed form 1/(C(N+K-1,K-1) * multinomial)",
        logloss,
        log2_comb + log2_multi,
        rtol=1e-12,
    )
    bound = N * emp_H + log2_comb + 2
    r.check(
        "length <= N * empirical entropy + log2 C(N+K-1, K-1) + 2",
        len(bits) <= bound,
        f"{len(bits)} <= {bound:.1f}",
    )
    return r


if __name__ == "__main__":
    main(run)
