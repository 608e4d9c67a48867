"""data-processing-inequality: if X -> Y -> Z is a Markov chain then I(X;Z) <= I(X;Y).

Follows Cover & Thomas (2006) sec. 2.8. Random channels p(y|x), p(z|y) build Markov chains;
checks compare I(X;Z) with I(X;Y) and I(Y;Z), verify I(X;Z|Y) = 0 from the joint, cover
deterministic processing Z = g(Y), and show a non-Markov triple where the inequality fails,
so the Markov condition is what the theorem needs.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def mi(J):
    prod = np.outer(J.sum(1), J.sum(0))
    m = J > 0
    return float(np.sum(J[m] * np.log2(J[m] / prod[m])))


def channel(rng, n_in, n_out, conc=0.5):
    return rng.dirichlet(np.full(n_out, conc), size=n_in)  # rows are p(out | in)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Data-processing inequality")

    ok_xy, ok_yz, cmi_max, margins = True, True, 0.0, []
    for _ in range(300):
        px = rng.dirichlet(np.ones(4))
        A, B = channel(rng, 4, 5), channel(rng, 5, 3)
        T = px[:, None, None] * A[:, :, None] * B[None, :, :]  # p(x,y,z) = p(x)p(y|x)p(z|y)
        ixy, iyz, ixz = mi(T.sum(2)), mi(T.sum(0)), mi(T.sum(1))
        ok_xy &= ixz <= ixy + 1e-12
        ok_yz &= ixz <= iyz + 1e-12
        margins.append(ixy - ixz)
        # I(X;Z|Y) = sum_y p(y) I(X;Z | Y=y) must vanish for a Markov chain.
        py = T.sum((0, 2))
        cmi_max = max(cmi_max, sum(py[y] * mi(T[:, y, :] / py[y]) for y in range(5)))
    r.figure("mean I(X;Y) - I(X;Z) over 300 chains (bits)", float(np.mean(margins)))
    r.check("I(X;Z) <= I(X;Y) on 300 random Markov chains", ok_xy)
    r.check("I(X;Z) <= I(Y;Z) on 300 random Markov chains", ok_yz)
    r.check("Markov property: I(X;Z|Y) = 0", cmi_max < 1e-12, f"max {cmi_max:.2e}")

    # Deterministic processing Z = g(Y) (merge Y's 5 values into 2): I(X; g(Y)) <= I(X; Y).
    px, A = rng.dirichlet(np.ones(4)), channel(rng, 4, 5)
    Jxy = px[:, None] * A
    Jxz = np.stack([Jxy[:, :3].sum(1), Jxy[:, 3:].sum(1)], axis=1)
    r.check("I(X; g(Y)) <= I(X; Y) for a merging g", mi(Jxz) <= mi(Jxy))

    # Not a Markov chain: Z copies X while Y is independent noise, so I(X;Z) > I(X;Y) = 0.
    px, py = np.array([0.5, 0.5]), np.array([0.3, 0.7])
    T = np.einsum("x,y,xz->xyz", px, py, np.eye(2))
    r.check(
        "without the Markov condition the inequality can fail", mi(T.sum(1)) > mi(T.sum(2)) + 0.9
    )
    return r


if __name__ == "__main__":
    main(run)
