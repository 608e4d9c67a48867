"""pinsker-inequality: TV(P, Q) <= sqrt(KL(P||Q) / 2), with TV = sup_A |P(A) - Q(A)|.

Follows Cover & Thomas (2006) ch. 11. Checks the bound on random pairs of varied shape,
computes TV both as half the L1 distance and as a brute-force maximum over all events A,
shows the constant 1/2 is sharp (the ratio TV^2 / (KL/2) -> 1 for nearby Bernoullis), and
compares Gaussian shift TV = 2 Phi(mu/2) - 1 (closed form) with numerical integration and
with the Pinsker bound mu/2.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from implementations._common import Report, main


def kl(p, q):
    m = p > 0
    return float(np.sum(p[m] * np.log(p[m] / q[m])))


def tv(p, q):
    return 0.5 * float(np.abs(p - q).sum())


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Pinsker's inequality")

    ok, ratios = True, []
    for conc in (0.2, 1.0, 5.0):
        for _ in range(300):
            p, q = rng.dirichlet(np.full(6, conc)), rng.dirichlet(np.full(6, conc))
            ok &= tv(p, q) <= math.sqrt(kl(p, q) / 2) + 1e-12
            ratios.append(tv(p, q) / math.sqrt(kl(p, q) / 2))
    r.figure("largest TV / sqrt(KL/2) over 900 random pairs", max(ratios))
    r.check("TV <= sqrt(KL/2) on 900 random pairs", ok)

    # TV as the best event: brute force over all 2^6 subsets A.
    p, q = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))
    best = max(
        abs(p[list(A)].sum() - q[list(A)].sum())
        for k in range(7)
        for A in itertools.combinations(range(6), k)
    )
    r.check_close("half L1 distance = max over events |P(A) - Q(A)|", tv(p, q), best, rtol=1e-12)

    # Sharp constant: Bernoulli(1/2 + e) vs Bernoulli(1/2): TV^2 / (KL/2) -> 1 as e -> 0.
    e = 1e-3
    b1, b0 = np.array([0.5 + e, 0.5 - e]), np.array([0.5, 0.5])
    r.check_close(
        "constant 1/2 is sharp near p = q", tv(b1, b0) ** 2 / (kl(b1, b0) / 2), 1.0, rtol=1e-5
    )

    # Gaussians N(0,1) vs N(mu,1): KL = mu^2/2, TV = 2 Phi(mu/2) - 1 = erf(mu / (2 sqrt 2)).
    mu = 1.2
    x = np.linspace(-15, 15, 300_001)
    f0, f1 = np.exp(-(x**2) / 2), np.exp(-((x - mu) ** 2) / 2)
    tv_num = float(0.5 * np.trapezoid(np.abs(f0 - f1), x) / math.sqrt(2 * math.pi))
    tv_closed = math.erf(mu / (2 * math.sqrt(2)))
    r.figure("Gaussian shift mu=1.2: TV and Pinsker bound mu/2", [round(tv_closed, 5), mu / 2])
    r.check_close("Gaussian TV: numerical integral = closed form", tv_num, tv_closed, rtol=1e-8)
    r.check("Gaussian TV <= sqrt(KL/2) = mu/2", tv_closed <= mu / 2)
    return r


if __name__ == "__main__":
    main(run)
