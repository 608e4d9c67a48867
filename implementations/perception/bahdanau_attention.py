"""bahdanau-attention: additive attention, the soft alignment of neural machine translation.

Follows Bahdanau, Cho & Bengio (2015), Sec. 3.1 and App. A: e_j = v^T tanh(W s + U h_j),
alpha = softmax(e), context c = sum_j alpha_j h_j, learned jointly with the translator (d2l 11.4).
Checks compare with a per-position loop (hidden tanh features, scores, weights), the context as an
explicit weighted sum, weights forming a distribution, huge scores (no overflow), the analytic
gradient dc/dv computed from the loop reference against finite differences of the learner's
context (what lets alignment be learned by backprop), and a hand-set alignment that is recovered.
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["additive_attention"]

DOC_ZH = {
    "additive_attention": """加性（Bahdanau）注意力：t_j = tanh(W s + U h_j)，e_j = v^T t_j，
alpha = softmax(e)，上下文 c = Σ_j alpha_j h_j。

输入：s，解码器状态，形状 (d_s,)；H，编码器状态，形状 (T, d_h)；W，形状 (d_a, d_s)；
U，形状 (d_a, d_h)；v，形状 (d_a,)。
输出：(c, alpha, T_)：c 形状 (d_h,)，alpha 形状 (T,)，T_ 是各位置的 tanh 特征，形状 (T, d_a)。
分数很大时也不能溢出。

>>> c, a, T_ = additive_attention(np.zeros(1), np.array([[1.0], [-1.0]]), np.zeros((1, 1)), np.eye(1), np.ones(1))
>>> round(float(c[0]), 6), a.round(6).tolist()
(0.642015, [0.821007, 0.178993])
""",
}

HINTS = {
    "en": (
        "Score each encoder state with a tiny one-hidden-layer network that also sees the "
        "decoder state, then turn the scores into a distribution.",
        "T_ = tanh(s W^T + H U^T) (the query term broadcasts over the T rows), e = T_ v, "
        "alpha = softmax(e - max e), c = alpha H.",
    ),
    "zh": (
        "用一个也能看到解码器状态的单隐层小网络给每个编码器状态打分，再把分数变成分布。",
        "T_ = tanh(s W^T + H U^T)（查询项对 T 行广播），e = T_ v，alpha = softmax(e - max e)，"
        "c = alpha H。",
    ),
}


def additive_attention(s, H, W, U, v):
    """Additive attention: t_j = tanh(W s + U h_j), e_j = v . t_j, alpha = softmax(e), c = sum alpha_j h_j.

    Input: decoder state s (d_s,), encoder states H (T, d_h), W (d_a, d_s), U (d_a, d_h),
    v (d_a,). Output: (c, alpha, T_): the context (d_h,), the weights (T,) and the tanh
    features of every position (T, d_a). Must not overflow for huge scores.

    >>> c, a, T_ = additive_attention(np.zeros(1), np.array([[1.0], [-1.0]]), np.zeros((1, 1)), np.eye(1), np.ones(1))
    >>> round(float(c[0]), 6), a.round(6).tolist()
    (0.642015, [0.821007, 0.178993])
    """
    # s: decoder state (d_s,); H: encoder states (T, d_h).
    T_ = np.tanh(s @ W.T + H @ U.T)  # (T, d_a): shared query term + per-key term
    e = T_ @ v
    a = np.exp(e - e.max())  # stable softmax over source positions
    a /= a.sum()
    return a @ H, a, T_


def _loop(s, H, W, U, v):
    # Reference: position by position in plain Python.
    t = [[math.tanh(sum(W[i, p] * s[p] for p in range(len(s)))
                    + sum(U[i, p] * h[p] for p in range(len(h)))) for i in range(len(v))]
         for h in H]
    e = [sum(v[i] * tj[i] for i in range(len(v))) for tj in t]
    w = [math.exp(x - max(e)) for x in e]
    a = [x / sum(w) for x in w]
    c = [sum(a[j] * H[j, p] for j in range(len(H))) for p in range(H.shape[1])]
    return np.array(c), np.array(a), np.array(t)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Bahdanau (additive) attention")
    T, d_h, d_s, d_a = 7, 6, 5, 4
    H, s = rng.normal(size=(T, d_h)), rng.normal(size=d_s)
    W, U, v = rng.normal(size=(d_a, d_s)), rng.normal(size=(d_a, d_h)), rng.normal(size=d_a)
    c_ref, a_ref, t_ref = _loop(s, H, W, U, v)

    with r.case("scores/weights equal the per-position loop") as c:
        _, a, T_ = f.additive_attention(s, H, W, U, v)
        c.close(a, a_ref, rtol=1e-12)
        c.close(T_, t_ref, rtol=0, atol=1e-12)

    with r.case("weights are a distribution (positive, sum to 1)") as c:
        _, a, _ = f.additive_attention(s, H, W, U, v)
        c.true(bool((a > 0).all()), "all weights positive")
        c.close(a.sum(), 1.0, rtol=1e-12)

    with r.case("context equals the weighted sum of encoder states") as c:
        ctx, a, _ = f.additive_attention(s, H, W, U, v)
        r.figure("alignment weights", np.round(a, 3).tolist())
        c.close(ctx, c_ref, rtol=1e-12)

    with r.case("huge scores do not overflow") as c:
        ctx, a, _ = f.additive_attention(s, H, W, U, 1000.0 * v)
        c_big, a_big, _ = _loop(s, H, W, U, 1000.0 * v)
        c.close(a, a_big, rtol=1e-9, atol=1e-300)
        c.close(ctx, c_big, rtol=1e-9)

    # Backprop through the alignment: dc/dv = sum_j a_j h_j (t_j - sum_k a_k t_k)^T, from the loop.
    with r.case("analytic dc/dv equals finite differences") as c:
        dc_dv = (H * a_ref[:, None]).T @ (t_ref - a_ref @ t_ref)  # (d_h, d_a)
        eps, fd = 1e-6, np.zeros((d_h, d_a))
        for k in range(d_a):
            dv = np.zeros(d_a)
            dv[k] = eps
            fd[:, k] = (
                f.additive_attention(s, H, W, U, v + dv)[0]
                - f.additive_attention(s, H, W, U, v - dv)[0]
            ) / (2 * eps)
        c.close(fd, dc_dv, rtol=1e-6, atol=1e-9)

    # An alignment that the parameters encode: if U h_j has a large component along v only for
    # the source word j* that 'translates' s, attention concentrates there.
    with r.case("attention peaks on the aligned source position") as c:
        j_star = 4
        U2 = np.zeros((d_a, d_h))
        U2[:, 0] = 3 * v / np.linalg.norm(v)  # score grows with h_j[0]
        H2 = H.copy()
        H2[:, 0] = -1.0
        H2[j_star, 0] = 1.0
        _, a2, _ = f.additive_attention(s, H2, np.zeros((d_a, d_s)), U2, v)
        r.figure("weight on the aligned source position", a2[j_star])
        # Closed form: scores are +-v.tanh(3 v/|v|); six positions share the low score.
        hi = v @ np.tanh(3 * v / np.linalg.norm(v))
        c.close(a2[j_star], 1 / (1 + 6 * np.exp(-2 * hi)), rtol=1e-12)
        c.equal(int(np.argmax(a2)), j_star)
    return r


if __name__ == "__main__":
    main(run)
