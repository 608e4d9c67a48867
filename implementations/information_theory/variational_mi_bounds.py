"""variational-mi-bounds: sample-based lower bounds on I(X;Y) from a critic T(x, y):
Donsker-Varadhan (MINE), NWJ, and InfoNCE (contrastive predictive coding).

Follows van den Oord et al. (2018), Belghazi et al. (2018) and Poole et al. (2019). For a
correlated Gaussian pair the true MI is -0.5 log(1 - rho^2). Checks: with the optimal critic
(the pointwise MI) DV and NWJ recover the true MI; for a worse critic DV >= NWJ and both stay
below it; InfoNCE is below the true MI and never exceeds log N per batch, so it saturates at
log N when the true MI is larger.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def pmi(x, y, rho):
    """log p(y|x) - log p(y) for standard bivariate Gaussians with correlation rho."""
    v = 1 - rho**2
    return -0.5 * np.log(v) - (y - rho * x) ** 2 / (2 * v) + y**2 / 2


def sample(rho, n, rng):
    x = rng.normal(size=n)
    return x, rho * x + np.sqrt(1 - rho**2) * rng.normal(size=n)


def dv(Tp, Tq):
    return float(Tp.mean() - np.log(np.mean(np.exp(Tq))))


def nwj(Tp, Tq):
    return float(Tp.mean() - np.mean(np.exp(Tq - 1)))


def infonce(x, y, rho, N):
    """Per-batch InfoNCE estimates with the optimal critic; batches of N pairs."""
    xb, yb = x.reshape(-1, N), y.reshape(-1, N)
    S = pmi(xb[:, :, None], yb[:, None, :], rho)  # S[b, i, j] = f(x_i, y_j)
    m = S.max(axis=2, keepdims=True)
    lse = (m + np.log(np.exp(S - m).sum(axis=2, keepdims=True)))[..., 0]
    return np.mean(np.diagonal(S, axis1=1, axis2=2) - lse, axis=1) + np.log(N)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Variational bounds on mutual information")

    rho = 0.8
    true_mi = -0.5 * np.log(1 - rho**2)
    x, y = sample(rho, 200_000, rng)
    yq = rng.permutation(y)  # pairs from the product of marginals
    Tp, Tq = pmi(x, y, rho), pmi(x, yq, rho)
    r.figure("true MI (nats)", float(true_mi))
    r.figure(
        "DV and NWJ with optimal critic", [round(dv(Tp, Tq), 4), round(nwj(Tp + 1, Tq + 1), 4)]
    )
    r.check_close(
        "DV (MINE) with the optimal critic recovers the true MI", dv(Tp, Tq), true_mi, atol=0.02
    )
    r.check_close(
        "NWJ with critic 1 + pmi recovers the true MI", nwj(Tp + 1, Tq + 1), true_mi, atol=0.02
    )

    # A worse critic (scaled pmi): both bounds drop, and DV >= NWJ always (log z <= z/e).
    Tp2, Tq2 = 0.5 * Tp, 0.5 * Tq
    r.figure("DV and NWJ with a scaled critic", [round(dv(Tp2, Tq2), 4), round(nwj(Tp2, Tq2), 4)])
    r.check("DV >= NWJ for the same critic", dv(Tp2, Tq2) >= nwj(Tp2, Tq2))
    r.check(
        "sub-optimal critic gives a lower bound below the true MI", dv(Tp2, Tq2) < true_mi - 0.05
    )

    # InfoNCE with N = 16: per batch <= log N, on average <= true MI.
    est = infonce(x[:64_000], y[:64_000], rho, 16)
    se = est.std() / np.sqrt(est.size)
    r.figure("InfoNCE (N=16) mean estimate", float(est.mean()))
    r.check("InfoNCE <= log N in every batch", bool(est.max() <= np.log(16) + 1e-12))
    r.check("InfoNCE mean <= true MI (within 3 se)", est.mean() <= true_mi + 3 * se)

    # High MI: rho = 0.999 gives MI = 3.11 nats but InfoNCE with N = 8 cannot exceed log 8 = 2.08.
    rho_hi = 0.999
    xh, yh = sample(rho_hi, 16_000, rng)
    est_hi = infonce(xh, yh, rho_hi, 8)
    r.figure(
        "high-MI case: true MI, log N, InfoNCE",
        [
            round(float(-0.5 * np.log(1 - rho_hi**2)), 3),
            round(float(np.log(8)), 3),
            round(float(est_hi.mean()), 3),
        ],
    )
    r.check(
        "InfoNCE saturates at log N below a large true MI",
        est_hi.mean() <= np.log(8) < -0.5 * np.log(1 - rho_hi**2),
    )
    return r


if __name__ == "__main__":
    main(run)
