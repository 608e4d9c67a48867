"""efficient-coding: redundancy reduction by decorrelating (whitening) correlated sensory input.

Follows Barlow (1961): a sensory code should remove the redundancy of its input. For Gaussian
signals redundancy is the total correlation TC = sum_i h(x_i) - h(x) = (1/2)(sum log C_ii -
log det C), and a whitening transform removes it completely. Input: neighbouring 'pixels' of a
stationary AR(1) signal, C_ij = rho^|i-j|. Checks: ZCA whitening W = C^(-1/2) gives W C W^T = I and
W^2 = inv(C); sample covariance of whitened data ~ I; TC against the AR(1) closed form
-(d-1)/2 log(1 - rho^2) before and 0 after; the whitening filter is centre-surround.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def total_correlation(C):
    # Gaussian multi-information in nats: (1/2) (sum_i log C_ii - log det C).
    return 0.5 * (np.sum(np.log(np.diag(C))) - np.linalg.slogdet(C)[1])


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Efficient coding: whitening removes redundancy")
    d, rho = 16, 0.9
    idx = np.arange(d)
    C = rho ** np.abs(idx[:, None] - idx[None, :])

    lam, E = np.linalg.eigh(C)
    W = E @ np.diag(lam**-0.5) @ E.T  # ZCA: symmetric inverse square root
    r.check_close("W C W^T = I", W @ C @ W.T, np.eye(d), rtol=0, atol=1e-10)
    r.check_close("W^2 equals numpy.linalg.inv(C)", W @ W, np.linalg.inv(C), rtol=0, atol=1e-8)

    X = rng.normal(size=(20000, d)) @ np.linalg.cholesky(C).T  # samples with covariance C
    Y = X @ W.T
    Cy = np.cov(Y.T)
    r.figure("max |cov(whitened) - I| on 20000 samples", np.abs(Cy - np.eye(d)).max())
    r.check("sample covariance of whitened data ~ I", np.abs(Cy - np.eye(d)).max() < 0.04)

    tc = total_correlation(C)
    r.figure("redundancy before (nats)", tc)
    r.check_close(
        "TC matches the AR(1) closed form -(d-1)/2 log(1 - rho^2)",
        tc,
        -(d - 1) / 2 * np.log(1 - rho**2),
        rtol=1e-10,
    )
    r.check_close("TC after whitening is 0", total_correlation(W @ C @ W.T), 0.0, atol=1e-10)

    # The whitening filter for the middle pixel: excitatory centre, inhibitory flanks --
    # the shape of a retinal centre-surround receptive field.
    row = W[d // 2]
    r.figure("ZCA filter around the centre", np.round(row[d // 2 - 3 : d // 2 + 4], 3).tolist())
    r.check(
        "centre-surround: positive centre, negative nearest neighbours",
        row[d // 2] > 0 and row[d // 2 - 1] < 0 and row[d // 2 + 1] < 0,
    )
    # Whitening spends equal variance on every principal direction; the input put most of it in few.
    r.figure("share of input variance in the top 3 of 16 components", lam[-3:].sum() / lam.sum())
    return r


if __name__ == "__main__":
    main(run)
