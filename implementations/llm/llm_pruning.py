"""llm-pruning: one-shot 50% pruning of a linear layer: magnitude, Wanda, SparseGPT-style.

Follows Sun et al. (2023, Wanda): score |W_ij| * ||X_j||_2, compared per output row; and
Frantar & Alistarh (2023, SparseGPT): keep a mask and re-fit the remaining weights so that the
layer output W X is reconstructed (SparseGPT approximates this with sequential OBS updates).
Calibration inputs carry a few large-magnitude feature dimensions, as observed in LLMs.
Checks: Wanda scores entry by entry; row-wise masks against a sort of every row; the re-fit
against numpy.linalg.lstsq; with decorrelated inputs Wanda's mask equals the OBS saliency
mask; sequential OBS removals equal the re-fit; output error ordering magnitude > Wanda >
Wanda + re-fit.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["wanda_score", "prune_rows", "refit"]

DOC_ZH = {
    "wanda_score": """Wanda 剪枝分数（Sun 等人 2023）：S_ij = |W_ij| * ||X_j||_2，X_j 为第 j 个输入特征在校准样本上的取值。

输入：W (d_out, d_in)；X (d_in, n) 校准输入（每行一个特征）。
输出：与 W 同形的分数数组。

>>> wanda_score(np.array([[1.0, -2.0]]), np.array([[3.0, 4.0], [0.0, 1.0]])).tolist()
[[5.0, 2.0]]
""",
    "prune_rows": """逐输出行剪枝：每一行去掉分数最低的 floor(frac * d_in) 个权重。

输入：W (d_out, d_in)；score，同形分数；frac，每行剪掉的比例。
输出：布尔掩码 M（True 表示保留），与 W 同形。

