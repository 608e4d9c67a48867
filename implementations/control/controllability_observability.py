"""controllability-observability: rank tests, Gramians, PBH test and minimum-energy steering.

Follows Astrom & Murray, Feedback Systems 2e, ch. 7 (State Feedback: reachability)
and ch. 8 (Output Feedback: observability). For x[k+1] = A x[k] + B u[k],
y = C x: rank [B, AB, ..., A^(n-1)B] = n iff the Gramian W = sum A^k B B' A'^k
(a Kronecker-product linear solve) is positive definite iff rank [lambda I - A, B] = n
for every eigenvalue (PBH). The minimum-energy input reaching x_f in n steps costs
x_f' W_n^-1 x_f; observability is the dual test on (A', C').
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def ctrb(A, B):
    n = A.shape[0]
    return np.hstack([np.linalg.matrix_power(A, k) @ B for k in range(n)])


def tests(A, B):
    n = A.shape[0]
    rank_ok = np.linalg.matrix_rank(ctrb(A, B)) == n
    # Gramian W = sum_k A^k B B' A'^k solves W = A W A' + B B': (I - A kron A) vec W = vec BB'
    W = np.linalg.solve(np.eye(n * n) - np.kron(A, A), (B @ B.T).reshape(-1)).reshape(n, n)
    gram_ok = np.linalg.eigvalsh((W + W.T) / 2).min() > 1e-9
    pbh_ok = all(
        np.linalg.matrix_rank(np.hstack([lam * np.eye(n) - A, B]), tol=1e-9) == n
        for lam in np.linalg.eigvals(A)
    )
    return rank_ok, gram_ok, pbh_ok


def run() -> Report:
    rng = np.random.default_rng(1)
    r = Report("Controllability and observability: three tests that must agree")
    A = np.array([[0.5, 1.0, 0.0], [0.0, 0.5, 1.0], [0.0, 0.0, 0.8]])
    B_good = np.array([[0.0], [0.0], [1.0]])
    B_bad = np.array([[1.0], [0.0], [0.0]])  # enters only the first state
    good, bad = tests(A, B_good), tests(A, B_bad)
    r.figure("controllable case (rank, Gramian, PBH)", list(map(bool, good)))
    r.figure("uncontrollable case (rank, Gramian, PBH)", list(map(bool, bad)))
    r.check("all three tests say controllable", all(good))
    r.check("all three tests say uncontrollable", not any(bad))

    # random systems: the three tests agree every time
    agree, n_unctrb = 0, 0
    for _ in range(100):
        Ar = rng.normal(size=(4, 4))
        Ar *= 0.9 / np.abs(np.linalg.eigvals(Ar)).max()
        Br = rng.normal(size=(4, 1))
        lam, Vl = np.linalg.eig(Ar.T)  # left eigenvectors of Ar
        real = np.nonzero(np.abs(lam.imag) < 1e-12)[0]
        if rng.random() < 0.5 and len(real):  # make about half uncontrollable
            v = Vl[:, real[0]].real
            v /= np.linalg.norm(v)
            Br = Br - v[:, None] * (v @ Br)  # B orthogonal to a left eigenvector
            n_unctrb += 1
        t = tests(Ar, Br)
        agree += len(set(t)) == 1
    r.figure("random systems made uncontrollable", n_unctrb)
    r.check("rank, Gramian and PBH tests agree on 100 random systems", agree == 100, f"{agree}/100")

    # minimum-energy steering from 0 to xf in n steps: u = Cn' (Cn Cn')^-1 xf
    xf = np.array([1.0, -2.0, 0.5])
    Cn = ctrb(A, B_good)  # columns B, AB, A^2 B
    coef = Cn.T @ np.linalg.solve(Cn @ Cn.T, xf)  # coefficient of A^k B is u[n-1-k]
    u = coef[::-1]
    x = np.zeros(3)
    for k in range(3):
        x = A @ x + B_good[:, 0] * u[k]
    Wn = Cn @ Cn.T  # finite-horizon Gramian
    r.check_close("minimum-energy input reaches xf", x, xf, rtol=1e-10, atol=1e-12)
    r.check_close("its energy = xf' W_n^-1 xf", u @ u, xf @ np.linalg.solve(Wn, xf), rtol=1e-10)

    # observability by duality: (A, C) observable iff (A', C') controllable
    C_good, C_bad = np.array([[1.0, 0.0, 0.0]]), np.array([[0.0, 0.0, 1.0]])
    r.check(
        "duality: C = e1 observable, C = e3 not",
        all(tests(A.T, C_good.T)) and not any(tests(A.T, C_bad.T)),
    )
    return r


if __name__ == "__main__":
    main(run)
