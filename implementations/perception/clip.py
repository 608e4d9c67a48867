"""clip: the symmetric image-text contrastive loss and zero-shot classification.

Follows Radford et al. (2021), Sec. 2.3 and Fig. 3 pseudocode: L2-normalise image and text
embeddings, logits = exp(t) * I T^T, loss = (CE(logits, diag) over rows + CE(logits^T, diag)) / 2
-- both directions, not only image-to-text. Checks compare with plain-Python references: the log
softmax along either axis (non-square, huge entries), the logits as scaled cosines, each direction's
cross-entropy and their mean computed with explicit loops; the analytic gradient with respect to
the logits against finite differences; invariance to rescaling embeddings; the two directions
differ in general; zero-shot prediction from the logits picks the nearest class text embedding.
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["log_softmax", "clip_loss"]

DOC_ZH = {
    "log_softmax": """沿给定轴的 log softmax：S - log Σ exp(S)（沿 axis 求和）。

输入：S，二维数组；axis，0（按列）或 1（按行）。
输出：与 S 同形状的数组。元素很大（如 1000）时也不能溢出：先减去该轴上的最大值。

>>> log_softmax(np.array([[0.0, 0.0], [1.0, 1.0]]), 1).round(6).tolist()
[[-0.693147, -0.693147], [-0.693147, -0.693147]]
""",
    "clip_loss": """CLIP 对称对比损失。先对 I、T 的每一行做 L2 归一化，
logits = scale * I_n T_n^T；li = 行方向（图像到文本）交叉熵的均值，标签在对角线；
lt = 列方向（文本到图像）交叉熵的均值；loss = (li + lt) / 2。

输入：I，图像嵌入 (n, d)；T，文本嵌入 (n, d)（第 i 行配对）；scale，温度的倒数。
输出：(loss, li, lt, logits)，logits 形状 (n, n)。

