"""dynamic-programming-bellman: value iteration and policy iteration reach the same V*.

Follows Sutton & Barto, Reinforcement Learning 2e, ch. 4 (Dynamic Programming).
The Bellman optimality operator (TV)(s) = max_a [r(s,a) + gamma sum P(s'|s,a) V(s')]
is a gamma-contraction in the max norm. Checks: value iteration and policy
iteration (policy evaluation by a linear solve) give the same V* and greedy policy;
brute force over all 3^6 deterministic policies finds the same optimum; the
contraction inequality holds for random pairs of value functions.
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Bellman: value iteration = policy iteration = brute force")
    S, A, gamma = 6, 3, 0.9
    P = rng.dirichlet(np.ones(S) * 0.5, size=(S, A))
    R = rng.normal(size=(S, A))

    def T(V):
        return (R + gamma * P @ V).max(axis=1)

    def evaluate(pol):
        Pp, rp = P[np.arange(S), pol], R[np.arange(S), pol]
        return np.linalg.solve(np.eye(S) - gamma * Pp, rp)

    # value iteration with the stopping rule ||V_{k+1} - V_k|| < eps (1 - gamma) / (2 gamma)
    V, its = np.zeros(S), 0
    while True:
        Vn = T(V)
        its += 1
        if np.abs(Vn - V).max() < 1e-12 * (1 - gamma) / (2 * gamma):
            V = Vn
            break
        V = Vn
    pol_vi = (R + gamma * P @ V).argmax(axis=1)
    r.figure("value-iteration sweeps", its)

    # policy iteration
    pol = np.zeros(S, dtype=int)
    for k in range(50):
        Vp = evaluate(pol)
        new = (R + gamma * P @ Vp).argmax(axis=1)
        if np.array_equal(new, pol):
            break
        pol = new
    r.figure("policy-iteration rounds", k + 1)
    r.figure("optimal policy", pol.tolist())
    r.check_close("value iteration V* = policy iteration V*", V, Vp, rtol=1e-10, atol=1e-10)
    r.check("greedy policies agree", np.array_equal(pol_vi, pol))

    # brute force: the optimal deterministic policy dominates every other in every state
    best = np.full(S, -np.inf)
    for cand in itertools.product(range(A), repeat=S):
        best = np.maximum(best, evaluate(np.array(cand)))
    r.check_close(
        "brute force over 729 policies gives the same V*", best, Vp, rtol=1e-10, atol=1e-10
    )

    # fixed point and contraction
    r.check_close("V* = T V* (Bellman optimality equation)", T(Vp), Vp, rtol=1e-10, atol=1e-12)
    ratios = []
    for _ in range(200):
        V1, V2 = rng.normal(size=S) * 5, rng.normal(size=S) * 5
        ratios.append(np.abs(T(V1) - T(V2)).max() / np.abs(V1 - V2).max())
    r.figure("max ||TV1 - TV2|| / ||V1 - V2||", max(ratios))
    r.check("T is a gamma-contraction in the max norm", max(ratios) <= gamma + 1e-12)
    return r


if __name__ == "__main__":
    main(run)
