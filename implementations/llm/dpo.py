"""dpo: Direct Preference Optimization, a classification loss on preference pairs.

Follows Rafailov et al. (2023), Sec. 4 (objective and gradient) and Sec. 5: with implicit
reward rhat(y) = beta log(pi(y)/pi_ref(y)), the loss is -log sigmoid(rhat(y_w) - rhat(y_l)); its
gradient is -beta sigmoid(rhat_l - rhat_w) [grad log pi(y_w) - grad log pi(y_l)]. Toy setting:
one prompt, N candidate responses, tabular policy logits. Checks: the loss against -log expit of the
margin pair by pair (scipy), weighted and unweighted; the paper's closed-form gradient vs
finite differences of that loss; minimising the population DPO loss under
Bradley-Terry preferences from a planted reward r recovers r (up to a constant) as the implicit
reward, so the DPO policy equals the RLHF optimum pi_ref exp(r/beta)/Z.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit
from scipy.special import log_softmax as sp_log_softmax

from implementations._common import Report, main, solution

EXERCISE = ["dpo_loss", "dpo_grad"]

DOC_ZH = {
    "dpo_loss": """DPO 损失：偏好对上的 -log sigmoid(rhat(y_w) - rhat(y_l)) 的（加权）平均，隐式奖励 rhat(y) = beta (log pi_theta(y) - log pi_ref(y))。

输入：theta，长度 N 的策略 logits（pi_theta = softmax(theta)）；logref，参考策略的对数概率；yw、yl，偏好对中胜者与败者的下标数组；beta > 0；weight，每对的权重（None 表示全为 1）。
输出：一个 float：sum(w * loss) / sum(w)。

>>> round(dpo_loss(np.zeros(2), np.log([0.5, 0.5]), np.array([0]), np.array([1]), 1.0), 6)
0.693147
""",
    "dpo_grad": """DPO 损失对 theta 的梯度（论文的闭式）：-beta sigmoid(rhat_l - rhat_w) [grad log pi(y_w) - grad log pi(y_l)] 的加权平均，其中 softmax logits 下 grad log pi(y) = e_y - pi。

输入：同 dpo_loss。
输出：长度 N 的数组。

