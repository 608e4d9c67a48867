"""transform-coding: decorrelate with an orthogonal transform, then quantise coefficients.

Follows Goyal (2001, 'Theoretical foundations of transform coding') and Strang (1999) on
the DCT. Source: blocks of 8 samples of an AR(1) process, correlation 0.95. The KLT
diagonalises the covariance (eigenvectors, numpy.linalg.eigh); the DCT-II comes from
scipy.fft. Checks: the DCT matrix is orthonormal; KLT coefficients are uncorrelated; the
KLT packs at least as much energy as the DCT into the first k coefficients and the DCT is
within 1% of it; the high-rate coding gain AM/GM of coefficient variances is largest for
the KLT; and PCA by SVD of sample blocks recovers the KLT basis. The DCT matrix equals
scipy.fft.dct of the identity and the closed form sqrt(2/N) cos(pi (2n+1) k / 2N); the KLT
basis diagonalises the covariance with variances in decreasing order equal to
numpy.linalg.eigvalsh; the coding gain equals AM/GM from scipy.stats.gmean.
"""

from __future__ import annotations

import numpy as np
from scipy.fft import dct
from scipy.stats import gmean

from implementations._common import Report, main, solution

EXERCISE = ["dct_matrix", "klt", "coding_gain"]

DOC_ZH = {
    "dct_matrix": """N 点正交 DCT-II 矩阵：第 k 行为 c_k cos(pi (2n+1) k / (2N))，n = 0..N-1，
c_0 = sqrt(1/N)，其余 c_k = sqrt(2/N)。

输入：N。
输出：形状 (N, N) 的正交矩阵，行是基向量。

>>> np.round(dct_matrix(2), 6).tolist()
[[0.707107, 0.707107], [0.707107, -0.707107]]
""",
    "klt": """Karhunen-Loeve 变换：协方差矩阵 C 的特征向量，按特征值（系数方差）从大到小排列成列。

输入：C，对称半正定矩阵 (N, N)。
输出：(lam，递减的特征值数组，U，列为对应特征向量的 (N, N) 正交矩阵)。

>>> lam, U = klt(np.array([[1.0, 0.0], [0.0, 3.0]]))
>>> lam.tolist(), np.abs(U).tolist()
([3.0, 1.0], [[0.0, 1.0], [1.0, 0.0]])
""",
    "coding_gain": """高码率下的变换编码增益：系数方差的算术平均 / 几何平均（AM/GM）。

输入：var，正的系数方差数组。
输出：一个 float（>= 1，方差全相等时为 1）。

>>> round(coding_gain(np.array([4.0, 1.0])), 6)
1.25
""",
}

HINTS = {
    "en": (
        "A good transform concentrates the variance in few coefficients; the KLT does it "
        "optimally for a known covariance, the DCT nearly so for smooth signals.",
        "KLT: np.linalg.eigh(C) returns ascending eigenvalues, so reverse both. DCT-II: "
        "entry (k, n) = c_k cos(pi (2n + 1) k / (2N)) with c_0 = sqrt(1/N), c_k = sqrt(2/N). "
        "Coding gain: mean(var) / exp(mean(log var)).",
    ),
    "zh": (
        "好的变换把方差集中到少数系数上；对已知协方差，KLT 是最优的，对平滑信号 DCT 接近最优。",
        "KLT：np.linalg.eigh(C) 给出递增的特征值，所以两者都要反转。DCT-II：第 (k, n) 项为 "
        "c_k cos(pi (2n + 1) k / (2N))，c_0 = sqrt(1/N)，c_k = sqrt(2/N)。编码增益：mean(var) / exp(mean(log var))。",
    ),
}


def dct_matrix(N: int) -> np.ndarray:
    """Orthonormal N-point DCT-II matrix: row k is c_k cos(pi (2n+1) k / (2N)) for
    n = 0..N-1, with c_0 = sqrt(1/N) and c_k = sqrt(2/N) otherwise.

    Input: N. Output: an (N, N) orthogonal matrix whose rows are the basis vectors.

    >>> np.round(dct_matrix(2), 6).tolist()
    [[0.707107, 0.707107], [0.707107, -0.707107]]
    """
    k, n = np.meshgrid(np.arange(N), np.arange(N), indexing="ij")
    T = np.sqrt(2 / N) * np.cos(np.pi * (2 * n + 1) * k / (2 * N))
    T[0] /= np.sqrt(2)
    return T


def klt(C: np.ndarray):
    """Karhunen-Loeve transform: the eigenvectors of a covariance C as columns, ordered by
    decreasing eigenvalue (coefficient variance).

    Input: C, a symmetric positive semi-definite (N, N) matrix. Output: (lam, eigenvalues in
    decreasing order; U, the (N, N) orthogonal matrix of matching eigenvectors as columns).

    >>> lam, U = klt(np.array([[1.0, 0.0], [0.0, 3.0]]))
    >>> lam.tolist(), np.abs(U).tolist()
    ([3.0, 1.0], [[0.0, 1.0], [1.0, 0.0]])
    """
    lam, U = np.linalg.eigh(C)
    return lam[::-1], U[:, ::-1]


