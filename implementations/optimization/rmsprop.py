"""rmsprop: AdaGrad with an exponential moving average of squared gradients.

Follows d2l-en sec. 12.8 and Tieleman & Hinton (2012, Coursera lecture 6.5).
Checks against hand-derived closed forms: the EMA equals the explicit weighted sum
(1-rho) sum rho^(t-k) g_k^2; with a constant gradient the t-th step is lr/sqrt(1 - rho^t)
(first step lr/sqrt(1-rho)), tending to lr instead of decaying to 0 as in AdaGrad; two
steps unrolled by hand with eps > 0; the updates are invariant to rescaling a coordinate.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["rmsprop"]

DOC_ZH = {
    "rmsprop": """RMSProp：用梯度平方的指数滑动平均 v 缩放每个坐标的步长，从 x = 0 出发。

输入：grads，形状 (T, n) 的梯度序列；lr，学习率；rho，滑动平均的衰减率；eps，加在 sqrt(v) 上的小数。
每步 v = rho v + (1 - rho) g^2（v 从 0 开始，不做偏差校正），x -= lr g / (sqrt(v) + eps)。
输出：(xs, vs)：xs 形状 (T+1, n)，第 0 行为零向量；vs 形状 (T, n)，第 t-1 行是第 t 步后的 v。

>>> xs, vs = rmsprop(np.array([[1.0], [1.0]]), 0.1, 0.75)
>>> np.round(xs, 6).tolist(), np.round(vs, 6).tolist()
([[0.0], [-0.2], [-0.351186]], [[0.25], [0.4375]])
""",
}

HINTS = {
    "en": (
        "Like AdaGrad, but the running total of squared gradients forgets the past "
        "geometrically, so the step size does not shrink to zero.",
        "v = rho * v + (1 - rho) * g * g, then x -= lr * g / (sqrt(v) + eps); v starts at 0 "
        "and is not bias-corrected, so the first step is lr / sqrt(1 - rho).",
    ),
    "zh": (
        "和 AdaGrad 类似，但梯度平方的累计量按几何级数遗忘过去，所以步长不会缩到 0。",
        "v = rho * v + (1 - rho) * g * g，然后 x -= lr * g / (sqrt(v) + eps)；v 从 0 开始且不做偏差校正，"
        "所以第一步是 lr / sqrt(1 - rho)。",
    ),
}


def rmsprop(grads, lr, rho=0.9, eps=0.0):
    """RMSProp: scale each coordinate's step by a moving average v of squared gradients.

    Input: grads, an array (T, n) of gradients; lr, the learning rate; rho, the decay of
    the average; eps, added to sqrt(v). From x = 0 and v = 0 (no bias correction):
    v = rho v + (1 - rho) g^2, x -= lr g / (sqrt(v) + eps).
    Output: (xs, vs): xs (T+1, n) with zeros in row 0; vs (T, n), row t-1 holding v after
    step t.

    >>> xs, vs = rmsprop(np.array([[1.0], [1.0]]), 0.1, 0.75)
    >>> np.round(xs, 6).tolist(), np.round(vs, 6).tolist()
    ([[0.0], [-0.2], [-0.351186]], [[0.25], [0.4375]])
    """
    x = np.zeros(grads.shape[1])
    v = np.zeros_like(x)
    xs, vs = [x.copy()], []
    for g in grads:
        v = rho * v + (1 - rho) * g * g  # leaky average of squared gradients
        x = x - lr * g / (np.sqrt(v) + eps)
        xs.append(x.copy())
        vs.append(v.copy())
    return np.array(xs), np.array(vs)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("RMSProp")
    lr, rho = 0.01, 0.9

    grads = rng.normal(size=(60, 3)) * np.array([1.0, 10.0, 0.1])
    t = len(grads)
    w = (1 - rho) * rho ** np.arange(t - 1, -1, -1)  # weights on g_1 .. g_t
    r.figure("total weight of the EMA after t steps = 1 - rho^t", float(w.sum()))
    with r.case("EMA equals (1-rho) sum_k rho^(t-k) g_k^2") as c:
        _, vs = f.rmsprop(grads, lr)  # default rho = 0.9
        c.close(vs[-1], w @ grads**2, rtol=1e-12)
        c.close(vs[0], (1 - rho) * grads[0] ** 2, rtol=1e-12)

    with r.case("two steps by hand (rho = 0.5, eps = 0.1)") as c:
        g1, g2 = np.array([2.0, -1.0]), np.array([1.0, 3.0])
        xs, vs = f.rmsprop(np.array([g1, g2]), 0.1, 0.5, 0.1)
        v1 = 0.5 * g1**2
        v2 = 0.5 * v1 + 0.5 * g2**2
        x1 = -0.1 * g1 / (np.sqrt(v1) + 0.1)
        x2 = x1 - 0.1 * g2 / (np.sqrt(v2) + 0.1)
        c.close(xs, np.array([np.zeros(2), x1, x2]), rtol=1e-14)
        c.close(vs, np.array([v1, v2]), rtol=1e-14)

    g = np.array([2.0, -0.003, 50.0])
    T = 100
    k = np.arange(1, T + 1)
    with r.case("first step = lr / sqrt(1 - rho) = lr * sqrt(10) per coordinate") as c:
        xs, _ = f.rmsprop(np.tile(g, (T, 1)), lr)
        c.close(np.abs(xs[1] - xs[0]), [lr / np.sqrt(1 - rho)] * 3, rtol=1e-12)
    with r.case("t-th step = lr / sqrt(1 - rho^t) (constant gradient)") as c:
        xs, _ = f.rmsprop(np.tile(g, (T, 1)), lr)
        c.close(np.diff(xs, axis=0), -np.sign(g) * (lr / np.sqrt(1 - rho**k))[:, None], rtol=1e-12)
    with r.case(
        "RMSProp step stays near lr (0.99 lr < step_100) while AdaGrad's would be lr/10"
    ) as c:
        xs, _ = f.rmsprop(np.tile(g, (T, 1)), lr)
        step = abs(xs[-1, 0] - xs[-2, 0])
        r.figure("step 100: RMSProp vs AdaGrad (lr/sqrt(100))", [float(step), lr / 10])
        c.true(0.99 * lr < step < 1.01 * lr, f"{step:.4g}")

    # scale invariance per coordinate (eps = 0)
    with r.case("updates invariant to per-coordinate gradient rescaling") as c:
        xs1, _ = f.rmsprop(grads, lr, rho)
        xs2, _ = f.rmsprop(grads * np.array([1e3, 1e-3, 7.0]), lr, rho)
        c.close(xs1, xs2, rtol=1e-10, atol=1e-15)
        c.true(np.abs(xs1[-1]).min() > 1e-3, "and the iterates move")
    return r


if __name__ == "__main__":
    main(run)
