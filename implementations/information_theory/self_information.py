"""self-information: the surprisal I(x) = -log p(x) of a single outcome.

Follows Cover & Thomas (2006) ch. 2 and Goodfellow et al. (2016) sec. 3.13. Checks compare
with closed forms (fair coin = 1 bit, p = 1/8 -> 3 bits), the additivity invariant for
independent events, and the entropy of a random distribution computed by scipy.special.entr.
"""

from __future__ import annotations

import numpy as np
from scipy.special import entr

from implementations._common import Report, main


def surprisal(p, base=2.0):
    """Self-information of outcomes with probabilities p, in units of log base `base`."""
    p = np.asarray(p, dtype=float)
    return -np.log(p) / np.log(base)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Self-information (surprisal)")

    # Rare events carry more information: the log turns small probabilities into many bits.
    probs = np.array([0.5, 0.25, 0.125, 1 / 1024])
    bits = surprisal(probs)
    r.figure("I(p) in bits for p = 1/2, 1/4, 1/8, 1/1024", [round(float(b), 6) for b in bits])
    r.check_close("closed form: I(1/2^k) = k bits", bits, [1, 2, 3, 10], rtol=1e-12)

    # Units: one bit is ln 2 nats.
    r.check_close("1 bit = ln 2 nats", surprisal(0.5, base=np.e), np.log(2), rtol=1e-12)

    # Additivity: for independent X, Y the joint surprisal is the sum of the two.
    px = rng.dirichlet(np.ones(5))
    py = rng.dirichlet(np.ones(7))
    joint = np.outer(px, py)
    lhs = surprisal(joint)
    rhs = surprisal(px)[:, None] + surprisal(py)[None, :]
    r.check_close("independent events: I(x,y) = I(x) + I(y)", lhs, rhs, rtol=1e-12)

    # Monotone: a less likely outcome is more surprising.
    p_sorted = np.sort(rng.uniform(1e-6, 1.0, 200))
    r.check("surprisal strictly decreases in p", bool(np.all(np.diff(surprisal(p_sorted)) < 0)))

    # The average surprisal under p is the entropy (scipy's entr(p) = -p ln p).
    p = rng.dirichlet(np.ones(10))
    mean_surprisal_nats = float(np.sum(p * surprisal(p, base=np.e)))
    r.figure("E[I(X)] in nats for a random 10-outcome p", mean_surprisal_nats)
    r.check_close(
        "E_p[I(X)] equals scipy entropy sum(entr(p))",
        mean_surprisal_nats,
        float(np.sum(entr(p))),
        rtol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
