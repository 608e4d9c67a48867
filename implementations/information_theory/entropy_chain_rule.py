"""entropy-chain-rule: H(X1,...,Xn) = sum_i H(Xi | X1,...,X_{i-1}).

Follows Cover & Thomas (2006) sec. 2.5. Each conditional entropy is computed from its own
definition (weighted row entropies of p(x_i | x_<i)) and the sum is compared with the joint
entropy computed directly; the chain rule for mutual information is checked the same way.
Autoregressive language models factorise text exactly like this.
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main


def H(p):
    p = np.asarray(p, dtype=float).ravel()
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def cond_H(J, target, given):
    """H(X_target | X_given) by definition, J a joint table over all variables."""
    other = tuple(a for a in range(J.ndim) if a not in given and a != target)
    M = J.sum(axis=other) if other else J  # joint of (given..., target) in axis order
    keep = sorted(given + (target,))
    M = np.moveaxis(M, keep.index(target), -1).reshape(-1, J.shape[target])
    pg = M.sum(axis=1)
    return float(sum(w * H(row / w) for w, row in zip(pg, M) if w > 0))


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Chain rule for entropy")

    J = rng.dirichlet(np.full(2 * 3 * 4 * 2, 0.5)).reshape(2, 3, 4, 2)
    terms = [cond_H(J, i, tuple(range(i))) for i in range(4)]
    r.figure("H(X1), H(X2|X1), H(X3|X1,X2), H(X4|X1..X3) in bits", [round(t, 6) for t in terms])
    r.check_close("sum of conditionals equals joint entropy", sum(terms), H(J), rtol=1e-12)

    # Any ordering of the variables gives the same total.
    totals = []
    for order in itertools.permutations(range(4)):
        totals.append(sum(cond_H(J, order[i], tuple(order[:i])) for i in range(4)))
    r.check_close("all 24 orderings give the same sum", totals, np.full(24, H(J)), rtol=1e-12)

    # Each extra conditioning variable can only lower the next term's entropy.
    r.check(
        "H(X4|X1..X3) <= H(X4|X1,X2) <= H(X4|X1) <= H(X4)",
        bool(np.all(np.diff([cond_H(J, 3, tuple(range(k))) for k in range(4)]) <= 1e-12)),
    )

    # Chain rule for information: I(X1,X2; Y) = I(X1; Y) + I(X2; Y | X1).
    K = rng.dirichlet(np.ones(3 * 2 * 3)).reshape(3, 2, 3)  # axes: X1, X2, Y
    I_joint = H(K.sum((0, 1))) - cond_H(K, 2, (0, 1))
    I_1 = H(K.sum((0, 1))) - cond_H(K, 2, (0,))
    I_2_given_1 = cond_H(K, 2, (0,)) - cond_H(K, 2, (0, 1))
    r.check_close("I(X1,X2;Y) = I(X1;Y) + I(X2;Y|X1)", I_joint, I_1 + I_2_given_1, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
