"""post-training-quantization: quantise a trained model's weights and activations, no retraining.

Follows Nagel et al. (2021, white paper: PTQ usually suffices for 8 bits) and the integer
inference scheme of Jacob et al. (2018): real = scale * (q - zero_point), products summed
in int32. Checks: symmetric int8 rounding error <= scale/2; per-channel scales beat one
per-tensor scale when channel ranges differ; an int32-accumulated integer matmul (with
zero-point correction) equals the float matmul of the dequantised tensors; and an int8
linear classifier agrees with its float version on >= 99% of test points, losing <= 0.5
points of accuracy, while 4-bit per-tensor weights lose more. Symmetric and asymmetric codes
are compared with brute-force nearest-grid-point searches (per-channel and with a calibration
range that clips), scales and zero points with their closed forms, and the integer matmul
with an int64 reference accumulation.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["quant_sym", "quant_asym", "int_matmul"]

DOC_ZH = {
    "quant_sym": """对称有符号量化：q = clip(round(w / s), -qmax, qmax)，qmax = 2^(bits-1) - 1，s = max|w| / qmax；
axis=0 时每个输出通道（每行）一个 scale。

输入：w，权重（二维时按行分通道）；bits；axis，None（整个张量一个 scale）或 0（逐行）。
输出：(q，int32 数组，s，标量或形状 (行数, 1) 的数组)。

>>> q, s = quant_sym(np.array([[1.0, -0.5], [0.1, 0.2]]), bits=3, axis=0)
>>> q.tolist(), np.round(s, 6).ravel().tolist()
([[3, -2], [2, 3]], [0.333333, 0.066667])
""",
    "quant_asym": """非对称无符号量化：范围 [lo, hi]（默认取数据的最小值、最大值，并扩展到包含 0），
s = (hi - lo) / (2^bits - 1)，z = round(-lo / s)，q = clip(round(x / s) + z, 0, 2^bits - 1)。

输入：x；bits；lo、hi，可选的校准范围（范围外的值被截断）。
输出：(q，int32 数组，s，z)。

>>> q, s, z = quant_asym(np.array([-1.0, 0.0, 2.0]), bits=2)
>>> q.tolist(), round(s, 6), z
([0, 1, 3], 1.0, 1)
""",
    "int_matmul": """纯整数矩阵乘法：int32 累加 acc = qw @ (qx - zx)，再乘以 sw·sx 得到实数输出。

输入：qw，整数权重 (out, in)；sw，权重 scale（标量或 (out, 1)）；qx，整数激活 (in, batch)；sx，zx。
输出：(y，float 数组 (out, batch)，acc，int32 累加器)。

