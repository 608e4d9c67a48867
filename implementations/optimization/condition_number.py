"""condition-number: kappa = lambda_max / lambda_min and what it costs gradient descent.

Follows Goodfellow et al. ch. 4 (poor conditioning) and Boyd & Vandenberghe ch. 9.
Checks: kappa from eigenvalues equals np.linalg.cond; GD iteration counts equal the closed
form ceil(log eps / log(1 - 1/kappa)) and grow in proportion to kappa; the perturbation
bound ||dx||/||x|| <= kappa ||db||/||b|| holds and is attained in the worst direction.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def gd_iterations(lam, eps, lr):
    """Iterations until the error of x0 = (1,...,1) in the eigenbasis drops below eps."""
    e, t = np.ones_like(lam), 0
    while np.linalg.norm(e) > eps * np.sqrt(len(lam)):
        e = (1 - lr * lam) * e  # GD on a diagonal quadratic, coordinate by coordinate
        t += 1
    return t


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Condition number")
    n = 8
    U = np.linalg.qr(rng.normal(size=(n, n)))[0]
    lam = np.geomspace(0.5, 200, n)
    A = U @ np.diag(lam) @ U.T
    kappa = lam.max() / lam.min()
    r.figure("kappa", kappa)
    r.check_close(
        "kappa = lambda_max/lambda_min equals np.linalg.cond(A, 2)",
        kappa,
        np.linalg.cond(A, 2),
        rtol=1e-9,
    )
    B = rng.normal(size=(6, 6))
    s = np.linalg.svd(B, compute_uv=False)
    r.check_close(
        "non-symmetric case: sigma_max/sigma_min equals np.linalg.cond",
        s[0] / s[-1],
        np.linalg.cond(B),
        rtol=1e-9,
    )

    # GD with eta = 1/L: the slow direction contracts by (1 - 1/kappa) per step
    eps, counts = 1e-6, {}
    for k in (10, 100, 400):
        lam_k = np.array([1.0 / k, 0.5, 1.0])  # L = 1, mu = 1/k
        counts[k] = gd_iterations(lam_k, eps, 1.0)
    r.figure("GD iterations to 1e-6 for kappa = 10, 100, 400", list(counts.values()))
    # the mu-direction dominates; the others die far sooner, so the count is its closed form
    pred = {k: int(np.ceil(np.log(eps * np.sqrt(3)) / np.log(1 - 1.0 / k))) for k in counts}
    r.check(
        "iteration counts match the closed form ceil(log(eps sqrt 3)/log(1 - 1/kappa)) within 1",
        all(abs(counts[k] - pred[k]) <= 1 for k in counts),
        f"{counts} vs {pred}",
    )
    r.check_close(
        "iterations grow linearly with kappa (400 vs 100)",
        counts[400] / counts[100],
        4.0,
        rtol=0.02,
    )

    # sensitivity of Ax = b: worst case ||dx||/||x|| = kappa ||db||/||b||
    b = U[:, -1] * lam[-1]  # x along the top eigenvector
    db = 1e-8 * U[:, 0]  # perturbation along the bottom eigenvector
    x = np.linalg.solve(A, b)
    dx = np.linalg.solve(A, b + db) - x
    amp = (np.linalg.norm(dx) / np.linalg.norm(x)) / (np.linalg.norm(db) / np.linalg.norm(b))
    r.figure("error amplification in the worst direction", amp)
    r.check_close("worst-case amplification equals kappa", amp, kappa, rtol=1e-5)
    rand = []
    for _ in range(200):
        bb, d = rng.normal(size=n), 1e-8 * rng.normal(size=n)
        xx = np.linalg.solve(A, bb)
        rand.append(
            np.linalg.norm(np.linalg.solve(A, bb + d) - xx)
            / np.linalg.norm(xx)
            / (np.linalg.norm(d) / np.linalg.norm(bb))
        )
    r.check("random perturbations never exceed the kappa bound", max(rand) <= kappa * (1 + 1e-6))
    return r


if __name__ == "__main__":
    main(run)
