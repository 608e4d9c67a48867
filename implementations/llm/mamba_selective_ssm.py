"""mamba-selective-ssm: a selective state-space layer, scanned sequentially and in parallel.

Follows Gu & Dao (2023): a diagonal continuous-time SSM h' = A h + B x, y = C h, discretised
with zero-order hold (A_bar = exp(Delta A), B_bar = (Delta A)^-1 (exp(Delta A) - I) Delta B) where
Delta, B and C depend on the current input (the 'selection' mechanism). Checks: the ZOH formula
equals a fine Runge-Kutta integration of h' = A h + B x over one step with x held constant, and
scipy.linalg.expm of the augmented matrix [[Delta A, Delta B], [0, 0]]; the sequential
recurrence equals a per-channel, per-step reference loop (ZOH via np.expm1);
the log-depth associative (Hillis-Steele) scan equals the same reference for sequence lengths
1, 16 and 37; with constant Delta, B, C the layer equals a causal convolution with kernel
K_k = C A_bar^k B_bar (the S4 view); and A < 0, Delta > 0 give 0 < A_bar < 1.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import expm

from implementations._common import Report, main, solution

EXERCISE = ["discretise", "scan_sequential", "scan_parallel"]

DOC_ZH = {
    "discretise": """对角 SSM 的零阶保持（ZOH）离散化：A_bar = exp(delta A)，B_bar = (exp(delta A) - 1) / A * B。

输入：delta，形状 (D,) 的步长（每个通道一个）；A，形状 (D, N) 的对角连续时间矩阵（负数）；
Bt，形状 (N,) 的输入矩阵。
输出：(A_bar, B_bar)，形状都是 (D, N)。

>>> Ab, Bb = discretise(np.array([np.log(2.0)]), np.array([[-1.0]]), np.array([1.0]))
>>> round(float(Ab[0, 0]), 6), round(float(Bb[0, 0]), 6)
(0.5, 0.5)
""",
    "scan_sequential": """逐步计算选择性 SSM：h_t = A_bar_t * h_{t-1} + B_bar_t * x_t，y_t = h_t C_t，h_0 = 0。

每一步用 delta[t]、Bs[t] 做 ZOH 离散化（与 discretise 相同）。
输入：x，(T, D)；delta，(T, D)；Bs、Cs，(T, N)；A，(D, N)。
输出：y，形状 (T, D)。

>>> one = np.ones((1, 1))
>>> round(float(scan_sequential(one, np.log(2.0) * one, one, one, -one)[0, 0]), 6)
0.5
""",
    "scan_parallel": """与 scan_sequential 相同的结果，但用对数深度的结合律扫描（Hillis-Steele）计算
h_t = a_t h_{t-1} + b_t：组合规则 (a1, b1), (a2, b2) -> (a2 a1, a2 b1 + b2)，偏移 1, 2, 4, ... 共 ceil(log2 T) 轮。

输入与输出同 scan_sequential。

