"""vector-quantization: quantise blocks of numbers jointly with a codebook (k-means / LBG).

Follows Lloyd's algorithm in vector form (the generalised Lloyd / k-means iteration) as in
Cover & Thomas ch 10 and Murphy PML1 ch 21. Data: 2-D Gaussian with correlation 0.9.
Checks: the distortion never increases across iterations; at convergence every codeword
is the centroid of its cell and every point is assigned to its nearest codeword; a 16-word
VQ (4 bits per pair) beats the best product of two 2-bit scalar Lloyd-Max quantisers on
correlated data; and 1-D k-means with k = 2 on N(0, 1) data recovers Max's +-0.798 levels.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def assign(X, C):
    d = (X**2).sum(1)[:, None] - 2 * X @ C.T + (C**2).sum(1)[None, :]
    idx = d.argmin(1)
    return idx, ((X - C[idx]) ** 2).sum(1)


def kmeans(X, k, rng, iters=300):
    C = X[rng.choice(len(X), k, replace=False)].copy()
    hist, prev = [], None
    for _ in range(iters):
        idx, d = assign(X, C)
        hist.append(float(d.mean()))
        if prev is not None and np.array_equal(idx, prev):
            break  # assignments stable: a fixed point
        prev = idx
        n = np.bincount(idx, minlength=k)
        sums = np.stack(
            [np.bincount(idx, weights=X[:, j], minlength=k) for j in range(X.shape[1])], 1
        )
        C[n > 0] = (
            sums[n > 0] / n[n > 0, None]
        )  # centroid condition (empty cells keep old codeword)
    return C, hist


def scalar_lloyd(x, levels, iters=60):
    x = np.sort(x)
    c = np.quantile(x, (np.arange(levels) + 0.5) / levels)
    for _ in range(iters):
        idx = np.searchsorted((c[:-1] + c[1:]) / 2, x)
        c = np.bincount(idx, weights=x, minlength=levels) / np.bincount(idx, minlength=levels)
    return c, x, c[np.searchsorted((c[:-1] + c[1:]) / 2, x)]


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Vector quantization (k-means / LBG)")
    cov = np.array([[1.0, 0.9], [0.9, 1.0]])
    X = rng.multivariate_normal([0, 0], cov, 5000)
    C, hist = kmeans(X, 16, rng)
    r.figure("distortion per dimension, first/last iteration", (hist[0] / 2, hist[-1] / 2))
    r.check("distortion is non-increasing across iterations", max(np.diff(hist)) <= 1e-12)
    idx, d = assign(X, C)
    brute = np.array([min(((x - c) ** 2).sum() for c in C) for x in X[:300]])
    r.check_close(
        "nearest-neighbour condition (brute force on 300 points)", d[:300], brute, rtol=1e-12
    )
    cents = np.array([X[idx == j].mean(0) for j in range(16)])
    r.check_close("centroid condition at convergence", C, cents, rtol=1e-12, atol=1e-12)

    # (scalar_lloyd returns the sorted samples and their reconstructions: MSE is order-free)
    d_sq = sum(
        float(np.mean((xs - rec) ** 2))
        for _, xs, rec in (scalar_lloyd(X[:, j], 4) for j in range(2))
    )
    r.figure(
        "MSE per pair: VQ 16 words vs 2 x 2-bit scalar Lloyd-Max",
        (round(hist[-1], 4), round(d_sq, 4)),
    )
    r.check(
        "VQ beats scalar quantisation at the same 4 bits per pair",
        hist[-1] < 0.8 * d_sq,
        f"{hist[-1]:.4f} < 0.8 x {d_sq:.4f}",
    )

    g = rng.normal(0, 1, 100_000)
    g = np.concatenate([g, -g])  # symmetrised sample
    c1, gs, rec = scalar_lloyd(g, 2)  # k-means in one dimension
    r.check_close(
        "1-D k-means, k=2, on N(0,1): levels +-sqrt(2/pi)",
        c1,
        [-np.sqrt(2 / np.pi), np.sqrt(2 / np.pi)],
        atol=0.01,
    )
    r.check_close(
        "and MSE 1 - 2/pi (Max 1960)", np.mean((gs - rec) ** 2), 1 - 2 / np.pi, rtol=0.025
    )
    return r


if __name__ == "__main__":
    main(run)
