"""vq-vae: nearest-codebook quantisation with the straight-through gradient and codebook loss.

Follows van den Oord, Vinyals & Kavukcuoglu (2017), Sec. 3: z_q = e_k with k = argmin_j ||z_e -
e_j||; the decoder gradient dL/dz_q is copied to z_e (straight-through); the loss adds
||sg[z_e] - e||^2 (codebook) + beta ||z_e - sg[e]||^2 (commitment). Checks compare the vectorised
assignment with a brute-force loop (also far from the origin, codes of unequal norms); the
quantiser is piecewise constant (its true derivative is zero, hence the need for straight-through);
the codebook-loss gradient against a per-code loop (several encodings sharing a code, unused codes
getting zero) and central finite differences; descent on it moves each used code to the mean of its
assigned encodings (a k-means / Lloyd step).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["quantise", "codebook_grad"]

DOC_ZH = {
    "quantise": """最近码字量化：k_i = argmin_j ||z_i - e_j||^2，z_q[i] = E[k_i]。

输入：Ze，编码器输出，形状 (n, d)；E，码本，形状 (K, d)。
输出：(Zq, k)：Zq 形状 (n, d)，k 为长度 n 的整数数组。

>>> Zq, k = quantise(np.array([[0.9, 0.0], [-2.0, 0.1]]), np.array([[0.0, 0.0], [1.0, 0.0], [-2.0, 0.0]]))
>>> Zq.tolist(), k.tolist()
([[1.0, 0.0], [-2.0, 0.0]], [1, 2])
""",
    "codebook_grad": """码本损失 Σ_i ||sg[z_i] - e_{k_i}||^2 对码本 E 的梯度：
grad[j] = 2 Σ_{i: k_i = j} (E[j] - z_i)；没有被分配到的码字梯度为 0。

输入：E，形状 (K, d)；Ze，形状 (n, d)；k，每个 z_i 分配到的码字下标（长度 n，可重复）。
输出：形状 (K, d) 的数组。

