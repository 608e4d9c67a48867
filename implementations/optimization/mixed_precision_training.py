"""mixed-precision-training: fp16 arithmetic with fp32 master weights and loss scaling.

Follows Micikevicius et al. (2018): keep an fp32 master copy of the weights, run the
arithmetic in fp16, and scale the loss so small gradients do not underflow. Thresholds
come from np.finfo(np.float16). Checks: gradients ~1e-8 computed in fp16 flush to zero or
lose most digits, while with loss scale 2^15 they come back (after unscaling in fp32, as
float32) within 3 fp16 unit roundoffs and the scaled products lie on the fp16 grid; a
product of exact fp16 numbers is rounded to fp16 (a case by hand); dynamic scaling halves
the scale on overflow down to the closed-form power of two; fp16 weights miss updates below
half an ulp, which the fp32 master copy accumulates, tracking the float64 reference while
still showing fp32 rounding.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["fp16_grad", "dynamic_scale", "master_update"]

DOC_ZH = {
    "fp16_grad": """在 fp16 中计算一层的权重梯度 delta * act，使用损失缩放 scale，再在 fp32 中除以 scale。

输入：delta，上游梯度数组；act，激活值数组；scale，损失缩放因子（1 表示不缩放）。
步骤：把 delta*scale 和 act 存为 float16，在 float16 中相乘，结果转为 float32 后除以 float32(scale)。
输出：float32 数组。

>>> fp16_grad(np.array([1e-5]), np.array([1e-3]), 1.0).tolist()
[0.0]
""",
    "dynamic_scale": """动态损失缩放：当 g*scale 在 fp16 中溢出（不是有限数）时跳过这一步并把 scale 减半，直到不再溢出。

输入：g，一个梯度值（float）；scale，当前缩放因子。
输出：(scale, skipped)：调整后的缩放因子和被跳过的步数。缩放后的值在 fp32 中相乘，再转为 fp16 判断。

>>> dynamic_scale(3.0, 2.0**16)
(16384.0, 2)
""",
    "master_update": """对 w0 重复施加 steps 次同一个更新 -update：一份只用 fp16 存储，一份是 fp32 主权重。

输入：w0，初始权重（float）；update，每步减去的量；steps，步数。
fp16 路径：w16 = float16(w16 - float16(update))；fp32 路径：w32 = float32(w32 - float32(update))。
输出：(w16, w32)，分别为 np.float16 和 np.float32 标量。

