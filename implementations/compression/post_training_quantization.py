"""post-training-quantization: quantise a trained model's weights and activations, no retraining.

Follows Nagel et al. (2021, white paper: PTQ usually suffices for 8 bits) and the integer
inference scheme of Jacob et al. (2018): real = scale * (q - zero_point), products summed
in int32. Checks: symmetric int8 rounding error <= scale/2; per-channel scales beat one
per-tensor scale when channel ranges differ; an int32-accumulated integer matmul (with
zero-point correction) equals the float matmul of the dequantised tensors; and an int8
linear classifier agrees with its float version on >= 99% of test points, losing <= 0.5
points of accuracy, while 4-bit per-tensor weights lose more.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def quant_sym(w, bits=8, axis=None):
    """Symmetric signed quantisation; axis=0 gives one scale per output channel (row)."""
    qmax = 2 ** (bits - 1) - 1
    amax = np.abs(w).max() if axis is None else np.abs(w).max(axis=1, keepdims=True)
    s = amax / qmax
    return np.clip(np.round(w / s), -qmax, qmax).astype(np.int32), s


def quant_asym(x, bits=8, lo=None, hi=None):
    lo = min(float(x.min()) if lo is None else lo, 0.0)
    hi = max(float(x.max()) if hi is None else hi, 0.0)
    s = (hi - lo) / (2**bits - 1)
    z = int(round(-lo / s))
    return np.clip(np.round(x / s) + z, 0, 2**bits - 1).astype(np.int32), s, z


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Post-training quantization (int8)")
    W = rng.normal(size=(64, 128)) * np.exp(
        rng.normal(0, 1, (64, 1))
    )  # rows with very different ranges
    qt, st = quant_sym(W)
    qc, sc = quant_sym(W, axis=0)
    e_t, e_c = np.mean((W - qt * st) ** 2), np.mean((W - qc * sc) ** 2)
    r.check(
        "symmetric int8 error <= scale/2", float(np.abs(W - qt * st).max()) <= st / 2 * (1 + 1e-9)
    )
    r.figure("weight MSE: per-tensor vs per-channel", (float(f"{e_t:.3g}"), float(f"{e_c:.3g}")))
    r.check("per-channel scales beat a single per-tensor scale", e_c < 0.5 * e_t)

    # integer-only matmul: y = W x with int8 weights and uint8 activations
    x = np.abs(rng.normal(size=(128, 32))) * 3  # ReLU-like activations
    qx, sx, zx = quant_asym(x)
    acc = qt @ (qx - zx)  # int32 accumulation
    acc_bound = 128 * 127 * 255
    y_int = acc * (st * sx)
    y_float = (qt * st) @ ((qx - zx) * sx)
    r.check(
        "int32 accumulator cannot overflow (|acc| <= 128*127*255 < 2^31)",
        acc.dtype == np.int32 and np.abs(acc).max() <= acc_bound < 2**31,
    )
    r.check_close(
        "integer matmul * (s_w s_x) = float matmul of dequantised tensors",
        y_int,
        y_float,
        rtol=1e-12,
        atol=1e-12,
    )

    # a linear classifier (LDA closed form) on two Gaussian classes
    d = 20
    mu = rng.normal(size=d)
    A = rng.normal(size=(d, d)) / np.sqrt(d)
    Sig = A @ A.T + 0.5 * np.eye(d)
    L = np.linalg.cholesky(Sig)

    def sample(n):
        yy = rng.integers(0, 2, n)
        return (rng.normal(size=(n, d)) @ L.T) + np.outer(2 * yy - 1, mu) * 0.4, yy

    Xtr, _ = sample(2000)
    Xte, yte = sample(20000)
    w = np.linalg.solve(Sig, mu)  # LDA direction, threshold 0
    pred_f = Xte @ w > 0
    qw, sw = quant_sym(w[None, :])
    lo, hi = Xtr.min(), Xtr.max()  # calibrate on training data
    qx, sx, zx = quant_asym(Xte, lo=lo, hi=hi)
    pred_q = ((qx - zx) @ qw.ravel()) * (sx * sw.item()) > 0
    qw4, sw4 = quant_sym(w[None, :], bits=4)
    pred_4 = ((qx - zx) @ qw4.ravel()) * (sx * sw4.item()) > 0
    acc_f, acc_q, acc_4 = [float(np.mean(p == yte)) for p in (pred_f, pred_q, pred_4)]
    r.figure("test accuracy: float, int8 W/A, int4 W + int8 A", (acc_f, acc_q, acc_4))
    r.figure(
        "memory: float32 -> int8 weights",
        f"{w.astype(np.float32).nbytes} -> {qw.astype(np.int8).nbytes} bytes (-75%)",
    )
    r.check(
        "int8 predictions agree with float on >= 99% of points",
        np.mean(pred_f == pred_q) >= 0.99,
        f"{np.mean(pred_f == pred_q):.4f}",
    )
    r.check("int8 accuracy within 0.5 points of float", acc_f - acc_q <= 0.005)
    r.check(
        "int4 per-tensor weights disagree with float more often than int8",
        np.mean(pred_f != pred_4) > np.mean(pred_f != pred_q),
    )
    return r


if __name__ == "__main__":
    main(run)
