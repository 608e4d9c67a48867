"""vision-transformer: an image as a sequence of patch tokens (patchify, embed, add positions).

Follows Dosovitskiy et al. (2021), Sec. 3.1: split an H x W x C image into N = HW / P^2 patches,
flatten each to P^2 C numbers, project linearly to D dimensions, prepend a [class] token and add
position embeddings (d2l 11.8). Checks compare with explicit loops on a non-square image: patch k
is the image block (k // (W/P), k % (W/P)) flattened; unpatchify writes each token back into its
block; patchify/unpatchify round trip; the token sequence equals [class; stride-P convolution
computed by explicit sums] + positions; shuffling patches only permutes tokens (so positions must
be supplied).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["patchify", "unpatchify", "vit_tokens"]

DOC_ZH = {
    "patchify": """把 H x W x C 的图像切成 P x P 的块，按行优先顺序排列，每块展平成 P*P*C 个数。

输入：img，形状 (H, W, C)（H、W 被 P 整除）；P，块边长。
输出：形状 (N, P*P*C) 的数组，N = HW / P^2；第 k 行是第 (k // (W/P), k % (W/P)) 块
按（行，列，通道）顺序展平。

>>> patchify(np.arange(8.0).reshape(2, 4, 1), 2).tolist()
[[0.0, 1.0, 4.0, 5.0], [2.0, 3.0, 6.0, 7.0]]
""",
    "unpatchify": """patchify 的逆：把 N 个展平的块放回 H x W x C 的图像。

输入：tokens，形状 (N, P*P*C)；P；H、W、C，图像尺寸。
输出：形状 (H, W, C) 的数组。

>>> unpatchify(np.array([[0.0, 1, 4, 5], [2, 3, 6, 7]]), 2, 2, 4, 1)[:, :, 0].tolist()
[[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0]]
""",
    "vit_tokens": """ViT 的输入序列：[cls; patchify(img) E + b] + pos。

输入：img，形状 (H, W, C)；P；E，形状 (P*P*C, D)；b，形状 (D,)；cls，形状 (1, D)；
pos，形状 (N + 1, D)。
输出：形状 (N + 1, D) 的数组，第 0 行是 cls + pos[0]。

>>> vit_tokens(np.ones((2, 2, 1)), 2, np.ones((4, 1)), np.zeros(1), np.zeros((1, 1)), np.array([[1.0], [0.0]])).tolist()
[[1.0], [4.0]]
""",
}

HINTS = {
    "en": (
        "Split each image axis into (number of patches, position inside the patch), then bring "
        "the two 'which patch' axes to the front.",
        "img.reshape(H/P, P, W/P, P, C).transpose(0, 2, 1, 3, 4).reshape(N, P*P*C); unpatchify "
        "undoes the same steps in reverse; tokens = concatenate([cls, patches @ E + b]) + pos.",
    ),
    "zh": (
        "把图像的每个轴拆成（块的编号，块内位置），再把两个“第几块”的轴移到最前面。",
        "img.reshape(H/P, P, W/P, P, C).transpose(0, 2, 1, 3, 4).reshape(N, P*P*C)；unpatchify "
        "按相反顺序撤销这些步骤；tokens = concatenate([cls, patches @ E + b]) + pos。",
    ),
}


def patchify(img, P):
    """Split an H x W x C image into P x P patches in row-major order, each flattened.

    Input: img (H, W, C) with H and W divisible by P; the patch size P. Output: an array of
    shape (N, P*P*C), N = HW / P^2; row k is block (k // (W/P), k % (W/P)) flattened in
    (row, column, channel) order.

    >>> patchify(np.arange(8.0).reshape(2, 4, 1), 2).tolist()
    [[0.0, 1.0, 4.0, 5.0], [2.0, 3.0, 6.0, 7.0]]
    """
    H, W, C = img.shape
    x = img.reshape(H // P, P, W // P, P, C).transpose(0, 2, 1, 3, 4)  # (nh, nw, P, P, C)
    return x.reshape(-1, P * P * C)  # row-major patch order


def unpatchify(tokens, P, H, W, C):
    """The inverse of patchify: put N flattened patches back into an H x W x C image.

    Input: tokens (N, P*P*C), P, and the image size H, W, C. Output: an array (H, W, C).

    >>> unpatchify(np.array([[0.0, 1, 4, 5], [2, 3, 6, 7]]), 2, 2, 4, 1)[:, :, 0].tolist()
    [[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0]]
    """
    x = tokens.reshape(H // P, W // P, P, P, C).transpose(0, 2, 1, 3, 4)
    return x.reshape(H, W, C)


def vit_tokens(img, P, E, b, cls, pos):
    """The ViT input sequence [cls; patchify(img) E + b] + pos.

    Input: img (H, W, C), P, E (P*P*C, D), b (D,), cls (1, D), pos (N + 1, D).
    Output: an array (N + 1, D) whose row 0 is cls + pos[0].

    >>> vit_tokens(np.ones((2, 2, 1)), 2, np.ones((4, 1)), np.zeros(1), np.zeros((1, 1)), np.array([[1.0], [0.0]])).tolist()
    [[1.0], [4.0]]
    """
    return np.concatenate([cls, patchify(img, P) @ E + b]) + pos


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Vision Transformer patch embedding")
    H, W, C, P, D = 32, 48, 3, 8, 20
    img = rng.normal(size=(H, W, C))
    nh, nw = H // P, W // P
    N = nh * nw
    r.figure("patches N = HW / P^2", N)
    r.figure("patch vector length P^2 C", P * P * C)

    with r.case("patch k is the (k // nw, k % nw) block, flattened (loop)") as c:
        tok = f.patchify(img, P)
        ref = np.array([img[(k // nw) * P : (k // nw + 1) * P, (k % nw) * P : (k % nw + 1) * P].ravel()
                        for k in range(N)])
        c.equal(tok, ref)

    with r.case("unpatchify writes each token back into its block (loop)") as c:
        T = rng.normal(size=(N, P * P * C))
        ref = np.zeros((H, W, C))
        for k in range(N):
            i, j = divmod(k, nw)
            ref[i * P : (i + 1) * P, j * P : (j + 1) * P] = T[k].reshape(P, P, C)
        c.equal(f.unpatchify(T, P, H, W, C), ref)

    with r.case("unpatchify(patchify(x)) == x") as c:
        c.equal(f.unpatchify(f.patchify(img, P), P, H, W, C), img)

    # Linear projection of flattened patches == conv with D filters of size P x P x C, stride P.
    E, b = rng.normal(size=(P * P * C, D)) / np.sqrt(P * P * C), rng.normal(size=D)
    cls, pos = rng.normal(size=(1, D)), rng.normal(size=(N + 1, D)) * 0.02
    with r.case("patch embedding equals a stride-P convolution") as c:
        Wconv = E.reshape(P, P, C, D)  # filter view of the same weights
        conv = np.zeros((nh, nw, D))
        for i in range(nh):
            for j in range(nw):
                block = img[i * P : (i + 1) * P, j * P : (j + 1) * P, :]
                conv[i, j] = np.einsum("pqc,pqcd->d", block, Wconv) + b
        seq = f.vit_tokens(img, P, E, b, cls, pos)
        r.figure("Transformer input shape (N + 1, D)", str(seq.shape))
        c.close(seq, np.concatenate([cls, conv.reshape(N, D)]) + pos, rtol=0, atol=1e-12)
    r.figure("embedding parameters (P^2 C D + D)", E.size + b.size)
    r.figure("tokens for a 224x224 image with P = 16", (224 // 16) ** 2 + 1)

    # Without position embeddings, shuffling patches only shuffles tokens: order must be supplied.
    with r.case("shuffling image patches permutes the patch tokens exactly") as c:
        perm = rng.permutation(N)
        tok = f.patchify(img, P)
        shuffled = f.patchify(f.unpatchify(tok[perm], P, H, W, C), P)
        c.equal(shuffled, tok[perm])
        zero = np.zeros((N + 1, D))
        c.close(f.vit_tokens(f.unpatchify(tok[perm], P, H, W, C), P, E, b, cls, zero)[1:],
                f.vit_tokens(img, P, E, b, cls, zero)[1:][perm], rtol=0, atol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
