"""pretraining-recipe: warm-up + cosine decay, AdamW, global-norm clipping and bfloat16.

The recipe reported for GPT-3 (Brown et al. 2020, Sec. 2.3 / App. B): Adam(W) with
beta2 = 0.95, linear warm-up, cosine decay to 10% of the peak, gradient clipping at global
norm 1.0, weight decay 0.1; bf16 arithmetic with fp32 master weights is the usual companion.
Checks against closed forms: the schedule hits 0, half the peak mid-warm-up, the peak, the
cosine value at a quarter of the decay, the SGDR midpoint (peak+min)/2 and the 10% floor at the
right steps, and never rises after warm-up; three AdamW steps equal the update written out by
hand; with zero gradient AdamW shrinks weights by exactly (1 - lr*wd)^n while Adam with an L2
term first moves them by lr*sign(w); the first Adam step equals lr*sign(g); clipping returns
norm min(||g||, c) without changing direction and leaves small gradients untouched; bf16
rounding equals round-half-even to 8 significand bits computed in float64 from frexp, has
relative error <= 2^-8, keeps fp32's range where fp16 overflows, and loses small updates to
weights of size 1 (why master weights stay in fp32).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["lr_at", "adamw_step", "clip_global_norm", "to_bf16"]

DOC_ZH = {
    "lr_at": """学习率调度：线性预热到 peak，再做余弦衰减到 floor * peak，之后保持不变。

step < warmup 时为 peak * step / warmup；否则 t = min(step - warmup, decay_steps) / decay_steps，
lr = lo + 0.5 (peak - lo)(1 + cos(pi t))，lo = floor * peak。
输入：step，当前步；peak，峰值学习率；warmup，预热步数；decay_steps，衰减步数；floor，最低比例。
输出：一个 float。

>>> [round(float(lr_at(s, 1.0, 10, 100)), 6) for s in (5, 10, 60, 110, 500)]
[0.5, 1.0, 0.55, 0.1, 0.1]
""",
    "adamw_step": """一步 AdamW（decoupled=True）或 Adam + L2（decoupled=False）。

Adam + L2 先把 wd * w 加到梯度上；然后 m = b1 m + (1-b1) g，v = b2 v + (1-b2) g^2，偏差校正
mh = m / (1-b1^t)，vh = v / (1-b2^t)，w = w - lr mh / (sqrt(vh) + eps)；AdamW 最后再做 w = w - lr wd w
（解耦的权重衰减，用更新后的 w）。
输入：w、g、m、v，数组；t，步数（从 1 开始）；lr、b1、b2、eps、wd；decoupled。
输出：(w, m, v)。

>>> w, m, v = adamw_step(np.array([1.0]), np.array([2.0]), np.zeros(1), np.zeros(1), 1, lr=0.1, eps=0.0)
>>> round(float(w[0]), 6), round(float(m[0]), 6), round(float(v[0]), 6)
(0.891, 0.2, 0.2)
""",
    "clip_global_norm": """按全局范数裁剪梯度：n = sqrt(所有梯度元素的平方和)，每个梯度乘以 min(1, c / n)。

输入：grads，数组的列表；c，阈值。
输出：(clipped, n)：裁剪后的列表和裁剪前的全局范数。

>>> clipped, n = clip_global_norm([np.array([3.0]), np.array([4.0])], 1.0)
>>> [round(float(g[0]), 6) for g in clipped], round(float(n), 6)
([0.6, 0.8], 5.0)
""",
    "to_bf16": """把 float32 舍入到 bfloat16（保留高 16 位，最近偶数舍入），再转回 float32。

bfloat16 有 8 位有效数字（含隐含位）和与 float32 相同的指数范围。
输入：x，数组或标量。
输出：float32 数组，其值都可以用 bfloat16 精确表示。

