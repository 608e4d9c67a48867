"""entropy-rate: H(X) = lim (1/n) H(X_1..X_n); for a stationary Markov chain it is
-sum_i pi_i sum_j P_ij log P_ij.

Follows Cover & Thomas (2006) ch. 4 (sec. 4.2). Checks compare the closed form with
(a) exact block entropies from brute-force enumeration of all sequences, which give
H(X_n | X^{n-1}) = rate and (1/n) H(X^n) decreasing towards it, and (b) the empirical
-(1/n) log p(x_1..x_n) on one long sample path (Shannon-McMillan-Breiman).
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main

P = np.array([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.1, 0.7]])


def stationary(P):
    """Left eigenvector of P for eigenvalue 1, via numpy.linalg.eig."""
    w, v = np.linalg.eig(P.T)
    pi = np.real(v[:, np.argmin(np.abs(w - 1))])
    return pi / pi.sum()


def block_entropy(P, pi, n):
    """H(X_1..X_n) in bits by enumerating all 3^n sequences."""
    S = np.array(list(itertools.product(range(3), repeat=n)))  # all sequences, one per row
    logp = np.log2(pi[S[:, 0]]) + np.log2(P[S[:, :-1], S[:, 1:]]).sum(axis=1)
    return float(-np.sum(np.exp2(logp) * logp))


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Entropy rate of a Markov chain")
    pi = stationary(P)

    # Power iteration is an independent route to the stationary law.
    q = np.ones(3) / 3
    for _ in range(500):
        q = q @ P
    r.check_close("eig and power iteration agree on pi", pi, q, rtol=1e-10)

    rate = float(-np.sum(pi[:, None] * P * np.log2(P)))
    r.figure("entropy rate (bits/symbol)", rate)
    r.figure("H(pi) (bits, i.i.d. with the same marginal)", float(-np.sum(pi * np.log2(pi))))

    Hn = [block_entropy(P, pi, n) for n in range(1, 8)]
    cond = np.diff(Hn)  # H(X_n | X^{n-1}) by the chain rule
    per_symbol = np.array(Hn) / np.arange(1, 8)
    r.figure("(1/n) H(X^n) for n = 1..7", [round(float(v), 5) for v in per_symbol])
    r.check_close(
        "H(X_n | X^{n-1}) equals the closed-form rate for n = 2..7",
        cond,
        np.full(6, rate),
        rtol=1e-10,
    )
    r.check(
        "(1/n) H(X^n) decreases towards the rate",
        bool(np.all(np.diff(per_symbol) < 0) and per_symbol[-1] > rate),
    )

    # One long path: -(1/n) log2 p(x^n) -> rate.
    n = 100_000
    cum = np.cumsum(P, axis=1)
    u = rng.random(n)
    x = np.empty(n, dtype=int)
    x[0] = min(np.searchsorted(np.cumsum(pi), u[0]), 2)
    for t in range(1, n):
        x[t] = min(np.searchsorted(cum[x[t - 1]], u[t]), 2)
    emp = float(-(np.log2(pi[x[0]]) + np.log2(P[x[:-1], x[1:]]).sum()) / n)
    r.figure("empirical -(1/n) log2 p(x^n), n = 1e5", emp)
    r.check_close("sample path converges to the rate", emp, rate, rtol=1e-2)
    return r


if __name__ == "__main__":
    main(run)
