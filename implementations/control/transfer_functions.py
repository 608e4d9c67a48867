"""transfer-functions: block-diagram algebra with polynomials vs a state-space model.

Follows Astrom & Murray, Feedback Systems 2e, ch. 9 (Transfer Functions): series,
parallel and feedback connections combine as G1 G2, G1 + G2 and G/(1+GH). The learner
writes these rules on (numerator, denominator) coefficient arrays. Checks compare the
rational functions with direct products, sums and quotients of evaluations, with
C (sI - A)^-1 B of an independently assembled state-space interconnection, the
closed-loop poles with the eigenvalues of that state matrix, and the DC gain with 1
(integral action).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

P = np.polynomial.polynomial  # coefficient arrays in increasing powers of s

EXERCISE = ["tf_series", "tf_parallel", "tf_feedback"]

DOC_ZH = {
    "tf_series": """串联：G1 G2。传递函数写成 (num, den)，系数按 s 的升幂排列（np.polynomial 约定）。

输入：G1、G2，各为 (num, den) 元组。
输出：(num, den)，num = num1 num2，den = den1 den2。

>>> [c.tolist() for c in tf_series(([1.0], [1.0, 1.0]), ([2.0], [0.0, 1.0]))]
[[2.0], [0.0, 1.0, 1.0]]
""",
    "tf_parallel": """并联：G1 + G2 = (num1 den2 + num2 den1) / (den1 den2)。

输入：G1、G2，各为 (num, den)，升幂系数。
输出：(num, den)。

>>> [c.tolist() for c in tf_parallel(([1.0], [1.0, 1.0]), ([2.0], [0.0, 1.0]))]
[[2.0, 3.0], [0.0, 1.0, 1.0]]
""",
    "tf_feedback": """负反馈：前向 G、反馈通道 H 的闭环 G / (1 + G H) = (nG dH) / (dG dH + nG nH)。

输入：G、H，各为 (num, den)，升幂系数。
输出：(num, den)。

