"""parallelism-zero: data, tensor and pipeline parallelism, and ZeRO optimizer-state sharding.

Simulated on one machine with R 'ranks'. Data parallelism averages per-shard gradients
(all-reduce); ZeRO (Rajbhandari et al. 2020) shards Adam's fp32 state so each rank updates only
its slice and then all-gathers parameters; Megatron-style tensor parallelism (Shoeybi et al.
2019) splits an MLP's first matrix by columns and second by rows; GPipe (Huang et al. 2019)
pipelines M micro-batches through K stages. Checks: averaged shard gradients == full-batch
gradient; sharded Adam step == unsharded step; bytes held per rank == ZeRO's formulas
(2+2+K)psi, 4psi + K psi/Nd, 2psi + (2+K)psi/Nd, (4+K)psi/Nd with K = 12, which reproduce the
paper's 7.5B-parameter / 64-GPU example; tensor-parallel MLP == dense MLP; simulated pipeline
idle fraction == (K-1)/(M+K-1).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def adam(w, g, m, v, t, lr=1e-2, b1=0.9, b2=0.999, eps=1e-8):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g * g
    return w - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps), m, v


def zero_bytes(psi, Nd, stage, K=12):
    """Bytes per rank for mixed-precision Adam: fp16 params (2), fp16 grads (2), K bytes of fp32 state."""
    return {
        0: (2 + 2 + K) * psi,
        1: 4 * psi + K * psi / Nd,
        2: 2 * psi + (2 + K) * psi / Nd,
        3: (2 + 2 + K) * psi / Nd,
    }[stage]


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Data / tensor / pipeline parallelism and ZeRO")
    R, n, P = 4, 64, 12
    X, y, w = rng.standard_normal((n, P)), rng.standard_normal(n), rng.standard_normal(P)
    grad = lambda Xs, ys: Xs.T @ (Xs @ w - ys) / len(ys)  # mean-squared-error gradient
    shards = [grad(X[i::R], y[i::R]) for i in range(R)]  # equal-size shards
    g_all = np.mean(shards, axis=0)  # the all-reduce (average)
    r.check_close(
        "data parallel: mean of shard gradients == full-batch gradient",
        g_all,
        grad(X, y),
        rtol=1e-12,
    )

    # ZeRO stage 1/2: rank i owns parameter slice i and its Adam moments.
    m, v, sl = np.zeros(P), np.zeros(P), np.array_split(np.arange(P), R)
    w_ref, m_ref, v_ref = adam(w, g_all, m, v, 1)
    parts = [adam(w[s], g_all[s], m[s], v[s], 1) for s in sl]  # each rank: its slice only
    w_zero = np.concatenate([p[0] for p in parts])  # all-gather updated params
    r.check_close("ZeRO sharded Adam step == unsharded step", w_zero, w_ref, rtol=0, atol=0)

    # Memory accounting with real arrays for a small model, then the paper's example.
    psi, Nd = 1200, 4
    held = {0: 0, 1: 0, 2: 0, 3: 0}
    for stage in held:
        fp16_p = psi if stage < 3 else psi // Nd
        fp16_g = psi if stage < 2 else psi // Nd
        fp32 = psi // Nd if stage >= 1 else psi  # master weights, m, v
        held[stage] = (
            np.zeros(fp16_p, np.float16).nbytes
            + np.zeros(fp16_g, np.float16).nbytes
            + 3 * np.zeros(fp32, np.float32).nbytes
        )
    r.check(
        "bytes actually held per rank == ZeRO formulas (stages 0-3)",
        all(held[s] == zero_bytes(psi, Nd, s) for s in held),
        f"{held}",
    )
    gb = [zero_bytes(7.5e9, 64, s) / 1e9 for s in range(4)]
    r.figure(
        "7.5B params, 64 ranks: GB per rank for baseline, P_os, P_os+g, P_os+g+p",
        [round(x, 2) for x in gb],
    )
    r.check_close(
        "matches the paper's example 120 / 31.4 / 16.6 / 1.9 GB",
        gb,
        [120, 31.4, 16.6, 1.9],
        rtol=0.02,
    )

    # Tensor parallelism: Y = gelu(X A) B with A split by columns, B by rows, partial sums all-reduced.
    gelu = lambda z: 0.5 * z * (1 + np.tanh(0.7978845608 * (z + 0.044715 * z**3)))
    A, Bm = rng.standard_normal((P, 4 * P)), rng.standard_normal((4 * P, P))
    cols = np.array_split(np.arange(4 * P), R)
    Y_tp = sum(gelu(X @ A[:, c]) @ Bm[c] for c in cols)
    r.check_close(
        "tensor-parallel MLP (column then row split) == dense MLP",
        Y_tp,
        gelu(X @ A) @ Bm,
        rtol=1e-12,
        atol=1e-10,
    )

    # GPipe forward schedule: stage s works on micro-batch j at time s + j.
    for K, M in [(4, 4), (4, 16), (8, 32)]:
        T = M + K - 1
        busy = np.zeros((K, T), bool)
        for s in range(K):
            busy[s, s : s + M] = True
        r.check_close(
            f"pipeline idle fraction K={K}, M={M} == (K-1)/(M+K-1)",
            1 - busy.mean(),
            (K - 1) / (M + K - 1),
            rtol=1e-12,
        )
    return r


if __name__ == "__main__":
    main(run)