>>> y, acc = int_matmul(np.array([[2, -1]]), 0.5, np.array([[3], [1]]), 0.1, 1)
>>> acc.tolist(), np.round(y, 6).tolist()
([[4]], [[0.2]])
""",
}

HINTS = {
    "en": (
        "A quantiser is a scale (and maybe an offset) plus rounding and clipping; pick the "
        "scale so the largest value lands on the largest integer.",
        "Symmetric: s = max|w| / (2^(b-1) - 1), per row with keepdims for per-channel. "
        "Asymmetric: stretch [min(x, 0), max(x, 0)] over 0..2^b - 1 with a zero point. Integer "
        "matmul: subtract the zero point before the int32 product, scale once at the end.",
    ),
    "zh": (
        "量化器就是一个 scale（也许再加一个偏移）加上取整和截断；选 scale 让最大值落在最大的整数上。",
        "对称：s = max|w| / (2^(b-1) - 1)，逐通道时按行并 keepdims。非对称：把 [min(x, 0), max(x, 0)] "
        "拉伸到 0..2^b - 1 并带零点。整数矩阵乘：先减去零点再做 int32 乘积，最后统一乘 scale。",
    ),
}


def quant_sym(w, bits=8, axis=None):
    """Symmetric signed quantisation q = clip(round(w / s), -qmax, qmax) with
    qmax = 2^(bits-1) - 1 and s = max|w| / qmax; axis=0 gives one scale per output channel
    (row).

    Input: w, weights (rows are channels when 2-D); bits; axis, None (one scale for the
    tensor) or 0 (per row). Output: (q, an int32 array; s, a scalar or an (rows, 1) array).

    >>> q, s = quant_sym(np.array([[1.0, -0.5], [0.1, 0.2]]), bits=3, axis=0)
    >>> q.tolist(), np.round(s, 6).ravel().tolist()
    ([[3, -2], [2, 3]], [0.333333, 0.066667])
    """
    qmax = 2 ** (bits - 1) - 1
    amax = np.abs(w).max() if axis is None else np.abs(w).max(axis=1, keepdims=True)
    s = amax / qmax
    return np.clip(np.round(w / s), -qmax, qmax).astype(np.int32), s


def quant_asym(x, bits=8, lo=None, hi=None):
    """Asymmetric unsigned quantisation: range [lo, hi] (by default the data's min and max,
    widened to contain 0), s = (hi - lo) / (2^bits - 1), z = round(-lo / s),
    q = clip(round(x / s) + z, 0, 2^bits - 1).

    Input: x; bits; lo, hi, an optional calibration range (values outside are clipped).
    Output: (q, an int32 array; s; z).

    >>> q, s, z = quant_asym(np.array([-1.0, 0.0, 2.0]), bits=2)
    >>> q.tolist(), round(s, 6), z
    ([0, 1, 3], 1.0, 1)
    """
    lo = min(float(x.min()) if lo is None else lo, 0.0)
    hi = max(float(x.max()) if hi is None else hi, 0.0)
    s = (hi - lo) / (2**bits - 1)
    z = int(round(-lo / s))
    return np.clip(np.round(x / s) + z, 0, 2**bits - 1).astype(np.int32), s, z


def int_matmul(qw, sw, qx, sx, zx):
    """Integer-only matmul: int32 accumulation acc = qw @ (qx - zx), then one multiply by
    sw sx for the real output.

    Input: qw, integer weights (out, in); sw, the weight scale (scalar or (out, 1)); qx,
    integer activations (in, batch); sx, zx. Output: (y, a float (out, batch) array; acc,
    the int32 accumulator).

    >>> y, acc = int_matmul(np.array([[2, -1]]), 0.5, np.array([[3], [1]]), 0.1, 1)
    >>> acc.tolist(), np.round(y, 6).tolist()
    ([[4]], [[0.2]])
    """
    acc = np.asarray(qw, dtype=np.int32) @ (np.asarray(qx, dtype=np.int32) - np.int32(zx))
    return acc * (sw * sx), acc


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Post-training quantization (int8)")
    W = rng.normal(size=(64, 128)) * np.exp(
        rng.normal(0, 1, (64, 1))
    )  # rows with very different ranges
    qt, st = np.zeros(W.shape, int), 1.0
    qc, sc = np.zeros(W.shape, int), np.ones((64, 1))
    with r.case("symmetric codes = nearest grid point, scale = max|w| / 127") as c:
        qt, st = f.quant_sym(W)
        qc, sc = f.quant_sym(W, axis=0)
        qt, qc, sc = np.asarray(qt), np.asarray(qc), np.asarray(sc)
        c.close(st, np.abs(W).max() / 127, rtol=1e-12)
        c.close(np.ravel(sc), np.abs(W).max(axis=1) / 127, rtol=1e-12)
        grid = np.arange(-127, 128)
        Wf = W[:4]  # brute force on a few rows, per channel
        ref = grid[np.argmin(np.abs(Wf[..., None] / sc[:4, :, None] - grid), axis=-1)]
        c.equal(qc[:4], ref)
        q3, s3 = f.quant_sym(np.array([0.9, -0.2, 0.45, -0.9]), bits=3)
        c.equal(np.asarray(q3).tolist(), [3, -1, 2, -3])  # s = 0.3: -0.2/0.3 rounds to -1
        c.close(s3, 0.3, rtol=1e-12)
    with r.case("symmetric int8 error <= scale/2") as c:
        c.true(float(np.abs(W - qt * st).max()) <= st / 2 * (1 + 1e-9) and np.abs(qt).max() == 127)
    e_t, e_c = np.mean((W - qt * st) ** 2), np.mean((W - qc * sc) ** 2)
    r.figure("weight MSE: per-tensor vs per-channel", (float(f"{e_t:.3g}"), float(f"{e_c:.3g}")))
    with r.case("per-channel scales beat a single per-tensor scale") as c:
        c.true(e_c < 0.5 * e_t and bool(np.all(np.abs(W - qc * sc) <= sc / 2 * (1 + 1e-9))))

    x = np.abs(rng.normal(size=(128, 32))) * 3  # ReLU-like activations
    with r.case("asymmetric codes: closed-form scale/zero point and nearest grid point") as c:
        qx, sx, zx = f.quant_asym(x)
        c.close(sx, x.max() / 255, rtol=1e-12)  # lo = 0: ReLU outputs
        c.equal(int(zx), 0)
        c.true(int(np.abs(np.asarray(qx) - np.round(x / sx)).max()) == 0, "q = round(x / s)")
        v = np.array([-2.0, -0.3, 0.0, 0.7, 1.0, 5.0])
        qv, sv, zv = f.quant_asym(v, bits=4, lo=-1.5, hi=1.5)  # 5.0 and -2.0 get clipped
        c.close(sv, 3.0 / 15, rtol=1e-12)
        c.equal(int(zv), 8)  # round(1.5 / 0.2) = round(7.5) = 8 (round half to even)
        gridv = (np.arange(16) - 8) * 0.2
        c.equal(np.asarray(qv).tolist(), np.argmin(np.abs(v[:, None] - gridv), axis=1).tolist())
        qn, sn, zn = f.quant_asym(np.array([-4.0, -1.0, -2.5]), bits=8)
        c.equal(int(zn), 255)  # all negative: hi = 0
        c.equal(np.asarray(qn).tolist(), [0, 191, 96])

    # integer-only matmul: y = W x with int8 weights and uint8 activations
    qx, sx, zx = quant_asym(x - 0.5)  # a non-zero zero point
    with r.case("int32 accumulator cannot overflow (|acc| <= 128*127*255 < 2^31)") as c:
        y_int, acc = f.int_matmul(qt, st, qx, sx, zx)
        ref = qt.astype(np.int64) @ (qx.astype(np.int64) - zx)  # int64 reference
        c.equal(str(np.asarray(acc).dtype), "int32")
        c.equal(np.asarray(acc), ref)
        c.true(np.abs(ref).max() <= 128 * 127 * 255 < 2**31)
    with r.case("integer matmul * (s_w s_x) = float matmul of dequantised tensors") as c:
        y_int, _ = f.int_matmul(qt, st, qx, sx, zx)
        c.close(y_int, (qt * st) @ ((qx - zx) * sx), rtol=1e-10, atol=1e-10)
        y_c, _ = f.int_matmul(qc, sc, qx, sx, zx)  # per-channel scales broadcast over rows
        c.close(y_c, (qc * sc) @ ((qx - zx) * sx), rtol=1e-10, atol=1e-10)

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
    pred_q = pred_4 = ~pred_f
    with r.case("int8 predictions agree with float on >= 99% of points") as c:
        qw, sw = f.quant_sym(w[None, :])
        lo, hi = Xtr.min(), Xtr.max()  # calibrate on training data
        qx, sx, zx = f.quant_asym(Xte, lo=lo, hi=hi)
        pred_q = (np.asarray(f.int_matmul(qw, sw, np.asarray(qx).T, sx, zx)[0]) > 0).ravel()
        qw4, sw4 = f.quant_sym(w[None, :], bits=4)
        pred_4 = (np.asarray(f.int_matmul(qw4, sw4, np.asarray(qx).T, sx, zx)[0]) > 0).ravel()
        c.true(np.mean(pred_f == pred_q) >= 0.99, f"{np.mean(pred_f == pred_q):.4f}")
    acc_f, acc_q, acc_4 = [float(np.mean(p == yte)) for p in (pred_f, pred_q, pred_4)]
    r.figure("test accuracy: float, int8 W/A, int4 W + int8 A", (acc_f, acc_q, acc_4))
    r.figure("memory: float32 -> int8 weights", f"{4 * d} -> {d} bytes (-75%)")
    with r.case("int8 accuracy within 0.5 points of float") as c:
        c.true(acc_f - acc_q <= 0.005)
    with r.case("int4 per-tensor weights disagree with float more often than int8") as c:
        c.true(np.mean(pred_f != pred_4) > np.mean(pred_f != pred_q))
    return r


if __name__ == "__main__":
    main(run)
