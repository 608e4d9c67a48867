"""sparse-representations: describe a signal with a few atoms of a basis or dictionary.

Follows Foucart & Rauhut ch 1 (sparsity, compressibility, best s-term approximation).
Checks: in an orthonormal basis (DCT-II from scipy.fft) the best k-term approximation keeps
the k largest coefficients, confirmed by brute force over all C(12, 3) supports; its error
is the norm of the discarded coefficients (Parseval); for coefficients decaying like
j^(-alpha) the best k-term error decays like k^(1/2 - alpha) (log-log slope); and the
coherence of the spike + DCT dictionary respects the Welch lower bound.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.fft import dct

from implementations._common import Report, main


def best_k_term(c: np.ndarray, k: int) -> np.ndarray:
    keep = np.argsort(np.abs(c))[::-1][:k]
    out = np.zeros_like(c)
    out[keep] = c[keep]
    return out


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Sparse representations")
    n, k = 12, 3
    Psi = dct(np.eye(n), norm="ortho", axis=0).T  # columns: orthonormal DCT atoms
    x = rng.normal(size=n)
    c = Psi.T @ x  # analysis coefficients
    ck = best_k_term(c, k)
    err = np.linalg.norm(x - Psi @ ck)
    brute = min(
        np.linalg.norm(x - Psi[:, S] @ np.linalg.lstsq(Psi[:, S], x, rcond=None)[0])
        for S in map(list, itertools.combinations(range(n), k))
    )
    r.check_close(
        "keeping the k largest coefficients = brute-force best k-term error", err, brute, rtol=1e-10
    )
    r.check_close(
        "error = norm of discarded coefficients (Parseval)", err, np.linalg.norm(c - ck), rtol=1e-10
    )

    # compressible signal: sorted coefficients decay like j^-alpha
    N, alpha = 4096, 1.5
    coef = rng.permutation(np.arange(1, N + 1) ** -alpha * rng.choice([-1, 1], N))
    ks = np.array([8, 16, 32, 64, 128, 256])
    errs = [np.linalg.norm(coef - best_k_term(coef, kk)) for kk in ks]
    slope = np.polyfit(np.log(ks), np.log(errs), 1)[0]
    r.figure("best k-term error for k = 8..256", np.round(errs, 5).tolist())
    r.check_close("error decays like k^(1/2 - alpha)", slope, 0.5 - alpha, atol=0.05)

    # mutual coherence of the overcomplete dictionary [identity, DCT]
    D = np.hstack([np.eye(64), dct(np.eye(64), norm="ortho", axis=0).T])
    G = np.abs(D.T @ D) - np.eye(128)
    mu = G.max()
    welch = np.sqrt((128 - 64) / (64 * (128 - 1)))
    r.figure(
        "coherence of [I, DCT] (n = 64) and the Welch bound",
        (round(float(mu), 4), round(float(welch), 4)),
    )
    r.check("coherence >= Welch bound sqrt((m-n) / (n(m-1)))", mu >= welch)
    r.check_close(
        "coherence equals the largest DCT entry, sqrt(2/n) cos(pi/(2n))",
        mu,
        np.sqrt(2 / 64) * np.cos(np.pi / 128),
        rtol=1e-12,
    )
    return r


if __name__ == "__main__":
    main(run)
