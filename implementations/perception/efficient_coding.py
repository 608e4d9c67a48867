"""efficient-coding: redundancy reduction by decorrelating (whitening) correlated sensory input.

Follows Barlow (1961): a sensory code should remove the redundancy of its input. For Gaussian
signals redundancy is the total correlation TC = sum_i h(x_i) - h(x) = (1/2)(sum log C_ii -
log det C), and a whitening transform removes it completely. Input: neighbouring 'pixels' of a
stationary AR(1) signal, C_ij = rho^|i-j|. Checks: the ZCA matrix W = C^(-1/2) against
scipy.linalg.sqrtm of inv(C), W C W^T = I, W symmetric and W^2 = numpy.linalg.inv(C) (also for
a covariance with unequal variances); the sample covariance of whitened data ~ I; TC against the
AR(1) closed form -(d-1)/2 log(1 - rho^2) before and 0 after, against the bivariate closed form
-1/2 log(1 - r^2) for unequal variances, and against entropies from scipy.stats; the whitening
filter is centre-surround.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.linalg import sqrtm
from scipy.stats import multivariate_normal, norm

from implementations._common import Report, main, solution

EXERCISE = ["total_correlation", "zca_whitening"]

DOC_ZH = {
    "total_correlation": """高斯向量的总相关（多信息）TC = Σ_i h(x_i) - h(x)
= (1/2)(Σ_i log C_ii - log det C)，单位奈特。

输入：C，正定协方差矩阵 (d, d)。
输出：一个非负 float；C 为对角阵时为 0。

>>> round(float(total_correlation(np.array([[1.0, 0.6], [0.6, 1.0]]))), 6)
0.223144
""",
    "zca_whitening": """ZCA 白化矩阵 W = C^(-1/2)：对称的逆平方根，使 W C W^T = I。
由特征分解 C = E diag(lam) E^T 得 W = E diag(lam^(-1/2)) E^T。

输入：C，正定协方差矩阵 (d, d)。
输出：对称矩阵 W，形状 (d, d)。

