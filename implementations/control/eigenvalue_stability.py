"""eigenvalue-stability: x[k+1] = A x[k] is stable iff every |lambda| < 1; dx/dt = A x iff Re lambda < 0.

Follows Khalil, Nonlinear Systems 3e, ch. 4 (Lyapunov stability; linear systems and
linearisation) and Astrom & Murray 2e ch. 6. The learner's spectral radius and the two
eigenvalue tests are compared with brute-force simulation of many random systems (matrix
powers in discrete time, RK4 in continuous time), with Gelfand's formula
||A^k||^(1/k) -> rho(A), with hand-computed spectra, and with the Routh-Hurwitz
conditions for cubics (on the companion matrix).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["spectral_radius", "is_schur", "is_hurwitz"]

DOC_ZH = {
    "spectral_radius": """谱半径 rho(A) = max_i |lambda_i(A)|。

输入：A，形状 (n, n) 的方阵。
输出：float。

>>> round(spectral_radius(np.array([[0.0, -2.0], [2.0, 0.0]])), 6)
2.0
""",
    "is_schur": """离散时间稳定性：x[k+1] = A x[k] 对所有 x0 都衰减到 0，当且仅当 rho(A) < 1。

输入：A，形状 (n, n)。
输出：bool。

>>> is_schur(np.array([[0.5, 10.0], [0.0, -0.9]]))
True
""",
    "is_hurwitz": """连续时间稳定性：dx/dt = A x 对所有 x0 都衰减到 0，当且仅当所有特征值 Re lambda < 0。

输入：A，形状 (n, n)。
输出：bool。

