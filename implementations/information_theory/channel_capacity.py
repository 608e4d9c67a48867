"""channel-capacity: C = max over input laws p(x) of I(X;Y), the largest rate a noisy channel
can carry reliably.

Follows Cover & Thomas (2006) ch. 7 and MacKay (2003) ch. 9. Capacity is found by brute-force
maximisation over a fine grid of input distributions (no Blahut-Arimoto) and compared with
the closed forms for the binary symmetric channel 1 - h(p), the binary erasure channel
1 - e, the Z channel log2(1 + (1-p) p^{p/(1-p)}), and a weakly symmetric ternary channel
log2|Y| - H(row).
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main


def h2(p):
    return -p * np.log2(p) - (1 - p) * np.log2(1 - p)


def mutual_info(PX, W):
    """I(X;Y) in bits for each row of PX (input laws) and channel rows W[x] = p(y|x)."""
    J = PX[:, :, None] * W[None]  # p(x, y) for every candidate input law
    prod = PX[:, :, None] * J.sum(1)[:, None, :]  # p(x) p(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(J > 0, J * np.log2(J / prod), 0.0)
    return terms.sum(axis=(1, 2))


def capacity_binary_input(W, n=20_001):
    qs = np.linspace(0, 1, n)
    vals = mutual_info(np.stack([1 - qs, qs], axis=1), W)
    i = int(np.argmax(vals))
    return float(vals[i]), float(qs[i])


def run() -> Report:
    r = Report("Channel capacity")

    p = 0.11
    C, q = capacity_binary_input(np.array([[1 - p, p], [p, 1 - p]]))
    r.figure("BSC(0.11): brute-force C and best P(X=1)", [round(C, 6), round(q, 4)])
    r.check_close(
        "BSC: brute force = 1 - h(p), at uniform input", [C, q], [1 - h2(p), 0.5], rtol=1e-6
    )

    e = 0.3
    C, _ = capacity_binary_input(np.array([[1 - e, e, 0], [0, e, 1 - e]]))
    r.check_close("BEC: brute force = 1 - e", C, 1 - e, rtol=1e-6)

    # Z channel: 0 is received perfectly, 1 flips to 0 with probability p. Optimal input is not uniform.
    p = 0.5
    C, q = capacity_binary_input(np.array([[1, 0], [p, 1 - p]]))
    closed = np.log2(1 + (1 - p) * p ** (p / (1 - p)))
    r.figure("Z channel(0.5): C and best P(X=1)", [round(C, 6), round(q, 4)])
    r.check_close("Z channel: brute force = log2(1 + (1-p) p^(p/(1-p)))", C, closed, rtol=1e-6)
    r.check("Z channel optimum is not the uniform input", abs(q - 0.5) > 0.05)

    # Ternary weakly symmetric channel: C = log2 3 - H(row), uniform input; grid over the simplex.
    row = np.array([0.7, 0.2, 0.1])
    W = np.array([np.roll(row, k) for k in range(3)])
    g = np.arange(301) / 300  # contains 1/3
    A = np.array([(a, b, 1 - a - b) for a, b in itertools.product(g, g) if a + b <= 1 + 1e-12])
    best = float(mutual_info(np.clip(A, 0, 1), W).max())
    closed = np.log2(3) + float(np.sum(row * np.log2(row)))
    r.check_close("weakly symmetric: grid max = log2|Y| - H(row)", best, closed, rtol=1e-6)
    r.check("capacity <= min(log2|X|, log2|Y|)", best <= np.log2(3))
    return r


if __name__ == "__main__":
    main(run)
