"""llm-quantization: LLM.int8()-style vector-wise int8 with outlier decomposition, and GPTQ.

Follows Dettmers et al. (2022), Sec. 3 (absmax, vector-wise scales, mixed-precision
decomposition of outlier feature columns) and Frantar et al. (2023), Alg. 1 (quantise one
column at a time, spread its error over the not-yet-quantised columns with the inverse Hessian
H = 2 X X^T, using a Cholesky factor). Checks: absmax codes against the definition written out
row by row (integers in [-127, 127], the largest magnitude of each row exactly 127, error at
most half a step); int8 matmuls against the dequantised product written out and an entrywise
error bound; rounding noise power = step^2/12; vector-wise beats per-tensor and the outlier
decomposition beats both, with the outlier columns found by brute force; GPTQ (Cholesky form)
equals a naive OBQ loop that re-inverts the Hessian of the remaining columns each step; one
OBS step on a 2-input layer equals a least-squares re-fit (numpy.linalg.lstsq), rounded; GPTQ's layer-output error is
below round-to-nearest.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["absmax_q", "int8_matmul", "llm_int8", "gptq"]

DOC_ZH = {
    "absmax_q": """对称 int8 absmax 量化：缩放使 max|A| 映射到 127，再四舍五入取整。

输入：A，浮点数组；axis，None 表示整个张量共用一个尺度，否则沿该轴取最大值（每行或每列一个尺度，保持维度）。
输出：(Aq, s)：Aq 为整数数组（int64），s = 127 / max|A|；反量化为 Aq / s。

>>> Aq, s = absmax_q(np.array([[1.0, -2.0], [0.5, 0.25]]), axis=1)
>>> Aq.tolist(), s.ravel().tolist()
([[64, -127], [127, 64]], [63.5, 254.0])
""",
    "int8_matmul": """int8 矩阵乘：两个因子各自 absmax 量化，整数累加后再反量化。

输入：X (n, d)，W (d, m)；vector_wise 为 True 时 X 每行一个尺度、W 每列一个尺度，否则各用一个张量级尺度。
输出：(n, m) 浮点数组 (Xq @ Wq) / (sx * sw)。

>>> int8_matmul(np.array([[127.0, 0.0]]), np.array([[1.0], [127.0]]), True).tolist()
[[127.0]]
""",
    "llm_int8": """LLM.int8() 的混合精度分解：含离群值的特征列用 float16 相乘，其余列用逐向量 int8。

输入：X (n, d)，W (d, m)，thresh：某列中任一 |x| >= thresh 即为离群特征列。
输出：(Y, cols)：Y 为 (n, m) 的近似乘积（float64），cols 为长度 d 的布尔掩码，标出离群列。

>>> Y, cols = llm_int8(np.array([[1.0, 8.0], [2.0, -1.0]]), np.eye(2))
>>> cols.tolist()
[False, True]
""",
    "gptq": """GPTQ（Frantar 等人 2023，算法 1，无懒批处理）：逐列量化，用 H^-1 的上三角 Cholesky 因子把误差分摊到尚未量化的列。

输入：W (out, in) 权重；H (in, in) 正定的 Hessian 2 X X^T（已加阻尼）；bits，比特数。每行的网格步长为 max|W_row| / (2^(bits-1) - 1)，截断到 ±(2^(bits-1) - 1) 个步长。
输出：Q，与 W 同形的量化权重（每个元素都在网格上）。

