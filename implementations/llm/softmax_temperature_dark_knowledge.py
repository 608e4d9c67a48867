"""softmax-temperature-dark-knowledge: softmax at temperature T and the information in soft targets.

Follows Hinton, Vinyals & Dean (2015), Sec. 2 and 2.1: q_i = exp(z_i/T) / sum_j exp(z_j/T).
Checks compare with a log-domain softmax (exp(z/T - logsumexp(z/T)) via np.logaddexp), the
T -> 0 (argmax) and T -> inf (uniform)
limits, the closed-form probability ratio exp((z_i - z_j)/T), the first-order high-T
expansion (1 + (z_i - mean z)/T)/N, and monotone growth of the entropy with T.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def softmax_t(z: np.ndarray, T: float) -> np.ndarray:
    """Softmax of logits z at temperature T, shifted by the max for stability."""
    a = z / T
    a = a - a.max()
    e = np.exp(a)
    return e / e.sum()


def entropy_bits(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Softmax temperature and dark knowledge")
    N = 10
    z = rng.normal(0.0, 3.0, N)  # teacher logits for one input

    # 1. Agreement with a log-domain evaluation exp(z/T - logsumexp(z/T)) at several temperatures.
    Ts = [0.5, 1.0, 2.0, 5.0]
    err = max(
        np.abs(softmax_t(z, T) - np.exp(z / T - np.logaddexp.reduce(z / T))).max() for T in Ts
    )
    r.check(
        "matches exp(z/T - logsumexp(z/T)) for T in {0.5,1,2,5}", err < 1e-14, f"max err {err:.2e}"
    )

    # 2. Limits: T -> 0 gives the one-hot argmax, T -> inf gives the uniform distribution.
    onehot = np.eye(N)[np.argmax(z)]
    r.check_close("T = 1e-3 gives one-hot on argmax", softmax_t(z, 1e-3), onehot, atol=1e-12)
    r.check_close("T = 1e6 gives uniform 1/N", softmax_t(z, 1e6), np.full(N, 1 / N), atol=1e-6)

    # 3. Dark knowledge lives in the ratios: q_i/q_j = exp((z_i - z_j)/T), a closed form.
    T = 4.0
    q = softmax_t(z, T)
    ratios = q[:, None] / q[None, :]
    closed = np.exp((z[:, None] - z[None, :]) / T)
    r.check_close("q_i/q_j = exp((z_i - z_j)/T)", ratios, closed, rtol=1e-12)

    # 4. Hinton Sec. 2.1: for large T, q_i ~ (1 + (z_i - mean z)/T)/N, error O(1/T^2).
    errs = []
    for T in (100.0, 1000.0):
        approx = (1 + (z - z.mean()) / T) / N
        errs.append(np.abs(softmax_t(z, T) - approx).max())
    r.figure("high-T expansion error at T=100, 1000", [float(e) for e in errs])
    r.check(
        "high-T expansion error shrinks ~100x when T grows 10x (O(1/T^2))",
        80 < errs[0] / errs[1] < 120,
        f"ratio {errs[0] / errs[1]:.1f}",
    )

    # 5. Raising T raises the entropy of the soft targets (more information per example).
    grid = np.geomspace(0.05, 50, 60)
    H = np.array([entropy_bits(softmax_t(z, T)) for T in grid])
    r.figure(
        "entropy (bits) at T=1, T=5, max log2 N",
        [entropy_bits(softmax_t(z, 1.0)), entropy_bits(softmax_t(z, 5.0)), float(np.log2(N))],
    )
    r.check(
        "entropy strictly increases with T and stays below log2 N",
        bool(np.all(np.diff(H) > 0) and H.max() < np.log2(N)),
        f"H range {H.min():.3f}..{H.max():.3f}",
    )

    # The small probabilities that T = 1 nearly erases become visible at T = 5.
    small = np.argsort(z)[:3]
    r.figure(
        "mass of the 3 least likely classes at T=1 vs T=5",
        [float(softmax_t(z, 1.0)[small].sum()), float(softmax_t(z, 5.0)[small].sum())],
    )
    return r


if __name__ == "__main__":
    main(run)
