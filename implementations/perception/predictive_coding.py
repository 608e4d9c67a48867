"""predictive-coding: inference by feedback predictions and feedforward prediction errors.

Follows Rao & Ballard (1999), linear-Gaussian case: an image x = U r + noise (variance s2), prior
r ~ N(0, p2 I). Higher level sends the prediction U r down; lower level sends the error
e = x - U r up; the estimate follows dr = lr (U^T e / s2 - r / p2), gradient descent on the
negative log posterior. Checks: the dynamics converge to the MAP estimate (normal equations),
which equals the Gaussian conditional mean Sigma_rx Sigma_xx^{-1} x computed from the joint; at the
fixed point the fed-back error balances the prior; the energy decreases monotonically.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Predictive coding (Rao-Ballard, linear)")
    n, k, s2, p2 = 20, 5, 0.1, 1.0
    U = rng.normal(size=(n, k)) / np.sqrt(n)  # generative weights (top-down)
    r_true = rng.normal(scale=np.sqrt(p2), size=k)
    x = U @ r_true + rng.normal(scale=np.sqrt(s2), size=n)

    energy = lambda r_: np.sum((x - U @ r_) ** 2) / (2 * s2) + np.sum(r_**2) / (2 * p2)
    A = U.T @ U / s2 + np.eye(k) / p2  # Hessian of the energy
    lr = 1.0 / np.linalg.eigvalsh(A).max()  # stable step size
    rhat, energies = np.zeros(k), []
    for _ in range(2000):
        e = x - U @ rhat  # bottom-up prediction error
        rhat = rhat + lr * (U.T @ e / s2 - rhat / p2)
        energies.append(energy(rhat))

    r_map = np.linalg.solve(A, U.T @ x / s2)  # normal equations of the MAP problem
    r.check_close("dynamics converge to the MAP estimate", rhat, r_map, rtol=0, atol=1e-8)

    # The same number from Bayes' rule for jointly Gaussian (r, x): E[r|x] = S_rx S_xx^{-1} x.
    S_xx = p2 * U @ U.T + s2 * np.eye(n)
    S_rx = p2 * U.T
    r.check_close(
        "MAP equals the Gaussian conditional mean from the joint",
        r_map,
        S_rx @ np.linalg.solve(S_xx, x),
        rtol=0,
        atol=1e-10,
    )

    e = x - U @ rhat
    r.check_close(
        "at the fixed point U^T e / s2 = r / p2 (error balances prior)",
        U.T @ e / s2,
        rhat / p2,
        rtol=0,
        atol=1e-7,
    )
    r.check("energy (negative log posterior) never increases", np.all(np.diff(energies) <= 1e-12))
    r.figure(
        "iterations to reach 1e-6 of the MAP energy",
        int(np.argmax(np.array(energies) - energy(r_map) < 1e-6)),
    )
    r.figure("residual error norm ||x - U r|| / ||x||", np.linalg.norm(e) / np.linalg.norm(x))
    r.figure("estimate vs true cause (correlation)", np.corrcoef(rhat, r_true)[0, 1])
    return r


if __name__ == "__main__":
    main(run)
