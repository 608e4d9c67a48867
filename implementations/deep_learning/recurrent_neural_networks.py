"""recurrent-neural-networks: one set of weights applied at every time step, h_t = f(h_{t-1}, x_t).

Follows Goodfellow et al., Deep Learning ch. 10 (eqs. 10.8-10.9: h_t = tanh(b + W h_{t-1} + U x_t)),
d2l-en ch. 9 (RNNs with hidden states) and qiu-nndl ch. 6, with row vectors:
h_t = act(x_t W_xh + h_{t-1} W_hh + b). Checks: one and two steps unrolled by hand; a
linear RNN with a scalar state equals scipy's IIR filter (scipy.signal.lfilter) and a vector
linear RNN equals the closed form sum_k x_k W_xh W_hh^(t-k) + h_0 W_hh^t (matrix powers);
the same weights at every step (restarting from h_s on x[s:] continues the same trajectory);
causality (h_t ignores later inputs); and with a contracting W_hh and constant input the
state converges to the fixed point of h = tanh(x W_xh + h W_hh + b) found by scipy.optimize.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import fsolve
from scipy.signal import lfilter

from implementations._common import Report, main, solution

EXERCISE = ["rnn_forward"]

DOC_ZH = {
    "rnn_forward": """循环神经网络（Elman RNN）的前向计算：每个时间步使用同一组权重。

h_t = act(x_t W_xh + h_{t-1} W_hh + b)，t = 1..T（行向量约定）。
输入：X，形状 (T, d_in) 的输入序列；h0，形状 (d_h,) 的初始状态；W_xh (d_in, d_h)；
W_hh (d_h, d_h)；b (d_h,)；act，逐元素激活函数（默认 np.tanh）。
输出：H，形状 (T, d_h)，第 t-1 行是 h_t（不含 h0）。

