"""lion-optimizer: Lion (EvoLved Sign Momentum), sign of an interpolated momentum.

Follows the update rule of Chen et al. (2023): c = b1 m + (1 - b1) g; x = x - lr (sign(c) + wd x);
m = b2 m + (1 - b2) g. Only one state (m) is kept, and every coordinate of the update has the
same magnitude lr (plus the decoupled decay). Checks: with the decay removed, each step is in
{-lr, 0, +lr} per coordinate; the decay is decoupled, x_new = (1 - lr wd) x - lr sign(c); the
first two steps against a hand-unrolled recursion with b1 != b2 (a swapped pair of betas fails);
the stored momentum is the exponential average with weights (1 - b2) b2^(T-t) (closed form);
b1 = 0 reduces to signSGD on the raw gradient; a derived invariant: with wd > 0 and
|x_0|_inf <= 1/wd the iterates never leave the box |x|_inf <= 1/wd (since
(1 - lr wd)/wd + lr = 1/wd), and the box edge is reached when the gradient keeps one sign.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["lion"]

DOC_ZH = {
    "lion": """Lion（Chen 等 2023）：对插值动量取符号，并使用解耦的权重衰减。

输入：grads，形状 (T, n) 的梯度序列（第 t 行是第 t 步的梯度）；x0，起点；lr，学习率；
b1，插值系数；b2，动量衰减率；wd，解耦权重衰减。每一步：c = b1 m + (1 - b1) g；
x = x - lr (sign(c) + wd x)（wd x 用更新前的 x）；m = b2 m + (1 - b2) g，m 从 0 开始。
输出：二元组 (xs, ms)：xs 形状 (T+1, n)，第 0 行是 x0；ms 形状 (T, n)，第 t-1 行是第 t 步之后的 m。

