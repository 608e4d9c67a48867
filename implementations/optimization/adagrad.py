"""adagrad: per-coordinate step sizes from the running sum of squared gradients.

Follows Duchi, Hazan & Singer (2011) (diagonal version) and d2l-en sec. 12.7.
Checks against hand-derived closed forms: with a constant gradient the k-th step is
lr/sqrt(k) per coordinate and the total displacement is lr * sum 1/sqrt(k); on random
gradients the iterates equal the vectorised closed form x0 - lr cumsum(g / sqrt(cumsum g^2)),
with eps and a non-zero start; rare features keep larger steps; the update is invariant to
rescaling the gradient (eps = 0); fed its own gradients on a badly scaled quadratic, both
coordinates follow the same path while GD barely moves the flat one.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["adagrad"]

DOC_ZH = {
    "adagrad": """AdaGrad（对角版本）：每个坐标的步长为 lr / (sqrt(G) + eps)，G 是该坐标梯度平方的累计和。

输入：grads，形状 (T, n) 的梯度序列（第 t 行是第 t 步的梯度）；lr，学习率；eps，加在分母上的小数；
x0，起点（None 时为零向量）。
输出：形状 (T+1, n) 的数组，第 0 行是起点，第 t 行是第 t 步更新后的 x。

>>> np.round(adagrad(np.array([[2.0, -1.0], [2.0, -1.0]]), 0.1), 6).tolist()
[[0.0, 0.0], [-0.1, 0.1], [-0.170711, 0.170711]]
""",
}

HINTS = {
    "en": (
        "Keep one running total per coordinate and let it set that coordinate's step size.",
        "Accumulate G += g*g first, then step x -= lr * g / (sqrt(G) + eps): a coordinate that "
        "has seen large gradients takes small steps, a rarely active one keeps large steps.",
    ),
    "zh": (
        "为每个坐标维护一个累计量，让它决定该坐标的步长。",
        "先累加 G += g*g，再更新 x -= lr * g / (sqrt(G) + eps)：梯度一直很大的坐标步子变小，"
        "很少出现梯度的坐标仍保持大步长。",
    ),
}


def adagrad(grads, lr, eps=0.0, x0=None):
    """Diagonal AdaGrad: step each coordinate by lr / (sqrt(G) + eps), G its summed g^2.

    Input: grads, an array (T, n) whose row t is the gradient at step t; lr, the learning
    rate; eps, added to the denominator; x0, the start (zeros when None).
    Output: an array (T+1, n): row 0 is the start, row t the iterate after step t.

    >>> np.round(adagrad(np.array([[2.0, -1.0], [2.0, -1.0]]), 0.1), 6).tolist()
    [[0.0, 0.0], [-0.1, 0.1], [-0.170711, 0.170711]]
    """
    x = np.zeros(grads.shape[1]) if x0 is None else np.array(x0, dtype=float)
    G = np.zeros_like(x)
    xs = [x.copy()]
    for g in grads:
        G += g * g  # running sum of squared gradients
        x -= lr * g / (np.sqrt(G) + eps)  # per-coordinate step
        xs.append(x.copy())
    return np.array(xs)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("AdaGrad")
    lr, T = 0.1, 50
    g = np.array([3.0, -0.01, 200.0])
    k = np.arange(1, T + 1)
    with r.case("first step has magnitude lr in every coordinate, whatever |g|") as c:
        xs = f.adagrad(np.tile(g, (T, 1)), lr)
        c.close(np.abs(xs[1] - xs[0]), [lr] * 3, rtol=1e-12)
        c.close(xs[0], np.zeros(3), atol=0)  # starts at the origin by default
    with r.case("constant gradient: k-th step = -lr sign(g) / sqrt(k)") as c:
        xs = f.adagrad(np.tile(g, (T, 1)), lr)
        c.close(np.diff(xs, axis=0), -lr * np.sign(g) / np.sqrt(k)[:, None], rtol=1e-12)
    with r.case("total displacement = lr * sum_k 1/sqrt(k)") as c:
        xs = f.adagrad(np.tile(g, (T, 1)), lr)
        c.close(np.abs(xs[-1]), [lr * np.sum(1 / np.sqrt(k))] * 3, rtol=1e-12)

    # closed form on random gradients: step k is lr g_k / (sqrt(sum_{j<=k} g_j^2) + eps)
    grads = rng.normal(size=(40, 4))
    x0 = rng.normal(size=4)
    with r.case("random gradients, eps and x0: iterates equal the cumulative closed form") as c:
        for eps in (0.0, 0.5):
            steps = lr * grads / (np.sqrt(np.cumsum(grads**2, axis=0)) + eps)
            ref = np.vstack([x0, x0 - np.cumsum(steps, axis=0)])
            c.close(f.adagrad(grads, lr, eps, x0.copy()), ref, rtol=1e-12, atol=1e-14)

    # scale invariance: multiplying all gradients by c > 0 changes nothing (eps = 0)
    with r.case("updates invariant to gradient scale c = 1000") as c:
        a, b = f.adagrad(1000 * grads, lr), f.adagrad(grads, lr)
        c.close(a, b, rtol=1e-10, atol=1e-14)
        c.true(np.abs(b[-1]).min() > 1e-3, "and the iterates move")

    # sparse features: a coordinate with few non-zero gradients keeps a large step size
    mask = np.zeros((100, 2))
    mask[:, 0] = 1.0  # dense feature: gradient every step
    mask[::25, 1] = 1.0  # rare feature: 4 gradients in 100 steps
    r.figure("effective step after 100 steps: dense vs rare", (lr / np.sqrt(mask.sum(0))).tolist())
    with r.case("dense feature's last step lr/sqrt(100), rare feature's 4th step lr/sqrt(4)") as c:
        xs_s = f.adagrad(mask, lr)
        last_dense = abs(xs_s[100, 0] - xs_s[99, 0])
        last_rare = abs(xs_s[76, 1] - xs_s[75, 1])
        c.close([last_dense, last_rare], [lr / 10, lr / 2], rtol=1e-12)

    # badly scaled quadratic f = 1/2 (100 x^2 + 0.01 y^2), gradients fed back at each iterate
    H = np.array([100.0, 0.01])
    with r.case("AdaGrad: steep and flat coordinates follow identical trajectories") as c:
        hist, x = [], np.ones(2)
        for _ in range(200):
            hist.append(H * x)
            x = f.adagrad(np.array(hist), 0.5, 0.0, np.ones(2))[-1]
        r.figure("AdaGrad iterate after 200 steps on (100 x^2 + 0.01 y^2)/2", x.tolist())
        # per-coordinate scaling removes the 10^4 curvature ratio: both follow one path
        c.close(x[0], x[1], rtol=1e-9)
        y_gd = (1 - (1 / 100) * 0.01) ** 200  # GD with step 1/L (closed form) barely moves y
        r.figure("GD (eta = 1/L) y after 200 steps", y_gd)
        c.true(abs(x[1]) < 1e-6 and y_gd > 0.97, "flat coordinate: AdaGrad < 1e-6, GD > 0.97")
    return r


if __name__ == "__main__":
    main(run)
