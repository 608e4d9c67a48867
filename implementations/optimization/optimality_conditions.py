"""optimality-conditions: first- and second-order conditions for unconstrained minima.

Follows Nocedal & Wright ch. 2 (Theorems on necessary / sufficient conditions).
Checks compare a hand-derived gradient and Hessian of the Rosenbrock function with
scipy.optimize.rosen_der / rosen_hess at random points and with finite differences, the
gradient at the minimiser of a brute-force grid search, and the classification of critical
points by Hessian eigenvalues with known cases: a convex quadratic (its stationary point
beats 5000 random probes), a saddle (f decreases along the negative eigenvector), a maximum,
and the degenerate x^3 / x^4 where the second-order test says nothing.
"""

from __future__ import annotations

import numpy as np
import scipy.optimize as so

from implementations._common import Report, main, solution

EXERCISE = ["rosen_der", "rosen_hess", "classify_critical"]

DOC_ZH = {
    "rosen_der": """Rosenbrock 函数 f(x) = 100 (x_1 - x_0^2)^2 + (1 - x_0)^2 的梯度（手工推导）。

输入：x，长度 2 的点。
输出：长度 2 的数组 [-400 x_0 (x_1 - x_0^2) - 2 (1 - x_0), 200 (x_1 - x_0^2)]。

>>> rosen_der(np.array([0.0, 1.0])).tolist()
[-2.0, 200.0]
""",
    "rosen_hess": """Rosenbrock 函数在 x 处的 Hessian（手工推导）。

输入：x，长度 2 的点。
输出：2x2 矩阵 [[1200 x_0^2 - 400 x_1 + 2, -400 x_0], [-400 x_0, 200]]。

>>> rosen_hess(np.array([1.0, 1.0])).tolist()
[[802.0, -400.0], [-400.0, 200.0]]
""",
    "classify_critical": """用 Hessian 的特征值给临界点（梯度为 0 的点）分类。

输入：H，对称矩阵；tol，把 |lambda| <= tol 的特征值当作 0。
输出：字符串："minimum"（全部 > tol）、"maximum"（全部 < -tol）、"saddle"（有正有负），
否则为 "degenerate"（有接近 0 的特征值且没有异号，二阶检验无法判断）。

>>> classify_critical(np.diag([2.0, -2.0]))
'saddle'
""",
}

HINTS = {
    "en": (
        "Differentiate 100 (x_1 - x_0^2)^2 + (1 - x_0)^2 term by term with the chain rule; "
        "then the signs of the Hessian's eigenvalues decide what a critical point is.",
        "grad = [-400 x0 (x1 - x0^2) - 2 (1 - x0), 200 (x1 - x0^2)]; H = [[1200 x0^2 - 400 x1 "
        "+ 2, -400 x0], [-400 x0, 200]]. Eigenvalues all > 0: minimum; all < 0: maximum; both "
        "signs: saddle; otherwise a zero eigenvalue leaves the test inconclusive.",
    ),
    "zh": (
        "对 100 (x_1 - x_0^2)^2 + (1 - x_0)^2 用链式法则逐项求导；然后由 Hessian 特征值的符号判断临界点的类型。",
        "grad = [-400 x0 (x1 - x0^2) - 2 (1 - x0), 200 (x1 - x0^2)]；H = [[1200 x0^2 - 400 x1 + 2, -400 x0], "
        "[-400 x0, 200]]。特征值全 > 0：极小；全 < 0：极大；有正有负：鞍点；否则有零特征值，检验无结论。",
    ),
}


def rosen(x):
    return 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2


def rosen_der(x):
    """Hand-derived gradient of Rosenbrock's f(x) = 100 (x_1 - x_0^2)^2 + (1 - x_0)^2.

    Input: x, a point of length 2.
    Output: [-400 x_0 (x_1 - x_0^2) - 2 (1 - x_0), 200 (x_1 - x_0^2)] as an array.

    >>> rosen_der(np.array([0.0, 1.0])).tolist()
    [-2.0, 200.0]
    """
    return np.array([-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)])


def rosen_hess(x):
    """Hand-derived Hessian of the Rosenbrock function at x.

    Input: x, a point of length 2.
    Output: the 2x2 matrix [[1200 x_0^2 - 400 x_1 + 2, -400 x_0], [-400 x_0, 200]].

    >>> rosen_hess(np.array([1.0, 1.0])).tolist()
    [[802.0, -400.0], [-400.0, 200.0]]
    """
    return np.array([[1200 * x[0] ** 2 - 400 * x[1] + 2, -400 * x[0]], [-400 * x[0], 200.0]])