>>> prune_rows(np.ones((1, 4)), np.array([[3.0, 1.0, 4.0, 2.0]])).tolist()
[[True, False, True, False]]
""",
    "refit": """SparseGPT 的思路：固定掩码，逐行重新拟合保留的权重，使 ||(w - w') X||^2 最小（w' 只在保留位置非零）。

输入：W (d_out, d_in)；M，布尔掩码；H = X X^T (d_in, d_in)。
输出：新的权重矩阵，被剪位置为 0；保留位置解正规方程 H_SS w'_S = H_S: w。

>>> refit(np.array([[1.0, 1.0]]), np.array([[True, False]]), np.array([[1.0, 0.5], [0.5, 1.0]])).tolist()
[[1.5, 0.0]]
""",
}

HINTS = {
    "en": (
        "A weight matters through what it contributes to the layer's output, so both the "
        "weight and the size of the input it multiplies count; after pruning, the survivors "
        "can compensate.",
        "Wanda: score |W_ij| ||X_j||, drop the lowest floor(frac d_in) per row (argsort). "
        "Re-fit: per row, solve H[S,S] w'_S = H[S,:] w with H = X X^T, S the kept inputs.",
    ),
    "zh": (
        "权重的重要性在于它对层输出的贡献，因此权重本身和它所乘输入的大小都要算上；剪枝后，留下的权重可以补偿。",
        "Wanda：分数 |W_ij| ||X_j||，每行去掉最低的 floor(frac d_in) 个（argsort）。重新拟合：逐行解 "
        "H[S,S] w'_S = H[S,:] w，H = X X^T，S 为保留的输入。",
    ),
}


def wanda_score(W, X):
    """Wanda's pruning score (Sun et al. 2023): S_ij = |W_ij| * ||X_j||_2, X_j the values of
    input feature j over the calibration samples.

    Input: W (d_out, d_in); X (d_in, n) calibration inputs, one feature per row. Output: an
    array of scores shaped like W.

    >>> wanda_score(np.array([[1.0, -2.0]]), np.array([[3.0, 4.0], [0.0, 1.0]])).tolist()
    [[5.0, 2.0]]
    """
    return np.abs(W) * np.linalg.norm(X, axis=1)


def prune_rows(W, score, frac=0.5):
    """Per output row, prune the floor(frac * d_in) lowest-scoring weights.

    Input: W (d_out, d_in); score, same shape; frac, the share pruned in each row.
    Output: a boolean mask M (True = kept) shaped like W.

    >>> prune_rows(np.ones((1, 4)), np.array([[3.0, 1.0, 4.0, 2.0]])).tolist()
    [[True, False, True, False]]
    """
    k = int(W.shape[1] * frac)
    drop = np.argsort(score, axis=1)[:, :k]
    M = np.ones_like(W, dtype=bool)
    np.put_along_axis(M, drop, False, axis=1)
    return M


def refit(W, M, H):
    """SparseGPT's idea: keep the mask and re-fit each row's kept weights to minimise
    ||(w - w') X||^2 (w' zero where pruned).

    Input: W (d_out, d_in); M, a boolean mask; H = X X^T (d_in, d_in). Output: the new weight
    matrix, 0 where pruned, the normal equations H_SS w'_S = H_S: w solved on the kept set.

    >>> refit(np.array([[1.0, 1.0]]), np.array([[True, False]]), np.array([[1.0, 0.5], [0.5, 1.0]])).tolist()
    [[1.5, 0.0]]
    """
    Wn = np.zeros_like(W)
    for i in range(W.shape[0]):
        S = M[i]
        Wn[i, S] = np.linalg.solve(H[np.ix_(S, S)], H[S] @ W[i])  # normal equations
    return Wn


def mask_loops(score, frac):
    """Brute force: in each row, the indices of the k smallest scores are dropped."""
    M = np.ones(score.shape, bool)
    k = int(score.shape[1] * frac)
    for i, row in enumerate(score):
        for j in sorted(range(len(row)), key=lambda j: row[j])[:k]:
            M[i, j] = False
    return M


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("LLM pruning: magnitude vs Wanda vs SparseGPT-style re-fit")
    d_in, d_out, n = 64, 32, 512
    X = rng.normal(size=(d_in, n))
    X[[3, 17, 40, 51]] *= 15.0  # a few large-magnitude input features
    X[1:] += 0.5 * X[:-1]  # correlated features
    W = rng.normal(size=(d_out, d_in))
    H = X @ X.T
    out_err = lambda Wp: float(np.linalg.norm((W - Wp) @ X) ** 2 / np.linalg.norm(W @ X) ** 2)

    with R.case("Wanda score = |W_ij| * ||X_j||_2, entry by entry") as c:
        want = np.array(
            [[abs(W[i, j]) * np.sqrt(sum(X[j] ** 2)) for j in range(d_in)] for i in range(d_out)]
        )
        c.close(f.wanda_score(W, X), want, rtol=1e-12)
    with R.case("row-wise masks equal a sort in every row (frac 0.5, 0.25, 0.3)") as c:
        S = rng.normal(size=(7, 10))
        for frac in (0.5, 0.25, 0.3):
            M = np.asarray(f.prune_rows(S, S, frac))
            c.equal(M, mask_loops(S, frac))
        c.equal(np.asarray(f.prune_rows(W, np.abs(W))), mask_loops(np.abs(W), 0.5))
        c.equal(np.asarray(f.prune_rows(S, S)).sum(1), np.full(7, 5))  # default frac 0.5
    with R.case("re-fit equals numpy.linalg.lstsq on the kept inputs, row by row") as c:
        M = mask_loops(rng.normal(size=(d_out, d_in)), 0.5)
        Wr = np.asarray(f.refit(W, M, H))
        want = np.zeros_like(W)
        for i in range(d_out):
            want[i, M[i]] = np.linalg.lstsq(X[M[i]].T, X.T @ W[i], rcond=None)[0]
        c.close(Wr, want, atol=1e-8)
        c.true(bool(np.all(Wr[~M] == 0)), "pruned weights are 0")

    with R.case("Wanda beats magnitude pruning when inputs have outlier features") as c:
        M_mag = f.prune_rows(W, np.abs(W))
        M_wanda = np.asarray(f.prune_rows(W, f.wanda_score(W, X)))
        e_mag, e_wanda = out_err(W * M_mag), out_err(W * M_wanda)
        c.true(e_wanda < 0.5 * e_mag, f"{e_wanda:.3f} vs {e_mag:.3f}")
    with R.case(
        "re-fitting the kept weights (SparseGPT idea) beats Wanda's no-update pruning"
    ) as c:
        e_sgpt = out_err(f.refit(W, M_wanda, H))
        R.figure(
            "relative output error: magnitude, Wanda, Wanda mask + re-fit", [e_mag, e_wanda, e_sgpt]
        )
        c.true(e_sgpt < 0.8 * e_wanda, f"{e_sgpt:.3f} vs {e_wanda:.3f}")

    # Wanda = OBS saliency when the Hessian X X^T is diagonal (decorrelated inputs):
    # [H^-1]_jj = 1/||x_j||^2, so w^2/(2[H^-1]_jj) = (|w| ||x_j||)^2 / 2.
    with R.case("with decorrelated inputs Wanda's mask equals the OBS-saliency mask") as c:
        Q = np.linalg.qr(rng.normal(size=(n, d_in)))[0].T * rng.uniform(0.5, 10, (d_in, 1))
        Hinv = np.linalg.inv(Q @ Q.T)
        sal = W**2 / (2 * np.diag(Hinv))
        c.equal(np.asarray(f.prune_rows(W, f.wanda_score(W, Q))), mask_loops(sal, 0.5))

    # Sequential OBS removals (what SparseGPT approximates) = exact least-squares re-fit.
    Mw = mask_loops(np.abs(W) * np.linalg.norm(X, axis=1), 0.5)
    w, alive = W[0].copy(), list(range(d_in))
    for j in np.flatnonzero(~Mw[0]):
        Hi = np.linalg.inv(H[np.ix_(alive, alive)])
        p = alive.index(j)
        w[alive] -= (w[j] / Hi[p, p]) * Hi[:, p]  # OBS update, drives w_j to 0
        alive.pop(p)
    with R.case("sequential OBS pruning of row 0 = the normal-equation re-fit") as c:
        c.close(f.refit(W[:1], Mw[:1], H)[0], w, atol=1e-8)

    # Why the outliers matter: how many of the 4 outlier inputs keep their weights?
    kept = lambda M: float(M[:, [3, 17, 40, 51]].mean())
    R.figure(
        "fraction of weights on outlier inputs kept: magnitude, Wanda",
        [kept(mask_loops(np.abs(W), 0.5)), kept(Mw)],
    )
    return R


if __name__ == "__main__":
    main(run)
