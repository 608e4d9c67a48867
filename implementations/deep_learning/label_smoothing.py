"""label-smoothing: train against (1 - eps) one-hot + eps/K instead of the hard label.

Follows Szegedy et al. (2015), sec. 7 (label-smoothing regularization: q'(k) = (1 - eps)
delta_{k,y} + eps u(k) with u uniform, and H(q', p) = (1 - eps) H(q, p) + eps H(u, p)),
Goodfellow et al. ch. 7 and qiu-nndl ch. 7.
Checks: smoothed targets sum to 1 and reduce to one-hot at eps = 0; the loss equals
(1 - eps) cross-entropy + eps times the mean over classes of -log p (scipy log_softmax), also
for logits ~ 1e3; it equals H(q') + KL(q' || p), so its minimum H(q') is reached at
logits = log q' where the gradient vanishes; the minimising logit gap is the finite
log((1 - eps + eps/K)/(eps/K)) (scipy.optimize.minimize_scalar), unlike the unbounded gap of
hard labels; the gradient against central finite differences.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax

from implementations._common import Report, main, solution

EXERCISE = ["smooth_labels", "label_smoothing_loss", "label_smoothing_grad"]

DOC_ZH = {
    "smooth_labels": """平滑标签：q' = (1 - eps) onehot(y) + eps / K。输入 y，类别下标 (n,)；K；eps。输出 (n, K)。