>>> w16, w32 = master_update(1.0, 1e-4, 10)
>>> float(w16), round(float(w32), 6)
(1.0, 0.999)
""",
}

HINTS = {
    "en": (
        "fp16 has 10 mantissa bits and its smallest normal is about 6e-5: tiny products "
        "underflow and tiny updates vanish. Scale up before fp16, scale back down in fp32.",
        "Store np.float16(delta * S) and np.float16(act), multiply in fp16, then "
        "astype(np.float32) / np.float32(S). For overflow, halve S while np.float16(g * S) is "
        "not finite. Keep the weights in np.float32 and round each update to that precision.",
    ),
    "zh": (
        "fp16 只有 10 位尾数，最小正规数约为 6e-5：很小的乘积会下溢，很小的更新会消失。进入 fp16 前先放大，在 fp32 中再缩回。",
        "存 np.float16(delta * S) 和 np.float16(act)，在 fp16 中相乘，再 astype(np.float32) / np.float32(S)。"
        "溢出时，只要 np.float16(g * S) 不是有限数就把 S 减半。权重用 np.float32 保存，每次更新都按这个精度舍入。",
    ),
}


def fp16_grad(delta, act, scale):
    """A layer's weight gradient delta * act computed in fp16 with loss scaling, unscaled in fp32.

    Input: delta, upstream gradients; act, activations; scale, the loss scale (1 = none).
    Store delta*scale and act as float16, multiply in float16, convert the product to
    float32 and divide by float32(scale). Output: a float32 array.

    >>> fp16_grad(np.array([1e-5]), np.array([1e-3]), 1.0).tolist()
    [0.0]
    """
    d16 = np.float16(np.asarray(delta) * scale)  # the scaled upstream gradient, stored in fp16
    prod = d16 * np.float16(act)  # the product in fp16 arithmetic
    return prod.astype(np.float32) / np.float32(scale)  # unscale in fp32 before the update


def dynamic_scale(g, scale):
    """Dynamic loss scaling: while g*scale overflows fp16, skip the step and halve the scale.

    Input: g, a gradient value (float); scale, the current loss scale. The scaled value is
    formed in fp32 and then stored in fp16.
    Output: (scale, skipped), the adjusted scale and the number of skipped steps.

    >>> dynamic_scale(3.0, 2.0**16)
    (16384.0, 2)
    """
    skipped = 0
    with np.errstate(over="ignore"):
        while not np.isfinite(np.float16(np.float32(g) * np.float32(scale))):
            scale /= 2
            skipped += 1
    return scale, skipped


def master_update(w0, update, steps):
    """Apply the update -update steps times, to an fp16-only weight and to an fp32 master.

    Input: w0, the initial weight; update, the amount subtracted per step; steps.
    fp16: w16 = float16(w16 - float16(update)); fp32: w32 = float32(w32 - float32(update)).
    Output: (w16, w32), an np.float16 and an np.float32 scalar.

    >>> w16, w32 = master_update(1.0, 1e-4, 10)
    >>> float(w16), round(float(w32), 6)
    (1.0, 0.999)
    """
    w16, w32 = np.float16(w0), np.float32(w0)
    for _ in range(steps):
        w16 = np.float16(w16 - np.float16(update))
        w32 = np.float32(w32 - np.float32(update))
    return w16, w32


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Mixed-precision training")
    fi = np.finfo(np.float16)
    u = 2.0**-11  # fp16 unit roundoff (10-bit mantissa)
    r.figure("fp16 smallest normal / subnormal", [float(fi.tiny), float(fi.smallest_subnormal)])
    r.figure("fp16 machine epsilon = 2u", float(fi.eps))

    # backward pass of one layer: weight gradient = upstream delta * activation
    delta = rng.uniform(4e-6, 1e-5, size=1000)  # small upstream gradients
    act = rng.uniform(2e-3, 4e-3, size=1000)  # activations
    exact = delta * act  # 8e-9 .. 4e-8, float64 reference
    with r.case("without loss scaling (almost) all of these gradients are lost (> 95%)") as c:
        g16 = f.fp16_grad(delta, act, 1.0)
        lost = np.mean((g16 == 0) | (np.abs(g16 - exact) > 0.25 * exact))
        r.figure("fraction of gradients lost or >25% wrong without scaling", float(lost))
        c.true(lost > 0.95, f"{lost:.3f}")
        # below half the smallest subnormal (2^-25) the fp16 product is exactly zero
        c.true(np.all(g16[exact < 2.0**-26] == 0) and np.any(exact < 2.0**-26))

    S = 2.0**15  # scaling the loss scales every gradient by S
    with r.case("recovered gradients within 3 fp16 roundoffs of the exact value") as c:
        back = f.fp16_grad(delta, act, S)
        rel = np.abs(back - exact) / exact
        r.figure("max relative error after scaling", float(rel.max()))
        c.true(rel.max() <= 3 * u * (1 + 1e-6), f"max {rel.max():.3g}")
        c.true(rel.max() > 0.5 * u, "and the error is that of fp16, not of fp32")
        c.equal(str(np.asarray(back).dtype), "float32")
    with r.case("scaled gradients are normal fp16 numbers: back * S lies on the fp16 grid") as c:
        sc = f.fp16_grad(delta, act, S).astype(np.float64) * S
        c.true(np.all(np.abs(sc) >= fi.tiny) and np.all(np.isfinite(sc)))
        c.equal(np.float16(sc).astype(np.float64), sc)
    with r.case("by hand: (1 + 2^-10)^2 in fp16 rounds to 1 + 2^-9 (the 2^-20 term is lost)") as c:
        c.equal(
            f.fp16_grad(np.array([1 + 2.0**-10]), np.array([1 + 2.0**-10]), 1.0),
            np.array([1 + 2.0**-9], dtype=np.float32),
        )
        # 2^-12 * 2^-12 = 2^-24 is the smallest subnormal: kept; 2^-13 * 2^-13 underflows
        c.equal(
            f.fp16_grad(np.array([2.0**-12, 2.0**-13]), np.array([2.0**-12, 2.0**-13]), 1.0),
            np.array([2.0**-24, 0.0], dtype=np.float32),
        )
        c.equal(
            f.fp16_grad(np.array([2.0**-13]), np.array([2.0**-13]), 2.0**6),
            np.array([2.0**-26], dtype=np.float32),
        )
        # loss scales above the fp16 range (2^20) are applied and removed outside fp16
        c.equal(
            f.fp16_grad(np.array([2.0**-30]), np.array([0.75]), 2.0**20),
            np.array([0.75 * 2.0**-30], dtype=np.float32),
        )

    # dynamic loss scaling: if a scaled gradient overflows, skip the step and halve the scale
    with r.case("scale halves until 3 * scale fits under the fp16 max (65504)") as c:
        scale, skipped = f.dynamic_scale(3.0, 2.0**16)
        r.figure("dynamic scale after overflow handling", scale)
        c.true(3 * scale <= float(fi.max) < 3 * scale * 2, f"scale {scale}, {skipped} skipped")
        c.equal([scale, skipped], [2.0**14, 2])
        c.equal(list(f.dynamic_scale(1.0, 2.0**15)), [2.0**15, 0])  # 32768 fits: nothing skipped
        c.equal(list(f.dynamic_scale(100.0, 2.0**16)), [2.0**9, 7])  # 100 * 512 = 51200
        # a scale above the fp16 range is fine as long as g * scale is not
        c.equal(list(f.dynamic_scale(0.25, 2.0**17)), [2.0**17, 0])

    # fp32 master weights: 1000 updates of -1e-4 to w = 1
    w64 = 1.0 - 1000 * 1e-4
    with r.case("fp16 weight never moves (update < half an ulp of 1.0)") as c:
        w16, w32 = f.master_update(1.0, 1e-4, 1000)
        r.figure(
            "w after 1000 updates: fp16 / fp32 master / float64", [float(w16), float(w32), w64]
        )
        c.equal(str(np.asarray(w16).dtype), "float16")
        c.equal(float(w16), 1.0)
        # an update of 2^-10 (one ulp of 1.0 going down is 2^-11) does move fp16
        c.equal(float(f.master_update(1.0, 2.0**-10, 4)[0]), 1.0 - 4 * 2.0**-10)
    with r.case("rounding by hand: start and update are stored at each copy's precision") as c:
        w16, w32 = f.master_update(0.1, 1e-4, 0)  # no step: just the stored start
        c.equal([str(np.asarray(w16).dtype), str(np.asarray(w32).dtype)], ["float16", "float32"])
        c.equal([float(w16), float(w32)], [float(np.float16(0.1)), float(np.float32(0.1))])
        # u = 2^-12 (1 + 2^-12) is 2^-12 in fp16, and 1 - 2^-12 ties to 1.0 (even); a wider u
        # would round 1 - u down to 1 - 2^-11
        c.equal(float(f.master_update(1.0, 2.0**-12 * (1 + 2.0**-12), 1)[0]), 1.0)
        # the same in fp32: u = 2^-25 (1 + 2^-25) is 2^-25 in fp32 and 1 - 2^-25 ties to 1.0
        c.equal(float(f.master_update(1.0, 2.0**-25 * (1 + 2.0**-25), 1)[1]), 1.0)
    with r.case("fp32 master copy tracks float64 within 1000 fp32 roundoffs") as c:
        w16, w32 = f.master_update(1.0, 1e-4, 1000)
        eps32 = float(np.finfo(np.float32).eps)
        diff = abs(float(w32) - w64)
        c.equal(str(np.asarray(w32).dtype), "float32")
        c.true(eps32 < diff <= 1000 * eps32, f"diff {diff:.2g} (fp32 rounding is visible)")
    return r


if __name__ == "__main__":
    main(run)
