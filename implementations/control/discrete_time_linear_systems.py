"""discrete-time-linear-systems: x[k+1] = A x[k] + B u[k] and its sampled-data origin.

Follows Murphy, PML2 ch. 29 (state-space models; the linear-Gaussian SSM is this
recursion plus noise) and Hu, Automatic Control Principles ch. 7. The learner writes the
recursion and the zero-order-hold discretisation Ad = e^{FT}, Bd = int_0^T e^{Fs} ds G.
Checks compare the recursion with the convolution formula x[k] = A^k x0 +
sum_j A^(k-1-j) B u[j], with scipy.signal.dlsim and with A^k from the eigendecomposition;
the discretisation with scipy.linalg.expm, scipy.signal.cont2discrete, a Taylor series,
the closed form of the sampled double integrator (singular F) and the pole map
eig(Ad) = exp(T eig(F)).
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import expm
from scipy.signal import cont2discrete, dlsim

from implementations._common import Report, main, solution

EXERCISE = ["simulate", "zoh"]

DOC_ZH = {
    "simulate": """运行线性递推 x[k+1] = A x[k] + B u[k]。

输入：A，形状 (n, n)；B，形状 (n, m)；x0，形状 (n,)；u，形状 (K, m)，第 k 行是 u[k]。
输出：形状 (K+1, n) 的数组，第 k 行是 x[k]（第 0 行是 x0）。

>>> simulate(np.array([[0.5]]), np.array([[1.0]]), np.array([2.0]), np.array([[1.0], [0.0]])).tolist()
[[2.0], [2.0], [1.0]]
""",
    "zoh": """零阶保持离散化：dx/dt = F x + G u，输入在每个采样周期 T 内保持常数。

输入：F，形状 (n, n)（可以奇异，例如积分器）；G，形状 (n, m)；T > 0，采样周期。
输出：(Ad, Bd)，Ad = e^{FT}，形状 (n, n)；Bd = ∫_0^T e^{Fs} ds G，形状 (n, m)。