>>> codebook_grad(np.zeros((2, 1)), np.array([[1.0], [3.0]]), np.array([0, 0])).tolist()
[[-8.0], [0.0]]
""",
}

HINTS = {
    "en": (
        "Quantising is a nearest-neighbour search over the codebook; the codebook loss pulls each "
        "code towards the encodings that chose it.",
        "Squared distances ||z||^2 - 2 z.e + ||e||^2 for all pairs, argmin over codes. For the "
        "gradient, accumulate 2 (E[k_i] - z_i) into row k_i; use np.add.at, since a code can "
        "be chosen many times (E[k] += ... would keep only one).",
    ),
    "zh": (
        "量化就是在码本里找最近邻；码本损失把每个码字拉向选了它的那些编码。",
        "对所有配对算 ||z||^2 - 2 z.e + ||e||^2，对码字取 argmin。梯度：把 2 (E[k_i] - z_i) "
        "累加到第 k_i 行；用 np.add.at，因为一个码字可能被选多次（E[k] += ... 只会保留一次）。",
    ),
}


def quantise(Ze, E):
    """Nearest-code quantisation: k_i = argmin_j ||z_i - e_j||^2 and z_q[i] = E[k_i].

    Input: encoder outputs Ze (n, d), codebook E (K, d). Output: (Zq, k): Zq of shape (n, d)
    and k an integer array of length n.

    >>> Zq, k = quantise(np.array([[0.9, 0.0], [-2.0, 0.1]]), np.array([[0.0, 0.0], [1.0, 0.0], [-2.0, 0.0]]))
    >>> Zq.tolist(), k.tolist()
    ([[1.0, 0.0], [-2.0, 0.0]], [1, 2])
    """
    d2 = (Ze**2).sum(1)[:, None] - 2 * Ze @ E.T + (E**2).sum(1)[None, :]
    k = np.argmin(d2, axis=1)
    return E[k], k


def codebook_grad(E, Ze, k):
    """Gradient of the codebook loss sum_i ||sg[z_i] - e_{k_i}||^2 with respect to E.

    grad[j] = 2 sum_{i: k_i = j} (E[j] - z_i); codes nobody chose get 0. Input: E (K, d),
    Ze (n, d), k the code index of every z_i (length n, with repeats). Output: (K, d).

    >>> codebook_grad(np.zeros((2, 1)), np.array([[1.0], [3.0]]), np.array([0, 0])).tolist()
    [[-8.0], [0.0]]
    """
    grad = np.zeros_like(E)
    np.add.at(grad, k, 2 * (E[k] - Ze))
    return grad


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("VQ-VAE quantisation and straight-through gradient")
    n, d, K = 300, 4, 16
    E = rng.normal(size=(K, d)) * rng.uniform(0.3, 3.0, size=(K, 1))  # codes of unequal norms
    Ze = rng.normal(size=(n, d)) * 1.2  # encoder outputs
    k_loop = np.array([min(range(K), key=lambda j: np.sum((z - E[j]) ** 2)) for z in Ze])

    with r.case("vectorised nearest-code assignment equals brute force") as c:
        Zq, k = f.quantise(Ze, E)
        r.figure("codes used (of 16)", int(len(np.unique(k))))
        c.equal(np.asarray(k), k_loop)
        c.equal(Zq, E[k_loop])

    with r.case("assignment is right far from the origin (the ||e||^2 term matters)") as c:
        Zf = Ze[:40] + np.array([5.0, -3.0, 0.0, 2.0])
        Ef = E + np.array([5.0, -3.0, 0.0, 2.0])
        k_far = np.array([min(range(K), key=lambda j: np.sum((z - Ef[j]) ** 2)) for z in Zf])
        c.equal(np.asarray(f.quantise(Zf, Ef)[1]), k_far)

    # Decoder loss on one vector: L(z_q) = ||A z_q - x||^2 is flat in z_e almost everywhere.
    with r.case("true derivative through argmin is zero (piecewise constant)") as c:
        A, x = rng.normal(size=(6, d)), rng.normal(size=6)
        loss = lambda z: np.sum((A @ z - x) ** 2)
        z_e, eps = Ze[0], 1e-6
        fd_true = [(loss(f.quantise((z_e + eps * np.eye(d)[i])[None], E)[0][0])
                    - loss(f.quantise((z_e - eps * np.eye(d)[i])[None], E)[0][0])) / (2 * eps)
                   for i in range(d)]
        c.close(fd_true, np.zeros(d), atol=1e-12)
        c.close(f.quantise(z_e[None], E)[0][0], E[k_loop[0]], rtol=0, atol=0)
    # Straight-through: z_q' = z_e + sg(z_q - z_e), so dL/dz_e := dL/dz_q = 2 A^T (A z_q - x).
    r.figure("straight-through gradient at z_e[0]", np.round(2 * A.T @ (A @ E[k_loop[0]] - x), 3).tolist())

    with r.case("codebook gradient equals a per-code loop (shared and unused codes)") as c:
        kk = np.r_[k_loop[:30], [3, 3, 3]]  # code 3 chosen repeatedly
        Zs = Ze[: len(kk)]
        ref = np.zeros((K, d))
        for j in range(K):
            for i in range(len(kk)):
                if kk[i] == j:
                    ref[j] += 2 * (E[j] - Zs[i])
        c.close(f.codebook_grad(E, Zs, kk), ref, rtol=0, atol=1e-12)

    with r.case("codebook gradient equals central finite differences of the loss") as c:
        cb = lambda Em: np.sum((Ze - Em[k_loop]) ** 2)
        G = f.codebook_grad(E, Ze, k_loop)
        unused = int(np.setdiff1d(np.arange(K), k_loop)[0])  # a code nobody chose
        for idx in [(int(k_loop[0]), 1), (int(k_loop[5]), 3), (unused, 0)]:
            Ep, Em = E.copy(), E.copy()
            Ep[idx] += 1e-5
            Em[idx] -= 1e-5
            c.close(G[idx], (cb(Ep) - cb(Em)) / 2e-5, rtol=1e-6, atol=1e-6)

    # Codebook loss sum ||sg[z_e] - e_k||^2: gradient descent on E moves each code to the mean
    # of the encodings assigned to it.
    with r.case("codebook-loss minimiser = mean of assigned encodings (Lloyd step)") as c:
        E2 = E.copy()
        for _ in range(2000):  # step 0.005: stable for codes chosen up to 100 times
            E2 = E2 - 0.005 * f.codebook_grad(E2, Ze, k_loop)
        used = np.unique(k_loop)
        means = np.array([Ze[k_loop == j].mean(0) for j in used])
        c.close(E2[used], means, rtol=0, atol=1e-6)
        unused = np.setdiff1d(np.arange(K), used)
        c.close(E2[unused], E[unused], rtol=0, atol=0)
    beta = 0.25
    r.figure(
        "commitment loss (beta = 0.25) before / after the codebook update",
        f"{beta * np.mean(np.sum((Ze - E[k_loop]) ** 2, 1)):.4f} / "
        f"{beta * np.mean(np.sum((Ze - E2[k_loop]) ** 2, 1)):.4f}",
    )
    r.figure("bits per code index", np.log2(K))
    return r


if __name__ == "__main__":
    main(run)
