"""contrastive-learning-infonce: the InfoNCE loss and its bound I(X;Y) >= log N - L_N.

Follows van den Oord, Li & Vinyals (2018), Sec. 2.3: classify the positive pair among N candidates
with scores f(x, y); the loss L_N is a cross-entropy, its optimum critic is the density ratio
p(y|x)/p(y), and log N - L_N lower-bounds the mutual information. Data: d independent coordinate
pairs with correlation rho, so I = -(d/2) log(1 - rho^2) exactly. Checks: the estimate never
exceeds log N; it is close to the true MI when MI << log N; it saturates near log N (far below the
true MI) when MI >> log N; the loss equals a softmax cross-entropy computed independently.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def log_ratio(x, y, rho):
    # log p(y|x) - log p(y) for standard Gaussians with correlation rho, summed over coordinates.
    v = 1 - rho**2
    return np.sum(-0.5 * np.log(v) - (y - rho * x) ** 2 / (2 * v) + y**2 / 2, axis=-1)


def infonce_estimate(rng, rho, d, N, batches):
    ests = []
    for _ in range(batches):
        x = rng.normal(size=(N, d))
        y = rho * x + np.sqrt(1 - rho**2) * rng.normal(size=(N, d))
        S = log_ratio(
            x[:, None, :], y[None, :, :], rho
        )  # S[i, j] = f(x_i, y_j), positives on diagonal
        m = S.max(axis=1, keepdims=True)
        lse = m[:, 0] + np.log(np.exp(S - m).sum(axis=1))
        ests.append(np.log(N) - np.mean(lse - np.diag(S)))  # log N - L_N
    return np.array(ests), S


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("InfoNCE bound")
    rho, d = 0.8, 1
    mi = -0.5 * d * np.log(1 - rho**2)
    N = 256
    est, S = infonce_estimate(rng, rho, d, N, batches=20)
    r.figure("true MI (nats), low-MI case", mi)
    r.figure("InfoNCE estimate, N = 256", est.mean())
    r.check("every batch estimate <= log N", np.all(est <= np.log(N) + 1e-12))
    r.check_close("MI << log N: the bound is nearly tight", est.mean(), mi, atol=0.05)

    # The loss is an N-way softmax cross-entropy with the diagonal as labels.
    logp = (
        S
        - np.log(np.exp(S - S.max(1, keepdims=True)).sum(1, keepdims=True))
        - S.max(1, keepdims=True)
    )
    ce = -np.mean([logp[i, i] for i in range(N)])
    r.check_close(
        "log N - L_N with L_N = cross-entropy over rows (separate computation)",
        est[-1],
        np.log(N) - ce,
        rtol=1e-12,
    )

    rho_hi, d_hi = 0.99, 4  # true MI about 7.8 nats
    mi_hi = -0.5 * d_hi * np.log(1 - rho_hi**2)
    N_small = 32
    est_hi, _ = infonce_estimate(rng, rho_hi, d_hi, N_small, batches=20)
    r.figure("true MI (nats), high-MI case", mi_hi)
    r.figure("InfoNCE estimate, N = 32 (log N = 3.47)", est_hi.mean())
    r.check(
        "MI >> log N: estimate saturates just below log N and far below the true MI",
        np.log(N_small) - 0.2 < est_hi.mean() <= np.log(N_small) and est_hi.mean() < mi_hi - 3,
    )
    return r


if __name__ == "__main__":
    main(run)
