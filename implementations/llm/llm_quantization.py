"""llm-quantization: LLM.int8()-style vector-wise int8 with outlier decomposition, and GPTQ.

Follows Dettmers et al. (2022), Sec. 3 (absmax, vector-wise scales, mixed-precision
decomposition of outlier feature columns) and Frantar et al. (2023), Alg. 1 (quantise one
column at a time, spread its error over the not-yet-quantised columns with the inverse Hessian
H = 2 X X^T, using a Cholesky factor). Checks against an exact float64 matmul: rounding noise
power = step^2/12; vector-wise beats per-tensor and the outlier decomposition beats
both; GPTQ (Cholesky form) equals a naive OBQ loop that re-inverts the Hessian of the remaining
columns each step; one OBS step equals a least-squares re-fit (numpy.linalg.lstsq); GPTQ's
layer-output error is below round-to-nearest.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def absmax_q(A, axis=None):
    """Symmetric int8: scale so that max |A| -> 127 (per tensor, or per row/column)."""
    s = 127.0 / np.max(np.abs(A), axis=axis, keepdims=axis is not None)
    return np.round(A * s).astype(np.int64), s


def int8_matmul(X, W, vector_wise):
    if vector_wise:  # row scales for X, column scales for W
        Xq, sx = absmax_q(X, axis=1)
        Wq, sw = absmax_q(W, axis=0)
    else:
        Xq, sx = absmax_q(X)
        Wq, sw = absmax_q(W)
    return (Xq @ Wq) / (sx * sw)  # integer accumulate, then dequantise


def llm_int8(X, W, thresh=6.0):
    out_cols = np.any(np.abs(X) >= thresh, axis=0)  # outlier feature dimensions
    hi = X[:, out_cols].astype(np.float16) @ W[out_cols].astype(np.float16)
    return int8_matmul(X[:, ~out_cols], W[~out_cols], True) + hi.astype(np.float64), out_cols


def quant_grid(w, scale, bits):
    qmax = 2 ** (bits - 1) - 1
    return np.clip(np.round(w / scale), -qmax, qmax) * scale


def gptq(W, H, bits):
    """Frantar et al. Alg. 1 (no lazy batching): W is (out, in), H is (in, in)."""
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


def run() -> Report:
    rng = np.random.default_rng(0)
    R = Report("LLM quantization: LLM.int8() and GPTQ")

    # --- LLM.int8(): hidden states with a few large-magnitude feature dimensions ---
    n, d, m = 64, 256, 128
    X = rng.normal(size=(n, d))
    X[:, [7, 100, 201]] *= 40.0  # systematic outlier features
    W = rng.normal(0, 0.05, (d, m))
    ref = X @ W
    Xq, sx = absmax_q(X, axis=1)
    mse = float(np.mean((X - Xq / sx) ** 2))
    R.check_close(
        "rounding noise power = step^2/12 (uniform-quantiser approximation, 5%)",
        mse,
        float(np.mean((1 / sx) ** 2 / 12)),
        rtol=0.05,
    )
    rel = lambda Y: float(np.linalg.norm(Y - ref) / np.linalg.norm(ref))
    e_tensor, e_vec = rel(int8_matmul(X, W, False)), rel(int8_matmul(X, W, True))
    Y_mix, cols = llm_int8(X, W)
    e_mix = rel(Y_mix)
    R.figure(
        "relative matmul error: per-tensor, vector-wise, vector-wise + outlier decomposition",
        [e_tensor, e_vec, e_mix],
    )
    R.check(
        "vector-wise int8 beats per-tensor int8", e_vec < e_tensor, f"{e_vec:.2e} < {e_tensor:.2e}"
    )
    R.check(
        "decomposing the 3 outlier columns beats vector-wise int8 by >5x",
        e_mix * 5 < e_vec,
        f"{e_mix:.2e}",
    )
    R.figure("share of multiply-adds done in int8", float(1 - cols.mean()))

    # --- GPTQ on one linear layer, 3-bit weights ---
    d_in, d_out, bits = 48, 32, 3
    Xc = rng.normal(size=(d_in, 512)) * rng.uniform(0.2, 3.0, (d_in, 1))  # calibration inputs
    Xc[1:] += 0.6 * Xc[:-1]  # correlated features
    Wl = rng.normal(size=(d_out, d_in))
    H = 2 * Xc @ Xc.T
    H += 0.01 * np.mean(np.diag(H)) * np.eye(d_in)  # dampening, as in the paper
    Qg, Qn = gptq(Wl, H, bits), obq_naive(Wl, H, bits)
    R.check_close(
        "GPTQ (Cholesky of H^-1) equals naive OBQ with explicit re-inversion", Qg, Qn, atol=1e-9
    )
    scale = np.abs(Wl).max(1, keepdims=True) / (2 ** (bits - 1) - 1)
    Qr = quant_grid(Wl, scale, bits)
    out_err = lambda Q: float(np.linalg.norm((Wl - Q) @ Xc) ** 2)
    R.figure(
        "layer output error ||(W - Q) X||^2: round-to-nearest, GPTQ", [out_err(Qr), out_err(Qg)]
    )
    R.check(
        "GPTQ output error below round-to-nearest",
        out_err(Qg) < 0.7 * out_err(Qr),
        f"ratio {out_err(Qg) / out_err(Qr):.2f}",
    )

    # The OBS compensation is a least-squares fit: after fixing column 0 to its grid value, the
    # update of the other columns minimises ||(w - w') X||^2 (checked with numpy.linalg.lstsq).
    H0 = 2 * Xc @ Xc.T
    w, q0 = Wl[0], quant_grid(Wl[0, 0], scale[0, 0], bits)
    obs = w - (w[0] - q0) / np.linalg.inv(H0)[0, 0] * np.linalg.inv(H0)[0]
    wF, *_ = np.linalg.lstsq(Xc[1:].T, Xc.T @ w - Xc[0] * q0, rcond=None)
    R.check_close(
        "one OBS step = least-squares re-fit of the remaining weights", obs[1:], wF, atol=1e-8
    )
    return R


if __name__ == "__main__":
    main(run)
