"""gibbs-inequality: -sum p log p <= -sum p log q for any distribution q, with equality iff q = p.

Follows MacKay (2003) ch. 2 (where it is called Gibbs' inequality) and Cover & Thomas (2006)
sec. 2.6 (information inequality). Checks on random pairs, equality at q = p, the gap equal to
KL computed by scipy.special.rel_entr, the log-sum inequality, and the consequence H(p) <= log n.
"""

from __future__ import annotations

import numpy as np
from scipy.special import rel_entr

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Gibbs' inequality")

    P = rng.dirichlet(np.full(7, 0.5), size=1000)
    Q = rng.dirichlet(np.full(7, 0.5), size=1000)
    Hp = -np.sum(P * np.log(P), axis=1)
    Hpq = -np.sum(P * np.log(Q), axis=1)
    r.figure("smallest H(p,q) - H(p) over 1000 pairs (nats)", float((Hpq - Hp).min()))
    r.check("H(p) <= H(p,q) for 1000 random pairs", bool(np.all(Hpq >= Hp)))
    r.check_close(
        "gap equals KL from scipy.special.rel_entr", Hpq - Hp, rel_entr(P, Q).sum(1), rtol=1e-9
    )

    # Equality only at q = p: perturbing q in any direction along the simplex raises H(p,q).
    p = P[0]
    r.check_close("equality at q = p", -np.sum(p * np.log(p)), Hp[0], rtol=1e-12)
    worse = []
    for _ in range(200):
        d = rng.normal(size=7)
        d -= d.mean()  # stay on the simplex (sum zero)
        q = p + 1e-3 * d / np.abs(d).max() * p.min()
        worse.append(-np.sum(p * np.log(q)) - Hp[0])
    r.check("every small perturbation of q away from p increases H(p,q)", min(worse) > 0)

    # Log-sum inequality: sum a log(a/b) >= (sum a) log(sum a / sum b) for positive a, b.
    a, b = rng.uniform(0.1, 5, 9), rng.uniform(0.1, 5, 9)
    r.check("log-sum inequality", np.sum(a * np.log(a / b)) >= a.sum() * np.log(a.sum() / b.sum()))

    # Taking q uniform gives H(p) <= log n for every p.
    r.check("H(p) <= log 7 (q uniform) for 1000 random p", bool(np.all(Hp <= np.log(7) + 1e-12)))
    return r


if __name__ == "__main__":
    main(run)
