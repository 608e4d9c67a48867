"""constitutional-ai-rlaif: preference labels from an AI judge instead of human labellers.

Follows Bai et al. (2022), Constitutional AI: an AI feedback model, prompted with a principle
of a written constitution, compares two responses; its probabilities of choosing each one
serve as soft preference labels for a preference (reward) model trained as in RLHF (RL from
AI feedback, RLAIF); and Lee et al. (2023), RLAIF: the labeller's token probabilities for
"1" and "2" give a preference distribution, position bias is countered by asking twice with
the order swapped and averaging, and the reward model is trained on these soft labels with
a cross-entropy loss. Checks: with a judge whose logit favours the first position by b, the
order-averaged preference is exactly antisymmetric (pref(A, B) + pref(B, A) = 1) and 1/2 for
equally good responses for every b, while a single order is not; the soft-label loss and its
gradient sigmoid(d) - p against the formula and finite differences, minimised at
d = logit(p) (scipy); fitting tabular rewards to exact Bradley-Terry soft labels recovers the
true rewards up to a constant, and fitting to debiased AI labels keeps their order.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["ai_preference", "soft_label_loss", "fit_rewards"]

DOC_ZH = {
    "ai_preference": """由 AI 评判者得到偏好概率并消除位置偏差：分别按 (A, B) 和 (B, A) 的顺序提问，把两次结果平均。

输入：lp_ab，A 在前时评判者对标记 "1"、"2" 的对数概率（长度 2）；lp_ba，B 在前时的对数概率。
输出：P(A 更好) = [softmax(lp_ab)[0] + softmax(lp_ba)[1]] / 2。

>>> round(ai_preference(np.log([0.8, 0.2]), np.log([0.6, 0.4])), 6)
0.6
""",
    "soft_label_loss": """用软标签训练奖励模型的交叉熵：-[p log sigmoid(d) + (1-p) log sigmoid(-d)]，d = r_a - r_b。

输入：d，奖励差（标量或数组）；p，A 更好的软标签概率（同形状）。
输出：(loss, grad)：损失及其对 d 的导数 sigmoid(d) - p，与输入同形状。

>>> loss, g = soft_label_loss(0.0, 0.75); round(float(loss), 6), float(g)
(0.693147, -0.25)
""",
    "fit_rewards": """在成对软标签上拟合表格奖励 r（K 个回答各一个数）：最小化平均软标签交叉熵，梯度下降 steps 步，
每步 r -= lr * 梯度，起点 r = 0，最后减去均值（奖励只在相差一个常数的意义下可辨识）。

输入：pairs，(a, b) 下标对列表；labels，各对中 a 更好的概率；K；steps；lr。
输出：(K,) 均值为 0 的奖励。

