"""gru: gated recurrent unit, an interpolation between the old state and a candidate state.

Follows Cho et al. (2014, sec. 2.3, the hidden unit that adaptively remembers and forgets) and
d2l-en ch. 10 (gated recurrent units): z, r = sigmoid(.), candidate
n = tanh(x_t W_n + (r * h_{t-1}) U_n + b_n), h_t = z * h_{t-1} + (1 - z) * n, with the gate
blocks in the order [z, r, n]. Checks: one step by hand; update gate z = 1 copies the state
unchanged for any input; z = 0 with r = 1 is exactly a vanilla tanh RNN (independent loop);
z = 0 with r = 0 forgets the past (h_t = tanh(x_t W_n + b_n)); every step is a convex
combination, so |h_t| <= max(|h_{t-1}|, 1) elementwise; and with r = 0 and no recurrent
gate weights, dh_T/dh_0 (finite differences) is the product of the update gates.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from implementations._common import Report, main, solution

EXERCISE = ["gru_forward"]

DOC_ZH = {
    "gru_forward": """门控循环单元（GRU）前向计算：在旧状态和候选状态之间按更新门插值。

a = x_t W + b 与 u = h_{t-1} U 都按列分成三块 [z, r, n]（每块 d 列）；
z = sigmoid(a_z + u_z)，r = sigmoid(a_r + u_r)；候选状态 n = tanh(a_n + (r * h_{t-1}) U_n)；
h_t = z * h_{t-1} + (1 - z) * n。
输入：X (T, d_in)；h0 (d,)；W (d_in, 3d)；U (d, 3d)；b (3d,)。
输出：H，形状 (T, d)，第 t-1 行是 h_t。

