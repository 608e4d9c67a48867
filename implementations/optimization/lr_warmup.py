"""lr-warmup: gradual linear learning-rate warm-up and the linear scaling rule.

Follows Goyal et al. (2017) (linear scaling rule; gradual warm-up from a small rate to the
target) and d2l-en sec. 12.11. Checks: the schedule equals np.interp through its knots at
every warm-up step; it is linear (zero second differences); it hits its checkpoint values
(peak from the linear scaling rule lr = 0.1 * B / 256). A toy shows why warm-up helps:
GD on (a_t/2) x^2 whose curvature a_t starts at 3 and relaxes to 0.5 - the target rate 1.0
is stable late (1.0 * 0.5 < 2) but not early (1.0 * 3 > 2), so a cold start blows up while
a warmed-up start stays bounded and converges.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def warmup_then_cosine(t, peak, warm, total, start=0.0, floor=0.0):
    """Linear warm-up from `start` to `peak` over `warm` steps, then cosine decay to `floor`."""
    if t < warm:
        return start + (peak - start) * t / warm
    prog = (t - warm) / max(1, total - warm)
    return floor + 0.5 * (peak - floor) * (1 + np.cos(np.pi * prog))


def run() -> Report:
    r = Report("Learning-rate warm-up")
    B = 8192
    peak = 0.1 * B / 256  # linear scaling rule with reference 0.1 per 256
    r.figure("peak lr for batch 8192 (0.1 x B/256)", peak)

    warm, total, start = 500, 5000, 0.1
    lrs = np.array([warmup_then_cosine(t, peak, warm, total, start) for t in range(total + 1)])
    ref_warm = np.interp(np.arange(warm + 1), [0, warm], [start, peak])
    r.check_close(
        "warm-up segment equals np.interp between (0, lr0) and (W, peak)",
        lrs[: warm + 1],
        ref_warm,
        rtol=1e-12,
    )
    r.check_close(
        "constant increment: second differences are 0 during warm-up",
        np.diff(lrs[: warm + 1], 2),
        np.zeros(warm - 1),
        atol=1e-12,
    )
    checkpoints = {0: start, warm: peak, (warm + total) // 2: peak / 2, total: 0.0}
    r.figure("lr at checkpoints", {k: round(float(lrs[k]), 6) for k in checkpoints})
    r.check_close(
        "checkpoints: start, peak at W, half-peak mid-decay, 0 at the end",
        [lrs[k] for k in checkpoints],
        list(checkpoints.values()),
        rtol=1e-9,
        atol=1e-12,
    )

    # why warm up: GD on f = (a/2) x^2 is stable iff lr < 2/a. Suppose the curvature is large
    # early on (a_t = 3 at the start, relaxing to 0.5) while the target rate is 1.0.
    def a(t):
        return 0.5 + 2.5 * np.exp(-t / 50)

    def run_gd(sched):
        x, peak_x = 1.0, 1.0
        for t in range(400):
            x = x - sched(t) * a(t) * x
            peak_x = max(peak_x, abs(x))
        return peak_x, abs(x)

    cold = run_gd(lambda t: 1.0)
    warmed = run_gd(lambda t: min(1.0, (t + 1) / 200))
    r.figure("max |x| without / with warm-up", [float(cold[0]), float(warmed[0])])
    r.check("without warm-up the early iterates blow up (|x| > 100)", cold[0] > 100)
    r.check(
        "with warm-up they never exceed the start and converge",
        warmed[0] <= 1.0 and warmed[1] < 1e-6,
    )
    return r


if __name__ == "__main__":
    main(run)
