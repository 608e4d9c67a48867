"""logit-lens: decode intermediate residual-stream states with the model's own unembedding.

Follows Belrose et al., "Eliciting Latent Predictions from Transformers with the Tuned Lens"
(arXiv 2303.08112): the logit lens applies the final LayerNorm and the unembedding W_U to the
hidden state after every block, giving a next-token distribution per layer; it is brittle
when a layer's states live in a different basis, so the tuned lens first maps each layer's
state through a learned affine translator. Here the translator is fitted by least squares
from layer-l states to final-layer states (a simplification of the paper's KL training).
Checks: the lens against LayerNorm and scipy's log_softmax written out, at every layer, the
last layer giving the model's own output; invariance to adding a constant to all residual
coordinates; on a toy residual stream that accumulates the answer, KL(final || layer) falls
layer by layer; the least-squares translator satisfies the normal equations, and on layers
stored in a rotated basis the tuned lens beats the logit lens on held-out positions.
"""

from __future__ import annotations

import numpy as np
from scipy.special import log_softmax

from implementations._common import Report, main, solution

EXERCISE = ["logit_lens", "fit_translator"]

DOC_ZH = {
    "logit_lens": """logit lens：对每一层的残差流状态施加最终的 LayerNorm 和反嵌入矩阵，得到每层的下一个词元对数概率。

输入：resid，形状 (L, d)，每行一层的残差流状态；gamma、beta，最终 LayerNorm 的参数（长度 d）；W_U，形状 (d, V)；eps，LayerNorm 的 epsilon（默认 1e-5）。
LayerNorm(h) = gamma * (h - mean(h)) / sqrt(var(h) + eps) + beta（var 为 ddof=0 的方差）。
输出：形状 (L, V) 的对数概率（每行 log-softmax）。

>>> lp = logit_lens(np.array([[1.0, -1.0]]), np.ones(2), np.zeros(2), np.eye(2), eps=0.0)
>>> np.round(np.exp(lp), 4).tolist()
[[0.8808, 0.1192]]
""",
    "fit_translator": """调谐透镜（tuned lens）的仿射变换：用最小二乘把第 l 层状态映射到最后一层状态，最小化 ||H A + b - H_final||^2。

输入：H，形状 (n, d) 的第 l 层状态；H_final，形状 (n, d) 的最后一层状态。
输出：(A, b)，A 形状 (d, d)，b 长度 d；变换后的状态为 H @ A + b。

>>> A, b = fit_translator(np.array([[1.0], [2.0], [3.0]]), np.array([[3.0], [5.0], [7.0]]))
>>> round(float(A[0, 0]), 6), round(float(b[0]), 6)
(2.0, 1.0)
""",
}

HINTS = {
    "en": (
        "The lens is the model's own output head applied early: normalise the state exactly as "
        "the final LayerNorm does, project with W_U, then log-softmax each row.",
        "z = (h - mean) / sqrt(var + eps) * gamma + beta; logits = z @ W_U; subtract "
        "logsumexp per row. Translator: solve least squares [H, 1] theta = H_final.",
    ),
    "zh": (
        "logit lens 就是把模型自己的输出头提前用上：像最终 LayerNorm 那样归一化状态，用 W_U 投影，再逐行做 log-softmax。",
        "z = (h - mean) / sqrt(var + eps) * gamma + beta；logits = z @ W_U；每行减去 logsumexp。"
        "变换矩阵：解最小二乘 [H, 1] theta = H_final。",
    ),
}


def logit_lens(resid, gamma, beta, W_U, eps=1e-5):
    """Logit lens: apply the final LayerNorm and the unembedding to every layer's residual
    state, giving each layer's next-token log-probabilities.

    Input: resid (L, d), one residual-stream state per row; gamma, beta, the final
    LayerNorm's parameters (length d); W_U (d, V); eps, the LayerNorm epsilon (default
    1e-5). LayerNorm(h) = gamma * (h - mean(h)) / sqrt(var(h) + eps) + beta (ddof=0
    variance). Output: (L, V) log-probabilities (log-softmax of each row).

    >>> lp = logit_lens(np.array([[1.0, -1.0]]), np.ones(2), np.zeros(2), np.eye(2), eps=0.0)
    >>> np.round(np.exp(lp), 4).tolist()
    [[0.8808, 0.1192]]
    """
    mu = resid.mean(axis=1, keepdims=True)
    var = resid.var(axis=1, keepdims=True)
    z = (resid - mu) / np.sqrt(var + eps) * gamma + beta
    logits = z @ W_U
    m = logits.max(axis=1, keepdims=True)
    return logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))


def fit_translator(H, H_final):
    """Tuned-lens translator: the affine map from layer-l states to final-layer states that
    minimises ||H A + b - H_final||^2 (least squares).

    Input: H (n, d), layer-l states; H_final (n, d), final-layer states. Output: (A, b), A of
    shape (d, d) and b of length d; translated states are H @ A + b.

    >>> A, b = fit_translator(np.array([[1.0], [2.0], [3.0]]), np.array([[3.0], [5.0], [7.0]]))
    >>> round(float(A[0, 0]), 6), round(float(b[0]), 6)
    (2.0, 1.0)
    """
    X = np.hstack([H, np.ones((H.shape[0], 1))])
    theta = np.linalg.lstsq(X, H_final, rcond=None)[0]
    return theta[:-1], theta[-1]


