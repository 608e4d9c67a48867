"""adam: momentum on the gradient plus RMSProp scaling, with bias correction.

Follows Kingma & Ba (2015), Algorithm 1 and sec. 2.1-3, and d2l-en sec. 12.10.
Checks: the first step is exactly lr per coordinate (bias correction), and lr |g|/(|g|+eps)
with eps; a constant gradient gives steps of exactly lr; the bias-corrected moments equal
the normalised weighted sums (default and non-default betas); a hand-unrolled second step;
the efficient form with alpha_t = lr sqrt(1-b2^t)/(1-b1^t) gives the same iterates; every
step respects the paper's bound |step| <= lr (1-b1)/sqrt(1-b2) (case 1-b1 > sqrt(1-b2)).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["adam"]

DOC_ZH = {
    "adam": """Adam（Kingma & Ba 算法 1）：一阶矩 m 和二阶矩 v 的指数滑动平均，经偏差校正后更新 x。

输入：grads，形状 (T, n) 的梯度序列（第 t 行是第 t 步的梯度）；lr，学习率；b1、b2，两个矩的衰减率；
eps，加在 sqrt(v_hat) 上的小数。起点为零向量。
输出：三元组 (xs, m_hat, v_hat)：xs 形状 (T+1, n)，第 0 行是起点；m_hat、v_hat 形状 (T, n)，
第 t-1 行是第 t 步的偏差校正矩 m/(1-b1^t) 与 v/(1-b2^t)。

