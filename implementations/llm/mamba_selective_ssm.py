"""mamba-selective-ssm: a selective state-space layer, scanned sequentially and in parallel.

Follows Gu & Dao (2023): a diagonal continuous-time SSM h' = A h + B x, y = C h, discretised
with zero-order hold (A_bar = exp(Delta A), B_bar = (Delta A)^-1 (exp(Delta A) - I) Delta B) where
Delta, B and C depend on the current input (the 'selection' mechanism). Checks: the ZOH formula
equals a fine Runge-Kutta integration of h' = A h + B x over one step with x held constant; the sequential
recurrence equals a log-depth associative (Hillis-Steele) scan; with input-independent Delta,
B, C the layer is LTI and equals a convolution with kernel K_k = C A_bar^k B_bar (the S4 view);
and A < 0, Delta > 0 give |A_bar| < 1 (a stable discrete-time system).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def softplus(v):
    return np.logaddexp(0.0, v)


def discretise(delta, A, Bt):
    """ZOH for diagonal A. delta: (D,), A: (D,N), Bt: (N,) -> A_bar, B_bar: (D,N)."""
    Ab = np.exp(delta[:, None] * A)
    return Ab, (Ab - 1.0) / A * Bt[None, :]


def selective_params(x, p):
    delta = softplus(x @ p["Wd"] + p["bd"])  # (T, D)  input-dependent step size
    return delta, x @ p["WB"], x @ p["WC"]  # B_t, C_t: (T, N)


def scan_sequential(x, p):
    T, D = x.shape
    delta, Bs, Cs = selective_params(x, p)
    h, ys = np.zeros((D, p["A"].shape[1])), np.zeros((T, D))
    for t in range(T):
        Ab, Bb = discretise(delta[t], p["A"], Bs[t])
        h = Ab * h + Bb * x[t][:, None]
        ys[t] = h @ Cs[t]
    return ys


def scan_parallel(x, p):
    """Inclusive scan of h_t = a_t h_{t-1} + b_t with the associative rule (a1,b1),(a2,b2) -> (a2 a1, a2 b1 + b2)."""
    delta, Bs, Cs = selective_params(x, p)
    a = np.exp(delta[:, :, None] * p["A"][None])  # (T, D, N)
    b = (a - 1.0) / p["A"][None] * Bs[:, None, :] * x[:, :, None]
    off = 1
    while off < len(x):  # log2(T) rounds
        a_prev, b_prev = a[:-off].copy(), b[:-off].copy()
        b[off:] = a[off:] * b_prev + b[off:]
        a[off:] = a[off:] * a_prev
        off *= 2
    return np.einsum("tdn,tn->td", b, Cs)


def run() -> Report:
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
    x = rng.standard_normal((T, D))

    # ZOH check on one channel: integrate h' = A h + B x from h(0) = h0 over [0, dt] with x fixed (RK4).
    dt, Bt, h0, xc = 0.37, rng.standard_normal(N), rng.standard_normal(N), 0.8
    a = p["A"][0]
    f = lambda h: a * h + Bt * xc
    h, n = h0.copy(), 2000
    for _ in range(n):
        k1 = f(h)
        k2 = f(h + dt / n / 2 * k1)
        k3 = f(h + dt / n / 2 * k2)
        k4 = f(h + dt / n * k3)
        h = h + dt / n / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    Ab, Bb = discretise(np.array([dt]), p["A"][:1], Bt)
    r.check_close(
        "ZOH step A_bar h0 + B_bar x == Runge-Kutta solution of the ODE",
        Ab[0] * h0 + Bb[0] * xc,
        h,
        rtol=1e-10,
        atol=1e-12,
    )

    ys, yp = scan_sequential(x, p), scan_parallel(x, p)
    r.check_close(
        "sequential recurrence == parallel associative scan", yp, ys, rtol=1e-10, atol=1e-12
    )

    # LTI special case: constant Delta, B, C -> convolution with K_k = sum_n C_n A_bar^k B_bar_n.
    q = dict(p, Wd=np.zeros((D, D)), WB=np.zeros((D, N)), WC=np.zeros((D, N)))
    Bc, Cc = rng.standard_normal(N), rng.standard_normal(N)
    delta = softplus(q["bd"])
    Ab, Bb = discretise(delta, q["A"], Bc)
    h, y_rec = np.zeros((D, N)), np.zeros((T, D))
    for t in range(T):
        h = Ab * h + Bb * x[t][:, None]
        y_rec[t] = h @ Cc
    K = np.einsum("n,kdn->kd", Cc, Ab[None] ** np.arange(T)[:, None, None] * Bb[None])
    y_conv = np.stack([np.convolve(x[:, d], K[:, d])[:T] for d in range(D)], 1)
    r.check_close(
        "LTI case: recurrence == causal convolution with K_k = C A_bar^k B_bar",
        y_rec,
        y_conv,
        rtol=1e-10,
        atol=1e-12,
    )

    delta_all = selective_params(x, p)[0]
    Abar = np.exp(delta_all[:, :, None] * p["A"][None])
    r.figure("range of A_bar over the sequence", [float(Abar.min()), float(Abar.max())])
    r.check(
        "A < 0 and Delta > 0 give 0 < A_bar < 1 (stable, forgetting)",
        np.all((Abar > 0) & (Abar < 1)),
    )
    return r


if __name__ == "__main__":
    main(run)
