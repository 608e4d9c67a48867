"""f-divergences: D_f(P||Q) = sum_x q(x) f(p(x)/q(x)) for convex f with f(1) = 0.

KL, reverse KL, total variation, chi-squared, squared Hellinger and Jensen-Shannon are all
members. Follows Murphy (2023) ch. 2 and Lin (1991). Checks compare each member with its
direct formula, non-negativity via Jensen, the data-processing inequality under random
stochastic maps, and the variational lower bound D_f >= E_P[T] - E_Q[f*(T)] (tight at
T = f'(p/q)) that f-GAN, MINE and NWJ estimators are built on.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

F = {
    "KL": lambda t: t * np.log(t),
    "reverse KL": lambda t: -np.log(t),
    "TV": lambda t: 0.5 * np.abs(t - 1),
    "chi2": lambda t: (t - 1) ** 2,
    "Hellinger^2": lambda t: (np.sqrt(t) - 1) ** 2,
    "JS": lambda t: 0.5 * (t * np.log(2 * t / (1 + t)) + np.log(2 / (1 + t))),
}


def d_f(f, p, q):
    return float(np.sum(q * f(p / q)))


def direct(name, p, q):
    m = 0.5 * (p + q)
    return {
        "KL": np.sum(p * np.log(p / q)),
        "reverse KL": np.sum(q * np.log(q / p)),
        "TV": 0.5 * np.abs(p - q).sum(),
        "chi2": np.sum((p - q) ** 2 / q),
        "Hellinger^2": np.sum((np.sqrt(p) - np.sqrt(q)) ** 2),
        "JS": 0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(q * np.log(q / m)),
    }[name]


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("f-divergences")
    p, q = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))

    vals = {k: d_f(f, p, q) for k, f in F.items()}
    r.figure("D_f(p||q) for a random pair (nats)", {k: round(v, 5) for k, v in vals.items()})
    r.check_close(
        "generic sum q f(p/q) equals each direct formula",
        list(vals.values()),
        [direct(k, p, q) for k in F],
        rtol=1e-12,
    )

    # Non-negativity (Jensen: sum q f(p/q) >= f(sum p) = f(1) = 0) and data processing.
    ok_pos, ok_dpi = True, True
    for _ in range(150):
        a, b = rng.dirichlet(np.full(6, 0.5)), rng.dirichlet(np.full(6, 0.5))
        K = rng.dirichlet(np.ones(3), size=6)  # stochastic map from 6 to 3 symbols
        for f in F.values():
            before, after = d_f(f, a, b), d_f(f, a @ K, b @ K)
            ok_pos &= before >= -1e-12
            ok_dpi &= after <= before + 1e-12
    r.check("D_f >= 0 for all six f on 150 random pairs", ok_pos)
    r.check("data processing: D_f(PK||QK) <= D_f(P||Q) for random channels K", ok_dpi)

    # Variational bound for KL: f*(u) = exp(u - 1), so D >= E_P[T] - E_Q[exp(T - 1)]; tight at T = 1 + log(p/q).
    bound = lambda T: float(p @ T - q @ np.exp(T - 1))
    T_opt = 1 + np.log(p / q)
    r.check_close(
        "KL variational bound is tight at T = f'(p/q)", bound(T_opt), vals["KL"], rtol=1e-12
    )
    worst = max(bound(T_opt + 0.3 * rng.normal(size=6)) for _ in range(500))
    r.check(
        "any other critic T gives a smaller value",
        worst < vals["KL"],
        f"best random {worst:.4f} < {vals['KL']:.4f}",
    )

    # Local behaviour: every smooth f-divergence ~ f''(1)/2 * chi2 when q is close to p.
    z = rng.normal(size=6)
    pe = p * (1 + 1e-3 * (z - p @ z))  # small relative perturbation that keeps sum(pe) = 1
    r.check_close(
        "Hellinger^2 ~ chi2/4 locally",
        d_f(F["Hellinger^2"], pe, p),
        d_f(F["chi2"], pe, p) / 4,
        rtol=1e-2,
    )
    return r


if __name__ == "__main__":
    main(run)
