"""jensen-shannon-divergence: JSD(P,Q) = 1/2 KL(P||M) + 1/2 KL(Q||M) with M = (P+Q)/2.

Follows Lin (1991) and Goodfellow et al. (2014). Checks compare the KL form with the entropy
form H(M) - (H(P)+H(Q))/2, the mutual-information reading (JSD = I(Z; X) for a fair coin Z
choosing P or Q), the bound JSD <= log 2 reached on disjoint supports, the triangle
inequality for sqrt(JSD) on random triples, and the GAN value at the optimal discriminator,
V(D*) = -log 4 + 2 JSD.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def H(p):
    p = p[p > 0]
    return float(-np.sum(p * np.log(p)))


def kl(p, q):
    m = p > 0
    return float(np.sum(p[m] * np.log(p[m] / q[m])))


def jsd(p, q):
    m = 0.5 * (p + q)
    return 0.5 * kl(p, m) + 0.5 * kl(q, m)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Jensen-Shannon divergence")
    p, q = rng.dirichlet(np.ones(8)), rng.dirichlet(np.ones(8))

    r.figure("JSD(p, q) for a random pair (nats)", jsd(p, q))
    r.check_close(
        "KL form = H(M) - (H(P) + H(Q))/2",
        jsd(p, q),
        H(0.5 * (p + q)) - 0.5 * (H(p) + H(q)),
        rtol=1e-12,
    )
    r.check_close("symmetric", jsd(p, q), jsd(q, p), rtol=1e-12)

    # Z ~ Bernoulli(1/2) picks P or Q, X is drawn from it: I(Z; X) = JSD(P, Q).
    J = 0.5 * np.vstack([p, q])
    prod = np.outer(J.sum(1), J.sum(0))
    r.check_close(
        "JSD = I(Z; X) for a fair mixture",
        jsd(p, q),
        float(np.sum(J * np.log(J / prod))),
        rtol=1e-12,
    )

    # Bounded: JSD <= log 2, reached when the supports are disjoint (KL would be infinite).
    a, b = np.r_[0.3, 0.7, 0, 0], np.r_[0, 0, 0.5, 0.5]
    r.check_close("disjoint supports: JSD = log 2", jsd(a, b), np.log(2), rtol=1e-12)
    draws = rng.dirichlet(np.full(8, 0.3), size=(300, 3))
    r.check("JSD <= log 2 on 300 random pairs", all(jsd(x, y) <= np.log(2) for x, y, _ in draws))

    # sqrt(JSD) is a metric (Endres & Schindelin): check the triangle inequality.
    d = lambda x, y: np.sqrt(jsd(x, y))
    r.check(
        "triangle inequality for sqrt(JSD) on 300 triples",
        all(d(x, z) <= d(x, y) + d(y, z) + 1e-12 for x, y, z in draws),
    )

    # GAN: V(D) = E_p log D + E_q log(1 - D) is maximised by D* = p/(p+q), where it equals -log 4 + 2 JSD.
    V = lambda D: float(p @ np.log(D) + q @ np.log(1 - D))
    D_star = p / (p + q)
    r.check_close(
        "GAN optimum V(D*) = -log 4 + 2 JSD", V(D_star), -np.log(4) + 2 * jsd(p, q), rtol=1e-12
    )
    r.check(
        "random discriminators do worse than D*",
        max(V(np.clip(D_star + 0.1 * rng.normal(size=8), 1e-3, 1 - 1e-3)) for _ in range(300))
        < V(D_star),
    )
    return r


if __name__ == "__main__":
    main(run)
