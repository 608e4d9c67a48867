"""hessian-curvature: the Hessian as the curvature in every direction.

Follows Goodfellow et al. ch. 4 (Jacobian and Hessian, second-derivative test) and
Nocedal & Wright ch. 2. Checks: a finite-difference Hessian from function values vs the
analytic Hessian of a non-quadratic function and vs Q for a quadratic; the second
difference along v vs v'Hv; Hessian-vector products from two gradients vs H v; the Taylor
remainder of the quadratic model built from the finite-difference Hessian shrinking as h^3;
sampled curvatures lying between the extreme eigenvalues.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["fd_hessian", "hvp", "curvature"]

DOC_ZH = {
    "fd_hessian": """只用函数值的有限差分 Hessian：
H_ij ≈ [f(x + h(e_i+e_j)) - f(x + h(e_i-e_j)) - f(x - h(e_i-e_j)) + f(x - h(e_i+e_j))] / (4h^2)。

输入：fun，标量函数；x，长度 n 的点；h，步长。
输出：(n, n) 对称矩阵。

>>> np.round(fd_hessian(lambda z: z[0] ** 2 * z[1], np.array([1.0, 2.0])), 4).tolist()
[[4.0, 2.0], [2.0, 0.0]]
""",
    "hvp": """用两次梯度计算 Hessian-向量积：Hv ≈ (grad(x + t v) - grad(x - t v)) / (2t)。

输入：grad，梯度函数；x，点；v，方向；t，步长。
输出：长度 n 的数组，不需要构造 H。

>>> np.round(hvp(lambda z: np.array([2 * z[0] * z[1], z[0] ** 2]), np.array([1.0, 2.0]), np.array([1.0, 0.0])), 6).tolist()
[4.0, 2.0]
""",
    "curvature": """沿方向 v 的二阶差分 (f(x + t v) - 2 f(x) + f(x - t v)) / t^2 ≈ v'H v。

输入：fun，标量函数；x，点；v，方向（v 为单位向量时就是该方向的曲率）；t，步长。
输出：一个 float。