>>> [c.tolist() for c in tf_feedback(([1.0], [0.0, 1.0]), ([3.0], [1.0]))]
[[1.0], [3.0, 1.0]]
""",
}

HINTS = {
    "en": (
        "Write each connection as one fraction and clear denominators; polynomial products "
        "and sums do the rest.",
        "Series: (n1 n2, d1 d2). Parallel: (n1 d2 + n2 d1, d1 d2). Feedback: y = G (r - H y) "
        "gives (nG dH, dG dH + nG nH). Use numpy.polynomial.polynomial.polymul / polyadd "
        "(increasing powers).",
    ),
    "zh": (
        "把每种连接写成一个分式并通分；剩下的交给多项式的乘法和加法。",
        "串联：(n1 n2, d1 d2)。并联：(n1 d2 + n2 d1, d1 d2)。反馈：y = G (r - H y) 得 "
        "(nG dH, dG dH + nG nH)。用 numpy.polynomial.polynomial.polymul / polyadd（升幂）。",
    ),
}


def tf_series(G1, G2):
    """Series connection G1 G2 of transfer functions given as (num, den), coefficients in increasing powers of s.

    Input: G1, G2, (num, den) tuples. Output: (num1 num2, den1 den2).

    >>> [c.tolist() for c in tf_series(([1.0], [1.0, 1.0]), ([2.0], [0.0, 1.0]))]
    [[2.0], [0.0, 1.0, 1.0]]
    """
    return P.polymul(G1[0], G2[0]), P.polymul(G1[1], G2[1])


def tf_parallel(G1, G2):
    """Parallel connection G1 + G2 = (num1 den2 + num2 den1) / (den1 den2).

    Input: G1, G2, (num, den) tuples, increasing powers. Output: (num, den).

    >>> [c.tolist() for c in tf_parallel(([1.0], [1.0, 1.0]), ([2.0], [0.0, 1.0]))]
    [[2.0, 3.0], [0.0, 1.0, 1.0]]
    """
    num = P.polyadd(P.polymul(G1[0], G2[1]), P.polymul(G2[0], G1[1]))
    return num, P.polymul(G1[1], G2[1])


def tf_feedback(G, H):
    """Negative feedback G / (1 + G H) = (nG dH) / (dG dH + nG nH), forward path G, feedback path H.

    Input: G, H, (num, den) tuples, increasing powers. Output: (num, den).

    >>> [c.tolist() for c in tf_feedback(([1.0], [0.0, 1.0]), ([3.0], [1.0]))]
    [[1.0], [3.0, 1.0]]
    """
    return P.polymul(G[0], H[1]), P.polyadd(P.polymul(G[1], H[1]), P.polymul(G[0], H[0]))


def tf_eval(G, s):
    return P.polyval(s, G[0]) / P.polyval(s, G[1])


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
    return A, B, (num / den[-1]).reshape(1, n)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Transfer functions: block algebra vs state-space interconnection")
    G = ([2.0], [2.0, 3.0, 1.0])  # plant 2 / (s^2 + 3 s + 2)
    C_ = ([3.0, 1.0], [0.0, 1.0])  # PI controller (s + 3) / s
    H = ([5.0], [5.0, 1.0])  # sensor filter 5 / (s + 5)
    s_pts = np.array([0.3 + 0.1j, 1j, 2.0 + 5j, -0.7 + 3j, 10.0])

    # state-space interconnection: x = [plant; controller; sensor]; e = r - y_h,
    # u = e + 3 z, z' = e, y = plant output
    Ag, Bg, Cg = ss_of_tf(*G)
    Ah, Bh, Ch = ss_of_tf(*H)
    A = np.block(
        [
            [Ag, 3 * Bg, -Bg @ Ch],
            [np.zeros((1, 2)), np.zeros((1, 1)), -Ch],
            [Bh @ Cg, np.zeros((1, 1)), Ah],
        ]
    )
    B = np.vstack([Bg, np.ones((1, 1)), np.zeros((1, 1))])
    Cy = np.hstack([Cg, np.zeros((1, 2))])
    t_ss = np.array([(Cy @ np.linalg.solve(s * np.eye(4) - A, B)).item() for s in s_pts])

    def closed_loop():
        return f.tf_feedback(f.tf_series(C_, G), H)

    with r.case("T(s) from block algebra = C(sI-A)^-1 B") as c:
        T = closed_loop()
        r.figure(
            "closed-loop denominator (increasing powers)", np.round(np.asarray(T[1]), 6).tolist()
        )
        t_block = np.array([tf_eval(T, s) for s in s_pts])
        c.close(t_block.real, t_ss.real, rtol=1e-10, atol=1e-12)
        c.close(t_block.imag, t_ss.imag, rtol=1e-10, atol=1e-12)

    with r.case("closed-loop poles = eigenvalues of interconnected A") as c:
        T = closed_loop()
        poles_tf = np.sort_complex(P.polyroots(T[1]))
        r.figure("closed-loop poles", [complex(np.round(p, 4)) for p in poles_tf])
        c.equal(len(poles_tf), 4)
        c.close(np.abs(poles_tf - np.sort_complex(np.linalg.eigvals(A))), np.zeros(4), atol=1e-8)

    with r.case("DC gain T(0) = 1 thanks to the integrator") as c:
        c.close(tf_eval(closed_loop(), 0.0), 1.0, rtol=1e-12)

    with r.case("series = product, parallel = sum, feedback = G/(1+GH) of evaluations") as c:
        for _ in range(5):
            G1 = (rng.normal(size=2), rng.normal(size=3))
            G2 = (rng.normal(size=3), rng.normal(size=4))
            s0 = complex(*rng.normal(size=2))
            g1, g2 = tf_eval(G1, s0), tf_eval(G2, s0)
            c.close(
                abs(tf_eval(f.tf_series(G1, G2), s0) - g1 * g2), 0.0, atol=1e-9 * (1 + abs(g1 * g2))
            )
            c.close(
                abs(tf_eval(f.tf_parallel(G1, G2), s0) - (g1 + g2)),
                0.0,
                atol=1e-9 * (1 + abs(g1 + g2)),
            )
            fb = g1 / (1 + g1 * g2)
            c.close(abs(tf_eval(f.tf_feedback(G1, G2), s0) - fb), 0.0, atol=1e-9 * (1 + abs(fb)))

    with r.case("coefficients by hand") as c:
        num, den = f.tf_parallel(([1.0], [1.0, 1.0]), ([1.0], [2.0, 1.0]))  # 1/(s+1) + 1/(s+2)
        c.close(num, [3.0, 2.0], rtol=1e-15)
        c.close(den, [2.0, 3.0, 1.0], rtol=1e-15)
        num, den = f.tf_feedback(([4.0], [0.0, 1.0]), ([1.0], [1.0]))  # 4/s, unity feedback
        c.close(num, [4.0], rtol=1e-15)
        c.close(den, [4.0, 1.0], rtol=1e-15)
    return r


if __name__ == "__main__":
    main(run)
