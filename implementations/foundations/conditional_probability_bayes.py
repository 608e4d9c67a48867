"""conditional-probability-bayes: conditioning, the chain rule of probability, Bayes' rule.

Follows Goodfellow et al. 3.5-3.7 and 3.11, MacKay ch. 2. Checks: Bayes' rule for a
diagnostic test against counting in a large simulated population and against the joint
table; a three-hypothesis update against exact fractions, sequential against batch updating,
and the edge cases (a zero prior, an uninformative likelihood); the chain-rule factors
against conditionals counted by loops, and rebuilding the joint table; a grid posterior for
a coin's bias against the conjugate Beta closed form and its mean (h+1)/(m+2).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from scipy.special import betainc, betaln

from implementations._common import Report, main, solution

EXERCISE = ["bayes_posterior", "chain_factors", "grid_posterior"]

DOC_ZH = {
    "bayes_posterior": """贝叶斯法则：P(h | d) = P(d | h) P(h) / P(d)，其中 P(d) = Σ_h P(d | h) P(h)。

输入：prior，各假设的先验概率（一维数组，和为 1）；lik，同长度的似然 P(d | h)。
输出：后验概率的一维数组（和为 1）。

>>> bayes_posterior([0.5, 0.5], [0.2, 0.6]).round(6).tolist()
[0.25, 0.75]
""",
    "chain_factors": """把三维联合概率表 P[a, b, c] 分解为链式法则的三个因子：
P(a)、P(b | a)、P(c | a, b)，使得 P(a, b, c) = P(a) P(b | a) P(c | a, b)。

输入：P，形状 (A, B, C) 的非负数组，和为 1，且各边缘概率为正。
输出：元组 (pa, pb_a, pc_ab)，形状分别为 (A,)、(A, B)、(A, B, C)；pb_a[i, j] = P(b=j | a=i)，
pc_ab[i, j, k] = P(c=k | a=i, b=j)。

>>> [x.tolist() for x in chain_factors(np.full((1, 2, 2), 0.25))]
[[1.0], [[0.5, 0.5]], [[[0.5, 0.5], [0.5, 0.5]]]]
""",
    "grid_posterior": """均匀先验下，m 次抛硬币出现 h 次正面时硬币偏置 theta 的后验密度，在网格上计算。

输入：theta，[0, 1] 内等间距的网格（一维数组，通常覆盖整个区间）；h、m，整数，0 <= h <= m。
输出：与 theta 同形状的数组：似然 theta^h (1 - theta)^(m - h) 除以其黎曼和
sum * dtheta，使密度在网格上积分为 1。

