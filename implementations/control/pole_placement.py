"""pole-placement: choose u = -K x so that eig(A - BK) are the poles we ask for.

Follows Astrom & Murray, Feedback Systems 2e, ch. 7 (State Feedback: eigenvalue
assignment via the reachable canonical form). The learner writes Ackermann's formula
K = e_n' W^-1 phi(A) and the observer gain by duality. Checks compare with
numpy.linalg.eigvals(A - BK) (the requested poles), with scipy.signal.place_poles (for
single input the gain is unique), with coefficient matching in the reachable canonical
form, with the observer poles eig(A - LC), and with the decay rate of the closed loop
with observer (separation principle: the slowest pole decides).
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import expm
from scipy.signal import place_poles

from implementations._common import Report, main, solution

EXERCISE = ["ackermann", "observer_gain"]

DOC_ZH = {
    "ackermann": """Ackermann 公式：单输入系统的状态反馈增益 K = e_n' W^-1 phi(A)，使 eig(A - BK) 为给定极点。

W = [B, AB, ..., A^(n-1) B] 是可控性矩阵，phi 是以期望极点为根的首一多项式。
输入：A，形状 (n, n)；B，形状 (n, 1)，(A, B) 可控；poles，n 个期望极点（复数成共轭对）。
输出：形状 (1, n) 的实数组 K。

>>> np.round(ackermann(np.array([[0.0, 1.0], [0.0, 0.0]]), np.array([[0.0], [1.0]]), [-1.0, -2.0]), 6).tolist()
[[2.0, 3.0]]
""",
    "observer_gain": """单输出观测器增益 L，使 eig(A - L C) 为给定极点（对偶：对 (A', C') 做极点配置）。

输入：A，形状 (n, n)；C，形状 (1, n)，(A, C) 可观；poles，n 个期望极点。
输出：形状 (n, 1) 的数组 L。

