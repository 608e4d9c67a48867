"""lstm: a memory cell c_t updated additively through input, forget and output gates.

Follows Hochreiter & Schmidhuber (1997) with the forget gate of the modern LSTM as in
d2l-en ch. 10 (long short-term memory) and Goodfellow et al. sec. 10.10.1:
i, f, o = sigmoid(.), g = tanh(.), c_t = f * c_{t-1} + i * g, h_t = o * tanh(c_t), each
pre-activation x_t W + h_{t-1} U + b with the gate blocks in the order [i, f, g, o]. Checks:
one step unrolled by hand; the constant error carousel (forget gate open, input gate shut:
c_t = c_0 exactly and h_t / tanh(c_0) is the output gate, in (0, 1)); an open integrator
(f = i = 1, no recurrence) gives c_t = c_0 + the running sum of tanh(x W_g); a shut forget
gate forgets everything; with no recurrent weights dc_T/dc_0 (finite differences) is the
product of the forget gates, the path along which gradients survive; and |c_t| <= |c_0| + t.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from implementations._common import Report, main, solution

EXERCISE = ["lstm_forward"]

DOC_ZH = {
    "lstm_forward": """LSTM 前向计算：记忆单元 c_t 经输入门、遗忘门、输出门做加性更新。

预激活 a = x_t W + h_{t-1} U + b，按列分成四块 [i, f, g, o]（每块 d 列）；
i、f、o 取 sigmoid，g 取 tanh；c_t = f * c_{t-1} + i * g；h_t = o * tanh(c_t)。
输入：X (T, d_in)；h0、c0 (d,)；W (d_in, 4d)；U (d, 4d)；b (4d,)。
输出：(H, C)，形状都是 (T, d)，第 t-1 行是 h_t 与 c_t。

