"""sparse-representations: describe a signal with a few atoms of a basis or dictionary.

Follows Foucart & Rauhut ch 1 (sparsity, compressibility, best s-term approximation).
Checks: in an orthonormal basis (DCT-II from scipy.fft) the best k-term approximation keeps
the k largest coefficients, confirmed by brute force over all C(12, 3) supports; its error
is the norm of the discarded coefficients (Parseval); for coefficients decaying like
j^(-alpha) the best k-term error decays like k^(1/2 - alpha) (log-log slope); and the
coherence of the spike + DCT dictionary respects the Welch lower bound and equals the largest
DCT entry; on random dictionaries with unnormalised columns the coherence equals a loop over
all column pairs. The best k-term approximation also keeps a batch of negative coefficients
and zeros correctly.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.fft import dct

from implementations._common import Report, main, solution

EXERCISE = ["best_k_term", "coherence"]

DOC_ZH = {
    "best_k_term": """最佳 k 项逼近：保留绝对值最大的 k 个系数，其余置零。

输入：c，一维系数数组；k，保留的项数。
输出：与 c 同形状的数组。

>>> best_k_term(np.array([0.5, -3.0, 1.0, 2.0]), 2).tolist()
[0.0, -3.0, 0.0, 2.0]
""",
    "coherence": """字典的互相干性 mu(D) = max_{i != j} |<d_i, d_j>| / (||d_i|| ||d_j||)（先把各列归一化）。

输入：D，形状 (n, m) 的字典，列为原子。
输出：一个 float。

>>> round(coherence(np.array([[1.0, 1.0], [0.0, 1.0]])), 6)
0.707107
""",
}

HINTS = {
    "en": (
        "In an orthonormal basis the error of dropping coefficients is the norm of what you "
        "drop, so keep the biggest ones.",
        "Sort |c| and keep the top k (np.argsort, reversed). Coherence: normalise the columns, "
        "take the Gram matrix D^T D, ignore its diagonal and take the largest absolute value.",
    ),
    "zh": (
        "在标准正交基中，丢掉系数的误差就是丢掉部分的范数，所以保留最大的那些。",
        "对 |c| 排序并保留前 k 个（np.argsort 后反转）。相干性：先把各列归一化，求 Gram 矩阵 D^T D，"
        "忽略对角线，取绝对值的最大值。",
    ),
}


def best_k_term(c: np.ndarray, k: int) -> np.ndarray:
    """Best k-term approximation: keep the k coefficients of largest magnitude, zero the rest.

    Input: c, a 1-D coefficient array; k. Output: an array of c's shape.

    >>> best_k_term(np.array([0.5, -3.0, 1.0, 2.0]), 2).tolist()
    [0.0, -3.0, 0.0, 2.0]
    """
    keep = np.argsort(np.abs(c))[::-1][:k]
    out = np.zeros_like(c)
    out[keep] = c[keep]
    return out


def coherence(D: np.ndarray) -> float:
    """Mutual coherence mu(D) = max_{i != j} |<d_i, d_j>| / (||d_i|| ||d_j||) of a
    dictionary (columns normalised first).

    Input: D, an (n, m) dictionary with atoms as columns. Output: a float.

    >>> round(coherence(np.array([[1.0, 1.0], [0.0, 1.0]])), 6)
    0.707107
    """
    Dn = D / np.linalg.norm(D, axis=0)
    G = np.abs(Dn.T @ Dn) - np.eye(D.shape[1])
    return float(G.max())


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Sparse representations")
    n, k = 12, 3
    Psi = dct(np.eye(n), norm="ortho", axis=0).T  # columns: orthonormal DCT atoms
    x = rng.normal(size=n)
    c = Psi.T @ x  # analysis coefficients
    brute = min(
        np.linalg.norm(x - Psi[:, S] @ np.linalg.lstsq(Psi[:, S], x, rcond=None)[0])
        for S in map(list, itertools.combinations(range(n), k))
    )
    ck, err = np.zeros(n), np.nan
    with r.case("keeping the k largest coefficients = brute-force best k-term error") as c_:
        ck = np.asarray(f.best_k_term(c, k))
        err = np.linalg.norm(x - Psi @ ck)
        c_.equal(int(np.count_nonzero(ck)), k)
        c_.close(err, brute, rtol=1e-10)
    with r.case("error = norm of discarded coefficients (Parseval)") as c_:
        c_.close(err, np.linalg.norm(c - ck), rtol=1e-10)
        c_.true(bool(np.all((ck == 0) | (ck == c))), "kept coefficients are unchanged")
    with r.case("best k-term keeps the largest magnitudes, negatives included") as c_:
        v = np.array([-5.0, 0.0, 1.0, -2.0, 4.0, 0.0, -0.5])
        c_.equal(np.asarray(f.best_k_term(v, 3)), [-5.0, 0.0, 0.0, -2.0, 4.0, 0.0, 0.0])
        c_.equal(np.asarray(f.best_k_term(v, 0)), np.zeros(7))
        c_.equal(np.asarray(f.best_k_term(v, 7)), v)

    # compressible signal: sorted coefficients decay like j^-alpha
    N, alpha = 4096, 1.5
    coef = rng.permutation(np.arange(1, N + 1) ** -alpha * rng.choice([-1, 1], N))
    ks = np.array([8, 16, 32, 64, 128, 256])
    with r.case("error decays like k^(1/2 - alpha)") as c_:
        errs = [np.linalg.norm(coef - f.best_k_term(coef, kk)) for kk in ks]
        slope = np.polyfit(np.log(ks), np.log(errs), 1)[0]
        r.figure("best k-term error for k = 8..256", np.round(errs, 5).tolist())
        c_.close(slope, 0.5 - alpha, atol=0.05)
        srt = np.sort(np.abs(coef))[::-1]
        c_.close(errs[0], np.linalg.norm(srt[8:]), rtol=1e-10)

    # mutual coherence of the overcomplete dictionary [identity, DCT]
    D = np.hstack([np.eye(64), dct(np.eye(64), norm="ortho", axis=0).T])
    welch = np.sqrt((128 - 64) / (64 * (128 - 1)))
    mu = 0.0
    with r.case("coherence >= Welch bound sqrt((m-n) / (n(m-1)))") as c_:
        mu = f.coherence(D)
        r.figure(
            "coherence of [I, DCT] (n = 64) and the Welch bound",
            (round(float(mu), 4), round(float(welch), 4)),
        )
        c_.true(welch <= mu < 1)
    with r.case("coherence equals the largest DCT entry, sqrt(2/n) cos(pi/(2n))") as c_:
        c_.close(mu, np.sqrt(2 / 64) * np.cos(np.pi / 128), rtol=1e-12)
    with r.case("coherence of random unnormalised dictionaries equals a pairwise loop") as c_:
        for _ in range(5):
            Dr = rng.normal(size=(6, 9)) * rng.uniform(0.2, 5, size=9)
            ref = max(
                abs(Dr[:, i] @ Dr[:, j]) / np.linalg.norm(Dr[:, i]) / np.linalg.norm(Dr[:, j])
                for i in range(9)
                for j in range(9)
                if i != j
            )
            c_.close(f.coherence(Dr), ref, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
