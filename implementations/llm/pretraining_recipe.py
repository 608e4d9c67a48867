"""pretraining-recipe: warm-up + cosine decay, AdamW, global-norm clipping and bfloat16.

The recipe reported for GPT-3 (Brown et al. 2020, Sec. 2.3 / App. B): Adam(W) with
beta2 = 0.95, linear warm-up, cosine decay to 10% of the peak, gradient clipping at global
norm 1.0, weight decay 0.1; bf16 arithmetic with fp32 master weights is the usual companion.
Checks against closed forms: the schedule hits 0, peak, the SGDR midpoint (peak+min)/2 and
the 10% floor at the right steps; with zero gradient AdamW shrinks weights by exactly
(1 - lr*wd)^n while Adam with an L2 term does not; the first Adam step equals lr*sign(g);
clipping returns norm min(||g||, c) without changing direction; bf16 rounding has relative
error <= 2^-8, keeps fp32's range where fp16 overflows, and loses small updates to weights
of size 1 (why master weights stay in fp32).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def lr_at(step, peak, warmup, decay_steps, floor=0.1):
    if step < warmup:
        return peak * step / warmup
    t = min(step - warmup, decay_steps) / decay_steps
    lo = floor * peak
    return lo + 0.5 * (peak - lo) * (1 + np.cos(np.pi * t))  # SGDR cosine, no restart


def adamw_step(w, g, m, v, t, lr, b1=0.9, b2=0.95, eps=1e-8, wd=0.1, decoupled=True):
    if not decoupled:
        g = g + wd * w  # L2 penalty folded into the gradient (Adam + L2)
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g * g
    mh, vh = m / (1 - b1**t), v / (1 - b2**t)
    w = w - lr * mh / (np.sqrt(vh) + eps)
    if decoupled:
        w = w - lr * wd * w  # decoupled weight decay (Loshchilov & Hutter)
    return w, m, v


def clip_global_norm(grads, c):
    n = np.sqrt(sum(np.sum(g * g) for g in grads))
    return [g * min(1.0, c / n) for g in grads], n


def to_bf16(x):
    """Round float32 to bfloat16 (round-to-nearest-even on the upper 16 bits), back to float32."""
    b = np.asarray(x, np.float32).view(np.uint32).astype(np.uint64)
    b = (b + 0x7FFF + ((b >> 16) & 1)) >> 16 << 16
    return b.astype(np.uint32).view(np.float32)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Pretraining recipe: schedule, AdamW, clipping, bf16")
    peak, W, Dsteps = 6e-4, 100, 900
    vals = [lr_at(s, peak, W, Dsteps) for s in (0, W, W + Dsteps // 2, W + Dsteps, 5000)]
    r.figure("lr at steps 0, 100, 550, 1000, 5000", [float(v) for v in vals])
    r.check_close(
        "schedule: 0, peak, SGDR midpoint (peak+0.1peak)/2, floor 0.1 peak, floor",
        vals,
        [0, peak, 0.55 * peak, 0.1 * peak, 0.1 * peak],
        rtol=1e-12,
        atol=1e-18,
    )
    lrs = np.array([lr_at(s, peak, W, Dsteps) for s in range(W, W + Dsteps + 1)])
    r.check("monotone non-increasing after warm-up", np.all(np.diff(lrs) <= 1e-18))

    w0 = rng.standard_normal(5)
    w, m, v = w0.copy(), np.zeros(5), np.zeros(5)
    wl, ml, vl = w0.copy(), np.zeros(5), np.zeros(5)
    for t in range(1, 51):
        w, m, v = adamw_step(w, np.zeros(5), m, v, t, lr=1e-2)
        wl, ml, vl = adamw_step(wl, np.zeros(5), ml, vl, t, lr=1e-2, decoupled=False)
    r.check_close(
        "AdamW, zero gradient: w_n == (1 - lr*wd)^n w_0", w, (1 - 1e-3) ** 50 * w0, rtol=1e-12
    )
    r.figure(
        "shrink factor after 50 steps: AdamW vs Adam+L2 (first coord)",
        [float(w[0] / w0[0]), float(wl[0] / w0[0])],
    )
    r.check(
        "Adam + L2 decays differently (normalised by sqrt(v))",
        abs(wl[0] / w0[0] - w[0] / w0[0]) > 1e-2,
    )

    g = rng.standard_normal(5)
    w1, _, _ = adamw_step(w0, g, np.zeros(5), np.zeros(5), 1, lr=1e-3, wd=0.0, eps=0.0)
    r.check_close("first Adam step == -lr * sign(g)", w1 - w0, -1e-3 * np.sign(g), rtol=1e-12)

    grads = [rng.standard_normal((3, 4)), rng.standard_normal(7)]
    clipped, n = clip_global_norm(grads, 1.0)
    n2 = np.sqrt(sum(np.sum(c * c) for c in clipped))
    cos = sum(np.sum(a * b) for a, b in zip(grads, clipped)) / (n * n2)
    r.check_close(
        "clipped global norm == min(||g||, 1) and direction kept",
        [n2, cos],
        [min(n, 1.0), 1.0],
        rtol=1e-12,
    )

    x = rng.standard_normal(10_000).astype(np.float32) * 10.0 ** rng.uniform(-20, 20, 10_000)
    rel = np.abs(to_bf16(x) - x) / np.abs(x)
    r.figure("max relative bf16 rounding error", float(rel.max()))
    r.check("bf16 relative error <= 2^-8 (8 significand bits)", rel.max() <= 2.0**-8)
    with np.errstate(over="ignore"):
        r.check(
            "1e38 fits in bf16 (fp32 exponent), overflows fp16",
            np.isfinite(to_bf16(1e38)) and np.isinf(np.float16(1e38)),
        )
    r.check(
        "bf16: 1 + 1e-3 rounds back to 1 (tiny updates lost), fp32 keeps it",
        to_bf16(np.float32(1) + np.float32(1e-3)) == 1 and np.float32(1) + np.float32(1e-3) != 1,
    )
    return r


if __name__ == "__main__":
    main(run)
