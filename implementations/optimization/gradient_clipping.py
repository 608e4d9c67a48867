"""gradient-clipping: rescaling the gradient when its norm exceeds a threshold.

Follows Pascanu, Mikolov & Bengio (2013), Algorithm 1 (clip by norm), and Goodfellow et al.
ch. 10. Checks: the clipped vector has norm min(||g||, tau) and the same direction, and is
untouched inside the ball (also at ||g|| = tau and for g = 0); it is the Euclidean projection
onto the tau-ball (variational inequality tested on random ball points, which a
value-clipped vector fails); on a scalar RNN whose gradient explodes like w^T, the BPTT loss
and gradient equal the closed-form polynomial h_T = sum w^(T-1-t) x_t and its derivative, a
finite difference agrees, and clipped SGD steps stay bounded by lr * tau.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["clip_by_norm", "rnn_loss_grad"]

DOC_ZH = {
    "clip_by_norm": """按范数裁剪梯度：||g|| > tau 时把 g 缩放为 tau g / ||g||，否则原样返回。

输入：g，梯度向量；tau，阈值（> 0）。
输出：与 g 同形状的数组，范数为 min(||g||, tau)，方向不变。

>>> np.round(clip_by_norm(np.array([3.0, 4.0]), 1.0), 6).tolist()
[0.6, 0.8]
""",
    "rnn_loss_grad": """标量线性 RNN h_t = w h_{t-1} + x_t（h_0 = 0）的损失 L = h_T^2 / 2 及其对 w 的梯度（时间反向传播）。

输入：w，循环权重（float）；x，长度 T 的输入序列。
输出：(L, dL/dw)，两个 float；dL/dw = h_T sum_t w^(T-t) h_{t-1}，w > 1 时随 T 指数增长。

