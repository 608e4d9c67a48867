"""saddle-points-nonconvex: finding saddles with the Hessian and escaping them.

Follows Dauphin et al. (2014) and Goodfellow et al. ch. 8. f(x, y) = x^2 - y^2 + y^4/4 has
a saddle at 0 and minima at (0, +-sqrt 2). Checks: the hand-derived gradient and Hessian
against finite differences at random points; Hessian eigenvalues classify the critical
points; GD (two steps by hand) started on the stable manifold y = 0 stays stuck while a tiny
perturbation or gradient noise escapes, after a number of steps that matches the linearised
closed form log(c/delta)/log(1 + 2 eta); a Newton step moves toward the saddle while the
saddle-free Newton step (|H| instead of H) moves away and lowers f, both against a hand
computation for the diagonal Hessian.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["grad", "hess", "gd", "newton_step"]

DOC_ZH = {
    "grad": """f(x, y) = x^2 - y^2 + y^4/4 的梯度（手工推导）。

输入：v = (x, y)。输出：长度 2 的数组 (2x, -2y + y^3)。

>>> grad(np.array([1.0, 2.0])).tolist()
[2.0, 4.0]
""",
    "hess": """f(x, y) = x^2 - y^2 + y^4/4 的 Hessian（手工推导）。

输入：v = (x, y)。输出：2x2 矩阵 diag(2, -2 + 3y^2)。

>>> hess(np.array([0.0, 1.0])).tolist()
[[2.0, 0.0], [0.0, 1.0]]
""",
    "gd": """在 f 上做 steps 步步长为 lr 的梯度下降 v <- v - lr * grad(v)。

输入：v，起点；lr，步长；steps，步数。输出：最后的点（长度 2 的数组）。

>>> gd(np.array([1.0, 0.0]), 0.25, 2).tolist()
[0.25, 0.0]
""",
    "newton_step": """一步牛顿法 v - H^{-1} grad(v)，或一步无鞍牛顿法（saddle_free=True）：用 |H| = U |Lambda| U' 代替 H。

输入：v，当前点；saddle_free，是否把 Hessian 的特征值取绝对值。
输出：新的点（长度 2 的数组）。牛顿法会被鞍点吸引；无鞍牛顿法沿负曲率方向远离鞍点。

