"""vision-transformer: an image as a sequence of patch tokens (patchify, embed, add positions).

Follows Dosovitskiy et al. (2021), Sec. 3.1: split an H x W x C image into N = HW / P^2 patches,
flatten each to P^2 C numbers, project linearly to D dimensions, prepend a [class] token and add
position embeddings (d2l 11.8). Checks: patchify/unpatchify round trip; patch k is the image block
(k // (W/P), k % (W/P)) found by an explicit loop; the patch embedding equals a convolution with
kernel = stride = P computed by explicit sums; shuffling patches only permutes tokens (so
positions must be supplied).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def patchify(img, P):
    H, W, C = img.shape
    x = img.reshape(H // P, P, W // P, P, C).transpose(0, 2, 1, 3, 4)  # (nh, nw, P, P, C)
    return x.reshape(-1, P * P * C)  # row-major patch order


def unpatchify(tokens, P, H, W, C):
    x = tokens.reshape(H // P, W // P, P, P, C).transpose(0, 2, 1, 3, 4)
    return x.reshape(H, W, C)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Vision Transformer patch embedding")
    H, W, C, P, D = 32, 48, 3, 8, 20
    img = rng.normal(size=(H, W, C))
    tok = patchify(img, P)
    N = (H // P) * (W // P)
    r.figure("patches N = HW / P^2", N)
    r.figure("patch vector length P^2 C", tok.shape[1])
    r.check_close("unpatchify(patchify(x)) == x", unpatchify(tok, P, H, W, C), img, rtol=0, atol=0)

    nw = W // P
    loop_ok = all(
        np.array_equal(
            tok[k], img[(k // nw) * P : (k // nw + 1) * P, (k % nw) * P : (k % nw + 1) * P].ravel()
        )
        for k in range(N)
    )
    r.check("patch k is the (k // nw, k % nw) block, flattened (loop)", loop_ok)

    # Linear projection of flattened patches == conv with D filters of size P x P x C, stride P.
    E, b = rng.normal(size=(P * P * C, D)) / np.sqrt(P * P * C), rng.normal(size=D)
    emb = tok @ E + b
    Wconv = E.reshape(P, P, C, D)  # filter view of the same weights
    conv = np.zeros((H // P, W // P, D))
    for i in range(H // P):
        for j in range(W // P):
            block = img[i * P : (i + 1) * P, j * P : (j + 1) * P, :]
            conv[i, j] = np.einsum("pqc,pqcd->d", block, Wconv) + b
    r.check_close(
        "patch embedding equals a stride-P convolution", emb, conv.reshape(N, D), rtol=0, atol=1e-12
    )

    # Sequence fed to the Transformer: [class] token + N patch tokens, plus learned positions.
    cls, pos = rng.normal(size=(1, D)), rng.normal(size=(N + 1, D)) * 0.02
    seq = np.concatenate([cls, emb]) + pos
    r.figure("Transformer input shape (N + 1, D)", str(seq.shape))
    r.figure("embedding parameters (P^2 C D + D)", E.size + b.size)
    r.figure("tokens for a 224x224 image with P = 16", (224 // 16) ** 2 + 1)
    # Without position embeddings, shuffling patches only shuffles tokens: order must be supplied.
    perm = rng.permutation(N)
    shuffled = patchify(unpatchify(tok[perm], P, H, W, C), P) @ E + b
    r.check_close(
        "shuffling image patches permutes the patch tokens exactly",
        shuffled,
        emb[perm],
        rtol=0,
        atol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
