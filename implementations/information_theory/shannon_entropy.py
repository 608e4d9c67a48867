"""shannon-entropy: H(X) = -sum p(x) log p(x), the average surprisal of a distribution.

Follows Cover & Thomas (2006) ch. 2 (sec. 2.1) and Shannon (1948). Checks compare with the
closed form log2 n for a uniform distribution, scipy.special.entr, the bounds 0 <= H <= log n,
a grid search for the maximum of the binary entropy, and Shannon's grouping property.
"""

from __future__ import annotations

import numpy as np
from scipy.special import entr

from implementations._common import Report, main


def entropy(p, base=2.0):
    """Shannon entropy of a probability vector; 0 log 0 is taken as 0."""
    p = np.asarray(p, dtype=float)
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)) / np.log(base))


def binary_entropy(q):
    return entropy([q, 1.0 - q])


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Shannon entropy")

    h = entropy(np.full(8, 1 / 8))
    r.figure("H(uniform on 8 outcomes) in bits", h)
    r.check_close("uniform entropy equals log2 n", h, np.log2(8), rtol=1e-12)

    # Library reference: scipy.special.entr(p) = -p ln p elementwise.
    P = rng.dirichlet(np.full(12, 0.5), size=200)
    ours = np.array([entropy(p, base=np.e) for p in P])
    ref = entr(P).sum(axis=1)
    r.check_close(
        "agrees with scipy.special.entr on 200 random distributions", ours, ref, rtol=1e-12
    )

    # Bounds: 0 <= H(p) <= log n, with 0 only for a point mass.
    r.check(
        "0 <= H <= ln 12 on all random draws",
        bool(np.all(ours >= 0) and np.all(ours <= np.log(12) + 1e-12)),
    )
    r.check_close("point mass has zero entropy", entropy([0, 1, 0, 0]), 0.0, atol=1e-15)

    # Binary entropy peaks at q = 1/2 with value 1 bit (grid search, not calculus).
    grid = np.linspace(0.001, 0.999, 999)
    hb = np.array([binary_entropy(q) for q in grid])
    r.figure("argmax of binary entropy on a grid", float(grid[np.argmax(hb)]))
    r.check_close(
        "binary entropy maximised at q = 0.5 with 1 bit",
        [grid[np.argmax(hb)], hb.max()],
        [0.5, 1.0],
        rtol=1e-9,
    )

    # Grouping: H(p1..pn) = H(p1+p2, p3..pn) + (p1+p2) H(p1/(p1+p2), p2/(p1+p2)).
    p = rng.dirichlet(np.ones(6))
    s = p[0] + p[1]
    lhs = entropy(p)
    rhs = entropy(np.r_[s, p[2:]]) + s * entropy([p[0] / s, p[1] / s])
    r.check_close("grouping (recursivity) property", lhs, rhs, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