>>> np.round(newton_step(np.array([1.0, 0.5])), 6).tolist(), np.round(newton_step(np.array([1.0, 0.5]), True), 6).tolist()
([0.0, -0.2], [0.0, 1.2])
""",
}

HINTS = {
    "en": (
        "The Hessian's signs tell a saddle from a minimum; gradient descent near a saddle "
        "only escapes along the negative-curvature direction, and Newton's method is even "
        "attracted to it.",
        "grad = (2x, -2y + y^3), H = diag(2, -2 + 3y^2). Newton: v - solve(H, g). Saddle-free "
        "Newton: eigh(H) = (w, U), then v - U diag(1/|w|) U' g.",
    ),
    "zh": (
        "Hessian 的符号区分鞍点和极小点；梯度下降只能沿负曲率方向离开鞍点，牛顿法甚至会被鞍点吸引。",
        "grad = (2x, -2y + y^3)，H = diag(2, -2 + 3y^2)。牛顿法：v - solve(H, g)。无鞍牛顿法："
        "eigh(H) = (w, U)，然后 v - U diag(1/|w|) U' g。",
    ),
}


def obj(v):
    return v[0] ** 2 - v[1] ** 2 + v[1] ** 4 / 4


def grad(v):
    """Hand-derived gradient of f(x, y) = x^2 - y^2 + y^4/4.

    Input: v = (x, y). Output: (2x, -2y + y^3) as an array.

    >>> grad(np.array([1.0, 2.0])).tolist()
    [2.0, 4.0]
    """
    return np.array([2 * v[0], -2 * v[1] + v[1] ** 3])


def hess(v):
    """Hand-derived Hessian of f(x, y) = x^2 - y^2 + y^4/4.

    Input: v = (x, y). Output: the 2x2 matrix diag(2, -2 + 3y^2).

    >>> hess(np.array([0.0, 1.0])).tolist()
    [[2.0, 0.0], [0.0, 1.0]]
    """
    return np.diag([2.0, -2.0 + 3 * v[1] ** 2])


def gd(v, lr, steps):
    """steps gradient-descent steps v <- v - lr * grad(v) on f.

    Input: v, the start; lr, the step; steps. Output: the last point (2,).

    >>> gd(np.array([1.0, 0.0]), 0.25, 2).tolist()
    [0.25, 0.0]
    """
    for _ in range(steps):
        v = v - lr * grad(v)
    return v


def newton_step(v, saddle_free=False):
    """One Newton step v - H^{-1} grad(v), or a saddle-free one with |H| = U |Lambda| U'.

    Input: v, the point; saddle_free, whether to take absolute values of H's eigenvalues.
    Output: the new point (2,). Newton is attracted by saddles; saddle-free Newton moves
    away from them along negative curvature.

    >>> np.round(newton_step(np.array([1.0, 0.5])), 6).tolist(), np.round(newton_step(np.array([1.0, 0.5]), True), 6).tolist()
    ([0.0, -0.2], [0.0, 1.2])
    """
    H, g = hess(v), grad(v)
    if not saddle_free:
        return v - np.linalg.solve(H, g)
    w, U = np.linalg.eigh(H)
    return v - U @ np.diag(1 / np.abs(w)) @ U.T @ g


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Saddle points in non-convex optimisation")
    rng = np.random.default_rng(0)
    h = 1e-5
    P = rng.uniform(-2, 2, size=(20, 2))
    with r.case("hand-derived gradient and Hessian = finite differences at 20 points") as c:
        for p in P:
            g_fd = [(obj(p + h * e) - obj(p - h * e)) / (2 * h) for e in np.eye(2)]
            H_fd = np.array([(f.grad(p + h * e) - f.grad(p - h * e)) / (2 * h) for e in np.eye(2)])
            c.close(f.grad(p), g_fd, rtol=1e-7, atol=1e-7)
            c.close(f.hess(p), H_fd, rtol=1e-7, atol=1e-7)
            c.close(f.hess(p), [[2.0, 0.0], [0.0, -2 + 3 * p[1] ** 2]], rtol=1e-12)
    for name, p, kind in [
        ("origin", np.zeros(2), "saddle"),
        ("(0, sqrt 2)", np.array([0, np.sqrt(2)]), "minimum"),
    ]:
        with r.case(f"{name} classified as {kind} by eigenvalue signs") as c:
            c.close(f.grad(p), np.zeros(2), atol=1e-12)  # a critical point
            ev = np.linalg.eigvalsh(f.hess(p))
            r.figure(f"Hessian eigenvalues at {name}", np.round(ev, 6).tolist())
            got = "saddle" if ev.min() < 0 < ev.max() else "minimum" if ev.min() > 0 else "other"
            c.equal(got, kind)
    r.figure("f(origin), f(0, sqrt 2)", [0.0, float(obj(np.array([0, np.sqrt(2)])))])

    lr = 0.05
    with r.case("GD: two steps by hand") as c:
        v0 = np.array([1.0, 0.5])
        v1 = v0 - 0.1 * np.array([2.0, -1.0 + 0.125])
        v2 = v1 - 0.1 * np.array([2 * v1[0], -2 * v1[1] + v1[1] ** 3])
        c.close(f.gd(v0, 0.1, 2), v2, rtol=1e-14)
        c.close(f.gd(v0, 0.1, 0), v0, rtol=0)
    with r.case("GD started on the stable manifold (y = 0) converges to the saddle") as c:
        c.true(np.linalg.norm(f.gd(np.array([1.0, 0.0]), lr, 500)) < 1e-10)
    with r.case("a perturbation of 1e-8 in y escapes to the minimum y = sqrt 2") as c:
        esc = f.gd(np.array([1.0, 1e-8]), lr, 500)
        c.close(abs(esc[1]), np.sqrt(2), rtol=1e-6)
    with r.case("gradient noise of size 1e-6 alone is enough to leave the saddle") as c:
        v = np.array([1.0, 0.0])
        for _ in range(500):  # GD plus tiny isotropic noise, as in SGD
            v = f.gd(v, lr, 1) + 1e-6 * rng.normal(size=2)
        c.true(abs(abs(v[1]) - np.sqrt(2)) < 1e-3, f"y = {v[1]:.5f}")

    # escape time: near 0, y grows as (1 + 2 lr)^t, so |y| = 0.1 takes log(0.1/delta)/log(1 + 2 lr)
    def escape_steps(delta):
        v, t = np.array([1.0, delta]), 0
        while abs(v[1]) < 0.1 and t < 2000:
            v, t = f.gd(v, lr, 1), t + 1
        return t

    with r.case("escape steps match log(0.1/delta)/log(1 + 2 lr) within 2 steps") as c:
        counts = {d: escape_steps(d) for d in (1e-4, 1e-8, 1e-12)}
        pred = {d: np.log(0.1 / d) / np.log(1 + 2 * lr) for d in counts}
        r.figure("steps to escape for delta = 1e-4, 1e-8, 1e-12", list(counts.values()))
        c.true(
            all(abs(counts[d] - pred[d]) <= 2 for d in counts),
            f"{list(counts.values())} vs {[round(float(v), 1) for v in pred.values()]}",
        )

    # Newton is attracted by the saddle; saddle-free Newton (|H|^{-1} g) is repelled
    v = np.array([0.3, 0.2])
    hy = -2 + 3 * 0.04  # H = diag(2, hy) with hy < 0
    gy = -0.4 + 0.008
    with r.case("Newton step moves toward the saddle (|y| shrinks)") as c:
        newton = f.newton_step(v)
        c.close(newton, [0.0, 0.2 - gy / hy], rtol=1e-12, atol=1e-15)
        c.true(abs(newton[1]) < abs(v[1]))
    with r.case(
        "saddle-free Newton moves away along the negative-curvature direction and lowers f"
    ) as c:
        sfn = f.newton_step(v, True)
        r.figure(
            "Newton / saddle-free Newton from (0.3, 0.2)",
            [np.round(f.newton_step(v), 4).tolist(), np.round(sfn, 4).tolist()],
        )
        c.close(sfn, [0.0, 0.2 - gy / abs(hy)], rtol=1e-12, atol=1e-15)
        c.true(abs(sfn[1]) > abs(v[1]) and obj(sfn) < obj(v))
    return r


if __name__ == "__main__":
    main(run)