>>> gptq(np.array([[1.0, 0.3]]), np.eye(2), 3).round(6).tolist()
[[1.0, 0.333333]]
""",
}

HINTS = {
    "en": (
        "A symmetric quantiser needs one number per group: the scale that sends the group's "
        "largest magnitude to the edge of the integer range. GPTQ then fixes columns one by one.",
        "s = 127 / max|A| per tensor, row or column; dequantise integer products with 1/(sx sw). "
        "In GPTQ, after rounding column i, subtract (w_i - q_i) / U_ii * U_i,i+1: from the later "
        "columns, U the upper Cholesky factor of H^-1.",
    ),
    "zh": (
        "对称量化器每组只需要一个数：把该组最大幅值送到整数范围边界的尺度。GPTQ 则逐列固定权重。",
        "每个张量、行或列取 s = 127 / max|A|；整数乘积乘以 1/(sx sw) 反量化。GPTQ 中，第 i 列取整后，"
        "从后面各列减去 (w_i - q_i) / U_ii * U_i,i+1:，U 为 H^-1 的上三角 Cholesky 因子。",
    ),
}


def absmax_q(A, axis=None):
    """Symmetric int8 absmax quantisation: scale so that max |A| -> 127, then round.

    Input: A, a float array; axis, None for one scale for the whole tensor, else the axis
    along which the max is taken (one scale per row or column, dims kept). Output: (Aq, s),
    Aq an int64 array of codes and s = 127 / max|A|; Aq / s dequantises.

    >>> Aq, s = absmax_q(np.array([[1.0, -2.0], [0.5, 0.25]]), axis=1)
    >>> Aq.tolist(), s.ravel().tolist()
    ([[64, -127], [127, 64]], [63.5, 254.0])
    """
    s = 127.0 / np.max(np.abs(A), axis=axis, keepdims=axis is not None)
    return np.round(A * s).astype(np.int64), s


def int8_matmul(X, W, vector_wise):
    """int8 matmul: absmax-quantise both factors, accumulate integers, dequantise.

    Input: X (n, d), W (d, m); vector_wise True gives X one scale per row and W one per
    column, False one scale per tensor. Output: the (n, m) float array (Xq @ Wq) / (sx * sw).

    >>> int8_matmul(np.array([[127.0, 0.0]]), np.array([[1.0], [127.0]]), True).tolist()
    [[127.0]]
    """
    if vector_wise:  # row scales for X, column scales for W
        Xq, sx = absmax_q(X, axis=1)
        Wq, sw = absmax_q(W, axis=0)
    else:
        Xq, sx = absmax_q(X)
        Wq, sw = absmax_q(W)
    return (Xq @ Wq) / (sx * sw)  # integer accumulate, then dequantise


def llm_int8(X, W, thresh=6.0):
    """LLM.int8() mixed-precision decomposition: outlier feature columns in float16, the rest
    in vector-wise int8.

    Input: X (n, d), W (d, m), thresh: a column is an outlier feature when any |x| >= thresh.
    Output: (Y, cols), Y the (n, m) approximate product (float64), cols the boolean mask of
    length d of the outlier columns.

    >>> Y, cols = llm_int8(np.array([[1.0, 8.0], [2.0, -1.0]]), np.eye(2))
    >>> cols.tolist()
    [False, True]
    """
    out_cols = np.any(np.abs(X) >= thresh, axis=0)  # outlier feature dimensions
    hi = X[:, out_cols].astype(np.float16) @ W[out_cols].astype(np.float16)
    return int8_matmul(X[:, ~out_cols], W[~out_cols], True) + hi.astype(np.float64), out_cols


def quant_grid(w, scale, bits):
    qmax = 2 ** (bits - 1) - 1
    return np.clip(np.round(w / scale), -qmax, qmax) * scale


def gptq(W, H, bits):
    """GPTQ (Frantar et al. 2023, Alg. 1, no lazy batching): quantise column by column and
    spread each column's error over the later columns with the upper Cholesky factor of H^-1.

    Input: W (out, in) weights; H (in, in) the positive definite (damped) Hessian 2 X X^T;
    bits. Each row's grid step is max|W_row| / (2^(bits-1) - 1), clipped to +-(2^(bits-1) - 1)
    steps. Output: Q, the quantised weights (every entry on its row's grid), shaped like W.

    >>> gptq(np.array([[1.0, 0.3]]), np.eye(2), 3).round(6).tolist()
    [[1.0, 0.333333]]
    """
    W = W.copy()
    scale = np.abs(W).max(1) / (2 ** (bits - 1) - 1)
    U = np.linalg.cholesky(np.linalg.inv(H)).T  # upper Cholesky factor of H^-1
    Q = np.zeros_like(W)
    for i in range(W.shape[1]):
        Q[:, i] = quant_grid(W[:, i], scale, bits)
        err = (W[:, i] - Q[:, i]) / U[i, i]
        W[:, i + 1 :] -= np.outer(err, U[i, i + 1 :])
    return Q


def obq_naive(W, H, bits):
    """Same greedy order, but re-invert the Hessian of the remaining columns at every step."""
    W = W.copy()
    scale = np.abs(W).max(1) / (2 ** (bits - 1) - 1)
    Q = np.zeros_like(W)
    d = W.shape[1]
    for i in range(d):
        F = np.arange(i, d)
        Hinv = np.linalg.inv(H[np.ix_(F, F)])
        Q[:, i] = quant_grid(W[:, i], scale, bits)
        W[:, F] -= np.outer((W[:, i] - Q[:, i]) / Hinv[0, 0], Hinv[0])  # OBS update
    return Q


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("LLM quantization: LLM.int8() and GPTQ")

    # --- absmax codes against the definition, row by row (a non-square matrix, negatives) ---
    A = rng.normal(size=(5, 7))
    A[2, 3] = -4.0  # a row whose largest magnitude is negative
    with R.case("absmax codes: integers in [-127, 127], each row's max magnitude is 127") as c:
        Aq, s = f.absmax_q(A, axis=1)
        Aq = np.asarray(Aq)
        c.equal(
            Aq, np.array([[round(a * 127 / max(abs(v) for v in row)) for a in row] for row in A])
        )
        c.close(np.asarray(s).ravel(), [127 / max(abs(v) for v in row) for row in A])
        c.true(np.all(np.abs(Aq) <= 127) and np.all(np.abs(Aq).max(1) == 127), "range")
        c.true(Aq[2, 3] == -127, "the negative extreme maps to -127")
    with R.case("absmax per column and per tensor; dequantised error at most half a step") as c:
        Aq0, s0 = f.absmax_q(A, axis=0)
        c.close(np.asarray(s0).ravel(), 127 / np.abs(A).max(0))
        c.equal(np.abs(np.asarray(Aq0)).max(0), np.full(7, 127))
        Aqt, st = f.absmax_q(A)
        c.close(float(np.squeeze(st)), 127 / 4.0)
        c.equal(np.asarray(Aqt), np.round(A * 127 / 4.0).astype(int))
        c.true(np.all(np.abs(A - np.asarray(Aqt) / np.squeeze(st)) <= 0.5 * 4 / 127 + 1e-12))

    # --- LLM.int8(): hidden states with a few large-magnitude feature dimensions ---
    n, d, m = 64, 256, 128
    X = rng.normal(size=(n, d))
    X[:, [7, 100, 201]] *= 40.0  # systematic outlier features
    W = rng.normal(0, 0.05, (d, m))
    ref = X @ W
    with R.case("rounding noise power = step^2/12 (uniform-quantiser approximation, 5%)") as c:
        Xq, sx = f.absmax_q(X, axis=1)
        mse = float(np.mean((X - Xq / sx) ** 2))
        c.close(mse, float(np.mean((1 / sx) ** 2 / 12)), rtol=0.05)

    # The dequantised integer product written out, and an entrywise bound: each factor is off
    # by at most half its step, so |Y - XW| <= |X| dW + dX |W| + dX dW summed over k.
    Xs, Ws = X[:5, :9], W[:9, :4]  # non-square, so row/column scales cannot be swapped
    with R.case("int8 matmul equals the dequantised integer product, within its error bound") as c:
        for vw in (True, False):
            ax = max(abs(v) for row in Xs for v in row)
            aw = max(abs(v) for row in Ws for v in row)
            sx_ = 127 / np.abs(Xs).max(1, keepdims=True) if vw else 127 / ax
            sw_ = 127 / np.abs(Ws).max(0, keepdims=True) if vw else 127 / aw
            Y = f.int8_matmul(Xs, Ws, vw)
            c.close(Y, (np.round(Xs * sx_) @ np.round(Ws * sw_)) / (sx_ * sw_), rtol=1e-12)
            dx = 0.5 / sx_ * np.ones_like(Xs)
            dw = 0.5 / sw_ * np.ones_like(Ws)
            bound = np.abs(Xs) @ dw + dx @ np.abs(Ws) + dx @ dw
            c.true(np.all(np.abs(Y - Xs @ Ws) <= bound + 1e-12), f"vector_wise={vw}")

    rel = lambda Y: float(np.linalg.norm(Y - ref) / np.linalg.norm(ref))
    with R.case("vector-wise int8 beats per-tensor int8") as c:
        e_tensor, e_vec = rel(f.int8_matmul(X, W, False)), rel(f.int8_matmul(X, W, True))
        c.true(e_vec < e_tensor, f"{e_vec:.2e} < {e_tensor:.2e}")
    with R.case("decomposing the 3 outlier columns beats vector-wise int8 by >5x") as c:
        Y_mix, cols = f.llm_int8(X, W)
        e_mix = rel(Y_mix)
        R.figure(
            "relative matmul error: per-tensor, vector-wise, vector-wise + outlier decomposition",
            [e_tensor, e_vec, e_mix],
        )
        c.true(e_mix * 5 < e_vec, f"{e_mix:.2e}")
        R.figure("share of multiply-adds done in int8", float(1 - np.mean(cols)))
    # Moderate outliers near the threshold: columns found by brute force over every entry.
    Xm = rng.normal(size=(6, 10)) * 0.5
    Xm[2, 1], Xm[4, 5], Xm[0, 8], Xm[3, 9] = 6.0, -8.5, 5.9, -6.2
    Wm = rng.normal(size=(10, 3))
    with R.case("outlier columns: any |x| >= thresh, the rest in vector-wise int8") as c:
        Y, cols = f.llm_int8(Xm, Wm)
        want = [any(abs(Xm[i, j]) >= 6.0 for i in range(6)) for j in range(10)]
        c.equal(np.asarray(cols), np.array(want))
        w = np.array(want)
        lo = Xm[:, ~w]
        s1 = 127 / np.abs(lo).max(1, keepdims=True)
        s2 = 127 / np.abs(Wm[~w]).max(0, keepdims=True)
        hi = Xm[:, w] @ Wm[w]
        c.close(Y, np.round(lo * s1) @ np.round(Wm[~w] * s2) / (s1 * s2) + hi, atol=2e-2)
        c.close(Y, Xm @ Wm, atol=0.1)
        _, cols3 = f.llm_int8(Xm, Wm, thresh=3.0)
        c.equal(np.asarray(cols3), np.abs(Xm).max(0) >= 3.0)

    # --- GPTQ on one linear layer, 3-bit weights ---
    d_in, d_out, bits = 48, 32, 3
    Xc = rng.normal(size=(d_in, 512)) * rng.uniform(0.2, 3.0, (d_in, 1))  # calibration inputs
    Xc[1:] += 0.6 * Xc[:-1]  # correlated features
    Wl = rng.normal(size=(d_out, d_in))
    H = 2 * Xc @ Xc.T
    H += 0.01 * np.mean(np.diag(H)) * np.eye(d_in)  # dampening, as in the paper
    Qn = obq_naive(Wl, H, bits)
    with R.case("GPTQ (Cholesky of H^-1) equals naive OBQ with explicit re-inversion") as c:
        Qg = np.asarray(f.gptq(Wl, H, bits))
        c.close(Qg, Qn, atol=1e-9)
    with R.case("GPTQ with 4 bits equals naive OBQ too") as c:
        c.close(f.gptq(Wl[:6], H, 4), obq_naive(Wl[:6], H, 4), atol=1e-9)
    scale = np.abs(Wl).max(1, keepdims=True) / (2 ** (bits - 1) - 1)
    Qr = quant_grid(Wl, scale, bits)
    out_err = lambda Q: float(np.linalg.norm((Wl - Q) @ Xc) ** 2)
    with R.case("GPTQ output error below round-to-nearest") as c:
        R.figure(
            "layer output error ||(W - Q) X||^2: round-to-nearest, GPTQ",
            [out_err(Qr), out_err(Qg)],
        )
        on_grid = np.abs(Qg / scale - np.round(Qg / scale)) < 1e-9
        c.true(bool(np.all(on_grid) and np.all(np.abs(Qg / scale) <= 3 + 1e-9)), "on the grid")
        c.true(out_err(Qg) < 0.7 * out_err(Qr), f"ratio {out_err(Qg) / out_err(Qr):.2f}")

    # The OBS compensation is a least-squares fit: after fixing column 0 to its grid value, the
    # update of the other column minimises ||(w - w') X||^2 (numpy.linalg.lstsq). On a 2-input
    # layer GPTQ's second column is that re-fit, rounded to the grid.
    with R.case("one OBS step = least-squares re-fit of the remaining weights") as c:
        X2 = Xc[:2]
        W2 = Wl[:, :2]
        s2 = np.abs(W2).max(1) / 3
        q0 = np.clip(np.round(W2[:, 0] / s2), -3, 3) * s2
        refit = np.array(
            [
                np.linalg.lstsq(X2[1:].T, X2.T @ w - X2[0] * a, rcond=None)[0][0]
                for w, a in zip(W2, q0)
            ]
        )
        Q2 = np.asarray(f.gptq(W2, 2 * X2 @ X2.T, bits))
        c.close(Q2[:, 0], q0, atol=1e-12)
        c.close(Q2[:, 1], np.clip(np.round(refit / s2), -3, 3) * s2, atol=1e-9)
        c.true(np.any(Q2[:, 1] != np.clip(np.round(W2[:, 1] / s2), -3, 3) * s2), "compensated")
    return R


if __name__ == "__main__":
    main(run)
