"""warmup-stable-decay-schedule: the WSD learning-rate schedule (warm-up, constant, short decay).

Follows Hu et al. (2024), MiniCPM: lr(s) = peak s / W during warm-up, peak during the stable
phase, and a decreasing f(s - D) peak during a short decay phase at the end; here f is linear
from peak at the decay start D to `final` at the last step T. Because the stable phase does not
depend on T, one constant-rate run can be branched into decays for several budgets. Checks: the
schedule equals np.interp through the knots (0, 0), (W, peak), (D, peak), (T, final) at every
step; the sum of the rates equals its closed form (two arithmetic series and a constant);
schedules for two budgets agree on every step before the earlier decay while cosine schedules
for the same budgets do not; on a noisy quadratic, where the expected squared error obeys the
exact recursion e <- (1 - lr a)^2 e + lr^2 sigma^2, the stable phase sits at the closed-form noise
floor lr sigma^2 / (a (2 - lr a)) and the 10% decay phase cuts the error below a quarter of
it, which a constant rate with the same budget never does.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["wsd_lr"]

DOC_ZH = {
    "wsd_lr": """WSD 学习率（Hu 等 2024，MiniCPM）：线性预热、恒定、最后线性衰减。

输入：step，步号（整数 >= 0）；peak，峰值学习率；warmup，预热步数 W；decay_start，衰减开始的步 D；
total，衰减结束的步 T（W <= D < T）；final，衰减终点的学习率。
step < W 时 lr = peak step / W；W <= step < D 时 lr = peak；D <= step < T 时从 peak 线性降到 final，
lr = peak + (final - peak)(step - D)/(T - D)；step >= T 时 lr = final。
输出：一个 float。

>>> [float(wsd_lr(s, 1.0, 2, 4, 6, 0.2)) for s in range(7)]
[0.0, 0.5, 1.0, 1.0, 1.0, 0.6, 0.2]
""",
}

HINTS = {
    "en": (
        "Three pieces glued together: a ramp, a flat plateau and a short ramp down; only the "
        "last piece knows how long training will be.",
        "step < W: peak * step / W; step < D: peak; step < T: peak + (final - peak) * "
        "(step - D) / (T - D); else final.",
    ),
    "zh": (
        "三段拼接：一段上升、一段平台、一段短暂下降；只有最后一段需要知道训练总长度。",
        "step < W：peak * step / W；step < D：peak；step < T：peak + (final - peak) * "
        "(step - D) / (T - D)；否则 final。",
    ),
}


def wsd_lr(step, peak, warmup, decay_start, total, final=0.0):
    """WSD learning rate (Hu et al. 2024, MiniCPM): linear warm-up, constant, linear decay.

    Input: step, an int >= 0; peak, the peak rate; warmup, the warm-up length W; decay_start,
    the step D where the decay starts; total, the step T where it ends (W <= D < T); final, the
    rate at the end of the decay. For step < W, lr = peak step / W; for W <= step < D,
    lr = peak; for D <= step < T, lr = peak + (final - peak)(step - D)/(T - D); for step >= T,
    lr = final.
    Output: a float.

    >>> [float(wsd_lr(s, 1.0, 2, 4, 6, 0.2)) for s in range(7)]
    [0.0, 0.5, 1.0, 1.0, 1.0, 0.6, 0.2]
    """
    if step < warmup:
        return peak * step / warmup
    if step < decay_start:
        return peak
    if step >= total:
        return final
    return peak + (final - peak) * (step - decay_start) / (total - decay_start)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Warmup-stable-decay (WSD) schedule")
    peak, W, D, T, final = 0.02, 100, 900, 1000, 0.002

    def sched(peak=peak, W=W, D=D, T=T, final=final, n=None):
        return np.array(
            [f.wsd_lr(s, peak, W, D, T, final) for s in range(T + 1 if n is None else n)]
        )

    with r.case("equals np.interp through (0, 0), (W, peak), (D, peak), (T, final)") as c:
        s = np.arange(T + 1)
        c.close(sched(), np.interp(s, [0, W, D, T], [0, peak, peak, final]), rtol=1e-12, atol=1e-15)
        c.close(
            [f.wsd_lr(k, peak, W, D, T) for k in s],  # default final = 0
            np.interp(s, [0, W, D, T], [0, peak, peak, 0.0]),
            rtol=1e-12,
            atol=1e-15,
        )
        c.close(sched(n=T + 50)[T:], np.full(50, final), rtol=1e-12)  # after T: stays at final
        c.close(sched(W=0, n=3), [peak, peak, peak], rtol=1e-12)  # no warm-up at all
    with r.case("sum of the rates over steps 0..T-1 equals the closed form") as c:
        ref = (
            peak * (W - 1) / 2 + peak * (D - W) + (T - D) * peak + (final - peak) * (T - D - 1) / 2
        )
        total_lr = sched()[:T].sum()
        r.figure("sum of lr (0..T-1)", float(total_lr))
        c.close(total_lr, ref, rtol=1e-12)

    T2, D2 = 3000, 2700
    with r.case(
        "budgets 1000 and 3000 share every step before the first decay; cosine does not"
    ) as c:
        a = np.array([f.wsd_lr(s, peak, W, D, T, final) for s in range(D)])
        b = np.array([f.wsd_lr(s, peak, W, D2, T2, final) for s in range(D)])
        c.close(a, b, rtol=1e-15)
        c.true(f.wsd_lr(D + 50, peak, W, D, T, final) < f.wsd_lr(D + 50, peak, W, D2, T2, final))
        s = np.arange(W, D)
        cos1 = final + 0.5 * (peak - final) * (1 + np.cos(np.pi * (s - W) / (T - W)))
        cos2 = final + 0.5 * (peak - final) * (1 + np.cos(np.pi * (s - W) / (T2 - W)))
        r.figure(
            "largest gap between the two cosine schedules before step D",
            float(np.abs(cos1 - cos2).max()),
        )

    # SGD on (a/2) x^2 with gradient noise sigma: E[x^2] follows e <- (1 - lr a)^2 e + lr^2 sigma^2
    a_, sigma, e0 = 10.0, 1.0, 1.0

    def expected_sq(lrs):
        e, out = e0, []
        for lr in lrs:
            e = (1 - lr * a_) ** 2 * e + lr**2 * sigma**2
            out.append(e)
        return np.array(out)

    with r.case("noisy quadratic: plateau at the noise floor, then the decay cuts it 4x") as c:
        e = expected_sq(sched()[:T])
        floor = peak * sigma**2 / (a_ * (2 - peak * a_))
        r.figure(
            "E[x^2]: end of stable, end of decay, noise floor",
            [float(e[D - 1]), float(e[-1]), float(floor)],
        )
        c.close(e[D - 1], floor, rtol=0.01)
        c.true(e[-1] < 0.25 * floor, f"after decay {e[-1]:.3g} vs floor {floor:.3g}")
        const = expected_sq(np.full(T, peak))
        c.true(e[-1] < 0.25 * const[-1], "far below a constant rate with the same budget")
    return r


if __name__ == "__main__":
    main(run)
