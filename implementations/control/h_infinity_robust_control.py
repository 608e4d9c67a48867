"""h-infinity-robust-control: state-feedback H-infinity control as an LQ game against a disturbance.

For x+ = A x + B u + E w with output energy z'z = x'Qx + u'Ru, a state feedback u = -Kx
keeps the worst-case gain from disturbance energy to output energy (the closed-loop
H-infinity norm) below gamma when the game Riccati recursion
P <- Q + A'PA - A'P G M^-1 G'P A, G = [B E], M = diag(R, -gamma^2 I) + G'PG, converges with
gamma^2 I - E'PE > 0; the saddle point is u = -Kx, w = Lx (Stoorvogel 1992 treats the
discrete-time problem). Pinto et al. (2017) carry the same zero-sum idea into RL training
(RARL): a learned adversary applies disturbance forces so that the protagonist's policy is
robust. The learner writes the game Riccati solution, the H-infinity norm by a frequency
sweep, and a bisection for the smallest achievable gamma. Checks: as gamma -> infinity the
game becomes LQR (scipy.linalg.solve_discrete_are); the Riccati residual is zero and
gamma^2 I - E'PE > 0; the cost of the closed loop against the worst disturbance w = Lx equals
x0'Px0; the H-infinity norm against the largest singular value of a long block-Toeplitz
impulse-response operator (a different algorithm); the closed loop at gamma has norm below
gamma while the LQR gain's is larger; with two disturbance channels the residual, the
saddle point and the boundary at gamma*; scalar plants, where gamma* = |e| sqrt(1 + (a/b)^2)
in closed form; and no stabilising gain tried (LQR, perturbations of the game gain) beats
the bisected optimum gamma*.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_discrete_are, sqrtm

from implementations._common import Report, main, solution

EXERCISE = ["game_riccati", "hinf_norm", "optimal_gamma"]

DOC_ZH = {
    "game_riccati": """线性二次扰动博弈的黎卡提迭代（状态反馈 H 无穷控制）。

从 P = 0 开始反复做 P <- Q + A'PA - A'P G M^-1 G'P A，G = [B E]，M = diag(R, -gamma^2 I) + G'PG，
直到 max|ΔP| < tol。若某一步 gamma^2 I - E'PE 不是正定的（或迭代 iters 次仍未收敛），返回 None：此 gamma 不可达。
否则返回 (P, K, L)：[K; -L] = M^-1 G'P A，控制 u = -K x，最坏扰动 w = L x。
输入：A (n,n)，B (n,m)，E (n,q)，Q (n,n)，R (m,m)，gamma，iters，tol。
输出：(P, K, L) 或 None。

>>> P, K, L = game_riccati(np.array([[0.5]]), np.array([[1.0]]), np.array([[1.0]]), np.eye(1), np.eye(1), 10.0)
>>> round(float(K[0, 0]), 4), round(float(L[0, 0]), 4)
(0.2671, 0.0027)
""",
    "hinf_norm": """离散时间传递函数 G(z) = C (zI - A)^-1 E + D 的 H 无穷范数：在单位圆上 z = e^{j w} 扫频，取最大奇异值的最大值。

输入：A (n,n)，须稳定；E (n,q)；C (p,n)；D (p,q)，默认为零；n_freq，[0, pi] 上的频点数。
输出：浮点数。

>>> round(hinf_norm(np.array([[0.5]]), np.array([[1.0]]), np.array([[1.0]])), 6)
2.0
""",
    "optimal_gamma": """二分法求最小可达的 gamma*：game_riccati 在 gamma 处有解则可达。

在 [lo, hi] 上二分 n_iter 次（hi 须可达），返回最后的可达上界。
输入：A，B，E，Q，R；lo；hi；n_iter。
输出：浮点数 gamma*。