>>> H = gru_forward(np.array([[1.0]]), np.array([0.5]), np.array([[0.0, 0.0, 1.0]]),
...                 np.zeros((1, 3)), np.zeros(3))
>>> round(float(H[0, 0]), 6)
0.630797
""",
}

HINTS = {
    "en": (
        "Two sigmoid gates decide how much of the old state to keep (z) and how much of it "
        "the candidate may read (r); the new state mixes old and candidate.",
        "z = sigmoid(x W_z + h U_z + b_z), r = sigmoid(x W_r + h U_r + b_r), n = tanh(x W_n + "
        "(r * h) U_n + b_n), h = z * h + (1 - z) * n.",
    ),
    "zh": (
        "两个 sigmoid 门：z 决定保留多少旧状态，r 决定候选状态能读到多少旧状态；新状态是二者的混合。",
        "z = sigmoid(x W_z + h U_z + b_z)，r = sigmoid(x W_r + h U_r + b_r)，n = tanh(x W_n + (r * h) U_n + b_n)，"
        "h = z * h + (1 - z) * n。",
    ),
}


def gru_forward(X, h0, W, U, b):
    """Forward pass of a GRU (Cho et al. 2014) with update gate z and reset gate r.

    a = x_t W + b and u = h_{t-1} U are split into three column blocks [z, r, n] of width d;
    z = sigmoid(a_z + u_z), r = sigmoid(a_r + u_r), candidate n = tanh(a_n + (r * h_{t-1}) U_n)
    and h_t = z * h_{t-1} + (1 - z) * n. Input: X (T, d_in); h0 (d,); W (d_in, 3d);
    U (d, 3d); b (3d,). Output: H (T, d), row t-1 holding h_t.

    >>> H = gru_forward(np.array([[1.0]]), np.array([0.5]), np.array([[0.0, 0.0, 1.0]]),
    ...                 np.zeros((1, 3)), np.zeros(3))
    >>> round(float(H[0, 0]), 6)
    0.630797
    """
    d = len(h0)
    h = np.asarray(h0, dtype=float)
    H = []
    for x in X:
        a = x @ W + b
        z = 1 / (1 + np.exp(-(a[:d] + h @ U[:, :d])))
        r = 1 / (1 + np.exp(-(a[d : 2 * d] + h @ U[:, d : 2 * d])))
        n = np.tanh(a[2 * d :] + (r * h) @ U[:, 2 * d :])
        h = z * h + (1 - z) * n
        H.append(h)
    return np.array(H)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(3)
    r = Report("GRU: update and reset gates")
    T, d_in, d = 10, 3, 4
    X = rng.normal(size=(T, d_in))
    h0 = rng.normal(size=d) * 0.5
    W = rng.normal(size=(d_in, 3 * d)) * 0.6
    U = rng.normal(size=(d, 3 * d)) * 0.6
    b = rng.normal(size=3 * d) * 0.3
    z_, r_, n_ = (slice(k * d, (k + 1) * d) for k in range(3))

    with r.case("first step equals the gate equations written out") as c:
        H = f.gru_forward(X, h0, W, U, b)
        z = expit(X[0] @ W[:, z_] + h0 @ U[:, z_] + b[z_])
        rr = expit(X[0] @ W[:, r_] + h0 @ U[:, r_] + b[r_])
        n = np.tanh(X[0] @ W[:, n_] + (rr * h0) @ U[:, n_] + b[n_])
        c.equal(np.shape(H), (T, d))
        c.close(H[0], z * h0 + (1 - z) * n, rtol=1e-12)

    with r.case("update gate z = 1: the state is copied unchanged for any input") as c:
        bz = b.copy()
        bz[z_] = 40.0
        H = f.gru_forward(X, h0, W * 0.1, U * 0.1, bz)
        c.close(H, np.tile(h0, (T, 1)), rtol=1e-12, atol=1e-12)

    with r.case("z = 0 and r = 1: exactly a vanilla tanh RNN") as c:
        bv = b.copy()
        bv[z_], bv[r_] = -40.0, 40.0
        Uv = U.copy()
        Uv[:, z_] = Uv[:, r_] = 0.0
        H = f.gru_forward(X, h0, W, Uv, bv)
        h, ref = h0, []
        for x in X:
            h = np.tanh(x @ W[:, n_] + h @ U[:, n_] + b[n_])
            ref.append(h)
        c.close(H, np.array(ref), rtol=1e-12, atol=1e-12)

    with r.case("z = 0 and r = 0: the past is reset, h_t = tanh(x_t W_n + b_n)") as c:
        b0 = b.copy()
        b0[z_], b0[r_] = -40.0, -40.0
        Uv = U.copy()
        Uv[:, z_] = Uv[:, r_] = 0.0
        H = f.gru_forward(X, h0, W, Uv, b0)
        c.close(H, np.tanh(X @ W[:, n_] + b[n_]), rtol=1e-12, atol=1e-12)

    with r.case("convex combination: |h_t| <= max(|h_{t-1}|, 1) elementwise") as c:
        hbig = np.array([3.0, -2.5, 0.2, 1.7])
        H = f.gru_forward(X * 2, hbig, W * 2, U * 2, b)
        prev = np.vstack([hbig, H[:-1]])
        c.true(np.all(np.abs(H) <= np.maximum(np.abs(prev), 1) + 1e-12))
        c.true(np.abs(H - prev).max() > 0.1, "and the state does move")

    with r.case("r = 0, no recurrent gate weights: dh_T/dh_0 = product of update gates") as c:
        bg = b.copy()
        bg[r_] = -40.0
        bg[z_] += 2.0
        Ug = U.copy()
        Ug[:, z_] = Ug[:, r_] = 0.0
        eps = 1e-6
        J = np.zeros((d, d))
        for j in range(d):
            e = np.zeros(d)
            e[j] = eps
            J[:, j] = (
                f.gru_forward(X, h0 + e, W, Ug, bg)[-1] - f.gru_forward(X, h0 - e, W, Ug, bg)[-1]
            ) / (2 * eps)
        prod_z = np.prod(expit(X @ W[:, z_] + bg[z_]), axis=0)
        c.close(J, np.diag(prod_z), rtol=1e-6, atol=1e-9)
        r.figure(
            "product of update gates over 10 steps (how much of h_0 survives)", np.round(prod_z, 6)
        )
    r.figure(
        "parameters for d_in = 3, d = 4 (an LSTM of that size has 128)", W.size + U.size + b.size
    )
    return r


if __name__ == "__main__":
    main(run)
