"""transform-coding: decorrelate with an orthogonal transform, then quantise coefficients.

Follows Goyal (2001, 'Theoretical foundations of transform coding') and Strang (1999) on
the DCT. Source: blocks of 8 samples of an AR(1) process, correlation 0.95. The KLT
diagonalises the covariance (eigenvectors, numpy.linalg.eigh); the DCT-II comes from
scipy.fft. Checks: the DCT matrix is orthonormal; KLT coefficients are uncorrelated; the
KLT packs at least as much energy as the DCT into the first k coefficients and the DCT is
within 1% of it; the high-rate coding gain AM/GM of coefficient variances is largest for
the KLT; and PCA by SVD of sample blocks recovers the KLT basis.
"""

from __future__ import annotations

import numpy as np
from scipy.fft import dct

from implementations._common import Report, main


def coding_gain(var: np.ndarray) -> float:
    # at high rate, D(transform) / D(no transform) = geometric mean / arithmetic mean
    return float(var.mean() / np.exp(np.log(var).mean()))


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Transform coding: KLT vs DCT")
    N, rho = 8, 0.95
    C = rho ** np.abs(np.subtract.outer(np.arange(N), np.arange(N)))  # AR(1) covariance
    lam, U = np.linalg.eigh(C)
    U = U[:, ::-1]  # KLT basis, largest variance first
    T = dct(np.eye(N), norm="ortho", axis=0)  # rows of T are DCT-II basis vectors
    r.check_close("DCT-II matrix is orthonormal", T @ T.T, np.eye(N), atol=1e-12)
    cov_klt = U.T @ C @ U
    r.check_close(
        "KLT coefficients are uncorrelated",
        cov_klt - np.diag(np.diag(cov_klt)),
        np.zeros((N, N)),
        atol=1e-12,
    )

    var_klt = np.diag(cov_klt)
    var_dct = np.diag(T @ C @ T.T)
    e_klt = np.cumsum(var_klt) / N
    e_dct = np.cumsum(np.sort(var_dct)[::-1]) / N
    r.figure("energy fraction in first k coefficients, KLT", np.round(e_klt, 4).tolist())
    r.figure("energy fraction in first k coefficients, DCT", np.round(e_dct, 4).tolist())
    r.check("KLT packs >= energy than DCT for every k", bool(np.all(e_klt >= e_dct - 1e-12)))
    r.check(
        "DCT within 1% of KLT energy for every k",
        float(np.max(e_klt - e_dct)) < 0.01,
        f"max gap {np.max(e_klt - e_dct):.5f}",
    )
    g = {
        "identity": coding_gain(np.diag(C)),
        "DCT": coding_gain(var_dct),
        "KLT": coding_gain(var_klt),
    }
    r.figure("high-rate coding gain AM/GM (x)", {k: round(v, 3) for k, v in g.items()})
    r.check(
        "coding gain: KLT >= DCT > identity = 1",
        g["KLT"] >= g["DCT"] > g["identity"] - 1e-12 and abs(g["identity"] - 1) < 1e-12,
    )

    # PCA on sampled blocks: SVD of the data matrix recovers the KLT basis up to sign.
    X = rng.multivariate_normal(np.zeros(N), C, 4000)  # 4000 blocks of the AR(1) source
    _, s, Vt = np.linalg.svd(X - X.mean(0), full_matrices=False)
    align = np.abs(np.sum(Vt[:3] * U[:, :3].T, axis=1))
    r.figure("|<PCA direction, KLT direction>| for the top 3", np.round(align, 4).tolist())
    r.check("sample PCA matches the KLT basis (top 3, |cos| > 0.99)", bool(np.all(align > 0.99)))
    return r


if __name__ == "__main__":
    main(run)
