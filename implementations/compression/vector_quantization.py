"""vector-quantization: quantise blocks of numbers jointly with a codebook (k-means / LBG).

Follows Lloyd's algorithm in vector form (the generalised Lloyd / k-means iteration) as in
Cover & Thomas ch 10 and Murphy PML1 ch 21. Data: 2-D Gaussian with correlation 0.9.
Checks: the distortion never increases across iterations; at convergence every codeword
is the centroid of its cell and every point is assigned to its nearest codeword; a 16-word
VQ (4 bits per pair) beats the best product of two 2-bit scalar Lloyd-Max quantisers on
correlated data; and 1-D k-means with k = 2 on N(0, 1) data recovers Max's +-0.798 levels.
The nearest-codeword assignment and its squared distances are compared with a brute-force
loop over all codewords; centroids with per-cell means; the last recorded distortion with
the brute-force distortion of the returned codebook.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["assign", "kmeans"]

DOC_ZH = {
    "assign": """最近码字分配：每个点归入平方欧氏距离最小的码字。

输入：X，形状 (n, d) 的点；C，形状 (k, d) 的码本。
输出：(idx，长度 n 的整数数组，最近码字的下标；d，长度 n 的数组，到该码字的平方距离)。

>>> idx, d = assign(np.array([[0.0, 0.0], [3.0, 1.0]]), np.array([[1.0, 0.0], [3.0, 3.0]]))
>>> idx.tolist(), d.tolist()
([0, 1], [1.0, 4.0])
""",
    "kmeans": """广义 Lloyd（k-means / LBG）迭代：交替执行最近邻分配和质心更新，直到分配不再变化。

输入：X，形状 (n, d)；k，码字数；rng，numpy Generator，初始码本取
X[rng.choice(len(X), k, replace=False)]；iters，最多迭代次数。空单元保持原码字。
输出：(C，形状 (k, d) 的码本，hist，每次分配后的平均失真 mean ||x - c||^2 列表)。

