"""rloo: REINFORCE with a leave-one-out baseline, k samples per prompt and no critic.

Follows Ahmadian et al. (2024), "Back to Basics": for RLHF, whose reward arrives only at the
end of a generation, treat the whole response as one action and use plain REINFORCE; with k
samples per prompt, each sample's baseline is the mean reward of the other k - 1 samples
(REINFORCE Leave-One-Out), which keeps the gradient estimate unbiased while lowering its
variance, with no value network. Here a response is one action of a tabular softmax policy,
so expectations over all N^k sample groups can be enumerated. Checks: the advantages against
their definition and the identity r_i - mean_{j != i} r_j = k/(k-1) (r_i - mean r); adding a
constant to every reward changes no per-group gradient; the expected gradient over all N^k
groups equals the exact policy gradient of E[r] (unbiased, unlike the plain group-mean
baseline, which is short by the factor 1 - 1/k); and its exact variance is below that of
REINFORCE without a baseline when rewards are far from 0.
"""

from __future__ import annotations

from itertools import product

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["rloo_advantages", "rloo_gradient"]

DOC_ZH = {
    "rloo_advantages": """留一（leave-one-out）优势：每个样本的基线是同一提示下其余 k-1 个样本奖励的平均，
A_i = r_i - (sum_j r_j - r_i) / (k - 1)。

输入：rewards，同一提示的 k 个样本的奖励，形状 (k,)，k >= 2。
输出：形状 (k,) 的优势。

>>> rloo_advantages(np.array([1.0, 0.0, 0.0])).tolist()
[1.0, -0.5, -0.5]
""",
    "rloo_gradient": """RLOO 的策略梯度估计（表格 softmax 策略，每个回答是一个动作）：
(1/k) sum_i A_i grad log pi(y_i)，A 为 rloo_advantages(rewards)，grad_theta log pi(y) = e_y - softmax(theta)。

输入：theta，(N,) logits；samples，k 个采样的回答下标；rewards，(k,) 它们的奖励。
输出：形状 (N,) 的梯度估计。

>>> rloo_gradient(np.zeros(2), [0, 1], np.array([1.0, 0.0])).tolist()
[0.5, -0.5]
""",
}

HINTS = {
    "en": (
        "A baseline that does not depend on the sample it is subtracted from keeps REINFORCE "
        "unbiased; the other samples' average is such a baseline.",
        "A_i = r_i - (sum(r) - r_i) / (k - 1); gradient = mean over i of A_i (e_{y_i} - pi) with "
        "pi = softmax(theta).",
    ),
    "zh": (
        "只要基线不依赖于被减去它的那个样本，REINFORCE 就仍然无偏；其余样本的平均奖励正是这样的基线。",
        "A_i = r_i - (sum(r) - r_i) / (k - 1)；梯度 = 对 i 取 A_i (e_{y_i} - pi) 的平均，pi = softmax(theta)。",
    ),
}


def softmax(a):
    e = np.exp(a - np.max(a))
    return e / e.sum()


def rloo_advantages(rewards):
    """Leave-one-out advantages: each sample's baseline is the mean reward of the other k - 1
    samples for the same prompt, A_i = r_i - (sum_j r_j - r_i) / (k - 1).

    Input: rewards, the (k,) rewards of k samples for one prompt, k >= 2.
    Output: the (k,) advantages.

    >>> rloo_advantages(np.array([1.0, 0.0, 0.0])).tolist()
    [1.0, -0.5, -0.5]
    """
    r = np.asarray(rewards, dtype=float)
    k = len(r)
    return r - (r.sum() - r) / (k - 1)


