"""adamw: decoupled weight decay versus L2 regularisation inside Adam.

Follows Loshchilov & Hutter (2019): Prop. 1 (for plain SGD, weight decay and L2 are the
same after rescaling lambda' = lambda/alpha) and Algorithm 2 (AdamW). Checks: two steps of
both variants unrolled by hand; with zero loss gradient AdamW shrinks weights by exactly
(1 - eta lambda) per step while Adam + L2 moves them by lr sign(theta); in Adam + L2 the
decay term is divided by sqrt(v_hat), so coordinates with large gradient history are
decayed less, while AdamW decays them equally; the AdamW endpoint equals the closed-form
decayed sum of plain Adam steps when the loss gradient does not depend on theta.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["adam_family"]

DOC_ZH = {
    "adam_family": """Adam 加 L2 正则（decoupled=False）或 AdamW 解耦权重衰减（decoupled=True）。

输入：theta0，起点；grad_fn(t)，第 t 步（t = 1..T）的损失梯度；T，步数；lr，学习率；lam，衰减系数；
decoupled，是否解耦；b1、b2、eps，Adam 的超参数。
L2：把 lam*theta 加进梯度，再走 Adam（衰减项也被 sqrt(v_hat) 归一化）。
AdamW：Adam 步只用损失梯度，另外直接减去 lr*lam*theta。
输出：形状 (T+1, n) 的轨迹 theta_0 .. theta_T。

