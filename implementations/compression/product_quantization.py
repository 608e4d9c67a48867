"""product-quantization: split vectors into M sub-vectors and k-means each subspace.

Follows Jegou, Douze & Schmid (2011). A D = 16 vector becomes M = 8 codes of 4 bits
(k = 16 centroids per 2-D subspace): 4 bytes instead of 64. Asymmetric distance (ADC):
||x - q(y)||^2 = sum over subspaces of a look-up table built once per query. Checks: ADC
via look-up tables equals the exact distance to the reconstructed vectors; when every
centroid is the mean of its cell ADC underestimates distances on average by exactly the reconstruction MSE
(a consequence of the centroid condition); ADC estimates
distances better than symmetric distance (SDC, both sides quantised); and PQ's ranking
finds the true nearest neighbour among its top 10 for most queries. Encoding is compared
with a brute-force loop over every centroid of every subspace (with a non-uniform M and
sub-dimension), decoding with an explicit concatenation.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["encode", "decode", "adc_distances"]

DOC_ZH = {
    "encode": """乘积量化编码：把 D 维向量切成 M = len(books) 段，每段 d = D / M 维，每段取最近的质心编号。

输入：X (n, D)；books，M 个形状 (k, d) 的码本列表。
输出：整数码 (n, M)。

>>> books = [np.array([[0.0], [1.0]]), np.array([[0.0], [10.0]])]
>>> encode(np.array([[0.9, 2.0], [0.2, 7.0]]), books).tolist()
[[1, 0], [0, 1]]
""",
    "decode": """乘积量化解码：把每段码对应的质心拼接起来。

输入：codes (n, M)；books，M 个形状 (k, d) 的码本。
输出：重建向量 (n, D)。

>>> books = [np.array([[0.0], [1.0]]), np.array([[0.0], [10.0]])]
>>> decode(np.array([[1, 0], [0, 1]]), books).tolist()
[[1.0, 0.0], [0.0, 10.0]]
""",
    "adc_distances": """非对称距离计算（ADC）：查询不量化，数据库向量用码表示；每个查询先为每段建一张
k 项的距离表 ||q_m - c_{m,j}||^2，再对每个数据库向量查 M 次表并求和。

输入：Q (nq, D)，查询；codes (n, M)；books，M 个 (k, d) 码本。
输出：(nq, n) 的平方距离估计。