>>> fit_rewards([(0, 1)], [0.5], 2).tolist()
[0.0, 0.0]
""",
}

HINTS = {
    "en": (
        "A judge that favours whichever answer is shown first says 'first' more often; asking "
        "in both orders and averaging cancels that. The reward model then matches the judge's "
        "probabilities, not hard 0/1 labels.",
        "pref = (softmax(lp_ab)[0] + softmax(lp_ba)[1]) / 2. Loss with s = sigmoid(d): "
        "-(p log s + (1-p) log(1-s)), d-gradient s - p. Fit: for each pair add (s - p) to "
        "grad[a] and subtract it from grad[b], average over pairs, step, and centre r at the end.",
    ),
    "zh": (
        "偏爱“放在前面的答案”的评判者会更常说“第一个”；两种顺序都问一遍再平均就能抵消。奖励模型随后去拟合评判者的概率，而不是 0/1 硬标签。",
        "pref = (softmax(lp_ab)[0] + softmax(lp_ba)[1]) / 2。记 s = sigmoid(d)，损失 -(p log s + (1-p) log(1-s))，"
        "对 d 的梯度为 s - p。拟合：每一对把 (s - p) 加到 grad[a]、从 grad[b] 减去，按对数平均后更新，最后把 r 中心化。",
    ),
}


def _softmax(v):
    e = np.exp(np.asarray(v, dtype=float) - np.max(v))
    return e / e.sum()


def ai_preference(lp_ab, lp_ba):
    """Preference probability from an AI judge with position bias removed: ask with the order
    (A, B) and with (B, A) and average the two answers.

    Input: lp_ab, the judge's log-probabilities of the tokens "1" and "2" with A shown first
    (length 2); lp_ba, the same with B shown first.
    Output: P(A better) = [softmax(lp_ab)[0] + softmax(lp_ba)[1]] / 2.

    >>> round(ai_preference(np.log([0.8, 0.2]), np.log([0.6, 0.4])), 6)
    0.6
    """
    return float((_softmax(lp_ab)[0] + _softmax(lp_ba)[1]) / 2)


def soft_label_loss(d, p):
    """Cross-entropy for training a reward model on soft labels:
    -[p log sigmoid(d) + (1-p) log sigmoid(-d)] with d = r_a - r_b.

    Input: d, the reward difference (scalar or array); p, the soft label P(A better) (same
    shape). Output: (loss, grad): the loss and its derivative sigmoid(d) - p in d.

    >>> loss, g = soft_label_loss(0.0, 0.75); round(float(loss), 6), float(g)
    (0.693147, -0.25)
    """
    d = np.asarray(d, dtype=float)
    p = np.asarray(p, dtype=float)
    loss = p * np.logaddexp(0, -d) + (1 - p) * np.logaddexp(0, d)  # -log sigmoid = softplus(-d)
    return loss, 0.5 * (1 + np.tanh(d / 2)) - p  # sigmoid(d) - p, without overflow


def fit_rewards(pairs, labels, K, steps=2000, lr=1.0):
    """Fit tabular rewards r (one number per response) to pairwise soft labels: minimise the
    mean soft-label cross-entropy by steps of gradient descent r -= lr * grad from r = 0, then
    subtract the mean (rewards are identified only up to a constant).

    Input: pairs, a list of (a, b) index pairs; labels, P(a better) for each pair; K; steps;
    lr. Output: the (K,) rewards, mean 0.

    >>> fit_rewards([(0, 1)], [0.5], 2).tolist()
    [0.0, 0.0]
    """
    r = np.zeros(K)
    for _ in range(steps):
        g = np.zeros(K)
        for (a, b), p in zip(pairs, labels):
            s = 1 / (1 + np.exp(-(r[a] - r[b])))
            g[a] += s - p
            g[b] -= s - p
        r -= lr * g / len(pairs)
    return r - r.mean()


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("RLAIF: AI preference labels, position-bias averaging, soft-label reward model")

    def sig(x):
        return 1 / (1 + np.exp(-x))

    def judge(u_first, u_second, b):  # log-probs of "1" and "2": favours position 1 by b
        p1 = sig(u_first - u_second + b)
        return np.log([p1, 1 - p1])

    with R.case("order-averaged preference is antisymmetric and 1/2 on ties, for any bias") as c:
        for b in (0.0, 0.8, -1.5, 3.0):
            for uA, uB in ((0.3, -0.4), (1.0, 1.0), (-2.0, 0.5)):
                pab = f.ai_preference(judge(uA, uB, b), judge(uB, uA, b))
                pba = f.ai_preference(judge(uB, uA, b), judge(uA, uB, b))
                c.close(pab + pba, 1.0, rtol=1e-12)
                c.close(pab, (sig(uA - uB + b) + sig(uA - uB - b)) / 2, rtol=1e-12)
            c.close(f.ai_preference(judge(0.7, 0.7, b), judge(0.7, 0.7, b)), 0.5, rtol=1e-12)
        single = float(np.exp(judge(0.7, 0.7, 0.8)[0]))
        c.true(abs(single - 0.5) > 0.1, f"one order alone: {single:.3f} for equal answers")
        c.close(
            f.ai_preference(np.log([0.9, 0.1]) + 5.0, np.log([0.3, 0.7]) - 2.0), 0.8, rtol=1e-12
        )

    with R.case("soft-label loss and gradient: formula and finite differences") as c:
        d = rng.normal(size=7) * 3
        p = rng.uniform(size=7)
        loss, g = f.soft_label_loss(d, p)
        c.close(loss, -(p * np.log(sig(d)) + (1 - p) * np.log(sig(-d))), rtol=1e-10)
        fd = (f.soft_label_loss(d + 1e-6, p)[0] - f.soft_label_loss(d - 1e-6, p)[0]) / 2e-6
        c.close(g, fd, atol=1e-7)
        big, _ = f.soft_label_loss(np.array([800.0, -800.0]), np.array([0.0, 1.0]))
        c.close(big, [800.0, 800.0], rtol=1e-12)

    from scipy.optimize import minimize_scalar

    with R.case("the loss is minimised at d = logit(p) (scipy)") as c:
        for p in (0.1, 0.5, 0.73, 0.95):
            res = minimize_scalar(
                lambda x, p=p: float(f.soft_label_loss(x, p)[0]),
                bounds=(-20, 20),
                method="bounded",
                options={"xatol": 1e-10},
            )
            c.close(res.x, np.log(p / (1 - p)), atol=1e-6)

    K = 5
    u = rng.normal(size=K)
    pairs = [(a, b) for a in range(K) for b in range(a + 1, K)]
    with R.case(
        "exact Bradley-Terry soft labels: fitted rewards = true rewards up to a constant"
    ) as c:
        labels = [sig(u[a] - u[b]) for a, b in pairs]
        r = f.fit_rewards(pairs, labels, K)
        c.close(r, u - u.mean(), atol=1e-6)
        c.close(np.mean(r), 0.0, atol=1e-12)
        r2 = f.fit_rewards(pairs, labels, K, steps=4000, lr=0.5)
        c.close(r2, u - u.mean(), atol=1e-6)
    with R.case("labels no rewards explain exactly: the fit is the cross-entropy minimiser") as c:
        from scipy.optimize import minimize

        noisy = list(rng.uniform(0.05, 0.95, size=len(pairs)))

        def mean_loss(rr):
            return float(
                np.mean(
                    [
                        -(p * np.log(sig(rr[a] - rr[b])) + (1 - p) * np.log(sig(rr[b] - rr[a])))
                        for (a, b), p in zip(pairs, noisy)
                    ]
                )
            )

        best = minimize(mean_loss, np.zeros(K), method="BFGS", options={"gtol": 1e-10}).x
        c.close(f.fit_rewards(pairs, noisy, K), best - best.mean(), atol=1e-5)

    with R.case("debiased AI labels from a position-biased judge keep the true order") as c:
        labels = [f.ai_preference(judge(u[a], u[b], 1.2), judge(u[b], u[a], 1.2)) for a, b in pairs]
        r = f.fit_rewards(pairs, labels, K)
        c.equal(np.argsort(r), np.argsort(u))
        spread = float(np.ptp(r) / np.ptp(u))
        c.true(spread < 1.0, f"averaging shrinks reward gaps: ratio {spread:.3f}")
        R.figure(
            "true rewards | fitted from debiased AI labels",
            [np.round(u - u.mean(), 3).tolist(), np.round(r, 3).tolist()],
        )
    return R


if __name__ == "__main__":
    main(run)
