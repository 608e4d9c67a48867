"""dictionary-learning-ksvd: learn an overcomplete dictionary by alternating sparse coding with
rank-1 SVD updates of one atom at a time (K-SVD).

Follows Aharon, Elad & Bruckstein (2006): minimise ||Y - D X||_F^2 subject to at most s
nonzeros per column of X; the sparse-coding stage uses a pursuit (here orthogonal matching
pursuit) and the dictionary stage updates atom k together with the coefficients that use it,
from the best rank-1 approximation of the residual restricted to those signals. Checks: the
atom update is optimal for its subproblem (its error equals the Eckart-Young error from
numpy's singular values, and no random unit atom with refitted coefficients does better); it
keeps the support and a unit-norm atom; the objective never increases over full K-SVD sweeps;
and K-SVD recovers most atoms of a planted random dictionary from noisy 2-sparse signals, far
better than the random initial dictionary.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["ksvd_atom_update", "ksvd"]

DOC_ZH = {
    "ksvd_atom_update": """K-SVD 的单原子更新：只看用到原子 k 的信号（X[k] 非零的列），对去掉原子 k 贡献后的残差
E_R = Y_R - D X_R + d_k x_k^R 求最佳秩 1 近似 u s v^T，令 d_k = u、X[k, R] = s v。

输入：Y，(n, N) 信号；D，(n, K) 列为单位范数；X，(K, N) 稀疏系数；k，原子下标。
输出：(D_new, X_new)（副本），只改动第 k 列原子和第 k 行里原本非零的系数；若没有信号用到原子 k，原样返回。

>>> Y = np.array([[3.0, 0.0], [4.0, 0.0]]); D = np.eye(2); X = np.array([[1.0, 0.0], [0.0, 0.0]])
>>> Dn, Xn = ksvd_atom_update(Y, D, X, 0)
>>> np.round(np.abs(Dn[:, 0]), 6).tolist(), np.round(np.abs(Xn[0]), 6).tolist()
([0.6, 0.8], [5.0, 0.0])
""",
    "ksvd": """完整的 K-SVD：重复 iters 轮，每轮先用 omp(D, Y, s) 对所有信号做稀疏编码，再依次对 k = 0..K-1 调用 ksvd_atom_update。

输入：Y，(n, N)；D0，(n, K) 初始字典（单位范数列）；s，每个信号的非零个数；iters，轮数；omp，稀疏编码函数。
输出：(D, X, errors)：最终字典、系数，以及每轮更新后的 ||Y - D X||_F^2 列表。

