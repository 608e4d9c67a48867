"""convex-sets-functions: convexity tested by Jensen's inequality and by the Hessian.

Follows Boyd & Vandenberghe ch. 2-3 (definitions, first- and second-order conditions).
Checks compare the Jensen gap and the first-order (tangent-plane) gap with their closed
forms for ||x||^2, test them on log-sum-exp(Ax + b) + ||x||^2 (never negative) and on
sum(sin x) (sometimes negative); the analytic Hessian with central finite differences and
its smallest eigenvalue with the bound 2; polyhedron membership with an explicit loop over
the constraints, and closure of the polyhedron under convex combinations.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["jensen_gap", "first_order_gap", "lse_hessian", "in_polyhedron"]

DOC_ZH = {
    "jensen_gap": """Jensen 间隙 th f(x) + (1-th) f(y) - f(th x + (1-th) y)，逐行计算。

输入：f，对一批点（每行一个点）返回一维数组的函数；X、Y，形状 (m, n) 的两批点；th，长度 m 的混合权重，取值于 [0, 1]。
输出：长度 m 的数组。f 是凸函数当且仅当间隙处处 >= 0。

>>> jensen_gap(lambda z: np.sum(z * z, axis=-1), np.array([[0.0]]), np.array([[2.0]]), np.array([0.5])).tolist()
[1.0]
""",
    "first_order_gap": """一阶条件的间隙 f(y) - f(x) - grad(x)'(y - x)：切平面在 y 处低于 f 多少。

输入：f、grad，单个点上的函数值和梯度；x、y，两个长度 n 的点。
输出：一个 float；可微函数是凸函数当且仅当对所有 x、y 该值 >= 0。

>>> round(first_order_gap(lambda z: z @ z, lambda z: 2 * z, np.array([1.0, 0.0]), np.array([0.0, 2.0])), 6)
5.0
""",
    "lse_hessian": """f(x) = log-sum-exp(Ax + b) + ||x||^2 的 Hessian。

输入：A，(m, n) 矩阵；b，长度 m；x，长度 n 的点。
输出：(n, n) 矩阵 A'(diag(p) - p p')A + 2I，其中 p = softmax(Ax + b)。

>>> np.round(lse_hessian(np.eye(2), np.zeros(2), np.zeros(2)), 6).tolist()
[[2.25, -0.25], [-0.25, 2.25]]
""",
    "in_polyhedron": """判断每个点是否属于多面体 {x : Gx <= h}。

输入：G，(k, n) 矩阵；h，长度 k；P，形状 (m, n) 的一批点（每行一个）；tol，允许的误差。
输出：长度 m 的布尔数组，第 i 个元素为 True 当且仅当所有 k 个约束 G_j'P_i <= h_j + tol 都成立。

