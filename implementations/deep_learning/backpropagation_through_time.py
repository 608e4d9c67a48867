"""backpropagation-through-time: the chain rule on the unrolled RNN, summed over shared weights.

Follows Goodfellow et al., Deep Learning sec. 10.2.2 (computing the gradient in a recurrent
network) and d2l-en ch. 9 (backpropagation through time, truncation), for the RNN
h_t = tanh(x_t W_xh + h_{t-1} W_hh + b) with loss L = sum_t 0.5 ||h_t - y_t||^2. Checks: the
loss against an independent forward pass; every gradient (W_xh, W_hh, b, h0) against central
finite differences; truncated BPTT with window k against finite differences of the loss in
which each term restarts from a frozen state k steps back (the exact meaning of truncation);
k >= T equals full BPTT; and the bound ||dL_T/dh_0|| <= ||W_hh||_2^T ||h_T - y_T|| (tanh' <= 1),
which is why gradients vanish when ||W_hh|| < 1 (Pascanu et al. 2013).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["bptt"]

DOC_ZH = {
    "bptt": """随时间反向传播（BPTT）：在展开的 RNN 上用链式法则求梯度，共享权重的梯度对所有时间步求和。

模型：h_t = tanh(x_t W_xh + h_{t-1} W_hh + b)；损失 L = Σ_t 0.5 ||h_t - y_t||²。
输入：X (T, d_in)；h0 (d_h,)；W_xh (d_in, d_h)；W_hh (d_h, d_h)；b (d_h,)；Y (T, d_h) 目标；
k：截断窗口，None 表示完整 BPTT；否则每个损失项的梯度最多回传 k 步（更早的状态视为常数）。
输出：(L, grads)，grads 是字典，键为 "W_xh"、"W_hh"、"b"、"h0"，值与对应参数同形状。

