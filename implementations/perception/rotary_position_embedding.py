"""rotary-position-embedding: rotate each (even, odd) feature pair of q and k by angle m * theta_i.

Follows Su et al., RoFormer (2021), Sec. 3: with theta_i = 10000^(-2i/d) and R_m the
block-diagonal rotation, <R_m q, R_n k> = <q, R_(n-m) k>, so attention logits depend on positions
only through the offset. Checks: the fast elementwise form against the explicit rotation matrix,
invariance of logits under a common shift of both positions, the complex-number closed form
Re sum_i q~_i conj(k~_i) e^{i (m - n) theta_i}, and norm preservation.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def thetas(d, base=10000.0):
    return base ** (-np.arange(0, d, 2) / d)


def rope(x, m, base=10000.0):
    # x: (..., d). Pair (x0, x1) -> (x0 cos - x1 sin, x0 sin + x1 cos), angle m * theta_i.
    th = m * thetas(x.shape[-1], base)
    c, s = np.cos(th), np.sin(th)
    x0, x1 = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = x0 * c - x1 * s
    out[..., 1::2] = x0 * s + x1 * c
    return out


def rotation_matrix(m, d):
    R = np.zeros((d, d))
    for i, t in enumerate(m * thetas(d)):
        R[2 * i : 2 * i + 2, 2 * i : 2 * i + 2] = [[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]]
    return R


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Rotary position embedding (RoPE)")
    d = 16
    q, k = rng.normal(size=d), rng.normal(size=d)
    r.check_close(
        "elementwise RoPE equals the block-diagonal rotation matrix",
        rope(q, 5),
        rotation_matrix(5, d) @ q,
        rtol=0,
        atol=1e-12,
    )

    logit = lambda m, n: rope(q, m) @ rope(k, n)
    base = [logit(m, m - 3) for m in range(3, 60)]
    r.check_close(
        "logit(m, m-3) is the same for every m",
        base,
        np.full(len(base), base[0]),
        rtol=0,
        atol=1e-12,
    )
    r.check_close(
        "logit(m+s, n+s) = logit(m, n) for a large shift",
        logit(1007, 1000),
        logit(7, 0),
        rtol=0,
        atol=1e-9,
    )

    # Closed form: view pairs as complex numbers z = x0 + i x1; rotation multiplies by e^{i m theta}.
    zq, zk = q[0::2] + 1j * q[1::2], k[0::2] + 1j * k[1::2]
    m, n = 11, 4
    closed = np.real(np.sum(zq * np.conj(zk) * np.exp(1j * (m - n) * thetas(d))))
    r.check_close(
        "logit equals Re sum q~ conj(k~) e^{i(m-n) theta}", logit(m, n), closed, rtol=1e-12
    )

    X = rng.normal(size=(50, d))
    Y = rope(X, np.arange(50)[:, None])
    r.check_close(
        "rotation preserves every vector's norm",
        np.linalg.norm(Y, axis=1),
        np.linalg.norm(X, axis=1),
        rtol=1e-12,
    )

    # Long-term decay (a property claimed in RoFormer): for q = k = all-ones, the logit shrinks on average
    # as the offset grows, because the pairs rotate at many different speeds.
    ones = np.ones(d)
    decay = [abs(rope(ones, off) @ ones) for off in (0, 4, 16, 64, 256)]
    r.figure(
        "|logit| for q = k = 1 at offsets 0, 4, 16, 64, 256", [round(float(v), 2) for v in decay]
    )
    return r


if __name__ == "__main__":
    main(run)
