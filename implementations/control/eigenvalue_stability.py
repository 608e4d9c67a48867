"""eigenvalue-stability: x[k+1] = A x[k] is stable iff every |lambda| < 1; dx/dt = A x iff Re lambda < 0.

Follows Khalil, Nonlinear Systems 3e, ch. 4 (Lyapunov stability; linear systems and
linearisation) and Astrom & Murray 2e ch. 6. The eigenvalue test is compared with
brute-force simulation of many random systems, the decay rate with Gelfand's formula
||A^k||^(1/k) -> rho(A), and the continuous-time test with the Routh-Hurwitz
conditions for cubics.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Eigenvalue stability: spectral radius vs brute-force simulation")

    # 1) discrete time: classify random matrices by rho(A) and by simulation
    agree, n_stable, n_tested = 0, 0, 0
    while n_tested < 200:
        A = rng.normal(size=(3, 3))
        rho = np.abs(np.linalg.eigvals(A)).max()
        A *= rng.uniform(0.5, 1.5) / rho  # set rho to a chosen value
        rho = np.abs(np.linalg.eigvals(A)).max()
        if abs(rho - 1) < 0.05:
            continue  # too close to the boundary to simulate
        n_tested += 1
        pred = rho < 1
        sim = np.linalg.norm(np.linalg.matrix_power(A, 400) @ np.ones(3)) < 1.0
        agree += pred == sim
        n_stable += pred
    r.figure("random systems tested", n_tested)
    r.figure("predicted stable", int(n_stable))
    r.check(
        "rho(A) < 1 predicts decay of A^k x in every case", agree == n_tested, f"{agree}/{n_tested}"
    )

    # 2) the decay rate is the spectral radius (Gelfand): ||A^k||^(1/k) -> rho
    A = np.array([[0.5, 2.0], [0.0, 0.9]])  # non-normal: transient growth first
    k = 600
    gelfand = np.linalg.norm(np.linalg.matrix_power(A, k), 2) ** (1 / k)
    peak = max(np.linalg.norm(np.linalg.matrix_power(A, j), 2) for j in range(30))
    r.figure("transient peak of ||A^k|| (non-normal)", peak)
    r.figure("||A^600||^(1/600)", gelfand)
    r.check_close("||A^k||^(1/k) approaches rho(A) = 0.9", gelfand, 0.9, rtol=0.01)
    r.check("stable yet transiently amplifying (||A^k|| > 1 for some k)", peak > 1.0)

    # 3) continuous time: Routh-Hurwitz for s^3 + a2 s^2 + a1 s + a0
    ok = True
    for _ in range(300):
        a2, a1, a0 = rng.uniform(-1, 5, size=3)
        routh = a2 > 0 and a1 > 0 and a0 > 0 and a2 * a1 > a0
        roots = np.roots([1.0, a2, a1, a0])
        if abs(a2 * a1 - a0) < 1e-3 or np.min(np.abs(roots.real)) < 1e-6:
            continue  # skip marginal cases
        ok &= routh == bool(np.all(roots.real < 0))
    r.check("Routh-Hurwitz conditions = all roots in the left half-plane", ok)

    # 4) continuous time, brute force: RK4-integrate dx/dt = A x for a batch of random A
    As = rng.normal(size=(120, 3, 3))
    shift = rng.uniform(-1.5, 1.5, size=120)
    As = As - (np.linalg.eigvals(As).real.max(axis=1) + shift)[:, None, None] * np.eye(3)
    margin = np.linalg.eigvals(As).real.max(axis=1)  # = -shift: spread around 0
    keep = np.abs(margin) > 0.3
    x = np.ones((120, 3))
    f = lambda x: np.einsum("bij,bj->bi", As, x)
    dt = 0.02
    for _ in range(1500):  # integrate to t = 30
        k1 = f(x)
        k2 = f(x + dt / 2 * k1)
        k3 = f(x + dt / 2 * k2)
        k4 = f(x + dt * k3)
        x = x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    decayed = np.linalg.norm(x, axis=1) < 1.0
    r.check(
        "max Re(lambda) < 0 predicts decay of the RK4 solution",
        bool(np.all(decayed[keep] == (margin[keep] < 0))),
        f"{int(keep.sum())} systems",
    )
    return r


if __name__ == "__main__":
    main(run)
