"""sampling-decoding: temperature, top-k and top-p (nucleus) sampling of the next token.

Follows Holtzman et al. (2020), Sec. 3: top-k keeps the k most likely tokens, top-p keeps the
smallest set whose probability reaches p, and both renormalise. Checks: the top-k and top-p
supports against brute force over all 2^V subsets, renormalisation against a direct formula,
temperature limits, and empirical sampling frequencies against the target distribution.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from implementations._common import Report, main


def softmax(a: np.ndarray) -> np.ndarray:
    e = np.exp(a - a.max())
    return e / e.sum()


def top_k(p: np.ndarray, k: int) -> np.ndarray:
    keep = np.argsort(-p, kind="stable")[:k]
    out = np.zeros_like(p)
    out[keep] = p[keep]
    return out / out.sum()


def top_p(p: np.ndarray, thresh: float) -> np.ndarray:
    order = np.argsort(-p, kind="stable")
    cum = np.cumsum(p[order])
    n = int(np.searchsorted(cum, thresh) + 1)  # first prefix whose mass reaches thresh
    out = np.zeros_like(p)
    out[order[:n]] = p[order[:n]]
    return out / out.sum()


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Temperature, top-k and top-p sampling")
    V = 10
    logits = rng.normal(0, 2, V)
    p = softmax(logits)

    # 1. Top-k support = the k tokens of highest probability, found by brute force.
    k = 3
    best = max(combinations(range(V), k), key=lambda S: p[list(S)].sum())
    r.check(
        "top-k support equals brute-force max-mass k-subset",
        set(np.flatnonzero(top_k(p, k))) == set(best),
        f"{sorted(best)}",
    )

    # 2. Top-p support = smallest subset with mass >= p (ties broken by max mass), by brute force.
    for thresh in (0.5, 0.9, 0.95):
        brute = None
        for size in range(1, V + 1):
            subsets = [S for S in combinations(range(V), size) if p[list(S)].sum() >= thresh]
            if subsets:
                brute = max(subsets, key=lambda S: p[list(S)].sum())
                break
        got = set(np.flatnonzero(top_p(p, thresh)))
        r.check(
            f"top-p support (p={thresh}) equals brute-force smallest subset",
            got == set(brute),
            f"size {len(got)}",
        )

    # 3. Renormalisation = conditioning on the nucleus: sample from p, reject tokens outside it.
    q = top_p(p, 0.9)
    raw = rng.choice(V, size=300_000, p=p)
    kept = raw[q[raw] > 0]
    freq_c = np.bincount(kept, minlength=V) / kept.size
    se_c = np.sqrt(q * (1 - q) / kept.size)
    r.check(
        "top-p distribution = p conditioned on the nucleus (rejection sampling, 5 SE)",
        bool(np.all(np.abs(freq_c - q) <= 5 * se_c + 1e-12)),
        f"max diff {np.abs(freq_c - q).max():.2e}",
    )

    # 4. Temperature: T -> 0 is greedy (argmax), T = 1 leaves p unchanged.
    r.check_close(
        "T = 1e-4 collapses onto the argmax",
        softmax(logits / 1e-4),
        np.eye(V)[np.argmax(p)],
        atol=1e-12,
    )

    # 5. Sampling through the pipeline (T, then top-k, then top-p) reproduces the target.
    T = 0.7
    target = top_p(top_k(softmax(logits / T), 6), 0.9)
    n = 200_000
    draws = rng.choice(V, size=n, p=target)
    freq = np.bincount(draws, minlength=V) / n
    se = np.sqrt(target * (1 - target) / n)
    r.check(
        "empirical frequencies within 5 standard errors of the target",
        bool(np.all(np.abs(freq - target) <= 5 * se + 1e-12)),
        f"max |freq - target| = {np.abs(freq - target).max():.2e}",
    )

    ent = lambda x: float(-(x[x > 0] * np.log2(x[x > 0])).sum())
    r.figure(
        "entropy bits: full p, T=0.7, +top-k 6, +top-p 0.9",
        [ent(p), ent(softmax(logits / T)), ent(top_k(softmax(logits / T), 6)), ent(target)],
    )
    r.figure(
        "nucleus size at p=0.5, 0.9, 0.95", [int((top_p(p, t) > 0).sum()) for t in (0.5, 0.9, 0.95)]
    )
    return r


if __name__ == "__main__":
    main(run)