>>> C, h = kmeans(np.array([[0.0], [1.0], [10.0], [11.0]]), 2, np.random.default_rng(0))
>>> sorted(C.ravel().tolist()), h[-1]
([0.5, 10.5], 0.25)
""",
}

HINTS = {
    "en": (
        "Alternate the two optimality conditions of a quantiser: nearest codeword for fixed "
        "codewords, centroid for fixed cells.",
        "Squared distances for all pairs at once: |x|^2 - 2 x.c + |c|^2; argmin over the "
        "codewords. Update each codeword to the mean of its points (np.bincount with weights), "
        "keep an empty cell's codeword, and stop when the assignment repeats.",
    ),
    "zh": (
        "交替执行量化器的两个最优条件：码字固定时取最近码字，单元固定时取质心。",
        "一次算出所有平方距离：|x|^2 - 2 x.c + |c|^2，对码字取 argmin。每个码字更新为其点的均值"
        "（用带权重的 np.bincount），空单元保留原码字，分配重复时停止。",
    ),
}


def assign(X, C):
    """Nearest-codeword assignment: each point goes to the codeword at the smallest squared
    Euclidean distance.

    Input: X, points of shape (n, d); C, a codebook of shape (k, d). Output: (idx, n
    integer indices of the nearest codewords; d, the n squared distances to them).

    >>> idx, d = assign(np.array([[0.0, 0.0], [3.0, 1.0]]), np.array([[1.0, 0.0], [3.0, 3.0]]))
    >>> idx.tolist(), d.tolist()
    ([0, 1], [1.0, 4.0])
    """
    d = (X**2).sum(1)[:, None] - 2 * X @ C.T + (C**2).sum(1)[None, :]
    idx = d.argmin(1)
    return idx, ((X - C[idx]) ** 2).sum(1)


def kmeans(X, k, rng, iters=300):
    """Generalised Lloyd (k-means / LBG) iteration: alternate nearest-neighbour assignment
    and centroid update until the assignment stops changing.

    Input: X of shape (n, d); k, the number of codewords; rng, a numpy Generator, the
    initial codebook being X[rng.choice(len(X), k, replace=False)]; iters, the maximum
    number of iterations. An empty cell keeps its codeword.
    Output: (C, the (k, d) codebook; hist, the mean distortion mean ||x - c||^2 after each
    assignment).

    >>> C, h = kmeans(np.array([[0.0], [1.0], [10.0], [11.0]]), 2, np.random.default_rng(0))
    >>> sorted(C.ravel().tolist()), h[-1]
    ([0.5, 10.5], 0.25)
    """
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


def _brute(X, C):
    """Brute force: loop over every codeword, keep the nearest (first on ties)."""
    best = np.full(len(X), np.inf)
    arg = np.zeros(len(X), int)
    for j, c in enumerate(C):
        dj = ((X - c) ** 2).sum(1)
        better = dj < best
        best[better], arg[better] = dj[better], j
    return arg, best


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Vector quantization (k-means / LBG)")
    with r.case("assignment = brute-force nearest codeword (3-D, 7 codewords)") as c:
        Y = rng.normal(size=(400, 3)) * [1.0, 2.0, 0.5] - [0.5, 0.0, 1.0]
        Cb = rng.normal(size=(7, 3))
        idx, dist = f.assign(Y, Cb)
        bi, bd = _brute(Y, Cb)
        c.equal(np.asarray(idx), bi)
        c.close(dist, bd, rtol=1e-9, atol=1e-12)
    cov = np.array([[1.0, 0.9], [0.9, 1.0]])
    X = rng.multivariate_normal([0, 0], cov, 5000)
    C, hist = np.zeros((16, 2)), [np.nan]
    with r.case("distortion is non-increasing across iterations") as c:
        C, hist = f.kmeans(X, 16, rng)
        C = np.asarray(C)
        r.figure("distortion per dimension, first/last iteration", (hist[0] / 2, hist[-1] / 2))
        c.true(len(hist) > 2 and max(np.diff(hist)) <= 1e-12 and hist[0] > 1.5 * hist[-1])
    bi, bd = _brute(X, C)
    with r.case("nearest-neighbour condition (brute force on 300 points)") as c:
        c.close(hist[-1], bd.mean(), rtol=1e-9)  # the last distortion is the codebook's own
        idx, d = f.assign(X[:300], C)
        c.close(d, bd[:300], rtol=1e-9, atol=1e-12)
    with r.case("centroid condition at convergence") as c:
        cents = np.array(
            [X[bi == j].mean(0) if np.any(bi == j) else np.full(2, np.nan) for j in range(16)]
        )
        c.close(C, cents, rtol=1e-9, atol=1e-12)
    with r.case("one iteration from the documented start = one brute-force Lloyd step") as c:
        C0 = X[np.random.default_rng(5).choice(len(X), 16, replace=False)]
        bi0, bd0 = _brute(X, C0)
        ref = np.array([X[bi0 == j].mean(0) for j in range(16)])
        C1, h1 = f.kmeans(X, 16, np.random.default_rng(5), iters=1)
        c.close(C1, ref, rtol=1e-9)
        c.close(h1, [bd0.mean()], rtol=1e-9)
        c.true(
            len(hist) < 300 and bool(np.all(np.diff(hist) < 0)),
            "stops once an assignment repeats: no flat tail in the history",
        )
    with r.case("an empty cell keeps its codeword") as c:
        # duplicated points: two initial codewords coincide, and on the tie the later one
        # gets no point at all
        Z = np.r_[np.zeros((20, 2)), np.full((20, 2), 6.0), [[6.0, 7.0]]]
        for seed in range(4):
            Ce, he = f.kmeans(Z, 3, np.random.default_rng(seed))
            Ce = np.asarray(Ce)
            c.true(bool(np.all(np.isfinite(Ce))), f"seed {seed}: no nan codeword")
            bi2, bd2 = _brute(Z, Ce)
            c.close(he[-1], bd2.mean(), rtol=1e-9)
            for j in range(3):
                if np.any(bi2 == j):
                    c.close(Ce[j], Z[bi2 == j].mean(0), rtol=1e-9, atol=1e-12)

    # (scalar_lloyd returns the sorted samples and their reconstructions: MSE is order-free)
    d_sq = sum(
        float(np.mean((xs - rec) ** 2))
        for _, xs, rec in (scalar_lloyd(X[:, j], 4) for j in range(2))
    )
    r.figure(
        "MSE per pair: VQ 16 words vs 2 x 2-bit scalar Lloyd-Max",
        (round(hist[-1], 4), round(d_sq, 4)),
    )
    with r.case("VQ beats scalar quantisation at the same 4 bits per pair") as c:
        c.true(bd.mean() < 0.8 * d_sq and len(C) == 16, f"{bd.mean():.4f} < 0.8 x {d_sq:.4f}")

    g = rng.normal(0, 1, 50_000)
    g = np.concatenate([g, -g])[:, None]  # symmetrised sample
    c1 = np.zeros(2)
    with r.case("1-D k-means, k=2, on N(0,1): levels +-sqrt(2/pi)") as c:
        c1, h1 = f.kmeans(g, 2, rng)
        c1 = np.sort(np.asarray(c1).ravel())
        c.close(c1, [-np.sqrt(2 / np.pi), np.sqrt(2 / np.pi)], atol=0.01)
    with r.case("and MSE 1 - 2/pi (Max 1960)") as c:
        c.close(np.mean(np.min((g - c1[None, :]) ** 2, axis=1)), 1 - 2 / np.pi, rtol=0.025)
        c.close(h1[-1], 1 - 2 / np.pi, rtol=0.025)
    return r


if __name__ == "__main__":
    main(run)
