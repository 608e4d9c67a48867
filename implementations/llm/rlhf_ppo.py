"""rlhf-ppo: PPO's clipped surrogate on a KL-penalised reward, as in RLHF.

Follows Schulman et al. (2017), Sec. 3: L = E[min(rho A, clip(rho, 1-eps, 1+eps) A)] with
rho = pi/pi_old; and Ouyang et al. (2022), Sec. 3.5: reward r(x,y) - beta log(pi/pi_ref).
Checks: the clipped objective vs the hand-written piecewise formula on a grid; its gradient
w.r.t. the policy logits is zero where the clip is active and equals rho A grad log pi elsewhere
(finite differences); the Monte Carlo mean of log(pi/pi_ref) equals KL(pi||pi_ref); and PPO
iterations (exact expectations, one prompt, N responses) converge to the KL-regularised optimum
pi_ref exp(r/beta)/Z.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def softmax(a):
    e = np.exp(a - a.max())
    return e / e.sum()


def clip_obj(rho, A, eps):
    return np.minimum(rho * A, np.clip(rho, 1 - eps, 1 + eps) * A)


def piecewise(rho, A, eps):
    """The same objective written out case by case (Schulman et al., Fig. 1)."""
    if A >= 0:
        return min(rho, 1 + eps) * A
    return max(rho, 1 - eps) * A


def surrogate(theta, pi_old, A, eps):
    """Exact E_{y~pi_old}[min(rho A, clip(rho) A)] over all N responses."""
    rho = softmax(theta) / pi_old
    return float(pi_old @ clip_obj(rho, A, eps))


def run() -> Report:
    rng = np.random.default_rng(0)
    R = Report("RLHF with PPO-clip")
    eps = 0.2

    # 1. Clipped objective vs the piecewise definition on a grid of ratios and advantages.
    grid = [(rho, A) for rho in np.linspace(0.3, 1.8, 31) for A in (-2.0, -0.5, 0.0, 0.7, 3.0)]
    err = max(abs(clip_obj(rho, A, eps) - piecewise(rho, A, eps)) for rho, A in grid)
    R.check(
        "clipped surrogate equals the piecewise formula on 155 (rho, A) points",
        err < 1e-15,
        f"max err {err:.1e}",
    )

    # 2. Gradient w.r.t. logits of one response's term: zero when clipped, rho A grad log pi otherwise.
    N = 6
    pi_old = softmax(rng.normal(size=N))
    h = 1e-6

    def term(theta, y, A):
        return float(clip_obj(softmax(theta)[y] / pi_old[y], A, eps))

    ok_zero = ok_active = True
    n_clipped = 0
    for scale, A in ((1.0, 1.0), (-1.0, -1.0), (0.02, 1.0)):
        theta = np.log(pi_old) + scale * np.eye(N)[0]  # push response 0's ratio up or down
        rho = softmax(theta)[0] / pi_old[0]
        fd = np.array(
            [(term(theta + h * e, 0, A) - term(theta - h * e, 0, A)) / (2 * h) for e in np.eye(N)]
        )
        clipped = (A > 0 and rho > 1 + eps) or (A < 0 and rho < 1 - eps)
        n_clipped += clipped
        if clipped:
            ok_zero &= bool(np.abs(fd).max() < 1e-9)
        else:
            analytic = rho * A * (np.eye(N)[0] - softmax(theta))
            ok_active &= bool(np.allclose(fd, analytic, atol=1e-8))
    R.check(
        "gradient is exactly zero outside the clip range (A>0, rho>1+eps and A<0, rho<1-eps)",
        ok_zero and n_clipped == 2,
        f"{n_clipped} clipped cases tested",
    )
    R.check("inside the clip range the gradient is rho A grad log pi", ok_active)

    # 3. The per-sample KL penalty: E_pi[log pi/pi_ref] = KL(pi || pi_ref).
    pi_ref = softmax(rng.normal(size=N))
    pi = softmax(np.log(pi_ref) + rng.normal(size=N))
    ys = rng.choice(N, size=200_000, p=pi)
    est = np.log(pi[ys] / pi_ref[ys])
    kl = float((pi * np.log(pi / pi_ref)).sum())
    R.check(
        "Monte Carlo mean of log(pi/pi_ref) within 4 SE of KL(pi||pi_ref)",
        abs(est.mean() - kl) < 4 * est.std() / np.sqrt(est.size),
        f"{est.mean():.4f} vs {kl:.4f}",
    )

    # 4. PPO iterations on the penalised reward converge to the KL-regularised optimum.
    r, beta = rng.normal(size=N), 0.5

    def ppo_grad(theta, pi_old, A):
        rho = softmax(theta) / pi_old
        active = ~(((A > 0) & (rho > 1 + eps)) | ((A < 0) & (rho < 1 - eps)))
        w = pi_old * rho * A * active  # d/dtheta of E_old[rho A] where unclipped
        return w - softmax(theta) * w.sum()

    th0, pi_o = rng.normal(size=N), softmax(rng.normal(size=N))
    A0 = rng.normal(size=N)
    fd = np.array(
        [
            (surrogate(th0 + h * e, pi_o, A0, eps) - surrogate(th0 - h * e, pi_o, A0, eps))
            / (2 * h)
            for e in np.eye(N)
        ]
    )
    R.check_close(
        "gradient of the exact surrogate E_old[min(rho A, clip A)] vs finite differences",
        ppo_grad(th0, pi_o, A0),
        fd,
        atol=1e-8,
    )

    theta = np.log(pi_ref).copy()  # start at the SFT policy
    for _ in range(800):  # outer PPO iterations
        pi_old = softmax(theta)
        rew = r - beta * np.log(pi_old / pi_ref)  # KL-penalised reward
        A = rew - pi_old @ rew  # advantage with value baseline
        for _ in range(4):  # a few epochs on the surrogate
            theta += 1.0 * ppo_grad(theta, pi_old, A)
    pi_star = softmax(np.log(pi_ref) + r / beta)
    R.check_close("PPO fixed point = pi_ref exp(r/beta)/Z", softmax(theta), pi_star, atol=1e-6)
    R.figure(
        "E[r] at SFT policy -> after PPO (optimum)",
        [float(pi_ref @ r), float(softmax(theta) @ r), float(pi_star @ r)],
    )
    return R


if __name__ == "__main__":
    main(run)
