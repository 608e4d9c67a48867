"""bahdanau-attention: additive attention, the soft alignment of neural machine translation.

Follows Bahdanau, Cho & Bengio (2015), Sec. 3.1 and App. A: e_j = v^T tanh(W s + U h_j),
alpha = softmax(e), context c = sum_j alpha_j h_j, learned jointly with the translator (d2l 11.4).
Checks: the vectorised scores against a per-position loop, weights forming a distribution, the
context against an explicit weighted sum, the analytic gradient dc/dv (what lets alignment be
learned by backprop) against finite differences, and a hand-set alignment that is recovered.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def softmax(z):
    z = z - z.max()
    e = np.exp(z)
    return e / e.sum()


def additive_attention(s, H, W, U, v):
    # s: decoder state (d_s,); H: encoder states (T, d_h).
    T_ = np.tanh(s @ W.T + H @ U.T)  # (T, d_a): shared query term + per-key term
    e = T_ @ v
    a = softmax(e)
    return a @ H, a, T_


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Bahdanau (additive) attention")
    T, d_h, d_s, d_a = 7, 6, 5, 4
    H, s = rng.normal(size=(T, d_h)), rng.normal(size=d_s)
    W, U, v = rng.normal(size=(d_a, d_s)), rng.normal(size=(d_a, d_h)), rng.normal(size=d_a)
    c, a, T_ = additive_attention(s, H, W, U, v)

    e_loop = np.array([v @ np.tanh(W @ s + U @ H[j]) for j in range(T)])
    a_loop = np.exp(e_loop) / np.exp(e_loop).sum()
    r.check_close("scores/weights equal the per-position loop", a, a_loop, rtol=1e-12)
    r.check(
        "weights are a distribution (positive, sum to 1)",
        (a > 0).all() and abs(a.sum() - 1) < 1e-12,
        f"sum {a.sum():.15f}",
    )
    c_loop = sum(a[j] * H[j] for j in range(T))
    r.check_close("context equals the weighted sum of encoder states", c, c_loop, rtol=1e-12)
    r.figure("alignment weights", np.round(a, 3).tolist())

    # Backprop through the alignment: dc/dv = sum_j a_j h_j (t_j - sum_k a_k t_k)^T.
    tbar = a @ T_
    dc_dv = (H * a[:, None]).T @ (T_ - tbar)  # (d_h, d_a)
    eps, fd = 1e-6, np.zeros((d_h, d_a))
    for k in range(d_a):
        dv = np.zeros(d_a)
        dv[k] = eps
        fd[:, k] = (
            additive_attention(s, H, W, U, v + dv)[0] - additive_attention(s, H, W, U, v - dv)[0]
        ) / (2 * eps)
    r.check_close("analytic dc/dv equals finite differences", dc_dv, fd, rtol=1e-6, atol=1e-9)

    # An alignment that the parameters encode: if U h_j has a large component along v only for
    # the source word j* that 'translates' s, attention concentrates there.
    j_star = 4
    U2 = np.zeros((d_a, d_h))
    U2[:, 0] = 3 * v / np.linalg.norm(v)  # score grows with h_j[0]
    H2 = H.copy()
    H2[:, 0] = -1.0
    H2[j_star, 0] = 1.0
    _, a2, _ = additive_attention(s, H2, np.zeros((d_a, d_s)), U2, v)
    r.figure("weight on the aligned source position", a2[j_star])
    r.check(
        "attention peaks on the aligned source position",
        np.argmax(a2) == j_star and a2[j_star] > 0.5,
        f"argmax {np.argmax(a2)}, weight {a2[j_star]:.3f}",
    )
    return r


if __name__ == "__main__":
    main(run)
