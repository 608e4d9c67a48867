"""schedule-free-optimization: schedule-free SGD, interpolation plus online iterate averaging.

Follows Defazio et al. (2024), The Road Less Scheduled: y = (1 - beta) z + beta x (where the
gradient is taken), z <- z - lr grad f(y) (a plain SGD sequence), x <- (1 - c) x + c z with
c_{t+1} = 1/(t+1) (the uniform running average, the point that is evaluated). No learning-rate
schedule and no stopping time are needed. Checks: x_t equals the arithmetic mean of z_1..z_t
computed directly; y_t is the stated interpolation; beta = 0 gives SGD on z with its Polyak
average in x, both in closed form on a quadratic; any beta on a diagonal quadratic equals the
product of the 2 x 2 linear maps acting on (z, x) (a different algorithm); on a noisy quadratic
with a constant rate the averaged x ends far closer to the optimum than the last SGD iterate z.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["schedule_free_sgd"]

DOC_ZH = {
    "schedule_free_sgd": """无调度 SGD（Defazio 等 2024）：在插值点取梯度，z 做 SGD，x 是 z 的在线平均。

输入：grad，函数 grad(y) 返回梯度；x0，起点（x_1 = z_1 = x0）；lr，恒定学习率；steps，步数 T；beta，插值系数。
第 t 步（t = 1..T）：y_t = (1 - beta) z_t + beta x_t；z_{t+1} = z_t - lr grad(y_t)；
x_{t+1} = (1 - c) x_t + c z_{t+1}，其中 c = 1/(t+1)。
输出：三元组 (xs, zs, ys)：xs、zs 形状 (T+1, n)，第 0 行是 x0；ys 形状 (T, n)。

>>> xs, zs, ys = schedule_free_sgd(lambda y: y, np.array([4.0]), 0.5, 2, beta=0.0)
>>> zs[:, 0].tolist(), xs[:, 0].tolist()
([4.0, 2.0, 1.0], [4.0, 3.0, 2.3333333333333335])
""",
}

HINTS = {
    "en": (
        "Three sequences: z takes plain SGD steps, x is the running average of the z's, and "
        "the gradient is taken at y, a point between them.",
        "y = (1 - beta) z + beta x; z = z - lr grad(y); c = 1/(t+1) at step t = 1, 2, ...; "
        "x = (1 - c) x + c z (with the new z).",
    ),
    "zh": (
        "三个序列：z 做普通 SGD 步，x 是 z 的滑动平均，梯度在介于二者之间的 y 处计算。",
        "y = (1 - beta) z + beta x；z = z - lr grad(y)；第 t 步（t = 1, 2, ...）c = 1/(t+1)；"
        "x = (1 - c) x + c z（用新的 z）。",
    ),
}


def schedule_free_sgd(grad, x0, lr, steps, beta=0.9):
    """Schedule-free SGD (Defazio et al. 2024): gradient at an interpolation, x averages z.

    Input: grad, a function returning the gradient at y; x0, the start (x_1 = z_1 = x0); lr, a
    constant rate; steps, T; beta, the interpolation. Step t = 1..T:
    y_t = (1 - beta) z_t + beta x_t; z_{t+1} = z_t - lr grad(y_t);
    x_{t+1} = (1 - c) x_t + c z_{t+1} with c = 1/(t+1).
    Output: (xs, zs, ys): xs and zs (T+1, n) with x0 in row 0; ys (T, n).

    >>> xs, zs, ys = schedule_free_sgd(lambda y: y, np.array([4.0]), 0.5, 2, beta=0.0)
    >>> zs[:, 0].tolist(), xs[:, 0].tolist()
    ([4.0, 2.0, 1.0], [4.0, 3.0, 2.3333333333333335])
    """
    x = np.asarray(x0, dtype=float).copy()
    z = x.copy()
    xs, zs, ys = [x.copy()], [z.copy()], []
    for t in range(1, steps + 1):
        y = (1 - beta) * z + beta * x
        z = z - lr * grad(y)
        c = 1 / (t + 1)
        x = (1 - c) * x + c * z
        xs.append(x.copy())
        zs.append(z.copy())
        ys.append(y)
    return np.array(xs), np.array(zs), np.array(ys)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Schedule-free SGD")
    rng = np.random.default_rng(0)
    a = np.array([1.0, 0.2, 3.0])  # f(x) = sum a_i x_i^2 / 2
    x0 = np.array([2.0, -1.0, 0.5])
    lr, T = 0.3, 40

    def grad(y):
        return a * y

    with r.case("x_t is the mean of z_1..z_t (computed directly)") as c:
        xs, zs, _ = f.schedule_free_sgd(grad, x0, lr, T, 0.9)
        means = np.cumsum(zs, axis=0) / np.arange(1, T + 2)[:, None]
        c.close(xs, means, rtol=1e-10, atol=1e-14)
        c.close(xs[0], x0)
    with r.case("y_t = (1 - beta) z_t + beta x_t") as c:
        xs, zs, ys = f.schedule_free_sgd(grad, x0, lr, T, 0.7)
        c.close(ys, 0.3 * zs[:-1] + 0.7 * xs[:-1], rtol=1e-10, atol=1e-14)
    with r.case("beta = 0: z is SGD, z_t = (1 - lr a)^t x0; x its Polyak average") as c:
        xs, zs, _ = f.schedule_free_sgd(grad, x0, lr, T, 0.0)
        q = 1 - lr * a
        t = np.arange(T + 1)[:, None]
        c.close(zs, q**t * x0, rtol=1e-10, atol=1e-14)
        c.close(xs, (1 - q ** (t + 1)) / ((1 - q) * (t + 1)) * x0, rtol=1e-10, atol=1e-14)

    def by_matrices(beta, steps):
        out = []
        for ai, x0i in zip(a, x0, strict=True):
            s = np.array([x0i, x0i])  # (z, x)
            for k in range(1, steps + 1):
                cc = 1 / (k + 1)
                Mz = np.array([1 - lr * ai * (1 - beta), -lr * ai * beta])
                Mx = np.array([cc * Mz[0], (1 - cc) + cc * Mz[1]])
                s = np.array([Mz @ s, Mx @ s])
            out.append(s)
        return np.array(out).T  # rows z, x

    with r.case("any beta: equals the product of the 2 x 2 maps on (z, x)") as c:
        for beta in (0.5, 0.9, 1.0):
            xs, zs, _ = f.schedule_free_sgd(grad, x0, lr, T, beta)
            ref = by_matrices(beta, T)
            c.close(zs[-1], ref[0], rtol=1e-9, atol=1e-14)
            c.close(xs[-1], ref[1], rtol=1e-9, atol=1e-14)
        xs, zs, _ = f.schedule_free_sgd(grad, x0, lr, T)  # default beta = 0.9
        c.close(xs[-1], by_matrices(0.9, T)[1], rtol=1e-9, atol=1e-14)

    # constant rate, noisy gradients: SGD's last iterate rattles around the optimum at a noise
    # floor; the average does not
    noise = rng.normal(size=(2000, 3))
    it = iter(noise)
    with r.case("noisy quadratic: averaged x ends far closer to 0 than the last z") as c:
        xs, zs, _ = f.schedule_free_sgd(lambda y: grad(y) + next(it), x0, 0.1, 2000, 0.9)
        ex, ez = float(np.sum(xs[-1] ** 2)), float(np.sum(zs[-1] ** 2))
        r.figure("|x_T|^2, |z_T|^2", [ex, ez])
        c.true(ex < 0.1 * ez, f"{ex:.3g} vs {ez:.3g}")
    return r


if __name__ == "__main__":
    main(run)
