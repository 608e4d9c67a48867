"""gd-as-feedback-system: gradient descent on a quadratic is a linear discrete-time feedback loop.

Follows Boyd & Vandenberghe, Convex Optimization ch. 9 (gradient method on strongly
convex functions) and d2l 12.3 (Gradient Descent). On f(x) = x'Hx/2 - b'x the
"plant" is an integrator x[k+1] = x[k] + u[k] and the "controller" feeds back the
measured gradient u = -lr (Hx - b); the error obeys e[k+1] = (I - lr H) e[k]. Checks:
the iterate error equals (I - lr H)^k e0; the measured rate equals the spectral
radius max |1 - lr lambda_i| (so 1 - lr mu for lr <= 2/(mu+L)); the loop is stable
exactly for lr < 2/L; the best fixed step 2/(mu+L) gives (kappa-1)/(kappa+1).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def gd(H, b, x0, lr, steps):
    x, xs = x0.copy(), [x0.copy()]
    for _ in range(steps):
        x = x - lr * (H @ x - b)  # feedback of the measured gradient
        xs.append(x.copy())
    return np.array(xs)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Gradient descent as a feedback loop: eigenvalues predict everything")
    n = 6
    Qm, _ = np.linalg.qr(rng.normal(size=(n, n)))
    lam = np.array([1.0, 1.5, 2.0, 4.0, 7.0, 10.0])  # mu = 1, L = 10, kappa = 10
    H = Qm @ np.diag(lam) @ Qm.T
    b = rng.normal(size=n)
    xs_ = np.linalg.solve(H, b)
    x0 = xs_ + rng.normal(size=n)
    mu, L = lam.min(), lam.max()

    lr = 0.1
    X = gd(H, b, x0, lr, 60)
    E_pred = np.array(
        [np.linalg.matrix_power(np.eye(n) - lr * H, k) @ (x0 - xs_) for k in range(61)]
    )
    r.check_close("error = (I - lr H)^k e0", X - xs_, E_pred, rtol=1e-9, atol=1e-12)

    # asymptotic rate = spectral radius of the loop matrix
    rates, preds = [], []
    for lr in (0.05, 0.1, 2 / (mu + L), 0.19):
        pred = np.abs(1 - lr * lam).max()
        k2 = int(np.log(1e-9) / np.log(pred))  # stop before round-off floor
        X = gd(H, b, x0, lr, k2)
        err = np.linalg.norm(X - xs_, axis=1)
        rates.append((err[k2] / err[k2 - 100]) ** (1 / 100))
        preds.append(pred)
    r.figure("lr = 0.05, 0.1, 2/(mu+L), 0.19: measured rates", np.round(rates, 6).tolist())
    r.check_close("measured rate = max |1 - lr lambda_i|", rates, preds, rtol=1e-3)
    r.check_close("lr = 0.05 (< 2/(mu+L)): rate = 1 - lr mu", rates[0], 1 - 0.05 * mu, rtol=1e-3)
    kappa = L / mu
    r.check_close(
        "lr = 2/(mu+L): rate = (kappa-1)/(kappa+1)", rates[2], (kappa - 1) / (kappa + 1), rtol=1e-3
    )

    # stability boundary lr = 2/L: eigenvalue 1 - lr L crosses -1
    below = np.linalg.norm(gd(H, b, x0, 0.99 * 2 / L, 2000)[-1] - xs_)
    above = np.linalg.norm(gd(H, b, x0, 1.01 * 2 / L, 2000)[-1] - xs_)
    r.figure("error after 2000 steps at 0.99*2/L and 1.01*2/L", [float(below), float(above)])
    r.check("converges just below 2/L, diverges just above", below < 1e-6 and above > 1e6)
    return r


if __name__ == "__main__":
    main(run)