>>> np.round(observer_gain(np.array([[0.0, 1.0], [0.0, 0.0]]), np.array([[1.0, 0.0]]), [-1.0, -2.0]), 6).tolist()
[[3.0], [2.0]]
""",
}

HINTS = {
    "en": (
        "By Cayley-Hamilton, phi(A) written in powers of A can be read through the "
        "controllability matrix; an observer is state feedback for the transposed system.",
        "phi = numpy.poly(poles) (real part); phi(A) = sum_i phi[i] A^(n-i); "
        "K = e_n' solve(W, phi(A)) with W = [B, AB, ..., A^(n-1)B]. Observer: "
        "L = ackermann(A', C', poles)'.",
    ),
    "zh": (
        "由 Cayley-Hamilton 定理，用 A 的幂写出的 phi(A) 可以通过可控性矩阵读出；观测器就是转置系统的状态反馈。",
        "phi = numpy.poly(poles)（取实部）；phi(A) = Σ_i phi[i] A^(n-i)；K = e_n' solve(W, phi(A))，"
        "W = [B, AB, ..., A^(n-1)B]。观测器：L = ackermann(A', C', poles)'。",
    ),
}


def ackermann(A, B, poles):
    """Ackermann's formula K = e_n' W^-1 phi(A) placing eig(A - BK) at the given poles (one input).

    W = [B, AB, ..., A^(n-1) B] is the controllability matrix and phi the monic polynomial
    with the requested roots. Input: A, shape (n, n); B, shape (n, 1) with (A, B)
    controllable; poles, n poles (complex ones in conjugate pairs). Output: K, a real
    (1, n) array.

    >>> np.round(ackermann(np.array([[0.0, 1.0], [0.0, 0.0]]), np.array([[0.0], [1.0]]), [-1.0, -2.0]), 6).tolist()
    [[2.0, 3.0]]
    """
    n = A.shape[0]
    phi = np.real(np.poly(poles))  # desired characteristic polynomial
    phiA = sum(c * np.linalg.matrix_power(A, n - i) for i, c in enumerate(phi))
    W = np.hstack([np.linalg.matrix_power(A, k) @ B for k in range(n)])
    en = np.zeros((1, n))
    en[0, -1] = 1.0
    return en @ np.linalg.solve(W, phiA)


def observer_gain(A, C, poles):
    """Observer gain L placing eig(A - L C) at the given poles (duality: place on (A', C')).

    Input: A, shape (n, n); C, shape (1, n) with (A, C) observable; poles, n poles.
    Output: L, shape (n, 1).

    >>> np.round(observer_gain(np.array([[0.0, 1.0], [0.0, 0.0]]), np.array([[1.0, 0.0]]), [-1.0, -2.0]), 6).tolist()
    [[3.0], [2.0]]
    """
    return ackermann(A.T, C.T, poles).T


def _canonical(A, B, poles):
    """Reference: reachable canonical form (first row -a1..-an, B = e1), there K~ = p - a."""
    n = A.shape[0]
    a = np.poly(A)[1:]
    p = np.real(np.poly(poles))[1:]
    Ac = np.zeros((n, n))
    Ac[0, :] = -a
    Ac[1:, :-1] = np.eye(n - 1)
    Bc = np.zeros((n, 1))
    Bc[0, 0] = 1.0
    ctrb = lambda A, B: np.hstack([np.linalg.matrix_power(A, k) @ B for k in range(n)])
    return (p - a).reshape(1, n) @ ctrb(Ac, Bc) @ np.linalg.inv(ctrb(A, B))  # z = T x


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Pole placement: Ackermann vs canonical form vs eigenvalues")
    # linearised inverted pendulum on a cart (unstable), states [x, th, x', th']
    A = np.array([[0, 0, 1, 0], [0, 0, 0, 1], [0, -1.0, -0.1, 0], [0, 21.0, 0.2, 0]], float)
    B = np.array([[0.0], [0.0], [1.0], [-2.0]])
    poles = np.array([-1.0, -2.0, -1.5 + 1j, -1.5 - 1j])
    r.figure("open-loop eigenvalues", np.round(np.sort_complex(np.linalg.eigvals(A)), 4).tolist())

    with r.case("Ackermann K = canonical-form K = scipy place_poles") as c:
        K1 = np.asarray(f.ackermann(A, B, poles))
        r.figure("K (Ackermann)", np.round(K1.ravel(), 5).tolist())
        c.close(K1, _canonical(A, B, poles), rtol=1e-8, atol=1e-9)
        c.close(K1, place_poles(A, B, poles).gain_matrix, rtol=1e-8, atol=1e-9)

    with r.case("eig(A - BK) = requested poles") as c:
        K1 = np.asarray(f.ackermann(A, B, poles))
        got = np.sort_complex(np.linalg.eigvals(A - B @ K1))
        c.close(np.abs(got - np.sort_complex(poles)), np.zeros(4), atol=1e-8)
        A3, B3 = rng.normal(size=(3, 3)), rng.normal(size=(3, 1))
        p3 = np.array([-0.5, 0.3, 0.9])  # discrete-time style poles, one of them positive
        got = np.sort(np.linalg.eigvals(A3 - B3 @ np.asarray(f.ackermann(A3, B3, p3))).real)
        c.close(got, np.sort(p3), rtol=1e-8, atol=1e-10)

    Cc = np.array([[1.0, 1.0, 0.0, 0.0]])  # one measured output y = x + th
    obs_poles = np.array([-4.0, -5.0, -6.0, -7.0])
    with r.case("eig(A - L c) = observer poles (duality)") as c:
        L = np.asarray(f.observer_gain(A, Cc, obs_poles))
        c.equal(L.shape, (4, 1))
        c.close(np.sort(np.linalg.eigvals(A - L @ Cc).real), np.sort(obs_poles), rtol=1e-8)
        c.close(L, place_poles(A.T, Cc.T, obs_poles).gain_matrix.T, rtol=1e-8, atol=1e-9)

    with r.case("decay rate = slowest pole (-1)") as c:
        K1, L = np.asarray(f.ackermann(A, B, poles)), np.asarray(f.observer_gain(A, Cc, obs_poles))
        Acl = np.block([[A - B @ K1, B @ K1], [np.zeros((4, 4)), A - L @ Cc]])  # states [x, e]
        Ad = expm(Acl * 0.01)
        x, norms = np.r_[0.1, 0.2, 0, 0, 0.05, -0.05, 0, 0], []
        for _ in range(2000):
            x = Ad @ x
            norms.append(np.linalg.norm(x))
        rate = np.log(norms[1999] / norms[1499]) / 5.0
        r.figure("measured decay rate", rate)
        c.close(rate, -1.0, rtol=0.05)
    return r


if __name__ == "__main__":
    main(run)
