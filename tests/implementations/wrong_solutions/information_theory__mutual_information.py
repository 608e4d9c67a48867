"""Mutual information as the KL divergence in the wrong direction, D(p(x)p(y) || p(x,y)).

The learner remembers "I is the KL between the joint and the product of the marginals" but
not which one is the first argument (this is the lautum information, not I(X;Y)).
"""

import numpy as np

BREAKS = [
    "KL form equals H(X)+H(Y)-H(X,Y)",
    "zero cells and a zero row: still H(X)+H(Y)-H(X,Y)",
    "BSC with uniform input: I = 1 - h(eps)",
]


def mi_kl(J):
    J = np.asarray(J, dtype=float)
    prod = np.outer(J.sum(axis=1), J.sum(axis=0))
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(prod > 0, prod * np.log2(prod / J), 0.0)
    return float(np.sum(terms))