>>> xs, mh, vh = adam(np.array([[2.0, -4.0], [1.0, -4.0]]), 0.1)
>>> np.round(xs[1:], 6).tolist()
[[-0.1, 0.1], [-0.193218, 0.2]]
""",
}

HINTS = {
    "en": (
        "Two exponential moving averages, one of g and one of g*g; both start at zero, so "
        "early on they are too small.",
        "m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2; divide by (1 - b1^t) and (1 - b2^t) to undo "
        "the zero start, then x -= lr m_hat / (sqrt(v_hat) + eps).",
    ),
    "zh": (
        "维护两个指数滑动平均：一个是 g，一个是 g*g；二者都从 0 开始，所以前几步偏小。",
        "m = b1 m + (1-b1) g，v = b2 v + (1-b2) g^2；分别除以 (1 - b1^t) 和 (1 - b2^t) 消除零初始化的偏差，"
        "再更新 x -= lr m_hat / (sqrt(v_hat) + eps)。",
    ),
}


def adam(grads, lr, b1=0.9, b2=0.999, eps=0.0):
    """Adam (Kingma & Ba, Algorithm 1) on a given sequence of gradients, from x = 0.

    Input: grads, an array (T, n) whose row t is the gradient at step t; lr, the learning
    rate; b1, b2, the decay rates of the first and second moments; eps, added to sqrt(v_hat).
    Output: (xs, m_hat, v_hat): xs (T+1, n) with the start in row 0; m_hat and v_hat (T, n),
    row t-1 holding the bias-corrected moments m/(1-b1^t) and v/(1-b2^t) of step t.

    >>> xs, mh, vh = adam(np.array([[2.0, -4.0], [1.0, -4.0]]), 0.1)
    >>> np.round(xs[1:], 6).tolist()
    [[-0.1, 0.1], [-0.193218, 0.2]]
    """
    x = np.zeros(grads.shape[1])
    m = v = np.zeros_like(x)
    xs, mh, vh = [x.copy()], [], []
    for t, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g  # first moment (momentum)
        v = b2 * v + (1 - b2) * g * g  # second moment (RMSProp)
        m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)  # undo the zero initialisation
        x = x - lr * m_hat / (np.sqrt(v_hat) + eps)
        xs.append(x.copy())
        mh.append(m_hat)
        vh.append(v_hat)
    return np.array(xs), np.array(mh), np.array(vh)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Adam")
    lr, b1, b2 = 1e-3, 0.9, 0.999

    g1 = np.array([[5.0, -1e-4, 300.0]])
    with r.case("first step = -lr * sign(g) per coordinate") as c:
        xs, _, _ = f.adam(g1, lr)
        c.close(xs[1], -lr * np.sign(g1[0]), rtol=1e-12)
        c.close(xs[0], np.zeros(3))
    with r.case("with eps: first step = -lr g / (|g| + eps)") as c:
        xs, _, _ = f.adam(g1, lr, eps=1e-3)
        c.close(xs[1], -lr * g1[0] / (np.abs(g1[0]) + 1e-3), rtol=1e-12)
    with r.case("constant gradient: every step is exactly lr") as c:
        xs, _, _ = f.adam(np.tile(g1, (50, 1)), lr)
        c.close(np.diff(xs, axis=0), np.tile(-lr * np.sign(g1), (50, 1)), rtol=1e-10)

    # hand-unrolled two steps: m_2 = (1-b1)(b1 g1 + g2), v_2 = (1-b2)(b2 g1^2 + g2^2)
    ga, gb = np.array([2.0, -1.0, 0.5]), np.array([-1.0, 3.0, 0.5])
    with r.case("second step unrolled by hand (b1 = 0.5, b2 = 0.75)") as c:
        xs, mh, vh = f.adam(np.array([ga, gb]), 0.1, 0.5, 0.75)
        m2 = 0.5 * (0.5 * ga + gb) / (1 - 0.25)
        v2 = 0.25 * (0.75 * ga**2 + gb**2) / (1 - 0.5625)
        c.close(mh[1], m2, rtol=1e-12)
        c.close(vh[1], v2, rtol=1e-12)
        c.close(xs[2], -0.1 * np.sign(ga) - 0.1 * m2 / np.sqrt(v2), rtol=1e-12)

    grads = rng.standard_t(df=2, size=(200, 4)) * np.array([1.0, 100.0, 0.01, 5.0])  # heavy tails
    t = 200
    for name, (p1, p2) in {"": (b1, b2), " (b1 = 0.8, b2 = 0.99)": (0.8, 0.99)}.items():
        w1 = (1 - p1) * p1 ** np.arange(t - 1, -1, -1)
        w2 = (1 - p2) * p2 ** np.arange(t - 1, -1, -1)
        with r.case("m_hat = weighted average of gradients, weights normalised to 1" + name) as c:
            _, mh, _ = f.adam(grads, lr, p1, p2)
            c.close(mh[-1], w1 @ grads / w1.sum(), rtol=1e-10)
            c.close(mh[0], grads[0], rtol=1e-12)  # bias correction makes m_hat_1 = g_1
        with r.case("v_hat = weighted average of squared gradients" + name) as c:
            _, _, vh = f.adam(grads, lr, p1, p2)
            c.close(vh[-1], w2 @ grads**2 / w2.sum(), rtol=1e-10)
            c.close(vh[0], grads[0] ** 2, rtol=1e-12)

    # Kingma & Ba sec. 2: the same update written with alpha_t and the raw moments
    x, m, v = np.zeros(4), np.zeros(4), np.zeros(4)
    for k, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        x = x - lr * np.sqrt(1 - b2**k) / (1 - b1**k) * m / np.sqrt(v)
    with r.case("efficient alpha_t form gives the same iterates") as c:
        xs, _, _ = f.adam(grads, lr)
        c.close(xs[-1], x, rtol=1e-10)

    bound = lr * (1 - b1) / np.sqrt(1 - b2)
    r.figure("paper's bound / lr = (1-b1)/sqrt(1-b2)", float(bound / lr))
    with r.case("every step obeys |step| <= lr (1-b1)/sqrt(1-b2)") as c:
        xs, _, _ = f.adam(grads, lr)
        steps = np.abs(np.diff(xs, axis=0))
        r.figure("largest |step| / lr", float(steps.max() / lr))
        c.true(np.all(steps <= bound * (1 + 1e-12)), f"max {steps.max() / lr:.3g} lr")
        c.true(steps.max() > lr, "and a heavy-tailed gradient makes some step exceed lr")
    return r


if __name__ == "__main__":
    main(run)
