"""state-space-models: a mass-spring-damper as dx/dt = A x + B u, y = C x.

Follows Astrom & Murray, Feedback Systems 2e, ch. 6 (Linear Systems): the solution is
x(t) = e^{At} x0 + int_0^t e^{A(t-s)} B u(s) ds. The learner writes the mass-spring-damper
matrices, the step of the exact solution under a constant input (Van Loan's block
exponential) and the transfer function C (sI - A)^-1 B. Checks compare with the
closed-form solution of the damped oscillator (free and forced), with
scipy.linalg.expm, with the eigenvalues -zeta wn +- i wd, with 1/(m s^2 + c s + k), and
with the invariance of G(s) under a change of state coordinates.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import expm

from implementations._common import Report, main, solution

EXERCISE = ["mass_spring_damper", "lti_step", "transfer_function"]

DOC_ZH = {
    "mass_spring_damper": """质量-弹簧-阻尼器 m x'' + c x' + k x = u 的状态空间矩阵，状态为 [位置, 速度]，输出为位置。

输入：m、c、k，质量、阻尼和刚度。
输出：(A，形状 (2, 2)；B，形状 (2, 1)；C，形状 (1, 2))。

>>> [M.tolist() for M in mass_spring_damper(2.0, 1.0, 8.0)]
[[[0.0, 1.0], [-4.0, -0.5]], [[0.0], [0.5]], [[1.0, 0.0]]]
""",
    "lti_step": """在常值输入 u 下精确推进 dx/dt = A x + B u 一段时间 dt：x(dt) = e^{A dt} x0 + ∫_0^dt e^{As} ds B u。

输入：A，形状 (n, n)；B，形状 (n, m)；x0，形状 (n,)；u，形状 (m,)；dt > 0。
输出：形状 (n,) 的 x(dt)。

>>> np.round(lti_step(np.array([[0.0]]), np.array([[1.0]]), np.array([1.0]), np.array([2.0]), 0.5), 6).tolist()
[2.0]
""",
    "transfer_function": """传递函数 G(s) = C (sI - A)^-1 B（单输入单输出）在复数 s 处的值。

输入：A，形状 (n, n)；B，形状 (n, 1)；C，形状 (1, n)；s，复数。
输出：complex。