>>> Ad, Bd = zoh(np.array([[0.0]]), np.array([[1.0]]), 0.5)
>>> Ad.tolist(), Bd.tolist()
([[1.0]], [[0.5]])
""",
}

HINTS = {
    "en": (
        "The recursion is one line inside a loop; for the sampling, ask what the state does "
        "over one period when the input is held constant.",
        "x(T) = e^{FT} x(0) + (int_0^T e^{Fs} ds) G u. Both matrices come from one matrix "
        "exponential (Van Loan): expm(T [[F, G], [0, 0]]) = [[Ad, Bd], [0, I]], which also "
        "works when F is singular (F^-1 (Ad - I) G does not).",
    ),
    "zh": (
        "递推就是循环里的一行；至于采样，想一想输入在一个周期内保持不变时状态会怎样变化。",
        "x(T) = e^{FT} x(0) + (∫_0^T e^{Fs} ds) G u。两个矩阵都来自同一个矩阵指数（Van Loan）："
        "expm(T [[F, G], [0, 0]]) = [[Ad, Bd], [0, I]]，F 奇异时也成立（F^-1 (Ad - I) G 则不行）。",
    ),
}


def simulate(A, B, x0, u):
    """Run the linear recursion x[k+1] = A x[k] + B u[k].

    Input: A, shape (n, n); B, shape (n, m); x0, shape (n,); u, shape (K, m), row k is u[k].
    Output: an array of shape (K+1, n); row k is x[k] (row 0 is x0).

    >>> simulate(np.array([[0.5]]), np.array([[1.0]]), np.array([2.0]), np.array([[1.0], [0.0]])).tolist()
    [[2.0], [2.0], [1.0]]
    """
    x = np.asarray(x0, dtype=float)
    traj = [x]
    for uk in u:
        x = A @ x + B @ uk
        traj.append(x)
    return np.array(traj)


def zoh(F, G, T):
    """Zero-order-hold discretisation of dx/dt = F x + G u with the input held over each period T.

    Input: F, shape (n, n) (may be singular, e.g. an integrator); G, shape (n, m); T > 0.
    Output: (Ad, Bd) with Ad = e^{FT}, shape (n, n), and Bd = int_0^T e^{Fs} ds G, shape (n, m).

    >>> Ad, Bd = zoh(np.array([[0.0]]), np.array([[1.0]]), 0.5)
    >>> Ad.tolist(), Bd.tolist()
    ([[1.0]], [[0.5]])
    """
    n, m = G.shape
    M = np.zeros((n + m, n + m))
    M[:n, :n], M[:n, n:] = F, G  # Van Loan block [[F, G], [0, 0]]
    E = expm(M * T)
    return E[:n, :n], E[:n, n:]


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Discrete-time linear systems: recursion, convolution, sampling")
    A = np.array([[0.9, 0.2, 0.0], [-0.1, 0.8, 0.3], [0.0, -0.2, 0.7]])
    B = np.array([[0.0, 1.0], [0.5, 0.0], [1.0, -0.5]])  # two inputs
    x0 = np.array([1.0, -1.0, 0.5])
    K = 40
    u = rng.normal(size=(K, 2))

    with r.case("recursion = A^k x0 + sum A^(k-1-j) B u_j") as c:
        traj = np.asarray(f.simulate(A, B, x0, u), dtype=float)
        Ak = [np.linalg.matrix_power(A, k) for k in range(K + 1)]
        conv = np.array(
            [
                Ak[k] @ x0 + sum((Ak[k - 1 - j] @ B @ u[j] for j in range(k)), np.zeros(3))
                for k in range(K + 1)
            ]
        )
        c.close(traj, conv, rtol=1e-10, atol=1e-12)

    with r.case("recursion = scipy.signal.dlsim") as c:
        # dlsim reports x[0..K-1] for inputs u[0..K-1]
        _, _, xs = dlsim((A, B, np.eye(3), np.zeros((3, 2)), 1.0), u, x0=x0)
        c.close(np.asarray(f.simulate(A, B, x0, u))[:K], xs, rtol=1e-10, atol=1e-12)

    with r.case("A^25 via eigendecomposition = free response") as c:
        lam, V = np.linalg.eig(A)
        r.figure("spectral radius", float(np.abs(lam).max()))
        X = np.asarray(f.simulate(A, B, x0, np.zeros((25, 2))), dtype=float)
        A25 = (V @ np.diag(lam**25) @ np.linalg.inv(V)).real
        c.close(X[-1], A25 @ x0, rtol=1e-9, atol=1e-12)
        c.equal(X.shape, (26, 3))

    # zero-order hold of a lightly damped oscillator
    F = np.array([[0.0, 1.0], [-2.0, -0.5]])
    G = np.array([[0.0], [1.0]])
    T = 0.1
    with r.case("e^{FT} = scipy expm = Taylor series") as c:
        Ad, _ = f.zoh(F, G, T)
        Ad_s, term = np.eye(2), np.eye(2)
        for n in range(1, 30):
            term = term @ F * T / n
            Ad_s = Ad_s + term
        c.close(Ad, expm(F * T), rtol=1e-12, atol=1e-14)
        c.close(Ad, Ad_s, rtol=1e-12, atol=1e-14)

    with r.case("Bd = series = scipy cont2discrete (two inputs, other T)") as c:
        _, Bd = f.zoh(F, G, T)
        Bd_s, term = np.zeros((2, 1)), np.eye(2)
        for n in range(1, 30):
            Bd_s = Bd_s + term @ G * T / n  # term = (F T)^(n-1)/(n-1)!
            term = term @ F * T / n
        c.close(Bd, Bd_s, rtol=1e-10, atol=1e-14)
        F3 = rng.normal(size=(3, 3))
        G3 = rng.normal(size=(3, 2))
        Ad3, Bd3, *_ = cont2discrete((F3, G3, np.eye(3), np.zeros((3, 2))), 0.37, method="zoh")
        got = f.zoh(F3, G3, 0.37)
        c.close(got[0], Ad3, rtol=1e-10, atol=1e-12)
        c.close(got[1], Bd3, rtol=1e-10, atol=1e-12)

    with r.case("double integrator (singular F): Ad = [[1, T], [0, 1]], Bd = [T^2/2, T]") as c:
        Ad, Bd = f.zoh(np.array([[0.0, 1.0], [0.0, 0.0]]), np.array([[0.0], [1.0]]), 0.3)
        c.close(Ad, [[1.0, 0.3], [0.0, 1.0]], rtol=1e-12, atol=1e-15)
        c.close(Bd, [[0.045], [0.3]], rtol=1e-12, atol=1e-15)

    with r.case("eig(Ad) = exp(T eig(F))") as c:
        Ad, _ = f.zoh(F, G, T)
        got = np.sort_complex(np.linalg.eigvals(Ad))
        c.close(
            np.abs(got - np.sort_complex(np.exp(T * np.linalg.eigvals(F)))),
            0 * got.real,
            atol=1e-12,
        )
    return r


if __name__ == "__main__":
    main(run)
