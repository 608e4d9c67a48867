"""mixed-precision-training: fp16 arithmetic with fp32 master weights and loss scaling.

Follows Micikevicius et al. (2018): keep an fp32 master copy of the weights, run the
arithmetic in fp16, and scale the loss so small gradients do not underflow. Thresholds
come from np.finfo(np.float16). Checks: gradients ~1e-8 computed in fp16 flush to zero,
while with loss scale 2^15 they come back (after unscaling in fp32) within 3 fp16 unit
roundoffs; dynamic scaling halves the scale on overflow; fp16 weights miss updates below
half an ulp, which the fp32 master copy accumulates, tracking the float64 reference.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Mixed-precision training")
    fi = np.finfo(np.float16)
    u = 2.0**-11  # fp16 unit roundoff (10-bit mantissa)
    r.figure("fp16 smallest normal / subnormal", [float(fi.tiny), float(fi.smallest_subnormal)])
    r.check_close("fp16 machine epsilon = 2u = 2^-10", float(fi.eps), 2 * u, rtol=0)

    # backward pass of one layer: weight gradient = upstream delta * activation
    delta = rng.uniform(4e-6, 1e-5, size=1000)  # small upstream gradients
    act = rng.uniform(2e-3, 4e-3, size=1000)  # activations
    exact = delta * act  # 8e-9 .. 4e-8, float64 reference
    g16 = np.float16(delta) * np.float16(act)  # product computed in fp16
    lost = np.mean((g16 == 0) | (np.abs(g16 - exact) > 0.25 * exact))
    r.figure("fraction of gradients lost or >25% wrong without scaling", float(lost))
    r.check("without loss scaling (almost) all of these gradients are lost (> 95%)", lost > 0.95)

    S = 2.0**15  # scaling the loss scales every gradient by S
    d16 = np.float16(delta * S)  # scaled upstream gradient, stored in fp16
    scaled = d16 * np.float16(act)  # the product is now a normal fp16 number
    r.check(
        "scaled gradients are finite and in the fp16 normal range",
        np.all(np.isfinite(scaled)) and np.all(np.abs(scaled) >= fi.tiny),
    )
    back = scaled.astype(np.float32) / np.float32(S)  # unscale in fp32 before the update
    rel = np.abs(back - exact) / exact
    r.figure("max relative error after scaling", float(rel.max()))
    r.check(
        "recovered gradients within 3 fp16 roundoffs of the exact value",
        rel.max() <= 3 * u * (1 + 1e-6),
    )

    # dynamic loss scaling: if a scaled gradient overflows, skip the step and halve the scale
    big, scale, skipped = 3.0, 2.0**16, 0
    with np.errstate(over="ignore"):
        while not np.isfinite(np.float16(np.float32(big) * np.float32(scale))):
            scale /= 2
            skipped += 1
    r.figure("dynamic scale after overflow handling", scale)
    r.check(
        "scale halves until 3 * scale fits under the fp16 max (65504)",
        3 * scale <= float(fi.max) < 3 * scale * 2,
        f"scale {scale}, {skipped} skipped steps",
    )

    # fp32 master weights: 1000 updates of -1e-4 to w = 1
    w16, w32, w64 = np.float16(1.0), np.float32(1.0), 1.0
    for _ in range(1000):
        w16 = np.float16(w16 - np.float16(1e-4))  # below half an ulp of 1.0 (2^-11): lost
        w32 = np.float32(w32 - np.float32(1e-4))
        w64 -= 1e-4
    r.figure("w after 1000 updates: fp16 / fp32 master / float64", [float(w16), float(w32), w64])
    r.check("fp16 weight never moves (update < half an ulp of 1.0)", w16 == np.float16(1.0))
    eps32 = float(np.finfo(np.float32).eps)
    r.check(
        "fp32 master copy tracks float64 within 1000 fp32 roundoffs",
        abs(float(w32) - w64) <= 1000 * eps32,
        f"diff {abs(float(w32) - w64):.2g}",
    )
    return r


if __name__ == "__main__":
    main(run)