>>> transfer_function(np.array([[-2.0]]), np.array([[1.0]]), np.array([[3.0]]), 1.0)
(1+0j)
""",
}

HINTS = {
    "en": (
        "Choose the state so that the second-order ODE becomes two first-order ones; for a "
        "constant input, augment the state with the input itself.",
        "x1' = x2, x2' = (u - c x2 - k x1)/m. Van Loan: expm(dt [[A, B], [0, 0]]) = "
        "[[e^{A dt}, int e^{As} ds B], [0, I]], applied to [x0; u]. G(s) = C solve(sI - A, B).",
    ),
    "zh": (
        "选取状态，使二阶微分方程变成两个一阶方程；对常值输入，把输入本身并入状态。",
        "x1' = x2，x2' = (u - c x2 - k x1)/m。Van Loan：expm(dt [[A, B], [0, 0]]) = "
        "[[e^{A dt}, ∫ e^{As} ds B], [0, I]]，作用在 [x0; u] 上。G(s) = C solve(sI - A, B)。",
    ),
}


def mass_spring_damper(m, c, k):
    """State-space matrices of m x'' + c x' + k x = u with state [position, velocity], output position.

    Input: m, c, k, the mass, damping and stiffness. Output: (A, shape (2, 2);
    B, shape (2, 1); C, shape (1, 2)).

    >>> [M.tolist() for M in mass_spring_damper(2.0, 1.0, 8.0)]
    [[[0.0, 1.0], [-4.0, -0.5]], [[0.0], [0.5]], [[1.0, 0.0]]]
    """
    A = np.array([[0.0, 1.0], [-k / m, -c / m]])
    return A, np.array([[0.0], [1.0 / m]]), np.array([[1.0, 0.0]])


def lti_step(A, B, x0, u, dt):
    """Advance dx/dt = A x + B u exactly over dt with u constant: e^{A dt} x0 + int_0^dt e^{As} ds B u.

    Input: A, shape (n, n); B, shape (n, m); x0, shape (n,); u, shape (m,); dt > 0.
    Output: x(dt), shape (n,).

    >>> np.round(lti_step(np.array([[0.0]]), np.array([[1.0]]), np.array([1.0]), np.array([2.0]), 0.5), 6).tolist()
    [2.0]
    """
    n, m = B.shape
    M = np.zeros((n + m, n + m))
    M[:n, :n], M[:n, n:] = A, B  # Van Loan block [[A, B], [0, 0]]
    return (expm(M * dt) @ np.r_[x0, u])[:n]


def transfer_function(A, B, C, s):
    """Transfer function G(s) = C (sI - A)^-1 B of a single-input single-output system at a complex s.

    Input: A, shape (n, n); B, shape (n, 1); C, shape (1, n); s, a complex number.
    Output: a complex.

    >>> transfer_function(np.array([[-2.0]]), np.array([[1.0]]), np.array([[3.0]]), 1.0)
    (1+0j)
    """
    return complex((C @ np.linalg.solve(s * np.eye(A.shape[0]) - A, B)).item())


def oscillator(t, x0, v0, wn, zeta):
    """Free response of x'' + 2 zeta wn x' + wn^2 x = 0 (underdamped, closed form)."""
    wd = wn * np.sqrt(1 - zeta**2)
    return np.exp(-zeta * wn * t) * (
        x0 * np.cos(wd * t) + (v0 + zeta * wn * x0) / wd * np.sin(wd * t)
    )


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("State-space models: matrix exponential vs closed-form oscillator")
    m, c_, k = 2.0, 1.2, 8.0
    wn, zeta = np.sqrt(k / m), c_ / (2 * np.sqrt(k * m))
    r.figure("natural frequency wn", wn)
    r.figure("damping ratio zeta", zeta)
    x0 = np.array([1.0, -0.5])
    ts = np.linspace(0, 8, 41)

    with r.case("free response e^{At} x0 = closed form") as c:
        A, B, C = f.mass_spring_damper(m, c_, k)
        xs, x = [], x0.copy()
        for _ in ts:
            xs.append(x)
            x = f.lti_step(A, B, x, np.zeros(1), ts[1] - ts[0])
        c.close(
            (np.array(xs) @ np.asarray(C).T).ravel(),
            oscillator(ts, *x0, wn, zeta),
            rtol=1e-9,
            atol=1e-12,
        )

    with r.case("forced response (Van Loan) = closed form") as c:
        A, B, C = f.mass_spring_damper(m, c_, k)
        F = 3.0
        xs, x = [], x0.copy()
        for _ in ts:
            xs.append(x)
            x = f.lti_step(A, B, x, np.array([F]), ts[1] - ts[0])
        xstat = F / k  # static deflection
        c.close(
            (np.array(xs) @ np.asarray(C).T).ravel(),
            xstat + oscillator(ts, x0[0] - xstat, x0[1], wn, zeta),
            rtol=1e-9,
            atol=1e-12,
        )

    with r.case("one step = scipy expm (two inputs, three states)") as c:
        rng = np.random.default_rng(1)
        A3, B3 = rng.normal(size=(3, 3)), rng.normal(size=(3, 2))
        x3, u3 = rng.normal(size=3), rng.normal(size=2)
        # x(t) = e^{At} x0 + A^-1 (e^{At} - I) B u for invertible A
        E = expm(A3 * 0.7)
        ref = E @ x3 + np.linalg.solve(A3, (E - np.eye(3)) @ B3 @ u3)
        c.close(f.lti_step(A3, B3, x3, u3, 0.7), ref, rtol=1e-9, atol=1e-12)

    with r.case("eigenvalues = -zeta wn +- i wd") as c:
        A, _, _ = f.mass_spring_damper(m, c_, k)
        lam = np.sort_complex(np.linalg.eigvals(A))
        c.close(
            [lam[0].real, abs(lam[0].imag)], [-zeta * wn, wn * np.sqrt(1 - zeta**2)], rtol=1e-12
        )

    s_pts = [0.5j, 1.0 + 2.0j, 3.0]
    with r.case("G(s) = 1/(m s^2 + c s + k)") as c:
        A, B, C = f.mass_spring_damper(m, c_, k)
        G = [f.transfer_function(A, B, C, s) for s in s_pts]
        c.close(
            np.abs(np.subtract(G, [1 / (m * s**2 + c_ * s + k) for s in s_pts])),
            np.zeros(3),
            atol=1e-13,
        )

    with r.case("G(s) invariant under similarity") as c:
        A, B, C = f.mass_spring_damper(m, c_, k)
        T = np.random.default_rng(0).normal(size=(2, 2)) + 2 * np.eye(2)
        Ti = np.linalg.inv(T)
        G = [f.transfer_function(A, B, C, s) for s in s_pts]
        Gt = [f.transfer_function(T @ A @ Ti, T @ B, C @ Ti, s) for s in s_pts]
        c.close(np.abs(np.subtract(G, Gt)), np.zeros(3), atol=1e-13)
        c.close(abs(G[2]), 1 / (18 + 3.6 + 8), rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
