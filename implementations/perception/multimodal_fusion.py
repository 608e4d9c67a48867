"""multimodal-fusion: combining modalities -- Bayesian cue fusion and token-level fusion by attention.

Follows Ernst & Banks (2002) for reliability-weighted fusion of independent cues, and the
LLaVA recipe (Liu et al., 2023) for LLMs: project visual features into the text embedding space
and let attention run over the concatenated tokens. Checks: late fusion (multiply per-modality
posteriors, divide out the shared prior once) equals early fusion (condition on both modalities
jointly, via the joint-Gaussian formula); fused precision is the sum of cue precisions; a
least-squares projector trained by gradient descent matches numpy.linalg.lstsq; attention over
[image tokens; text tokens] equals the two per-modality attentions merged by their softmax masses.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Multimodal fusion")

    # 1. Gaussian latent s (k = 2) seen by two modalities a = Ha s + noise, b = Hb s + noise.
    k = 2
    P0 = np.array([[2.0, 0.5], [0.5, 1.0]])
    Ha, Ra = rng.normal(size=(3, k)), 0.5 * np.eye(3)
    Hb, Rb = rng.normal(size=(4, k)), 2.0 * np.eye(4)
    s = rng.multivariate_normal(np.zeros(k), P0)
    a = Ha @ s + rng.multivariate_normal(np.zeros(3), Ra)
    b = Hb @ s + rng.multivariate_normal(np.zeros(4), Rb)

    # Late fusion in information form: each modality's posterior, then combine.
    inv = np.linalg.inv
    La, ea = inv(P0) + Ha.T @ inv(Ra) @ Ha, Ha.T @ inv(Ra) @ a
    Lb, eb = inv(P0) + Hb.T @ inv(Rb) @ Hb, Hb.T @ inv(Rb) @ b
    L_late = La + Lb - inv(P0)  # the prior was counted twice
    m_late = np.linalg.solve(L_late, ea + eb)
    # Early fusion from the joint covariance of (s, y), y = [a; b]: E[s|y] = S_sy S_yy^-1 y.
    H = np.vstack([Ha, Hb])
    R = np.block([[Ra, np.zeros((3, 4))], [np.zeros((4, 3)), Rb]])
    S_yy, S_sy = H @ P0 @ H.T + R, P0 @ H.T
    m_early = S_sy @ np.linalg.solve(S_yy, np.concatenate([a, b]))
    C_early = P0 - S_sy @ np.linalg.solve(S_yy, S_sy.T)
    r.check_close("late fusion mean equals early (joint) fusion mean", m_late, m_early, rtol=1e-10)
    r.check_close(
        "late fusion covariance equals early fusion covariance", inv(L_late), C_early, rtol=1e-10
    )
    r.figure(
        "posterior variance of s[0]: a only, b only, fused",
        f"{inv(La)[0, 0]:.3f}, {inv(Lb)[0, 0]:.3f}, {C_early[0, 0]:.3f}",
    )

    # 2. LLaVA-style projector: map visual features (dv) to the text embedding space (dt).
    dv, dt, n = 12, 6, 400
    V = rng.normal(size=(n, dv))
    M_true = rng.normal(size=(dv, dt)) / np.sqrt(dv)
    Tt = V @ M_true + 0.05 * rng.normal(size=(n, dt))
    M = np.zeros((dv, dt))
    lr = 1.0 / np.linalg.eigvalsh(V.T @ V / n).max()
    for _ in range(500):
        M -= lr * V.T @ (V @ M - Tt) / n
    M_ls = np.linalg.lstsq(V, Tt, rcond=None)[0]
    r.check_close(
        "gradient-trained projector equals the least-squares solution", M, M_ls, rtol=0, atol=1e-8
    )
    r.figure("max |M - M_true| (noise-limited)", np.abs(M_ls - M_true).max())

    # 3. Token-level fusion: one text query attends over [projected image tokens; text tokens].
    q = rng.normal(size=dt)
    Ki = Vi = rng.normal(size=(5, dv)) @ M_ls  # 5 visual features, projected to text space
    Kt, Vt = rng.normal(size=(7, dt)), rng.normal(size=(7, dt))

    def attend(K, Vv):
        s_ = K @ q / np.sqrt(dt)
        m_ = s_.max()
        w = np.exp(s_ - m_)
        return w @ Vv / w.sum(), m_ + np.log(w.sum())  # output and log softmax mass

    o_all, _ = attend(np.vstack([Ki, Kt]), np.vstack([Vi, Vt]))
    (oi, zi), (ot, zt) = attend(Ki, Vi), attend(Kt, Vt)
    gi = 1 / (1 + np.exp(zt - zi))  # share of attention on the image
    r.check_close(
        "joint attention = image and text attentions mixed by softmax mass",
        o_all,
        gi * oi + (1 - gi) * ot,
        rtol=1e-12,
    )
    r.figure("attention share on image tokens", gi)
    return r


if __name__ == "__main__":
    main(run)
