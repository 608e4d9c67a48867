"""line-search: Armijo backtracking, exact line search, and the Wolfe conditions.

Follows Nocedal & Wright ch. 3 (sufficient decrease, curvature, backtracking).
Checks: each accepted step satisfies sufficient decrease and is the largest grid step
that does (brute force over a0 rho^k, also with rho = 0.7 and a0 = 2); the search gives up
after 60 shrinks on an ascent direction; exact line search on a quadratic agrees with
scipy.optimize.minimize_scalar; the strong-Wolfe checker accepts scipy.optimize.line_search's
step and agrees with the two conditions written out on a 1-D quadratic.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import line_search as sp_line_search
from scipy.optimize import minimize_scalar, rosen, rosen_der

from implementations._common import Report, main, solution

EXERCISE = ["backtracking", "wolfe_ok", "exact_step"]

DOC_ZH = {
    "backtracking": """Armijo 回溯线搜索：从 a0 开始，不断把 a 乘以 rho，直到 f(x + a p) <= f(x) + c1 a grad(x)'p。

输入：f、g，函数和梯度；x，当前点；p，下降方向；a0，初始步长；rho，收缩因子；c1，充分下降参数。
最多收缩 60 次（p 不是下降方向时不会停），之后直接返回 a0 rho^60。
输出：接受的步长 a（float）。

>>> backtracking(lambda z: z @ z, lambda z: 2 * z, np.array([1.0]), np.array([-2.0]))
0.5
""",
    "wolfe_ok": """检查步长 a 是否满足强 Wolfe 条件。

输入：f、g、x、p、a；c1、c2，两个参数（0 < c1 < c2 < 1）。
条件：充分下降 f(x + a p) <= f(x) + c1 a g(x)'p，以及曲率 |g(x + a p)'p| <= c2 |g(x)'p|。
输出：bool，两者都成立时为 True。

>>> wolfe_ok(lambda z: z @ z, lambda z: 2 * z, np.array([1.0]), np.array([-1.0]), 1.0)
True
""",
    "exact_step": """二次函数 f(z) = 1/2 z'Az - b'z 沿最速下降方向 -g 的精确线搜索步长。

输入：A，对称正定矩阵；b，向量；z，当前点。
输出：a* = g'g / g'Ag（g = Az - b），即 f(z - a g) 的最小点。

