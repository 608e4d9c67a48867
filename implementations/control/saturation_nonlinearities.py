"""saturation-nonlinearities: actuator limits, integrator wind-up, anti-windup; clipping as projection.

Follows Khalil, Nonlinear Systems 3e, ch. 7 (feedback loops with a memoryless
nonlinearity such as saturation) and Astrom & Murray 2e ch. 11 (integrator windup).
A PI loop on y' = -y + sat(u): while the actuator is saturated the plant runs open
loop, so y(t) = umax (1 - e^-t) exactly; the integrator keeps integrating the error
(wind-up) and the loop overshoots; back-calculation anti-windup removes most of that.
Gradient-norm clipping (Pascanu et al. 2013) is the same kind of static saturation. The
learner writes the sampled PI loop and norm clipping. Checks: the saturated phase
against the closed form, the linear loop against scipy.signal.lsim of its closed-loop
transfer function, the wind-up and anti-windup overshoots, the set-point, and clipping
against the variational inequality of a Euclidean projection, non-expansiveness and
hand-computed cases.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import lsim

from implementations._common import Report, main, solution

EXERCISE = ["pi_loop", "clip_norm"]

DOC_ZH = {
    "pi_loop": """对象 y' = -y + u 上的采样 PI 回路，可选执行器饱和 |u| <= umax 和反算抗饱和。

每步：e = ref - y；v = kp e + z；u = clip(v, -umax, umax)（saturate 为 False 时 u = v）；
z <- z + (ki e + kaw (u - v)) dt；y <- e^{-dt} y + (1 - e^{-dt}) u（精确零阶保持）。从 y = z = 0 开始。
输入：saturate，是否饱和；kaw，抗饱和增益；kp、ki、umax、ref、dt、T，回路参数。
输出：(ys, us)，长度 round(T/dt) 的数组：每步之后的 y 和该步施加的 u。

>>> ys, us = pi_loop(True, T=0.004)
>>> np.round(ys, 6).tolist(), us.tolist()
([0.002398, 0.00479], [1.2, 1.2])
""",
    "clip_norm": """梯度范数裁剪：g -> g min(1, c/||g||)，即向半径为 c 的球上的欧氏投影。

输入：g，数组；c > 0，最大范数。
输出：与 g 同形状的数组；||g|| <= c 时原样返回。

