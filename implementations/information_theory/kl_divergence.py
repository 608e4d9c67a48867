"""kl-divergence: D(p||q) = sum p log(p/q), the expected log-likelihood ratio of p against q.

Follows Cover & Thomas (2006) sec. 2.3 and Kullback & Leibler (1951). Checks compare with
scipy.special.rel_entr, non-negativity with equality only at p = q, asymmetry, the chain rule
D(p(x,y)||q(x,y)) = D(p(x)||q(x)) + D(p(y|x)||q(y|x)), and the Gaussian closed form against
numerical integration.
"""

from __future__ import annotations

import numpy as np
from scipy.special import rel_entr

from implementations._common import Report, main


def kl(p, q):
    """D(p||q) in nats for probability arrays of equal shape (q > 0 where p > 0)."""
    p, q = np.asarray(p, float).ravel(), np.asarray(q, float).ravel()
    m = p > 0
    return float(np.sum(p[m] * np.log(p[m] / q[m])))


def kl_gauss(m1, s1, m2, s2):
    """Closed form D(N(m1, s1^2) || N(m2, s2^2)) in nats."""
    return np.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Kullback-Leibler divergence")

    P = rng.dirichlet(np.full(8, 0.7), size=300)
    Q = rng.dirichlet(np.full(8, 0.7), size=300)
    ours = np.array([kl(p, q) for p, q in zip(P, Q)])
    r.check_close(
        "agrees with scipy.special.rel_entr on 300 pairs", ours, rel_entr(P, Q).sum(1), rtol=1e-12
    )
    r.check("D(p||q) > 0 for all 300 distinct pairs", bool(ours.min() > 0), f"min {ours.min():.3e}")
    r.check_close("D(p||p) = 0", kl(P[0], P[0]), 0.0, atol=1e-15)

    p, q = np.array([0.9, 0.1]), np.array([0.5, 0.5])
    r.figure(
        "D(p||q), D(q||p) for p=(0.9,0.1), q=(0.5,0.5) (nats)",
        [round(kl(p, q), 6), round(kl(q, p), 6)],
    )
    r.check("KL is not symmetric", abs(kl(p, q) - kl(q, p)) > 0.1)

    # Chain rule on a random 3x4 pair of joints.
    Jp = rng.dirichlet(np.ones(12)).reshape(3, 4)
    Jq = rng.dirichlet(np.ones(12)).reshape(3, 4)
    px, qx = Jp.sum(1), Jq.sum(1)
    cond = sum(px[i] * kl(Jp[i] / px[i], Jq[i] / qx[i]) for i in range(3))
    r.check_close(
        "chain rule: D(joint) = D(marginal) + D(conditional)",
        kl(Jp, Jq),
        kl(px, qx) + cond,
        rtol=1e-12,
    )

    # Gaussians: closed form vs trapezoid integration of p log(p/q) on a wide grid.
    m1, s1, m2, s2 = 0.3, 0.8, -0.5, 1.4
    x = np.linspace(-12, 12, 200_001)
    lp = -0.5 * ((x - m1) / s1) ** 2 - np.log(s1 * np.sqrt(2 * np.pi))
    lq = -0.5 * ((x - m2) / s2) ** 2 - np.log(s2 * np.sqrt(2 * np.pi))
    numeric = float(np.trapezoid(np.exp(lp) * (lp - lq), x))
    r.figure("D(N(0.3,0.8^2) || N(-0.5,1.4^2)) closed form (nats)", float(kl_gauss(m1, s1, m2, s2)))
    r.check_close(
        "Gaussian closed form matches numerical integral",
        kl_gauss(m1, s1, m2, s2),
        numeric,
        rtol=1e-9,
    )
    return r


if __name__ == "__main__":
    main(run)