>>> round(curvature(lambda z: z @ z, np.array([1.0, 2.0]), np.array([0.6, 0.8])), 6)
2.0
""",
}

HINTS = {
    "en": (
        "Every second derivative is a difference of differences; along a line it is a 1-D "
        "second derivative, and gradients already hold one derivative.",
        "Use the four-point formula with e_i +- e_j for H_ij; Hv is the central difference of "
        "the gradient along v; v'Hv is the central second difference of f along v.",
    ),
    "zh": (
        "二阶导数就是差分的差分；沿一条直线它是一维二阶导数，而梯度本身已含一阶导数。",
        "H_ij 用 e_i +- e_j 的四点公式；Hv 是梯度沿 v 的中心差分；v'Hv 是 f 沿 v 的中心二阶差分。",
    ),
}


def fd_hessian(fun, x, h=1e-4):
    """Finite-difference Hessian from function values only (four-point formula).

    H_ij ~ [f(x + h(e_i+e_j)) - f(x + h(e_i-e_j)) - f(x - h(e_i-e_j)) + f(x - h(e_i+e_j))] / (4h^2).
    Input: fun, a scalar function; x, a point of length n; h, the step.
    Output: a symmetric (n, n) matrix.

    >>> np.round(fd_hessian(lambda z: z[0] ** 2 * z[1], np.array([1.0, 2.0])), 4).tolist()
    [[4.0, 2.0], [2.0, 0.0]]
    """
    n = len(x)
    E = np.eye(n)
    H = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            a, b = h * (E[i] + E[j]), h * (E[i] - E[j])
            H[i, j] = (fun(x + a) - fun(x + b) - fun(x - b) + fun(x - a)) / (4 * h * h)
    return H


def hvp(grad, x, v, t=1e-4):
    """Hessian-vector product from two gradients: Hv ~ (grad(x + t v) - grad(x - t v)) / (2t).

    Input: grad, the gradient function; x, the point; v, the direction; t, the step.
    Output: an array of n numbers, without ever forming H.

    >>> np.round(hvp(lambda z: np.array([2 * z[0] * z[1], z[0] ** 2]), np.array([1.0, 2.0]), np.array([1.0, 0.0])), 6).tolist()
    [4.0, 2.0]
    """
    return (grad(x + t * v) - grad(x - t * v)) / (2 * t)


def curvature(fun, x, v, t=1e-4):
    """Second difference along v: (f(x + t v) - 2 f(x) + f(x - t v)) / t^2 ~ v'Hv.

    Input: fun, a scalar function; x, the point; v, the direction (a unit v gives the
    curvature in that direction); t, the step. Output: a float.

    >>> round(curvature(lambda z: z @ z, np.array([1.0, 2.0]), np.array([0.6, 0.8])), 6)
    2.0
    """
    return float((fun(x + t * v) - 2 * fun(x) + fun(x - t * v)) / t**2)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Hessian and curvature")
    n = 4
    B = rng.normal(size=(n, n))
    c0 = rng.normal(size=n)

    # F(x) = sum cosh(Bx) + (c'x)^3 / 6: smooth, with curvature that varies with x
    def F(x):
        return np.sum(np.cosh(B @ x)) + (c0 @ x) ** 3 / 6

    def g(x):
        return B.T @ np.sinh(B @ x) + 0.5 * (c0 @ x) ** 2 * c0

    def H(x):
        return B.T @ np.diag(np.cosh(B @ x)) @ B + (c0 @ x) * np.outer(c0, c0)

    x = 0.3 * rng.normal(size=n)
    with r.case("analytic Hessian = finite differences of f") as c:
        c.close(f.fd_hessian(F, x), H(x), rtol=1e-5, atol=1e-6)
        c.close(f.fd_hessian(F, x, 1e-3), H(x), rtol=1e-4, atol=1e-5)
    with r.case(
        "quadratic 1/2 x'Qx + c'x: finite-difference Hessian = Q (non-symmetric input Q)"
    ) as c:
        M = rng.normal(size=(n, n))  # the Hessian of 1/2 x'Mx is (M + M')/2
        Hq = f.fd_hessian(lambda z: 0.5 * z @ M @ z + c0 @ z, x)
        c.close(Hq, (M + M.T) / 2, atol=1e-6)
        c.close(Hq, Hq.T, atol=1e-12)  # mixed partials commute

    v = rng.normal(size=n)
    v /= np.linalg.norm(v)
    with r.case("curvature v'Hv = d^2/dt^2 f(x + t v)") as c:
        c.close(f.curvature(F, x, v), v @ H(x) @ v, rtol=1e-5)
        c.close(f.curvature(F, x, 2 * v, 5e-5), 4 * v @ H(x) @ v, rtol=1e-5)
        c.close(
            f.curvature(lambda z: z[0] ** 2 - 3 * z[1] ** 2, x[:2], np.array([0.0, 1.0])),
            -6.0,
            rtol=1e-6,
        )
    with r.case("Hv from two gradient evaluations") as c:
        c.close(f.hvp(g, x, v), H(x) @ v, rtol=1e-6, atol=1e-8)
        c.close(f.hvp(g, x, 3 * v, 1e-5), 3 * H(x) @ v, rtol=1e-6, atol=1e-8)

    # z^4 at 0 has zero curvature; each formula returns its known truncation error instead
    with r.case("default steps 1e-4: truncation errors 8h^2, t^2, 2t^2 of z^4 at 0") as c:
        z0, e1 = np.zeros(1), np.ones(1)
        c.close(f.fd_hessian(lambda z: z[0] ** 4, z0), [[8e-8]], rtol=1e-6)
        c.close(f.hvp(lambda z: z**3, z0, e1), [1e-8], rtol=1e-6)
        c.close(f.curvature(lambda z: z[0] ** 4, z0, e1), 2e-8, rtol=1e-6)

    # second-order Taylor model: the remainder is O(h^3), so halving h divides it by ~8
    d = rng.normal(size=n)
    with r.case("remainder of the quadratic model shrinks ~8x per halving (cubic order)") as c:
        Hfd = f.fd_hessian(F, x)
        rem = []
        for hh in (4e-2, 2e-2, 1e-2):
            s = hh * d
            rem.append(abs(F(x + s) - (F(x) + g(x) @ s + 0.5 * s @ Hfd @ s)))
        ratios = [float(rem[0] / rem[1]), float(rem[1] / rem[2])]
        r.figure("Taylor remainder ratios when h halves", [round(q, 3) for q in ratios])
        c.true(all(6.5 < q < 9.5 for q in ratios), f"{[round(q, 3) for q in ratios]}")

    # curvature extremes over unit directions are the extreme eigenvalues (Rayleigh quotient)
    lam = np.linalg.eigvalsh(H(x))
    r.figure("eigenvalues of H(x)", lam.round(4).tolist())
    V = rng.normal(size=(400, n))
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    with r.case("sampled curvatures lie in [lambda_min, lambda_max]") as c:
        curv = np.array([f.curvature(F, x, u) for u in V])
        c.true(curv.min() >= lam[0] - 1e-4 and curv.max() <= lam[-1] + 1e-4)
        c.true(
            curv.max() > lam[-1] - 0.1 * (lam[-1] - lam[0])
            and curv.min() < lam[0] + 0.1 * (lam[-1] - lam[0]),
            "and come near both ends",
        )
    with r.case("eigenvectors are the extreme directions: curvature there = lambda") as c:
        w, U = np.linalg.eigh(H(x))
        c.close([f.curvature(F, x, U[:, 0]), f.curvature(F, x, U[:, -1])], [w[0], w[-1]], rtol=1e-5)
    return r


if __name__ == "__main__":
    main(run)