>>> zca_whitening(np.diag([4.0, 0.25])).tolist()
[[0.5, 0.0], [0.0, 2.0]]
""",
}

HINTS = {
    "en": (
        "Redundancy is what the joint entropy saves over the sum of the marginal entropies; "
        "whitening rotates into the eigenbasis, rescales, and rotates back.",
        "TC = (sum log diag(C) - slogdet(C)[1]) / 2. With lam, E = eigh(C), "
        "W = E diag(lam^-1/2) E^T (symmetric: the ZCA choice among all whitening matrices).",
    ),
    "zh": (
        "冗余就是联合熵相对边缘熵之和省下的部分；白化先旋转到特征基，缩放，再旋转回来。",
        "TC = (Σ log diag(C) - slogdet(C)[1]) / 2。由 lam, E = eigh(C) 得 "
        "W = E diag(lam^-1/2) E^T（对称：所有白化矩阵中的 ZCA 选择）。",
    ),
}


def total_correlation(C):
    """Gaussian total correlation TC = sum_i h(x_i) - h(x) = (sum_i log C_ii - log det C) / 2.

    Input: a positive-definite covariance C (d, d). Output: a non-negative float in nats,
    0 for a diagonal C.

    >>> round(float(total_correlation(np.array([[1.0, 0.6], [0.6, 1.0]]))), 6)
    0.223144
    """
    return 0.5 * (np.sum(np.log(np.diag(C))) - np.linalg.slogdet(C)[1])


def zca_whitening(C):
    """ZCA whitening matrix W = C^(-1/2), the symmetric inverse square root (W C W^T = I).

    From the eigendecomposition C = E diag(lam) E^T, W = E diag(lam^(-1/2)) E^T. Input: a
    positive-definite covariance C (d, d). Output: a symmetric (d, d) matrix.

    >>> zca_whitening(np.diag([4.0, 0.25])).tolist()
    [[0.5, 0.0], [0.0, 2.0]]
    """
    lam, E = np.linalg.eigh(C)
    return E @ np.diag(lam**-0.5) @ E.T


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Efficient coding: whitening removes redundancy")
    d, rho = 16, 0.9
    idx = np.arange(d)
    C = rho ** np.abs(idx[:, None] - idx[None, :])
    s = rng.uniform(0.5, 3.0, size=d)
    C2 = C * np.outer(s, s)  # unequal variances

    with r.case("ZCA equals scipy.linalg.sqrtm(inv(C))") as c:
        c.close(f.zca_whitening(C), np.real(sqrtm(np.linalg.inv(C))), rtol=0, atol=1e-8)
        c.close(f.zca_whitening(C2), np.real(sqrtm(np.linalg.inv(C2))), rtol=0, atol=1e-8)
    with r.case("W C W^T = I") as c:
        W = f.zca_whitening(C)
        c.close(W @ C @ W.T, np.eye(d), rtol=0, atol=1e-10)
        W2 = f.zca_whitening(C2)
        c.close(W2 @ C2 @ W2.T, np.eye(d), rtol=0, atol=1e-10)
    with r.case("W^2 equals numpy.linalg.inv(C)") as c:
        c.close(W @ W, np.linalg.inv(C), rtol=0, atol=1e-8)
        c.close(W, W.T, rtol=0, atol=1e-12)

    with r.case("sample covariance of whitened data ~ I") as c:
        X = rng.normal(size=(20000, d)) @ np.linalg.cholesky(C).T  # samples with covariance C
        Cy = np.cov((X @ f.zca_whitening(C).T).T)
        err = np.abs(Cy - np.eye(d)).max()
        r.figure("max |cov(whitened) - I| on 20000 samples", err)
        c.true(err < 0.04, f"{err:.4f}")

    with r.case("TC matches the AR(1) closed form -(d-1)/2 log(1 - rho^2)") as c:
        tc = f.total_correlation(C)
        r.figure("redundancy before (nats)", tc)
        c.close(tc, -(d - 1) / 2 * np.log(1 - rho**2), rtol=1e-10)
        c.close(f.total_correlation(C2), tc, rtol=1e-10)  # TC ignores each pixel's scale
    with r.case("TC of a bivariate Gaussian with unequal variances is -1/2 log(1 - r^2)") as c:
        sa, sb, rr = 2.0, 0.3, -0.7
        C_ab = np.array([[sa**2, rr * sa * sb], [rr * sa * sb, sb**2]])
        c.close(f.total_correlation(C_ab), -0.5 * math.log(1 - rr**2), rtol=1e-12)
    with r.case("TC = sum of marginal entropies - joint entropy (scipy.stats)") as c:
        Ck = C2[:5, :5]
        ref = sum(norm(scale=math.sqrt(Ck[i, i])).entropy() for i in range(5))
        c.close(f.total_correlation(Ck), ref - multivariate_normal(cov=Ck).entropy(), rtol=1e-10)
    with r.case("TC after whitening is 0") as c:
        W = f.zca_whitening(C2)
        c.close(f.total_correlation(W @ C2 @ W.T), 0.0, atol=1e-10)
        c.close(f.total_correlation(np.diag(s)), 0.0, atol=1e-14)

    # The whitening filter for the middle pixel: excitatory centre, inhibitory flanks --
    # the shape of a retinal centre-surround receptive field.
    with r.case("centre-surround: positive centre, negative nearest neighbours") as c:
        row = f.zca_whitening(C)[d // 2]
        r.figure("ZCA filter around the centre", np.round(row[d // 2 - 3 : d // 2 + 4], 3).tolist())
        c.true(row[d // 2] > 0 and row[d // 2 - 1] < 0 and row[d // 2 + 1] < 0)
    # Whitening spends equal variance on every principal direction; the input put most of it in few.
    lam = np.linalg.eigvalsh(C)
    r.figure("share of input variance in the top 3 of 16 components", lam[-3:].sum() / lam.sum())
    return r


if __name__ == "__main__":
    main(run)