>>> books = [np.array([[0.0], [1.0]]), np.array([[0.0], [10.0]])]
>>> adc_distances(np.array([[1.0, 1.0]]), np.array([[1, 0], [0, 1]]), books).tolist()
[[1.0, 82.0]]
""",
}

HINTS = {
    "en": (
        "Everything happens subspace by subspace: slice columns m d to (m + 1) d and treat "
        "each slice as its own small quantisation problem.",
        "encode: argmin over the centroids of each slice; decode: hstack the chosen "
        "centroids. ADC: for each query and subspace a table of k squared distances, then "
        "sum table[m, codes[:, m]] over m; it equals the exact distance to decode(codes).",
    ),
    "zh": (
        "一切都按子空间进行：取第 m d 到 (m + 1) d 列，把每一段当成独立的小量化问题。",
        "encode：在每段的质心上取 argmin；decode：把选中的质心 hstack 起来。ADC：对每个查询和子空间"
        "建一张 k 个平方距离的表，再对 m 求和 table[m, codes[:, m]]；它等于到 decode(codes) 的精确距离。",
    ),
}


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
    """Product-quantisation encoding: split each D-vector into M = len(books) slices of
    d = D / M coordinates and give each slice the index of its nearest centroid.

    Input: X (n, D); books, a list of M codebooks of shape (k, d). Output: codes (n, M).

    >>> books = [np.array([[0.0], [1.0]]), np.array([[0.0], [10.0]])]
    >>> encode(np.array([[0.9, 2.0], [0.2, 7.0]]), books).tolist()
    [[1, 0], [0, 1]]
    """
    d = X.shape[1] // len(books)
    return np.stack(
        [
            ((X[:, m * d : (m + 1) * d, None] - C.T[None]) ** 2).sum(1).argmin(1)
            for m, C in enumerate(books)
        ],
        1,
    )


def decode(codes, books):
    """Product-quantisation decoding: concatenate the centroids named by the codes.

    Input: codes (n, M); books, M codebooks of shape (k, d). Output: reconstructions (n, D).

    >>> books = [np.array([[0.0], [1.0]]), np.array([[0.0], [10.0]])]
    >>> decode(np.array([[1, 0], [0, 1]]), books).tolist()
    [[1.0, 0.0], [0.0, 10.0]]
    """
    return np.hstack([C[codes[:, m]] for m, C in enumerate(books)])


def adc_distances(Q, codes, books):
    """Asymmetric distance computation (ADC): queries stay unquantised; for each query build
    one table of k squared distances ||q_m - c_{m,j}||^2 per subspace, then add M table
    look-ups per database vector.

    Input: Q (nq, D), the queries; codes (n, M); books, M codebooks (k, d).
    Output: the (nq, n) squared-distance estimates.

    >>> books = [np.array([[0.0], [1.0]]), np.array([[0.0], [10.0]])]
    >>> adc_distances(np.array([[1.0, 1.0]]), np.array([[1, 0], [0, 1]]), books).tolist()
    [[1.0, 82.0]]
    """
    M = len(books)
    d = Q.shape[1] // M
    tables = np.stack(
        [((Q[:, None, m * d : (m + 1) * d] - books[m][None]) ** 2).sum(-1) for m in range(M)], 1
    )  # (queries, M, k)
    return tables[:, np.arange(M)[None, :], codes].sum(-1)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Product quantization")
    D, M, k = 16, 8, 16
    d = D // M
    basis = rng.normal(size=(D, D)) / np.sqrt(D)
    X = rng.normal(size=(3000, D)) * np.linspace(2, 0.5, D) @ basis  # correlated data
    Q = rng.normal(size=(40, D)) * np.linspace(2, 0.5, D) @ basis
    books = [kmeans(X[:, m * d : (m + 1) * d], k, rng) for m in range(M)]
    codes = np.stack(  # reference codes by brute force, not by the encode under test
        [
            ((X[:, None, m * d : (m + 1) * d] - books[m][None]) ** 2).sum(-1).argmin(1)
            for m in range(M)
        ],
        1,
    )
    # one last centroid step with the codes fixed: every centroid is the mean of its cell
    books = [cell_means(X[:, m * d : (m + 1) * d], codes[:, m], books[m]) for m in range(M)]
    Xr = np.hstack([books[m][codes[:, m]] for m in range(M)])

    with r.case("encoding = brute-force nearest centroid in every subspace") as c:
        ref = np.stack(
            [
                ((X[:200, None, m * d : (m + 1) * d] - books[m][None]) ** 2).sum(-1).argmin(1)
                for m in range(M)
            ],
            1,
        )
        c.equal(np.asarray(f.encode(X[:200], books)), ref)
        Y = rng.normal(size=(50, 12))
        bk = [rng.normal(size=(5, 3)) for _ in range(4)]  # M = 4, d = 3, k = 5
        ref = np.zeros((50, 4), int)
        for i in range(50):
            for m in range(4):
                ds = [np.sum((Y[i, 3 * m : 3 * m + 3] - bk[m][j]) ** 2) for j in range(5)]
                ref[i, m] = int(np.argmin(ds))
        c.equal(np.asarray(f.encode(Y, bk)), ref)
    with r.case("decoding concatenates the chosen centroids") as c:
        cd = rng.integers(0, 5, size=(30, 4))
        ref = np.array([np.concatenate([bk[m][cd[i, m]] for m in range(4)]) for i in range(30)])
        c.close(f.decode(cd, bk), ref, rtol=0)
        c.close(f.decode(codes, books), Xr, rtol=0)

    # ADC: one k x M table per query, then M look-ups per database vector
    exact_to_recon = ((Q[:, None, :] - Xr[None]) ** 2).sum(-1)
    adc = np.zeros_like(exact_to_recon)
    with r.case("ADC look-up sum = exact distance to the reconstructed vectors") as c:
        adc = np.asarray(f.adc_distances(Q, codes, books))
        c.close(adc, exact_to_recon, rtol=1e-10)
        ref = ((Y[:7, None, :] - np.asarray(ref)[None]) ** 2).sum(-1)
        c.close(f.adc_distances(Y[:7], cd, bk), ref, rtol=1e-10)

    # With every centroid the mean of its cell, summing over the database
    # sum ||x - q(y)||^2 - ||x - y||^2 = -sum ||y - q(y)||^2 exactly: ADC underestimates by the MSE.
    true = ((Q[:, None, :] - X[None]) ** 2).sum(-1)
    mse = float(((X - Xr) ** 2).sum(1).mean())
    r.figure("PQ reconstruction MSE per vector", mse)
    with r.case("mean(ADC - true distance) = -reconstruction MSE (centroid property)") as c:
        c.close((adc - true).mean(1), np.full(len(Q), -mse), rtol=1e-8)

    with r.case("ADC estimates distances better than SDC") as c:
        Qr = np.asarray(f.decode(f.encode(Q, books), books))
        sdc = ((Qr[:, None, :] - Xr[None]) ** 2).sum(-1)
        e_adc, e_sdc = np.mean((adc - true) ** 2), np.mean((sdc - true) ** 2)
        r.figure(
            "mean squared distance error: ADC vs SDC",
            (round(float(e_adc), 3), round(float(e_sdc), 3)),
        )
        c.true(e_adc < e_sdc)
    with r.case("true nearest neighbour in PQ's top 10 for >= 80% of queries") as c:
        recall = np.mean([true[i].argmin() in np.argsort(adc[i])[:10] for i in range(len(Q))])
        r.figure("recall@10 of the true nearest neighbour", float(recall))
        c.true(recall >= 0.8)
    r.figure("bytes per vector: float32 vs PQ codes", (4 * D, M * int(np.log2(k)) // 8))
    return r


if __name__ == "__main__":
    main(run)
