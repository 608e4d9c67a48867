"""low-rank-finetuning-intrinsic-dim: fine-tune only d numbers, theta = theta0 + P z.

Follows Li et al. (2018) and Aghajanyan et al. (2021): train in a random d-dimensional
subspace of the D parameters and report the smallest d reaching 90% of full fine-tuning
(d90). Toy task: a D-parameter quadratic whose loss only depends on m directions, so the
'task' has intrinsic dimension m. Checks: gradient descent on z reaches the least-squares
optimum in the subspace (numpy.linalg.lstsq); the loss is exactly zero once d >= m; the
average remaining loss fraction over random subspaces matches the closed form (m - d)/m.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def subspace_opt(A, r0, P):
    """min_z ||A (theta0 + P z) - b||^2 with residual r0 = A theta0 - b, via least squares."""
    z, *_ = np.linalg.lstsq(A @ P, -r0, rcond=None)
    res = r0 + A @ P @ z
    return z, float(res @ res)


def run() -> Report:
    rng = np.random.default_rng(0)
    R = Report("Intrinsic dimension of fine-tuning")
    D, m = 200, 10  # parameters, task-relevant directions
    A = np.linalg.qr(rng.normal(size=(D, m)))[0].T  # m x D, orthonormal rows
    theta0 = rng.normal(size=D)  # "pretrained" parameters
    b = A @ rng.normal(size=D)  # task targets
    r0 = A @ theta0 - b  # initial residual; full fine-tuning reaches 0
    L0 = float(r0 @ r0)

    # 1. Gradient descent on z alone reaches the subspace optimum given by lstsq.
    d = 6
    P = rng.normal(size=(D, d)) / np.sqrt(D)
    z = np.zeros(d)
    M = A @ P
    lr = 1.0 / np.linalg.norm(M, 2) ** 2
    for _ in range(3000):
        z -= lr * M.T @ (r0 + M @ z)
    res = r0 + M @ z
    z_ls, L_ls = subspace_opt(A, r0, P)
    R.check_close(
        "GD on the d=6 subspace coordinates reaches the lstsq optimum",
        float(res @ res),
        L_ls,
        rtol=1e-8,
    )

    # 2. Loss fraction remaining vs d: zero once d >= m (generic random subspace).
    fr = []
    for d in range(1, 16):
        P = rng.normal(size=(D, d)) / np.sqrt(D)
        fr.append(subspace_opt(A, r0, P)[1] / L0)
    R.figure("remaining loss fraction for d = 1..15", [round(f, 3) for f in fr])
    R.check(
        "loss is exactly recovered (fraction < 1e-20) for every d >= m = 10",
        max(fr[m - 1 :]) < 1e-20,
        f"max {max(fr[m - 1 :]):.1e}",
    )
    R.check(
        "loss is not recovered for d < m", min(fr[: m - 1]) > 1e-3, f"min {min(fr[: m - 1]):.3f}"
    )

    # 3. A random d-dim subspace projects onto a uniformly random d-dim subspace of the m task
    #    directions, so the expected remaining fraction is (m - d)/m.
    for d in (3, 7):
        trials = [subspace_opt(A, r0, rng.normal(size=(D, d)))[1] / L0 for _ in range(1500)]
        mean, se = np.mean(trials), np.std(trials) / np.sqrt(len(trials))
        R.check(
            f"E[remaining fraction] at d={d} equals (m-d)/m = {(m - d) / m:.1f} (within 4 SE)",
            abs(mean - (m - d) / m) < 4 * se,
            f"mean {mean:.4f} +- {se:.4f}",
        )

    # d90 (Li et al.): smallest d whose solution keeps <= 10% of the initial loss, on average.
    d90 = next(d for d in range(1, m + 1) if (m - d) / m <= 0.1)
    R.figure("d90 of the toy task (from (m-d)/m <= 0.1) vs D", [d90, D])
    return R


if __name__ == "__main__":
    main(run)
