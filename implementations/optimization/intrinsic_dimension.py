"""intrinsic-dimension: training in a random low-dimensional subspace theta = theta0 + P z.

Follows Li et al. (2018) (random-subspace training, d_int90 / d_int100) and Aghajanyan et
al. (2021). Planted problem: L(theta) = 1/2 ||A theta - b||^2 with k = 20 independent
constraints in D = 500 (or 1500) parameters, so the solution set has codimension k.
Checks: the best point of a random d-dim subspace (np.linalg.lstsq) reaches zero loss
exactly when d >= k, for both D; the mean fraction of loss removed is d/k (A Gaussian makes
the column space of A P uniformly random in R^k, whatever P is); GD on z reaches zero loss.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def subspace_perf(A, b, theta0, P):
    """Fraction of the initial loss removed by the best point of theta0 + span(P)."""
    r0 = b - A @ theta0
    z = np.linalg.lstsq(A @ P, r0, rcond=None)[0]
    return 1 - np.sum((A @ P @ z - r0) ** 2) / np.sum(r0**2), z


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Intrinsic dimension")
    k = 20
    found = {}
    for D in (500, 1500):
        A, b = rng.normal(size=(k, D)), rng.normal(size=k)
        theta0 = rng.normal(size=D) * 0.1
        perf = {}
        for d in range(1, 31):
            P = rng.normal(size=(D, d)) / np.sqrt(D)  # d random directions, ~unit length
            perf[d] = subspace_perf(A, b, theta0, P)[0]
        found[D] = {
            "d_int90": min(d for d in perf if perf[d] >= 0.9),
            "d_int100": min(d for d in perf if perf[d] > 1 - 1e-10),
        }
        r.figure(
            f"D = {D}: performance at d = 5, 10, 19, 20",
            [round(float(perf[d]), 4) for d in (5, 10, 19, 20)],
        )
    r.figure("intrinsic dimensions found", found)
    r.check(
        "d_int100 equals the planted k = 20 for D = 500 and D = 1500",
        found[500]["d_int100"] == k and found[1500]["d_int100"] == k,
    )
    r.check(
        "d_int90 <= d_int100 and is independent of D up to random variation (|diff| <= 3)",
        all(v["d_int90"] <= k for v in found.values())
        and abs(found[500]["d_int90"] - found[1500]["d_int90"]) <= 3,
    )

    # a uniformly random d-dim subspace of the k-dim residual space captures d/k on average
    D, d = 500, 10
    A, b = rng.normal(size=(k, D)), rng.normal(size=k)
    theta0 = np.zeros(D)
    fr = [subspace_perf(A, b, theta0, rng.normal(size=(D, d)) / np.sqrt(D))[0] for _ in range(200)]
    se = np.std(fr) / np.sqrt(len(fr))
    r.figure("mean performance at d = k/2 over 200 subspaces", float(np.mean(fr)))
    r.check(
        "mean fraction removed at d = 10 equals d/k = 0.5 (within 4 standard errors)",
        abs(np.mean(fr) - d / k) < 4 * se,
        f"{np.mean(fr):.4f} +- {se:.4f}",
    )

    # train z by gradient descent in the subspace: reaches the lstsq optimum (d = 30 > k)
    P = rng.normal(size=(D, 30)) / np.sqrt(D)
    M = A @ P
    lr = 1 / np.linalg.norm(M, 2) ** 2
    z = np.zeros(30)
    for _ in range(3000):
        z -= lr * M.T @ (M @ z - b)  # gradient of 1/2||A(theta0 + P z) - b||^2 in z
    r.figure("trainable parameters: full vs subspace", f"{D} vs 30")
    r.check(
        "GD in the 30-dim subspace drives the loss to < 1e-12 of its start",
        np.sum((M @ z - b) ** 2) < 1e-12 * np.sum(b**2),
    )
    return r


if __name__ == "__main__":
    main(run)
