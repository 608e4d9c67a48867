"""Jensen-Shannon divergence taken as the symmetrised KL, (D(p||q) + D(q||p)) / 2.

The learner thinks JSD is "KL made symmetric" and skips the mixture m = (p + q) / 2, so the
result is unbounded and infinite for disjoint supports.
"""

import numpy as np

BREAKS = [
    "agrees with scipy jensenshannon^2 on 100 pairs with zeros",
    "KL form = H(M) - (H(P) + H(Q))/2",
    "disjoint supports: JSD = log 2",
    "JSD <= log 2 on 300 random pairs",
]


def kl(p, q):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    nz = p > 0
    with np.errstate(divide="ignore"):
        return float(np.sum(p[nz] * np.log(p[nz] / q[nz])))


def jsd(p, q):
    return 0.5 * (kl(p, q) + kl(q, p))