def rloo_gradient(theta, samples, rewards):
    """RLOO policy-gradient estimate for a tabular softmax policy (one response = one action):
    (1/k) sum_i A_i grad log pi(y_i), A = rloo_advantages(rewards),
    grad_theta log pi(y) = e_y - softmax(theta).

    Input: theta (N,) logits; samples, the k sampled response indices; rewards (k,).
    Output: the (N,) gradient estimate.

    >>> rloo_gradient(np.zeros(2), [0, 1], np.array([1.0, 0.0])).tolist()
    [0.5, -0.5]
    """
    pi = softmax(theta)
    A = rloo_advantages(rewards)
    g = np.zeros_like(pi)
    for y, a in zip(samples, A):
        g += a * (np.eye(len(pi))[y] - pi)
    return g / len(samples)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("REINFORCE leave-one-out (RLOO)")

    with R.case("advantages: r_i minus the mean of the other k - 1 rewards") as c:
        for k in (2, 3, 7):
            r = rng.normal(size=k) * 2 + 1
            loop = [r[i] - np.mean([r[j] for j in range(k) if j != i]) for i in range(k)]
            c.close(f.rloo_advantages(r), loop, rtol=1e-12, atol=1e-14)
            c.close(f.rloo_advantages(r), k / (k - 1) * (r - r.mean()), rtol=1e-12, atol=1e-14)

    N = 4
    theta = rng.normal(size=N)
    pi = softmax(theta)
    r_of = rng.normal(size=N)
    with R.case("a constant added to every reward changes no per-group gradient") as c:
        for _ in range(5):
            grp = list(rng.integers(0, N, size=4))
            c.close(
                f.rloo_gradient(theta, grp, r_of[grp] + 7.5),
                f.rloo_gradient(theta, grp, r_of[grp]),
                atol=1e-12,
            )
        grp = [0, 1, 1, 3]
        want = (
            sum(
                (r_of[y] - np.mean([r_of[z] for j, z in enumerate(grp) if j != i]))
                * (np.eye(N)[y] - pi)
                for i, y in enumerate(grp)
            )
            / 4
        )
        c.close(f.rloo_gradient(theta, grp, r_of[grp]), want, rtol=1e-12)

    true_pg = pi * (r_of - pi @ r_of)  # d/dtheta E_pi[r] for a softmax policy
    fd = np.array(
        [
            (softmax(theta + 1e-6 * e) @ r_of - softmax(theta - 1e-6 * e) @ r_of) / 2e-6
            for e in np.eye(N)
        ]
    )
    with R.case("unbiased: E over all N^k groups equals the exact policy gradient") as c:
        c.close(true_pg, fd, atol=1e-8)
        for k in (2, 3, 4):
            exp_g = np.zeros(N)
            for grp in product(range(N), repeat=k):
                exp_g += np.prod(pi[list(grp)]) * f.rloo_gradient(theta, list(grp), r_of[list(grp)])
            c.close(exp_g, true_pg, rtol=1e-10, atol=1e-14)
        R.figure(
            "E[group-mean-baseline gradient] / true gradient for k = 4 (GRPO without std)", 0.75
        )

    with R.case(
        "lower variance than REINFORCE without a baseline when rewards are far from 0"
    ) as c:
        k = 3
        shifted = r_of + 5.0
        m1, m2 = np.zeros(N), np.zeros(N)
        s1, s2 = np.zeros(N), np.zeros(N)
        for grp in product(range(N), repeat=k):
            p = np.prod(pi[list(grp)])
            g = f.rloo_gradient(theta, list(grp), shifted[list(grp)])
            plain = sum(shifted[y] * (np.eye(N)[y] - pi) for y in grp) / k
            m1, m2 = m1 + p * g, m2 + p * g * g
            s1, s2 = s1 + p * plain, s2 + p * plain * plain
        var_rloo, var_plain = float(np.sum(m2 - m1**2)), float(np.sum(s2 - s1**2))
        c.close(m1, s1, rtol=1e-9, atol=1e-13)
        c.true(var_rloo < 0.2 * var_plain, f"variance {var_rloo:.4g} vs {var_plain:.4g}")
        R.figure(
            "total variance of the k = 3 estimate: RLOO | no baseline",
            [round(var_rloo, 5), round(var_plain, 5)],
        )
    return R


if __name__ == "__main__":
    main(run)