>>> is_hurwitz(np.array([[0.0, 1.0], [-2.0, -3.0]]))
True
""",
}

HINTS = {
    "en": (
        "Diagonalise in your head: along each eigenvector the state is multiplied by lambda "
        "per step (discrete) or by e^{lambda t} (continuous).",
        "lambda^k -> 0 iff |lambda| < 1 and e^{lambda t} -> 0 iff Re lambda < 0; check the "
        "worst eigenvalue from numpy.linalg.eigvals (complex in general).",
    ),
    "zh": (
        "在脑中做对角化：沿每个特征向量，状态每步乘以 lambda（离散），或乘以 e^{lambda t}（连续）。",
        "lambda^k -> 0 当且仅当 |lambda| < 1，e^{lambda t} -> 0 当且仅当 Re lambda < 0；用 "
        "numpy.linalg.eigvals（一般是复数）检查最坏的那个特征值。",
    ),
}


def spectral_radius(A):
    """Spectral radius rho(A) = max_i |lambda_i(A)|.

    Input: A, a square array of shape (n, n). Output: a float.

    >>> round(spectral_radius(np.array([[0.0, -2.0], [2.0, 0.0]])), 6)
    2.0
    """
    return float(np.abs(np.linalg.eigvals(A)).max())


def is_schur(A):
    """Discrete-time stability: x[k+1] = A x[k] decays to 0 from every x0 iff rho(A) < 1.

    Input: A, shape (n, n). Output: a bool.

    >>> is_schur(np.array([[0.5, 10.0], [0.0, -0.9]]))
    True
    """
    return bool(spectral_radius(A) < 1)


def is_hurwitz(A):
    """Continuous-time stability: dx/dt = A x decays to 0 from every x0 iff all Re lambda < 0.

    Input: A, shape (n, n). Output: a bool.

    >>> is_hurwitz(np.array([[0.0, 1.0], [-2.0, -3.0]]))
    True
    """
    return bool(np.linalg.eigvals(A).real.max() < 0)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Eigenvalue stability: spectral radius vs brute-force simulation")

    with r.case("spectral radius of hand-computed spectra") as c:
        c.close(f.spectral_radius(np.diag([0.3, -0.7, 0.5])), 0.7, rtol=1e-12)  # negative wins
        c.close(f.spectral_radius(np.array([[0.6, -0.8], [0.8, 0.6]])), 1.0, rtol=1e-12)  # rotation
        c.close(f.spectral_radius(np.array([[2.0, 100.0], [0.0, 0.1]])), 2.0, rtol=1e-12)
        c.close(f.spectral_radius(np.zeros((3, 3))), 0.0, atol=1e-15)

    # discrete time: random matrices with rho set away from 1, classified by simulation
    mats, sims = [], []
    while len(mats) < 200:
        A = rng.normal(size=(3, 3))
        A *= rng.uniform(0.5, 1.5) / np.abs(np.linalg.eigvals(A)).max()
        if abs(np.abs(np.linalg.eigvals(A)).max() - 1) < 0.05:
            continue  # too close to the boundary to simulate
        mats.append(A)
        sims.append(bool(np.linalg.norm(np.linalg.matrix_power(A, 400) @ np.ones(3)) < 1.0))
    r.figure("random systems tested", len(mats))
    r.figure("stable by simulation", int(sum(sims)))
    with r.case("rho(A) < 1 predicts decay of A^k x in every case") as c:
        got = [bool(f.is_schur(A)) for A in mats]
        agree = sum(g == s for g, s in zip(got, sims))
        c.true(agree == len(mats), f"{agree}/{len(mats)}")
        c.true(not f.is_schur(np.eye(2)) and not f.is_schur(-np.eye(2)), "rho = 1 is not decay")

    with r.case("||A^k||^(1/k) approaches rho(A) = 0.9") as c:
        A = np.array([[0.5, 2.0], [0.0, 0.9]])  # non-normal: transient growth first
        gelfand = np.linalg.norm(np.linalg.matrix_power(A, 600), 2) ** (1 / 600)
        peak = max(np.linalg.norm(np.linalg.matrix_power(A, j), 2) for j in range(30))
        r.figure("transient peak of ||A^k|| (non-normal)", peak)
        c.close(f.spectral_radius(A), gelfand, rtol=0.01)
        c.true(f.is_schur(A) and peak > 1.0, "stable yet transiently amplifying")

    with r.case("Routh-Hurwitz conditions = all roots in the left half-plane") as c:
        ok, n = True, 0
        for _ in range(300):
            a2, a1, a0 = rng.uniform(-1, 5, size=3)
            if abs(a2 * a1 - a0) < 1e-3 or min(abs(a2), abs(a1), abs(a0)) < 1e-3:
                continue  # skip marginal cases
            routh = a2 > 0 and a1 > 0 and a0 > 0 and a2 * a1 > a0
            comp = np.array([[0, 1, 0], [0, 0, 1], [-a0, -a1, -a2]])  # companion matrix
            ok &= routh == bool(f.is_hurwitz(comp))
            n += 1
        c.true(ok, f"{n} cubics")
        c.true(not f.is_hurwitz(np.array([[0.0, 1.0], [-1.0, 0.0]])), "undamped: not decaying")

    with r.case("max Re(lambda) < 0 predicts decay of the RK4 solution") as c:
        As = rng.normal(size=(120, 3, 3))
        shift = rng.uniform(-1.5, 1.5, size=120)
        As = As - (np.linalg.eigvals(As).real.max(axis=1) + shift)[:, None, None] * np.eye(3)
        keep = np.abs(shift) > 0.3  # max Re lambda = -shift, away from 0
        x = np.ones((120, 3))
        rhs = lambda x: np.einsum("bij,bj->bi", As, x)
        dt = 0.02
        for _ in range(1500):  # integrate to t = 30
            k1 = rhs(x)
            k2 = rhs(x + dt / 2 * k1)
            k3 = rhs(x + dt / 2 * k2)
            k4 = rhs(x + dt * k3)
            x = x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        decayed = np.linalg.norm(x, axis=1) < 1.0
        got = np.array([bool(f.is_hurwitz(A)) for A in As])
        c.true(bool(np.all(decayed[keep] == got[keep])), f"{int(keep.sum())} systems")
    return r


if __name__ == "__main__":
    main(run)
