"""step-response: overshoot, peak time and settling of wn^2 / (s^2 + 2 zeta wn s + wn^2).

Follows Astrom & Murray, Feedback Systems 2e, ch. 6 (Linear Systems: input/output
response) and Hu, Automatic Control Principles ch. 3 (time-domain analysis). The learner
simulates the step response exactly (one-step matrix exponential of the Van Loan block)
and measures overshoot, peak time and 2% settling time. Checks compare the curve with
the closed-form response and scipy.signal.step, the measured overshoot and peak time with
exp(-pi zeta / sqrt(1 - zeta^2)) and pi / w_d, the settling time with the envelope bound
ln(1 / (0.02 sqrt(1 - zeta^2))) / (zeta wn) and with a brute-force scan of the closed
form, and the specs on hand-made curves.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import expm
from scipy.signal import step

from implementations._common import Report, main, solution

EXERCISE = ["simulate_step", "step_specs"]

DOC_ZH = {
    "simulate_step": """二阶系统 wn^2 / (s^2 + 2 zeta wn s + wn^2) 的单位阶跃响应，用一步矩阵指数精确仿真。

状态 [y, y']，y'' = wn^2 (1 - y) - 2 zeta wn y'，从 y = y' = 0 开始。
输入：wn > 0；zeta >= 0；dt，采样间隔；n，样本数。
输出：长度 n 的数组，第 k 个元素是 y(k dt)（第 0 个为 0）。

>>> np.round(simulate_step(1.0, 1.0, 1.0, 3), 6).tolist()
[0.0, 0.264241, 0.593994]
""",
    "step_specs": """从采样的单位阶跃响应读出性能指标。

输入：t，采样时刻；y，响应（终值 1）；band，调节带宽（默认 0.02 即 2%）。
输出：(overshoot, peak_time, settling_time)：overshoot = max(y) - 1；peak_time 为最大值所在时刻；
settling_time 为最后一个 |y - 1| > band 的样本之后的那个时刻（从不越出时为 t[0]）。

>>> step_specs(np.arange(5.0), np.array([0.0, 1.5, 0.9, 1.01, 1.0]))
(0.5, 1.0, 3.0)
""",
}

HINTS = {
    "en": (
        "Put the constant input into the state, so that one matrix exponential steps the "
        "whole system exactly; the specs are read off the samples with max/argmax and a "
        "search for the last sample outside the band.",
        "M = [[0, 1, 0], [-wn^2, -2 zeta wn, wn^2], [0, 0, 0]], Phi = expm(M dt), z = [0, 0, 1], "
        "z <- Phi z. Overshoot max(y) - 1, peak t[argmax y], settling t[last index with "
        "|y - 1| > band, plus one].",
    ),
    "zh": (
        "把常值输入并入状态，这样一个矩阵指数就能精确推进整个系统；指标用 max/argmax 以及寻找最后一个越出带宽的样本读出。",
        "M = [[0, 1, 0], [-wn^2, -2 zeta wn, wn^2], [0, 0, 0]]，Phi = expm(M dt)，z = [0, 0, 1]，z <- Phi z。"
        "超调 max(y) - 1，峰值时间 t[argmax y]，调节时间 t[最后一个 |y - 1| > band 的下标加一]。",
    ),
}


def simulate_step(wn, zeta, dt, n):
    """Unit-step response of wn^2 / (s^2 + 2 zeta wn s + wn^2), simulated exactly by one-step expm.

    State [y, y'] with y'' = wn^2 (1 - y) - 2 zeta wn y', from y = y' = 0. Input: wn > 0;
    zeta >= 0; dt, the sampling interval; n, the number of samples. Output: an array of
    length n; element k is y(k dt) (element 0 is 0).

    >>> np.round(simulate_step(1.0, 1.0, 1.0, 3), 6).tolist()
    [0.0, 0.264241, 0.593994]
    """
    M = np.array([[0.0, 1.0, 0.0], [-(wn**2), -2 * zeta * wn, wn**2], [0.0, 0.0, 0.0]])
    Phi = expm(M * dt)
    z, ys = np.array([0.0, 0.0, 1.0]), np.empty(n)
    for k in range(n):
        ys[k] = z[0]
        z = Phi @ z
    return ys


def step_specs(t, y, band=0.02):
    """Specs of a sampled unit-step response: (overshoot, peak_time, settling_time).

    Input: t, the sample times; y, the response (final value 1); band, the settling band
    (0.02 = 2%). Output: overshoot = max(y) - 1; peak_time = the time of the maximum;
    settling_time = the time just after the last sample with |y - 1| > band (t[0] if none).

    >>> step_specs(np.arange(5.0), np.array([0.0, 1.5, 0.9, 1.01, 1.0]))
    (0.5, 1.0, 3.0)
    """
    t, y = np.asarray(t, dtype=float), np.asarray(y, dtype=float)
    outside = np.nonzero(np.abs(y - 1) > band)[0]
    ts = t[outside[-1] + 1] if len(outside) else t[0]
    return float(y.max() - 1), float(t[np.argmax(y)]), float(ts)


def closed_form(t, wn, zeta):
    wd = wn * np.sqrt(1 - zeta**2)
    return 1 - np.exp(-zeta * wn * t) * np.sin(wd * t + np.arccos(zeta)) / np.sqrt(1 - zeta**2)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Step response: measured specs vs second-order formulas")
    wn, dt, n = 2.0, 2e-3, 10000
    t = np.arange(n) * dt
    zetas = (0.1, 0.3, 0.5, 0.7)

    with r.case("simulated curve = closed-form step response") as c:
        for zeta in zetas:
            c.close(f.simulate_step(wn, zeta, dt, n), closed_form(t, wn, zeta), atol=1e-10)
        _, ys = step(([9.0], [1.0, 2 * 0.25 * 3.0, 9.0]), T=np.arange(50) * 0.1)
        c.close(f.simulate_step(3.0, 0.25, 0.1, 50), ys, atol=1e-8)

    rows = []
    with r.case("overshoot = exp(-pi zeta / sqrt(1 - zeta^2))") as c:
        for zeta in zetas:
            os, _, _ = f.step_specs(t, closed_form(t, wn, zeta))
            c.close(os, np.exp(-np.pi * zeta / np.sqrt(1 - zeta**2)), atol=1e-6)

    with r.case("peak time = pi / (wn sqrt(1 - zeta^2))") as c:
        for zeta in zetas:
            _, tp, _ = f.step_specs(t, closed_form(t, wn, zeta))
            c.true(abs(tp - np.pi / (wn * np.sqrt(1 - zeta**2))) <= dt, f"zeta = {zeta}: {tp:.4f}")

    with r.case("2% settling time within the envelope bound, = brute-force scan") as c:
        for zeta in zetas:
            y = closed_form(t, wn, zeta)
            os, _, ts = f.step_specs(t, y)
            ts_env = np.log(1 / (0.02 * np.sqrt(1 - zeta**2))) / (zeta * wn)
            last = max(k for k in range(n) if abs(y[k] - 1) > 0.02)  # brute force
            c.true(ts <= ts_env + dt, f"zeta = {zeta}")
            c.close(ts, t[last + 1], rtol=1e-12)
            rows.append([zeta, round(os, 4), round(ts, 3), round(4 / (zeta * wn), 3)])
        r.figure("zeta, overshoot, 2% settling, rule-of-thumb 4/(zeta wn)", rows)
        _, _, ts5 = f.step_specs(t, closed_form(t, wn, 0.3), band=0.05)
        y = closed_form(t, wn, 0.3)
        c.close(ts5, t[max(k for k in range(n) if abs(y[k] - 1) > 0.05) + 1], rtol=1e-12)

    with r.case("specs of hand-made curves") as c:
        tt = np.array([0.0, 0.5, 1.0, 1.5, 2.0])
        c.close(
            f.step_specs(tt, np.array([0.0, 0.97, 1.3, 0.99, 1.0])), [0.3, 1.0, 1.5], rtol=1e-12
        )
        c.close(
            f.step_specs(tt, np.array([0.99, 1.0, 1.01, 1.0, 1.0])),
            [0.01, 1.0, 0.0],
            rtol=1e-12,
            atol=1e-15,
        )
        c.close(
            f.step_specs(tt, np.array([0.5, 0.9, 0.95, 0.97, 0.985]))[::2],
            [-0.015, 2.0],
            rtol=1e-12,
        )
        # a sample exactly on the band's edge is inside it (|y - 1| > band is outside)
        c.close(
            f.step_specs(tt, np.array([0.0, 1.25, 1.0, 1.0, 1.0]), band=0.25)[2], 0.5, rtol=1e-12
        )

    with r.case("zeta = 1: y = 1 - (1 + wn t) exp(-wn t), monotone") as c:
        y1 = f.simulate_step(wn, 1.0, dt, n)
        c.close(y1, 1 - (1 + wn * t) * np.exp(-wn * t), atol=1e-10)
        c.true(bool(np.all(np.diff(y1) >= -1e-15) and y1.max() <= 1 + 1e-12), "never above 1")
    return r


if __name__ == "__main__":
    main(run)
