"""pole-placement: choose u = -K x so that eig(A - BK) are the poles we ask for.

Follows Astrom & Murray, Feedback Systems 2e, ch. 7 (State Feedback: eigenvalue
assignment via the reachable canonical form). Two independent constructions of K,
Ackermann's formula K = e_n' W^-1 phi(A) and coefficient matching in the reachable
canonical form, must agree, and numpy.linalg.eigvals(A - BK) must return the requested
poles. An observer gain L is placed by duality and the closed-loop simulation must
settle with the predicted decay rate.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def ctrb(A, B):
    return np.hstack([np.linalg.matrix_power(A, k) @ B for k in range(A.shape[0])])


def ackermann(A, B, poles):
    n = A.shape[0]
    phi = np.real(np.poly(poles))  # desired char. polynomial coefficients
    phiA = sum(c * np.linalg.matrix_power(A, n - i) for i, c in enumerate(phi))
    en = np.zeros((1, n))
    en[0, -1] = 1.0
    return en @ np.linalg.solve(ctrb(A, B), phiA)


def canonical(A, B, poles):
    """Reachable canonical form (first row -a1..-an, B = e1): there K~ = p - a."""
    n = A.shape[0]
    a = np.poly(A)[1:]
    p = np.real(np.poly(poles))[1:]
    Ac = np.zeros((n, n))
    Ac[0, :] = -a
    Ac[1:, :-1] = np.eye(n - 1)
    Bc = np.zeros((n, 1))
    Bc[0, 0] = 1.0
    T = ctrb(Ac, Bc) @ np.linalg.inv(ctrb(A, B))  # z = T x
    return (p - a).reshape(1, n) @ T


def run() -> Report:
    r = Report("Pole placement: Ackermann vs canonical form vs eigenvalues")
    # linearised inverted pendulum on a cart (unstable), states [x, th, x', th']
    A = np.array([[0, 0, 1, 0], [0, 0, 0, 1], [0, -1.0, -0.1, 0], [0, 21.0, 0.2, 0]], float)
    B = np.array([[0.0], [0.0], [1.0], [-2.0]])
    poles = np.array([-1.0, -2.0, -1.5 + 1j, -1.5 - 1j])
    r.figure("open-loop eigenvalues", np.round(np.sort_complex(np.linalg.eigvals(A)), 4).tolist())

    K1, K2 = ackermann(A, B, poles), canonical(A, B, poles)
    r.figure("K (Ackermann)", np.round(K1.ravel(), 5).tolist())
    r.check_close("Ackermann K = canonical-form K", K1, K2, rtol=1e-8, atol=1e-9)
    got = np.sort_complex(np.linalg.eigvals(A - B @ K1))
    r.check_close(
        "eig(A - BK) = requested poles",
        np.abs(got - np.sort_complex(poles)),
        np.zeros(4),
        atol=1e-8,
    )

    # observer from one measured output y = x + th: place eig(A - L c) by duality on (A', c')
    Cc = np.array([[1.0, 1.0, 0.0, 0.0]])
    obs_poles = np.array([-4.0, -5.0, -6.0, -7.0])
    L = ackermann(A.T, Cc.T, obs_poles).T
    got_o = np.sort(np.linalg.eigvals(A - L @ Cc).real)
    r.check_close("eig(A - L c) = observer poles (duality)", got_o, np.sort(obs_poles), rtol=1e-8)

    # closed loop with the observer: separation principle -> slowest mode decides the decay
    Acl = np.block([[A - B @ K1, B @ K1], [np.zeros((4, 4)), A - L @ Cc]])  # states [x, e]
    dt, x = 0.01, np.r_[0.1, 0.2, 0, 0, 0.05, -0.05, 0, 0]
    Ad = (
        np.eye(8)
        + Acl * dt
        + (Acl @ Acl) * dt**2 / 2
        + (Acl @ Acl @ Acl) * dt**3 / 6
        + np.linalg.matrix_power(Acl, 4) * dt**4 / 24
    )
    norms = []
    for k in range(2000):
        x = Ad @ x
        norms.append(np.linalg.norm(x))
    rate = np.log(norms[1999] / norms[1499]) / (500 * dt)
    r.figure("measured decay rate", rate)
    r.check_close("decay rate = slowest pole (-1)", rate, -1.0, rtol=0.05)
    return r


if __name__ == "__main__":
    main(run)
