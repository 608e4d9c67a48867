"""transformer-block: a pre-LN decoder block, x + MHA(LN(x)) then x + FFN(LN(x)), with a causal mask.

Follows Vaswani et al. (2017), Sec. 3.1-3.3 (multi-head scaled dot-product attention,
position-wise FFN, residual + LayerNorm), with LayerNorm moved inside the residual branch as
in the Pre-LN variant (Xiong et al. 2020). Checks: the vectorised block equals an explicit
per-head, per-position loop; the causal mask makes earlier outputs independent of later
inputs; without a mask and positions the block is permutation-equivariant; the parameter count
equals 12 d^2 + 13 d.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def layernorm(x, g, b, eps=1e-5):
    mu = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return g * (x - mu) / np.sqrt(var + eps) + b


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))


def block(x, p, H, causal=True):
    T, d = x.shape
    dh = d // H
    a = layernorm(x, p["g1"], p["b1"])
    q, k, v = (a @ p["Wq"] + p["bq"], a @ p["Wk"] + p["bk"], a @ p["Wv"] + p["bv"])
    q, k, v = (m.reshape(T, H, dh).transpose(1, 0, 2) for m in (q, k, v))  # (H, T, dh)
    s = q @ k.transpose(0, 2, 1) / np.sqrt(dh)
    if causal:
        s = np.where(np.tril(np.ones((T, T), bool)), s, -np.inf)  # block the future
    w = np.exp(s - s.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    o = (w @ v).transpose(1, 0, 2).reshape(T, d)
    x = x + o @ p["Wo"] + p["bo"]
    f = gelu(layernorm(x, p["g2"], p["b2"]) @ p["W1"] + p["c1"]) @ p["W2"] + p["c2"]
    return x + f, w


def block_loops(x, p, H):
    """Same computation with explicit loops over heads, queries and keys."""
    T, d = x.shape
    dh = d // H
    a = layernorm(x, p["g1"], p["b1"])
    Q, K, Vv = a @ p["Wq"] + p["bq"], a @ p["Wk"] + p["bk"], a @ p["Wv"] + p["bv"]
    out = np.zeros((T, d))
    for h in range(H):
        sl = slice(h * dh, (h + 1) * dh)
        for i in range(T):
            scores = [Q[i, sl] @ K[j, sl] / np.sqrt(dh) for j in range(i + 1)]
            e = np.exp(np.array(scores) - max(scores))
            out[i, sl] = sum(e[j] / e.sum() * Vv[j, sl] for j in range(i + 1))
    y = x + out @ p["Wo"] + p["bo"]
    return y + gelu(layernorm(y, p["g2"], p["b2"]) @ p["W1"] + p["c1"]) @ p["W2"] + p["c2"]


def init(d, rng):
    s = 1 / np.sqrt(d)
    p = {n: s * rng.standard_normal((d, d)) for n in ("Wq", "Wk", "Wv", "Wo")}
    p.update(
        W1=s * rng.standard_normal((d, 4 * d)),
        W2=s * rng.standard_normal((4 * d, d)) / 2,
        c1=0.1 * rng.standard_normal(4 * d),
        c2=0.1 * rng.standard_normal(d),
    )
    for n in ("bq", "bk", "bv", "bo", "b1", "b2"):
        p[n] = 0.1 * rng.standard_normal(d)
    p["g1"], p["g2"] = 1 + 0.1 * rng.standard_normal(d), 1 + 0.1 * rng.standard_normal(d)
    return p


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Pre-LN Transformer decoder block")
    T, d, H = 7, 16, 4
    p = init(d, rng)
    x = rng.standard_normal((T, d))
    y, w = block(x, p, H)
    r.check_close(
        "vectorised block == explicit loops over heads/positions",
        y,
        block_loops(x, p, H),
        rtol=1e-12,
        atol=1e-12,
    )
    r.check(
        "attention rows sum to 1 and weights above the diagonal are 0",
        np.allclose(w.sum(-1), 1)
        and np.all(w[:, np.triu_indices(T, 1)[0], np.triu_indices(T, 1)[1]] == 0),
    )

    x2 = x.copy()
    x2[4:] += 10 * rng.standard_normal((T - 4, d))  # change only the future tokens
    y2, _ = block(x2, p, H)
    r.check_close(
        "causality: outputs 0..3 unchanged when inputs 4.. change", y2[:4], y[:4], rtol=0, atol=0
    )
    r.check("... while outputs 4.. do change", np.abs(y2[4:] - y[4:]).min() > 1e-3)

    perm = rng.permutation(T)
    yp, _ = block(x[perm], p, H, causal=False)
    r.check_close(
        "no mask, no positions: block(Px) == P block(x)",
        yp,
        block(x, p, H, causal=False)[0][perm],
        rtol=1e-12,
        atol=1e-12,
    )

    n_params = sum(v.size for v in p.values())
    r.figure("parameters in one block (d=16)", n_params)
    r.check("parameter count == 12 d^2 + 13 d", n_params == 12 * d * d + 13 * d, f"{n_params}")
    return r


if __name__ == "__main__":
    main(run)
