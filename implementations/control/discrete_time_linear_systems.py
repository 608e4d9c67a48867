"""discrete-time-linear-systems: x[k+1] = A x[k] + B u[k] and its sampled-data origin.

Follows Murphy, PML2 ch. 29 (state-space models; the linear-Gaussian SSM is this
recursion plus noise) and Hu, Automatic Control Principles ch. 7. Checks: the
step-by-step recursion equals the convolution formula x[k] = A^k x0 +
sum_j A^(k-1-j) B u[j]; A^k from the eigendecomposition equals repeated
multiplication; the zero-order-hold discretisation Ad = e^{AT},
Bd = A^-1 (Ad - I) B, computed through an eigendecomposition, equals a Taylor series,
and Bd also equals the corner of Van Loan's block exponential.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def expm_eig(M):
    """e^M = V diag(e^lambda) V^-1 (the matrices used here are diagonalisable)."""
    lam, V = np.linalg.eig(M)
    return (V @ np.diag(np.exp(lam)) @ np.linalg.inv(V)).real


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Discrete-time linear systems: recursion, convolution, sampling")
    A = np.array([[0.9, 0.2, 0.0], [-0.1, 0.8, 0.3], [0.0, -0.2, 0.7]])
    B = np.array([[0.0], [0.5], [1.0]])
    x0 = np.array([1.0, -1.0, 0.5])
    K = 40
    u = rng.normal(size=(K, 1))

    # 1) recursion
    x = x0.copy()
    traj = [x]
    for k in range(K):
        x = A @ x + B @ u[k]
        traj.append(x)
    traj = np.array(traj)

    # 2) explicit solution with matrix powers (independent of the loop above)
    Ak = [np.linalg.matrix_power(A, k) for k in range(K + 1)]
    conv = np.array(
        [
            Ak[k] @ x0 + sum((Ak[k - 1 - j] @ B @ u[j] for j in range(k)), np.zeros(3))
            for k in range(K + 1)
        ]
    )
    r.check_close("recursion = A^k x0 + sum A^(k-1-j) B u_j", traj, conv, rtol=1e-10, atol=1e-12)

    # 3) A^k through the eigendecomposition V diag(lam^k) V^-1
    lam, V = np.linalg.eig(A)
    A25 = (V @ np.diag(lam**25) @ np.linalg.inv(V)).real
    r.figure("spectral radius", float(np.abs(lam).max()))
    r.check_close(
        "A^25 via eigendecomposition = repeated product", A25, Ak[25], rtol=1e-9, atol=1e-12
    )

    # 4) zero-order hold discretisation of a continuous system dx/dt = F x + G u
    F = np.array([[0.0, 1.0], [-2.0, -0.5]])
    G = np.array([[0.0], [1.0]])
    T = 0.1
    Ad = expm_eig(F * T)
    Bd = np.linalg.solve(F, (Ad - np.eye(2)) @ G)  # int_0^T e^{Fs} ds G
    # independent references: Taylor series for e^{FT} and its integral
    Ad_s, Bd_s, term = np.eye(2), np.zeros((2, 1)), np.eye(2)
    for n in range(1, 30):
        Bd_s = Bd_s + term @ G * T / n  # term = (F T)^(n-1)/(n-1)!
        term = term @ F * T / n
        Ad_s = Ad_s + term
    M = np.zeros((3, 3))
    M[:2, :2] = F
    M[:2, 2:] = G  # Van Loan block matrix
    EM = expm_eig(M * T)
    r.check_close("e^{FT} = Taylor series", Ad, Ad_s, rtol=1e-12, atol=1e-14)
    r.check_close(
        "Bd = F^-1 (Ad - I) G = series = Van Loan",
        np.c_[Bd, Bd],
        np.c_[Bd_s, EM[:2, 2:]],
        rtol=1e-10,
        atol=1e-14,
    )

    # sampled poles are e^{lambda T}
    r.check_close(
        "eig(Ad) = exp(T eig(F))",
        np.sort(np.abs(np.linalg.eigvals(Ad))),
        np.sort(np.abs(np.exp(T * np.linalg.eigvals(F)))),
        rtol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
