"""multimodal-fusion: combining modalities -- Bayesian cue fusion and token-level fusion by attention.

Follows Ernst & Banks (2002) for reliability-weighted fusion of independent cues, and the
LLaVA recipe (Liu et al., 2023) for LLMs: project visual features into the text embedding space
and let attention run over the concatenated tokens. Checks: late fusion (multiply per-modality
posteriors, divide out the shared prior once) equals early fusion (condition on both modalities
jointly, via the joint-Gaussian formula) and, in one dimension, a brute-force grid posterior; the
fused precision is the prior's plus the cue precisions, smaller variance than either modality alone;
a least-squares projector trained by gradient descent matches numpy.linalg.lstsq; single-query
attention against a loop and scipy.special.logsumexp; attention over [image tokens; text tokens]
equals the two per-modality attentions merged by their softmax masses.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import logsumexp

from implementations._common import Report, main, solution

EXERCISE = ["late_fusion", "fit_projector", "attend"]

DOC_ZH = {
    "late_fusion": """晚期融合（信息形式）：隐变量 s ~ N(0, P0)，两种模态 a = Ha s + 噪声（协方差 Ra），
b = Hb s + 噪声（Rb）。各模态后验的精度 La = P0^-1 + Ha^T Ra^-1 Ha（Lb 同理），
融合精度 L = La + Lb - P0^-1（先验只算一次），均值 L^-1 (Ha^T Ra^-1 a + Hb^T Rb^-1 b)。

输入：P0 (k, k)；Ha、Ra、a；Hb、Rb、b。
输出：(均值 (k,), 协方差 (k, k))。

>>> m, C = late_fusion(np.eye(1), np.eye(1), np.eye(1), np.array([2.0]), np.eye(1), np.eye(1), np.array([4.0]))
>>> m.round(6).tolist(), C.round(6).tolist()
([2.0], [[0.333333]])
""",
    "fit_projector": """LLaVA 式投影器：用梯度下降最小化 ||V M - T||^2 / (2n)，从 M = 0 出发，
步长 1 / (V^T V / n 的最大特征值)，迭代 steps 次。

输入：V，视觉特征 (n, dv)；T，目标文本嵌入 (n, dt)；steps，步数。
输出：M，形状 (dv, dt)。

>>> fit_projector(np.eye(2), np.array([[1.0], [2.0]]), 1).round(6).tolist()
[[1.0], [2.0]]
""",
    "attend": """单个查询的缩放点积注意力：s = K q / sqrt(d)，w = softmax(s)，输出 w V；
同时返回 softmax 的对数质量 log Σ exp(s)。

输入：q，形状 (d,)；K，形状 (m, d)；V，形状 (m, dv)。
输出：(输出 (dv,), 对数质量 float)。分数很大时也不能溢出。