>>> one = np.ones((1, 1))
>>> round(float(scan_parallel(one, np.log(2.0) * one, one, one, -one)[0, 0]), 6)
0.5
""",
}

HINTS = {
    "en": (
        "Diagonal A means everything is elementwise: each channel and state evolves on its own, "
        "and the recurrence h_t = a_t h_{t-1} + b_t composes associatively.",
        "A_bar = exp(delta A) and B_bar = (A_bar - 1)/A * B. Sequentially loop h = A_bar h + "
        "B_bar x_t, y_t = h C_t. In parallel, set a_t = A_bar_t, b_t = B_bar_t x_t and for "
        "off = 1, 2, 4, ... update b[off:] = a[off:] b[:-off] + b[off:], a[off:] = a[off:] a[:-off] "
        "(copy the shifted arrays first); then h_t = b_t.",
    ),
    "zh": (
        "A 是对角矩阵，所以一切都是逐元素的：每个通道、每个状态各自演化；递推 h_t = a_t h_{t-1} + b_t 满足结合律。",
        "A_bar = exp(delta A)，B_bar = (A_bar - 1)/A * B。顺序版：循环 h = A_bar h + B_bar x_t，y_t = h C_t。"
        "并行版：令 a_t = A_bar_t，b_t = B_bar_t x_t，对 off = 1, 2, 4, ... 更新 b[off:] = a[off:] b[:-off] + b[off:]，"
        "a[off:] = a[off:] a[:-off]（先复制移位后的数组）；最后 h_t = b_t。",
    ),
}


def softplus(v):
    return np.logaddexp(0.0, v)


def discretise(delta, A, Bt):
    """Zero-order hold for a diagonal SSM: A_bar = exp(delta A), B_bar = (exp(delta A) - 1)/A * B.

    Input: delta, (D,) step sizes (one per channel); A, (D, N) diagonal continuous-time
    matrix (negative entries); Bt, (N,) input matrix. Output: (A_bar, B_bar), both (D, N).

    >>> Ab, Bb = discretise(np.array([np.log(2.0)]), np.array([[-1.0]]), np.array([1.0]))
    >>> round(float(Ab[0, 0]), 6), round(float(Bb[0, 0]), 6)
    (0.5, 0.5)
    """
    Ab = np.exp(delta[:, None] * A)
    return Ab, (Ab - 1.0) / A * Bt[None, :]


def selective_params(x, p):
    delta = softplus(x @ p["Wd"] + p["bd"])  # (T, D)  input-dependent step size
    return delta, x @ p["WB"], x @ p["WC"]  # B_t, C_t: (T, N)


def scan_sequential(x, delta, Bs, Cs, A):
    """The selective SSM step by step: h_t = A_bar_t * h_{t-1} + B_bar_t * x_t, y_t = h_t C_t, h_0 = 0.

    Each step is discretised by zero-order hold with delta[t] and Bs[t] (as discretise).
    Input: x, (T, D); delta, (T, D); Bs, Cs, (T, N); A, (D, N). Output: y, (T, D).

    >>> one = np.ones((1, 1))
    >>> round(float(scan_sequential(one, np.log(2.0) * one, one, one, -one)[0, 0]), 6)
    0.5
    """
    T, D = x.shape
    h, ys = np.zeros((D, A.shape[1])), np.zeros((T, D))
    for t in range(T):
        Ab, Bb = discretise(delta[t], A, Bs[t])
        h = Ab * h + Bb * x[t][:, None]
        ys[t] = h @ Cs[t]
    return ys


def scan_parallel(x, delta, Bs, Cs, A):
    """The same output as scan_sequential by a log-depth associative (Hillis-Steele) scan.

    h_t = a_t h_{t-1} + b_t composes as (a1, b1), (a2, b2) -> (a2 a1, a2 b1 + b2); rounds at
    offsets 1, 2, 4, ... (ceil(log2 T) of them). Input and output as scan_sequential.

    >>> one = np.ones((1, 1))
    >>> round(float(scan_parallel(one, np.log(2.0) * one, one, one, -one)[0, 0]), 6)
    0.5
    """
    a = np.exp(delta[:, :, None] * A[None])  # (T, D, N)
    b = (a - 1.0) / A[None] * Bs[:, None, :] * x[:, :, None]
    for k in range(len(x).bit_length()):  # ceil(log2 T) rounds (a bounded loop)
        off = 1 << k
        a_prev, b_prev = a[:-off].copy(), b[:-off].copy()
        b[off:] = a[off:] * b_prev + b[off:]
        a[off:] = a[off:] * a_prev
    return np.einsum("tdn,tn->td", b, Cs)


def _zoh_expm(dt, a, Bt):
    """ZOH from expm([[dt A, dt B], [0, 0]]) = [[A_bar, B_bar], [0, 1]]; batched over dt, a, Bt."""
    dt, a, Bt = np.broadcast_arrays(np.asarray(dt)[..., None], a, Bt)
    n = a.shape[-1]
    M = np.zeros(a.shape[:-1] + (n + 1, n + 1))
    M[..., np.arange(n), np.arange(n)] = dt * a
    M[..., :n, n] = dt * Bt
    Mx = expm(M)  # one stacked call
    return Mx[..., np.arange(n), np.arange(n)], Mx[..., :n, n]


def _scan_reference(x, delta, Bs, Cs, A):
    """Per channel and step, with ZOH as exp(dt a) and expm1(dt a)/a B (checked against expm)."""
    T, D = x.shape
    y = np.zeros((T, D))
    for d in range(D):
        h = np.zeros(A.shape[1])
        for t in range(T):
            dA = delta[t, d] * A[d]
            h = np.exp(dA) * h + np.expm1(dA) / A[d] * Bs[t] * x[t, d]
            y[t, d] = h @ Cs[t]
    return y


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Selective state-space model (Mamba-style S6 layer)")
    T, D, N = 37, 3, 4
    p = {
        "A": -np.exp(rng.standard_normal((D, N))),
        "Wd": 0.5 * rng.standard_normal((D, D)),
        "bd": np.full(D, -1.0),
        "WB": rng.standard_normal((D, N)),
        "WC": rng.standard_normal((D, N)),
    }
    A = p["A"]
    x = rng.standard_normal((T, D))
    delta, Bs, Cs = selective_params(x, p)

    # ZOH on one channel: integrate h' = A h + B x from h(0) = h0 over [0, dt] with x fixed (RK4).
    dt, Bt, h0, xc = 0.37, rng.standard_normal(N), rng.standard_normal(N), 0.8
    a = A[0]
    ode = lambda h: a * h + Bt * xc
    h, n = h0.copy(), 2000
    for _ in range(n):
        k1 = ode(h)
        k2 = ode(h + dt / n / 2 * k1)
        k3 = ode(h + dt / n / 2 * k2)
        k4 = ode(h + dt / n * k3)
        h = h + dt / n / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    with r.case("ZOH step A_bar h0 + B_bar x == Runge-Kutta solution of the ODE") as c:
        Ab, Bb = f.discretise(np.array([dt]), A[:1], Bt)
        c.close(Ab[0] * h0 + Bb[0] * xc, h, rtol=1e-10, atol=1e-12)
    with r.case("ZOH == expm of the augmented matrix, every channel") as c:
        dts = np.array([0.05, 0.7, 2.5])
        Ab, Bb = f.discretise(dts, A, Bt)
        Ar, Br = _zoh_expm(dts, A, Bt)
        c.close(Ab, Ar, rtol=1e-10)
        c.close(Bb, Br, rtol=1e-10)

    ref = _scan_reference(x, delta, Bs, Cs, A)
    with r.case("sequential recurrence == per-channel reference loop") as c:
        c.close(f.scan_sequential(x, delta, Bs, Cs, A), ref, rtol=1e-9, atol=1e-12)
    with r.case("parallel associative scan == reference, T = 37") as c:
        c.close(f.scan_parallel(x, delta, Bs, Cs, A), ref, rtol=1e-9, atol=1e-12)
    with r.case("parallel scan at T = 1 and T = 16 (a power of two)") as c:
        for L in (1, 16):
            c.close(f.scan_parallel(x[:L], delta[:L], Bs[:L], Cs[:L], A), ref[:L],
                    rtol=1e-9, atol=1e-12)

    # LTI special case: constant Delta, B, C -> convolution with K_k = sum_n C_n A_bar^k B_bar_n.
    with r.case("LTI case: recurrence == causal convolution with K_k = C A_bar^k B_bar") as c:
        Bc, Cc = rng.standard_normal(N), rng.standard_normal(N)
        dl = softplus(p["bd"])
        y_rec = f.scan_sequential(x, np.tile(dl, (T, 1)), np.tile(Bc, (T, 1)),
                                  np.tile(Cc, (T, 1)), A)
        Ab, Bb = np.exp(dl[:, None] * A), np.expm1(dl[:, None] * A) / A * Bc
        K = np.einsum("n,kdn->kd", Cc, Ab[None] ** np.arange(T)[:, None, None] * Bb[None])
        y_conv = np.stack([np.convolve(x[:, d], K[:, d])[:T] for d in range(D)], 1)
        c.close(y_rec, y_conv, rtol=1e-10, atol=1e-12)

    with r.case("A < 0 and Delta > 0 give 0 < A_bar < 1 (stable, forgetting)") as c:
        Abar = np.array([f.discretise(delta[t], A, Bs[t])[0] for t in range(T)])
        r.figure("range of A_bar over the sequence", [float(Abar.min()), float(Abar.max())])
        c.true(bool(np.all((Abar > 0) & (Abar < 1))))
    return r


if __name__ == "__main__":
    main(run)
