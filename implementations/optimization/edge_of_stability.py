"""edge-of-stability: the 2/lr stability threshold of gradient descent and the sharpness it allows.

Follows Cohen, Kaur, Li, Kolter & Talwalkar (2021): sharpness is the largest eigenvalue of the
training-loss Hessian; on a quadratic, gradient descent with step lr is stable iff the sharpness
is below 2/lr; on neural networks full-batch GD drives the sharpness up to about 2/lr and then
hovers there while the loss keeps falling non-monotonically. Checks: power iteration on
Hessian-vector products against numpy.linalg.eigvalsh (an explicit matrix, and finite-difference
products on a nonconvex model against its analytic Hessian); on a quadratic the component along
each eigenvector scales by exactly (1 - lr lambda) per step, so GD converges for
lambda_max = 1.9/lr and diverges for 2.1/lr; on L(u, v) = (uv - 1)^2 / 2 from an unbalanced
start, gradient flow conserves u^2 - v^2 and ends at sharpness sqrt((u0^2 - v0^2)^2 + 4) = 9.18,
which small-step GD reproduces, while GD with 2/lr = 6.7 < 9.18 cannot settle there: its loss
rises on some steps, its sharpness passes above 2/lr, and it ends at a minimum with sharpness
below 2/lr.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["power_iteration", "gradient_descent"]

DOC_ZH = {
    "power_iteration": """幂迭代求 Hessian 的最大特征值（锐度），只用 Hessian-向量积。

输入：hvp，函数 hvp(v) 返回 H v；dim，维数；iters，迭代次数；seed，随机起始向量的种子。
从随机向量 v 出发（iters >= 1），重复 v = H v / ||H v||；返回单位向量 v 的 Rayleigh 商 v^T H v。
输出：一个 float（假设绝对值最大的特征值为正且与其余特征值分开）。

>>> round(power_iteration(lambda v: np.diag([3.0, 1.0]) @ v, 2), 6)
3.0
""",
    "gradient_descent": """定步长梯度下降的轨迹。

输入：grad，函数 grad(w) 返回梯度；w0，起点；lr，步长；steps，步数。
输出：形状 (steps + 1, n) 的数组，第 0 行是 w0，w_{t+1} = w_t - lr grad(w_t)。

