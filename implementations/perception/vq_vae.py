"""vq-vae: nearest-codebook quantisation with the straight-through gradient and codebook loss.

Follows van den Oord, Vinyals & Kavukcuoglu (2017), Sec. 3: z_q = e_k with k = argmin_j ||z_e -
e_j||; the decoder gradient dL/dz_q is copied to z_e (straight-through); the loss adds
||sg[z_e] - e||^2 (codebook) + beta ||z_e - sg[e]||^2 (commitment). Checks: vectorised assignment
against a brute-force loop; the quantiser is piecewise constant (its true derivative is zero, hence
the need for straight-through); the straight-through gradient against finite differences of the
decoder loss at z_q; the codebook-loss minimiser equals the mean of assigned encodings (a k-means /
Lloyd step).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def quantise(Ze, E):
    d2 = (Ze**2).sum(1)[:, None] - 2 * Ze @ E.T + (E**2).sum(1)[None, :]
    k = np.argmin(d2, axis=1)
    return E[k], k


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("VQ-VAE quantisation and straight-through gradient")
    n, d, K = 300, 4, 16
    E = rng.normal(size=(K, d))  # codebook
    Ze = rng.normal(size=(n, d)) * 1.2  # encoder outputs
    Zq, k = quantise(Ze, E)
    k_loop = np.array([min(range(K), key=lambda j: np.sum((z - E[j]) ** 2)) for z in Ze])
    r.check("vectorised nearest-code assignment equals brute force", np.array_equal(k, k_loop))
    r.figure("codes used (of 16)", int(len(np.unique(k))))

    # Decoder loss on one vector: L(z_q) = ||A z_q - x||^2.
    A, x = rng.normal(size=(6, d)), rng.normal(size=6)
    loss = lambda z: np.sum((A @ z - x) ** 2)
    z_e = Ze[0]
    z_q = quantise(z_e[None], E)[0][0]
    eps = 1e-6
    fd_true = np.array(
        [
            (
                loss(quantise((z_e + eps * np.eye(d)[i])[None], E)[0][0])
                - loss(quantise((z_e - eps * np.eye(d)[i])[None], E)[0][0])
            )
            / (2 * eps)
            for i in range(d)
        ]
    )
    r.check_close(
        "true derivative through argmin is zero (piecewise constant)",
        fd_true,
        np.zeros(d),
        atol=1e-12,
    )

    # Straight-through: z_q' = z_e + sg(z_q - z_e), so dL/dz_e := dL/dz_q = 2 A^T (A z_q - x).
    st = 2 * A.T @ (A @ z_q - x)
    shift = z_q - z_e  # held constant: the stop-gradient
    fd_st = np.array(
        [
            (loss(z_e + eps * np.eye(d)[i] + shift) - loss(z_e - eps * np.eye(d)[i] + shift))
            / (2 * eps)
            for i in range(d)
        ]
    )
    r.check_close(
        "straight-through gradient equals finite differences at z_q", st, fd_st, rtol=1e-6
    )

    # Codebook loss sum ||sg[z_e] - e_k||^2: gradient descent on E moves each code to the mean
    # of the encodings assigned to it.
    E2 = E.copy()
    for _ in range(500):
        grad = np.zeros_like(E2)
        np.add.at(grad, k, 2 * (E2[k] - Ze))
        E2 -= 0.002 * grad
    used = np.unique(k)
    means = np.array([Ze[k == j].mean(0) for j in used])
    r.check_close(
        "codebook-loss minimiser = mean of assigned encodings (Lloyd step)",
        E2[used],
        means,
        rtol=0,
        atol=1e-6,
    )
    beta = 0.25
    commit = beta * np.mean(np.sum((Ze - Zq) ** 2, 1))
    r.figure(
        "commitment loss (beta = 0.25) before / after the codebook update",
        f"{commit:.4f} / {beta * np.mean(np.sum((Ze - E2[k]) ** 2, 1)):.4f}",
    )
    r.figure("bits per code index", np.log2(K))
    return r


if __name__ == "__main__":
    main(run)
