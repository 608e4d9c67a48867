"""transfer-functions: block-diagram algebra with polynomials vs a state-space model.

Follows Astrom & Murray, Feedback Systems 2e, ch. 9 (Transfer Functions): series,
parallel and feedback connections combine as G1 G2, G1 + G2 and G/(1+GH). The
rational functions built by polynomial algebra are compared with C (sI - A)^-1 B + D
of an independently assembled state-space interconnection, and closed-loop poles
with the eigenvalues of that state matrix.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

P = np.polynomial.polynomial  # coefficient arrays in increasing powers of s


def tf_eval(num, den, s):
    return P.polyval(s, num) / P.polyval(s, den)


def ss_eval(A, B, C, D, s):
    n = A.shape[0]
    return (C @ np.linalg.solve(s * np.eye(n) - A, B) + D).item()


def ss_of_tf(num, den):
    """Controllable canonical realisation of a strictly proper num/den."""
    den = np.asarray(den, float)
    num = np.pad(np.asarray(num, float), (0, len(den) - 1 - len(num)))
    a = den[:-1] / den[-1]
    n = len(a)
    A = np.zeros((n, n))
    A[:-1, 1:] = np.eye(n - 1)
    A[-1, :] = -a
    B = np.zeros((n, 1))
    B[-1, 0] = 1.0
    C = (num / den[-1]).reshape(1, n)
    return A, B, C, np.zeros((1, 1))


def run() -> Report:
    r = Report("Transfer functions: block algebra vs state-space interconnection")
    G = ([2.0], [2.0, 3.0, 1.0])  # plant 2 / (s^2 + 3 s + 2)
    C_ = ([3.0, 1.0], [0.0, 1.0])  # PI controller (s + 3) / s
    H = ([5.0], [5.0, 1.0])  # sensor filter 5 / (s + 5)

    # block algebra: L = C G, closed loop T = L / (1 + L H) from r to y
    Ln, Ld = P.polymul(C_[0], G[0]), P.polymul(C_[1], G[1])
    Tn = P.polymul(Ln, H[1])
    Td = P.polyadd(P.polymul(Ld, H[1]), P.polymul(Ln, H[0]))

    # state-space interconnection: x = [plant; controller; sensor]
    Ag, Bg, Cg, _ = ss_of_tf(*G)
    Ac, Bc, Cc, Dc = (
        np.zeros((1, 1)),
        np.ones((1, 1)),
        np.array([[3.0]]),
        np.ones((1, 1)),
    )  # u = e + 3 z, z' = e
    Ah, Bh, Ch, _ = ss_of_tf(*H)
    # e = r - Ch xh ; u = Dc e + Cc z ; y = Cg xg
    A = np.block(
        [
            [Ag, Bg @ Cc, -Bg @ Dc @ Ch],
            [np.zeros((1, 2)), Ac, -Bc @ Ch],
            [Bh @ Cg, np.zeros((1, 1)), Ah],
        ]
    )
    B = np.vstack([Bg @ Dc, Bc, np.zeros((1, 1))])
    Cy = np.hstack([Cg, np.zeros((1, 2))])

    s_pts = np.array([0.3 + 0.1j, 1j, 2.0 + 5j, -0.7 + 3j, 10.0])
    t_block = np.array([tf_eval(Tn, Td, s) for s in s_pts])
    t_ss = np.array([ss_eval(A, B, Cy, 0.0, s) for s in s_pts])
    r.figure("closed-loop denominator (increasing powers)", np.round(Td, 6).tolist())
    r.check_close(
        "T(s) from block algebra = C(sI-A)^-1 B (real part)",
        t_block.real,
        t_ss.real,
        rtol=1e-10,
        atol=1e-12,
    )
    r.check_close(
        "T(s) from block algebra = C(sI-A)^-1 B (imag part)",
        t_block.imag,
        t_ss.imag,
        rtol=1e-10,
        atol=1e-12,
    )

    poles_tf = np.sort_complex(P.polyroots(Td))
    poles_ss = np.sort_complex(np.linalg.eigvals(A))
    r.figure("closed-loop poles", [complex(np.round(p, 4)) for p in poles_tf])
    r.check_close(
        "closed-loop poles = eigenvalues of interconnected A",
        np.abs(poles_tf - poles_ss),
        np.zeros(4),
        atol=1e-8,
    )

    # integral action: T(0) = 1 (zero steady-state error), sensor gain H(0) = 1
    r.check_close(
        "DC gain T(0) = 1 thanks to the integrator", tf_eval(Tn, Td, 0.0), 1.0, rtol=1e-12
    )

    # series and parallel rules against direct products and sums of evaluations
    s0 = 0.5 + 2j
    ser = tf_eval(P.polymul(G[0], H[0]), P.polymul(G[1], H[1]), s0)
    par = tf_eval(
        P.polyadd(P.polymul(G[0], H[1]), P.polymul(H[0], G[1])), P.polymul(G[1], H[1]), s0
    )
    g, h = tf_eval(*G, s0), tf_eval(*H, s0)
    r.check_close(
        "series = product, parallel = sum",
        [abs(ser - g * h), abs(par - (g + h))],
        [0, 0],
        atol=1e-13,
    )
    return r


if __name__ == "__main__":
    main(run)
