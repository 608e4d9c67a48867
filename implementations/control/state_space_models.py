"""state-space-models: a mass-spring-damper as dx/dt = A x + B u, y = C x.

Follows Astrom & Murray, Feedback Systems 2e, ch. 6 (Linear Systems): the solution is
x(t) = e^{At} x0 + int_0^t e^{A(t-s)} B u(s) ds. The matrix-exponential solution
(one-step e^{A dt} by Taylor series, Van Loan's block trick for the input) is compared with
the closed-form solution of the damped oscillator, and the transfer function and
poles are checked to be unchanged by a change of state coordinates.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def expm(M, terms=30):
    """e^M by its Taylor series (exact to round-off for the small steps ||M|| < 1 used here)."""
    out, term = np.eye(len(M)), np.eye(len(M))
    for k in range(1, terms):
        term = term @ M / k
        out = out + term
    return out


def oscillator(t, x0, v0, wn, zeta):
    """Free response of x'' + 2 zeta wn x' + wn^2 x = 0 (underdamped, closed form)."""
    wd = wn * np.sqrt(1 - zeta**2)
    return np.exp(-zeta * wn * t) * (
        x0 * np.cos(wd * t) + (v0 + zeta * wn * x0) / wd * np.sin(wd * t)
    )


def run() -> Report:
    r = Report("State-space models: matrix exponential vs closed-form oscillator")
    m, c, k = 2.0, 1.2, 8.0
    A = np.array([[0.0, 1.0], [-k / m, -c / m]])
    B = np.array([[0.0], [1.0 / m]])
    C = np.array([[1.0, 0.0]])
    wn, zeta = np.sqrt(k / m), c / (2 * np.sqrt(k * m))
    r.figure("natural frequency wn", wn)
    r.figure("damping ratio zeta", zeta)

    x0 = np.array([1.0, -0.5])
    ts = np.linspace(0, 8, 41)
    Phi = expm(A * (ts[1] - ts[0]))  # e^{A dt}; e^{A t_k} = Phi^k
    xs_, x = [], x0.copy()
    for _ in ts:
        xs_.append(x)
        x = Phi @ x
    y_expm = (np.array(xs_) @ C.T).ravel()
    r.check_close(
        "free response e^{At} x0 = closed form",
        y_expm,
        oscillator(ts, *x0, wn, zeta),
        rtol=1e-9,
        atol=1e-12,
    )

    # constant force F: Van Loan block [[A, B u], [0, 0]] gives both terms at once
    F = 3.0
    M = np.zeros((3, 3))
    M[:2, :2] = A
    M[:2, 2:] = B * F
    PhiM = expm(M * (ts[1] - ts[0]))
    zs, z = [], np.r_[x0, 1.0]
    for _ in ts:
        zs.append(z[:2])
        z = PhiM @ z
    y_forced = (np.array(zs) @ C.T).ravel()
    xs = F / k  # static deflection
    y_closed = xs + oscillator(ts, x0[0] - xs, x0[1], wn, zeta)
    r.check_close(
        "forced response (Van Loan) = closed form", y_forced, y_closed, rtol=1e-9, atol=1e-12
    )

    # eigenvalues are -zeta wn +- i wd
    lam = np.sort_complex(np.linalg.eigvals(A))
    wd = wn * np.sqrt(1 - zeta**2)
    r.check_close(
        "eigenvalues = -zeta wn +- i wd",
        [lam[0].real, abs(lam[0].imag)],
        [-zeta * wn, wd],
        rtol=1e-12,
    )

    # a change of coordinates z = T x leaves G(s) = C (sI-A)^-1 B unchanged
    rng = np.random.default_rng(0)
    T = rng.normal(size=(2, 2)) + 2 * np.eye(2)
    Ti = np.linalg.inv(T)
    At, Bt, Ct = T @ A @ Ti, T @ B, C @ Ti
    s_pts = [0.5j, 1.0 + 2.0j, 3.0]
    G = [(C @ np.linalg.solve(s * np.eye(2) - A, B)).item() for s in s_pts]
    Gt = [(Ct @ np.linalg.solve(s * np.eye(2) - At, Bt)).item() for s in s_pts]
    G_closed = [1 / (m * s**2 + c * s + k) for s in s_pts]  # Laplace transform of the ODE
    r.check_close(
        "G(s) invariant under similarity", np.abs(np.subtract(G, Gt)), np.zeros(3), atol=1e-13
    )
    r.check_close(
        "G(s) = 1/(m s^2 + c s + k)", np.abs(np.subtract(G, G_closed)), np.zeros(3), atol=1e-13
    )
    return r


if __name__ == "__main__":
    main(run)