>>> loss, li, lt, L = clip_loss(np.eye(2), np.eye(2), 1.0)
>>> round(float(loss), 6), L.tolist()
(0.313262, [[1.0, 0.0], [0.0, 1.0]])
""",
}

HINTS = {
    "en": (
        "Each image must pick out its own caption among all captions, and each caption its own "
        "image: two classification problems on the same similarity matrix.",
        "Normalise rows, logits = scale * I_n @ T_n.T; li = -mean(diag(log_softmax(logits, 1))), "
        "lt = -mean(diag(log_softmax(logits, 0))); loss = (li + lt) / 2.",
    ),
    "zh": (
        "每张图像要在所有文本中认出自己的描述，每段文本也要认出自己的图像："
        "同一个相似度矩阵上的两个分类问题。",
        "先归一化每一行，logits = scale * I_n @ T_n.T；li = -mean(diag(log_softmax(logits, 1)))，"
        "lt = -mean(diag(log_softmax(logits, 0)))；loss = (li + lt) / 2。",
    ),
}


def log_softmax(S, axis):
    """Log softmax along an axis: S - log sum exp(S) over that axis.

    Input: S, a 2-D array; axis, 0 (columns) or 1 (rows). Output: an array of S's shape.
    Must not overflow for huge entries (e.g. 1000): subtract the maximum along the axis first.

    >>> log_softmax(np.array([[0.0, 0.0], [1.0, 1.0]]), 1).round(6).tolist()
    [[-0.693147, -0.693147], [-0.693147, -0.693147]]
    """
    m = S.max(axis=axis, keepdims=True)
    return S - m - np.log(np.exp(S - m).sum(axis=axis, keepdims=True))


def clip_loss(I, T, scale):
    """CLIP's symmetric contrastive loss on L2-normalised embeddings.

    logits = scale * I_n T_n^T with rows of I and T normalised to unit length; li = mean
    row-wise (image -> text) cross-entropy with the diagonal as labels, lt = the same over
    columns (text -> image), loss = (li + lt) / 2. Input: image embeddings I (n, d), text
    embeddings T (n, d) (row i pairs with row i), scale = 1 / temperature.
    Output: (loss, li, lt, logits) with logits of shape (n, n).

    >>> loss, li, lt, L = clip_loss(np.eye(2), np.eye(2), 1.0)
    >>> round(float(loss), 6), L.tolist()
    (0.313262, [[1.0, 0.0], [0.0, 1.0]])
    """
    In = I / np.linalg.norm(I, axis=1, keepdims=True)
    Tn = T / np.linalg.norm(T, axis=1, keepdims=True)
    logits = scale * In @ Tn.T
    li = -np.mean(np.diag(log_softmax(logits, 1)))  # image -> text (rows)
    lt = -np.mean(np.diag(log_softmax(logits, 0)))  # text -> image (columns)
    return (li + lt) / 2, li, lt, logits


def _ce_loop(L):
    # Mean over rows of -log softmax(L[i])[i], stabilised by the row maximum.
    tot = 0.0
    for i in range(len(L)):
        mx = max(L[i])
        tot += -(L[i][i] - mx) + math.log(sum(math.exp(x - mx) for x in L[i]))
    return tot / len(L)


def _cos_logits(I, T, scale):
    # scale * cos(I_i, T_j) entry by entry.
    nrm = lambda u: math.sqrt(sum(x * x for x in u))
    return np.array([[scale * sum(a * b for a, b in zip(u, w)) / (nrm(u) * nrm(w)) for w in T]
                     for u in I])


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("CLIP symmetric contrastive loss")
    n, d, scale = 8, 16, 1 / 0.07  # temperature 0.07 as in CLIP's initialisation
    T = rng.normal(size=(n, d))
    I = T + 1.5 * rng.normal(size=(n, d))  # paired but noisy image embeddings
    L_ref = _cos_logits(I, T, scale)
    Lt = L_ref.T.tolist()

    with r.case("log_softmax along rows and columns equals its closed form (3 x 4, huge entries)") as c:
        S = rng.normal(size=(3, 4)) * 2
        S[1] += 1000.0
        S[:, 2] -= 1000.0
        for ax in (0, 1):
            M = S if ax == 1 else S.T
            ref = [[x - max(row) - math.log(sum(math.exp(y - max(row)) for y in row))
                    for x in row] for row in M.tolist()]
            ref = np.array(ref) if ax == 1 else np.array(ref).T
            c.close(f.log_softmax(S, ax), ref, rtol=1e-12, atol=1e-12)

    with r.case("logits are scale x cosine similarities") as c:
        c.close(f.clip_loss(I, T, scale)[3], L_ref, rtol=1e-12)

    with r.case("symmetric loss = mean of two independently computed cross-entropies") as c:
        loss, li, lt, _ = f.clip_loss(I, T, scale)
        r.figure("image->text loss, text->image loss", f"{li:.4f}, {lt:.4f}")
        c.close([li, lt], [_ce_loop(L_ref.tolist()), _ce_loop(Lt)], rtol=1e-12)
        c.close(loss, 0.5 * (_ce_loop(L_ref.tolist()) + _ce_loop(Lt)), rtol=1e-12)

    with r.case("the two directions differ (one direction alone is not the CLIP loss)") as c:
        _, li, lt, _ = f.clip_loss(I, T, scale)
        c.true(abs(li - lt) > 1e-3, f"li {li:.4f}, lt {lt:.4f}")

    # Gradient w.r.t. logits: (softmax_rows - Id + softmax_cols - Id) / (2n), from closed forms.
    with r.case("analytic logit gradient equals finite differences") as c:
        E = np.exp(L_ref - L_ref.max())
        P_r, P_c = E / E.sum(1, keepdims=True), E / E.sum(0, keepdims=True)
        G = (P_r - np.eye(n) + P_c - np.eye(n)) / (2 * n)
        loss_of = lambda L: -0.5 * (np.mean(np.diag(f.log_softmax(L, 1)))
                                    + np.mean(np.diag(f.log_softmax(L, 0))))
        eps, fd = 1e-6, np.zeros((n, n))
        for i in range(n):
            for j in range(n):
                Lp, Lm = L_ref.copy(), L_ref.copy()
                Lp[i, j] += eps
                Lm[i, j] -= eps
                fd[i, j] = (loss_of(Lp) - loss_of(Lm)) / (2 * eps)
        c.close(fd, G, rtol=0, atol=1e-8)

    with r.case("loss is invariant to rescaling embeddings (cosine similarity)") as c:
        scales = rng.uniform(0.1, 10, size=(n, 1))
        c.close(f.clip_loss(I * scales, T / scales[::-1], scale)[0], f.clip_loss(I, T, scale)[0],
                rtol=1e-12)

    # Zero-shot: class names -> text embeddings; an image is labelled by the most similar one.
    with r.case("zero-shot argmax equals nearest class embedding (loop)") as c:
        C = rng.normal(size=(5, d))  # 5 class prompts, not normalised
        y = rng.integers(0, 5, size=200)
        imgs = C[y] / np.linalg.norm(C[y], axis=1, keepdims=True) + 0.3 * rng.normal(size=(200, d))
        pred = np.argmax(f.clip_loss(imgs, C, 1.0)[3], axis=1)
        Cn = C / np.linalg.norm(C, axis=1, keepdims=True)
        pred_loop = np.array([max(range(5), key=lambda k: float(np.dot(v, Cn[k]))) for v in imgs])
        c.equal(pred, pred_loop)
        r.figure("zero-shot accuracy on the toy task", np.mean(pred == y))
    return r


if __name__ == "__main__":
    main(run)
