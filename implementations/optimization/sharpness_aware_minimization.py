"""sharpness-aware-minimization: SAM, descend on the worst loss in a small ball around w.

Follows Foret, Kleiner, Mobahi & Neyshabur (2021): minimise max_{||e||_p <= rho} L(w + e); a
first-order Taylor expansion gives the inner maximiser
e(w) = rho sign(g) |g|^(q-1) / (||g||_q^q)^(1/p) with 1/p + 1/q = 1 (rho g / ||g|| for p = 2),
and the SAM step is w <- w - lr grad L(w + e(w)). Checks: for p = 2 the perturbation has norm rho
and beats 20000 random directions on the sphere at maximising g . e; for p = 3, 1.5 and inf it
has ||e||_p = rho and attains Hoelder's bound g . e = rho ||g||_q, which no random point of the
p-sphere exceeds; one SAM step on a quadratic against the closed form A (w + rho A w / ||A w||);
in 1-D the SAM gradient equals the derivative of the exact worst-case loss a (|w| + rho)^2 / 2;
on L(u, v) = (uv - 1)^2 / 2, whose minima uv = 1 have sharpness (top Hessian eigenvalue)
u^2 + v^2, gradient descent keeps u^2 - v^2 and ends sharp, while SAM drifts to the flattest
minimum u = v = 1 (sharpness 2, from numpy.linalg.eigvalsh).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["sam_perturbation", "sam_step"]

DOC_ZH = {
    "sam_perturbation": """SAM 的内层扰动：在 ||e||_p <= rho 上最大化一阶近似 L(w) + g·e 的解。

输入：g，梯度；rho，半径；p，范数（> 1，可为 np.inf）。q 满足 1/p + 1/q = 1（p = inf 时 q = 1）。
e = rho sign(g) |g|^(q-1) / (||g||_q^q)^(1/p)；p = 2 时就是 rho g / ||g||。
输出：与 g 同形的数组 e。

>>> sam_perturbation(np.array([3.0, -4.0]), 0.5).tolist()
[0.3, -0.4]
""",
    "sam_step": """SAM 的一步（p = 2）：先走到 w + e(w)，在那里取梯度，再从 w 出发下降。

输入：grad，函数 grad(w) 返回梯度；w，当前参数；lr，学习率；rho，半径。
输出：w - lr grad(w + rho g / ||g||)，其中 g = grad(w)。