>>> dpo_grad(np.zeros(2), np.log([0.5, 0.5]), np.array([0]), np.array([1]), 1.0).tolist()
[-0.5, 0.5]
""",
}

HINTS = {
    "en": (
        "DPO is logistic regression on preference pairs, with the classifier's score being a "
        "log-ratio between the policy and the reference policy.",
        "rhat(y) = beta (log softmax(theta)_y - logref_y); loss = softplus(-(rhat_w - rhat_l)). "
        "Its gradient weights each pair by sigmoid(rhat_l - rhat_w) and uses "
        "grad log pi(y) = onehot(y) - pi.",
    ),
    "zh": (
        "DPO 就是偏好对上的逻辑回归，分类器的得分是策略与参考策略之间的对数比。",
        "rhat(y) = beta (log softmax(theta)_y - logref_y)；loss = softplus(-(rhat_w - rhat_l))。"
        "梯度中每对的权重为 sigmoid(rhat_l - rhat_w)，并用 grad log pi(y) = onehot(y) - pi。",
    ),
}


def log_softmax(a):
    a = a - a.max()
    return a - np.log(np.exp(a).sum())


def sigmoid(x):
    return 0.5 * (1 + np.tanh(x / 2))


def dpo_loss(theta, logref, yw, yl, beta, weight=None):
    """DPO loss: the (weighted) mean over preference pairs of -log sigmoid(rhat(y_w) -
    rhat(y_l)), with implicit reward rhat(y) = beta (log pi_theta(y) - log pi_ref(y)).

    Input: theta, N policy logits (pi_theta = softmax(theta)); logref, the reference
    policy's log-probabilities; yw, yl, arrays of winner and loser indices; beta > 0;
    weight, one weight per pair (None: all 1). Output: a float, sum(w * loss) / sum(w).

    >>> round(dpo_loss(np.zeros(2), np.log([0.5, 0.5]), np.array([0]), np.array([1]), 1.0), 6)
    0.693147
    """
    rh = beta * (log_softmax(theta) - logref)  # implicit rewards
    m = rh[yw] - rh[yl]
    wgt = np.ones_like(m) if weight is None else weight
    return float((wgt * np.logaddexp(0, -m)).sum() / wgt.sum())


def dpo_grad(theta, logref, yw, yl, beta, weight=None):
    """Gradient of dpo_loss in theta (the paper's closed form): the weighted mean of
    -beta sigmoid(rhat_l - rhat_w) [grad log pi(y_w) - grad log pi(y_l)], where
    grad log pi(y) = e_y - pi for softmax logits.

    Input: as dpo_loss. Output: an array of length N.

    >>> dpo_grad(np.zeros(2), np.log([0.5, 0.5]), np.array([0]), np.array([1]), 1.0).tolist()
    [-0.5, 0.5]
    """
    N = theta.size
    pi = np.exp(log_softmax(theta))
    rh = beta * (log_softmax(theta) - logref)
    s = sigmoid(rh[yl] - rh[yw])  # weight: how wrong the implicit reward is
    glog = lambda y: np.eye(N)[y] - pi  # grad log pi(y) for softmax logits
    wgt = np.ones_like(s) if weight is None else weight
    return -beta * ((wgt * s)[:, None] * (glog(yw) - glog(yl))).sum(0) / wgt.sum()


def loss_ref(theta, logref, yw, yl, beta, weight=None):
    """-log expit of the reward margin, with scipy, pair by pair."""
    lp = sp_log_softmax(theta)
    w = np.ones(len(yw)) if weight is None else np.asarray(weight)
    ls = [
        -np.log(expit(beta * ((lp[a] - logref[a]) - (lp[b] - logref[b])))) for a, b in zip(yw, yl)
    ]
    return float(np.dot(w, ls) / w.sum())


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Direct Preference Optimization")
    N, beta = 6, 0.3
    logref = sp_log_softmax(rng.normal(size=N))  # reference (SFT) policy
    r = rng.normal(size=N)  # planted "true" reward

    yw, yl = rng.integers(N, size=40), rng.integers(N, size=40)
    keep = yw != yl
    yw, yl = yw[keep], yl[keep]
    theta = rng.normal(size=N)
    wr = rng.uniform(0.1, 2.0, size=len(yw))
    with R.case("DPO loss equals -log sigmoid of the implicit-reward margin (scipy)") as c:
        c.close(
            f.dpo_loss(theta, logref, yw, yl, beta),
            loss_ref(theta, logref, yw, yl, beta),
            rtol=1e-10,
        )
        c.close(
            f.dpo_loss(theta, logref, yw, yl, 2.0, wr),
            loss_ref(theta, logref, yw, yl, 2.0, wr),
            rtol=1e-10,
        )
        c.close(
            f.dpo_loss(theta + 5.0, logref, yw, yl, beta),
            loss_ref(theta, logref, yw, yl, beta),
            rtol=1e-10,
        )  # logits shift-invariant

    # 1. Gradient check on a batch of preference pairs, against the scipy loss.
    h = 1e-6
    fd = lambda b, w: np.array(
        [
            (
                loss_ref(theta + h * e, logref, yw, yl, b, w)
                - loss_ref(theta - h * e, logref, yw, yl, b, w)
            )
            / (2 * h)
            for e in np.eye(N)
        ]
    )
    with R.case("DPO gradient (paper's closed form) matches finite differences") as c:
        c.close(f.dpo_grad(theta, logref, yw, yl, beta), fd(beta, None), atol=1e-9)
        c.close(f.dpo_grad(theta, logref, yw, yl, 2.0, wr), fd(2.0, wr), atol=1e-8)

    # 2. Population loss: every ordered pair (i, j) weighted by P(i > j) = sigmoid(r_i - r_j).
    I, J = np.where(~np.eye(N, dtype=bool))
    wts = expit(r[I] - r[J])
    with R.case("implicit reward = planted reward up to a constant (centred)") as c:
        theta = logref.copy()  # start at the reference policy
        for _ in range(4000):
            theta = theta - 3.0 * f.dpo_grad(theta, logref, I, J, beta, wts)
        rhat = beta * (sp_log_softmax(theta) - logref)
        c.close(rhat - rhat.mean(), r - r.mean(), atol=1e-6)
    with R.case("implicit reward ranks responses exactly like the planted reward") as c:
        c.true(bool(np.all(np.argsort(rhat) == np.argsort(r))))

    # 3. The DPO policy equals the KL-regularised RLHF optimum, without any RL.
    pi_rlhf = np.exp(logref + r / beta)
    pi_rlhf /= pi_rlhf.sum()
    with R.case("DPO optimum = pi_ref exp(r/beta)/Z") as c:
        c.close(np.exp(sp_log_softmax(theta)), pi_rlhf, atol=1e-6)
        good = r[I] > r[J]  # pairs ordered by the planted reward
        R.figure(
            "mean pair weight sigmoid(rhat_l - rhat_w) on correctly ordered pairs: init, trained",
            [0.5, float(np.mean(expit(rhat[J[good]] - rhat[I[good]])))],
        )
        R.figure(
            "reference vs DPO probability of the best response",
            [
                float(np.exp(logref[np.argmax(r)])),
                float(np.exp(sp_log_softmax(theta))[np.argmax(r)]),
            ],
        )
    return R


if __name__ == "__main__":
    main(run)