>>> gradient_descent(lambda w: 4 * w, np.array([1.0]), 0.25, 2)[:, 0].tolist()
[1.0, 0.0, 0.0]
""",
}

HINTS = {
    "en": (
        "Repeatedly multiplying by H amplifies the direction of the largest eigenvalue; you "
        "never need H itself, only products H v.",
        "v = random vector; repeat v = hvp(v); v /= ||v||; return v @ hvp(v). "
        "GD: w = w - lr * grad(w), keeping every iterate.",
    ),
    "zh": (
        "反复乘以 H 会放大最大特征值对应的方向；不需要 H 本身，只需要乘积 H v。",
        "v = 随机向量；重复 v = hvp(v)；v /= ||v||；返回 v @ hvp(v)。梯度下降：w = w - lr * grad(w)，保留每个迭代点。",
    ),
}


def power_iteration(hvp, dim, iters=200, seed=0):
    """Power iteration for the top Hessian eigenvalue (the sharpness), from products H v only.

    Input: hvp, a function returning H v; dim, the dimension; iters, the iterations; seed, the
    seed of the random start (iters >= 1). From a random v repeat v = H v / ||H v||, then
    return the Rayleigh quotient v^T H v of the unit vector v.
    Output: a float (assumes the eigenvalue of largest magnitude is positive and separated).

    >>> round(power_iteration(lambda v: np.diag([3.0, 1.0]) @ v, 2), 6)
    3.0
    """
    v = np.random.default_rng(seed).normal(size=dim)
    for _ in range(iters):
        v = hvp(v)
        v = v / np.linalg.norm(v)
    return float(v @ hvp(v))


def gradient_descent(grad, w0, lr, steps):
    """The trajectory of gradient descent with a constant step.

    Input: grad, a function returning the gradient at w; w0, the start; lr, the step; steps.
    Output: an array (steps + 1, n) with w0 in row 0 and w_{t+1} = w_t - lr grad(w_t).

    >>> gradient_descent(lambda w: 4 * w, np.array([1.0]), 0.25, 2)[:, 0].tolist()
    [1.0, 0.0, 0.0]
    """
    w = np.asarray(w0, dtype=float).copy()
    ws = [w.copy()]
    for _ in range(steps):
        w = w - lr * grad(w)
        ws.append(w.copy())
    return np.array(ws)


def _loss(w):
    return 0.5 * (w[0] * w[1] - 1) ** 2


def _grad(w):
    e = w[0] * w[1] - 1
    return np.array([e * w[1], e * w[0]])


def _hess(w):
    u, v = w
    return np.array([[v * v, 2 * u * v - 1], [2 * u * v - 1, u * u]])


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Edge of stability")
    rng = np.random.default_rng(0)

    Q = np.linalg.qr(rng.normal(size=(6, 6)))[0]
    lam = np.array([5.0, 3.0, 1.0, 0.5, 0.2, 0.1])
    H = Q @ np.diag(lam) @ Q.T
    with r.case("power iteration = largest eigenvalue from numpy.linalg.eigvalsh") as c:
        c.close(f.power_iteration(lambda v: H @ v, 6), np.linalg.eigvalsh(H).max(), rtol=1e-9)
        c.close(f.power_iteration(lambda v: H @ v, 6, 300, 5), 5.0, rtol=1e-9)
    with r.case(
        "finite-difference Hessian-vector products on (uv - 1)^2/2 vs the analytic Hessian"
    ) as c:
        for w in (np.array([3.0, 0.2]), np.array([1.2, 0.9])):
            h = 1e-5

            def hvp(v, w=w):
                return (_grad(w + h * v) - _grad(w - h * v)) / (2 * h)

            c.close(f.power_iteration(hvp, 2), np.linalg.eigvalsh(_hess(w)).max(), rtol=1e-6)

    lr = 0.1
    x0 = Q @ np.ones(6)
    with r.case("quadratic: each eigen-component scales by (1 - lr lambda) per step") as c:
        ws = f.gradient_descent(lambda x: H @ x, x0, lr, 25)
        comps = ws @ Q  # coordinates in the eigenbasis
        c.close(comps, (1 - lr * lam)[None, :] ** np.arange(26)[:, None], rtol=1e-9, atol=1e-12)
        c.close(ws[0], x0)
    with r.case("quadratic: converges at lambda_max = 1.9/lr, diverges at 2.1/lr") as c:
        for top, stable in ((1.9 / lr, True), (2.1 / lr, False)):
            Hs = Q @ np.diag(np.r_[top, lam[1:]]) @ Q.T
            ws = f.gradient_descent(lambda x, Hs=Hs: Hs @ x, x0, lr, 300)
            top_comp = abs(ws[-1] @ Q[:, 0])  # the component along the top eigenvector
            ok = top_comp < 1e-6 if stable else top_comp > 1e6
            c.true(ok, f"lambda_max lr = {top * lr:.1f}: top component {top_comp:.3g}")

    w0 = np.array([3.0, 0.2])
    D = w0[0] ** 2 - w0[1] ** 2
    flow_sharp = np.sqrt(D**2 + 4)  # at uv = 1 with u^2 - v^2 = D, u^2 + v^2 = sqrt(D^2 + 4)
    r.figure("gradient-flow end sharpness sqrt(D^2 + 4)", float(flow_sharp))
    with r.case("small steps (2/lr = 40) follow gradient flow: end sharpness 9.18") as c:
        ws = f.gradient_descent(_grad, w0, 0.05, 3000)
        c.true(_loss(ws[-1]) < 1e-12)
        c.close(np.linalg.eigvalsh(_hess(ws[-1])).max(), flow_sharp, rtol=2e-3)
    with r.case("large steps (2/lr = 6.7 < 9.18): loss non-monotone, end below 2/lr") as c:
        big = 0.3
        ws = f.gradient_descent(_grad, w0, big, 3000)
        losses = np.array([_loss(w) for w in ws])
        sharp = np.array([np.linalg.eigvalsh(_hess(w)).max() for w in ws])
        r.figure(
            "lr 0.3: 2/lr, max sharpness seen, end sharpness",
            [2 / big, float(sharp.max()), float(sharp[-1])],
        )
        c.true(losses[-1] < 1e-12, f"final loss {losses[-1]:.3g}")
        c.true(np.any(np.diff(losses) > 0), "the loss goes up on some steps")
        c.true(sharp.max() > 2 / big, "the sharpness is above 2/lr at some point")
        c.true(sharp[-1] < 2 / big, f"it settles at sharpness {sharp[-1]:.3f} < 2/lr")
    return r


if __name__ == "__main__":
    main(run)