>>> X = np.array([[1.0], [0.0]])
>>> H = rnn_forward(X, np.zeros(1), np.array([[0.5]]), np.array([[2.0]]), np.zeros(1))
>>> np.round(H, 6).tolist()
[[0.462117], [0.727894]]
""",
}

HINTS = {
    "en": (
        "Keep one state vector and overwrite it step by step; the same three weight arrays "
        "are used at every step.",
        "Loop t = 0..T-1: h = act(X[t] @ W_xh + h @ W_hh + b); store h in row t. The row "
        "convention means the input is multiplied from the left.",
    ),
    "zh": (
        "只保留一个状态向量，逐步覆盖更新；每一步使用的都是同样的三组权重。",
        "循环 t = 0..T-1：h = act(X[t] @ W_xh + h @ W_hh + b)，把 h 存为第 t 行。行向量约定下输入从左边乘权重。",
    ),
}


def rnn_forward(X, h0, W_xh, W_hh, b, act=np.tanh):
    """Forward pass of an Elman RNN: the same weights at every time step.

    h_t = act(x_t W_xh + h_{t-1} W_hh + b) for t = 1..T (row vectors).
    Input: X (T, d_in), the input sequence; h0 (d_h,), the initial state; W_xh (d_in, d_h);
    W_hh (d_h, d_h); b (d_h,); act, an elementwise activation (np.tanh by default).
    Output: H (T, d_h) whose row t-1 is h_t (h0 is not included).

    >>> X = np.array([[1.0], [0.0]])
    >>> H = rnn_forward(X, np.zeros(1), np.array([[0.5]]), np.array([[2.0]]), np.zeros(1))
    >>> np.round(H, 6).tolist()
    [[0.462117], [0.727894]]
    """
    h = np.asarray(h0, dtype=float)
    H = []
    for x in X:
        h = act(x @ W_xh + h @ W_hh + b)
        H.append(h)
    return np.array(H)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Recurrent neural network: a shared-weight state update")
    T, d_in, d_h = 12, 3, 4
    X = rng.normal(size=(T, d_in))
    h0 = rng.normal(size=d_h) * 0.5
    W_xh = rng.normal(size=(d_in, d_h)) * 0.6
    W_hh = rng.normal(size=(d_h, d_h)) * 0.5
    b = rng.normal(size=d_h) * 0.3

    with r.case("first two steps equal the hand-unrolled formula") as c:
        H = f.rnn_forward(X, h0, W_xh, W_hh, b)
        h1 = np.tanh(X[0] @ W_xh + h0 @ W_hh + b)
        h2 = np.tanh(X[1] @ W_xh + np.tanh(X[0] @ W_xh + h0 @ W_hh + b) @ W_hh + b)
        c.equal(np.shape(H), (T, d_h))
        c.close(H[0], h1, rtol=1e-12)
        c.close(H[1], h2, rtol=1e-12)

    with r.case("scalar linear RNN = IIR filter (scipy.signal.lfilter)") as c:
        x = rng.normal(size=40)
        a, w, h_init = 0.8, 1.5, 0.7
        H = f.rnn_forward(
            x[:, None],
            np.array([h_init]),
            np.array([[w]]),
            np.array([[a]]),
            np.zeros(1),
            act=lambda z: z,
        )
        # h_t = a h_{t-1} + w x_t with h_0 = h_init: lfilter with initial condition a*h_init
        ref, _ = lfilter([w], [1.0, -a], x, zi=[a * h_init])
        c.close(H[:, 0], ref, rtol=1e-10)

    with r.case("vector linear RNN = sum of matrix powers; bias accumulates too") as c:
        A = rng.normal(size=(d_h, d_h)) * 0.4
        H = f.rnn_forward(X, h0, W_xh, A, b, act=lambda z: z)
        P = [np.linalg.matrix_power(A, k) for k in range(T + 1)]
        ref = np.array(
            [
                h0 @ P[t + 1] + sum((X[k] @ W_xh + b) @ P[t - k] for k in range(t + 1))
                for t in range(T)
            ]
        )
        c.close(H, ref, rtol=1e-9, atol=1e-12)

    with r.case(
        "the same weights at every step: restarting from h_s continues the trajectory"
    ) as c:
        H = f.rnn_forward(X, h0, W_xh, W_hh, b)
        for s in (1, 5, 9):
            c.close(f.rnn_forward(X[s:], H[s - 1], W_xh, W_hh, b), H[s:], rtol=1e-12)

    with r.case("causal: h_t does not depend on inputs after t") as c:
        H = f.rnn_forward(X, h0, W_xh, W_hh, b)
        X2 = X.copy()
        X2[7:] = rng.normal(size=(T - 7, d_in)) * 3
        H2 = f.rnn_forward(X2, h0, W_xh, W_hh, b)
        c.close(H2[:7], H[:7], rtol=1e-14)
        c.true(np.abs(H2[7:] - H[7:]).min() > 1e-6, "later states do change")

    with r.case("contracting W_hh, constant input: state -> fixed point (scipy fsolve)") as c:
        Wc = W_hh / (np.linalg.norm(W_hh, 2) * 2.0)  # ||W||_2 = 0.5 < 1 and tanh' <= 1
        xc = rng.normal(size=d_in)
        Xc = np.tile(xc, (80, 1))
        H = f.rnn_forward(Xc, np.zeros(d_h), W_xh, Wc, b)
        fixed = fsolve(lambda h: np.tanh(xc @ W_xh + h @ Wc + b) - h, np.zeros(d_h), xtol=1e-14)
        c.close(H[-1], fixed, rtol=1e-9, atol=1e-12)
        gaps = np.linalg.norm(H - fixed, axis=1)
        r.figure(
            "distance to the fixed point after 1, 5, 20 steps",
            [round(float(gaps[k]), 6) for k in (0, 4, 19)],
        )
        c.true(
            gaps[20] <= 0.5**20 * gaps[0] * 2 + 1e-12, "converges at least at rate ||W_hh|| = 0.5"
        )

    r.figure("parameters (d_in=3, d_h=4), any sequence length", d_in * d_h + d_h * d_h + d_h)
    return r


if __name__ == "__main__":
    main(run)