>>> in_polyhedron(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([1.0, 1.0]), np.array([[0.5, 0.5], [2.0, 0.0]])).tolist()
[True, False]
""",
}

HINTS = {
    "en": (
        "Each test compares a function with something it must lie below or above: the chord "
        "(Jensen), the tangent plane (first order), or zero curvature (second order).",
        "Jensen gap = chord minus function at the mixed point; first-order gap = f(y) minus the "
        "tangent plane at x; the Hessian of log-sum-exp is A'(diag p - pp')A with p the "
        "softmax; a point is in {Gx <= h} when every row of G x <= h holds.",
    ),
    "zh": (
        "每个检验都把函数和它必须位于其下或其上的东西比较：弦（Jensen）、切平面（一阶）、零曲率（二阶）。",
        "Jensen 间隙 = 弦减去混合点处的函数值；一阶间隙 = f(y) 减去 x 处的切平面；log-sum-exp 的 Hessian 是 "
        "A'(diag p - pp')A，p 为 softmax；点属于 {Gx <= h} 当且仅当 G x <= h 的每一行都成立。",
    ),
}


def jensen_gap(f, X, Y, th):
    """Jensen gap th f(x) + (1-th) f(y) - f(th x + (1-th) y), row by row.

    Input: f, a function of a batch of points (rows) returning a 1-D array; X, Y, arrays
    (m, n); th, m mixing weights in [0, 1]. Output: m gaps; f is convex iff all are >= 0.

    >>> jensen_gap(lambda z: np.sum(z * z, axis=-1), np.array([[0.0]]), np.array([[2.0]]), np.array([0.5])).tolist()
    [1.0]
    """
    t = np.asarray(th)[:, None]
    return th * f(X) + (1 - th) * f(Y) - f(t * X + (1 - t) * Y)


def first_order_gap(f, grad, x, y):
    """First-order gap f(y) - f(x) - grad(x)'(y - x): how far the tangent at x is below f(y).

    Input: f, grad, the value and gradient at one point; x, y, two points of length n.
    Output: a float; a differentiable f is convex iff it is >= 0 for all x, y.

    >>> round(first_order_gap(lambda z: z @ z, lambda z: 2 * z, np.array([1.0, 0.0]), np.array([0.0, 2.0])), 6)
    5.0
    """
    return float(f(y) - f(x) - grad(x) @ (y - x))


def lse_hessian(A, b, x):
    """Hessian of f(x) = log-sum-exp(Ax + b) + ||x||^2.

    Input: A, an (m, n) matrix; b, m numbers; x, a point of length n.
    Output: the (n, n) matrix A'(diag(p) - p p')A + 2I with p = softmax(Ax + b).

    >>> np.round(lse_hessian(np.eye(2), np.zeros(2), np.zeros(2)), 6).tolist()
    [[2.25, -0.25], [-0.25, 2.25]]
    """
    z = A @ x + b
    p = np.exp(z - z.max())
    p = p / p.sum()
    return A.T @ (np.diag(p) - np.outer(p, p)) @ A + 2 * np.eye(A.shape[1])


def in_polyhedron(G, h, P, tol=0.0):
    """Which points lie in the polyhedron {x : Gx <= h}.

    Input: G, a (k, n) matrix; h, k bounds; P, points (m, n) as rows; tol, a slack.
    Output: m booleans, True iff every constraint G_j'P_i <= h_j + tol holds.

    >>> in_polyhedron(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([1.0, 1.0]), np.array([[0.5, 0.5], [2.0, 0.0]])).tolist()
    [True, False]
    """
    return np.all(P @ G.T <= h + tol, axis=1)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Convex sets and convex functions")
    n, m = 4, 6
    A, b = rng.normal(size=(m, n)), rng.normal(size=m)

    # F(x) = log-sum-exp(Ax+b) + ||x||^2: convex (LSE is convex, composition with affine keeps it)
    def F(x):
        z = x @ A.T + b
        zmax = z.max(axis=-1, keepdims=True)
        return np.log(np.exp(z - zmax).sum(axis=-1)) + zmax[..., 0] + np.sum(x * x, axis=-1)

    def grad(x, b=b):
        z = A @ x + b
        p = np.exp(z - z.max())
        return A.T @ (p / p.sum()) + 2 * x

    def sq(x):
        return np.sum(x * x, axis=-1)

    X, Y = rng.normal(size=(2, 2000, n)) * 3
    th = rng.uniform(size=2000)
    with r.case("Jensen gap of ||x||^2 equals th (1-th) ||x - y||^2") as c:
        c.close(f.jensen_gap(sq, X, Y, th), th * (1 - th) * sq(X - Y), rtol=1e-9, atol=1e-9)
    with r.case("Jensen holds on 2000 random pairs") as c:
        gap = f.jensen_gap(F, X, Y, th)
        viol = int(np.sum(gap < -1e-12))
        r.figure("Jensen violations out of 2000", viol)
        c.true(viol == 0 and gap.max() > 1.0, f"{viol} violations")
    # a nonconvex function must fail the same Jensen test (so the test can fail)
    with r.case("Jensen test detects that sum(sin x) is not convex") as c:
        gs = f.jensen_gap(lambda x: np.sin(x).sum(axis=-1), X, Y, th)
        ref = (
            th * np.sin(X).sum(-1)
            + (1 - th) * np.sin(Y).sum(-1)
            - np.sin(th[:, None] * X + (1 - th[:, None]) * Y).sum(-1)
        )
        c.close(gs, ref, rtol=1e-9, atol=1e-12)
        c.true(np.any(gs < -1e-9))

    # first-order condition: f(y) >= f(x) + grad(x).(y-x)
    with r.case("first-order gap of ||x||^2 equals ||y - x||^2") as c:
        got = [f.first_order_gap(sq, lambda z: 2 * z, x, y) for x, y in zip(X[:50], Y[:50])]
        c.close(got, sq(Y[:50] - X[:50]), rtol=1e-9)
    with r.case("tangent plane is a global under-estimator") as c:
        gap = [f.first_order_gap(F, grad, x, y) for x, y in zip(X[:500], Y[:500], strict=True)]
        c.true(min(gap) >= -1e-12 and max(gap) > 1.0, f"min gap {min(gap):.3g}")
        lin = f.first_order_gap(lambda z: 3 * z.sum(), lambda z: np.full(n, 3.0), X[0], Y[0])
        c.close(lin, 0.0, atol=1e-12)  # an affine function is tight everywhere

    # second-order condition: analytic Hessian = central finite differences, and PSD (>= 2I)
    x0 = rng.normal(size=n)
    h = 1e-5
    H_fd = np.array([(grad(x0 + h * e) - grad(x0 - h * e)) / (2 * h) for e in np.eye(n)])
    with r.case("analytic Hessian = finite-difference Hessian") as c:
        c.close(f.lse_hessian(A, b, x0), H_fd, rtol=1e-6, atol=1e-8)
        # large logits of both signs: the softmax must be computed stably
        b2 = b + np.array([800.0, -800.0, 0, 0, 0, 0])
        H2 = np.array([(grad(x0 + h * e, b2) - grad(x0 - h * e, b2)) / (2 * h) for e in np.eye(n)])
        c.close(f.lse_hessian(A, b2, x0), H2, rtol=1e-6, atol=1e-8)
    with r.case("Hessian PSD: smallest eigenvalue >= 2 (the ||x||^2 term)") as c:
        lam_min = min(np.linalg.eigvalsh(f.lse_hessian(A, b, x)).min() for x in X[:200])
        r.figure("smallest Hessian eigenvalue seen", lam_min)
        c.true(2 - 1e-10 <= lam_min < 2.5, f"{lam_min:.6g}")

    # convex set: polyhedron {x: Gx <= h}; convex combinations of members stay inside
    G, hv = rng.normal(size=(8, n)), rng.uniform(1, 2, size=8)
    Q = rng.normal(size=(20000, n))
    inside = np.array([all(G[j] @ q <= hv[j] for j in range(8)) for q in Q[:2000]])
    with r.case("membership equals an explicit loop over the 8 constraints") as c:
        c.equal(f.in_polyhedron(G, hv, Q[:2000]), inside)
        edge = np.linalg.lstsq(G[:1], hv[:1], rcond=None)[0][None, :]  # G_0 x = h_0 exactly
        c.equal(f.in_polyhedron(G[:1], hv[:1] - 1e-9, edge, tol=2e-9), [True])
        c.equal(f.in_polyhedron(G[:1], hv[:1] - 1e-9, edge), [False])
        # a point on a face belongs to the closed polyhedron
        c.equal(
            f.in_polyhedron(np.eye(2), np.ones(2), np.array([[1.0, 0.5], [1.0, 1.0]])), [True, True]
        )
    with r.case("polyhedron is closed under convex combination") as c:
        P = Q[f.in_polyhedron(G, hv, Q)][:400]
        t = rng.uniform(size=(200, 1))
        C = t * P[:200] + (1 - t) * P[200:400]
        c.true(len(P) == 400 and np.all(f.in_polyhedron(G, hv, C, tol=1e-12)))
    return r


if __name__ == "__main__":
    main(run)