def classify_critical(H, tol=1e-9):
    """Classify a critical point (zero gradient) by the eigenvalues of its Hessian.

    Input: H, a symmetric matrix; tol, eigenvalues with |lambda| <= tol count as zero.
    Output: "minimum" (all > tol), "maximum" (all < -tol), "saddle" (both signs), else
    "degenerate" (a near-zero eigenvalue and no sign change: the test is inconclusive).

    >>> classify_critical(np.diag([2.0, -2.0]))
    'saddle'
    """
    ev = np.linalg.eigvalsh(H)
    if ev.min() < -tol and ev.max() > tol:
        return "saddle"
    if ev.min() > tol:
        return "minimum"
    if ev.max() < -tol:
        return "maximum"
    return "degenerate"


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Optimality conditions")
    P = rng.uniform(-2, 2, size=(50, 2))

    # Rosenbrock: unique minimiser (1, 1); gradient zero and Hessian positive definite there
    xs = np.ones(2)
    with r.case("grad f(1,1) = 0 (first-order necessary)") as c:
        c.close(f.rosen_der(xs), np.zeros(2), atol=1e-12)
    with r.case("hand-derived gradient = scipy rosen_der and finite differences") as c:
        c.close([f.rosen_der(p) for p in P], [so.rosen_der(p) for p in P], rtol=1e-12, atol=1e-12)
        h = 1e-6
        p = P[0]
        g_fd = [(rosen(p + h * e) - rosen(p - h * e)) / (2 * h) for e in np.eye(2)]
        c.close(f.rosen_der(p), g_fd, rtol=1e-6, atol=1e-6)
    with r.case("hand-derived Hessian = scipy rosen_hess at 50 random points") as c:
        c.close([f.rosen_hess(p) for p in P], [so.rosen_hess(p) for p in P], rtol=1e-12, atol=1e-12)
        c.close(f.rosen_hess(xs), [[802.0, -400.0], [-400.0, 200.0]], rtol=1e-12)
    with r.case("Hessian positive definite at (1, 1) (second-order sufficient)") as c:
        eig = np.linalg.eigvalsh(f.rosen_hess(xs))
        r.figure("Hessian eigenvalues at (1,1)", np.round(eig, 4).tolist())
        c.equal(f.classify_critical(f.rosen_hess(xs)), "minimum")
    # brute force: on a 401 x 401 grid over [-2, 2]^2 the smallest value sits at (1, 1)
    with r.case("grid search finds the minimiser at (1, 1), where the gradient vanishes") as c:
        u = np.linspace(-2, 2, 401)
        U, V = np.meshgrid(u, u, indexing="ij")
        k = np.unravel_index(np.argmin(rosen(np.array([U, V]))), U.shape)
        best = np.array([u[k[0]], u[k[1]]])
        c.close(best, xs, atol=1e-12)
        c.close(f.rosen_der(best), np.zeros(2), atol=1e-9)

    # strictly convex quadratic: stationarity alone is sufficient and gives the global minimiser
    M = rng.normal(size=(5, 5))
    Q, cv = M @ M.T + np.eye(5), rng.normal(size=5)

    def q(x):
        return 0.5 * x @ Q @ x - cv @ x

    x_star = np.linalg.solve(Q, cv)  # grad = Qx - c = 0
    with r.case("convex stationary point beats 5000 random probes") as c:
        worst = min(q(p) for p in x_star + rng.normal(size=(5000, 5))) - q(x_star)
        c.true(worst > 0, f"min excess {worst:.3g}")
        c.equal(f.classify_critical(Q), "minimum")

    # f = x^2 - y^2: grad 0 at origin but Hessian indefinite -> not a minimum (a saddle)
    Hs = np.diag([2.0, -2.0])
    with r.case(
        "indefinite Hessian: a saddle, and f decreases along its negative eigenvector"
    ) as c:
        d = np.linalg.eigh(Hs)[1][:, 0]  # eigenvector of the negative eigenvalue
        c.true((1e-3 * d[0]) ** 2 - (1e-3 * d[1]) ** 2 < 0)
        c.equal(f.classify_critical(Hs), "saddle")
        c.equal(f.classify_critical(-Q), "maximum")
        c.equal(f.classify_critical(np.array([[1.0, 3.0], [3.0, 1.0]])), "saddle")  # eig 4, -2

    # second-order necessary is not sufficient: x^4 and x^3 both have f'(0) = f''(0) = 0
    with r.case(
        "x^4 and x^3 both have f'=0, f''=0 at 0: the second-order test is inconclusive"
    ) as c:
        h = 1e-4
        for fun in (lambda x: x**4, lambda x: x**3):
            d2 = (fun(h) - 2 * fun(0.0) + fun(-h)) / h**2
            c.equal(f.classify_critical(np.array([[d2]]), tol=1e-6), "degenerate")  # d2 ~ 2h^2
        c.true((-h) ** 3 < 0 < (-h) ** 4, "yet only x^4 has a minimum there")
        c.equal(f.classify_critical(np.diag([1.0, 0.0])), "degenerate")
        c.equal(f.classify_critical(np.diag([-1.0, 0.0])), "degenerate")
        c.equal(f.classify_critical(np.diag([1.0, 1e-8]), tol=1e-6), "degenerate")
        c.equal(f.classify_critical(np.diag([1.0, 1e-8])), "minimum")
        c.equal(f.classify_critical(np.diag([-1.0, -1e-8])), "maximum")
    with r.case("default tol = 1e-9: an eigenvalue of exactly +-tol counts as zero") as c:
        for ev, kind in (
            ([1.0, 1e-9], "degenerate"),
            ([-1.0, -1e-9], "degenerate"),
            ([1e-9, -1.0], "degenerate"),
            ([-1e-9, 1.0], "degenerate"),
            ([1.0, 1.5e-9], "minimum"),
            ([-1.5e-9, 1.0], "saddle"),
        ):
            c.equal(f.classify_critical(np.diag(ev)), kind)
    return r


if __name__ == "__main__":
    main(run)