>>> round(exact_step(np.diag([1.0, 3.0]), np.zeros(2), np.array([1.0, 1.0])), 6)
0.357143
""",
}

HINTS = {
    "en": (
        "A step is good enough when it buys a fixed fraction of the decrease the slope "
        "promises; shrink until it does. On a quadratic, the best step has a closed form.",
        "Armijo: while f(x + a p) > f(x) + c1 a g'p, a *= rho. Strong Wolfe adds "
        "|g(x + a p)'p| <= c2 |g'p|. Exact step: minimise 1/2 (z - a g)'A(z - a g) - b'(z - a g) "
        "in a to get a = g'g / g'Ag.",
    ),
    "zh": (
        "只要一步拿到了斜率所承诺下降量的固定比例，就够好了；不够就缩小。在二次函数上，最优步长有闭式。",
        "Armijo：当 f(x + a p) > f(x) + c1 a g'p 时，a *= rho。强 Wolfe 另加 |g(x + a p)'p| <= c2 |g'p|。"
        "精确步长：对 a 最小化 f(z - a g)，得 a = g'g / g'Ag。",
    ),
}


def backtracking(f, g, x, p, a0=1.0, rho=0.5, c1=1e-4):
    """Armijo backtracking: shrink a = a0 by rho until f(x + a p) <= f(x) + c1 a grad'p.

    Input: f, g, the function and its gradient; x, the point; p, a descent direction; a0,
    the first step; rho, the shrink factor; c1, the sufficient-decrease constant. It shrinks
    at most 60 times (it would never stop if p is not a descent direction) and then returns
    a0 rho^60. Output: the accepted step a, a float.

    >>> backtracking(lambda z: z @ z, lambda z: 2 * z, np.array([1.0]), np.array([-2.0]))
    0.5
    """
    a, fx, slope = a0, f(x), g(x) @ p
    for _ in range(60):
        if f(x + a * p) <= fx + c1 * a * slope:
            break
        a *= rho
    return a


def wolfe_ok(f, g, x, p, a, c1=1e-4, c2=0.9):
    """Whether the step a satisfies the strong Wolfe conditions.

    Input: f, g, x, p, a; c1, c2 with 0 < c1 < c2 < 1. Conditions: sufficient decrease
    f(x + a p) <= f(x) + c1 a g(x)'p, and curvature |g(x + a p)'p| <= c2 |g(x)'p|.
    Output: a bool, True when both hold.

    >>> wolfe_ok(lambda z: z @ z, lambda z: 2 * z, np.array([1.0]), np.array([-1.0]), 1.0)
    True
    """
    slope = g(x) @ p
    return bool(f(x + a * p) <= f(x) + c1 * a * slope and abs(g(x + a * p) @ p) <= c2 * abs(slope))


def exact_step(A, b, z):
    """Exact line-search step along -g for the quadratic f(z) = 1/2 z'Az - b'z.

    Input: A, symmetric positive definite; b, a vector; z, the point.
    Output: a* = g'g / g'Ag with g = Az - b, the minimiser of f(z - a g), a float.

    >>> round(exact_step(np.diag([1.0, 3.0]), np.zeros(2), np.array([1.0, 1.0])), 6)
    0.357143
    """
    gz = A @ z - b
    return float(gz @ gz / (gz @ A @ gz))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Line search")

    memo = {}  # each run once; a learner's error re-raises in every case that needs it

    def descend(a0, rho, iters):
        if (a0, rho, iters) not in memo:
            memo[a0, rho, iters] = _descend(a0, rho, iters)
        return memo[a0, rho, iters]

    def _descend(a0, rho, iters):
        x = np.array([-1.2, 1.0])
        ok, largest, steps = True, True, []
        grid = a0 * rho ** np.arange(60)
        for _ in range(iters):  # steepest descent with backtracking on Rosenbrock
            p = -rosen_der(x)
            a = f.backtracking(rosen, rosen_der, x, p, a0, rho)
            fx, slope = rosen(x), rosen_der(x) @ p
            ok &= rosen(x + a * p) <= fx + 1e-4 * a * slope
            # brute force over the whole grid at once (rosen is vectorised over columns)
            good = grid[rosen(x[:, None] + grid * p[:, None]) <= fx + 1e-4 * grid * slope]
            largest &= bool(np.isclose(a, good[0], rtol=1e-12))
            steps.append(a)
            x = x + a * p
        return x, ok, largest, steps

    with r.case("every accepted step satisfies the Armijo condition") as c:
        x, ok, _, steps = descend(1.0, 0.5, 300)
        r.figure("f after 300 backtracking GD steps", rosen(x))
        r.figure("smallest accepted step", min(steps))
        c.true(ok)
    with r.case("backtracking returns the largest step 0.5^k with sufficient decrease") as c:
        c.true(descend(1.0, 0.5, 300)[2])
        c.true(descend(2.0, 0.7, 100)[2], "and the largest 2 * 0.7^k")
    with r.case("function decreased from 24.2 to below 0.1") as c:
        x = descend(1.0, 0.5, 300)[0]
        c.true(rosen(x) < 0.1, f"{rosen(x):.4g}")
    with r.case("c1 matters: f = z^2 from 1 along -2, c1 = 0.6 rejects a = 0.5") as c:
        # phi(a) = (1 - 2a)^2: a = 0.5 gives 0 <= 1 - 4 c1 a iff c1 <= 0.5
        sq, dsq = (lambda z: z @ z), (lambda z: 2 * z)
        c.equal(f.backtracking(sq, dsq, np.ones(1), -2 * np.ones(1), 1.0, 0.5, 0.5), 0.5)
        c.equal(f.backtracking(sq, dsq, np.ones(1), -2 * np.ones(1), 1.0, 0.5, 0.6), 0.25)
    with r.case("ascent direction: gives up after 60 shrinks, a = a0 rho^60") as c:
        x0 = np.array([-1.2, 1.0])
        c.equal(f.backtracking(rosen, rosen_der, x0, rosen_der(x0)), 0.5**60)

    # exact line search on a quadratic: a* = g'g / g'Ag along p = -g
    M = rng.normal(size=(5, 5))
    A, b = M @ M.T + np.eye(5), rng.normal(size=5)

    def fq(z):
        return 0.5 * z @ A @ z - b @ z

    z = rng.normal(size=5)
    gz = A @ z - b
    a_num = minimize_scalar(lambda a: fq(z - a * gz), bracket=(0, 1), tol=1e-12).x
    with r.case("exact step g'g/g'Ag equals scipy minimize_scalar") as c:
        c.close(f.exact_step(A, b, z), a_num, rtol=1e-6)
    with r.case("after an exact step the new gradient is orthogonal to the old one") as c:
        c.close((A @ (z - f.exact_step(A, b, z) * gz) - b) @ gz, 0.0, atol=1e-10)

    # Wolfe conditions: scipy's strong-Wolfe line search returns a step our checker accepts
    x0 = np.array([-1.2, 1.0])
    p0 = -rosen_der(x0)
    a_w = sp_line_search(rosen, rosen_der, x0, p0, c1=1e-4, c2=0.9)[0]
    r.figure("scipy Wolfe step", a_w)
    with r.case("scipy line_search step satisfies strong Wolfe (checked independently)") as c:
        c.true(f.wolfe_ok(rosen, rosen_der, x0, p0, a_w))
    with r.case("a tiny step passes Armijo but fails the curvature condition") as c:
        c.true(not f.wolfe_ok(rosen, rosen_der, x0, p0, 1e-8))
    # 1-D quadratic phi(a) = (1 - a)^2 from x = 1, p = -1: slope -2, phi'(a) = -2(1 - a)
    with r.case("on (1 - a)^2 the checker agrees with both conditions written out") as c:
        sq, dsq = (lambda z: z @ z), (lambda z: 2 * z)
        for a in np.linspace(0.0, 2.5, 51):
            for c1, c2 in ((1e-4, 0.9), (0.3, 0.5), (0.45, 0.6)):
                armijo = (1 - a) ** 2 <= 1 - 2 * c1 * a
                curv = abs(2 * (1 - a)) <= c2 * 2
                got = f.wolfe_ok(sq, dsq, np.ones(1), -np.ones(1), a, c1, c2)
                c.true(got == (armijo and curv), f"a = {a:.2f}, c1 = {c1}, c2 = {c2}")
        c.true(f.wolfe_ok(sq, dsq, np.ones(1), -np.ones(1), 0.15), "default c2 = 0.9: a = 0.15")
        c.true(not f.wolfe_ok(sq, dsq, np.ones(1), -np.ones(1), 1.999), "default c1: a = 1.999")
        # Armijo holds for a <= 2(1 - c1): default c1 = 1e-4 accepts 1.9997; the edge counts
        c.true(f.wolfe_ok(sq, dsq, np.ones(1), -np.ones(1), 1.9997, c2=1.0), "a = 1.9997")
        c.true(f.wolfe_ok(sq, dsq, np.ones(1), -np.ones(1), 1.5, 0.25, 0.9), "equality at a = 1.5")
    with r.case("default c1 = 1e-4 and equality in the Armijo test accept the first step") as c:
        sq, dsq = (lambda z: z @ z), (lambda z: 2 * z)
        c.equal(f.backtracking(sq, dsq, np.ones(1), -np.ones(1), 1.9997), 1.9997)
        c.equal(f.backtracking(sq, dsq, np.ones(1), -np.ones(1), 1.5, 0.5, 0.25), 1.5)
    return r


if __name__ == "__main__":
    main(run)
