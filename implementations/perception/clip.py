"""clip: the symmetric image-text contrastive loss and zero-shot classification.

Follows Radford et al. (2021), Sec. 2.3 and Fig. 3 pseudocode: L2-normalise image and text
embeddings, logits = exp(t) * I T^T, loss = (CE(logits, diag) over rows + CE(logits^T, diag)) / 2
-- both directions, not only image-to-text. Checks: the vectorised loss equals the mean of two
cross-entropies computed separately with explicit loops; the analytic gradient with respect to the
logits against finite differences; invariance to rescaling embeddings; the two directions differ
in general; zero-shot prediction picks the nearest class text embedding.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def l2n(X):
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def log_softmax(S, axis):
    m = S.max(axis=axis, keepdims=True)
    return S - m - np.log(np.exp(S - m).sum(axis=axis, keepdims=True))


def clip_loss(I, T, scale):
    logits = scale * l2n(I) @ l2n(T).T
    li = -np.mean(np.diag(log_softmax(logits, 1)))  # image -> text (rows)
    lt = -np.mean(np.diag(log_softmax(logits, 0)))  # text -> image (columns)
    return (li + lt) / 2, li, lt, logits


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("CLIP symmetric contrastive loss")
    n, d, scale = 8, 16, 1 / 0.07  # temperature 0.07 as in CLIP's initialisation
    T = rng.normal(size=(n, d))
    I = T + 1.5 * rng.normal(size=(n, d))  # paired but noisy image embeddings
    loss, li, lt, logits = clip_loss(I, T, scale)

    def ce_loop(L):  # mean over rows of -log softmax(L[i])[i]
        tot = 0.0
        for i in range(len(L)):
            tot += -L[i, i] + np.log(sum(np.exp(L[i, j]) for j in range(len(L))))
        return tot / len(L)

    ref = 0.5 * (ce_loop(logits) + ce_loop(logits.T))
    r.check_close(
        "symmetric loss = mean of two independently computed cross-entropies", loss, ref, rtol=1e-12
    )
    r.figure("image->text loss, text->image loss", f"{li:.4f}, {lt:.4f}")
    r.check(
        "the two directions differ (one direction alone is not the CLIP loss)", abs(li - lt) > 1e-3
    )

    # Gradient w.r.t. logits: (softmax_rows - Id + softmax_cols - Id) / (2n).
    P_r = np.exp(log_softmax(logits, 1))
    P_c = np.exp(log_softmax(logits, 0))
    G = (P_r - np.eye(n) + P_c - np.eye(n)) / (2 * n)
    f = lambda L: 0.5 * (-np.mean(np.diag(log_softmax(L, 1))) - np.mean(np.diag(log_softmax(L, 0))))
    eps, fd = 1e-6, np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            Lp, Lm = logits.copy(), logits.copy()
            Lp[i, j] += eps
            Lm[i, j] -= eps
            fd[i, j] = (f(Lp) - f(Lm)) / (2 * eps)
    r.check_close("analytic logit gradient equals finite differences", G, fd, rtol=0, atol=1e-8)

    scales = rng.uniform(0.1, 10, size=(n, 1))
    r.check_close(
        "loss is invariant to rescaling embeddings (cosine similarity)",
        clip_loss(I * scales, T, scale)[0],
        loss,
        rtol=1e-12,
    )

    # Zero-shot: class names -> text embeddings; an image is labelled by the most similar one.
    C = l2n(rng.normal(size=(5, d)))  # 5 class prompts
    y = rng.integers(0, 5, size=200)
    imgs = C[y] + 0.3 * rng.normal(size=(200, d))
    pred = np.argmax(l2n(imgs) @ C.T, axis=1)
    pred_loop = np.array(
        [max(range(5), key=lambda c: np.dot(v, C[c]) / np.linalg.norm(v)) for v in imgs]
    )
    r.check(
        "zero-shot argmax equals nearest class embedding (loop)", np.array_equal(pred, pred_loop)
    )
    r.figure("zero-shot accuracy on the toy task", np.mean(pred == y))
    return r


if __name__ == "__main__":
    main(run)