>>> np.round(adam_family(np.array([1.0, -2.0]), lambda t: np.zeros(2), 2, 0.1, 0.5, True), 6).tolist()
[[1.0, -2.0], [0.95, -1.9], [0.9025, -1.805]]
""",
}

HINTS = {
    "en": (
        "The two variants differ only in where lam * theta enters: before the moments, or "
        "after the adaptive step.",
        "L2: g <- g + lam theta, then the usual bias-corrected Adam step. AdamW: the Adam step "
        "uses the loss gradient alone and lr * lam * theta is subtracted from theta directly.",
    ),
    "zh": (
        "两种做法只差在 lam * theta 加在哪里：进入矩估计之前，还是自适应步之后。",
        "L2：g <- g + lam theta，再做通常的偏差校正 Adam 步。AdamW：Adam 步只用损失梯度，"
        "然后直接从 theta 中减去 lr * lam * theta。",
    ),
}


def adam_family(theta0, grad_fn, T, lr, lam, decoupled, b1=0.9, b2=0.999, eps=1e-8):
    """Adam with L2 regularisation (decoupled=False) or AdamW weight decay (decoupled=True).

    Input: theta0, the start; grad_fn(t), the loss gradient at step t = 1..T; T, the number
    of steps; lr, the learning rate; lam, the decay coefficient; b1, b2, eps, Adam's
    hyper-parameters. L2 adds lam*theta to the gradient before the moments; AdamW keeps the
    Adam step on the loss gradient and subtracts lr*lam*theta from theta directly.
    Output: the trajectory theta_0 .. theta_T, an array (T+1, n).

    >>> np.round(adam_family(np.array([1.0, -2.0]), lambda t: np.zeros(2), 2, 0.1, 0.5, True), 6).tolist()
    [[1.0, -2.0], [0.95, -1.9], [0.9025, -1.805]]
    """
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


def _two_steps_by_hand(th0, g1, g2, lr, lam, decoupled, b1, b2, eps=0.0):
    """theta_1, theta_2 written out term by term."""
    d = 0.0 if decoupled else lam
    gg1 = g1 + d * th0
    # step 1: m_hat = g, v_hat = g^2 whatever b1, b2
    th1 = th0 - lr * gg1 / (np.abs(gg1) + eps) - (lr * lam * th0 if decoupled else 0)
    gg2 = g2 + d * th1
    m_hat = (1 - b1) * (b1 * gg1 + gg2) / (1 - b1**2)
    v_hat = (1 - b2) * (b2 * gg1**2 + gg2**2) / (1 - b2**2)
    th2 = th1 - lr * m_hat / (np.sqrt(v_hat) + eps) - (lr * lam * th1 if decoupled else 0)
    return th1, th2


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("AdamW: decoupled weight decay")

    th0, g1, g2 = np.array([2.0, -1.0, 0.3]), np.array([0.5, 0.4, -0.1]), np.array([-1.0, 2, 0.2])
    for dec, name in ((False, "Adam + L2"), (True, "AdamW")):
        with r.case(f"{name}: two steps unrolled by hand (b1 = 0.5, b2 = 0.8, lam = 0.3)") as c:
            traj = f.adam_family(th0, lambda t: [g1, g2][t - 1], 2, 0.1, 0.3, dec, 0.5, 0.8, 0.0)
            ref = _two_steps_by_hand(th0, g1, g2, 0.1, 0.3, dec, 0.5, 0.8)
            c.close(traj, np.array([th0, *ref]), rtol=1e-12)

    # default b1, b2, eps; gradients of size 1e-8 in one coordinate, where eps matters
    g1, g2 = np.array([0.5, 2e-8, -3.0]), np.array([-1.0, -1e-8, 1.0])
    for dec, name in ((False, "Adam + L2"), (True, "AdamW")):
        with r.case(f"{name}: default b1, b2, eps = 1e-8, two steps by hand") as c:
            traj = f.adam_family(th0, lambda t: [g1, g2][t - 1], 2, 0.1, 1e-9, dec)
            ref = _two_steps_by_hand(th0, g1, g2, 0.1, 1e-9, dec, 0.9, 0.999, 1e-8)
            c.close(traj, np.array([th0, *ref]), rtol=1e-12)

    # AdamW with zero loss gradient: theta_t = (1 - lr lam)^t theta_0 (pure exponential decay)
    lr, lam, T = 1e-2, 0.1, 300
    th0 = np.array([5.0, 0.5, -2.0])

    def zero(t):
        return np.zeros(3)

    with r.case("AdamW, zero gradient: theta_T = (1 - lr lam)^T theta_0") as c:
        traj = f.adam_family(th0, zero, T, lr, lam, True)
        c.close(traj[-1], (1 - lr * lam) ** T * th0, rtol=1e-12)
        c.equal(traj.shape, (T + 1, 3))
    # Adam + L2 with zero loss gradient: the normalised step is ~lr sign(theta), not proportional
    with r.case("Adam + L2, zero gradient: first step is lr sign(theta) whatever |theta|") as c:
        one = f.adam_family(th0, zero, 1, lr, lam, False)[-1]
        c.close(th0 - one, lr * np.sign(th0), rtol=1e-6)

    # two coordinates with the same weight and the same noise pattern, at scales 10 and 0.01
    scale = np.array([10.0, 0.01])
    noise = rng.normal(size=(T, 1)) * scale

    def gfun(t):
        return noise[t - 1]

    thA = np.array([1.0, 1.0])

    def decay_of(dec):
        return (
            f.adam_family(thA, gfun, T, lr, 0.0, dec)[-1]
            - f.adam_family(thA, gfun, T, lr, lam, dec)[-1]
        )

    with r.case("AdamW shrinks both coordinates by the same amount") as c:
        dW = decay_of(True)
        r.figure(
            "extra shrinkage from decay, AdamW (large-grad, small-grad coord)", dW.round(5).tolist()
        )
        c.close(dW[0], dW[1], rtol=1e-4)
        c.true(dW[0] > 0.1, f"and the decay is visible ({dW[0]:.3g})")
    with r.case("Adam+L2 decays the large-gradient coordinate at least 10x less") as c:
        dL2 = decay_of(False)
        r.figure(
            "extra shrinkage from decay, Adam+L2 (large-grad, small-grad coord)",
            dL2.round(5).tolist(),
        )
        c.true(0 < dL2[0] * 10 < dL2[1], f"ratio {dL2[1] / dL2[0]:.1f}")

    # the loss gradient here does not depend on theta, so AdamW is a linear recurrence:
    # theta_T = (1 - lr lam)^T theta_0 - sum_t (1 - lr lam)^(T-t) s_t, s_t = plain Adam steps
    with r.case("AdamW endpoint equals the closed-form decayed sum of Adam steps") as c:
        s_t = -np.diff(f.adam_family(thA, gfun, T, lr, 0.0, True), axis=0)
        cc = 1 - lr * lam
        closed = cc**T * thA - (cc ** (T - np.arange(1, T + 1)))[:, None].T @ s_t
        c.close(f.adam_family(thA, gfun, T, lr, lam, True)[-1], closed.ravel(), rtol=1e-10)
    return r


if __name__ == "__main__":
    main(run)
