"""conditional-entropy: H(Y|X) = sum_x p(x) H(Y | X=x), the uncertainty left in Y once X is known.

Follows Cover & Thomas (2006) sec. 2.2. The definition (average of the row entropies of
p(y|x)) is checked against H(X,Y) - H(X) computed from the joint, against the closed form
h(eps) for a binary symmetric channel, and against the invariants H(Y|X) <= H(Y) and
H(f(X)|X) = 0.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def H(p):
    p = np.asarray(p, dtype=float).ravel()
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def cond_entropy(J):
    """H(Y|X) for a joint table J[x, y], straight from the definition."""
    px = J.sum(axis=1)
    return float(sum(px[i] * H(J[i] / px[i]) for i in range(len(px)) if px[i] > 0))


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Conditional entropy")

    J = rng.dirichlet(np.full(24, 0.5)).reshape(4, 6)
    hc = cond_entropy(J)
    r.figure("H(Y|X) for a random 4x6 joint (bits)", hc)
    r.check_close("definition equals H(X,Y) - H(X)", hc, H(J) - H(J.sum(1)), rtol=1e-12)

    # Conditioning reduces entropy on average (it can increase for one particular x).
    ok = True
    for _ in range(300):
        J = rng.dirichlet(np.full(12, 0.4)).reshape(3, 4)
        ok &= cond_entropy(J) <= H(J.sum(0)) + 1e-12
    r.check("H(Y|X) <= H(Y) on 300 random joints", ok)

    # Binary symmetric channel with crossover eps: each row of p(y|x) has entropy h(eps).
    eps, q = 0.11, 0.3
    Jb = np.array([[q * (1 - eps), q * eps], [(1 - q) * eps, (1 - q) * (1 - eps)]])
    h_eps = -eps * np.log2(eps) - (1 - eps) * np.log2(1 - eps)
    r.check_close("BSC: H(Y|X) = h(eps) for any input law", cond_entropy(Jb), h_eps, rtol=1e-12)

    # Y a function of X: nothing is left to learn.
    p = rng.dirichlet(np.ones(6))
    Jf = np.zeros((6, 2))
    Jf[np.arange(6), np.arange(6) % 2] = p
    r.check_close("H(f(X) | X) = 0", cond_entropy(Jf), 0.0, atol=1e-15)

    # Asymmetry: H(Y|X) and H(X|Y) differ in general, but H(X)+H(Y|X) = H(Y)+H(X|Y).
    J = rng.dirichlet(np.ones(15)).reshape(3, 5)
    a = H(J.sum(1)) + cond_entropy(J)
    b = H(J.sum(0)) + cond_entropy(J.T)
    r.figure("H(Y|X) vs H(X|Y) (bits)", [round(cond_entropy(J), 6), round(cond_entropy(J.T), 6)])
    r.check_close("H(X)+H(Y|X) = H(Y)+H(X|Y)", a, b, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
