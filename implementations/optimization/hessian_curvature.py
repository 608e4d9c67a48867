"""hessian-curvature: the Hessian as the curvature in every direction.

Follows Goodfellow et al. ch. 4 (Jacobian and Hessian, second-derivative test) and
Nocedal & Wright ch. 2. Checks: analytic Hessian vs finite differences; v'Hv vs the 1-D
second derivative along v; Hessian-vector products from two gradients; the Taylor
remainder shrinking as h^3; curvature extremes equal the extreme eigenvalues.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Hessian and curvature")
    n = 4
    B = rng.normal(size=(n, n))
    c = rng.normal(size=n)

    # f(x) = sum cosh(Bx) + (c'x)^3 / 6: smooth, with curvature that varies with x
    def f(x):
        return np.sum(np.cosh(B @ x)) + (c @ x) ** 3 / 6

    def g(x):
        return B.T @ np.sinh(B @ x) + 0.5 * (c @ x) ** 2 * c

    def H(x):
        return B.T @ np.diag(np.cosh(B @ x)) @ B + (c @ x) * np.outer(c, c)

    x = 0.3 * rng.normal(size=n)
    h = 1e-4
    E = np.eye(n)
    H_fd = np.array(
        [
            [
                (
                    f(x + h * (E[i] + E[j]))
                    - f(x + h * (E[i] - E[j]))
                    - f(x - h * (E[i] - E[j]))
                    + f(x - h * (E[i] + E[j]))
                )
                / (4 * h * h)
                for j in range(n)
            ]
            for i in range(n)
        ]
    )
    r.check_close("analytic Hessian = finite differences of f", H(x), H_fd, rtol=1e-5, atol=1e-6)
    r.check("Hessian is symmetric (mixed partials commute)", np.allclose(H(x), H(x).T, atol=1e-12))

    v = rng.normal(size=n)
    v /= np.linalg.norm(v)
    t = 1e-4
    d2 = (f(x + t * v) - 2 * f(x) + f(x - t * v)) / t**2
    r.check_close("curvature v'Hv = d^2/dt^2 f(x + t v)", v @ H(x) @ v, d2, rtol=1e-5)
    hvp = (g(x + t * v) - g(x - t * v)) / (2 * t)  # Hessian-vector product from 2 gradients
    r.check_close("Hv from two gradient evaluations", hvp, H(x) @ v, rtol=1e-6, atol=1e-8)

    # second-order Taylor model: the remainder is O(h^3), so halving h divides it by ~8
    d = rng.normal(size=n)
    rem = []
    for hh in (4e-2, 2e-2, 1e-2):
        s = hh * d
        rem.append(abs(f(x + s) - (f(x) + g(x) @ s + 0.5 * s @ H(x) @ s)))
    ratios = [float(rem[0] / rem[1]), float(rem[1] / rem[2])]
    r.figure("Taylor remainder ratios when h halves", [round(q, 3) for q in ratios])
    r.check(
        "remainder of the quadratic model shrinks ~8x per halving (cubic order)",
        all(6.5 < q < 9.5 for q in ratios),
        f"{[round(q, 3) for q in ratios]}",
    )

    # curvature extremes over unit directions are the extreme eigenvalues (Rayleigh quotient)
    lam = np.linalg.eigvalsh(H(x))
    V = rng.normal(size=(20000, n))
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    curv = np.einsum("ij,jk,ik->i", V, H(x), V)
    r.figure("eigenvalues of H(x)", lam.round(4).tolist())
    r.check(
        "sampled curvatures lie in [lambda_min, lambda_max]",
        curv.min() >= lam[0] - 1e-10 and curv.max() <= lam[-1] + 1e-10,
    )
    r.check(
        "the sampled extremes come within 2% of the eigenvalue range",
        curv.max() > lam[-1] - 0.02 * (lam[-1] - lam[0])
        and curv.min() < lam[0] + 0.02 * (lam[-1] - lam[0]),
    )
    return r


if __name__ == "__main__":
    main(run)