>>> L, g = rnn_loss_grad(2.0, np.array([1.0, 0.0]))
>>> L, g
(2.0, 2.0)
""",
}

HINTS = {
    "en": (
        "Clipping only ever shortens a vector, and only when it is too long; for BPTT, run "
        "the recurrence forward, then carry dL/dh backwards one step at a time.",
        "If ||g|| > tau return g * tau / ||g||, else g. Backward pass: dh = h_T, and for "
        "t = T..1 add dh * h_{t-1} to dL/dw, then dh *= w.",
    ),
    "zh": (
        "裁剪只会把向量变短，而且只在它太长时才这样做；时间反向传播先正向跑递推，再一步一步把 dL/dh 往回传。",
        "若 ||g|| > tau，返回 g * tau / ||g||，否则返回 g。反向：dh = h_T，对 t = T..1 把 dh * h_{t-1} 加到 "
        "dL/dw 上，然后 dh *= w。",
    ),
}


def clip_by_norm(g, tau):
    """Clip by norm: rescale g to tau g / ||g|| when ||g|| > tau, else return it unchanged.

    Input: g, a gradient vector; tau > 0, the threshold.
    Output: an array shaped like g, of norm min(||g||, tau), in g's direction.

    >>> np.round(clip_by_norm(np.array([3.0, 4.0]), 1.0), 6).tolist()
    [0.6, 0.8]
    """
    n = np.linalg.norm(g)
    return g if n <= tau else g * (tau / n)  # g <- tau g / ||g|| when ||g|| > tau


def rnn_loss_grad(w, x):
    """Loss L = h_T^2 / 2 of the scalar RNN h_t = w h_{t-1} + x_t (h_0 = 0) and dL/dw by BPTT.

    Input: w, the recurrent weight (float); x, the T inputs.
    Output: (L, dL/dw), two floats; dL/dw = h_T sum_t w^(T-t) h_{t-1} explodes for w > 1.

    >>> L, g = rnn_loss_grad(2.0, np.array([1.0, 0.0]))
    >>> L, g
    (2.0, 2.0)
    """
    T = len(x)
    h = np.zeros(T + 1)
    for t in range(T):
        h[t + 1] = w * h[t] + x[t]
    dh = h[T]  # backprop through time
    gw = 0.0
    for t in range(T, 0, -1):
        gw += dh * h[t - 1]
        dh *= w
    return float(0.5 * h[T] ** 2), float(gw)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Gradient clipping")
    tau = 1.0
    G = rng.normal(size=(500, 6)) * rng.uniform(0.01, 20, size=(500, 1))
    norms = np.linalg.norm(G, axis=1)
    small = norms <= tau

    def clip_all(tau=tau):
        return np.array([f.clip_by_norm(g, tau) for g in G])

    with r.case("clipped norm = min(||g||, tau)") as c:
        c.close(np.linalg.norm(clip_all(), axis=1), np.minimum(norms, tau), rtol=1e-12)
        c.close(np.linalg.norm(clip_all(2.5), axis=1), np.minimum(norms, 2.5), rtol=1e-12)
    with r.case("direction preserved: cosine(clipped, g) = 1") as c:
        C = clip_all()
        cos = np.sum(C * G, axis=1) / (np.linalg.norm(C, axis=1) * norms)
        c.close(cos, np.ones(500), rtol=1e-12)
    with r.case("gradients already inside the ball are untouched") as c:
        c.true(small.sum() > 5 and np.array_equal(clip_all()[small], G[small]))
        c.equal(f.clip_by_norm(np.array([0.6, 0.8]), 1.0), [0.6, 0.8])  # on the sphere
        c.equal(f.clip_by_norm(np.zeros(3), 1.0), np.zeros(3))

    g = G[np.argmax(norms)]
    # projection test (variational inequality): p is the projection of g onto the convex ball
    # iff (g - p).(z - p) <= 0 for every z in the ball; test it on 100k random ball points
    Z = rng.normal(size=(100000, 6))
    Z *= tau * rng.uniform(size=(100000, 1)) ** (1 / 6) / np.linalg.norm(Z, axis=1, keepdims=True)
    with r.case(
        "clip-by-norm is the Euclidean projection onto the tau-ball: (g-p).(z-p) <= 0"
    ) as c:
        worst = max(
            np.max((Z - f.clip_by_norm(v, tau)) @ (v - f.clip_by_norm(v, tau)))
            for v in G[~small][:5]
        )
        c.true(worst <= 1e-12, f"max {worst:.3g}")
        q = np.clip(g, -tau, tau)
        q *= tau / np.linalg.norm(q)  # value clipping, rescaled into the ball: not the projection
        c.true(np.max((Z - q) @ (g - q)) > 0, "a value-clipped vector violates it")
    with r.case("and no sampled ball point is closer to g than the clipped vector") as c:
        p = f.clip_by_norm(g, tau)
        c.true(
            np.min(np.linalg.norm(Z - g, axis=1)) >= np.linalg.norm(p - g)
            and np.linalg.norm(p) <= tau * (1 + 1e-12)
        )
    vclip = np.clip(g, -tau, tau)  # elementwise value clipping, for contrast
    r.figure(
        "cosine of value-clipped vs original gradient",
        float(vclip @ g / np.linalg.norm(vclip) / np.linalg.norm(g)),
    )

    # scalar linear RNN h_t = w h_{t-1} + x_t, loss h_T^2/2: h_T = sum_t w^(T-1-t) x_t is a
    # polynomial in w, so dL/dw = h_T * sum_t (T-1-t) w^(T-2-t) x_t
    T, w = 50, 1.2
    x = rng.normal(size=T)
    pw = np.arange(T - 1, -1, -1)
    hT = np.sum(w**pw * x)
    with r.case("BPTT loss and gradient equal the closed-form polynomial") as c:
        L, gw = f.rnn_loss_grad(w, x)
        c.close(L, 0.5 * hT**2, rtol=1e-10)
        c.close(gw, hT * np.sum(pw * w ** np.maximum(pw - 1, 0) * x), rtol=1e-10)
        c.close(
            f.rnn_loss_grad(0.7, x[:3]),
            [
                0.5 * (0.49 * x[0] + 0.7 * x[1] + x[2]) ** 2,
                (0.49 * x[0] + 0.7 * x[1] + x[2]) * (1.4 * x[0] + x[1]),
            ],
            rtol=1e-12,
        )
    with r.case("BPTT gradient equals a finite difference") as c:
        eps = 1e-6
        fd = (f.rnn_loss_grad(w + eps, x)[0] - f.rnn_loss_grad(w - eps, x)[0]) / (2 * eps)
        r.figure("|dL/dw| at w = 1.2 over 50 steps", abs(f.rnn_loss_grad(w, x)[1]))
        c.close(f.rnn_loss_grad(w, x)[1], fd, rtol=1e-5)
    with r.case("clipped SGD never moves w by more than lr * tau per step") as c:
        lr, ws = 0.01, [w]
        for _ in range(100):
            gr = f.rnn_loss_grad(ws[-1], x)[1]
            ws.append(ws[-1] - lr * f.clip_by_norm(np.array([gr]), tau)[0])
        steps = np.abs(np.diff(ws))
        c.true(steps.max() <= lr * tau + 1e-15 and steps.max() > 0.5 * lr * tau)
    with r.case("unclipped first step would jump by more than 1000 x lr * tau") as c:
        c.true(abs(f.rnn_loss_grad(w, x)[1]) > 1000 * tau)
    return r


if __name__ == "__main__":
    main(run)