def layernorm_ref(h, gamma, beta, eps):
    out = np.empty_like(h)
    for i, row in enumerate(h):
        m = sum(row) / len(row)
        v = sum((x - m) ** 2 for x in row) / len(row)
        out[i] = [(x - m) / (v + eps) ** 0.5 for x in row]
    return out * gamma + beta


def kl_rows(lp_final, lp):
    return np.sum(np.exp(lp_final) * (lp_final - lp), axis=-1)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Logit lens and tuned lens on a toy residual stream")
    d, V, L = 16, 12, 8
    W_U = rng.normal(size=(d, V)) / np.sqrt(d)
    gamma, beta = 1 + 0.2 * rng.normal(size=d), 0.1 * rng.normal(size=d)

    resid = rng.normal(size=(L, d)) * 2
    with r.case("lens equals LayerNorm + unembedding + log-softmax written out, every layer") as c:
        for eps in (1e-5, 0.5):
            want = log_softmax(layernorm_ref(resid, gamma, beta, eps) @ W_U, axis=1)
            c.close(f.logit_lens(resid, gamma, beta, W_U, eps), want, rtol=1e-10, atol=1e-12)
        lp = np.asarray(f.logit_lens(resid, gamma, beta, W_U))
        c.close(np.exp(lp).sum(1), np.ones(L), rtol=1e-12)
    with r.case("adding a constant to every residual coordinate changes nothing") as c:
        c.close(f.logit_lens(resid + 3.7, gamma, beta, W_U), lp, rtol=1e-10, atol=1e-12)
    with r.case("large residual norms stay finite (stable log-softmax)") as c:
        big = np.asarray(f.logit_lens(resid, gamma * 400, beta, W_U))
        want = log_softmax(layernorm_ref(resid, gamma * 400, beta, 1e-5) @ W_U, axis=1)
        c.close(big, want, rtol=1e-10, atol=1e-9)

    # Toy residual stream: each block adds a bit of the direction that predicts token 3.
    target = 3
    u = W_U[:, target] - W_U.mean(axis=1)
    base = rng.normal(size=d) * 0.5
    stream = np.array(
        [base + 1.2 * k * u / np.linalg.norm(u) + 0.05 * rng.normal(size=d) for k in range(L)]
    )
    with r.case("KL(final || layer) falls layer by layer as the answer accumulates") as c:
        lp = np.asarray(f.logit_lens(stream, gamma, beta, W_U))
        kl = kl_rows(lp[-1], lp)
        r.figure("KL(final || layer l), logit lens", np.round(kl, 4).tolist())
        c.true(all(a > b for a, b in zip(kl, kl[1:])), "decreasing")
        c.close(kl[-1], 0.0, atol=1e-12)
        c.true(int(np.argmax(lp[-1])) == target, "the last layer predicts the answer")

    # Layers that store the same information in a rotated basis: the logit lens fails there.
    n = 400
    Hf = rng.normal(size=(2 * n, d)) * 1.5
    R = np.linalg.qr(rng.normal(size=(d, d)))[0]
    Hl = Hf @ R.T + 0.3 + 0.05 * rng.normal(size=(2 * n, d))
    with r.case("translator satisfies the least-squares normal equations") as c:
        A, b = f.fit_translator(Hl[:n], Hf[:n])
        X = np.hstack([Hl[:n], np.ones((n, 1))])
        res = X @ np.vstack([A, b]) - Hf[:n]
        c.close(X.T @ res, np.zeros((d + 1, d)), atol=1e-8)
        A2, b2 = f.fit_translator(Hf[:n] * 2 + 1, Hf[:n])  # an exactly affine map
        c.close(A2, np.eye(d) / 2, atol=1e-10)
        c.close(b2, np.full(d, -0.5), atol=1e-10)
    with r.case("on a rotated layer the tuned lens beats the logit lens (held-out positions)") as c:
        A, b = f.fit_translator(Hl[:n], Hf[:n])
        lp_f = np.asarray(f.logit_lens(Hf[n:], gamma, beta, W_U))
        kl_logit = kl_rows(lp_f, np.asarray(f.logit_lens(Hl[n:], gamma, beta, W_U))).mean()
        kl_tuned = kl_rows(lp_f, np.asarray(f.logit_lens(Hl[n:] @ A + b, gamma, beta, W_U))).mean()
        r.figure(
            "held-out mean KL to the final layer: logit lens | tuned lens", [kl_logit, kl_tuned]
        )
        c.true(kl_tuned < 0.1 * kl_logit, f"{kl_tuned:.4f} vs {kl_logit:.4f}")
    return r


if __name__ == "__main__":
    main(run)
