"""parallelism-zero: data, tensor and pipeline parallelism, and ZeRO optimizer-state sharding.

Simulated on one machine with R 'ranks'. Data parallelism averages per-shard gradients
(all-reduce); ZeRO (Rajbhandari et al. 2020) shards Adam's fp32 state so each rank updates only
its slice and then all-gathers parameters; Megatron-style tensor parallelism (Shoeybi et al.
2019) splits an MLP's first matrix by columns and second by rows; GPipe (Huang et al. 2019)
pipelines M micro-batches through K stages. Checks: averaged shard gradients == the closed-form
full-batch gradient X^T (X w - y)/n; sharded Adam steps (R = 3 and 4, uneven slices) == an
unsharded Adam step written out; bytes per rank == the bytes of the arrays a rank actually
holds at stages 0-3, and the paper's 7.5B-parameter / 64-GPU example 120 / 31.4 / 16.6 / 1.9 GB;
tensor-parallel MLP == dense MLP for 4 and 5 ranks. The pipeline idle fraction
(K-1)/(M+K-1) is shown as a figure.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["data_parallel_grad", "zero_adam_step", "zero_bytes", "tensor_parallel_mlp"]

DOC_ZH = {
    "data_parallel_grad": """数据并行：把 n 个样本按 X[i::R] 分给 R 个 rank，各自算均方误差梯度
X_i^T (X_i w - y_i) / n_i，再做 all-reduce（取平均）。

输入：X，(n, P)；y，(n,)；w，(P,)；R，rank 数（n 能被 R 整除）。
输出：平均后的梯度，形状 (P,)。

>>> data_parallel_grad(np.eye(2), np.zeros(2), np.ones(2), 2).tolist()
[0.5, 0.5]
""",
    "zero_adam_step": """ZeRO 的分片 Adam：参数按 np.array_split(np.arange(P), R) 分成 R 片，每个 rank 只用
自己那片的梯度与矩估计做一步 Adam，然后把各片拼回（all-gather）。

Adam：m = b1 m + (1-b1) g，v = b2 v + (1-b2) g^2，w = w - lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)，
lr = 1e-2，b1 = 0.9，b2 = 0.999，eps = 1e-8。
输入：w、g、m、v，形状 (P,)；t，步数（从 1 开始）；R，rank 数。
输出：(w, m, v)，更新后的完整数组。

>>> [round(float(a[0]), 6) for a in zero_adam_step(np.ones(3), np.ones(3), np.zeros(3), np.zeros(3), 1, 2)]
[0.99, 0.1, 0.001]
""",
    "zero_bytes": """混合精度 Adam 下每个 rank 占用的字节数：fp16 参数 2 psi、fp16 梯度 2 psi、fp32 优化器状态 K psi
（K = 12：主权重、m、v 各 4 字节）。ZeRO 第 1 阶段分片优化器状态，第 2 阶段再分片梯度，第 3 阶段再分片参数。

输入：psi，参数个数；Nd，数据并行的 rank 数；stage，0 到 3；K，每个参数的优化器状态字节数。
输出：每个 rank 的字节数。

>>> [zero_bytes(100, 4, s) for s in range(4)]
[1600, 700.0, 550.0, 400.0]
""",
    "tensor_parallel_mlp": """Megatron 式张量并行 MLP：Y = gelu(X A) B，A 按列、B 按行切成 R 份
（np.array_split(np.arange(A.shape[1]), R)），每个 rank 算 gelu(X A_r) B_r，部分和再 all-reduce（求和）。
gelu(u) = 0.5 u (1 + tanh(sqrt(2/pi) (u + 0.044715 u^3)))。

输入：X，(n, P)；A，(P, F)；B，(F, P)；R，rank 数。
输出：Y，形状 (n, P)。