>>> L, g = bptt(np.array([[1.0]]), np.zeros(1), np.array([[0.5]]), np.array([[2.0]]),
...             np.zeros(1), np.array([[0.0]]))
>>> round(float(L), 6), round(float(g["W_xh"][0, 0]), 6)
(0.106776, 0.363431)
""",
}

HINTS = {
    "en": (
        "Run the forward pass and keep every state; then walk backwards carrying dL/dh_t, "
        "adding each step's contribution to the shared weight gradients.",
        "delta = dL/dh_t; da = delta * (1 - h_t^2); gW_xh += outer(x_t, da), gW_hh += "
        "outer(h_{t-1}, da), gb += da; pass delta = da @ W_hh.T to h_{t-1}. For truncation, "
        "follow each loss term back at most k steps.",
    ),
    "zh": (
        "先做前向并保存所有状态；再从后往前携带 dL/dh_t，把每一步的贡献累加到共享权重的梯度上。",
        "delta = dL/dh_t；da = delta * (1 - h_t^2)；gW_xh += outer(x_t, da)，gW_hh += outer(h_{t-1}, da)，"
        "gb += da；再把 delta = da @ W_hh.T 传给 h_{t-1}。截断时每个损失项最多向前回溯 k 步。",
    ),
}


def bptt(X, h0, W_xh, W_hh, b, Y, k=None):
    """Backpropagation through time for h_t = tanh(x_t W_xh + h_{t-1} W_hh + b).

    Loss L = sum_t 0.5 ||h_t - y_t||^2. Input: X (T, d_in); h0 (d_h,); W_xh (d_in, d_h);
    W_hh (d_h, d_h); b (d_h,); Y (T, d_h) targets; k, the truncation window (None: full BPTT;
    otherwise each loss term is backpropagated at most k steps, older states held constant).
    Output: (L, grads) with grads a dict with keys "W_xh", "W_hh", "b", "h0", shaped like them.

    >>> L, g = bptt(np.array([[1.0]]), np.zeros(1), np.array([[0.5]]), np.array([[2.0]]),
    ...             np.zeros(1), np.array([[0.0]]))
    >>> round(float(L), 6), round(float(g["W_xh"][0, 0]), 6)
    (0.106776, 0.363431)
    """
    T = len(X)
    hs = [np.asarray(h0, dtype=float)]
    for x in X:
        hs.append(np.tanh(x @ W_xh + hs[-1] @ W_hh + b))
    loss = 0.5 * sum(np.sum((hs[t + 1] - Y[t]) ** 2) for t in range(T))
    g = {"W_xh": np.zeros_like(W_xh), "W_hh": np.zeros_like(W_hh), "b": np.zeros_like(b)}
    g["h0"] = np.zeros(b.shape)
    for t in range(T):
        delta = hs[t + 1] - Y[t]  # dL_t / dh_{t+1}
        steps = t + 1 if k is None else min(k, t + 1)
        for s in range(t, t - steps, -1):  # step s maps hs[s] to hs[s + 1]
            da = delta * (1 - hs[s + 1] ** 2)
            g["W_xh"] += np.outer(X[s], da)
            g["W_hh"] += np.outer(hs[s], da)
            g["b"] += da
            delta = da @ W_hh.T
        if steps == t + 1:
            g["h0"] += delta
    return loss, g


NAMES = ("W_xh", "W_hh", "b", "h0")


def _forward(X, h0, W_xh, W_hh, b):
    hs = [h0]
    for x in X:
        hs.append(np.tanh(x @ W_xh + hs[-1] @ W_hh + b))
    return hs


def _loss(X, Y, p):
    hs = _forward(X, p["h0"], p["W_xh"], p["W_hh"], p["b"])
    return 0.5 * sum(np.sum((hs[t + 1] - Y[t]) ** 2) for t in range(len(X)))


def _truncated_loss(X, Y, p, p0, k):
    """Each term t restarts from the state k steps back computed with the frozen p0."""
    frozen = _forward(X, p0["h0"], p0["W_xh"], p0["W_hh"], p0["b"])
    total = 0.0
    for t in range(len(X)):
        start = t + 1 - k
        h = p["h0"] if start <= 0 else frozen[start]
        for s in range(max(start, 0), t + 1):
            h = np.tanh(X[s] @ p["W_xh"] + h @ p["W_hh"] + p["b"])
        total += 0.5 * np.sum((h - Y[t]) ** 2)
    return total


def _fd(fun, p, eps=1e-6):
    out = {}
    for name in NAMES:
        gr = np.zeros_like(p[name])
        for idx in np.ndindex(p[name].shape):
            hi = {n: v.copy() for n, v in p.items()}
            lo = {n: v.copy() for n, v in p.items()}
            hi[name][idx] += eps
            lo[name][idx] -= eps
            gr[idx] = (fun(hi) - fun(lo)) / (2 * eps)
        out[name] = gr
    return out


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(1)
    r = Report("Backpropagation through time")
    T, d_in, d_h = 7, 3, 4
    X = rng.normal(size=(T, d_in))
    Y = rng.normal(size=(T, d_h)) * 0.5
    p = {
        "W_xh": rng.normal(size=(d_in, d_h)) * 0.5,
        "W_hh": rng.normal(size=(d_h, d_h)) * 0.6,
        "b": rng.normal(size=d_h) * 0.2,
        "h0": rng.normal(size=d_h) * 0.5,
    }

    def call(k=None, Yt=Y, q=p):
        return f.bptt(X, q["h0"], q["W_xh"], q["W_hh"], q["b"], Yt, k=k)

    with r.case("loss equals 0.5 sum_t ||h_t - y_t||^2 of an independent forward pass") as c:
        L, _ = call()
        c.close(L, _loss(X, Y, p), rtol=1e-12)

    fd_full = _fd(lambda q: _loss(X, Y, q), p)
    for name in NAMES:
        with r.case(f"full BPTT: dL/d{name} equals central finite differences") as c:
            _, g = call()
            c.close(g[name], fd_full[name], rtol=1e-6, atol=1e-8)

    for k in (1, 3):
        fd_k = _fd(lambda q, k=k: _truncated_loss(X, Y, q, p, k), p)
        with r.case(f"truncated BPTT (k = {k}) = gradient with states k steps back frozen") as c:
            _, g = call(k=k)
            for name in NAMES:
                c.close(g[name], fd_k[name], rtol=1e-6, atol=1e-8)
            c.true(np.abs(g["W_hh"] - fd_full["W_hh"]).max() > 1e-4, "and differs from full BPTT")

    with r.case("window k >= T is full BPTT") as c:
        _, g_full = call()
        _, g_T = call(k=T)
        for name in NAMES:
            c.close(g_T[name], g_full[name], rtol=1e-12)

    # Only the last step has a loss: targets equal to the states for t < T.
    hs = _forward(X, p["h0"], p["W_xh"], p["W_hh"], p["b"])
    ratios = {}
    for scale in (0.5, 0.9, 1.6):
        Ws = p["W_hh"] / np.linalg.norm(p["W_hh"], 2) * scale
        q = dict(p, W_hh=Ws)
        hq = _forward(X, q["h0"], q["W_xh"], Ws, q["b"])
        Yl = np.array(hq[1:])
        Yl[-1] = hq[-1] - 1.0  # residual 1 at the last step only
        with r.case(f"||dL_T/dh_0|| <= ||W_hh||^T ||h_T - y_T|| (||W_hh|| = {scale})") as c:
            _, g = call(Yt=Yl, q=q)
            fd = _fd(lambda z: _loss(X, Yl, z), q)
            c.close(g["h0"], fd["h0"], rtol=1e-6, atol=1e-9)
            bound = scale**T * np.sqrt(d_h)
            c.true(np.linalg.norm(g["h0"]) <= bound * (1 + 1e-9), f"{np.linalg.norm(g['h0']):.3g}")
            ratios[scale] = round(float(np.linalg.norm(g["h0"])), 6)
    r.figure("||dL_T/dh_0|| for ||W_hh|| = 0.5, 0.9, 1.6 (T = 7)", ratios)
    r.figure("states kept for full BPTT", len(hs))
    return r


if __name__ == "__main__":
    main(run)
