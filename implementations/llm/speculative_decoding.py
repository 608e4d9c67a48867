"""speculative-decoding: a cheap draft q proposes tokens, the target p accepts or resamples.

Follows Leviathan, Kalman & Matias (2023), Alg. 1 (= speculative sampling of Chen et al. 2023):
accept a drafted x with prob min(1, p(x)/q(x)); on rejection sample from norm(max(0, p - q)).
Toy first-order models over V tokens make everything exactly computable. Checks: the exact
distribution of the first L emitted tokens equals the target model's joint distribution; the
acceptance rate sum_x min(p, q) equals 1 - TV(p, q) and obeys Pinsker's bound; the expected
tokens per target call matches (1 - b^(g+1))/(1 - b); a Monte Carlo run of the sampler agrees.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from implementations._common import Report, main


def tables(rng, V, scale):
    P = rng.dirichlet(np.ones(V) * 0.7, size=V + 1)  # target p(. | prev), row V = start
    noise = rng.dirichlet(np.ones(V), size=V + 1)
    Q = (1 - scale) * P + scale * noise  # a draft close to the target
    return P, Q


def block_dist(P, Q, prev, gamma):
    """Exact distribution over the tokens emitted by one draft-and-verify iteration."""
    out = defaultdict(float)

    def rec(ctx, emitted, prob, i):
        p, q = P[ctx], Q[ctx]
        if i == gamma:  # all drafts accepted: bonus token from p
            for y in range(len(p)):
                out[emitted + (y,)] += prob * p[y]
            return
        res = np.maximum(p - q, 0)
        beta = np.minimum(p, q).sum()
        if beta < 1:
            for y in range(len(p)):  # some draft rejected: resample from residual
                out[emitted + (y,)] += prob * (1 - beta) * res[y] / res.sum()
        for x in range(len(p)):  # draft x proposed by q and accepted
            acc = q[x] * min(1.0, p[x] / q[x])
            if acc > 0:
                rec(x, emitted + (x,), prob * acc, i + 1)

    rec(prev, (), 1.0, 0)
    return out


def first_tokens(P, Q, prev, gamma, L):
    """Exact distribution of the first L emitted tokens, chaining iterations."""
    if L == 0:
        return {(): 1.0}
    out = defaultdict(float)
    for blk, pr in block_dist(P, Q, prev, gamma).items():
        if len(blk) >= L:
            out[blk[:L]] += pr
        else:
            for rest, pr2 in first_tokens(P, Q, blk[-1], gamma, L - len(blk)).items():
                out[blk + rest] += pr * pr2
    return out


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Speculative decoding")
    V, gamma, L = 4, 2, 3
    P, Q = tables(rng, V, 0.5)
    start = V

    # 1. Output distribution of speculative decoding == target model, exactly.
    dist = first_tokens(P, Q, start, gamma, L)
    err = 0.0
    for seq, pr in dist.items():
        prev, joint = start, 1.0
        for y in seq:
            joint, prev = joint * P[prev, y], y
        err = max(err, abs(pr - joint))
    r.check(
        "P(first 3 tokens) equals the target's joint for all V^3 sequences",
        err < 1e-13 and len(dist) == V**L,
        f"max err {err:.1e} over {len(dist)} sequences",
    )

    # 2. Acceptance rate beta = sum min(p, q) = 1 - TV(p, q) >= 1 - sqrt(KL(p||q)/2) (Pinsker).
    p, q = P[start], Q[start]
    beta = np.minimum(p, q).sum()
    r.check_close(
        "beta = sum min(p,q) = 1 - 0.5*||p - q||_1", beta, 1 - 0.5 * np.abs(p - q).sum(), rtol=1e-12
    )
    kl = float((p * np.log(p / q)).sum())
    r.check(
        "Pinsker: beta >= 1 - sqrt(KL(p||q)/2)",
        beta >= 1 - np.sqrt(kl / 2),
        f"beta {beta:.4f}, bound {1 - np.sqrt(kl / 2):.4f}",
    )

    # 3. Context-free p, q: expected tokens per target call = (1 - b^(g+1)) / (1 - b).
    g = 3
    Pc, Qc = np.tile(P[start], (V + 1, 1)), np.tile(Q[start], (V + 1, 1))
    exp_len = sum(len(s) * pr for s, pr in block_dist(Pc, Qc, start, g).items())
    r.check_close(
        "E[tokens per iteration] = (1 - b^(g+1))/(1 - b) (Leviathan et al.)",
        exp_len,
        (1 - beta ** (g + 1)) / (1 - beta),
        rtol=1e-12,
    )
    r.figure(
        "acceptance rate b, expected tokens per target call (g=3)", [float(beta), float(exp_len)]
    )

    # 4. Monte Carlo run of the actual sampler: first emitted token ~ p(. | start).
    n, p0, q0 = 50_000, P[start], Q[start]
    x = rng.choice(V, size=n, p=q0)  # drafts
    accept = rng.random(n) < np.minimum(1.0, p0[x] / q0[x])
    res = np.maximum(p0 - q0, 0)
    y = np.where(accept, x, rng.choice(V, size=n, p=res / res.sum()))  # resample on rejection
    first = np.bincount(y, minlength=V)
    freq = first / n
    se = np.sqrt(P[start] * (1 - P[start]) / n)
    r.check(
        "sampled first-token frequencies within 5 SE of p(.|start)",
        bool(np.all(np.abs(freq - P[start]) < 5 * se)),
        f"max diff {np.abs(freq - P[start]).max():.2e}",
    )
    return r


if __name__ == "__main__":
    main(run)