>>> Y = np.array([[1.0, 2.0], [0.0, 0.0]])
>>> D, X, errs = ksvd(Y, np.eye(2), 1, 2, omp)
>>> round(errs[-1], 6)
0.0
""",
}

HINTS = {
    "en": (
        "Freeze every atom but one. Which signals use that atom, and what is left of them once "
        "the other atoms' contributions are subtracted?",
        "E_R = Y[:, R] - D X[:, R] + outer(d_k, X[k, R]) for R = {j : X[k, j] != 0}; with E_R = U S V^T "
        "set d_k = U[:, 0] and X[k, R] = S[0] V[0]. Restricting to R keeps the sparsity pattern; "
        "the rank-1 SVD is the exact minimiser of ||E_R - d x^T||_F (Eckart-Young).",
    ),
    "zh": (
        "冻结除一个原子外的所有原子。哪些信号用到了这个原子？减去其他原子的贡献后，它们还剩下什么？",
        "E_R = Y[:, R] - D X[:, R] + outer(d_k, X[k, R])，R = {j : X[k, j] ≠ 0}；若 E_R = U S V^T，"
        "则令 d_k = U[:, 0]，X[k, R] = S[0] V[0]。限制在 R 上能保持稀疏模式；秩 1 SVD 正是 "
        "||E_R - d x^T||_F 的精确最小解（Eckart-Young）。",
    ),
}


def omp(D, Y, s):
    """Orthogonal matching pursuit for all columns of Y at once: s atoms, least-squares refit."""
    K, N = D.shape[1], Y.shape[1]
    idx = np.zeros((N, 0), dtype=int)
    res = Y.copy()
    cols = np.arange(N)
    for _ in range(s):
        corr = np.abs(D.T @ res)
        corr[idx.T, cols] = -1.0  # never pick an atom twice
        idx = np.column_stack([idx, corr.argmax(0)])
        A = D[:, idx].transpose(1, 0, 2)  # (N, n, t): the chosen atoms of each signal
        G = A.transpose(0, 2, 1) @ A
        coef = np.linalg.solve(G, (A.transpose(0, 2, 1) @ Y.T[:, :, None]))[:, :, 0]
        res = Y - np.einsum("jnt,jt->nj", A, coef)
    X = np.zeros((K, N))
    X[idx.T, cols] = coef.T
    return X


def ksvd_atom_update(Y, D, X, k):
    """K-SVD update of atom k: on the signals that use it (columns where X[k] != 0), take the
    residual without atom k, E_R = Y_R - D X_R + d_k x_k^R, and its best rank-1 approximation
    u s v^T; set d_k = u and X[k, R] = s v.

    Input: Y (n, N) signals; D (n, K) unit-norm columns; X (K, N) sparse codes; k the atom.
    Output: (D_new, X_new) copies; only atom k and the nonzero entries of row k change; if no
    signal uses atom k they are returned unchanged.

    >>> Y = np.array([[3.0, 0.0], [4.0, 0.0]]); D = np.eye(2); X = np.array([[1.0, 0.0], [0.0, 0.0]])
    >>> Dn, Xn = ksvd_atom_update(Y, D, X, 0)
    >>> np.round(np.abs(Dn[:, 0]), 6).tolist(), np.round(np.abs(Xn[0]), 6).tolist()
    ([0.6, 0.8], [5.0, 0.0])
    """
    D, X = D.copy(), X.copy()
    R = np.flatnonzero(X[k])
    if R.size == 0:
        return D, X
    E = Y[:, R] - D @ X[:, R] + np.outer(D[:, k], X[k, R])
    if not np.all(np.isfinite(E)):
        raise ValueError("non-finite residual")  # LAPACK's SVD may not return on NaN input
    U, S, Vt = np.linalg.svd(E, full_matrices=False)
    D[:, k] = U[:, 0]
    X[k, R] = S[0] * Vt[0]
    return D, X


def ksvd(Y, D0, s, iters, omp):
    """Full K-SVD: for iters sweeps, sparse-code every signal with omp(D, Y, s), then update
    atoms k = 0..K-1 in turn with ksvd_atom_update.

    Input: Y (n, N); D0 (n, K) initial unit-norm dictionary; s nonzeros per signal; iters
    sweeps; omp the sparse coder. Output: (D, X, errors), the final dictionary and codes and
    the list of ||Y - D X||_F^2 after each sweep's dictionary update.

    >>> Y = np.array([[1.0, 2.0], [0.0, 0.0]])
    >>> D, X, errs = ksvd(Y, np.eye(2), 1, 2, omp)
    >>> round(errs[-1], 6)
    0.0
    """
    D = D0.copy()
    errors = []
    for _ in range(iters):
        X = omp(D, Y, s)
        for k in range(D.shape[1]):
            D, X = ksvd_atom_update(Y, D, X, k)
        errors.append(float(np.sum((Y - D @ X) ** 2)))
    return D, X, errors


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("K-SVD dictionary learning")
    n, K, N, s = 10, 16, 800, 2
    D_true = rng.normal(size=(n, K))
    D_true /= np.linalg.norm(D_true, axis=0)
    X_true = np.zeros((K, N))
    for j in range(N):
        X_true[rng.choice(K, s, replace=False), j] = rng.normal(size=s) * 2 + np.sign(
            rng.normal(size=s)
        )
    Y = D_true @ X_true + 0.01 * rng.normal(size=(n, N))

    D0 = rng.normal(size=(n, K))
    D0 /= np.linalg.norm(D0, axis=0)
    X0 = omp(D0, Y, s)
    k = int(np.argmax((X0 != 0).sum(1)))
    R = np.flatnonzero(X0[k])
    E = Y[:, R] - D0 @ X0[:, R] + np.outer(D0[:, k], X0[k, R])
    sv = np.linalg.svd(E, compute_uv=False)

    with r.case("atom update reaches the Eckart-Young error of the restricted residual") as c:
        D1, X1 = f.ksvd_atom_update(Y, D0, X0, k)
        E1 = Y[:, R] - D1 @ X1[:, R]
        c.close(np.sum(E1**2), np.sum(sv[1:] ** 2), rtol=1e-9)
    with r.case("... and beats any other unit atom with least-squares coefficients") as c:
        best = np.sum(E1**2)
        for _ in range(200):
            d = E @ rng.normal(size=R.size) + 0.3 * rng.normal(size=n)
            d /= np.linalg.norm(d)
            x = d @ E  # the optimal coefficients for a fixed unit atom
            c.true(np.sum((E - np.outer(d, x)) ** 2) >= best - 1e-9)
    with r.case("update keeps the support, a unit-norm atom, and the other atoms") as c:
        c.equal(X1 != 0, X0 != 0)
        c.close(np.linalg.norm(D1[:, k]), 1.0, rtol=1e-12)
        c.close(np.delete(D1, k, 1), np.delete(D0, k, 1))
        c.close(np.delete(X1, k, 0), np.delete(X0, k, 0))
    with r.case("an unused atom is left unchanged") as c:
        Xz = X0.copy()
        Xz[k] = 0
        D2, X2 = f.ksvd_atom_update(Y, D0, Xz, k)
        c.close(D2, D0)
        c.close(X2, Xz)
    with r.case("total error does not increase when atoms are updated in turn") as c:
        D, X = D0.copy(), X0.copy()
        errs = [np.sum((Y - D @ X) ** 2)]
        for kk in range(K):
            D, X = f.ksvd_atom_update(Y, D, X, kk)
            errs.append(np.sum((Y - D @ X) ** 2))
        c.true(
            all(b <= a + 1e-9 for a, b in zip(errs, errs[1:])), f"{errs[0]:.4g} -> {errs[-1]:.4g}"
        )
        c.true(errs[-1] < 0.9 * errs[0], "and it decreases")

    # OMP is greedy, so a sweep's sparse-coding stage may raise the error slightly; the
    # dictionary stage never does (checked above), and the trend is strongly downwards.
    with r.case("full K-SVD: the error falls by more than 5x over 20 sweeps") as c:
        D, X, errs = f.ksvd(Y, D0, s, 20, omp)
        r.figure("||Y - DX||^2 after sweeps 1, 5, 20", [round(errs[i], 3) for i in (0, 4, 19)])
        c.true(len(errs) == 20 and errs[-1] < errs[0] / 5, f"{errs[0]:.4g} -> {errs[-1]:.4g}")
        c.close(errs[-1], np.sum((Y - D @ X) ** 2), rtol=1e-9)
    with r.case("K-SVD recovers most planted atoms (|cos| > 0.99), unlike the initial guess") as c:
        match = np.abs(D_true.T @ D).max(1)
        match0 = np.abs(D_true.T @ D0).max(1)
        r.figure(
            "planted atoms recovered: K-SVD | initial",
            [int(np.sum(match > 0.99)), int(np.sum(match0 > 0.99))],
        )
        c.true(np.sum(match > 0.99) >= 0.7 * K, f"{np.sum(match > 0.99)} of {K}")
        c.true(np.sum(match0 > 0.99) == 0)
    return r


if __name__ == "__main__":
    main(run)