>>> H, C = lstm_forward(np.array([[1.0]]), np.zeros(1), np.array([0.5]),
...                     np.array([[0.0, 0.0, 1.0, 0.0]]), np.zeros((1, 4)), np.zeros(4))
>>> round(float(C[0, 0]), 6), round(float(H[0, 0]), 6)
(0.630797, 0.2793)
""",
}

HINTS = {
    "en": (
        "Compute one pre-activation of width 4d per step and split it into the four gates; "
        "the cell is updated by addition, not by a matrix product.",
        "a = x W + h U + b; i, f, g, o = sigmoid(a[:d]), sigmoid(a[d:2d]), tanh(a[2d:3d]), "
        "sigmoid(a[3d:]); c = f * c + i * g; h = o * tanh(c).",
    ),
    "zh": (
        "每步算一个宽 4d 的预激活再切成四个门；记忆单元靠加法更新，而不是矩阵乘法。",
        "a = x W + h U + b；i, f, g, o = sigmoid(a[:d]), sigmoid(a[d:2d]), tanh(a[2d:3d]), sigmoid(a[3d:])；"
        "c = f * c + i * g；h = o * tanh(c)。",
    ),
}


def lstm_forward(X, h0, c0, W, U, b):
    """Forward pass of an LSTM with input, forget and output gates.

    Pre-activation a = x_t W + h_{t-1} U + b, split into four column blocks [i, f, g, o] of
    width d; i, f, o use the sigmoid and g uses tanh; c_t = f * c_{t-1} + i * g and
    h_t = o * tanh(c_t). Input: X (T, d_in); h0, c0 (d,); W (d_in, 4d); U (d, 4d); b (4d,).
    Output: (H, C), both (T, d), row t-1 holding h_t and c_t.

    >>> H, C = lstm_forward(np.array([[1.0]]), np.zeros(1), np.array([0.5]),
    ...                     np.array([[0.0, 0.0, 1.0, 0.0]]), np.zeros((1, 4)), np.zeros(4))
    >>> round(float(C[0, 0]), 6), round(float(H[0, 0]), 6)
    (0.630797, 0.2793)
    """
    d = len(h0)
    h, c = np.asarray(h0, dtype=float), np.asarray(c0, dtype=float)
    H, C = [], []
    for x in X:
        a = x @ W + h @ U + b
        i = 1 / (1 + np.exp(-a[:d]))
        f = 1 / (1 + np.exp(-a[d : 2 * d]))
        g = np.tanh(a[2 * d : 3 * d])
        o = 1 / (1 + np.exp(-a[3 * d :]))
        c = f * c + i * g
        h = o * np.tanh(c)
        H.append(h)
        C.append(c)
    return np.array(H), np.array(C)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(2)
    r = Report("LSTM: gated additive memory")
    T, d_in, d = 10, 3, 4
    X = rng.normal(size=(T, d_in))
    h0, c0 = rng.normal(size=d) * 0.5, rng.normal(size=d)
    W = rng.normal(size=(d_in, 4 * d)) * 0.5
    U = rng.normal(size=(d, 4 * d)) * 0.5
    b = rng.normal(size=4 * d) * 0.3
    blk = {n: slice(k * d, (k + 1) * d) for k, n in enumerate("ifgo")}

    with r.case("first step equals the gate equations written out") as c:
        H, C = f.lstm_forward(X, h0, c0, W, U, b)
        a = X[0] @ W + h0 @ U + b
        i, fg = expit(a[blk["i"]]), expit(a[blk["f"]])
        g, o = np.tanh(a[blk["g"]]), expit(a[blk["o"]])
        c1 = fg * c0 + i * g
        c.equal(np.shape(H), (T, d))
        c.equal(np.shape(C), (T, d))
        c.close(C[0], c1, rtol=1e-12)
        c.close(H[0], o * np.tanh(c1), rtol=1e-12)

    with r.case("constant error carousel: f = 1, i = 0 keeps c_t = c_0 for every input") as c:
        bc = b.copy()
        bc[blk["f"]], bc[blk["i"]] = 40.0, -40.0
        H, C = f.lstm_forward(X * 0.1, h0, c0, W * 0.1, U * 0.1, bc)
        c.close(C, np.tile(c0, (T, 1)), rtol=1e-12, atol=1e-12)
        ratio = H / np.tanh(c0)  # the output gate o_t
        c.true(np.all((ratio > 0) & (ratio < 1)), "h_t / tanh(c_0) is a gate value in (0, 1)")
        c.true(np.ptp(ratio, axis=0).max() > 1e-3, "the output gate still follows the input")

    with r.case(
        "open integrator (f = i = o = 1, U = 0): c_t = c_0 + cumsum tanh(x W_g + b_g)"
    ) as c:
        bo = b.copy()
        bo[blk["f"]], bo[blk["i"]], bo[blk["o"]] = 40.0, 40.0, 40.0
        H, C = f.lstm_forward(X, h0, c0, W, np.zeros_like(U), bo)
        g = np.tanh(X @ W[:, blk["g"]] + bo[blk["g"]])
        c.close(C, c0 + np.cumsum(g, axis=0), rtol=1e-12, atol=1e-12)
        c.close(H, np.tanh(c0 + np.cumsum(g, axis=0)), rtol=1e-12, atol=1e-12)

    with r.case("shut forget gate (f = 0, i = o = 1): the cell forgets, c_t = g_t") as c:
        bs = b.copy()
        bs[blk["f"]], bs[blk["i"]], bs[blk["o"]] = -40.0, 40.0, 40.0
        H, C = f.lstm_forward(X, h0, c0, W, np.zeros_like(U), bs)
        g = np.tanh(X @ W[:, blk["g"]] + bs[blk["g"]])
        c.close(C, g, rtol=1e-12, atol=1e-12)
        c.close(H, np.tanh(g), rtol=1e-12, atol=1e-12)

    with r.case("U = 0: dc_T/dc_0 (finite differences) = product of forget gates") as c:
        Uz = np.zeros_like(U)
        bf = b.copy()
        bf[blk["f"]] += 3.0  # forget gates near 1: the memory survives
        eps = 1e-6
        J = np.zeros((d, d))
        for j in range(d):
            e = np.zeros(d)
            e[j] = eps
            J[:, j] = (
                f.lstm_forward(X, h0, c0 + e, W, Uz, bf)[1][-1]
                - f.lstm_forward(X, h0, c0 - e, W, Uz, bf)[1][-1]
            ) / (2 * eps)
        prod_f = np.prod(expit(X @ W[:, blk["f"]] + bf[blk["f"]]), axis=0)
        c.close(J, np.diag(prod_f), rtol=1e-6, atol=1e-9)
        r.figure(
            "product of forget gates over 10 steps (the gradient path of c)", np.round(prod_f, 6)
        )

    with r.case("bounds: |h_t| < 1 and |c_t| <= |c_0| + t") as c:
        H, C = f.lstm_forward(X * 3, h0, c0, W * 3, U * 3, b)
        c.true(np.all(np.abs(H) < 1))
        t = np.arange(1, T + 1)[:, None]
        c.true(np.all(np.abs(C) <= np.abs(c0) + t + 1e-12))
        c.true(np.abs(C).max() > 1.0, "and the cell can grow beyond the range of tanh")
    r.figure("parameters for d_in = 3, d = 4", W.size + U.size + b.size)
    return r


if __name__ == "__main__":
    main(run)