>>> xs, ms = lion(np.array([[1.0, -2.0], [-3.0, -1.0]]), np.zeros(2), 0.1)
>>> np.round(xs, 6).tolist()
[[0.0, 0.0], [-0.1, 0.1], [0.0, 0.2]]
""",
}

HINTS = {
    "en": (
        "Two different betas: one mixes the gradient into the direction you take the sign of, "
        "the other updates the momentum you keep. Do the update before the momentum update.",
        "c = b1 m + (1-b1) g; x = x - lr (np.sign(c) + wd x); then m = b2 m + (1-b2) g.",
    ),
    "zh": (
        "两个不同的 beta：一个把梯度混入要取符号的方向，另一个更新保留下来的动量。先更新 x，再更新动量。",
        "c = b1 m + (1-b1) g；x = x - lr (np.sign(c) + wd x)；然后 m = b2 m + (1-b2) g。",
    ),
}


def lion(grads, x0, lr, b1=0.9, b2=0.99, wd=0.0):
    """Lion (Chen et al. 2023): sign of an interpolated momentum, decoupled decay.

    Input: grads, an array (T, n) whose row t is the gradient at step t; x0, the start; lr, the
    learning rate; b1, the interpolation; b2, the momentum decay; wd, the decoupled weight
    decay. Each step: c = b1 m + (1 - b1) g; x = x - lr (sign(c) + wd x) (wd x with the old x);
    m = b2 m + (1 - b2) g, from m = 0.
    Output: (xs, ms): xs (T+1, n) with x0 in row 0; ms (T, n), row t-1 the m after step t.

    >>> xs, ms = lion(np.array([[1.0, -2.0], [-3.0, -1.0]]), np.zeros(2), 0.1)
    >>> np.round(xs, 6).tolist()
    [[0.0, 0.0], [-0.1, 0.1], [0.0, 0.2]]
    """
    x = np.asarray(x0, dtype=float).copy()
    m = np.zeros_like(x)
    xs, ms = [x.copy()], []
    for g in grads:
        c = b1 * m + (1 - b1) * g  # the direction whose sign is taken
        x = x - lr * (np.sign(c) + wd * x)
        m = b2 * m + (1 - b2) * g  # the momentum that is kept
        xs.append(x.copy())
        ms.append(m.copy())
    return np.array(xs), np.array(ms)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Lion")
    rng = np.random.default_rng(0)
    T, n, lr = 200, 6, 1e-2
    grads = rng.standard_t(df=3, size=(T, n)) * np.array([1e3, 1.0, 1e-3, 5.0, 0.2, 40.0])
    grads[:, 1] += 0.5  # one coordinate with a consistent sign
    x0 = rng.normal(size=n)

    with r.case("without decay every step is in {-lr, 0, +lr} per coordinate") as c:
        xs, _ = f.lion(grads, x0, lr)
        steps = np.diff(xs, axis=0) / lr
        c.close(np.abs(steps), np.ones_like(steps), rtol=1e-9)
        c.close(xs[0], x0)
        xz, _ = f.lion(np.zeros((3, 2)), np.array([1.0, -2.0]), lr)
        c.close(xz, np.tile([1.0, -2.0], (4, 1)))  # zero gradients: sign(0) = 0, no move
    wd = 0.5
    with r.case("decoupled decay: x_new = (1 - lr wd) x - lr sign(c)") as c:
        xs, _ = f.lion(grads, x0, lr, wd=wd)
        u = (xs[1:] - (1 - lr * wd) * xs[:-1]) / lr
        c.close(np.abs(u), np.ones_like(u), rtol=1e-9)
        r.figure("first steps, coordinate 0", np.round(xs[:4, 0], 6).tolist())

    ga, gb = np.array([1.0, -2.0, 0.5]), np.array([-3.0, 2.5, -1.0])
    p1, p2 = 0.25, 0.875
    with r.case("two steps unrolled by hand (b1 = 0.25, b2 = 0.875, wd = 0.5)") as c:
        start = np.array([0.3, -0.1, 2.0])
        xs, ms = f.lion(np.array([ga, gb]), start, 0.1, p1, p2, wd)
        c1 = (1 - p1) * ga  # m_0 = 0
        x1 = start - 0.1 * (np.sign(c1) + wd * start)
        m1 = (1 - p2) * ga
        c2 = p1 * m1 + (1 - p1) * gb
        x2 = x1 - 0.1 * (np.sign(c2) + wd * x1)
        c.close(xs[1], x1, rtol=1e-12)
        c.close(xs[2], x2, rtol=1e-12)
        c.close(ms[0], m1, rtol=1e-12)
        c.close(ms[1], p2 * m1 + (1 - p2) * gb, rtol=1e-12)
    with r.case("the interpolation decides the sign when m and g disagree (b1 = 0.5, b2 = 0)") as c:
        g1, g2 = np.array([3.0, -3.0, 1.0]), np.array([-2.0, 2.5, -0.5])
        xs, _ = f.lion(np.array([g1, g2]), np.zeros(3), 1.0, 0.5, 0.0)
        # m1 = g1, so c2 = (g1 + g2) / 2 = (0.5, -0.25, 0.25): the sign of neither g1 nor g2
        c.close(xs[2] - xs[1], -np.sign(0.5 * g1 + 0.5 * g2), rtol=1e-12)

    with r.case("stored momentum = sum_t (1 - b2) b2^(T-t) g_t (closed form)") as c:
        _, ms = f.lion(grads, x0, lr, 0.9, 0.99)
        w = (1 - 0.99) * 0.99 ** np.arange(T - 1, -1, -1)
        c.close(ms[-1], w @ grads, rtol=1e-10)
    with r.case("b1 = 0: the update is sign(g), signSGD on the raw gradient") as c:
        xs, _ = f.lion(grads, x0, lr, 0.0, 0.99)
        c.close(xs[-1], x0 - lr * np.sign(grads).sum(axis=0), rtol=1e-10)

    wd2 = 2.0
    with r.case("box invariant: |x|_inf <= 1/wd is never left (wd = 2, lr = 0.05)") as c:
        start = rng.uniform(-0.5, 0.5, size=n)
        xs, _ = f.lion(grads, start, 0.05, wd=wd2)
        c.true(np.abs(xs).max() <= 1 / wd2 + 1e-12, f"max |x| {np.abs(xs).max():.6g}")
        # a gradient that keeps one sign drives x to the edge -1/wd: x_t + 1/wd shrinks by
        # (1 - lr wd) per step
        xs, _ = f.lion(np.ones((60, 1)), np.array([0.4]), 0.05, wd=wd2)
        c.close(xs[:, 0] + 1 / wd2, (0.4 + 1 / wd2) * (1 - 0.05 * wd2) ** np.arange(61), rtol=1e-9)
        r.figure("x after 60 steps of g = +1 (edge -1/wd = -0.5)", float(xs[-1, 0]))
    return r


if __name__ == "__main__":
    main(run)
