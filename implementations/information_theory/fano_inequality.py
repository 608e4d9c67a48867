"""fano-inequality: any estimate Xhat(Y) with error P_e satisfies H(X|Y) <= h(P_e) + P_e log(|X|-1).

Follows Cover & Thomas (2006) sec. 2.10. On a small noisy channel the MAP estimator's error is
computed exactly and compared with the Fano bound, random (sub-optimal) estimators are checked
too, the weaker form P_e >= (H(X|Y) - 1) / log|X| is verified, and a constructed channel where
Fano holds with equality confirms the bound is tight.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def H(p):
    p = np.asarray(p, float).ravel()
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def fano_rhs(pe, m):
    return H([pe, 1 - pe]) + pe * np.log2(m - 1)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Fano's inequality")

    m = 5
    px = rng.dirichlet(np.ones(m) * 2)
    W = 0.55 * np.eye(m) + 0.45 * rng.dirichlet(np.ones(m), size=m)  # rows p(y|x)
    J = px[:, None] * W
    hxy = H(J) - H(J.sum(0))  # H(X|Y)
    pe_map = float(1 - J.max(axis=0).sum())  # MAP guesses argmax_x p(x, y) for each y
    r.figure(
        "H(X|Y), MAP error, Fano right-hand side",
        [round(hxy, 5), round(pe_map, 5), round(float(fano_rhs(pe_map, m)), 5)],
    )
    r.check("MAP estimator obeys H(X|Y) <= h(Pe) + Pe log2(|X|-1)", hxy <= fano_rhs(pe_map, m))

    # Any deterministic estimator g(y) also obeys it (Fano holds for every estimator).
    ok = True
    for _ in range(500):
        g = rng.integers(0, m, size=m)
        pe = 1 - J[g, np.arange(m)].sum()
        ok &= hxy <= fano_rhs(pe, m) + 1e-12
    r.check("500 random estimators obey the bound", ok)
    r.check("weak form: Pe >= (H(X|Y) - 1) / log2|X|", pe_map >= (hxy - 1) / np.log2(m))

    # Tightness: X uniform, Y = X with prob 1-e, else uniform over the other m-1 symbols.
    e = 0.2
    Wt = np.full((m, m), e / (m - 1))
    np.fill_diagonal(Wt, 1 - e)
    Jt = Wt / m
    hxy_t = H(Jt) - H(Jt.sum(0))
    pe_t = 1 - Jt.max(axis=0).sum()
    r.check_close("constructed channel: MAP error equals e", pe_t, e, rtol=1e-12)
    r.check_close("and Fano holds with equality", hxy_t, fano_rhs(pe_t, m), rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
