"""cross-entropy: H(p, q) = -sum p log q, the average code length (or loss) when q models p.

Follows Cover & Thomas (2006) sec. 5.4 (the "wrong code" theorem) and Goodfellow et al. (2016)
sec. 3.13. Checks compare H(p,q) with H(p) + D(p||q), its minimum at q = p, the softmax
cross-entropy gradient softmax(z) - onehot(y) against finite differences, and the expected
length of a Shannon code built for q against H(p,q) <= L < H(p,q) + 1.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def xent(p, q):
    """H(p, q) in bits."""
    p, q = np.asarray(p, float), np.asarray(q, float)
    m = p > 0
    return float(-np.sum(p[m] * np.log2(q[m])))


def softmax_xent(z, y):
    """Loss -log softmax(z)[y] in nats, computed stably with log-sum-exp."""
    zmax = z.max()
    return float(zmax + np.log(np.sum(np.exp(z - zmax))) - z[y])


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Cross-entropy")

    p, q = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))
    Hp = xent(p, p)
    D = float(np.sum(p * np.log2(p / q)))
    r.figure("H(p), D(p||q), H(p,q) in bits", [round(Hp, 6), round(D, 6), round(xent(p, q), 6)])
    r.check_close("H(p,q) = H(p) + D(p||q)", xent(p, q), Hp + D, rtol=1e-12)

    # No model q beats the truth: H(p,q) >= H(p) for many random q.
    Qs = rng.dirichlet(np.full(6, 0.5), size=2000)
    r.check("H(p,q) >= H(p) for 2000 random q", bool(min(xent(p, qq) for qq in Qs) >= Hp - 1e-12))

    # Gradient of the LLM loss wrt logits is softmax(z) - onehot(y): compare finite differences.
    z, y, h = rng.normal(size=10), 3, 1e-6
    fd = np.array(
        [(softmax_xent(z + h * e, y) - softmax_xent(z - h * e, y)) / (2 * h) for e in np.eye(10)]
    )
    sm = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    r.check_close("d loss / d logits = softmax - onehot", fd, sm - np.eye(10)[y], atol=1e-8)

    # Stable log-sum-exp keeps the loss finite for huge logits.
    big = np.array([1000.0, 0.0, -1000.0])
    r.check_close(
        "stable loss for logits (1000, 0, -1000), target 0", softmax_xent(big, 0), 0.0, atol=1e-12
    )

    # Wrong-code theorem: Shannon code lengths ceil(-log2 q) give H(p,q) <= E_p[len] < H(p,q) + 1.
    lengths = np.ceil(-np.log2(q))
    L = float(np.sum(p * lengths))
    r.figure("expected Shannon-code length for q under p (bits)", L)
    r.check("Kraft sum of the code lengths <= 1", float(np.sum(2.0**-lengths)) <= 1 + 1e-12)
    r.check("H(p,q) <= expected length < H(p,q) + 1", xent(p, q) <= L < xent(p, q) + 1)
    return r


if __name__ == "__main__":
    main(run)
