"""lars-lamb: layer-wise trust ratios for large-batch training, LARS (SGD) and LAMB (Adam).

Follows You, Gitman & Ginsburg (2017) for LARS and You et al. (2020) for LAMB, in the form the
LAMB paper states both: each layer's update u is rescaled so that its length is lr ||w||,
w <- w - lr (||w|| / ||u||) u. LARS takes u = m with m = b1 m + (1 - b1)(g + wd w); LAMB takes
u = r + wd w with r = m_hat / (sqrt(v_hat) + eps) the bias-corrected Adam ratio. Checks: every
layer moves by exactly lr ||w|| at every step (trust ratio ||w||/||u||, phi the identity);
multiplying one layer's gradients by 1000 leaves both methods' trajectories unchanged (with
wd = 0, eps = 0), and the other layer is not affected either (the ratio is per layer, not
global); LAMB's first step against the closed form lr ||w|| (sign(g) + wd w)/||sign(g) + wd w||;
LAMB's direction equals the Adam-plus-decay direction from an independent Adam loop; LARS's
momentum against a hand-unrolled recursion.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["lars", "lamb"]

DOC_ZH = {
    "lars": """LARS（按 LAMB 论文的写法）：动量 SGD，每层的更新被缩放到长度 lr ||w||。

输入：grads，长度为 T 的列表，每个元素是各层梯度数组的列表；w0，各层初始参数的列表；lr，学习率；
b1，动量系数；wd，权重衰减。每步对每层：m = b1 m + (1 - b1)(g + wd w)（m 从 0 开始），
w = w - lr (||w|| / ||m||) m。
输出：长度 T+1 的列表，第 t 个元素是第 t 步后各层参数的列表（第 0 个是 w0 的副本）。

>>> ws = lars([[np.array([0.0, 2.0])]], [np.array([3.0, 4.0])], 0.1)
>>> np.round(ws[1][0], 6).tolist()
[3.0, 3.5]
""",
    "lamb": """LAMB（You 等 2020）：Adam 比值 r 加解耦衰减，每层缩放到长度 lr ||w||。

输入：grads、w0、lr 同 lars；b1、b2，Adam 的两个衰减率；eps；wd。每步 t（从 1 开始）对每层：
m = b1 m + (1-b1) g，v = b2 v + (1-b2) g^2，r = (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)，
u = r + wd w，w = w - lr (||w|| / ||u||) u。
输出：同 lars。

