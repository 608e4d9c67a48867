"""KL divergence with the arguments swapped: D(p||q) computed as sum q log(q / p).

The learner thinks of KL as "a distance between p and q" and does not care which
distribution weights the log-ratio; the Gaussian closed form is swapped the same way.
"""

import numpy as np

BREAKS = [
    "agrees with scipy.special.rel_entr on 300 pairs",
    "KL is not symmetric",
    "Gaussian closed form matches numerical integral",
]


def kl(p, q):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(q > 0, q * np.log(q / p), 0.0)
    return float(np.sum(terms))


def kl_gauss(m1, s1, m2, s2):
    # D(N(m2, s2^2) || N(m1, s1^2)) in place of D(N(m1, s1^2) || N(m2, s2^2))
    return float(np.log(s1 / s2) + (s2**2 + (m1 - m2) ** 2) / (2 * s1**2) - 0.5)
