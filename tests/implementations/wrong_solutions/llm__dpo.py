"""DPO with the implicit reward beta log pi_theta(y), leaving out the reference policy.

The learner thinks the reference only matters for a separate KL penalty, so the reward
margin becomes beta (log pi(y_w) - log pi(y_l)) and the optimum no longer tilts pi_ref.
"""

import numpy as np

BREAKS = [
    "DPO loss equals -log sigmoid of the implicit-reward margin (scipy)",
    "DPO optimum = pi_ref exp(r/beta)/Z",
]


def _log_softmax(theta):
    theta = np.asarray(theta, dtype=float)
    m = theta.max()
    return theta - m - np.log(np.exp(theta - m).sum())


def dpo_loss(theta, logref, yw, yl, beta, weight=None):
    rh = beta * _log_softmax(theta)  # "- logref" missing
    m = rh[yw] - rh[yl]
    w = np.ones_like(m) if weight is None else np.asarray(weight, dtype=float)
    return float((w * np.logaddexp(0, -m)).sum() / w.sum())


def dpo_grad(theta, logref, yw, yl, beta, weight=None):
    lp = _log_softmax(theta)
    pi = np.exp(lp)
    rh = beta * lp
    s = 1 / (1 + np.exp(-(rh[yl] - rh[yw])))
    N = len(pi)
    glog = lambda y: np.eye(N)[y] - pi  # noqa: E731
    w = np.ones_like(s) if weight is None else np.asarray(weight, dtype=float)
    return -beta * ((w * s)[:, None] * (glog(yw) - glog(yl))).sum(0) / w.sum()