>>> to_bf16(np.float32(1.0 + 2.0 ** -8)).item(), to_bf16(np.float32(1.0 + 3 * 2.0 ** -8)).item()
(1.0, 1.015625)
""",
}

HINTS = {
    "en": (
        "Each piece is a short closed form: a piecewise schedule, an Adam update with the decay "
        "kept out of the moments, a single rescaling factor, and integer rounding of the bits.",
        "Cosine: lo + 0.5 (peak - lo)(1 + cos(pi t)). AdamW applies w -= lr wd w after the Adam "
        "update; Adam + L2 adds wd w to g first. Clip factor min(1, c/n) with n the norm over all "
        "arrays. bf16: view float32 as uint32, add 0x7FFF plus bit 16 (ties to even), clear the "
        "low 16 bits.",
    ),
    "zh": (
        "每一部分都是一个简短的闭式：分段的学习率调度、衰减不进入矩估计的 Adam 更新、一个统一的缩放因子，以及对比特做整数舍入。",
        "余弦：lo + 0.5 (peak - lo)(1 + cos(pi t))。AdamW 在 Adam 更新之后做 w -= lr wd w；Adam + L2 先把 wd w 加到 g 上。"
        "裁剪因子 min(1, c/n)，n 是所有数组合起来的范数。bf16：把 float32 看成 uint32，加上 0x7FFF 再加第 16 位"
        "（偶数舍入），清掉低 16 位。",
    ),
}


def lr_at(step, peak, warmup, decay_steps, floor=0.1):
    """Learning-rate schedule: linear warm-up to peak, cosine decay to floor * peak, then flat.

    For step < warmup: peak * step / warmup; otherwise with t = min(step - warmup,
    decay_steps) / decay_steps, lr = lo + 0.5 (peak - lo)(1 + cos(pi t)), lo = floor * peak.
    Input: step; peak; warmup steps; decay_steps; floor, the final fraction of peak.
    Output: a float.

    >>> [round(float(lr_at(s, 1.0, 10, 100)), 6) for s in (5, 10, 60, 110, 500)]
    [0.5, 1.0, 0.55, 0.1, 0.1]
    """
    if step < warmup:
        return peak * step / warmup
    t = min(step - warmup, decay_steps) / decay_steps
    lo = floor * peak
    return lo + 0.5 * (peak - lo) * (1 + np.cos(np.pi * t))  # SGDR cosine, no restart


def adamw_step(w, g, m, v, t, lr, b1=0.9, b2=0.95, eps=1e-8, wd=0.1, decoupled=True):
    """One AdamW step (decoupled=True) or Adam with an L2 term (decoupled=False).

    Adam + L2 first adds wd * w to the gradient. Then m = b1 m + (1-b1) g,
    v = b2 v + (1-b2) g^2, mh = m / (1-b1^t), vh = v / (1-b2^t),
    w = w - lr mh / (sqrt(vh) + eps); AdamW then applies w = w - lr wd w to the updated w
    (decoupled weight decay). Input: w, g, m, v arrays; t, the step (from 1); lr, b1, b2,
    eps, wd; decoupled. Output: (w, m, v).

    >>> w, m, v = adamw_step(np.array([1.0]), np.array([2.0]), np.zeros(1), np.zeros(1), 1, lr=0.1, eps=0.0)
    >>> round(float(w[0]), 6), round(float(m[0]), 6), round(float(v[0]), 6)
    (0.891, 0.2, 0.2)
    """
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
    """Clip gradients by their global norm: n = sqrt(sum of all squared entries), each
    gradient times min(1, c / n).

    Input: grads, a list of arrays; c, the threshold.
    Output: (clipped, n): the clipped list and the global norm before clipping.

    >>> clipped, n = clip_global_norm([np.array([3.0]), np.array([4.0])], 1.0)
    >>> [round(float(g[0]), 6) for g in clipped], round(float(n), 6)
    ([0.6, 0.8], 5.0)
    """
    n = np.sqrt(sum(np.sum(g * g) for g in grads))
    return [g * min(1.0, c / n) for g in grads], n


def to_bf16(x):
    """Round float32 to bfloat16 (keep the upper 16 bits, round to nearest even), back to float32.

    bfloat16 has 8 significand bits (with the implicit one) and float32's exponent range.
    Input: x, an array or scalar. Output: a float32 array of values exact in bfloat16.

    >>> to_bf16(np.float32(1.0 + 2.0 ** -8)).item(), to_bf16(np.float32(1.0 + 3 * 2.0 ** -8)).item()
    (1.0, 1.015625)
    """
    b = np.asarray(x, np.float32).view(np.uint32).astype(np.uint64)
    b = (b + 0x7FFF + ((b >> 16) & 1)) >> 16 << 16
    return b.astype(np.uint32).view(np.float32)


def _bf16_ref(x):
    """Round half to even at 8 significand bits, in float64 from frexp (the reference)."""
    m, e = np.frexp(np.asarray(x, np.float64))  # x = m 2^e, 0.5 <= |m| < 1
    return np.round(m * 256.0) / 256.0 * 2.0**e  # np.round ties to even


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Pretraining recipe: schedule, AdamW, clipping, bf16")
    peak, W, Dsteps = 6e-4, 100, 900
    with r.case("schedule: 0, peak, SGDR midpoint (peak+0.1peak)/2, floor 0.1 peak, floor") as c:
        steps = (0, 50, W, W + Dsteps // 4, W + Dsteps // 2, W + Dsteps, 5000)
        vals = [f.lr_at(s, peak, W, Dsteps) for s in steps]
        r.figure("lr at steps 0, 50, 100, 325, 550, 1000, 5000", [float(v) for v in vals])
        quarter = 0.1 * peak + 0.45 * peak * (1 + np.sqrt(0.5))  # cos(pi/4)
        c.close(vals, [0, 0.5 * peak, peak, quarter, 0.55 * peak, 0.1 * peak, 0.1 * peak],
                rtol=1e-12, atol=1e-18)
        c.close(f.lr_at(150, 1.0, 100, 400, floor=0.0), 0.5 * (1 + np.cos(np.pi / 8)), rtol=1e-12)
    with r.case("monotone non-increasing after warm-up") as c:
        lrs = np.array([f.lr_at(s, peak, W, Dsteps) for s in range(W, W + Dsteps + 1)])
        c.true(bool(np.all(np.diff(lrs) <= 1e-18)))

    w0 = rng.standard_normal(5)
    with r.case("three AdamW steps == the update written out") as c:
        gs = rng.standard_normal((3, 5))
        w, m, v = w0.copy(), np.zeros(5), np.zeros(5)
        wr, mr, vr = w0.copy(), np.zeros(5), np.zeros(5)
        for t in (1, 2, 3):
            w, m, v = f.adamw_step(w, gs[t - 1], m, v, t, lr=0.01, b1=0.8, b2=0.9, eps=1e-3,
                                   wd=0.2)
            mr = 0.8 * mr + 0.2 * gs[t - 1]
            vr = 0.9 * vr + 0.1 * gs[t - 1] ** 2
            wr = wr - 0.01 * (mr / (1 - 0.8**t)) / (np.sqrt(vr / (1 - 0.9**t)) + 1e-3)
            wr = wr * (1 - 0.01 * 0.2)
        c.close(np.array([w, m, v]), [wr, mr, vr], rtol=1e-12)
    with r.case("AdamW, zero gradient: w_n == (1 - lr*wd)^n w_0") as c:
        w, m, v = w0.copy(), np.zeros(5), np.zeros(5)
        for t in range(1, 51):
            w, m, v = f.adamw_step(w, np.zeros(5), m, v, t, lr=1e-2)
        c.close(w, (1 - 1e-3) ** 50 * w0, rtol=1e-12)
    with r.case("Adam + L2 decays differently: first step moves w by lr * sign(w)") as c:
        wl, ml, vl = f.adamw_step(w0, np.zeros(5), np.zeros(5), np.zeros(5), 1, lr=1e-2,
                                  eps=0.0, decoupled=False)
        c.close(wl, w0 - 1e-2 * np.sign(w0), rtol=1e-12)
        c.close([ml, vl], [0.01 * w0, 0.05 * 0.01 * w0**2], rtol=1e-12)
        for t in range(2, 51):
            wl, ml, vl = f.adamw_step(wl, np.zeros(5), ml, vl, t, lr=1e-2, decoupled=False)
        r.figure("shrink factor after 50 steps: AdamW vs Adam+L2 (first coord)",
                 [float(w[0] / w0[0]), float(wl[0] / w0[0])])
        c.true(abs(wl[0] / w0[0] - w[0] / w0[0]) > 1e-2)

    with r.case("first Adam step == -lr * sign(g)") as c:
        g = rng.standard_normal(5)
        w1, _, _ = f.adamw_step(w0, g, np.zeros(5), np.zeros(5), 1, lr=1e-3, wd=0.0, eps=0.0)
        c.close(w1 - w0, -1e-3 * np.sign(g), rtol=1e-9)
        # Default eps = 1e-8 matters when |g| is of its size: the step is lr |g| / (|g| + eps).
        tiny = 1e-8 * np.array([1.0, -3.0])
        w2, _, _ = f.adamw_step(np.zeros(2), tiny, np.zeros(2), np.zeros(2), 1, lr=1.0, wd=0.0)
        c.close(w2, [-0.5, 0.75], rtol=1e-7)

    grads = [rng.standard_normal((3, 4)), rng.standard_normal(7)]
    n_true = np.sqrt(sum(np.sum(g * g) for g in grads))
    with r.case("clipped global norm == min(||g||, 1) and direction kept") as c:
        clipped, n = f.clip_global_norm(grads, 1.0)
        c.close(n, n_true, rtol=1e-12)
        for a, b in zip(clipped, grads):
            c.close(a, b / n_true, rtol=1e-12)
        small, _ = f.clip_global_norm(grads, 2 * n_true)  # below the threshold: unchanged
        for a, b in zip(small, grads):
            c.close(a, b, rtol=1e-12)

    x = rng.standard_normal(10_000).astype(np.float32) * 10.0 ** rng.uniform(-20, 20, 10_000)
    x = x.astype(np.float32)
    with r.case("bf16 rounding == round-half-even to 8 significand bits (float64 reference)") as c:
        b = f.to_bf16(x)
        c.close(b, _bf16_ref(x), rtol=0, atol=0)
        ties = np.float32([1 + 2.0**-8, 1 + 3 * 2.0**-8, -(2 + 2.0**-7), 3 + 2.0**-7])
        c.close(f.to_bf16(ties), _bf16_ref(ties), rtol=0, atol=0)
    with r.case("bf16 relative error <= 2^-8 (8 significand bits)") as c:
        rel = np.abs(b - x) / np.abs(x)
        r.figure("max relative bf16 rounding error", float(rel.max()))
        c.true(rel.max() <= 2.0**-8)
    with np.errstate(over="ignore"):
        r.figure("1e38 in fp16 (5 exponent bits) overflows to", float(np.float16(1e38)))
    with r.case("1e38 fits in bf16 (fp32 exponent range)") as c:
        c.close(f.to_bf16(np.float32(1e38)), _bf16_ref(np.float32(1e38)), rtol=0)
        c.true(bool(np.isfinite(f.to_bf16(np.float32(3e38)))))
    r.figure("fp32: 1 + 1e-3 - 1", float(np.float32(1) + np.float32(1e-3) - np.float32(1)))
    with r.case("bf16: 1 + 1e-3 rounds back to 1 (tiny updates lost), 1 + 2^-7 is kept") as c:
        c.true(f.to_bf16(np.float32(1) + np.float32(1e-3)) == 1)
        c.true(f.to_bf16(np.float32(1 + 2.0**-7)) == np.float32(1 + 2.0**-7))
    return r


if __name__ == "__main__":
    main(run)