>>> smooth_labels(np.array([1]), 4, 0.2).round(6).tolist()
[[0.05, 0.85, 0.05, 0.05]]
""",
    "label_smoothing_loss": """以平滑标签为目标的平均交叉熵：mean_i (-sum_k q'_ik log softmax(logits_i)_k)，对很大的 logits 也要数值稳定。
输入：logits (n, K)；y (n,)；eps。输出：标量。

>>> round(label_smoothing_loss(np.zeros((1, 2)), np.array([0]), 0.1), 6)
0.693147
""",
    "label_smoothing_grad": """label_smoothing_loss 对 logits 的梯度：(softmax(logits) - q') / n，形状 (n, K)。

>>> label_smoothing_grad(np.zeros((1, 2)), np.array([0]), 0.2).tolist()
[[-0.4, 0.4]]
""",
}

HINTS = {
    "en": (
        "Build the soft target first; after that it is the ordinary softmax cross-entropy with a "
        "distribution instead of an index.",
        "q = (1-eps) onehot + eps/K; loss = -mean(sum(q * log_softmax(logits), axis=1)) with "
        "log_softmax = z - max - log(sum exp(z - max)); gradient (softmax - q)/n.",
    ),
    "zh": (
        "先构造软目标；之后就是普通的 softmax 交叉熵，只不过目标是一个分布而不是一个下标。",
        "q = (1-eps) onehot + eps/K；loss = -mean(sum(q * log_softmax(logits), axis=1))，其中 log_softmax = z - max - log(sum exp(z - max))；"
        "梯度为 (softmax - q)/n。",
    ),
}


def smooth_labels(y, K, eps):
    """Smoothed targets q' = (1 - eps) onehot(y) + eps / K. Input y (n,) class indices; K; eps.
    Output (n, K).

    >>> smooth_labels(np.array([1]), 4, 0.2).round(6).tolist()
    [[0.05, 0.85, 0.05, 0.05]]
    """
    q = np.full((len(y), K), eps / K)
    q[np.arange(len(y)), y] += 1 - eps
    return q


def _log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def label_smoothing_loss(logits, y, eps):
    """Mean cross-entropy against the smoothed targets: mean_i (-sum_k q'_ik log softmax(logits_i)_k),
    stable for huge logits. Input logits (n, K); y (n,); eps. Output: a float.

    >>> round(label_smoothing_loss(np.zeros((1, 2)), np.array([0]), 0.1), 6)
    0.693147
    """
    q = smooth_labels(y, logits.shape[1], eps)
    return float(-np.mean(np.sum(q * _log_softmax(logits), axis=1)))


def label_smoothing_grad(logits, y, eps):
    """Gradient of label_smoothing_loss with respect to the logits: (softmax(logits) - q') / n.

    >>> label_smoothing_grad(np.zeros((1, 2)), np.array([0]), 0.2).tolist()
    [[-0.4, 0.4]]
    """
    q = smooth_labels(y, logits.shape[1], eps)
    return (np.exp(_log_softmax(logits)) - q) / logits.shape[0]


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Label smoothing")
    rng = np.random.default_rng(0)
    n, K, eps = 8, 5, 0.1
    logits = rng.normal(0, 2, (n, K))
    y = rng.integers(K, size=n)

    with r.case("smoothed targets: rows sum to 1, one-hot at eps = 0") as c:
        q = f.smooth_labels(y, K, eps)
        c.close(q.sum(axis=1), np.ones(n), rtol=1e-12)
        c.close(q[np.arange(n), y], np.full(n, 1 - eps + eps / K), rtol=1e-12)
        c.close(np.sort(q, axis=1)[:, :-1], np.full((n, K - 1), eps / K), rtol=1e-12)
        c.equal(f.smooth_labels(y, K, 0.0), np.eye(K)[y])
    with r.case("loss = (1 - eps) CE + eps mean_k(-log p_k) (Szegedy et al., sec. 7)") as c:
        lp = log_softmax(logits, axis=1)
        ce = -np.mean(lp[np.arange(n), y])
        uni = -np.mean(lp.mean(axis=1))
        c.close(f.label_smoothing_loss(logits, y, eps), (1 - eps) * ce + eps * uni, rtol=1e-12)
        c.close(f.label_smoothing_loss(logits, y, 0.0), ce, rtol=1e-12)
    with r.case("stable for logits ~ 1e3") as c:
        big = 500 * logits
        lp = log_softmax(big, axis=1)
        ref = -np.mean(np.sum(((1 - eps) * np.eye(K)[y] + eps / K) * lp, axis=1))
        c.close(f.label_smoothing_loss(big, y, eps), ref, rtol=1e-10)
    with r.case("loss = H(q') + KL(q' || p) >= H(q'), equality at logits = log q'") as c:
        q = (1 - eps) * np.eye(K)[y] + eps / K
        p = softmax(logits, axis=1)
        H = -np.mean(np.sum(q * np.log(q), axis=1))
        kl = np.mean(np.sum(q * np.log(q / p), axis=1))
        c.close(f.label_smoothing_loss(logits, y, eps), H + kl, rtol=1e-12)
        c.close(f.label_smoothing_loss(np.log(q) + 3.0, y, eps), H, rtol=1e-12)
        c.close(f.label_smoothing_grad(np.log(q), y, eps), np.zeros((n, K)), atol=1e-15)
    with r.case("the optimal logit gap is finite: log((1 - eps + eps/K)/(eps/K))") as c:
        yy = np.array([0])

        def loss_of_gap(g):
            return f.label_smoothing_loss(np.array([[g] + [0.0] * (K - 1)]), yy, eps)

        res = minimize_scalar(
            loss_of_gap, bounds=(0, 30), method="bounded", options={"xatol": 1e-9}
        )
        gap = np.log((1 - eps + eps / K) / (eps / K))
        r.figure("optimal logit gap (eps = 0.1, K = 5)", float(gap))
        c.close(res.x, gap, atol=1e-5)
        hard = [
            f.label_smoothing_loss(np.array([[g] + [0.0] * (K - 1)]), yy, 0.0) for g in (5, 10, 20)
        ]
        c.true(
            hard[0] > hard[1] > hard[2], "with hard labels the loss keeps falling as the gap grows"
        )
    with r.case("gradient = central finite differences") as c:
        h = 1e-6
        fd = np.zeros((n, K))
        for idx in np.ndindex(n, K):
            e = np.zeros((n, K))
            e[idx] = h
            up = -np.mean(
                np.sum(
                    ((1 - eps) * np.eye(K)[y] + eps / K) * log_softmax(logits + e, axis=1), axis=1
                )
            )
            dn = -np.mean(
                np.sum(
                    ((1 - eps) * np.eye(K)[y] + eps / K) * log_softmax(logits - e, axis=1), axis=1
                )
            )
            fd[idx] = (up - dn) / (2 * h)
        c.close(f.label_smoothing_grad(logits, y, eps), fd, rtol=1e-6, atol=1e-10)
        c.close(f.label_smoothing_grad(logits, y, eps).sum(axis=1), np.zeros(n), atol=1e-15)
    return r


if __name__ == "__main__":
    main(run)
