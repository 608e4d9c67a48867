"""product-quantization: split vectors into M sub-vectors and k-means each subspace.

Follows Jegou, Douze & Schmid (2011). A D = 16 vector becomes M = 8 codes of 4 bits
(k = 16 centroids per 2-D subspace): 4 bytes instead of 64. Asymmetric distance (ADC):
||x - q(y)||^2 = sum over subspaces of a look-up table built once per query. Checks: ADC
via look-up tables equals the exact distance to the reconstructed vectors; when every
centroid is the mean of its cell ADC underestimates distances on average by exactly the reconstruction MSE
(a consequence of the centroid condition); ADC estimates
distances better than symmetric distance (SDC, both sides quantised); and PQ's ranking
finds the true nearest neighbour among its top 10 for most queries.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def kmeans(X, k, rng, iters=20):
    C = X[rng.choice(len(X), k, replace=False)].copy()
    for _ in range(iters):
        idx = ((X**2).sum(1)[:, None] - 2 * X @ C.T + (C**2).sum(1)).argmin(1)
        C = cell_means(X, idx, C)
    return C


def cell_means(X, idx, C):
    n = np.bincount(idx, minlength=len(C))
    sums = np.stack(
        [np.bincount(idx, weights=X[:, j], minlength=len(C)) for j in range(X.shape[1])], 1
    )
    C = C.copy()
    C[n > 0] = sums[n > 0] / n[n > 0, None]  # empty cells keep their old centroid
    return C


def encode(X, books):
    d = X.shape[1] // len(books)
    return np.stack(
        [
            ((X[:, m * d : (m + 1) * d, None] - C.T[None]) ** 2).sum(1).argmin(1)
            for m, C in enumerate(books)
        ],
        1,
    )


def decode(codes, books):
    return np.hstack([C[codes[:, m]] for m, C in enumerate(books)])


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Product quantization")
    D, M, k = 16, 8, 16
    d = D // M
    basis = rng.normal(size=(D, D)) / np.sqrt(D)
    X = rng.normal(size=(3000, D)) * np.linspace(2, 0.5, D) @ basis  # correlated data
    Q = rng.normal(size=(40, D)) * np.linspace(2, 0.5, D) @ basis
    books = [kmeans(X[:, m * d : (m + 1) * d], k, rng) for m in range(M)]
    codes = encode(X, books)
    # one last centroid step with the codes fixed: every centroid is the mean of its cell
    books = [cell_means(X[:, m * d : (m + 1) * d], codes[:, m], books[m]) for m in range(M)]
    Xr = decode(codes, books)

    # ADC: one k x M table per query, then M look-ups per database vector
    tables = np.stack(
        [((Q[:, None, m * d : (m + 1) * d] - books[m][None]) ** 2).sum(-1) for m in range(M)], 1
    )
    adc = tables[:, np.arange(M)[None, :], codes].sum(-1)  # (queries, database)
    exact_to_recon = ((Q[:, None, :] - Xr[None]) ** 2).sum(-1)
    r.check_close(
        "ADC look-up sum = exact distance to the reconstructed vectors",
        adc,
        exact_to_recon,
        rtol=1e-10,
    )

    # With every centroid the mean of its cell, summing over the database
    # sum ||x - q(y)||^2 - ||x - y||^2 = -sum ||y - q(y)||^2 exactly: ADC underestimates by the MSE.
    true = ((Q[:, None, :] - X[None]) ** 2).sum(-1)
    mse = float(((X - Xr) ** 2).sum(1).mean())
    r.figure("PQ reconstruction MSE per vector", mse)
    r.check_close(
        "mean(ADC - true distance) = -reconstruction MSE (centroid property)",
        (adc - true).mean(1),
        np.full(len(Q), -mse),
        rtol=1e-8,
    )

    sdc = ((decode(encode(Q, books), books)[:, None, :] - Xr[None]) ** 2).sum(-1)
    e_adc, e_sdc = np.mean((adc - true) ** 2), np.mean((sdc - true) ** 2)
    r.figure(
        "mean squared distance error: ADC vs SDC", (round(float(e_adc), 3), round(float(e_sdc), 3))
    )
    r.check("ADC estimates distances better than SDC", e_adc < e_sdc)
    recall = np.mean([true[i].argmin() in np.argsort(adc[i])[:10] for i in range(len(Q))])
    r.figure("recall@10 of the true nearest neighbour", float(recall))
    r.check("true nearest neighbour in PQ's top 10 for >= 80% of queries", recall >= 0.8)
    r.figure("bytes per vector: float32 vs PQ codes", (4 * D, M * int(np.log2(k)) // 8))
    return r


if __name__ == "__main__":
    main(run)