def coding_gain(var: np.ndarray) -> float:
    """High-rate transform coding gain: arithmetic mean / geometric mean (AM/GM) of the
    coefficient variances.

    Input: var, positive coefficient variances. Output: a float (>= 1; 1 when all equal).

    >>> round(coding_gain(np.array([4.0, 1.0])), 6)
    1.25
    """
    # at high rate, D(transform) / D(no transform) = geometric mean / arithmetic mean
    return float(var.mean() / np.exp(np.log(var).mean()))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Transform coding: KLT vs DCT")
    N, rho = 8, 0.95
    C = rho ** np.abs(np.subtract.outer(np.arange(N), np.arange(N)))  # AR(1) covariance
    T = np.eye(N)
    with r.case("DCT-II matrix is orthonormal") as c:
        T = np.asarray(f.dct_matrix(N))
        c.close(T, dct(np.eye(N), norm="ortho", axis=0), atol=1e-12)  # rows: DCT-II basis
        c.close(T @ T.T, np.eye(N), atol=1e-12)
        c.close(f.dct_matrix(5), dct(np.eye(5), norm="ortho", axis=0), atol=1e-12)
    lam, U = np.ones(N), np.eye(N)
    with r.case("KLT coefficients are uncorrelated") as c:
        lam, U = f.klt(C)
        lam, U = np.asarray(lam), np.asarray(U)
        cov_klt = U.T @ C @ U
        c.close(cov_klt - np.diag(np.diag(cov_klt)), np.zeros((N, N)), atol=1e-12)
        c.close(U.T @ U, np.eye(N), atol=1e-12)
    with r.case("KLT variances are the eigenvalues, largest first") as c:
        c.close(lam, np.sort(np.linalg.eigvalsh(C))[::-1], rtol=1e-10)
        c.close(np.diag(U.T @ C @ U), np.sort(np.linalg.eigvalsh(C))[::-1], rtol=1e-10)

    var_klt = np.diag(U.T @ C @ U)
    var_dct = np.diag(T @ C @ T.T)
    e_klt = np.cumsum(var_klt) / N
    e_dct = np.cumsum(np.sort(var_dct)[::-1]) / N
    r.figure("energy fraction in first k coefficients, KLT", np.round(e_klt, 4).tolist())
    r.figure("energy fraction in first k coefficients, DCT", np.round(e_dct, 4).tolist())
    with r.case("KLT packs >= energy than DCT for every k") as c:
        c.true(bool(np.all(e_klt >= e_dct - 1e-12)) and e_klt[0] > 0.5)
    with r.case("DCT within 1% of KLT energy for every k") as c:
        c.true(
            float(np.max(e_klt - e_dct)) < 0.01 and e_dct[0] > 0.5,
            f"max gap {np.max(e_klt - e_dct):.5f}",
        )
    with r.case("coding gain equals AM/GM (scipy.stats.gmean)") as c:
        v = rng.uniform(0.1, 5, 9)
        c.close(f.coding_gain(v), v.mean() / gmean(v), rtol=1e-12)
        c.close(f.coding_gain(np.full(4, 2.5)), 1.0, rtol=1e-12)
    with r.case("coding gain: KLT >= DCT > identity = 1") as c:
        g = {
            "identity": f.coding_gain(np.diag(C)),
            "DCT": f.coding_gain(var_dct),
            "KLT": f.coding_gain(var_klt),
        }
        r.figure("high-rate coding gain AM/GM (x)", {k: round(v, 3) for k, v in g.items()})
        c.true(g["KLT"] >= g["DCT"] > g["identity"] - 1e-12 and abs(g["identity"] - 1) < 1e-12)
        c.close(g["KLT"], 1 / gmean(np.linalg.eigvalsh(C)), rtol=1e-9)  # AM = trace/N = 1

    # PCA on sampled blocks: SVD of the data matrix recovers the KLT basis up to sign.
    X = rng.multivariate_normal(np.zeros(N), C, 4000)  # 4000 blocks of the AR(1) source
    _, s, Vt = np.linalg.svd(X - X.mean(0), full_matrices=False)
    with r.case("sample PCA matches the KLT basis (top 3, |cos| > 0.99)") as c:
        align = np.abs(np.sum(Vt[:3] * U[:, :3].T, axis=1))
        r.figure("|<PCA direction, KLT direction>| for the top 3", np.round(align, 4).tolist())
        c.true(bool(np.all(align > 0.99)))
    return r


if __name__ == "__main__":
    main(run)
