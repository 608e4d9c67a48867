"""dpo: Direct Preference Optimization, a classification loss on preference pairs.

Follows Rafailov et al. (2023), Sec. 4 (objective and gradient) and Sec. 5: with implicit
reward rhat(y) = beta log(pi(y)/pi_ref(y)), the loss is -log sigmoid(rhat(y_w) - rhat(y_l)); its
gradient is -beta sigmoid(rhat_l - rhat_w) [grad log pi(y_w) - grad log pi(y_l)]. Toy setting:
one prompt, N candidate responses, tabular policy logits. Checks: the loss gradient vs finite
differences and vs the paper's closed form; minimising the population DPO loss under
Bradley-Terry preferences from a planted reward r recovers r (up to a constant) as the implicit
reward, so the DPO policy equals the RLHF optimum pi_ref exp(r/beta)/Z.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def log_softmax(a):
    a = a - a.max()
    return a - np.log(np.exp(a).sum())


def sigmoid(x):
    return 0.5 * (1 + np.tanh(x / 2))


def dpo_loss(theta, logref, yw, yl, beta, weight=None):
    rh = beta * (log_softmax(theta) - logref)  # implicit rewards
    m = rh[yw] - rh[yl]
    wgt = np.ones_like(m) if weight is None else weight
    return float((wgt * np.logaddexp(0, -m)).sum() / wgt.sum())


def dpo_grad(theta, logref, yw, yl, beta, weight=None):
    N = theta.size
    pi = np.exp(log_softmax(theta))
    rh = beta * (log_softmax(theta) - logref)
    s = sigmoid(rh[yl] - rh[yw])  # weight: how wrong the implicit reward is
    glog = lambda y: np.eye(N)[y] - pi  # grad log pi(y) for softmax logits
    wgt = np.ones_like(s) if weight is None else weight
    return -beta * ((wgt * s)[:, None] * (glog(yw) - glog(yl))).sum(0) / wgt.sum()


def run() -> Report:
    rng = np.random.default_rng(0)
    R = Report("Direct Preference Optimization")
    N, beta = 6, 0.3
    logref = log_softmax(rng.normal(size=N))  # reference (SFT) policy
    r = rng.normal(size=N)  # planted "true" reward

    # 1. Gradient check on a batch of preference pairs.
    yw, yl = rng.integers(N, size=40), rng.integers(N, size=40)
    keep = yw != yl
    yw, yl = yw[keep], yl[keep]
    theta = rng.normal(size=N)
    h = 1e-6
    fd = np.array(
        [
            (
                dpo_loss(theta + h * e, logref, yw, yl, beta)
                - dpo_loss(theta - h * e, logref, yw, yl, beta)
            )
            / (2 * h)
            for e in np.eye(N)
        ]
    )
    R.check_close(
        "DPO gradient (paper's closed form) matches finite differences",
        dpo_grad(theta, logref, yw, yl, beta),
        fd,
        atol=1e-9,
    )

    # 2. Population loss: every ordered pair (i, j) weighted by P(i > j) = sigmoid(r_i - r_j).
    I, J = np.where(~np.eye(N, dtype=bool))
    wts = sigmoid(r[I] - r[J])
    theta = logref.copy()  # start at the reference policy
    for _ in range(4000):
        theta -= 3.0 * dpo_grad(theta, logref, I, J, beta, wts)
    rhat = beta * (log_softmax(theta) - logref)
    R.check_close(
        "implicit reward = planted reward up to a constant (centred)",
        rhat - rhat.mean(),
        r - r.mean(),
        atol=1e-6,
    )
    R.check(
        "implicit reward ranks responses exactly like the planted reward",
        bool(np.all(np.argsort(rhat) == np.argsort(r))),
    )

    # 3. The DPO policy equals the KL-regularised RLHF optimum, without any RL.
    pi_rlhf = np.exp(logref + r / beta)
    pi_rlhf /= pi_rlhf.sum()
    R.check_close(
        "DPO optimum = pi_ref exp(r/beta)/Z", np.exp(log_softmax(theta)), pi_rlhf, atol=1e-6
    )

    # The gradient weight sigmoid(rhat_l - rhat_w) is large when the pair is mis-ordered.
    good = r[I] > r[J]  # pairs ordered by the planted reward
    R.figure(
        "mean pair weight sigmoid(rhat_l - rhat_w) on correctly ordered pairs: init, trained",
        [0.5, float(np.mean(sigmoid(rhat[J[good]] - rhat[I[good]])))],
    )
    R.figure(
        "reference vs DPO probability of the best response",
        [float(np.exp(logref[np.argmax(r)])), float(np.exp(log_softmax(theta))[np.argmax(r)])],
    )
    return R


if __name__ == "__main__":
    main(run)
