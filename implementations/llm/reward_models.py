"""reward-models: fit a scalar reward from pairwise human preferences (Bradley-Terry).

Follows Ouyang et al. (2022), Sec. 3.5 and Christiano et al. (2017): P(y_w > y_l) =
sigmoid(r(y_w) - r(y_l)), trained by minimising -log sigmoid(r_w - r_l), i.e. a binary
cross-entropy on comparisons. Here r(y) = phi(y) . theta is linear in fixed features. Checks:
the analytic gradient vs finite differences; Newton's method and plain gradient descent (two
independent optimisers of the convex NLL) reach the same fit; it recovers the planted reward
from simulated Bradley-Terry comparisons; a per-response
(tabular) reward has the all-ones vector in the Hessian's null space (numpy.linalg.eigh),
i.e. only reward differences are identified.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def nll(theta, Dphi):
    """Mean -log sigmoid(theta . (phi_w - phi_l)), computed stably."""
    m = Dphi @ theta
    return float(np.mean(np.logaddexp(0.0, -m)))


def grad(theta, Dphi):
    m = Dphi @ theta
    s = 0.5 * (1 + np.tanh(-m / 2))  # sigmoid(-m), stable
    return -(Dphi.T @ s) / len(m)


def run() -> Report:
    rng = np.random.default_rng(0)
    R = Report("Reward model from pairwise preferences (Bradley-Terry)")
    K, d, n = 30, 5, 6000  # responses, features, comparisons
    Phi = rng.normal(size=(K, d))  # features of each candidate response
    theta_true = rng.normal(size=d)
    r_true = Phi @ theta_true

    # Simulate labelers: pick a pair, prefer i over j with prob sigmoid(r_i - r_j).
    i, j = rng.integers(K, size=n), rng.integers(K, size=n)
    keep = i != j
    i, j = i[keep], j[keep]
    win = rng.random(i.size) < 1 / (1 + np.exp(-(r_true[i] - r_true[j])))
    w, l = np.where(win, i, j), np.where(win, j, i)
    Dphi = Phi[w] - Phi[l]

    # 1. Gradient check.
    th = rng.normal(size=d)
    h = 1e-6
    fd = np.array([(nll(th + h * e, Dphi) - nll(th - h * e, Dphi)) / (2 * h) for e in np.eye(d)])
    R.check_close(
        "gradient of the Bradley-Terry NLL matches finite differences",
        grad(th, Dphi),
        fd,
        atol=1e-9,
    )

    # 2. Fit by Newton's method (the NLL is convex) and, independently, by gradient descent.
    theta = np.zeros(d)
    for _ in range(30):
        m = Dphi @ theta
        p = 1 / (1 + np.exp(-m))
        H = (Dphi * (p * (1 - p))[:, None]).T @ Dphi / len(m)
        theta -= np.linalg.solve(H, grad(theta, Dphi))
    gd = np.zeros(d)
    lr = 4.0 / np.linalg.eigvalsh(Dphi.T @ Dphi / len(Dphi)).max()  # 1/L, L <= lambda_max/4
    for _ in range(300):
        gd -= lr * grad(gd, Dphi)
    R.check_close("Newton fit equals the gradient-descent fit", theta, gd, atol=1e-6)
    R.check("Newton's gradient is zero at the fit", float(np.abs(grad(theta, Dphi)).max()) < 1e-12)

    # 3. Consistency: with 6000 comparisons the planted reward is recovered.
    rel = np.linalg.norm(theta - theta_true) / np.linalg.norm(theta_true)
    R.check("recovers planted reward weights (rel. err < 0.08)", rel < 0.08, f"rel err {rel:.3f}")
    r_hat = Phi @ theta
    corr = np.corrcoef(r_hat, r_true)[0, 1]
    R.figure("correlation of learned vs true rewards over 30 responses", float(corr))

    # 4. A tabular reward (one score per response) is identified only up to a constant:
    #    the Hessian of the NLL has the all-ones vector as its null direction.
    E = np.eye(K)[w] - np.eye(K)[l]  # one-hot differences, r_w - r_l = E @ u
    p = 1 / (1 + np.exp(-(E @ r_true)))
    Hu = (E * (p * (1 - p))[:, None]).T @ E / len(p)
    vals, vecs = np.linalg.eigh(Hu)
    null = vecs[:, 0] * np.sign(vecs[0, 0])
    R.check(
        "NLL Hessian of a tabular reward has null vector 1/sqrt(K) (common offset)",
        abs(vals[0]) < 1e-12 * vals[-1]
        and vals[1] > 1e-3 * vals[-1]
        and np.allclose(null, np.ones(K) / np.sqrt(K), atol=1e-8),
        f"eigenvalues: smallest {vals[0]:.1e}, next {vals[1]:.1e}, largest {vals[-1]:.1e}",
    )
    acc = float(np.mean(r_hat[w] > r_hat[l]))
    R.figure("training pairwise accuracy (labels are noisy by design)", acc)
    return R


if __name__ == "__main__":
    main(run)
