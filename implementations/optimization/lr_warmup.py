"""lr-warmup: gradual linear learning-rate warm-up and the linear scaling rule.

Follows Goyal et al. (2017) (linear scaling rule; gradual warm-up from a small rate to the
target) and d2l-en sec. 12.11. Checks: the schedule equals np.interp through its knots at
every warm-up step; it is linear (zero second differences); it hits its checkpoint values
(peak from the linear scaling rule lr = 0.1 * B / 256); the decay equals the closed-form
cosine at every step (also with a floor and with no warm-up at all). A toy shows why warm-up helps:
GD on (a_t/2) x^2 whose curvature a_t starts at 3 and relaxes to 0.5 - the target rate 1.0
is stable late (1.0 * 0.5 < 2) but not early (1.0 * 3 > 2), so a cold start blows up while
a warmed-up start stays bounded and converges.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["warmup_then_cosine"]

DOC_ZH = {
    "warmup_then_cosine": """线性预热后余弦衰减的学习率：前 warm 步从 start 线性升到 peak，之后在 total 步时余弦衰减到 floor。

输入：t，步号（整数 >= 0）；peak，峰值；warm，预热步数（可以为 0）；total，总步数；start，初始学习率；floor，最终学习率。
t < warm 时 lr = start + (peak - start) t / warm；否则 prog = (t - warm) / max(1, total - warm)，
lr = floor + 1/2 (peak - floor)(1 + cos(pi prog))。
输出：一个 float。

>>> [round(float(warmup_then_cosine(t, 1.0, 2, 4)), 6) for t in range(5)]
[0.0, 0.5, 1.0, 0.5, 0.0]
""",
}

HINTS = {
    "en": (
        "Two pieces glued at t = warm: a straight line up to the peak, then half a cosine "
        "period down to the floor.",
        "t < warm: start + (peak - start) * t / warm. Otherwise prog = (t - warm) / max(1, "
        "total - warm) and lr = floor + (peak - floor)(1 + cos(pi prog)) / 2.",
    ),
    "zh": (
        "两段在 t = warm 处拼接：先一条直线升到峰值，再用半个余弦周期降到 floor。",
        "t < warm：start + (peak - start) * t / warm。否则 prog = (t - warm) / max(1, total - warm)，"
        "lr = floor + (peak - floor)(1 + cos(pi prog)) / 2。",
    ),
}


def warmup_then_cosine(t, peak, warm, total, start=0.0, floor=0.0):
    """Linear warm-up from `start` to `peak` over `warm` steps, then cosine decay to `floor`.

    Input: t, the step (an int >= 0); peak; warm, the warm-up length (may be 0); total, the
    step at which the decay reaches floor; start, the first rate; floor, the last rate.
    For t < warm, lr = start + (peak - start) t / warm; otherwise, with
    prog = (t - warm) / max(1, total - warm), lr = floor + 1/2 (peak - floor)(1 + cos(pi prog)).
    Output: a float.

    >>> [round(float(warmup_then_cosine(t, 1.0, 2, 4)), 6) for t in range(5)]
    [0.0, 0.5, 1.0, 0.5, 0.0]
    """
    if t < warm:
        return start + (peak - start) * t / warm
    prog = (t - warm) / max(1, total - warm)
    return floor + 0.5 * (peak - floor) * (1 + np.cos(np.pi * prog))


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Learning-rate warm-up")
    B = 8192
    peak = 0.1 * B / 256  # linear scaling rule with reference 0.1 per 256
    r.figure("peak lr for batch 8192 (0.1 x B/256)", peak)

    warm, total, start = 500, 5000, 0.1

    def sched(peak=peak, warm=warm, total=total, start=start, floor=0.0, n=total + 1):
        return np.array(
            [f.warmup_then_cosine(t, peak, warm, total, start, floor) for t in range(n)]
        )

    with r.case("warm-up segment equals np.interp between (0, lr0) and (W, peak)") as c:
        ref_warm = np.interp(np.arange(warm + 1), [0, warm], [start, peak])
        c.close(sched()[: warm + 1], ref_warm, rtol=1e-12)
    with r.case("constant increment: second differences are 0 during warm-up") as c:
        lrs = sched()
        c.close(np.diff(lrs[: warm + 1], 2), np.zeros(warm - 1), atol=1e-12)
        c.close(lrs[1] - lrs[0], (peak - start) / warm, rtol=1e-9)
    checkpoints = {0: start, warm: peak, (warm + total) // 2: peak / 2, total: 0.0}
    with r.case("checkpoints: start, peak at W, half-peak mid-decay, 0 at the end") as c:
        lrs = sched()
        r.figure("lr at checkpoints", {k: round(float(lrs[k]), 6) for k in checkpoints})
        c.close([lrs[k] for k in checkpoints], list(checkpoints.values()), rtol=1e-9, atol=1e-12)
        # defaults start = floor = 0
        c.close(
            [f.warmup_then_cosine(t, 2.0, 10, 100) for t in (0, 5, 100)],
            [0.0, 1.0, 0.0],
            rtol=1e-12,
            atol=1e-15,
        )
    with r.case(
        "decay equals floor + (peak - floor)(1 + cos(pi (t - W)/(T - W)))/2 at every step"
    ) as c:
        t = np.arange(warm, total + 1)
        for floor in (0.0, 0.3):
            ref = floor + 0.5 * (peak - floor) * (1 + np.cos(np.pi * (t - warm) / (total - warm)))
            c.close(sched(floor=floor)[warm:], ref, rtol=1e-12)
        c.close(sched(warm=0, total=0, n=2), [peak, 0.0], rtol=1e-12)  # T = W: max(1, 0) guards

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

    with r.case("without warm-up the early iterates blow up (|x| > 100)") as c:
        cold = run_gd(lambda t: f.warmup_then_cosine(t, 1.0, 0, 10**6))  # warm = 0: no warm-up
        c.true(cold[0] > 100, f"max |x| {cold[0]:.3g}")
    with r.case("with warm-up they never exceed the start and converge") as c:
        warmed = run_gd(lambda t: f.warmup_then_cosine(t, 1.0, 200, 10**6, 0.005))
        r.figure("max |x| with warm-up", float(warmed[0]))
        c.true(warmed[0] <= 1.0 and warmed[1] < 1e-6)
    return r


if __name__ == "__main__":
    main(run)
