"""jensen-inequality: for convex f, E[f(X)] >= f(E[X]); for concave f the inequality flips.

Follows Cover & Thomas (2006) sec. 2.6. Checks the inequality for several convex functions on
random discrete distributions, equality for affine f, the exact gap E[X^2] - (E X)^2 = Var X,
the concave log case (geometric mean <= arithmetic mean, compared with numpy), and the ELBO
form log E[w] >= E[log w] used in variational inference.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

CONVEX = {
    "x^2": np.square,
    "exp": np.exp,
    "-log": lambda x: -np.log(x),
    "|x-1|": lambda x: np.abs(x - 1),
}


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Jensen's inequality")

    worst = {}
    for name, f in CONVEX.items():
        gaps = []
        for _ in range(500):
            x = rng.uniform(0.05, 3.0, size=6)
            p = rng.dirichlet(np.ones(6))
            gaps.append(np.sum(p * f(x)) - f(np.sum(p * x)))
        worst[name] = float(min(gaps))
    r.figure("smallest E f(X) - f(E X) over 500 draws", {k: round(v, 8) for k, v in worst.items()})
    r.check(
        "E f(X) >= f(E X) for four convex f on 500 random draws each",
        all(v >= -1e-12 for v in worst.values()),
    )

    x, p = rng.normal(size=8), rng.dirichlet(np.ones(8))
    a, b = 2.5, -1.0
    r.check_close("affine f: equality", np.sum(p * (a * x + b)), a * np.sum(p * x) + b, rtol=1e-12)

    # For f(x) = x^2 the Jensen gap is exactly the variance.
    mean = np.sum(p * x)
    r.check_close(
        "gap for x^2 equals Var X",
        np.sum(p * x**2) - mean**2,
        np.sum(p * (x - mean) ** 2),
        rtol=1e-10,
    )

    # Concave log: geometric mean <= arithmetic mean (equal weights), vs numpy directly.
    y = rng.uniform(0.1, 10, size=50)
    gm = float(np.exp(np.mean(np.log(y))))
    r.figure(
        "geometric vs arithmetic mean of 50 positives", [round(gm, 6), round(float(np.mean(y)), 6)]
    )
    r.check("AM-GM: exp(E log Y) <= E Y", gm <= np.mean(y))

    # Variational bound: log E_q[w] >= E_q[log w] for importance weights w = p/q (the ELBO step).
    w = rng.lognormal(mean=0.0, sigma=1.0, size=100_000)
    r.check("log E[w] >= E[log w] on lognormal weights", np.log(w.mean()) >= np.log(w).mean())
    # For lognormal(0, 1): log E w = 1/2 and E log w = 0, so the gap is 1/2 (closed form).
    r.check_close(
        "lognormal Jensen gap close to closed form 1/2",
        np.log(w.mean()) - np.log(w).mean(),
        0.5,
        atol=0.03,
    )
    return r


if __name__ == "__main__":
    main(run)
