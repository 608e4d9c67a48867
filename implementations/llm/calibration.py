"""calibration: expected calibration error (ECE) and temperature scaling.

Follows Guo et al. (2017): ECE bins predictions by confidence and averages |accuracy -
confidence| weighted by bin size; temperature scaling divides all logits by one scalar T fitted
by minimising validation NLL. Synthetic data make the truth known: labels are drawn from
softmax(z), so the model softmax(z) is calibrated by construction and softmax(2 z) is
over-confident with true temperature 2. Checks: ECE of the calibrated model ~ 0 (below the
sampling noise), Newton's method on log T recovers
T ~ 2 and agrees with a grid search, the fitted T satisfies the analytic optimality condition
mean z_y = mean E_p[z] (true-class logit equals the model-expected logit), NLL and ECE drop after
scaling, and accuracy is unchanged (argmax is invariant to T).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def log_softmax(z):
    z = z - z.max(1, keepdims=True)
    return z - np.log(np.exp(z).sum(1, keepdims=True))


def nll(z, y, T):
    return -log_softmax(z / T)[np.arange(len(y)), y].mean()


def ece(probs, y, n_bins=15):
    conf, pred = probs.max(1), probs.argmax(1)
    bins = np.minimum((conf * n_bins).astype(int), n_bins - 1)
    acc = pred == y
    total = 0.0
    for b in range(n_bins):
        m = bins == b
        if m.any():
            total += m.mean() * abs(acc[m].mean() - conf[m].mean())
    return total


def fit_temperature(z, y, iters=30):
    """Newton's method on s = log T with finite-difference derivatives of the NLL."""
    s, h = 0.0, 1e-4
    for _ in range(iters):
        f0, fp, fm = nll(z, y, np.exp(s)), nll(z, y, np.exp(s + h)), nll(z, y, np.exp(s - h))
        g, H = (fp - fm) / (2 * h), (fp - 2 * f0 + fm) / h**2
        s -= g / H if H > 0 else 0.1 * np.sign(g)
    return float(np.exp(s))


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Calibration: ECE and temperature scaling")
    n, K = 12_000, 10
    z = 1.5 * rng.standard_normal((n, K))
    p_true = np.exp(log_softmax(z))
    y = (p_true.cumsum(1) > rng.random((n, 1))).argmax(1)  # y ~ softmax(z)
    e_cal = ece(p_true, y)
    r.figure("ECE of the calibrated model", e_cal)
    r.check("calibrated model: ECE < 0.015 (sampling noise only)", e_cal < 0.015, f"{e_cal:.4f}")

    zo = 2.0 * z  # over-confident logits
    val, test = slice(0, n // 2), slice(n // 2, n)
    T = fit_temperature(zo[val], y[val])
    grid = np.linspace(1.0, 3.0, 201)
    T_grid = grid[np.argmin([nll(zo[val], y[val], t) for t in grid])]
    r.figure("fitted temperature: Newton vs grid search", [T, float(T_grid)])
    r.check("Newton on log T agrees with a grid search (spacing 0.01)", abs(T - T_grid) <= 0.01)
    # dNLL/dT = mean(z_y - E_{p_T}[z]) / T^2 = 0 at the optimum (analytic, no finite differences)
    zv, yv = zo[val], y[val]
    pT = np.exp(log_softmax(zv / T))
    r.check_close(
        "optimality: mean true-class logit == mean model-expected logit",
        zv[np.arange(len(yv)), yv].mean(),
        (pT * zv).sum(1).mean(),
        rtol=1e-6,
    )
    r.check_close("recovers the true temperature 2", T, 2.0, rtol=0.05)

    before = (nll(zo[test], y[test], 1.0), ece(np.exp(log_softmax(zo[test])), y[test]))
    after = (nll(zo[test], y[test], T), ece(np.exp(log_softmax(zo[test] / T)), y[test]))
    r.figure("test NLL, ECE before scaling", [float(v) for v in before])
    r.figure("test NLL, ECE after scaling", [float(v) for v in after])
    r.check(
        "temperature scaling lowers held-out NLL and ECE",
        after[0] < before[0] and after[1] < before[1] / 3,
    )
    r.check(
        "accuracy unchanged by temperature scaling",
        np.array_equal(zo[test].argmax(1), (zo[test] / T).argmax(1)),
    )
    return r


if __name__ == "__main__":
    main(run)
