"""contrastive-learning-infonce: the InfoNCE loss and its bound I(X;Y) >= log N - L_N.

Follows van den Oord, Li & Vinyals (2018), Sec. 2.3: classify the positive pair among N candidates
with scores f(x, y); the loss L_N is a cross-entropy, its optimum critic is the density ratio
p(y|x)/p(y), and log N - L_N lower-bounds the mutual information. Data: d independent coordinate
pairs with correlation rho, so I = -(d/2) log(1 - rho^2) exactly. Checks compare the critic with
scipy.stats.norm log-densities, the loss with a cross-entropy written as a loop (huge scores
included) and with log N for a constant critic; then, with the learner's critic and loss: every
estimate stays below log N, it is close to the true MI when MI << log N, and it saturates near
log N (far below the true MI) when MI >> log N.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import norm

from implementations._common import Report, main, solution

EXERCISE = ["log_ratio", "infonce_loss"]

DOC_ZH = {
    "log_ratio": """最优评分函数：log p(y|x) - log p(y)，对标准高斯、每个坐标相关系数为 rho 的
(x, y)，对最后一个轴（d 个坐标）求和。p(y|x) = N(rho x, 1 - rho^2)，p(y) = N(0, 1)。

输入：x、y，形状可广播的数组 (..., d)；rho，相关系数，|rho| < 1。
输出：形状为 (...) 的数组（最后一个轴已求和）。

>>> round(float(log_ratio(np.zeros(1), np.zeros(1), 0.6)), 6)
0.223144
""",
    "infonce_loss": """InfoNCE 损失 L_N：以对角线为标签的 N 类 softmax 交叉熵，
L_N = mean_i [log Σ_j exp(S[i, j]) - S[i, i]]。

输入：S，形状 (N, N) 的评分矩阵，S[i, j] = f(x_i, y_j)，正样本对在对角线上。
输出：一个 float。分数很大时也不能溢出。

>>> round(float(infonce_loss(np.zeros((4, 4)))), 6)
1.386294
""",
}

HINTS = {
    "en": (
        "The best critic compares how likely y is given x with how likely y is at all; the loss "
        "asks each x to pick its own y out of the batch.",
        "log_ratio = sum over coordinates of log N(y; rho x, 1 - rho^2) - log N(y; 0, 1). "
        "infonce_loss = mean over rows of logsumexp(S[i]) - S[i, i] (subtract the row max "
        "before exponentiating).",
    ),
    "zh": (
        "最好的评分函数比较“已知 x 时 y 的可能性”和“y 本身的可能性”；损失要求每个 x 在一批 y 中"
        "认出自己的 y。",
        "log_ratio = 对坐标求和 log N(y; rho x, 1 - rho^2) - log N(y; 0, 1)。"
        "infonce_loss = 各行 logsumexp(S[i]) - S[i, i] 的均值（取指数前先减去行最大值）。",
    ),
}


def log_ratio(x, y, rho):
    """Optimal critic log p(y|x) - log p(y), summed over the last axis (d coordinates).

    For standard Gaussians with correlation rho per coordinate: p(y|x) = N(rho x, 1 - rho^2),
    p(y) = N(0, 1). Input: broadcastable arrays x, y of shape (..., d); rho with |rho| < 1.
    Output: an array of shape (...) (the last axis summed).

    >>> round(float(log_ratio(np.zeros(1), np.zeros(1), 0.6)), 6)
    0.223144
    """
    # log p(y|x) - log p(y) for standard Gaussians with correlation rho, summed over coordinates.
    v = 1 - rho**2
    return np.sum(-0.5 * np.log(v) - (y - rho * x) ** 2 / (2 * v) + y**2 / 2, axis=-1)


def infonce_loss(S):
    """InfoNCE loss: the N-way softmax cross-entropy with the diagonal as labels.

    L_N = mean_i [log sum_j exp(S[i, j]) - S[i, i]]. Input: S, an (N, N) score matrix with
    S[i, j] = f(x_i, y_j) and the positive pairs on the diagonal. Output: a float. Must not
    overflow for huge scores.

    >>> round(float(infonce_loss(np.zeros((4, 4)))), 6)
    1.386294
    """
    m = S.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(S - m).sum(axis=1))
    return np.mean(lse - np.diag(S))


def _estimates(f, rng, rho, d, N, batches):
    # log N - L_N on fresh batches, with the learner's critic and loss.
    ests = []
    for _ in range(batches):
        x = rng.normal(size=(N, d))
        y = rho * x + np.sqrt(1 - rho**2) * rng.normal(size=(N, d))
        S = f.log_ratio(x[:, None, :], y[None, :, :], rho)  # S[i, j] = f(x_i, y_j)
        ests.append(np.log(N) - f.infonce_loss(S))
    return np.array(ests)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("InfoNCE bound")

    with r.case("critic equals log N(y; rho x, 1 - rho^2) - log N(y; 0, 1) (scipy), broadcast") as c:
        rho = -0.7
        x, y = rng.normal(size=(5, 1, 3)), rng.normal(size=(1, 4, 3))
        ref = (norm.logpdf(y, rho * x, math.sqrt(1 - rho**2)) - norm.logpdf(y)).sum(-1)
        c.close(f.log_ratio(x, y, rho), ref, rtol=1e-12)

    with r.case("loss equals a cross-entropy loop over rows (5 x 5, huge scores)") as c:
        S = rng.normal(size=(5, 5)) * 3
        S[2] += 1000.0
        ref = np.mean([math.log(sum(math.exp(v - max(row)) for v in row)) + max(row) - row[i]
                       for i, row in enumerate(S.tolist())])
        c.close(f.infonce_loss(S), ref, rtol=1e-12)

    with r.case("a constant critic gives L_N = log N") as c:
        c.close(f.infonce_loss(np.full((7, 7), -2.5)), math.log(7), rtol=1e-12)

    rho, d, N = 0.8, 1, 256
    mi = -0.5 * d * np.log(1 - rho**2)
    r.figure("true MI (nats), low-MI case", mi)
    with r.case("every batch estimate <= log N") as c:
        est = _estimates(f, rng, rho, d, N, batches=20)
        r.figure("InfoNCE estimate, N = 256", est.mean())
        c.true(bool(np.all(est <= np.log(N) + 1e-12)), f"max {est.max():.4f} vs {np.log(N):.4f}")
    with r.case("MI << log N: the bound is nearly tight") as c:
        c.close(est.mean(), mi, atol=0.05)

    rho_hi, d_hi, N_small = 0.99, 4, 32  # true MI about 7.8 nats
    mi_hi = -0.5 * d_hi * np.log(1 - rho_hi**2)
    r.figure("true MI (nats), high-MI case", mi_hi)
    with r.case("MI >> log N: estimate saturates just below log N and far below the true MI") as c:
        est_hi = _estimates(f, rng, rho_hi, d_hi, N_small, batches=20)
        r.figure("InfoNCE estimate, N = 32 (log N = 3.47)", est_hi.mean())
        c.true(np.log(N_small) - 0.2 < est_hi.mean() <= np.log(N_small), f"{est_hi.mean():.4f}")
        c.true(est_hi.mean() < mi_hi - 3)
    return r


if __name__ == "__main__":
    main(run)
