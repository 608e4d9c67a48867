"""source-coding-theorem: no lossless code beats the entropy, and block codes reach it.

Follows MacKay ITILA ch 4-5 and Cover & Thomas ch 5. Checks: Shannon code lengths
ceil(-log2 p) give H <= L < H+1 (closed-form bound); coding blocks of n symbols gives
H <= L_n/n < H + 1/n (exact enumeration of the product distribution); and a brute-force
search over every prefix-code length assignment never finds an expected length below H.
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main


def entropy(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def shannon_lengths(p: np.ndarray) -> np.ndarray:
    # ceil(-log2 p) satisfies Kraft, so a prefix code with these lengths exists
    return np.ceil(-np.log2(p) - 1e-12).astype(int)


def run() -> Report:
    r = Report("Source coding theorem")
    p = np.array([0.45, 0.25, 0.15, 0.1, 0.05])
    H = entropy(p)
    l = shannon_lengths(p)
    L1 = float(p @ l)
    r.figure("H(p) bits", H)
    r.figure("Shannon code expected length (n=1)", L1)
    r.check("H <= L < H + 1 for the Shannon code", H <= L1 < H + 1, f"H={H:.4f}, L={L1:.4f}")
    r.check(
        "Shannon lengths satisfy Kraft", np.sum(2.0**-l) <= 1 + 1e-12, f"sum={np.sum(2.0**-l):.4f}"
    )

    # Block coding: treat n symbols as one super-symbol with the product distribution.
    rates, ok = [], True
    for n in range(1, 7):
        pn = p.copy()
        for _ in range(n - 1):
            pn = np.outer(pn, p).ravel()
        Ln = float(pn @ shannon_lengths(pn)) / n
        rates.append(Ln)
        ok &= H - 1e-12 <= Ln < H + 1.0 / n
    r.figure("bits/symbol for block lengths 1..6", [round(x, 4) for x in rates])
    r.check("H <= L_n/n < H + 1/n for n = 1..6", ok, f"L_6/6 - H = {rates[-1] - H:.4f} < 1/6")

    # Converse, by brute force: every length vector obeying Kraft (all prefix codes)
    # has expected length >= H.  Enumerate lengths 1..7 for the 5 symbols.
    grid = np.array(list(itertools.product(range(1, 8), repeat=len(p))))
    feasible = grid[(2.0**-grid).sum(axis=1) <= 1 + 1e-12]
    best = float((feasible @ p).min())
    r.figure("best prefix-code expected length (brute force)", best)
    r.check(
        "no prefix code has expected length below H",
        best >= H - 1e-12,
        f"best={best:.4f} >= H={H:.4f}",
    )
    r.check("best prefix code is within 1 bit of H", best < H + 1, f"gap={best - H:.4f}")

    # Dyadic source: ideal lengths are integers and the bound is met with equality.
    q = np.array([0.5, 0.25, 0.125, 0.125])
    r.check_close(
        "dyadic source: Shannon code length equals H exactly",
        q @ shannon_lengths(q),
        entropy(q),
        rtol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
