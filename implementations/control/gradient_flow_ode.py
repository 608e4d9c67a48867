"""gradient-flow-ode: gradient descent is forward Euler on dx/dt = -grad f(x); Nesterov's ODE.

Follows Su, Boyd & Candes (2016), "A Differential Equation for Modeling Nesterov's
Accelerated Gradient Method". For f = x'Hx/2 - b'x the flow is
x(t) = x* + expm(-tH)(x0 - x*) (scaling-and-squaring Taylor series, checked against the
eigendecomposition); GD with step lr for t/lr steps
approaches it with first-order error (halving lr halves the error); f is a Lyapunov
function with df/dt = -||grad f||^2. Su et al.'s limit of Nesterov's method,
X'' + (3/t) X' + grad f(X) = 0, has for f = lam x^2/2 and X'(0) = 0 the solution
X(t) = x0 2 J1(sqrt(lam) t) / (sqrt(lam) t) (scipy.special.j1); Nesterov iterates with
step s track it at t = k sqrt(s).
"""

from __future__ import annotations

import numpy as np
from scipy.special import j1

from implementations._common import Report, main


def expm_ss(M, squarings=6, terms=20):
    """e^M by scaling and squaring: Taylor series of M / 2^s, then square s times."""
    A = M / 2**squarings
    out, term = np.eye(len(M)), np.eye(len(M))
    for k in range(1, terms):
        term = term @ A / k
        out = out + term
    for _ in range(squarings):
        out = out @ out
    return out


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Gradient flow: GD -> ODE as lr -> 0; Nesterov -> Bessel solution")
    Qm, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    H = Qm @ np.diag([0.5, 1.0, 2.0, 4.0]) @ Qm.T
    b = rng.normal(size=4)
    xs = np.linalg.solve(H, b)
    x0 = xs + rng.normal(size=4)
    T = 2.0
    x_flow = xs + expm_ss(-T * H) @ (x0 - xs)

    errs = []
    for lr in (0.02, 0.01, 0.005):
        x = x0.copy()
        for _ in range(int(round(T / lr))):
            x = x - lr * (H @ x - b)  # one forward-Euler step of the flow
        errs.append(np.linalg.norm(x - x_flow))
    r.figure("|GD(T) - x(T)| for lr = 0.02, 0.01, 0.005", [float(e) for e in errs])
    ratios = [errs[0] / errs[1], errs[1] / errs[2]]
    r.check_close(
        "first-order convergence: halving lr halves the error", ratios, [2.0, 2.0], rtol=0.03
    )

    # f decreases along the flow with df/dt = -||grad f||^2 (central differences in t)
    f = lambda x: 0.5 * x @ H @ x - b @ x
    ts = np.linspace(0.1, 3.0, 30)
    h = 1e-5
    w, U = np.linalg.eigh(H)  # e^{-tH} = U diag(e^{-t w}) U'
    r.check_close(
        "eigen form of e^{-TH} = scaling-and-squaring series",
        U @ np.diag(np.exp(-T * w)) @ U.T,
        expm_ss(-T * H),
        rtol=1e-10,
        atol=1e-14,
    )
    xt = lambda t: xs + U @ (np.exp(-t * w) * (U.T @ (x0 - xs)))
    dfdt = np.array([(f(xt(t + h)) - f(xt(t - h))) / (2 * h) for t in ts])
    gn2 = np.array([np.linalg.norm(H @ xt(t) - b) ** 2 for t in ts])
    r.check_close("df/dt = -||grad f(x(t))||^2", dfdt, -gn2, rtol=1e-6)
    r.check("f is a Lyapunov function (strictly decreasing)", bool(np.all(dfdt < 0)))

    # Nesterov's method vs the Bessel solution of Su-Boyd-Candes' ODE (f = lam x^2 / 2)
    lam, x0n = 1.0, 1.0
    gaps = []
    for s in (1e-4, 1e-6):
        x_prev = x = x0n
        y = x0n
        out_k = int(round(6.0 / np.sqrt(s)))  # compare at t = 6
        for k in range(1, out_k + 1):
            x_prev, x = x, y - s * lam * y
            y = x + (k - 1) / (k + 2) * (x - x_prev)
        t = out_k * np.sqrt(s)
        X = x0n * 2 * j1(np.sqrt(lam) * t) / (np.sqrt(lam) * t)
        gaps.append(abs(x - X))
        r.figure(f"s = {s:g}: Nesterov x_k, ODE X(t = 6)", [float(x), float(X)])
    r.check(
        "Nesterov iterates approach the ODE solution as s -> 0",
        gaps[1] < 0.2 * gaps[0] and gaps[1] < 2e-3,
        f"gaps {gaps[0]:.2e} -> {gaps[1]:.2e}",
    )

    # the Bessel expression really solves X'' + 3/t X' + lam X = 0 (finite differences)
    tt, d = np.linspace(0.5, 8, 16), 1e-4
    Xf = lambda t: 2 * j1(np.sqrt(lam) * t) / (np.sqrt(lam) * t)
    res = (
        (Xf(tt + d) - 2 * Xf(tt) + Xf(tt - d)) / d**2
        + 3 / tt * (Xf(tt + d) - Xf(tt - d)) / (2 * d)
        + lam * Xf(tt)
    )
    r.check_close("Bessel solution satisfies the ODE", res, np.zeros_like(tt), atol=1e-6)
    return r


if __name__ == "__main__":
    main(run)