>>> grid_posterior(np.array([0.0, 0.5, 1.0]), 1, 1).round(6).tolist()
[0.0, 0.666667, 1.333333]
""",
}

HINTS = {
    "en": (
        "Conditioning restricts attention to the cases where the condition holds and "
        "renormalises: divide a joint probability by the probability of what you know.",
        "Posterior = likelihood x prior / evidence, with the evidence the sum of "
        "likelihood x prior over hypotheses. Each chain-rule factor is a marginal of the "
        "joint divided by a coarser marginal; a grid posterior is normalised by its sum x dtheta.",
    ),
    "zh": (
        "条件化就是只看条件成立的那些情形，再重新归一化：用联合概率除以已知事件的概率。",
        "后验 = 似然 × 先验 / 证据，证据是所有假设上似然 × 先验之和。链式法则的每个因子都是联合表的"
        "一个边缘概率除以更粗的边缘概率；网格后验用 sum × dtheta 归一化。",
    ),
}


def bayes_posterior(prior, lik):
    """Bayes' rule: P(h | d) = P(d | h) P(h) / P(d) with P(d) = sum_h P(d | h) P(h).

    Input: prior, the prior probabilities of the hypotheses (1-D, summing to 1); lik, the
    likelihoods P(d | h) of the same length. Output: the posterior as a 1-D array summing
    to 1.

    >>> bayes_posterior([0.5, 0.5], [0.2, 0.6]).round(6).tolist()
    [0.25, 0.75]
    """
    joint = np.asarray(lik, dtype=float) * np.asarray(prior, dtype=float)
    return joint / joint.sum()  # divide by the evidence P(d) (total probability)


def chain_factors(P):
    """The chain-rule factors P(a), P(b | a), P(c | a, b) of a 3-D joint table P[a, b, c],
    so that P(a, b, c) = P(a) P(b | a) P(c | a, b).

    Input: P, a non-negative (A, B, C) array summing to 1 with positive marginals.
    Output: (pa, pb_a, pc_ab) of shapes (A,), (A, B), (A, B, C), where
    pb_a[i, j] = P(b=j | a=i) and pc_ab[i, j, k] = P(c=k | a=i, b=j).

    >>> [x.tolist() for x in chain_factors(np.full((1, 2, 2), 0.25))]
    [[1.0], [[0.5, 0.5]], [[[0.5, 0.5], [0.5, 0.5]]]]
    """
    P = np.asarray(P, dtype=float)
    pa = P.sum(axis=(1, 2))
    pab = P.sum(axis=2)
    return pa, pab / pa[:, None], P / pab[:, :, None]


def grid_posterior(theta, h, m):
    """Posterior density of a coin's bias theta on a grid, after h heads in m flips under a
    uniform prior.

    Input: theta, an evenly spaced grid in [0, 1] (1-D, usually covering it); h, m, integers with 0 <= h <= m.
    Output: an array like theta: the likelihood theta^h (1 - theta)^(m - h) divided by its
    Riemann sum sum * dtheta, so that the density integrates to 1 on the grid.

    >>> grid_posterior(np.array([0.0, 0.5, 1.0]), 1, 1).round(6).tolist()
    [0.0, 0.666667, 1.333333]
    """
    theta = np.asarray(theta, dtype=float)
    unnorm = theta**h * (1 - theta) ** (m - h)  # likelihood x flat prior
    return unnorm / (unnorm.sum() * (theta[1] - theta[0]))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Conditional probability and Bayes' rule")

    # Diagnostic test: prior 1%, sensitivity 95%, false-positive rate 10%.
    prior, sens, fpr = 0.01, 0.95, 0.10
    joint = np.array(
        [
            [prior * sens, prior * (1 - sens)],  # rows: ill, healthy
            [(1 - prior) * fpr, (1 - prior) * (1 - fpr)],
        ]
    )  # cols: +, -
    with r.case("Bayes' rule equals joint / marginal") as c:
        post_pos = f.bayes_posterior([prior, 1 - prior], [sens, fpr])
        post_neg = f.bayes_posterior([prior, 1 - prior], [1 - sens, 1 - fpr])
        r.figure("P(ill | positive)", float(post_pos[0]))
        c.close(post_pos, joint[:, 0] / joint[:, 0].sum(), rtol=1e-12)
        c.close(post_neg, joint[:, 1] / joint[:, 1].sum(), rtol=1e-12)
    n = 1_000_000
    ill = rng.random(n) < prior
    pos = np.where(ill, rng.random(n) < sens, rng.random(n) < fpr)
    freq = ill[pos].mean()
    with r.case("simulated frequency of ill among positives matches Bayes (4 s.e.)") as c:
        post = f.bayes_posterior([prior, 1 - prior], [sens, fpr])[0]
        se = np.sqrt(post * (1 - post) / pos.sum())
        c.true(abs(freq - post) < 4 * se, f"{freq:.4f} vs {post:.4f}")

    # Three hypotheses, exact rational arithmetic as the reference.
    pr = [Fraction(1, 2), Fraction(1, 3), Fraction(1, 6)]
    lk = [Fraction(1, 10), Fraction(3, 5), Fraction(9, 10)]
    ev = sum(p * q for p, q in zip(pr, lk, strict=True))
    with r.case("three hypotheses: posterior equals exact fractions") as c:
        c.close(
            f.bayes_posterior([float(p) for p in pr], [float(q) for q in lk]),
            [float(p * q / ev) for p, q in zip(pr, lk, strict=True)],
            rtol=1e-14,
        )
    with r.case("updating on d1 then d2 equals one update on (d1, d2)") as c:
        p0, l1, l2 = rng.dirichlet(np.ones(4)), rng.random(4), rng.random(4)
        seq = f.bayes_posterior(f.bayes_posterior(p0, l1), l2)
        batch = p0 * l1 * l2 / np.sum(p0 * l1 * l2)
        c.close(seq, batch, rtol=1e-12)
    with r.case("a zero prior stays zero; an equal likelihood leaves the prior unchanged") as c:
        zero = f.bayes_posterior([0.0, 0.3, 0.7], [0.9, 0.2, 0.4])
        c.close(zero, np.array([0.0, 0.06, 0.28]) / 0.34, rtol=1e-12)
        c.close(f.bayes_posterior([0.2, 0.3, 0.5], [0.4, 0.4, 0.4]), [0.2, 0.3, 0.5], rtol=1e-12)

    # Chain rule: P(a, b, c) = P(a) P(b | a) P(c | a, b) rebuilds any joint table.
    P = rng.random((2, 3, 4))
    P /= P.sum()
    A, B, C = P.shape
    ref_a = np.array([sum(P[i, j, k] for j in range(B) for k in range(C)) for i in range(A)])
    ref_ba = np.array(
        [[sum(P[i, j, k] for k in range(C)) / ref_a[i] for j in range(B)] for i in range(A)]
    )
    ref_cab = np.array(
        [
            [[P[i, j, k] / sum(P[i, j, kk] for kk in range(C)) for k in range(C)] for j in range(B)]
            for i in range(A)
        ]
    )
    with r.case("chain-rule factors equal conditionals counted by loops") as c:
        pa, pb_a, pc_ab = f.chain_factors(P)
        c.close(pa, ref_a, rtol=1e-12)
        c.close(pb_a, ref_ba, rtol=1e-12)
        c.close(pc_ab, ref_cab, rtol=1e-12)
    with r.case("chain rule of probability rebuilds the joint") as c:
        pa, pb_a, pc_ab = f.chain_factors(P)
        c.close(pa[:, None, None] * pb_a[:, :, None] * pc_ab, P, rtol=1e-12)

    # Coin bias: uniform prior, h heads in m flips; grid posterior vs Beta(h+1, m-h+1).
    theta = np.linspace(0, 1, 20_001)
    dx = theta[1] - theta[0]
    for m, h in ((30, 21), (12, 0)):
        beta_pdf = np.exp(
            h * np.log(np.clip(theta, 1e-300, None))
            + (m - h) * np.log(np.clip(1 - theta, 1e-300, None))
            - betaln(h + 1, m - h + 1)
        )
        with r.case(f"grid posterior equals Beta(h+1, m-h+1) density (h={h}, m={m})") as c:
            # h = 0: the Riemann sum counts the endpoint theta = 0 fully, a 3e-4 excess
            tol = 1e-9 if h else 1e-3
            c.close(f.grid_posterior(theta, h, m), beta_pdf, rtol=tol, atol=1e-12)
    with r.case("a grid on [0.4, 1] gives the truncated Beta density") as c:
        sub = np.linspace(0.4, 1.0, 12_001)
        mass = 1 - betainc(22, 10, 0.4)  # P(theta > 0.4) under Beta(22, 10)
        with np.errstate(divide="ignore"):  # log 0 = -inf at theta = 1, exp gives 0
            ref = np.exp(21 * np.log(sub) + 9 * np.log1p(-sub) - betaln(22, 10))
        c.close(f.grid_posterior(sub, 21, 30), ref / mass, rtol=1e-6, atol=1e-12)
    with r.case("posterior mean = (h+1)/(m+2)") as c:
        gp = f.grid_posterior(theta, 21, 30)
        r.figure("posterior mean of coin bias", float(np.sum(theta * gp) * dx))
        c.close(np.sum(theta * gp) * dx, 22 / 32, rtol=1e-6)
    return r


if __name__ == "__main__":
    main(run)
