"""thompson-sampling: probability matching with Beta posteriors on a Bernoulli bandit.

Follows Chapelle & Li (2011) (Thompson sampling for the Bernoulli bandit: draw
theta_j ~ Beta(S_j + 1, F_j + 1), play argmax, update the counts), and Sutton & Barto 2e,
ch. 2 (posterior or Thompson sampling). The learner computes the posterior probability that
each arm is the best, one Thompson step, and a full run. Checks: the two-arm probability
against the exact finite sum for integer Beta parameters; K-arm probabilities against
Monte Carlo with a fixed seed (4 standard errors) and summing to 1; the frequency with which
thompson_step picks each arm equals that probability (probability matching, binomial
tolerance); and the regret of a run stays far below linear and below UCB1's bound.
"""

from __future__ import annotations

import numpy as np
from scipy import integrate, stats
from scipy.special import betaln

from implementations._common import Report, main, solution

EXERCISE = ["prob_best", "thompson_step", "thompson_bandit"]

DOC_ZH = {
    "prob_best": """在相互独立的后验 theta_j ~ Beta(alpha_j, beta_j) 下，每个臂是最优臂的概率。

P(j 最优) = ∫ f_j(x) Π_{k≠j} F_k(x) dx，f、F 是 Beta 分布的密度和分布函数（可用 scipy.stats.beta 和 scipy.integrate.quad）。
输入：alpha，beta，形状 (K,)，都 > 0。
输出：形状 (K,) 的概率，和为 1。

>>> np.round(prob_best(np.array([2.0, 1.0]), np.array([1.0, 1.0])), 6).tolist()
[0.666667, 0.333333]
""",
    "thompson_step": """汤普森采样的一步：对每个臂抽 theta_j = rng.beta(alpha_j, beta_j)，返回 argmax 的编号。

输入：alpha，beta，形状 (K,)；rng，numpy Generator。
输出：int，被选中的臂。

>>> thompson_step(np.array([1000.0, 1.0]), np.array([1.0, 1000.0]), np.random.default_rng(0))
0
""",
    "thompson_bandit": """在伯努利老虎机上运行 T 步汤普森采样，先验 Beta(1, 1)。

每步用 thompson_step 选臂 a，奖励 r = 1 当 rng.random() < p[a]，否则 0；然后 alpha[a] += r，beta[a] += 1 - r。
输入：p，形状 (K,) 的成功概率；T，步数；rng，numpy Generator。
输出：(actions，形状 (T,) 的 int 数组；alpha；beta)。

>>> acts, a, b = thompson_bandit(np.array([0.0, 1.0]), 20, np.random.default_rng(0))
>>> int(a.sum() + b.sum()), int(a[1] - 1 + b[0] - 1)
(24, 20)
""",
}

HINTS = {
    "en": (
        "Keep a Beta posterior for each arm's success rate; act by sampling one plausible rate "
        "per arm and playing the best sample, so each arm is played as often as it is "
        "probably the best.",
        "Posterior Beta(1 + successes, 1 + failures). prob_best_j = integral of "
        "pdf_j(x) * prod_{k != j} cdf_k(x) over [0, 1]. Step: argmax of rng.beta(alpha, beta).",
    ),
    "zh": (
        "为每个臂的成功率维护一个 Beta 后验；行动时为每个臂抽一个可能的成功率，玩抽到最大的那个，"
        "于是每个臂被选中的频率等于它是最优臂的后验概率。",
        "后验 Beta(1 + 成功数, 1 + 失败数)。prob_best_j = ∫_0^1 pdf_j(x) Π_{k≠j} cdf_k(x) dx。"
        "一步：rng.beta(alpha, beta) 的 argmax。",
    ),
}


def prob_best(alpha, beta):
    """Probability that each arm is best under independent posteriors Beta(alpha_j, beta_j).

    P(j best) = integral of f_j(x) prod_{k != j} F_k(x) dx, with f, F the Beta density and
    cdf (scipy.stats.beta and scipy.integrate.quad will do).
    Input: alpha, beta, shape (K,), all > 0. Output: probabilities, shape (K,), summing to 1.

    >>> np.round(prob_best(np.array([2.0, 1.0]), np.array([1.0, 1.0])), 6).tolist()
    [0.666667, 0.333333]
    """
    alpha, beta = np.asarray(alpha, float), np.asarray(beta, float)
    K = len(alpha)
    out = np.zeros(K)
    for j in range(K):

        def g(x, j=j):
            others = [stats.beta.cdf(x, alpha[k], beta[k]) for k in range(K) if k != j]
            return stats.beta.pdf(x, alpha[j], beta[j]) * np.prod(others)

        out[j] = integrate.quad(g, 0.0, 1.0, limit=200, epsabs=1e-12)[0]
    return out


def thompson_step(alpha, beta, rng):
    """One Thompson step: draw theta_j = rng.beta(alpha_j, beta_j) and return the argmax arm.

    Input: alpha, beta, shape (K,); rng, a numpy Generator. Output: the chosen arm (int).

    >>> thompson_step(np.array([1000.0, 1.0]), np.array([1.0, 1000.0]), np.random.default_rng(0))
    0
    """
    return int(np.argmax(rng.beta(alpha, beta)))


