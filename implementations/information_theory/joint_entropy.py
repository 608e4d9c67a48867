"""joint-entropy: H(X,Y) = -sum p(x,y) log p(x,y), the uncertainty of a pair.

Follows Cover & Thomas (2006) sec. 2.2 and MacKay (2003) ch. 8. Checks compare with the
closed form H(X)+H(Y) for independent variables, the bounds max(H(X),H(Y)) <= H(X,Y) <=
H(X)+H(Y) on random joints, H(X, f(X)) = H(X), and a Monte Carlo estimate of -E log p(X,Y).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def H(p):
    """Entropy in bits of any array of probabilities (joint tables are flattened)."""
    p = np.asarray(p, dtype=float).ravel()
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Joint entropy")

    # Independent pair: the joint table is an outer product, so entropies add.
    px, py = rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(5))
    r.check_close(
        "independent: H(X,Y) = H(X) + H(Y)", H(np.outer(px, py)), H(px) + H(py), rtol=1e-12
    )

    # Random dependent joints: max(H(X), H(Y)) <= H(X,Y) <= H(X) + H(Y).
    ok_lo, ok_hi, gaps = True, True, []
    for _ in range(300):
        J = rng.dirichlet(np.full(20, 0.3)).reshape(4, 5)
        hx, hy, hxy = H(J.sum(1)), H(J.sum(0)), H(J)
        ok_lo &= hxy >= max(hx, hy) - 1e-12
        ok_hi &= hxy <= hx + hy + 1e-12
        gaps.append(hx + hy - hxy)
    r.figure("mean H(X)+H(Y)-H(X,Y) over 300 random joints (bits)", float(np.mean(gaps)))
    r.check("H(X,Y) >= max(H(X), H(Y)) on 300 random joints", ok_lo)
    r.check("subadditivity H(X,Y) <= H(X) + H(Y) on 300 random joints", ok_hi)

    # A deterministic function adds no uncertainty: H(X, X mod 3) = H(X).
    p = rng.dirichlet(np.ones(9))
    J = np.zeros((9, 3))
    J[np.arange(9), np.arange(9) % 3] = p
    r.check_close("H(X, f(X)) = H(X)", H(J), H(p), rtol=1e-12)

    # Monte Carlo: H(X,Y) = E[-log2 p(X,Y)]; sample pairs and average the surprisal.
    J = rng.dirichlet(np.ones(12)).reshape(3, 4)
    idx = rng.choice(12, size=200_000, p=J.ravel())
    s = -np.log2(J.ravel()[idx])
    se = s.std() / np.sqrt(s.size)
    r.figure("Monte Carlo H(X,Y) (bits)", float(s.mean()))
    r.check(
        "Monte Carlo -E log p(X,Y) within 4 standard errors of H(X,Y)",
        abs(s.mean() - H(J)) < 4 * se,
        f"MC {s.mean():.5f} vs exact {H(J):.5f}, se {se:.1e}",
    )
    return r


if __name__ == "__main__":
    main(run)