>>> tensor_parallel_mlp(np.zeros((1, 2)), np.ones((2, 4)), np.ones((4, 2)), 2).tolist()
[[0.0, 0.0]]
""",
}

HINTS = {
    "en": (
        "Each parallel scheme splits one sum or one elementwise operation across ranks; the "
        "result is exact because the pieces are recombined by a sum, a mean or a concatenation.",
        "Data: average the R shard gradients. ZeRO: Adam is elementwise, so updating slices and "
        "concatenating equals the full step; bytes are 2 psi + 2 psi + K psi with the sharded "
        "terms divided by Nd. Tensor: gelu acts per column, so columns of A and matching rows of "
        "B give partial products whose sum is the dense output.",
    ),
    "zh": (
        "每种并行方式都是把一个求和或逐元素运算拆到各个 rank 上；因为各部分再用求和、平均或拼接合起来，结果是精确的。",
        "数据并行：对 R 个分片梯度取平均。ZeRO：Adam 是逐元素的，分片更新再拼接就等于完整的一步；字节数为 "
        "2 psi + 2 psi + K psi，被分片的项除以 Nd。张量并行：gelu 按列作用，所以 A 的列块与 B 的对应行块给出部分积，"
        "它们的和就是稠密输出。",
    ),
}


def gelu(z):
    return 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z**3)))


def adam(w, g, m, v, t, lr=1e-2, b1=0.9, b2=0.999, eps=1e-8):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g * g
    return w - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps), m, v


def data_parallel_grad(X, y, w, R):
    """Data parallelism: rank i holds the samples X[i::R], computes its mean-squared-error
    gradient X_i^T (X_i w - y_i) / n_i, and the R gradients are all-reduced (averaged).

    Input: X, (n, P); y, (n,); w, (P,); R, ranks (R divides n).
    Output: the averaged gradient, shape (P,).

    >>> data_parallel_grad(np.eye(2), np.zeros(2), np.ones(2), 2).tolist()
    [0.5, 0.5]
    """
    shards = [X[i::R].T @ (X[i::R] @ w - y[i::R]) / len(y[i::R]) for i in range(R)]
    return np.mean(shards, axis=0)  # the all-reduce (average)


def zero_adam_step(w, g, m, v, t, R):
    """ZeRO-sharded Adam: the parameters are split into R slices (np.array_split(np.arange(P),
    R)); each rank runs one Adam step on its slice only, then the slices are all-gathered.

    Adam: m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2,
    w = w - lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps), lr = 1e-2, b1 = 0.9,
    b2 = 0.999, eps = 1e-8. Input: w, g, m, v, shape (P,); t, the step (from 1); R, ranks.
    Output: (w, m, v), the updated full arrays.

    >>> [round(float(a[0]), 6) for a in zero_adam_step(np.ones(3), np.ones(3), np.zeros(3), np.zeros(3), 1, 2)]
    [0.99, 0.1, 0.001]
    """
    parts = [adam(w[s], g[s], m[s], v[s], t) for s in np.array_split(np.arange(len(w)), R)]
    return tuple(np.concatenate([p[i] for p in parts]) for i in range(3))  # all-gather


def zero_bytes(psi, Nd, stage, K=12):
    """Bytes per rank for mixed-precision Adam: fp16 params 2 psi, fp16 grads 2 psi, fp32
    optimizer state K psi (K = 12: master weights, m and v, 4 bytes each). ZeRO stage 1
    shards the optimizer state over the Nd ranks, stage 2 also the gradients, stage 3 also
    the parameters.

    Input: psi, parameters; Nd, data-parallel ranks; stage, 0..3; K, optimizer bytes per
    parameter. Output: bytes held by one rank.

    >>> [zero_bytes(100, 4, s) for s in range(4)]
    [1600, 700.0, 550.0, 400.0]
    """
    return {
        0: (2 + 2 + K) * psi,
        1: 4 * psi + K * psi / Nd,
        2: 2 * psi + (2 + K) * psi / Nd,
        3: (2 + 2 + K) * psi / Nd,
    }[stage]


def tensor_parallel_mlp(X, A, B, R):
    """Megatron tensor-parallel MLP Y = gelu(X A) B: A split by columns and B by rows into R
    parts (np.array_split(np.arange(A.shape[1]), R)); rank r computes gelu(X A_r) B_r and the
    partial outputs are all-reduced (summed). gelu(u) = 0.5 u (1 + tanh(sqrt(2/pi) (u +
    0.044715 u^3))). Input: X, (n, P); A, (P, F); B, (F, P); R, ranks. Output: Y, (n, P).

    >>> tensor_parallel_mlp(np.zeros((1, 2)), np.ones((2, 4)), np.ones((4, 2)), 2).tolist()
    [[0.0, 0.0]]
    """
    cols = np.array_split(np.arange(A.shape[1]), R)
    return sum(gelu(X @ A[:, c]) @ B[c] for c in cols)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Data / tensor / pipeline parallelism and ZeRO")
    n, P = 64, 12
    X, y, w = rng.standard_normal((n, P)), rng.standard_normal(n), rng.standard_normal(P)
    with r.case("data parallel: mean of shard gradients == full-batch gradient") as c:
        for RR in (1, 4, 8):
            c.close(f.data_parallel_grad(X, y, w, RR), X.T @ (X @ w - y) / n, rtol=1e-12)

    # ZeRO stage 1/2: rank i owns parameter slice i and its Adam moments.
    g = X.T @ (X @ w - y) / n
    m0, v0 = 0.1 * rng.standard_normal(P), rng.random(P)
    with r.case("ZeRO sharded Adam step == unsharded step") as c:
        for t, RR in ((1, 4), (3, 5)):  # P = 12 over 5 ranks: uneven slices
            m = 0.9 * m0 + 0.1 * g
            v = 0.999 * v0 + 0.001 * g**2
            wr = w - 1e-2 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
            got = f.zero_adam_step(w, g, m0, v0, t, RR)
            c.close(np.array(got), [wr, m, v], rtol=1e-12)

    # Memory accounting with real arrays for a small model, then the paper's example.
    psi, Nd = 1200, 4
    with r.case("bytes actually held per rank == ZeRO formulas (stages 0-3)") as c:
        for stage in range(4):
            fp16_p = psi if stage < 3 else psi // Nd
            fp16_g = psi if stage < 2 else psi // Nd
            fp32 = psi // Nd if stage >= 1 else psi  # master weights, m, v
            held = (np.zeros(fp16_p, np.float16).nbytes + np.zeros(fp16_g, np.float16).nbytes
                    + 3 * np.zeros(fp32, np.float32).nbytes)
            c.close(f.zero_bytes(psi, Nd, stage), held, rtol=1e-12)
            # Adam's state with 8-byte moments: K = 4 + 8 + 8.
            held8 = held - 3 * np.zeros(fp32, np.float32).nbytes + np.zeros(fp32, np.float32).nbytes \
                + 2 * np.zeros(fp32, np.float64).nbytes
            c.close(f.zero_bytes(psi, Nd, stage, K=20), held8, rtol=1e-12)
    with r.case("matches the paper's example 120 / 31.4 / 16.6 / 1.9 GB") as c:
        gb = [f.zero_bytes(7.5e9, 64, s) / 1e9 for s in range(4)]
        r.figure("7.5B params, 64 ranks: GB per rank for baseline, P_os, P_os+g, P_os+g+p",
                 [round(x, 2) for x in gb])
        c.close(gb, [120, 31.4, 16.6, 1.9], rtol=0.02)

    # Tensor parallelism: Y = gelu(X A) B with A split by columns, B by rows, partial sums all-reduced.
    A, Bm = rng.standard_normal((P, 4 * P)), rng.standard_normal((4 * P, P))
    with r.case("tensor-parallel MLP (column then row split) == dense MLP") as c:
        dense = gelu(X @ A) @ Bm
        for RR in (1, 4, 5):
            c.close(f.tensor_parallel_mlp(X, A, Bm, RR), dense, rtol=1e-12, atol=1e-10)

    # GPipe forward schedule: stage s works on micro-batch j at time s + j.
    r.figure("pipeline idle fraction (K-1)/(M+K-1) for K=4, M=4, 16 and K=8, M=32",
             [round((K - 1) / (M + K - 1), 4) for K, M in [(4, 4), (4, 16), (8, 32)]])
    return r


if __name__ == "__main__":
    main(run)
