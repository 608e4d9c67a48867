"""feedback-loops: proportional feedback around a first-order plant.

Follows Astrom & Murray, Feedback Systems 2e, ch. 2 (Feedback Principles): feedback
shrinks steady-state error, disturbance response and sensitivity to plant changes by
the factor 1/(1+L), L the loop gain. The learner simulates the loop with exact
zero-order-hold steps; checks compare with these closed forms and with the closed-form
solution of the sampled loop x[N] = x_ss (1 - (ad - bd k)^N) before steady state.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["simulate"]

DOC_ZH = {
    "simulate": """仿真比例反馈回路：对象 dx/dt = -a x + b (u + d)，控制器 u = k (r - x)。

每个采样周期 dt 内 u 保持常数，对象用精确的零阶保持步进：x <- e^{-a dt} x + (1 - e^{-a dt}) b/a (u + d)。
输入：a > 0、b，对象参数；k，比例增益；r，设定值；d，恒定输入扰动；T，仿真时长；dt，步长。
输出：float，从 x(0) = 0 出发、round(T/dt) 步之后的 x。

>>> round(simulate(1.0, 2.0, 4.5, 1.0, 0.0), 6)
0.9
""",
}

HINTS = {
    "en": (
        "Within one sample the input is constant, so the plant's step can be solved exactly "
        "instead of with Euler.",
        "x[k+1] = e^{-a dt} x[k] + (1 - e^{-a dt}) (b/a) (u[k] + d) with u[k] = k (r - x[k]); "
        "start from x = 0 and take round(T/dt) steps.",
    ),
    "zh": (
        "在一个采样周期内输入不变，所以对象的一步可以精确求解，而不必用欧拉法。",
        "x[k+1] = e^{-a dt} x[k] + (1 - e^{-a dt}) (b/a) (u[k] + d)，其中 u[k] = k (r - x[k])；"
        "从 x = 0 开始，走 round(T/dt) 步。",
    ),
}


def simulate(a, b, k, r, d, T=40.0, dt=0.01):
    """Simulate proportional feedback: plant dx/dt = -a x + b (u + d), controller u = k (r - x).

    u is held over each sample dt and the plant is stepped exactly (zero-order hold):
    x <- e^{-a dt} x + (1 - e^{-a dt}) b/a (u + d). Input: a > 0 and b, the plant; k, the
    gain; r, the set-point; d, a constant input disturbance; T, the duration; dt, the step.
    Output: a float, x after round(T/dt) steps from x(0) = 0.

    >>> round(simulate(1.0, 2.0, 4.5, 1.0, 0.0), 6)
    0.9
    """
    ad = np.exp(-a * dt)
    bd = (1 - ad) / a * b  # integral of exp(-a s) b ds over one step
    x = 0.0
    for _ in range(int(round(T / dt))):
        u = k * (r - x)
        x = ad * x + bd * (u + d)
    return float(x)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Feedback loops: error, disturbance and sensitivity shrink by 1/(1+L)")
    a, b, k, ref = 1.0, 2.0, 4.5, 1.0
    K = b / a  # static plant gain
    L = k * K  # static loop gain
    r.figure("loop gain L = k K", L)

    with r.case("tracking error = r/(1+L)") as c:
        y = f.simulate(a, b, k, ref, d=0.0)
        r.figure("steady-state output (P control)", y)
        c.close(ref - y, ref / (1 + L), rtol=1e-6)

    with r.case("disturbance attenuated by 1/(1+L)") as c:
        d = 0.3
        shift_cl = f.simulate(a, b, k, ref, d) - f.simulate(a, b, k, ref, 0.0)
        r.figure("disturbance shift closed loop (open loop: K d = 0.6)", shift_cl)
        c.close(shift_cl, K * d / (1 + L), rtol=1e-6)
        c.close(f.simulate(a, b, 0.0, ref, d), K * d, rtol=1e-6)  # open loop: x_ss = K d

    with r.case("sensitivity equals 1/(1+L)") as c:
        eps = 1e-4
        y = f.simulate(a, b, k, ref, d=0.0)
        y2 = f.simulate(a, b * (1 + eps), k, ref, d=0.0)
        c.close((y2 - y) / y / eps, 1 / (1 + L), rtol=1e-3)

    with r.case("error for several gains matches 1/(1+kK)") as c:
        ks = np.array([0.5, 2.0, 8.0, 32.0])
        errs = np.array([ref - f.simulate(a, b, kk, ref, 0.0) for kk in ks])
        c.close(errs, ref / (1 + ks * K), rtol=1e-5)
        c.true(bool(np.all(np.diff(errs) < 0)), "error decreases as gain increases")

    with r.case("transient: x[N] = x_ss (1 - (ad - bd k)^N) for the sampled loop") as c:
        for a_, b_, k_, d_, T, dt in (
            (2.0, 1.0, 3.0, 0.5, 0.5, 0.05),
            (0.5, -1.0, -2.0, 0.0, 1.0, 0.1),
        ):
            ad = np.exp(-a_ * dt)
            bd = (1 - ad) / a_ * b_
            lam = ad - bd * k_  # closed-loop pole of the sampled loop
            x_ss = bd * (k_ * ref + d_) / (1 - lam)
            c.close(
                f.simulate(a_, b_, k_, ref, d_, T=T, dt=dt),
                x_ss * (1 - lam ** round(T / dt)),
                rtol=1e-10,
            )
    return r


if __name__ == "__main__":
    main(run)
