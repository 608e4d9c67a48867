"""noisy-channel-coding-theorem: on a channel of capacity C every rate R < C is achievable with
vanishing error as the block length n grows, and no rate R > C is.

Follows Shannon (1948), Cover & Thomas (2006) ch. 7 and MacKay (2003) ch. 10. On a binary
symmetric channel (p = 0.05, C = 0.714 bits) the checks compare: the repetition code's exact
error (binomial tail) with simulation; random codes at R = 1/4 < C, decoded by maximum
likelihood, with Gallager's random-coding bound (M-1)^rho 2^{-n E0(rho)}; and random codes at
R = 0.9 > C with the Fano converse P_e >= 1 - C/R - 1/(nR).
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main

P = 0.05
C = 1 + P * math.log2(P) + (1 - P) * math.log2(1 - P)


def random_code_error(n, k, trials, rng):
    """Ensemble-average block error of random codes (fresh codebook each trial), ML decoding."""
    M = 2**k
    book = rng.integers(0, 2, size=(trials, M, n), dtype=np.int8)
    noise = (rng.random((trials, n)) < P).astype(np.int8)
    y = book[:, 0, :] ^ noise  # message 0 is sent; by symmetry this is the average error
    dist = (book != y[:, None, :]).sum(axis=2)  # ML = minimum Hamming distance on a BSC
    err = (dist[:, 1:] <= dist[:, :1]).any(axis=1)  # ties count as errors
    return float(err.mean())


def gallager_bound(n, M):
    rho = np.linspace(0, 1, 1001)
    E0 = rho - (1 + rho) * np.log2(P ** (1 / (1 + rho)) + (1 - P) ** (1 / (1 + rho)))
    return float(np.min((M - 1) ** rho * 2.0 ** (-n * E0)))


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Noisy-channel coding theorem on a BSC")
    r.figure("capacity of BSC(0.05) (bits/use)", C)

    # Repetition code: reliable only as its rate 1/n goes to zero.
    exact = [
        sum(math.comb(n, j) * P**j * (1 - P) ** (n - j) for j in range(n // 2 + 1, n + 1))
        for n in (3, 5, 7)
    ]
    flips = rng.random((200_000, 7)) < P
    sim = [float((flips[:, :n].sum(1) > n // 2).mean()) for n in (3, 5, 7)]
    r.figure("repetition code n=3,5,7: exact error", [float(f"{e:.3e}") for e in exact])
    sds = [math.sqrt(e * (1 - e) / flips.shape[0]) for e in exact]
    r.check(
        "repetition code: simulation within 4 sd of the binomial tail",
        all(abs(s - e) < 4 * sd for s, e, sd in zip(sim, exact, sds)),
        f"simulated {[float(f'{s:.2e}') for s in sim]}",
    )

    # Below capacity: random codes of rate 1/4 get better as n grows, under Gallager's bound.
    errs, ok = [], True
    for n in (8, 16, 24):
        trials = 4000
        e = random_code_error(n, n // 4, trials, rng)
        se = math.sqrt(max(e * (1 - e), 1e-4) / trials)
        b = gallager_bound(n, 2 ** (n // 4))
        errs.append(e)
        ok &= e <= b + 3 * se
        r.figure(f"R=1/4, n={n}: random-code error vs Gallager bound", [round(e, 4), round(b, 4)])
    r.check("R < C: error falls as n grows (8 -> 16 -> 24)", errs[0] > errs[1] > errs[2])
    r.check("R < C: simulated error below the random-coding bound", ok)

    # Above capacity: no code can be reliable; Fano's converse gives a floor on the error.
    n, k = 10, 9
    e = random_code_error(n, k, 1000, rng)
    floor = 1 - C / (k / n) - 1 / k
    r.figure("R=0.9 > C, n=10: random-code error vs Fano floor", [round(e, 4), round(floor, 4)])
    r.check("R > C: error stays above the Fano converse floor", e >= floor)
    return r


if __name__ == "__main__":
    main(run)