>>> o, z = attend(np.zeros(4), np.ones((2, 4)), np.array([[1.0], [3.0]]))
>>> o.tolist(), round(float(z), 6)
([2.0], 0.693147)
""",
}

HINTS = {
    "en": (
        "Gaussian evidence adds in information (precision) form, as long as the shared prior is "
        "counted once; attention over two token groups is a softmax-mass-weighted mix of each.",
        "L = La + Lb - inv(P0), mean = solve(L, Ha^T Ra^-1 a + Hb^T Rb^-1 b). Projector: "
        "M -= lr V^T (V M - T) / n with lr = 1 / eigvalsh(V^T V / n).max(). attend: s = K q / sqrt(d), "
        "m = max s, w = exp(s - m), return (w V / sum w, m + log sum w).",
    ),
    "zh": (
        "高斯证据在信息（精度）形式下相加，只要共享的先验只算一次；对两组词元的注意力是各自结果按 "
        "softmax 质量加权的混合。",
        "L = La + Lb - inv(P0)，均值 = solve(L, Ha^T Ra^-1 a + Hb^T Rb^-1 b)。投影器："
        "M -= lr V^T (V M - T) / n，lr = 1 / eigvalsh(V^T V / n).max()。attend：s = K q / sqrt(d)，"
        "m = max s，w = exp(s - m)，返回 (w V / sum w, m + log sum w)。",
    ),
}


def late_fusion(P0, Ha, Ra, a, Hb, Rb, b):
    """Late fusion in information form of two Gaussian modalities of a latent s ~ N(0, P0).

    a = Ha s + noise (covariance Ra), b = Hb s + noise (Rb). Per-modality posterior precisions
    La = P0^-1 + Ha^T Ra^-1 Ha (Lb alike); fused precision L = La + Lb - P0^-1 (the prior once),
    mean L^-1 (Ha^T Ra^-1 a + Hb^T Rb^-1 b). Input: P0 (k, k); Ha, Ra, a; Hb, Rb, b.
    Output: (mean (k,), covariance (k, k)).

    >>> m, C = late_fusion(np.eye(1), np.eye(1), np.eye(1), np.array([2.0]), np.eye(1), np.eye(1), np.array([4.0]))
    >>> m.round(6).tolist(), C.round(6).tolist()
    ([2.0], [[0.333333]])
    """
    inv = np.linalg.inv
    La, ea = inv(P0) + Ha.T @ inv(Ra) @ Ha, Ha.T @ inv(Ra) @ a
    Lb, eb = inv(P0) + Hb.T @ inv(Rb) @ Hb, Hb.T @ inv(Rb) @ b
    L = La + Lb - inv(P0)  # the prior was counted twice
    return np.linalg.solve(L, ea + eb), inv(L)


def fit_projector(V, T, steps):
    """LLaVA-style projector: gradient descent on ||V M - T||^2 / (2n) from M = 0.

    Step size 1 / (largest eigenvalue of V^T V / n), for the given number of steps.
    Input: visual features V (n, dv), target text embeddings T (n, dt), steps.
    Output: M of shape (dv, dt).

    >>> fit_projector(np.eye(2), np.array([[1.0], [2.0]]), 1).round(6).tolist()
    [[1.0], [2.0]]
    """
    n = len(V)
    M = np.zeros((V.shape[1], T.shape[1]))
    lr = 1.0 / np.linalg.eigvalsh(V.T @ V / n).max()
    for _ in range(steps):
        M -= lr * V.T @ (V @ M - T) / n
    return M


def attend(q, K, V):
    """Single-query scaled dot-product attention and its log softmax mass.

    s = K q / sqrt(d), w = softmax(s), output w V; also log sum exp(s). Input: q (d,),
    K (m, d), V (m, dv). Output: (output (dv,), log mass, a float). Must not overflow.

    >>> o, z = attend(np.zeros(4), np.ones((2, 4)), np.array([[1.0], [3.0]]))
    >>> o.tolist(), round(float(z), 6)
    ([2.0], 0.693147)
    """
    s = K @ q / np.sqrt(len(q))
    m = s.max()
    w = np.exp(s - m)
    return w @ V / w.sum(), m + np.log(w.sum())  # output and log softmax mass


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Multimodal fusion")

    # 1. Gaussian latent s (k = 2) seen by two modalities a = Ha s + noise, b = Hb s + noise.
    k = 2
    P0 = np.array([[2.0, 0.5], [0.5, 1.0]])
    Ha, Ra = rng.normal(size=(3, k)), np.diag([0.5, 0.8, 0.3])
    Hb, Rb = rng.normal(size=(4, k)), 2.0 * np.eye(4)
    s = rng.multivariate_normal(np.zeros(k), P0)
    a = Ha @ s + rng.multivariate_normal(np.zeros(3), Ra)
    b = Hb @ s + rng.multivariate_normal(np.zeros(4), Rb)
    # Early fusion from the joint covariance of (s, y), y = [a; b]: E[s|y] = S_sy S_yy^-1 y.
    H = np.vstack([Ha, Hb])
    R = np.block([[Ra, np.zeros((3, 4))], [np.zeros((4, 3)), Rb]])
    S_yy, S_sy = H @ P0 @ H.T + R, P0 @ H.T
    m_early = S_sy @ np.linalg.solve(S_yy, np.concatenate([a, b]))
    C_early = P0 - S_sy @ np.linalg.solve(S_yy, S_sy.T)

    with r.case("late fusion mean equals early (joint) fusion mean") as c:
        m_late, C_late = f.late_fusion(P0, Ha, Ra, a, Hb, Rb, b)
        c.close(m_late, m_early, rtol=1e-10)
    with r.case("late fusion covariance equals early fusion covariance") as c:
        c.close(C_late, C_early, rtol=1e-10)
        c.close(np.linalg.inv(C_late),
                np.linalg.inv(P0) + Ha.T @ np.linalg.inv(Ra) @ Ha + Hb.T @ Hb / 2.0, rtol=1e-10)
    with r.case("fused variance is below each modality's alone") as c:
        _, Ca = f.late_fusion(P0, Ha, Ra, a, np.zeros((1, k)), np.eye(1), np.zeros(1))
        _, Cb = f.late_fusion(P0, np.zeros((1, k)), np.eye(1), np.zeros(1), Hb, Rb, b)
        r.figure("posterior variance of s[0]: a only, b only, fused",
                 f"{Ca[0, 0]:.3f}, {Cb[0, 0]:.3f}, {C_early[0, 0]:.3f}")
        c.true(C_early[0, 0] < min(Ca[0, 0], Cb[0, 0]))
        c.close(Ca, np.linalg.inv(np.linalg.inv(P0) + Ha.T @ np.linalg.inv(Ra) @ Ha), rtol=1e-10)

    with r.case("one dimension: late fusion equals a brute-force grid posterior") as c:
        grid = np.linspace(-15, 15, 200001)
        p0, xa, ha, va, xb, hb, vb = 1.5, 1.2, 2.0, 0.7, -0.4, -1.0, 1.3
        logp = -grid**2 / (2 * p0) - (xa - ha * grid) ** 2 / (2 * va) - (xb - hb * grid) ** 2 / (2 * vb)
        w = np.exp(logp - logp.max())
        w /= w.sum()
        mg = w @ grid
        m1, C1 = f.late_fusion(np.array([[p0]]), np.array([[ha]]), np.array([[va]]), np.array([xa]),
                               np.array([[hb]]), np.array([[vb]]), np.array([xb]))
        c.close([m1[0], C1[0, 0]], [mg, w @ (grid - mg) ** 2], rtol=1e-6)

    # 2. LLaVA-style projector: map visual features (dv) to the text embedding space (dt).
    dv, dt, n = 12, 6, 400
    V = rng.normal(size=(n, dv)) * np.linspace(0.5, 2.0, dv)  # unequal feature scales
    M_true = rng.normal(size=(dv, dt)) / np.sqrt(dv)
    Tt = V @ M_true + 0.05 * rng.normal(size=(n, dt))
    M_ls = np.linalg.lstsq(V, Tt, rcond=None)[0]
    with r.case("gradient-trained projector equals the least-squares solution") as c:
        c.close(f.fit_projector(V, Tt, 2000), M_ls, rtol=0, atol=1e-8)
        r.figure("max |M - M_true| (noise-limited)", np.abs(M_ls - M_true).max())
    with r.case("one projector step from 0 is lr V^T T / n with lr = 1 / lambda_max") as c:
        lam = np.linalg.eigvalsh(V.T @ V / n).max()
        c.close(f.fit_projector(V, Tt, 1), V.T @ Tt / n / lam, rtol=1e-12)

    # 3. Token-level fusion: one text query attends over [projected image tokens; text tokens].
    q = rng.normal(size=dt) * 2
    Ki = Vi = rng.normal(size=(5, dv)) @ M_ls  # 5 visual features, projected to text space
    Kt, Vt = rng.normal(size=(7, dt)), rng.normal(size=(7, dt))
    with r.case("attention output and log mass equal a loop and scipy logsumexp") as c:
        sc = [sum(q[j] * Kt[i, j] for j in range(dt)) / math.sqrt(dt) for i in range(7)]
        wts = [math.exp(v - max(sc)) for v in sc]
        ref = [sum(wts[i] * Vt[i, j] for i in range(7)) / sum(wts) for j in range(dt)]
        o, z = f.attend(q, Kt, Vt)
        c.close(o, ref, rtol=1e-12)
        c.close(z, logsumexp(sc), rtol=1e-12)
        o_big, z_big = f.attend(q, Kt * 1000.0, Vt)  # huge scores: no overflow
        c.close(z_big, logsumexp(np.array(sc) * 1000.0), rtol=1e-12)
        c.true(bool(np.all(np.isfinite(o_big))), "finite output for huge scores")
    with r.case("joint attention = image and text attentions mixed by softmax mass") as c:
        o_all, z_all = f.attend(q, np.vstack([Ki, Kt]), np.vstack([Vi, Vt]))
        (oi, zi), (ot, zt) = f.attend(q, Ki, Vi), f.attend(q, Kt, Vt)
        gi = 1 / (1 + np.exp(zt - zi))  # share of attention on the image
        r.figure("attention share on image tokens", gi)
        c.close(o_all, gi * oi + (1 - gi) * ot, rtol=1e-12)
        c.close(z_all, np.logaddexp(zi, zt), rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
