"""pid-control: a sampled PI / PID loop on a first-order plant K/(tau s + 1).

Follows Astrom & Murray, Feedback Systems 2e, ch. 11 (PID Control). With the integral
acting on the error and the P and D terms acting on the measurement (the "I-PD"
structure, no closed-loop zero), the closed loop is
  (tau + K kd) y'' + (1 + K kp) y' + K ki y = K ki r,
a pure second-order system. The learner writes the sampled loop (dt = 1 ms) and the pole
parameters (wn, zeta). Checks compare the parameters with numpy.roots of the closed-loop
polynomial, the simulated loop with scipy.signal.step of that second-order system, zero
steady-state error, the overshoot exp(-pi zeta / sqrt(1 - zeta^2)) and the peak time
pi / w_d.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import step

from implementations._common import Report, main, solution

EXERCISE = ["pid_loop", "second_order"]

DOC_ZH = {
    "pid_loop": """采样 I-PD 回路：积分作用于误差，P 和 D 作用于测量值，对象 K/(tau s + 1) 用精确零阶保持步进。

每步：z <- z + ki (ref - y) dt；u = z - kp y - kd (y - y_prev)/dt；然后 y <- e^{-dt/tau} y + K (1 - e^{-dt/tau}) u。
从 y = y_prev = z = 0 开始。
输入：kp、ki、kd，增益；ref，设定值；K、tau，对象；dt，采样周期；T，时长。
输出：长度 round(T/dt) 的数组，第 k 个元素是第 k+1 步之后的 y。

>>> np.round(pid_loop(0.0, 1.0, 0.0, K=1.0, tau=1.0, dt=0.5, T=1.0), 6).tolist()
[0.196735, 0.47409]
""",
    "second_order": """I-PD 闭环 (tau + K kd) y'' + (1 + K kp) y' + K ki y = K ki r 的自然频率和阻尼比。

输入：kp、ki、kd；K、tau，对象参数。
输出：(wn, zeta)，wn = sqrt(K ki / m)，zeta = (1 + K kp) / (2 m wn)，m = tau + K kd。