>>> g = optimal_gamma(np.array([[0.5]]), np.array([[1.0]]), np.array([[1.0]]), np.eye(1), np.eye(1), 0.1, 10.0)
>>> round(g, 3)
1.118
""",
}

HINTS = {
    "en": (
        "Treat the disturbance as a second player who maximises the cost minus gamma^2 times its "
        "energy; stack both players' inputs and do the LQR Riccati step with an indefinite "
        "input weight.",
        "G = [B E]; M = blockdiag(R, -gamma^2 I) + G'PG; P = Q + A'PA - A'PG M^-1 G'PA; stop "
        "(return None) if gamma^2 I - E'PE is not positive definite. The H-infinity norm is "
        "max over w of the largest singular value of C (e^{jw} I - A)^-1 E + D.",
    ),
    "zh": (
        "把扰动看作第二个玩家，它最大化代价减去 gamma^2 乘以自身能量；把两个玩家的输入叠在一起，用一个不定的输入权重做 LQR 的黎卡提一步。",
        "G = [B E]；M = blockdiag(R, -gamma^2 I) + G'PG；P = Q + A'PA - A'PG M^-1 G'PA；若 gamma^2 I - E'PE "
        "不正定则停止（返回 None）。H 无穷范数是 C (e^{jw} I - A)^-1 E + D 的最大奇异值对 w 取最大。",
    ),
}


def game_riccati(A, B, E, Q, R, gamma, iters=5000, tol=1e-12):
    """Riccati iteration of the linear-quadratic disturbance game (state-feedback H-infinity).

    From P = 0 repeat P <- Q + A'PA - A'P G M^-1 G'P A, G = [B E], M = diag(R, -gamma^2 I) +
    G'PG, until max|dP| < tol. If gamma^2 I - E'PE stops being positive definite at some
    step (or iters steps do not converge), return None: gamma is not achievable. Otherwise
    return (P, K, L) with [K; -L] = M^-1 G'P A: the control u = -K x and the worst
    disturbance w = L x. Input: A (n,n), B (n,m), E (n,q), Q (n,n), R (m,m), gamma, iters,
    tol. Output: (P, K, L) or None.

    >>> P, K, L = game_riccati(np.array([[0.5]]), np.array([[1.0]]), np.array([[1.0]]), np.eye(1), np.eye(1), 10.0)
    >>> round(float(K[0, 0]), 4), round(float(L[0, 0]), 4)
    (0.2671, 0.0027)
    """
    n, m, q = A.shape[0], B.shape[1], E.shape[1]
    G = np.hstack([B, E])
    W = np.zeros((m + q, m + q))
    W[:m, :m] = R
    W[m:, m:] = -(gamma**2) * np.eye(q)
    P = np.zeros((n, n))
    for _ in range(iters):
        if np.linalg.eigvalsh(gamma**2 * np.eye(q) - E.T @ P @ E).min() <= 0:
            return None
        F = np.linalg.solve(W + G.T @ P @ G, G.T @ P @ A)
        Pn = Q + A.T @ P @ A - A.T @ P @ G @ F
        Pn = (Pn + Pn.T) / 2
        if np.abs(Pn - P).max() < tol:
            P = Pn
            F = np.linalg.solve(W + G.T @ P @ G, G.T @ P @ A)
            return P, F[:m], -F[m:]
        P = Pn
    return None


def hinf_norm(A, E, C, D=None, n_freq=2000):
    """H-infinity norm of G(z) = C (zI - A)^-1 E + D: sweep z = e^{jw} on the unit circle and
    take the largest singular value's maximum.

    Input: A (n,n), stable; E (n,q); C (p,n); D (p,q), zero by default; n_freq, the number
    of frequencies on [0, pi]. Output: a float.

    >>> round(hinf_norm(np.array([[0.5]]), np.array([[1.0]]), np.array([[1.0]])), 6)
    2.0
    """
    n = A.shape[0]
    D = np.zeros((C.shape[0], E.shape[1])) if D is None else D
    best = 0.0
    for w in np.linspace(0.0, np.pi, n_freq):
        Gz = C @ np.linalg.solve(np.exp(1j * w) * np.eye(n) - A, E) + D
        best = max(best, np.linalg.svd(Gz, compute_uv=False)[0])
    return float(best)


def optimal_gamma(A, B, E, Q, R, lo, hi, n_iter=40):
    """Bisection for the smallest achievable gamma*: gamma is achievable if game_riccati solves.

    Bisect [lo, hi] n_iter times (hi must be achievable) and return the last achievable upper
    end. Input: A, B, E, Q, R; lo; hi; n_iter. Output: gamma* (a float).

    >>> g = optimal_gamma(np.array([[0.5]]), np.array([[1.0]]), np.array([[1.0]]), np.eye(1), np.eye(1), 0.1, 10.0)
    >>> round(g, 3)
    1.118
    """
    for _ in range(n_iter):
        mid = (lo + hi) / 2
        if game_riccati(A, B, E, Q, R, mid) is None:
            lo = mid
        else:
            hi = mid
    return hi


def _toeplitz_gain(Acl, E, C, N=600, iters=200):
    """Largest singular value of the N-step impulse-response (block-Toeplitz) operator from a
    single disturbance channel to the outputs, by power iteration on T'T (FFT convolutions)."""
    h, M = [], np.eye(Acl.shape[0])
    for _ in range(N):
        h.append((C @ M @ E)[:, 0])
        M = Acl @ M
    H = np.fft.rfft(np.array(h), n=2 * N, axis=0)  # (N + 1, p) spectra of each channel
    v = np.ones(N) / np.sqrt(N)
    s = 0.0
    for _ in range(iters):
        y = np.fft.irfft(H * np.fft.rfft(v, n=2 * N)[:, None], n=2 * N, axis=0)[:N]  # T v
        Y = np.fft.rfft(y, n=2 * N, axis=0)
        u = np.fft.irfft((np.conj(H) * Y).sum(axis=1), n=2 * N)[:N]  # T' y (correlation)
        s = float(np.sqrt(np.linalg.norm(u)))
        v = u / np.linalg.norm(u)
    return s


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("H-infinity state feedback: the LQ game against a disturbance")
    A = np.array([[1.1, 0.3], [0.0, 0.9]])
    B = np.array([[0.0], [1.0]])
    E = np.array([[1.0], [0.5]])
    Q, R = np.eye(2), np.array([[1.0]])
    Qh, Rh = np.real(sqrtm(Q)), np.real(sqrtm(R))

    def closed(K):  # x+ = (A - BK) x + E w, z = [Q^1/2 x; R^1/2 u]
        return A - B @ K, np.vstack([Qh, -Rh @ K])

    with r.case("gamma -> infinity: the game is LQR (solve_discrete_are)") as c:
        P, K, L = f.game_riccati(A, B, E, Q, R, 1e6)
        Pl = solve_discrete_are(A, B, Q, R)
        Kl = np.linalg.solve(R + B.T @ Pl @ B, B.T @ Pl @ A)
        c.close(P, Pl, rtol=1e-6)
        c.close(K, Kl, rtol=1e-6)
        c.close(L, np.zeros((1, 2)), atol=1e-6)

    gamma = 8.0
    with r.case("game Riccati: zero residual, gamma^2 I - E'PE > 0, saddle-point gains") as c:
        P, K, L = f.game_riccati(A, B, E, Q, R, gamma)
        G = np.hstack([B, E])
        M = (
            np.block([[R, np.zeros((1, 1))], [np.zeros((1, 1)), -(gamma**2) * np.eye(1)]])
            + G.T @ P @ G
        )
        res = Q + A.T @ P @ A - A.T @ P @ G @ np.linalg.solve(M, G.T @ P @ A) - P
        c.close(res, np.zeros((2, 2)), atol=1e-8)
        c.true(float(gamma**2 - (E.T @ P @ E)[0, 0]) > 0)
        c.close(np.vstack([K, -L]), np.linalg.solve(M, G.T @ P @ A), rtol=1e-8)

    with r.case("two disturbance channels: residual, saddle point and the gamma* boundary") as c:
        E2 = np.array([[1.0, 0.0], [0.5, 0.8]])
        P, K, L = f.game_riccati(A, B, E2, Q, R, 10.0)
        G = np.hstack([B, E2])
        M = np.zeros((3, 3))
        M[0, 0], M[1:, 1:] = R[0, 0], -100.0 * np.eye(2)
        M = M + G.T @ P @ G
        res = Q + A.T @ P @ A - A.T @ P @ G @ np.linalg.solve(M, G.T @ P @ A) - P
        c.close(res, np.zeros((2, 2)), atol=1e-8)
        c.close(np.vstack([K, -L]), np.linalg.solve(M, G.T @ P @ A), rtol=1e-8)
        g2 = f.optimal_gamma(A, B, E2, Q, R, 0.5, 50.0)
        P2 = f.game_riccati(A, B, E2, Q, R, 1.01 * g2)[0]
        c.true(np.linalg.eigvalsh(1.01**2 * g2**2 * np.eye(2) - E2.T @ P2 @ E2).min() > 0)
        c.true(f.game_riccati(A, B, E2, Q, R, 0.99 * g2) is None, "no solution below gamma*")
        # the worst disturbance needs both channels: gamma* exceeds that of either channel alone
        g_a = f.optimal_gamma(A, B, E2[:, :1], Q, R, 0.5, 50.0)
        g_b = f.optimal_gamma(A, B, E2[:, 1:], Q, R, 0.5, 50.0)
        r.figure("gamma*: both channels, first, second", [g2, g_a, g_b])
        c.true(g2 > max(g_a, g_b) * 1.001)

    with r.case("worst-case disturbance w = Lx: cost from x0 equals x0'Px0") as c:
        P, K, L = f.game_riccati(A, B, E, Q, R, gamma)
        x = np.array([1.0, -2.0])
        x0, J = x.copy(), 0.0
        for _ in range(3000):
            u, w = -K @ x, L @ x
            J += x @ Q @ x + u @ R @ u - gamma**2 * (w @ w)
            x = A @ x + B @ u + E @ w
        c.close(J, x0 @ P @ x0, rtol=1e-8)

    with r.case("H-infinity norm = block-Toeplitz operator gain (a different algorithm)") as c:
        Acl, Ccl = closed(f.game_riccati(A, B, E, Q, R, gamma)[1])
        c.close(f.hinf_norm(Acl, E, Ccl), _toeplitz_gain(Acl, E, Ccl), rtol=5e-3)
        A1 = np.array([[0.0, 1.0], [-0.81, 1.2]])  # a lightly damped resonance
        E1, C1 = np.array([[0.0], [1.0]]), np.array([[1.0, 0.0]])
        c.close(f.hinf_norm(A1, E1, C1), _toeplitz_gain(A1, E1, C1), rtol=5e-3)
        c.close(
            f.hinf_norm(np.array([[0.5]]), np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]])),
            3.0,
        )
        c.close(f.hinf_norm(np.array([[0.5]]), np.array([[0.2]]), np.array([[1.0]])), 0.4)

    with r.case("the game gain keeps the worst-case gain below gamma; LQR's is larger") as c:
        gs = f.optimal_gamma(A, B, E, Q, R, 0.5, 50.0)
        g2 = 1.2 * gs
        Acl, Ccl = closed(f.game_riccati(A, B, E, Q, R, g2)[1])
        n_game = _toeplitz_gain(Acl, E, Ccl)
        Kl = f.game_riccati(A, B, E, Q, R, 1e6)[1]
        n_lqr = _toeplitz_gain(*closed(Kl)[:1], E, closed(Kl)[1])
        r.figure("gamma*, norm at 1.2 gamma*, LQR norm", [gs, n_game, n_lqr])
        c.true(n_game < g2, f"{n_game:.4f} < {g2:.4f}")
        c.true(n_lqr > n_game, f"LQR {n_lqr:.4f} > {n_game:.4f}")
        c.true(
            f.game_riccati(A, B, E, Q, R, 0.98 * gs) is None, "below gamma* there is no solution"
        )

    with r.case("scalar plants: gamma* = |e| sqrt(1 + (a/b)^2) (deadbeat is optimal)") as c:
        # u = -kx gives peak gain |e| sqrt(1 + k^2) / (1 - |a - bk|), minimised at k = a/b
        # whenever a^2 + b^2 > a > 0 (the kink at a - bk = 0 is the minimum)
        for a, b, e in [(0.5, 1.0, 1.0), (2.0, 1.0, 0.5), (0.9, 2.0, 1.0)]:
            g = f.optimal_gamma(
                np.array([[a]]), np.array([[b]]), np.array([[e]]), np.eye(1), np.eye(1), 0.05, 20.0
            )
            c.close(g, abs(e) * np.sqrt(1 + (a / b) ** 2), rtol=1e-6)

    with r.case("no stabilising gain tried beats gamma*") as c:
        rng = np.random.default_rng(0)
        Kl = f.game_riccati(A, B, E, Q, R, 1e6)[1]
        Kg = f.game_riccati(A, B, E, Q, R, 1.05 * gs)[1]
        worst_ok = True
        for K in [Kl, Kg] + [Kg + 0.2 * rng.normal(size=(1, 2)) for _ in range(5)]:
            Acl, Ccl = closed(K)
            if np.abs(np.linalg.eigvals(Acl)).max() < 0.995:
                worst_ok &= _toeplitz_gain(Acl, E, Ccl) >= gs * (1 - 1e-2)
        c.true(bool(worst_ok), f"gamma* = {gs:.4f}")
        nK = _toeplitz_gain(*closed(Kg)[:1], E, closed(Kg)[1])
        c.true(nK < 1.05 * gs, f"the game gain at 1.05 gamma*: {nK:.4f}")
    return r


if __name__ == "__main__":
    main(run)