>>> np.round(clip_norm(np.array([3.0, 4.0]), 1.0), 6).tolist()
[0.6, 0.8]
""",
}

HINTS = {
    "en": (
        "Compute what the controller wants (v) and what the actuator delivers (u); the "
        "wind-up fix feeds their difference back into the integrator.",
        "u = min(max(v, -umax), umax); z += (ki e + kaw (u - v)) dt; the plant step is "
        "exact because u is constant over dt. Clipping: scale g by min(1, c/||g||), which "
        "keeps the direction.",
    ),
    "zh": (
        "先算控制器想要的 v 和执行器实际给出的 u；抗饱和就是把二者之差反馈回积分器。",
        "u = min(max(v, -umax), umax)；z += (ki e + kaw (u - v)) dt；由于 u 在 dt 内不变，对象步进是精确的。"
        "裁剪：把 g 乘以 min(1, c/||g||)，方向保持不变。",
    ),
}


def pi_loop(saturate, kaw=0.0, kp=2.0, ki=3.0, umax=1.2, ref=1.0, dt=2e-3, T=20.0):
    """Sampled PI loop on y' = -y + u with optional actuator saturation and back-calculation.

    Per step: e = ref - y; v = kp e + z; u = clip(v, -umax, umax) (u = v when saturate is
    False); z <- z + (ki e + kaw (u - v)) dt; y <- e^{-dt} y + (1 - e^{-dt}) u (exact
    zero-order hold). Starts from y = z = 0. Input: saturate; kaw, the anti-windup gain;
    the loop parameters. Output: (ys, us), arrays of length round(T/dt): y after each step
    and the u applied in it.

    >>> ys, us = pi_loop(True, T=0.004)
    >>> np.round(ys, 6).tolist(), us.tolist()
    ([0.002398, 0.00479], [1.2, 1.2])
    """
    ad = np.exp(-dt)
    y = z = 0.0
    n = int(round(T / dt))
    ys, us = np.empty(n), np.empty(n)
    for k in range(n):
        e = ref - y
        v = kp * e + z  # controller output
        u = min(max(v, -umax), umax) if saturate else v
        z += (ki * e + kaw * (u - v)) * dt  # back-calculation when kaw > 0
        y = ad * y + (1 - ad) * u  # exact ZOH step of y' = -y + u
        ys[k], us[k] = y, u
    return ys, us


def clip_norm(g, c):
    """Gradient-norm clipping g -> g min(1, c/||g||), the Euclidean projection onto ||x|| <= c.

    Input: g, an array; c > 0, the largest norm. Output: an array shaped like g, unchanged
    when ||g|| <= c.

    >>> np.round(clip_norm(np.array([3.0, 4.0]), 1.0), 6).tolist()
    [0.6, 0.8]
    """
    g = np.asarray(g, dtype=float)
    return g * min(1.0, c / np.linalg.norm(g))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Saturation: wind-up vs anti-windup, clipping as projection")
    umax, ref, dt = 1.2, 1.0, 2e-3

    with r.case("saturated phase: y = umax (1 - e^-t)") as c:
        y_wu, u_wu = f.pi_loop(True)
        y_wu, u_wu = np.asarray(y_wu), np.asarray(u_wu)
        sat = int(np.nonzero(u_wu < umax)[0][0])  # first step that is not saturated
        r.figure("initial saturation lasts [s]", sat * dt)
        t = (np.arange(sat) + 1) * dt
        c.equal(len(y_wu), 10000)  # default T = 20 s at dt = 2 ms
        # the integrator during saturation: z_k = ki dt sum_{j<k} (ref - y_j), y_j closed form;
        # the loop leaves saturation at the first k with kp (ref - y_k) + z_k < umax
        k = np.arange(5000)
        yk = umax * (1 - np.exp(-k * dt))
        zk = 3.0 * dt * np.r_[0.0, np.cumsum(ref - yk)[:-1]]
        c.equal(sat, int(np.nonzero(2.0 * (ref - yk) + zk < umax)[0][0]))
        c.close(y_wu[:sat], umax * (1 - np.exp(-t)), rtol=1e-10)
        c.true(bool(np.all(np.abs(u_wu) <= umax)), "|u| <= umax throughout")

    with r.case("linear loop = scipy lsim of (kp s + ki) / (s^2 + (1 + kp) s + ki)") as c:
        y_lin, u_lin = f.pi_loop(False)
        t = np.arange(len(y_lin)) * dt
        _, y_ref, _ = lsim(([2.0, 3.0], [1.0, 3.0, 3.0]), np.ones_like(t), t)
        c.close(np.asarray(y_lin), np.r_[y_ref[1:], y_ref[-1]], atol=5e-3)  # O(dt) sampling
        c.true(float(np.max(u_lin)) > 1.9, "the linear loop asks for u = kp at the start")

    with r.case("wind-up and anti-windup overshoots") as c:
        os = [
            float(np.max(f.pi_loop(s, kaw=k)[0]) - ref)
            for s, k in ((False, 0.0), (True, 0.0), (True, 5.0))
        ]
        r.figure("overshoot: linear, saturated (wind-up), anti-windup", np.round(os, 4).tolist())
        c.true(os[1] > os[0] + 0.05, "wind-up makes the overshoot larger than the linear loop")
        c.true(os[2] < 0.5 * os[1], "anti-windup overshoot is below the wind-up overshoot")

    with r.case("all three loops reach the set-point (integral action)") as c:
        ends = [
            np.asarray(f.pi_loop(s, kaw=k)[0])[-1]
            for s, k in ((False, 0.0), (True, 0.0), (True, 5.0))
        ]
        c.close(ends, [ref] * 3, atol=1e-4)
        c.close(np.asarray(f.pi_loop(True, ref=-0.5, T=30.0)[0])[-1], -0.5, atol=1e-4)

    with r.case("clipping = Euclidean projection (variational inequality)") as c:
        ok, cc = True, 1.0
        for _ in range(200):
            g = rng.normal(size=5) * 3
            pg = np.asarray(f.clip_norm(g, cc))
            zs = rng.normal(size=(50, 5))
            zs = (
                zs / np.maximum(1.0, np.linalg.norm(zs, axis=1))[:, None] * cc
            )  # points in the ball
            ok &= bool(np.all((zs - pg) @ (g - pg) <= 1e-12)) and np.linalg.norm(pg) <= cc + 1e-12
        c.true(ok, "200 random g")
        c.close(f.clip_norm(np.array([0.3, -0.4]), 1.0), [0.3, -0.4], rtol=1e-15)  # inside: kept
        c.close(f.clip_norm(np.array([0.0, -10.0, 0.0]), 2.5), [0.0, -2.5, 0.0], rtol=1e-15)

    with r.case("clipping is non-expansive (1-Lipschitz)") as c:
        ok = True
        for _ in range(200):
            g, h = rng.normal(size=5) * 3, rng.normal(size=5) * 3
            ok &= (
                np.linalg.norm(f.clip_norm(g, 1.0) - f.clip_norm(h, 1.0))
                <= np.linalg.norm(g - h) + 1e-12
            )
        c.true(bool(ok))

    with r.case("norm clipping keeps the direction, element-wise clipping does not") as c:
        g = np.array([3.0, 0.5, -1.0])
        cg = np.asarray(f.clip_norm(g, 1.0))
        box = np.clip(g, -1.0, 1.0)
        cos_norm = cg @ g / (np.linalg.norm(cg) * np.linalg.norm(g))
        cos_box = box @ g / (np.linalg.norm(box) * np.linalg.norm(g))
        r.figure(
            "cosine to g: norm clipping, element-wise clipping", [float(cos_norm), float(cos_box)]
        )
        c.true(abs(cos_norm - 1) < 1e-12 and cos_box < 0.99)
        c.close(np.linalg.norm(cg), 1.0, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
