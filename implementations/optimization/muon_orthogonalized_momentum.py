"""muon-orthogonalized-momentum: Muon, momentum whose update is orthogonalised by Newton-Schulz.

Follows Jordan et al. (2024), the Muon post: B = mu B + G, O = NewtonSchulz(B), W <- W - lr O,
where Newton-Schulz runs X <- a X + b (X X^T) X + c (X X^T)^2 X on X = B / ||B||_F and drives
every singular value toward 1 (the post's quintic uses a, b, c = 3.4445, -4.7750, 2.0315), plus
Liu et al. (2025), who scale the update by 0.2 sqrt(max(m, n)) to match AdamW's update RMS.
Checks: with the cubic coefficients (1.5, -0.5, 0) and enough steps the result equals the polar
factor U V^T from scipy.linalg.polar, for wide and tall matrices; the quintic keeps the singular
vectors and maps each singular value s / ||B||_F through the scalar polynomial iteration
(computed on the SVD's values), landing within [0.6, 1.2] but not at 1; the polar factor maximises
<G, O> over the spectral-norm ball, with value the nuclear norm (numpy) and beating 2000 random
O with ||O||_2 <= 1; Muon's iterates do not change when every gradient is multiplied by c > 0;
the momentum recursion against a hand-unrolled step; the scaled update has RMS exactly 0.2.
"""

from __future__ import annotations

import numpy as np
from scipy import linalg

from implementations._common import Report, main, solution

EXERCISE = ["newton_schulz", "muon"]

QUINTIC = (3.4445, -4.7750, 2.0315)

DOC_ZH = {
    "newton_schulz": """Newton-Schulz 正交化：把矩阵的所有奇异值推向 1，同时保持奇异向量不变。

输入：G，(m, n) 矩阵；steps，迭代次数；coeffs，(a, b, c)。先令 X = G / ||G||_F（使谱范数 <= 1），
再重复 A = X X^T，X = a X + b A X + c A A X。
输出：(m, n) 矩阵。系数 (1.5, -0.5, 0) 且步数足够时收敛到极分解因子 U V^T。

>>> np.round(newton_schulz(np.diag([3.0, 4.0]), 30, (1.5, -0.5, 0.0)), 6).tolist()
[[1.0, 0.0], [0.0, 1.0]]
""",
    "muon": """Muon（Jordan 等 2024）在给定梯度序列上的迭代，起点 W = 0。

输入：grads，形状 (T, m, n)；lr，学习率；mu，动量系数；steps、coeffs，传给 newton_schulz；
scale，为 True 时把更新乘以 0.2 sqrt(max(m, n))（Liu 等 2025 的 RMS 匹配）。
每一步：B = mu B + G（B 从 0 开始），O = newton_schulz(B, steps, coeffs)，W = W - lr O（或乘上缩放）。
输出：形状 (T+1, m, n) 的数组，第 0 个是零矩阵。

>>> Ws = muon(np.array([np.diag([2.0, 5.0])]), 0.1, steps=30, coeffs=(1.5, -0.5, 0.0))
>>> np.round(Ws[1], 6).tolist()
[[-0.1, 0.0], [0.0, -0.1]]
""",
}

HINTS = {
    "en": (
        "An odd matrix polynomial p(X) = a X + b X X^T X + ... acts on each singular value "
        "separately and leaves U and V alone; iterate it so every singular value goes to 1.",
        "X = G / ||G||_F; repeat A = X @ X.T; X = a X + b A @ X + c A @ A @ X. Muon: "
        "B = mu B + G; W -= lr * newton_schulz(B) (times 0.2 sqrt(max(m, n)) when scaled).",
    ),
    "zh": (
        "奇次矩阵多项式 p(X) = a X + b X X^T X + …… 分别作用在每个奇异值上，不改变 U 和 V；反复迭代，使每个奇异值都趋向 1。",
        "X = G / ||G||_F；重复 A = X @ X.T；X = a X + b A @ X + c A @ A @ X。Muon："
        "B = mu B + G；W -= lr * newton_schulz(B)（缩放时再乘 0.2 sqrt(max(m, n))）。",
    ),
}


