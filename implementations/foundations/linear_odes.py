"""linear-odes: x'(t) = A x(t), solved by the matrix exponential x(t) = e^{At} x(0).

Follows Strang, Differential Equations and Linear Algebra ch. 6 (eigenvalues, the matrix
exponential) and ch. 3 (Runge-Kutta), Khalil ch. 2 (qualitative behaviour of linear
systems). Checks: scipy.linalg.expm against a hand-written RK4 integration; against the
eigenvector solution V e^{Lambda t} V^{-1} x0; a Taylor-series-with-squaring exponential;
RK4's fourth-order convergence; decay when every eigenvalue has negative real part.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import expm

from implementations._common import Report, main


def rk4(A, x0, T, steps):
    x, dt = x0.astype(float), T / steps
    for _ in range(steps):
        k1 = A @ x
        k2 = A @ (x + dt / 2 * k1)
        k3 = A @ (x + dt / 2 * k2)
        k4 = A @ (x + dt * k3)
        x = x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return x


def expm_taylor(M, terms=20):
    s = max(0, int(np.ceil(np.log2(max(np.linalg.norm(M, 1), 1e-16)))) + 1)
    X = M / 2**s  # scale so the series converges fast
    E, term = np.eye(len(M)), np.eye(len(M))
    for k in range(1, terms):
        term = term @ X / k
        E = E + term
    for _ in range(s):  # then square back: e^M = (e^{M/2^s})^{2^s}
        E = E @ E
    return E


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Linear ODEs")

    # A damped oscillator x'' + 0.4 x' + 4 x = 0 written as a first-order system, plus a 3rd state.
    A = np.array([[0.0, 1.0, 0.0], [-4.0, -0.4, 0.5], [0.0, 0.0, -1.0]])
    x0 = np.array([1.0, 0.0, 2.0])
    T = 5.0
    exact = expm(A * T) @ x0
    r.figure("x(5) via expm", exact.round(6).tolist())
    r.check_close(
        "RK4 (dt = 1e-3) matches expm(A t) x0", rk4(A, x0, T, 5000), exact, rtol=1e-9, atol=1e-12
    )

    lam, V = np.linalg.eig(A)
    eig_sol = (V @ np.diag(np.exp(lam * T)) @ np.linalg.solve(V, x0)).real
    r.figure("eigenvalues of A", [complex(round(z.real, 4), round(z.imag, 4)) for z in lam])
    r.check_close(
        "eigen-solution V e^{Lambda t} V^{-1} x0 matches expm",
        eig_sol,
        exact,
        rtol=1e-10,
        atol=1e-12,
    )
    r.check_close(
        "Taylor series with scaling and squaring matches expm",
        expm_taylor(A * T),
        expm(A * T),
        rtol=1e-10,
        atol=1e-13,
    )
    r.check_close(
        "semigroup: e^{A(s+t)} = e^{As} e^{At}",
        expm(A * 2.0) @ expm(A * 3.0),
        expm(A * T),
        rtol=1e-12,
        atol=1e-14,
    )

    errs = [np.linalg.norm(rk4(A, x0, T, n) - exact) for n in (50, 100, 200, 400)]
    order = np.polyfit(np.log([T / 50, T / 100, T / 200, T / 400]), np.log(errs), 1)[0]
    r.figure("RK4 observed order", float(order))
    r.check_close("RK4 global error is O(dt^4)", order, 4.0, atol=0.2)

    # Stability: all Re(lambda) < 0 => x(t) -> 0 for any start; the decay rate is max Re(lambda).
    r.check("all eigenvalues have negative real part", np.all(lam.real < 0))
    starts = rng.normal(size=(20, 3))
    norms = np.linalg.norm(starts @ expm(A * 40.0).T, axis=1)
    r.check(
        "every trajectory decays (|x(40)| < 1e-3 |x(0)|)",
        np.all(norms < 1e-3 * np.linalg.norm(starts, axis=1)),
    )
    return r


if __name__ == "__main__":
    main(run)