>>> sam_step(lambda w: 2 * w, np.array([1.0, 0.0]), 0.1, 0.5).tolist()
[0.7, 0.0]
""",
}

HINTS = {
    "en": (
        "Linearise the loss inside the ball: the worst perturbation is the one most aligned "
        "with the gradient, pushed to the boundary. Then take the gradient there, not at w.",
        "p = 2: e = rho g / ||g||. General p: q = p/(p-1) (q = 1 for p = inf), "
        "e = rho sign(g) |g|^(q-1) / (sum |g|^q)^(1/p). SAM: w - lr grad(w + e(grad(w))).",
    ),
    "zh": (
        "在球内把损失线性化：最坏的扰动是与梯度最一致、并推到边界上的那个。然后在那里求梯度，而不是在 w 处。",
        "p = 2：e = rho g / ||g||。一般的 p：q = p/(p-1)（p = inf 时 q = 1），"
        "e = rho sign(g) |g|^(q-1) / (sum |g|^q)^(1/p)。SAM：w - lr grad(w + e(grad(w)))。",
    ),
}


def sam_perturbation(g, rho, p=2.0):
    """SAM's inner step: the maximiser of the linearised loss g . e over ||e||_p <= rho.

    Input: g, the gradient; rho, the radius; p, the norm (> 1, may be np.inf), with
    1/p + 1/q = 1 (q = 1 for p = inf). e = rho sign(g) |g|^(q-1) / (||g||_q^q)^(1/p); for
    p = 2 this is rho g / ||g||.
    Output: an array e shaped like g.

    >>> sam_perturbation(np.array([3.0, -4.0]), 0.5).tolist()
    [0.3, -0.4]
    """
    g = np.asarray(g, dtype=float)
    q = 1.0 if np.isinf(p) else p / (p - 1)
    num = np.sign(g) * np.abs(g) ** (q - 1)
    return rho * num / np.sum(np.abs(g) ** q) ** (1 / p)


def sam_step(grad, w, lr, rho):
    """One SAM step (p = 2): move to w + e(w), take the gradient there, step from w.

    Input: grad, a function returning the gradient at w; w, the parameters; lr, the rate; rho,
    the radius.
    Output: w - lr grad(w + rho g / ||g||) with g = grad(w).

    >>> sam_step(lambda w: 2 * w, np.array([1.0, 0.0]), 0.1, 0.5).tolist()
    [0.7, 0.0]
    """
    e = sam_perturbation(grad(w), rho)
    return w - lr * grad(w + e)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Sharpness-aware minimisation (SAM)")
    rng = np.random.default_rng(0)
    g = np.array([1.5, -0.4, 2.2])
    rho = 0.05

    with r.case("p = 2: ||e|| = rho and e beats 20000 random directions at g . e") as c:
        e = f.sam_perturbation(g, rho)
        c.close(np.linalg.norm(e), rho, rtol=1e-12)
        c.close(e, rho * g / np.linalg.norm(g), rtol=1e-12)
        dirs = rng.normal(size=(20000, 3))
        dirs = rho * dirs / np.linalg.norm(dirs, axis=1, keepdims=True)
        best = (dirs @ g).max()
        r.figure("g.e for SAM vs best random direction", [float(g @ e), float(best)])
        c.true(g @ e >= best, "no random direction does better")
        c.true(best > 0.99 * (g @ e), "and the best random one comes close")

    for p in (3.0, 1.5, np.inf):
        q = 1.0 if np.isinf(p) else p / (p - 1)
        with r.case(f"p = {p}: ||e||_p = rho and g . e = rho ||g||_q (Hoelder), unbeaten") as c:
            e = f.sam_perturbation(g, rho, p)
            c.close(np.linalg.norm(e, p), rho, rtol=1e-10)
            c.close(g @ e, rho * np.linalg.norm(g, q), rtol=1e-10)
            pts = rng.normal(size=(20000, 3))
            pts = rho * pts / np.linalg.norm(pts, p, axis=1, keepdims=True)
            c.true(g @ e >= (pts @ g).max() - 1e-15, "no random point of the p-sphere does better")
    with r.case("p = inf gives rho sign(g), the signed corner of the box") as c:
        c.close(f.sam_perturbation(g, rho, np.inf), rho * np.sign(g), rtol=1e-12)

    A = np.array([[3.0, 1.0], [1.0, 0.5]])
    w = np.array([1.0, -2.0])
    with r.case("one SAM step on a quadratic: w - lr A (w + rho A w / ||A w||)") as c:
        Aw = A @ w
        ref = w - 0.1 * A @ (w + 0.2 * Aw / np.linalg.norm(Aw))
        c.close(f.sam_step(lambda x: A @ x, w, 0.1, 0.2), ref, rtol=1e-12)
    with r.case("1-D: SAM gradient = derivative of the exact worst case a (|w| + rho)^2 / 2") as c:
        a = 4.0
        for w1 in (-1.3, 0.7, 2.0):
            lr = 1.0  # the step is w - 1.0 * (SAM gradient)
            sam_grad = w1 - f.sam_step(lambda x: a * x, np.array([w1]), lr, 0.3)[0]
            c.close(sam_grad, a * (abs(w1) + 0.3) * np.sign(w1), rtol=1e-12)

    def grad_uv(x):
        e = x[0] * x[1] - 1
        return np.array([e * x[1], e * x[0]])

    def sharpness(x):
        u, v = x
        H = np.array([[v * v, 2 * u * v - 1], [2 * u * v - 1, u * u]])
        return np.linalg.eigvalsh(H).max()

    with r.case("(uv - 1)^2/2: GD ends at sharpness sqrt((u0^2 - v0^2)^2 + 4), SAM near 2") as c:
        w0 = np.array([3.0, 0.2])
        ws, wg = w0.copy(), w0.copy()
        for _ in range(3000):
            ws = f.sam_step(grad_uv, ws, 0.05, 0.1)
            wg = wg - 0.05 * grad_uv(wg)
        D = w0[0] ** 2 - w0[1] ** 2
        r.figure(
            "sharpness: GD, gradient-flow prediction, SAM, flattest minimum",
            [float(sharpness(wg)), float(np.sqrt(D**2 + 4)), float(sharpness(ws)), 2.0],
        )
        c.true(abs(ws[0] * ws[1] - 1) < 0.01, f"SAM reaches low loss, uv = {ws[0] * ws[1]:.4f}")
        c.close(sharpness(wg), np.sqrt(D**2 + 4), rtol=0.02)
        c.true(sharpness(ws) < 2.1, f"SAM sharpness {sharpness(ws):.3f}")
    return r


if __name__ == "__main__":
    main(run)
