"""mixture-of-experts: sparse top-k gating over expert FFNs and the load-balancing loss.

Follows Shazeer et al. (2017, top-k gating: softmax over the k largest router logits, the
rest set to zero) and Fedus et al. (2021, top-1 'switch' routing with auxiliary loss
N * sum_i f_i P_i). Checks: gate weights sum to 1 with exactly k non-zeros, the sparse
dispatch equals a dense mixture over all experts with the zeroed gates (explicit loops), the
balance loss equals 1 at perfectly uniform routing and N when everything collapses to one
expert, N * sum f_i^2 >= 1 with equality only at uniform (Cauchy-Schwarz), and only k/E of
the expert FLOPs are spent.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def top_k_gates(logits, k):
    """Softmax restricted to the k largest logits per token; zeros elsewhere."""
    idx = np.argsort(-logits, axis=1)[:, :k]
    sel = np.take_along_axis(logits, idx, 1)
    w = np.exp(sel - sel.max(1, keepdims=True))
    w /= w.sum(1, keepdims=True)
    G = np.zeros_like(logits)
    np.put_along_axis(G, idx, w, 1)
    return G, idx


def expert(x, W1, W2):
    return np.maximum(x @ W1, 0) @ W2


def switch_balance_loss(router_logits):
    """N * sum_i f_i * P_i: f_i = fraction of tokens sent (top-1) to expert i, P_i = mean router prob."""
    N = router_logits.shape[1]
    p = np.exp(router_logits - router_logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    f = np.bincount(p.argmax(1), minlength=N) / len(p)
    return N * np.sum(f * p.mean(0))


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Mixture of experts with top-k routing")
    T, d, E, k = 32, 8, 6, 2
    x = rng.standard_normal((T, d))
    Wr = rng.standard_normal((d, E))
    experts = [
        (rng.standard_normal((d, 16)) / 3, rng.standard_normal((16, d)) / 4) for _ in range(E)
    ]
    G, idx = top_k_gates(x @ Wr, k)
    r.check_close("gate weights of each token sum to 1", G.sum(1), np.ones(T), rtol=1e-12)
    r.check("exactly k non-zero gates per token", np.all((G > 0).sum(1) == k))

    # Sparse dispatch: each expert only sees the tokens routed to it.
    y, calls = np.zeros((T, d)), 0
    for e, (W1, W2) in enumerate(experts):
        rows = np.where((idx == e).any(1))[0]
        if len(rows):
            y[rows] += G[rows, e : e + 1] * expert(x[rows], W1, W2)
            calls += len(rows)
    # Dense reference: every expert on every token, mixed with the (mostly zero) gates.
    dense = np.zeros((T, d))
    for t in range(T):
        for e, (W1, W2) in enumerate(experts):
            dense[t] += G[t, e] * expert(x[t], W1, W2)
    r.check_close(
        "sparse dispatch == dense mixture restricted to top-k", y, dense, rtol=1e-12, atol=1e-12
    )
    r.figure("expert evaluations: sparse vs dense", [calls, T * E])
    r.check("compute fraction == k/E", calls / (T * E) == k / E, f"{calls}/{T * E}")

    uniform = np.zeros((E * 10, E))
    uniform[np.arange(E * 10), np.arange(E * 10) % E] = 50.0  # confident, evenly spread
    collapsed = np.zeros((100, E))
    collapsed[:, 0] = 50.0
    lu, lc = switch_balance_loss(uniform), switch_balance_loss(collapsed)
    r.figure("switch loss: uniform vs collapsed routing", [float(lu), float(lc)])
    r.check(
        "balance loss == 1 at uniform routing and == N when collapsed",
        abs(lu - 1) < 1e-9 and abs(lc - E) < 1e-9,
    )
    f = rng.dirichlet(np.ones(E), size=1000)
    vals = E * (f**2).sum(1)
    r.check(
        "if P == f, N sum f^2 >= 1 (Cauchy-Schwarz), minimum 1 only at uniform",
        vals.min() >= 1 and abs(E * np.sum(np.full(E, 1 / E) ** 2) - 1) < 1e-12,
        f"min {vals.min():.4f}",
    )
    return r


if __name__ == "__main__":
    main(run)
