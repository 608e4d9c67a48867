"""llm-pruning: one-shot 50% pruning of a linear layer: magnitude, Wanda, SparseGPT-style.

Follows Sun et al. (2023, Wanda): score |W_ij| * ||X_j||_2, compared per output row; and
Frantar & Alistarh (2023, SparseGPT): keep a mask and re-fit the remaining weights so that the
layer output W X is reconstructed (SparseGPT approximates this with sequential OBS updates).
Calibration inputs carry a few large-magnitude feature dimensions, as observed in LLMs.
Checks: with decorrelated inputs Wanda's ranking equals the OBS saliency ranking; sequential OBS
removals equal an exact least-squares re-fit (numpy.linalg.lstsq); output error ordering
magnitude > Wanda > Wanda + re-fit.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def prune_rows(W, score, frac=0.5):
    """Zero the lowest-scoring frac of weights in every output row."""
    k = int(W.shape[1] * frac)
    drop = np.argsort(score, axis=1)[:, :k]
    M = np.ones_like(W, dtype=bool)
    np.put_along_axis(M, drop, False, axis=1)
    return M


def refit(W, M, H):
    """Per row: weights on the kept inputs minimising ||(w - w') X||^2, via H = X X^T."""
    Wn = np.zeros_like(W)
    for i in range(W.shape[0]):
        S = M[i]
        Wn[i, S] = np.linalg.solve(H[np.ix_(S, S)], H[S] @ W[i])  # normal equations
    return Wn


def run() -> Report:
    rng = np.random.default_rng(0)
    R = Report("LLM pruning: magnitude vs Wanda vs SparseGPT-style re-fit")
    d_in, d_out, n = 64, 32, 512
    X = rng.normal(size=(d_in, n))
    X[[3, 17, 40, 51]] *= 15.0  # a few large-magnitude input features
    X[1:] += 0.5 * X[:-1]  # correlated features
    W = rng.normal(size=(d_out, d_in))
    out_err = lambda Wp: float(np.linalg.norm((W - Wp) @ X) ** 2 / np.linalg.norm(W @ X) ** 2)

    M_mag = prune_rows(W, np.abs(W))
    M_wanda = prune_rows(W, np.abs(W) * np.linalg.norm(X, axis=1))
    e_mag, e_wanda = out_err(W * M_mag), out_err(W * M_wanda)
    H = X @ X.T
    e_sgpt = out_err(refit(W, M_wanda, H))
    R.figure(
        "relative output error: magnitude, Wanda, Wanda mask + re-fit", [e_mag, e_wanda, e_sgpt]
    )
    R.check(
        "Wanda beats magnitude pruning when inputs have outlier features",
        e_wanda < 0.5 * e_mag,
        f"{e_wanda:.3f} vs {e_mag:.3f}",
    )
    R.check(
        "re-fitting the kept weights (SparseGPT idea) beats Wanda's no-update pruning",
        e_sgpt < 0.8 * e_wanda,
        f"{e_sgpt:.3f} vs {e_wanda:.3f}",
    )

    # Wanda = OBS saliency when the Hessian X X^T is diagonal (decorrelated inputs):
    # [H^-1]_jj = 1/||x_j||^2, so w^2/(2[H^-1]_jj) = (|w| ||x_j||)^2 / 2.
    Q = np.linalg.qr(rng.normal(size=(n, d_in)))[0].T * rng.uniform(0.5, 10, (d_in, 1))
    Hinv = np.linalg.inv(Q @ Q.T)
    sal = W**2 / (2 * np.diag(Hinv))
    same = np.array_equal(prune_rows(W, sal), prune_rows(W, np.abs(W) * np.linalg.norm(Q, axis=1)))
    R.check("with decorrelated inputs Wanda's mask equals the OBS-saliency mask", same)

    # Sequential OBS removals (what SparseGPT approximates) = exact least-squares re-fit.
    w, alive = W[0].copy(), list(range(d_in))
    for j in np.flatnonzero(~M_wanda[0]):
        Hi = np.linalg.inv(H[np.ix_(alive, alive)])
        p = alive.index(j)
        w[alive] -= (w[j] / Hi[p, p]) * Hi[:, p]  # OBS update, drives w_j to 0
        alive.pop(p)
    S = M_wanda[0]
    w_ls = np.zeros(d_in)
    w_ls[S] = np.linalg.lstsq(X[S].T, X.T @ W[0], rcond=None)[0]
    R.check_close(
        "sequential OBS pruning of row 0 = lstsq re-fit on the kept weights", w, w_ls, atol=1e-8
    )
    R.check_close(
        "normal-equation re-fit of row 0 = the same lstsq solution",
        refit(W[:1], M_wanda[:1], H)[0],
        w_ls,
        atol=1e-8,
    )

    # Why the outliers matter: how many of the 4 outlier inputs keep their weights?
    kept = lambda M: float(M[:, [3, 17, 40, 51]].mean())
    R.figure(
        "fraction of weights on outlier inputs kept: magnitude, Wanda", [kept(M_mag), kept(M_wanda)]
    )
    return R


if __name__ == "__main__":
    main(run)