def newton_schulz(G, steps=5, coeffs=(3.4445, -4.7750, 2.0315)):
    """Newton-Schulz orthogonalisation: push every singular value toward 1, keep the vectors.

    Input: G, an (m, n) matrix; steps, the number of iterations; coeffs, (a, b, c). Start from
    X = G / ||G||_F (so the spectral norm is <= 1), then repeat A = X X^T,
    X = a X + b A X + c A A X.
    Output: an (m, n) matrix. With (1.5, -0.5, 0) and enough steps it converges to the polar
    factor U V^T.

    >>> np.round(newton_schulz(np.diag([3.0, 4.0]), 30, (1.5, -0.5, 0.0)), 6).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    a, b, c = coeffs
    X = G / np.linalg.norm(G)
    for _ in range(steps):
        A = X @ X.T
        X = a * X + b * A @ X + c * A @ A @ X
    return X


def muon(grads, lr, mu=0.95, steps=5, coeffs=(3.4445, -4.7750, 2.0315), scale=False):
    """Muon (Jordan et al. 2024) on a given sequence of gradients, from W = 0.

    Input: grads, an array (T, m, n); lr, the learning rate; mu, the momentum; steps and
    coeffs, passed to newton_schulz; scale, if True multiply the update by 0.2 sqrt(max(m, n))
    (the RMS matching of Liu et al. 2025). Each step: B = mu B + G (B starts at 0),
    O = newton_schulz(B, steps, coeffs), W = W - lr O (times the scale).
    Output: an array (T+1, m, n) whose entry 0 is the zero matrix.

    >>> Ws = muon(np.array([np.diag([2.0, 5.0])]), 0.1, steps=30, coeffs=(1.5, -0.5, 0.0))
    >>> np.round(Ws[1], 6).tolist()
    [[-0.1, 0.0], [0.0, -0.1]]
    """
    _, m, n = grads.shape
    B = np.zeros((m, n))
    W = np.zeros((m, n))
    Ws = [W.copy()]
    factor = 0.2 * np.sqrt(max(m, n)) if scale else 1.0
    for G in grads:
        B = mu * B + G
        W = W - lr * factor * newton_schulz(B, steps, coeffs)
        Ws.append(W.copy())
    return np.array(Ws)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Muon and Newton-Schulz orthogonalisation")
    rng = np.random.default_rng(0)
    cubic = (1.5, -0.5, 0.0)

    with r.case("cubic Newton-Schulz converges to the polar factor (scipy.linalg.polar)") as c:
        for shape in ((4, 7), (6, 3), (5, 5)):
            G = rng.normal(size=shape)
            # polar(G, side="right") = (U V^T, P) with G = U V^T P
            c.close(f.newton_schulz(G, 60, cubic), linalg.polar(G)[0], rtol=1e-8, atol=1e-10)

    G = rng.normal(size=(5, 8)) @ np.diag(np.geomspace(1, 0.05, 8))
    U, s, Vt = np.linalg.svd(G, full_matrices=False)
    with r.case("quintic: same singular vectors, values through the scalar iteration") as c:
        X = f.newton_schulz(G)  # defaults: 5 steps of the quintic
        x = s / np.linalg.norm(G)
        a, b, cc = QUINTIC
        for _ in range(5):
            x = a * x + b * x**3 + cc * x**5
        c.close(X, U @ np.diag(x) @ Vt, rtol=1e-9, atol=1e-12)
        sv = np.linalg.svd(X, compute_uv=False)
        r.figure("quintic, 5 steps: singular values", np.round(sv, 4).tolist())
        c.true(sv.min() > 0.6 and sv.max() < 1.2, "all within [0.6, 1.2]")
        c.true(sv.max() - sv.min() > 0.1, "but not all equal to 1")
    with r.case("normalises first: newton_schulz(c G) = newton_schulz(G) for c > 0") as c:
        c.close(f.newton_schulz(250.0 * G, 5), f.newton_schulz(G, 5), rtol=1e-9, atol=1e-12)

    with r.case("U V^T maximises <G, O> over ||O||_2 <= 1; the value is the nuclear norm") as c:
        O = f.newton_schulz(G, 60, cubic)
        best = float(np.sum(G * O))
        c.close(best, np.linalg.norm(G, "nuc"), rtol=1e-8)
        trials = rng.normal(size=(2000, 5, 8))
        vals = [np.sum(G * (Q / np.linalg.norm(Q, 2))) for Q in trials]
        r.figure("<G, UV^T> vs best of 2000 random O", [best, float(max(vals))])
        c.true(best >= max(vals), "no random O with spectral norm 1 does better")

    grads = rng.normal(size=(8, 4, 6))
    with r.case("Muon iterates are invariant to scaling all gradients by c > 0") as c:
        W1 = f.muon(grads, 0.02, 0.9)
        W2 = f.muon(30.0 * grads, 0.02, 0.9)
        c.close(W2, W1, rtol=1e-9, atol=1e-12)
        c.close(W1[0], np.zeros((4, 6)))
    with r.case("momentum by hand: step 2 orthogonalises mu G1 + G2 (mu = 0.5, cubic)") as c:
        W = f.muon(grads[:3], 0.1, 0.5, 60, cubic)
        c.close(W[1], -0.1 * linalg.polar(grads[0])[0], rtol=1e-8, atol=1e-10)
        c.close(
            W[2] - W[1], -0.1 * linalg.polar(0.5 * grads[0] + grads[1])[0], rtol=1e-8, atol=1e-10
        )
        B3 = 0.25 * grads[0] + 0.5 * grads[1] + grads[2]
        c.close(W[3] - W[2], -0.1 * linalg.polar(B3)[0], rtol=1e-8, atol=1e-10)
    with r.case(
        "defaults (mu = 0.95, 5 quintic steps): step 2 against SVD + scalar iteration"
    ) as c:
        W = f.muon(grads[:2], 0.1)
        B = 0.95 * grads[0] + grads[1]
        U2, s2, Vt2 = np.linalg.svd(B, full_matrices=False)
        x = s2 / np.linalg.norm(B)
        for _ in range(5):
            x = QUINTIC[0] * x + QUINTIC[1] * x**3 + QUINTIC[2] * x**5
        c.close(W[2] - W[1], -0.1 * U2 @ np.diag(x) @ Vt2, rtol=1e-9, atol=1e-12)
    with r.case("scaled update 0.2 sqrt(max(m, n)) U V^T has RMS exactly 0.2 (Liu et al.)") as c:
        for shape in ((4, 6), (9, 3)):
            W = f.muon(rng.normal(size=(1, *shape)), 1.0, 0.9, 60, cubic, scale=True)
            rms = np.sqrt(np.mean(W[1] ** 2))
            c.close(rms, 0.2, rtol=1e-8)
        r.figure("unscaled update RMS for 4 x 6 (1/sqrt(6))", float(1 / np.sqrt(6)))
    return r


if __name__ == "__main__":
    main(run)
