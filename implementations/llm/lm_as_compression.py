"""lm-as-compression: arithmetic coding driven by a language model's next-symbol probabilities.

Any model q(x_t | x_<t) plus arithmetic coding is a lossless compressor whose code length is
within 2 bits of -log2 q(x_1..x_n) (Cover & Thomas ch. 13; MacKay ch. 6); Deletang et al. (2024)
use exactly this to compare LLMs with gzip. Here a bigram model with add-one counts, quantised to
integer frequencies summing to 2^12, drives an exact (big-integer) arithmetic coder. Checks:
decoding returns the original text; code length L satisfies -log2 q(x) <= L <= -log2 q(x) + 2;
bits per symbol match the model's cross-entropy and beat the 8 bits/byte of raw storage and the
log2(alphabet) bits of a uniform code.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

PREC = 12  # every row of frequencies sums to 2^12


def quantise(P):
    """Integer frequencies >= 1 per row, summing exactly to 2^PREC."""
    F = np.maximum(1, np.floor(P * (1 << PREC))).astype(np.int64)
    for row in F:
        row[np.argmax(row)] += (1 << PREC) - row.sum()
    return F


def encode(x, F, start):
    cum = np.concatenate([np.zeros((len(F), 1), np.int64), F.cumsum(1)], 1)
    low, width, prev = 0, 1, start  # interval [low, low+width) / 2^(PREC * t)
    for s in x:
        low = low * (1 << PREC) + width * int(cum[prev, s])
        width *= int(F[prev, s])
        prev = s
    B = PREC * len(x)
    m = B - (width.bit_length() - 1) + 1  # 2^-m <= width / 2^B: a multiple of 2^-m lies inside
    c = -((-low << m) >> B)  # ceil(low * 2^m / 2^B)
    assert (c << B) < ((low + width) << m)
    return c, m


def decode(c, m, n, F, start):
    cum = np.concatenate([np.zeros((len(F), 1), np.int64), F.cumsum(1)], 1)
    low, width, prev, out = 0, 1, start, []
    for t in range(n):
        shift = PREC * (t + 1)
        for s in range(F.shape[1]):  # symbol whose sub-interval contains c / 2^m
            lo = low * (1 << PREC) + width * int(cum[prev, s])
            hi = lo + width * int(F[prev, s])
            if (lo << m) <= (c << shift) < (hi << m):
                break
        low, width, prev = lo, width * int(F[prev, s]), s
        out.append(s)
    return out


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Language model + arithmetic coding = compressor")
    A = 6
    P = rng.dirichlet(0.4 * np.ones(A), size=A)  # the 'true' source: a Markov chain

    def sample(n):
        cdf, u, x = P.cumsum(1), rng.random(n), [0]
        for v in u[1:]:
            x.append(min(int(np.searchsorted(cdf[x[-1]], v)), A - 1))
        return np.array(x)

    train, test = sample(5000), sample(800)
    C = np.ones((A, A))
    np.add.at(C, (train[:-1], train[1:]), 1)  # add-one bigram counts
    F = quantise(C / C.sum(1, keepdims=True))
    q = F / (1 << PREC)  # the model the coder really uses

    x = [int(s) for s in test[1:]]
    c, m = encode(x, F, start=int(test[0]))
    ideal = -np.sum(np.log2(q[test[:-1], test[1:]]))
    r.check("decode(encode(x)) == x", decode(c, m, len(x), F, int(test[0])) == x)
    r.figure("code length vs -log2 q(x) (bits)", [m, float(ideal)])
    r.check(
        "-log2 q(x) <= code length <= -log2 q(x) + 2",
        ideal <= m <= ideal + 2,
        f"{m} vs {ideal:.2f}",
    )

    H = -np.sum(np.log2(q[test[:-1], test[1:]])) / len(x)
    r.figure(
        "bits/symbol: arithmetic code, model cross-entropy, uniform code, raw bytes",
        [m / len(x), float(H), float(np.log2(A)), 8.0],
    )
    r.check_close(
        "bits per symbol == model cross-entropy (+ at most 2/n)", m / len(x), H, atol=2 / len(x)
    )
    r.check("beats the uniform code log2(A) and raw 8-bit storage", m / len(x) < np.log2(A) < 8)
    return r


if __name__ == "__main__":
    main(run)
