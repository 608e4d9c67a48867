"""adamw: decoupled weight decay versus L2 regularisation inside Adam.

Follows Loshchilov & Hutter (2019): Prop. 1 (for plain SGD, weight decay and L2 are the
same after rescaling lambda' = lambda/alpha) and Algorithm 2 (AdamW). Checks: that SGD
equivalence holds exactly; with zero loss gradient AdamW shrinks weights by exactly
(1 - eta lambda) per step; in Adam + L2 the decay term is divided by sqrt(v_hat), so
coordinates with large gradient history are decayed less, while AdamW decays them equally.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def adam_family(theta0, grad_fn, T, lr, lam, decoupled, b1=0.9, b2=0.999, eps=1e-8):
    """Returns the whole trajectory theta_0 .. theta_T."""
    th, m, v = theta0.copy(), np.zeros_like(theta0), np.zeros_like(theta0)
    traj = [th]
    for t in range(1, T + 1):
        g = grad_fn(t)
        if not decoupled:
            g = g + lam * th  # L2: the decay enters the adaptive moments
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        step = lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        if decoupled:
            step = step + lr * lam * th  # AdamW: decay applied to theta directly
        th = th - step
        traj.append(th)
    return np.array(traj)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("AdamW: decoupled weight decay")

    # SGD: theta - alpha (g + lam' theta) == theta - alpha g - lam theta  when lam' = lam / alpha
    alpha, lam = 0.1, 0.01
    gs = rng.normal(size=(100, 5))
    th_l2 = th_wd = np.ones(5)
    for g in gs:
        th_l2 = th_l2 - alpha * (g + (lam / alpha) * th_l2)
        th_wd = (1 - lam) * th_wd - alpha * g
    r.check_close(
        "SGD: L2 with lam' = lam/alpha equals weight decay lam (Prop. 1)", th_l2, th_wd, rtol=1e-12
    )

    # AdamW with zero loss gradient: theta_t = (1 - lr lam)^t theta_0 (pure exponential decay)
    lr, lam, T = 1e-2, 0.1, 300
    th0 = np.array([5.0, 0.5, -2.0])

    def zero(t):
        return np.zeros(3)

    r.check_close(
        "AdamW, zero gradient: theta_T = (1 - lr lam)^T theta_0",
        adam_family(th0, zero, T, lr, lam, True)[-1],
        (1 - lr * lam) ** T * th0,
        rtol=1e-12,
    )
    # Adam + L2 with zero loss gradient: the normalised step is ~lr sign(theta), not proportional
    one = adam_family(th0, zero, 1, lr, lam, False)[-1]
    r.check_close(
        "Adam + L2, zero gradient: first step is lr sign(theta) whatever |theta|",
        th0 - one,
        lr * np.sign(th0),
        rtol=1e-6,
    )

    # two coordinates with the same weight and the same noise pattern, at scales 10 and 0.01
    scale = np.array([10.0, 0.01])
    noise = rng.normal(size=(T, 1)) * scale

    def gfun(t):
        return noise[t - 1]

    thA = np.array([1.0, 1.0])

    def decay_of(dec):
        return (
            adam_family(thA, gfun, T, lr, 0.0, dec)[-1]
            - adam_family(thA, gfun, T, lr, lam, dec)[-1]
        )

    dW, dL2 = decay_of(True), decay_of(False)  # extra shrinkage caused by the decay term
    r.figure(
        "extra shrinkage from decay, AdamW (large-grad, small-grad coord)", dW.round(5).tolist()
    )
    r.figure(
        "extra shrinkage from decay, Adam+L2 (large-grad, small-grad coord)", dL2.round(5).tolist()
    )
    r.check_close("AdamW shrinks both coordinates by the same amount", dW[0], dW[1], rtol=1e-4)
    r.check(
        "Adam+L2 decays the large-gradient coordinate at least 10x less",
        dL2[0] * 10 < dL2[1],
        f"ratio {dL2[1] / dL2[0]:.1f}",
    )

    # the loss gradient here does not depend on theta, so AdamW is a linear recurrence:
    # theta_T = (1 - lr lam)^T theta_0 - sum_t (1 - lr lam)^(T-t) s_t, s_t = plain Adam steps
    s_t = -np.diff(adam_family(thA, gfun, T, lr, 0.0, True), axis=0)
    c = 1 - lr * lam
    closed = c**T * thA - (c ** (T - np.arange(1, T + 1)))[:, None].T @ s_t
    r.check_close(
        "AdamW endpoint equals the closed-form decayed sum of Adam steps",
        adam_family(thA, gfun, T, lr, lam, True)[-1],
        closed.ravel(),
        rtol=1e-10,
    )
    return r


if __name__ == "__main__":
    main(run)