>>> wn, zeta = second_order(0.5, 2.0, 0.0)
>>> round(wn, 6), round(zeta, 6)
(2.0, 0.5)
""",
}

HINTS = {
    "en": (
        "Keep three pieces of state: the plant output, its previous value (for the "
        "derivative) and the integral. For the poles, read the closed-loop ODE.",
        "Per step: z += ki (ref - y) dt; u = z - kp y - kd (y - y_prev)/dt; "
        "y = e^{-dt/tau} y + K (1 - e^{-dt/tau}) u. Divide the ODE by m = tau + K kd: "
        "wn^2 = K ki / m and 2 zeta wn = (1 + K kp) / m.",
    ),
    "zh": (
        "保留三个状态：对象输出、它的上一个值（用于微分）和积分。至于极点，读出闭环微分方程。",
        "每一步：z += ki (ref - y) dt；u = z - kp y - kd (y - y_prev)/dt；"
        "y = e^{-dt/tau} y + K (1 - e^{-dt/tau}) u。把微分方程除以 m = tau + K kd："
        "wn^2 = K ki / m，2 zeta wn = (1 + K kp) / m。",
    ),
}


def pid_loop(kp, ki, kd, ref=1.0, K=2.0, tau=1.0, dt=1e-3, T=15.0):
    """Sampled I-PD loop: integral on the error, P and D on the measurement, plant K/(tau s + 1).

    Per step: z <- z + ki (ref - y) dt; u = z - kp y - kd (y - y_prev)/dt; then the exact
    zero-order-hold plant step y <- e^{-dt/tau} y + K (1 - e^{-dt/tau}) u, from
    y = y_prev = z = 0. Input: the gains; ref, the set-point; K, tau, the plant; dt, the
    sample time; T, the duration. Output: an array of length round(T/dt); element k is y
    after step k+1.

    >>> np.round(pid_loop(0.0, 1.0, 0.0, K=1.0, tau=1.0, dt=0.5, T=1.0), 6).tolist()
    [0.196735, 0.47409]
    """
    ad = np.exp(-dt / tau)
    bd = K * (1 - ad)
    y = y_prev = z = 0.0
    ys = np.empty(int(round(T / dt)))
    for k in range(len(ys)):
        z += ki * (ref - y) * dt  # integral of the error
        u = z - kp * y - kd * (y - y_prev) / dt  # P and D on the measurement
        y_prev, y = y, ad * y + bd * u
        ys[k] = y
    return ys


def second_order(kp, ki, kd, K=2.0, tau=1.0):
    """Natural frequency and damping of the I-PD loop (tau + K kd) y'' + (1 + K kp) y' + K ki y = K ki r.

    Input: kp, ki, kd; K, tau, the plant. Output: (wn, zeta) with wn = sqrt(K ki / m),
    zeta = (1 + K kp) / (2 m wn) and m = tau + K kd.

    >>> wn, zeta = second_order(0.5, 2.0, 0.0)
    >>> round(wn, 6), round(zeta, 6)
    (2.0, 0.5)
    """
    m = tau + K * kd
    wn = np.sqrt(K * ki / m)
    return float(wn), float((1 + K * kp) / (2 * m * wn))


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("PID control: sampled loop vs closed-loop pole predictions")
    K, tau, dt = 2.0, 1.0, 1e-3
    kp, ki = (2 * 0.4 * 2 * tau - 1) / K, 4 * tau / K  # designed for zeta = 0.4, wn = 2
    r.figure("gains kp, ki", [kp, ki])

    with r.case("(wn, zeta) = numpy.roots of the closed-loop polynomial") as c:
        for g in ((kp, ki, 0.0, K, tau), (kp, ki, 0.5, K, tau), (0.3, 1.7, 0.2, 3.0, 0.5)):
            p = np.roots([g[4] + g[3] * g[2], 1 + g[3] * g[0], g[3] * g[1]])[0]
            c.close(f.second_order(*g), [abs(p), -p.real / abs(p)], rtol=1e-10)
        c.close(f.second_order(kp, ki, 0.0), [2.0, 0.4], rtol=1e-12)

    with r.case("sampled loop = scipy step response of the closed loop") as c:
        for kd, K_, tau_ in ((0.0, K, tau), (0.5, K, tau), (0.2, 1.0, 0.5)):
            y = np.asarray(f.pid_loop(kp, ki, kd, K=K_, tau=tau_))
            m = tau_ + K_ * kd
            t = dt * (np.arange(len(y)) + 1)
            _, ys = step(([K_ * ki / m], [1, (1 + K_ * kp) / m, K_ * ki / m]), T=t)
            c.close(y, ys, atol=3e-3)  # O(dt) sampling error
        c.equal(len(f.pid_loop(kp, ki, 0.0, T=2.0, dt=0.01)), 200)

    with r.case("zero steady-state error (integral action)") as c:
        y = np.asarray(f.pid_loop(kp, ki, 0.0))
        c.close(y[-1], 1.0, atol=2e-5)
        c.close(np.asarray(f.pid_loop(kp, ki, 0.0, ref=-2.5))[-1], -2.5, atol=5e-5)

    with r.case("overshoot = exp(-pi zeta/sqrt(1-zeta^2))") as c:
        y = np.asarray(f.pid_loop(kp, ki, 0.0))
        zeta = 0.4
        os_pred = np.exp(-np.pi * zeta / np.sqrt(1 - zeta**2))
        r.figure("overshoot (sim, formula)", [float(y.max() - 1), float(os_pred)])
        c.close(y.max() - 1, os_pred, atol=3e-3)

    with r.case("peak time = pi / w_d") as c:
        y = np.asarray(f.pid_loop(kp, ki, 0.0))
        c.close((np.argmax(y) + 1) * dt, np.pi / (2.0 * np.sqrt(1 - 0.4**2)), rtol=0.01)

    with r.case("PID overshoot matches its pole prediction") as c:
        # derivative feedback adds to the y'' coefficient (extra inertia): it lowers zeta
        wn2, zeta2 = f.second_order(kp, ki, 0.5)
        y2 = np.asarray(f.pid_loop(kp, ki, 0.5))
        z2 = 1.6 / (2 * 2.0 * np.sqrt(4.0 / 2.0))  # m = 2: wn = sqrt 2, zeta = 1.6 / (4 sqrt 2)
        os2 = np.exp(-np.pi * z2 / np.sqrt(1 - z2**2))
        r.figure(
            "with kd = 0.5: zeta, overshoot (sim, formula)",
            [zeta2, float(y2.max() - 1), float(os2)],
        )
        c.close(y2.max() - 1, os2, atol=3e-3)
    return r


if __name__ == "__main__":
    main(run)