def thompson_bandit(p, T, rng):
    """Run Thompson sampling for T steps on a Bernoulli bandit with Beta(1, 1) priors.

    Each step picks a with thompson_step; the reward is r = 1 if rng.random() < p[a], else 0;
    then alpha[a] += r and beta[a] += 1 - r. Input: p, shape (K,), success probabilities;
    T, steps; rng, a numpy Generator. Output: (actions, int array (T,); alpha; beta).

    >>> acts, a, b = thompson_bandit(np.array([0.0, 1.0]), 20, np.random.default_rng(0))
    >>> int(a.sum() + b.sum()), int(a[1] - 1 + b[0] - 1)
    (24, 20)
    """
    K = len(p)
    alpha, beta = np.ones(K), np.ones(K)
    acts = np.zeros(T, dtype=int)
    for t in range(T):
        a = thompson_step(alpha, beta, rng)
        reward = float(rng.random() < p[a])
        alpha[a] += reward
        beta[a] += 1 - reward
        acts[t] = a
    return acts, alpha, beta


def _two_arm_exact(a1, b1, a2, b2):
    """P(theta_2 > theta_1) for integer a2 (finite sum of Beta functions)."""
    terms = [
        np.exp(betaln(a1 + i, b1 + b2) - np.log(b2 + i) - betaln(1 + i, b2) - betaln(a1, b1))
        for i in range(int(a2))
    ]
    return float(np.sum(terms))


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Thompson sampling: play each arm with its posterior probability of being best")

    with r.case("two arms: prob_best = exact finite Beta-function sum") as c:
        for a1, b1, a2, b2 in [(3, 5, 4, 2), (10, 10, 12, 9), (1, 1, 2, 1), (7, 2, 3, 6)]:
            pb = f.prob_best(np.array([a1, a2], float), np.array([b1, b2], float))
            exact = _two_arm_exact(a1, b1, a2, b2)
            c.close(pb, [1 - exact, exact], rtol=1e-7, atol=1e-9)

    alpha, beta = np.array([3.0, 6.0, 2.0, 5.0]), np.array([4.0, 5.0, 2.0, 7.0])
    with r.case("four arms: prob_best = Monte Carlo (4 standard errors), sums to 1") as c:
        pb = np.asarray(f.prob_best(alpha, beta))
        draws = np.random.default_rng(0).beta(alpha, beta, size=(200000, 4))
        mc = np.bincount(draws.argmax(1), minlength=4) / 200000
        se = np.sqrt(mc * (1 - mc) / 200000)
        r.figure("P(best) four arms", pb.round(4).tolist())
        c.true(
            bool(np.all(np.abs(pb - mc) < 4 * se + 1e-12)),
            f"max |z| = {np.max(np.abs(pb - mc) / se):.2f}",
        )
        c.close(pb.sum(), 1.0, rtol=1e-8)

    with r.case("probability matching: thompson_step picks arm j with P(j best)") as c:
        rng = np.random.default_rng(1)
        n = 8000
        picks = np.bincount([f.thompson_step(alpha, beta, rng) for _ in range(n)], minlength=4)
        freq = picks / n
        ref = (
            np.bincount(
                np.random.default_rng(2).beta(alpha, beta, size=(400000, 4)).argmax(1), minlength=4
            )
            / 400000
        )
        se = np.sqrt(ref * (1 - ref) / n)
        c.true(
            bool(np.all(np.abs(freq - ref) < 4.5 * se)),
            f"max |z| = {np.max(np.abs(freq - ref) / se):.2f}",
        )

    with r.case("a run: counts add up, regret far below linear and UCB1's bound") as c:
        p = np.array([0.9, 0.6, 0.5])
        gaps = p.max() - p
        regs, pulls = [], []
        for seed in range(3):
            acts, a, b = f.thompson_bandit(p, 1500, np.random.default_rng(10 + seed))
            acts, a, b = np.asarray(acts), np.asarray(a), np.asarray(b)
            cnt = np.bincount(acts, minlength=3)
            c.close(a + b - 2, cnt, rtol=0)  # every pull adds one success or one failure
            c.true(bool(np.all(a >= 1) and np.all(b >= 1)))
            regs.append(gaps[acts].sum())
            pulls.append(cnt)
        # the observed successes are Binomial(pulls, p): check the best arm's rate
        reg = float(np.mean(regs))
        r.figure("mean regret over 1500 steps", reg)
        c.true(reg < 0.05 * gaps.mean() * 1500, f"{reg:.1f}")
        bound = 8 * np.log(1500) / gaps[1:] ** 2 + 1 + np.pi**2 / 3
        c.true(bool(np.all(np.mean(pulls, 0)[1:] < bound)))
        c.true(float(np.mean(pulls, 0)[1]) > 2, "the second arm is still explored")
        # with a certain winner Thompson sampling keeps almost always playing it
        acts, a, b = f.thompson_bandit(np.array([0.0, 1.0]), 200, np.random.default_rng(3))
        c.true(np.sum(np.asarray(acts)[100:] == 1) >= 99)
        c.close(np.asarray(a)[0], 1.0)
        c.close(np.asarray(b)[1], 1.0)
    return r


if __name__ == "__main__":
    main(run)
