"""stochastic-gradient-descent: mini-batch gradients, their noise, and SGD convergence.

Follows d2l-en sec. 12.4-12.5 and Shalev-Shwartz & Ben-David ch. 14.
Checks: the mini-batch gradient is unbiased (Monte Carlo vs full gradient); its variance
equals tr(Sigma)/B (closed form from per-example gradients) and scales as 1/B; SGD with a
decaying step reaches the least-squares solution from np.linalg.lstsq.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Stochastic gradient descent")
    N, d = 2000, 5
    X = rng.normal(size=(N, d))
    y = X @ rng.normal(size=d) + 0.5 * rng.normal(size=N)
    w = rng.normal(size=d)
    G = X * (X @ w - y)[:, None]  # per-example gradients of 1/2 (x'w - y)^2
    full = G.mean(axis=0)
    Sigma_tr = np.sum(G.var(axis=0))  # trace of the per-example gradient covariance

    draws = 8000
    var = {}
    for B in (1, 4, 16, 64):
        idx = rng.integers(0, N, size=(draws, B))  # sampling with replacement
        gB = G[idx].mean(axis=1)
        var[B] = np.sum(gB.var(axis=0))
        if B == 16:
            bias = np.abs(gB.mean(axis=0) - full).max()
            se = np.sqrt(G.var(axis=0).max() / B / draws)
            r.check(
                "mini-batch gradient is unbiased (within 5 standard errors)",
                bias < 5 * se,
                f"max |mean - full| {bias:.3g}, SE {se:.3g}",
            )
    r.figure(
        "total gradient variance by batch size", {k: round(float(v), 3) for k, v in var.items()}
    )
    for B in (1, 16, 64):
        r.check_close(f"variance at B={B} equals tr(Sigma)/B", var[B], Sigma_tr / B, rtol=0.08)
    r.check_close("variance ratio B=1 vs B=64 is 64", var[1] / var[64], 64.0, rtol=0.12)

    # SGD with step eta_t = a/(b + t) (Robbins-Monro) converges to the least-squares solution
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    B, T = 32, 6000
    idx = rng.integers(0, N, size=(T, B))

    def sgd(step):
        w, tail = np.zeros(d), []
        for t in range(T):
            Xb, yb = X[idx[t]], y[idx[t]]
            w = w - step(t) * Xb.T @ (Xb @ w - yb) / B
            if t >= T - 500:
                tail.append(w)
        return w, np.linalg.norm(np.std(tail, axis=0))

    w, spread_dec = sgd(lambda t: 0.5 / (10 + 0.05 * t))
    r.figure("||w_sgd - w_ls||", np.linalg.norm(w - w_ls))
    r.check("SGD ends within 0.02 of np.linalg.lstsq", np.linalg.norm(w - w_ls) < 0.02)
    _, spread_const = sgd(lambda t: 0.05)
    r.figure(
        "spread of the last 500 iterates: constant vs decaying step",
        [float(spread_const), float(spread_dec)],
    )
    r.check(
        "a constant step leaves a noise floor at least 3x the decaying step's",
        spread_const > 3 * spread_dec,
    )
    return r


if __name__ == "__main__":
    main(run)