>>> ws = lamb([[np.array([2.0, -1.0])]], [np.array([3.0, 4.0])], 0.1, eps=0.0)
>>> np.round(ws[1][0], 6).tolist()
[2.646447, 4.353553]
""",
}

HINTS = {
    "en": (
        "Compute the usual update direction for each layer, then throw away its length: "
        "every layer moves by lr times the norm of its own weights.",
        "per layer: u = m (LARS, with m = b1 m + (1-b1)(g + wd w)) or u = r + wd w (LAMB, r the "
        "bias-corrected Adam ratio); w = w - lr * norm(w) / norm(u) * u.",
    ),
    "zh": (
        "先按通常方式算出每层的更新方向，再丢掉它的长度：每层移动的距离都是 lr 乘以该层自身参数的范数。",
        "逐层：u = m（LARS，m = b1 m + (1-b1)(g + wd w)）或 u = r + wd w（LAMB，r 为偏差校正后的 Adam 比值）；"
        "w = w - lr * norm(w) / norm(u) * u。",
    ),
}


def lars(grads, w0, lr, b1=0.9, wd=0.0):
    """LARS, as the LAMB paper writes it: momentum SGD with each layer's step of length lr ||w||.

    Input: grads, a list of length T whose entries are lists of per-layer gradient arrays; w0,
    the list of initial layer arrays; lr; b1, the momentum; wd, the weight decay. Each step and
    layer: m = b1 m + (1 - b1)(g + wd w) (m starts at 0), w = w - lr (||w|| / ||m||) m.
    Output: a list of length T+1 whose entry t is the list of layers after step t (entry 0 a
    copy of w0).

    >>> ws = lars([[np.array([0.0, 2.0])]], [np.array([3.0, 4.0])], 0.1)
    >>> np.round(ws[1][0], 6).tolist()
    [3.0, 3.5]
    """
    w = [np.array(x, dtype=float) for x in w0]
    m = [np.zeros_like(x) for x in w]
    out = [[x.copy() for x in w]]
    for gs in grads:
        for i, g in enumerate(gs):
            m[i] = b1 * m[i] + (1 - b1) * (g + wd * w[i])
            w[i] = w[i] - lr * np.linalg.norm(w[i]) / np.linalg.norm(m[i]) * m[i]
        out.append([x.copy() for x in w])
    return out


def lamb(grads, w0, lr, b1=0.9, b2=0.999, eps=1e-6, wd=0.0):
    """LAMB (You et al. 2020): the Adam ratio plus decoupled decay, rescaled per layer to lr ||w||.

    Input: grads, w0, lr as in lars; b1, b2, Adam's decay rates; eps; wd. Each step t (from 1)
    and layer: m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2,
    r = (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps), u = r + wd w, w = w - lr (||w|| / ||u||) u.
    Output: as in lars.

    >>> ws = lamb([[np.array([2.0, -1.0])]], [np.array([3.0, 4.0])], 0.1, eps=0.0)
    >>> np.round(ws[1][0], 6).tolist()
    [2.646447, 4.353553]
    """
    w = [np.array(x, dtype=float) for x in w0]
    m = [np.zeros_like(x) for x in w]
    v = [np.zeros_like(x) for x in w]
    out = [[x.copy() for x in w]]
    for t, gs in enumerate(grads, start=1):
        for i, g in enumerate(gs):
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            r = (m[i] / (1 - b1**t)) / (np.sqrt(v[i] / (1 - b2**t)) + eps)
            u = r + wd * w[i]
            w[i] = w[i] - lr * np.linalg.norm(w[i]) / np.linalg.norm(u) * u
        out.append([x.copy() for x in w])
    return out


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("LARS and LAMB")
    rng = np.random.default_rng(0)
    T = 12
    w0 = [rng.normal(size=(3, 4)), 0.01 * rng.normal(size=5)]  # two layers of very different scale
    grads = [[rng.normal(size=(3, 4)) * 50.0, rng.normal(size=5) * 1e-3] for _ in range(T)]
    lr = 0.05

    for name, run_ in (
        ("LARS", lambda g, **k: f.lars(g, w0, lr, 0.9, **k)),
        ("LAMB", lambda g, **k: f.lamb(g, w0, lr, 0.9, 0.99, 1e-8, **k)),
    ):
        with r.case(f"{name}: every layer moves by exactly lr ||w|| at every step") as c:
            ws = run_(grads, wd=0.01)
            for i in range(2):
                moves = [np.linalg.norm(ws[t + 1][i] - ws[t][i]) for t in range(T)]
                norms = [lr * np.linalg.norm(ws[t][i]) for t in range(T)]
                c.close(moves, norms, rtol=1e-9)
            c.close(ws[0][0], w0[0])

    scaled = [[1000.0 * g[0], g[1]] for g in grads]
    with r.case("LARS: a layer's gradient scale does not matter, nor does the other layer's") as c:
        a, b = f.lars(grads, w0, lr, 0.9), f.lars(scaled, w0, lr, 0.9)
        c.close(b[-1][0], a[-1][0], rtol=1e-9)
        c.close(b[-1][1], a[-1][1], rtol=1e-12)
    with r.case("LAMB: the same invariance (eps = 0)") as c:
        a, b = f.lamb(grads, w0, lr, 0.9, 0.99, 0.0), f.lamb(scaled, w0, lr, 0.9, 0.99, 0.0)
        c.close(b[-1][0], a[-1][0], rtol=1e-9)
        c.close(b[-1][1], a[-1][1], rtol=1e-12)

    with r.case("LAMB first step: lr ||w|| (sign(g) + wd w) / ||sign(g) + wd w|| (eps = 0)") as c:
        ws = f.lamb(grads[:1], w0, lr, 0.9, 0.99, 0.0, wd=0.3)
        for i in range(2):
            u = np.sign(grads[0][i]) + 0.3 * w0[i]
            c.close(
                ws[1][i], w0[i] - lr * np.linalg.norm(w0[i]) * u / np.linalg.norm(u), rtol=1e-12
            )

    with r.case("LAMB direction = Adam ratio + wd w from an independent Adam loop") as c:
        eps, wd = 1e-3, 0.1
        ws = f.lamb(grads, w0, lr, 0.8, 0.95, eps, wd=wd)
        m = v = np.zeros(5)
        for t in range(1, T + 1):
            g = grads[t - 1][1]
            m = 0.8 * m + 0.2 * g
            v = 0.95 * v + 0.05 * g * g
            u = m / (1 - 0.8**t) / (np.sqrt(v / (1 - 0.95**t)) + eps) + wd * ws[t - 1][1]
            step = ws[t][1] - ws[t - 1][1]
            c.close(step, -lr * np.linalg.norm(ws[t - 1][1]) * u / np.linalg.norm(u), rtol=1e-9)
        ws = f.lamb(grads[:3], w0, lr)  # defaults b1 = 0.9, b2 = 0.999, eps = 1e-6, wd = 0
        m = v = np.zeros(5)
        for t in range(1, 4):
            g = grads[t - 1][1]
            m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
            u = m / (1 - 0.9**t) / (np.sqrt(v / (1 - 0.999**t)) + 1e-6)
            c.close(
                ws[t][1] - ws[t - 1][1],
                -lr * np.linalg.norm(ws[t - 1][1]) * u / np.linalg.norm(u),
                rtol=1e-9,
            )

    with r.case("LARS momentum by hand: m2 = b1 (1-b1)(g1 + wd w0) + (1-b1)(g2 + wd w1)") as c:
        b1, wd = 0.5, 0.2
        ws = f.lars(grads[:2], w0, lr, b1, wd)
        m1 = (1 - b1) * (grads[0][0] + wd * w0[0])
        w1 = w0[0] - lr * np.linalg.norm(w0[0]) * m1 / np.linalg.norm(m1)
        m2 = b1 * m1 + (1 - b1) * (grads[1][0] + wd * w1)
        c.close(ws[1][0], w1, rtol=1e-12)
        c.close(ws[2][0], w1 - lr * np.linalg.norm(w1) * m2 / np.linalg.norm(m2), rtol=1e-12)
        ws = f.lars(grads[:2], w0, lr)  # defaults b1 = 0.9, wd = 0
        m1 = 0.1 * grads[0][1]
        w1 = w0[1] - lr * np.linalg.norm(w0[1]) * m1 / np.linalg.norm(m1)
        m2 = 0.9 * m1 + 0.1 * grads[1][1]
        c.close(ws[2][1], w1 - lr * np.linalg.norm(w1) * m2 / np.linalg.norm(m2), rtol=1e-12)
    r.figure("layer norms |w0|", [float(np.linalg.norm(x)) for x in w0])
    return r


if __name__ == "__main__":
    main(run)
