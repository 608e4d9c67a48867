"""markov-chains: transition matrices, stationary distributions, mixing.

Follows Murphy PML2 ch. 12 (Markov chain Monte Carlo), Cover & Thomas ch. 4 (Markov chains
and entropy rate) and Goodfellow et al. 17.3. Checks: the stationary distribution as the
left eigenvector for eigenvalue 1 against power iteration and against a direct linear solve;
long-run visit frequencies of a simulated chain against it; detailed balance for a random
walk on a weighted graph (pi proportional to degree); convergence at the rate lambda_2.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Markov chains")

    n = 5
    P = rng.random((n, n)) + 0.1
    P /= P.sum(axis=1, keepdims=True)  # row-stochastic: P[i, j] = P(next=j | now=i)

    w, VL = np.linalg.eig(P.T)  # left eigenvectors of P
    k = np.argmin(np.abs(w - 1))
    pi_eig = np.real(VL[:, k])
    pi_eig /= pi_eig.sum()
    r.figure("stationary distribution", pi_eig.round(5).tolist())

    pi_pow = np.full(n, 1 / n)
    for _ in range(200):
        pi_pow = pi_pow @ P  # distribution after one more step
    r.check_close("left eigenvector equals power iteration", pi_eig, pi_pow, rtol=1e-12)
    M = np.vstack([(P.T - np.eye(n)), np.ones(n)])  # pi (P - I) = 0 and sum(pi) = 1
    pi_lin = np.linalg.lstsq(M, np.r_[np.zeros(n), 1.0], rcond=None)[0]
    r.check_close("left eigenvector equals the linear-system solution", pi_eig, pi_lin, rtol=1e-10)
    r.check_close("pi P = pi", pi_eig @ P, pi_eig, rtol=1e-12)

    steps = 100_000
    u = rng.random(steps).tolist()
    C = np.cumsum(P, axis=1).tolist()  # inverse-CDF sampling of the next state
    s, visits = 0, np.zeros(n)
    for t in range(steps):
        s = min(bisect_left(C[s], u[t]), n - 1)
        visits[s] += 1
    freq = visits / steps
    # Correlated samples: allow 0.01 (several times the i.i.d. s.e. of ~0.0015).
    r.figure("visit frequencies (1e5 steps)", freq.round(4).tolist())
    r.check_close(
        "long-run visit frequencies approach pi (ergodic theorem)", freq, pi_eig, atol=0.01
    )

    # Random walk on an undirected weighted graph: pi_i = d_i / sum d, and detailed balance.
    Wt = rng.random((n, n))
    Wt = Wt + Wt.T
    deg = Wt.sum(axis=1)
    Q = Wt / deg[:, None]
    pi_q = deg / deg.sum()
    r.check_close("random walk on a graph: pi proportional to degree", pi_q @ Q, pi_q, rtol=1e-12)
    F = pi_q[:, None] * Q  # probability flow i -> j
    r.check_close("detailed balance pi_i Q_ij = pi_j Q_ji", F, F.T, rtol=1e-12)

    # Mixing: for the lazy walk L = (I + Q)/2 (reversible, real eigenvalues in [0, 1]) the
    # distance to pi shrinks by a factor lambda_2 per step once the other modes have died out.
    L = 0.5 * (np.eye(n) + Q)
    lam2 = np.sort(np.linalg.eigvals(L).real)[-2]
    mu, d = np.eye(n)[0], []
    for _ in range(60):
        mu = mu @ L
        d.append(np.abs(mu - pi_q).sum())
    rate = (d[59] / d[39]) ** (1 / 20)
    r.figure("lambda_2 and observed contraction per step (lazy walk)", [float(lam2), float(rate)])
    r.check_close("convergence rate equals the second eigenvalue", rate, lam2, rtol=0.01)
    return r


if __name__ == "__main__":
    main(run)
