"""grpo: Group Relative Policy Optimization, PPO without a value network.

Follows Shao et al. (2024, DeepSeekMath), the GRPO objective with outcome supervision: for
one prompt sample a group of G responses o_1..o_G from pi_old, score them, use the
group-normalised reward A_i = (r_i - mean r) / std r as every token's advantage, and maximise
(1/G) sum_i [min(rho_i A_i, clip(rho_i, 1-eps, 1+eps) A_i) - beta KL_i] with the unbiased,
non-negative estimator KL_i = pi_ref/pi - log(pi_ref/pi) - 1. Here a response is one action of
a tabular softmax policy over N responses, so every expectation can be enumerated.
Checks: the advantages against their definition (zero mean, unit population std, invariance
to r -> a r + b, the closed form sqrt((G-k)/k) for k correct of G binary rewards, zeros for a
group whose rewards are all equal); the KL estimator is non-negative and its exact expectation
under pi is KL(pi || pi_ref); the GRPO gradient against finite differences of the objective
written from the definition (inside and outside the clip range, with the KL term); and,
enumerating all N^G groups, the expected gradient with the mean-only baseline at pi = pi_old
is exactly (1 - 1/G) times the true policy gradient of E[r].
"""

from __future__ import annotations

from itertools import product

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["group_advantages", "k3_kl", "grpo_grad"]

DOC_ZH = {
    "group_advantages": """GRPO 的组内相对优势：A_i = (r_i - mean(r)) / std(r)，std 为总体标准差（ddof = 0）。

输入：rewards，同一提示下 G 个回答的奖励，形状 (G,)；normalize_std，为 False 时只减均值、不除以标准差。
输出：形状 (G,) 的优势。若组内奖励全部相等（std = 0），返回全零（这一组不提供学习信号）。

>>> group_advantages(np.array([1.0, 0.0, 0.0, 0.0])).round(6).tolist()
[1.732051, -0.57735, -0.57735, -0.57735]
""",
    "k3_kl": """GRPO 使用的 KL 估计量：k3 = pi_ref/pi - log(pi_ref/pi) - 1，逐样本计算。

输入：logp，当前策略对所采样回答的对数概率；logp_ref，参考策略的对数概率（标量或同形状数组）。
输出：同形状的估计值；它恒非负，且在 y ~ pi 下的期望等于 KL(pi || pi_ref)。

>>> round(float(k3_kl(np.log(0.5), np.log(0.25))), 6)
0.193147
""",
    "grpo_grad": """GRPO 目标 J(theta) 对 logits theta 的梯度（表格 softmax 策略，每个回答是一个动作）：
J = (1/G) sum_i [ min(rho_i A_i, clip(rho_i, 1-eps, 1+eps) A_i) - beta k3_i ]，
rho_i = pi(o_i) / pi_old(o_i)，A 为 group_advantages(rewards, normalize_std)，k3_i = k3_kl(log pi(o_i), logp_ref[o_i])。
被截断的样本（A_i > 0 且 rho_i > 1+eps，或 A_i < 0 且 rho_i < 1-eps）只剩 KL 项的梯度；grad log pi(y) = e_y - pi。

输入：theta，(N,) logits，pi = softmax(theta)；logp_old、logp_ref，(N,) 旧策略与参考策略的对数概率；
group，G 个被采样回答的下标；rewards，(G,) 它们的奖励；eps；beta；normalize_std。
输出：形状 (N,) 的梯度。

>>> lp = np.log(np.full(2, 0.5))
>>> grpo_grad(np.zeros(2), lp, lp, [0, 1], np.array([1.0, 0.0])).tolist()
[0.5, -0.5]
""",
}

HINTS = {
    "en": (
        "The group itself is the baseline: compare each response's reward with the others "
        "sampled for the same prompt, so no value network is needed.",
        "A = (r - r.mean()) / r.std() (zeros if the std is 0). For each sampled o_i: if not "
        "clipped add rho_i A_i (e_{o_i} - pi); always subtract beta (1 - pi_ref/pi)(e_{o_i} - pi), "
        "the derivative of pi_ref/pi - log(pi_ref/pi) - 1; divide the sum by G.",
    ),
    "zh": (
        "组本身就是基线：把每个回答的奖励与同一提示下采样的其他回答相比较，因此不需要价值网络。",
        "A = (r - r.mean()) / r.std()（std 为 0 时取全零）。对每个采样的 o_i：若未被截断，加上 rho_i A_i (e_{o_i} - pi)；"
        "总要减去 beta (1 - pi_ref/pi)(e_{o_i} - pi)，即 pi_ref/pi - log(pi_ref/pi) - 1 的导数；最后除以 G。",
    ),
}


def softmax(a):
    e = np.exp(a - np.max(a))
    return e / e.sum()


def group_advantages(rewards, normalize_std=True):
    """GRPO's group-relative advantage A_i = (r_i - mean(r)) / std(r), population std (ddof 0).

    Input: rewards, the (G,) rewards of G responses to the same prompt; normalize_std, when
    False only the mean is subtracted. Output: the (G,) advantages; all zeros when every
    reward in the group is equal (std 0: the group carries no learning signal).

    >>> group_advantages(np.array([1.0, 0.0, 0.0, 0.0])).round(6).tolist()
    [1.732051, -0.57735, -0.57735, -0.57735]
    """
    r = np.asarray(rewards, dtype=float)
    a = r - r.mean()
    if not normalize_std:
        return a
    s = r.std()
    if s > 0:
        return a / s
    return np.zeros_like(r)


def k3_kl(logp, logp_ref):
    """The KL estimator used by GRPO: k3 = pi_ref/pi - log(pi_ref/pi) - 1, per sample.

    Input: logp, the current policy's log-probability of a sampled response; logp_ref, the
    reference policy's (scalars or arrays of one shape). Output: the estimates, same shape;
    never negative, and their expectation under y ~ pi is KL(pi || pi_ref).

    >>> round(float(k3_kl(np.log(0.5), np.log(0.25))), 6)
    0.193147
    """
    d = np.asarray(logp_ref, dtype=float) - np.asarray(logp, dtype=float)
    return np.exp(d) - d - 1


def grpo_grad(theta, logp_old, logp_ref, group, rewards, eps=0.2, beta=0.0, normalize_std=True):
    """Gradient with respect to the logits theta of the GRPO objective (tabular softmax policy,
    one response = one action):
    J = (1/G) sum_i [min(rho_i A_i, clip(rho_i, 1-eps, 1+eps) A_i) - beta k3_i],
    rho_i = pi(o_i) / pi_old(o_i), A = group_advantages(rewards, normalize_std),
    k3_i = k3_kl(log pi(o_i), logp_ref[o_i]). A clipped sample (A_i > 0 and rho_i > 1+eps, or
    A_i < 0 and rho_i < 1-eps) keeps only the KL gradient; grad log pi(y) = e_y - pi.

    Input: theta (N,) logits, pi = softmax(theta); logp_old, logp_ref (N,) log-probabilities
    of the old and reference policies; group, the G sampled response indices; rewards (G,);
    eps; beta; normalize_std. Output: the (N,) gradient.

    >>> lp = np.log(np.full(2, 0.5))
    >>> grpo_grad(np.zeros(2), lp, lp, [0, 1], np.array([1.0, 0.0])).tolist()
    [0.5, -0.5]
    """
    pi = softmax(theta)
    logp = np.log(pi)
    A = group_advantages(rewards, normalize_std)
    G = len(group)
    g = np.zeros_like(pi)
    for o, a in zip(group, A):
        score = np.eye(len(pi))[o] - pi  # grad log pi(o)
        rho = np.exp(logp[o] - logp_old[o])
        clipped = (a > 0 and rho > 1 + eps) or (a < 0 and rho < 1 - eps)
        if not clipped:
            g += rho * a * score
        g -= beta * (1 - np.exp(logp_ref[o] - logp[o])) * score  # d k3 / d theta
    return g / G


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("GRPO: group-relative advantages, clipped surrogate, k3 KL")

    with R.case("advantages: (r - mean) / population std, zero mean, unit std") as c:
        for G in (2, 5, 16):
            r = rng.normal(size=G) * 3 + 1
            m = sum(r) / G
            s = (sum((x - m) ** 2 for x in r) / G) ** 0.5
            A = f.group_advantages(r)
            c.close(A, [(x - m) / s for x in r], rtol=1e-12, atol=1e-14)
            c.close([np.mean(A), np.std(A)], [0.0, 1.0], atol=1e-12)
        c.close(f.group_advantages(r, normalize_std=False), r - m, atol=1e-12)

    with R.case("binary rewards, k correct of G: +sqrt((G-k)/k) and -sqrt(k/(G-k))") as c:
        G = 8
        for k in range(1, G):
            r = np.r_[np.ones(k), np.zeros(G - k)]
            c.close(
                f.group_advantages(r),
                np.r_[np.full(k, np.sqrt((G - k) / k)), np.full(G - k, -np.sqrt(k / (G - k)))],
                rtol=1e-12,
            )
        R.figure(
            "A of the one correct answer in a group of 8 | of a wrong one",
            [round(float(np.sqrt(7)), 4), round(float(-np.sqrt(1 / 7)), 4)],
        )

    with R.case(
        "advantages are invariant to r -> a r + b (a > 0); an all-equal group gives 0"
    ) as c:
        r = rng.normal(size=6)
        c.close(f.group_advantages(2.5 * r - 7.0), f.group_advantages(r), rtol=1e-10, atol=1e-12)
        c.close(f.group_advantages(-r), -f.group_advantages(r), rtol=1e-10, atol=1e-12)
        c.equal(f.group_advantages(np.full(4, 3.0)), np.zeros(4))
        c.equal(f.group_advantages(np.ones(5), normalize_std=False), np.zeros(5))

    N = 5
    pi = softmax(rng.normal(size=N))
    pi_ref = softmax(rng.normal(size=N))
    with R.case("k3 KL estimator: >= 0 and E_{y~pi}[k3] = KL(pi || pi_ref) exactly") as c:
        est = f.k3_kl(np.log(pi), np.log(pi_ref))
        c.true(bool(np.all(est >= 0)), "every per-sample estimate is non-negative")
        kl = sum(pi[y] * np.log(pi[y] / pi_ref[y]) for y in range(N))
        c.close(float(pi @ est), kl, rtol=1e-12)
        c.close(f.k3_kl(np.log(0.3), np.log(0.3)), 0.0, atol=1e-15)
        c.close(f.k3_kl(np.log(0.2), np.log(0.6)), 3 - np.log(3) - 1, rtol=1e-12)

    def objective(theta, logp_old, logp_ref, group, rewards, eps, beta, norm=True):
        """The GRPO objective written from its definition, with an independent advantage."""
        r = np.asarray(rewards, float)
        A = r - r.mean()
        if norm:
            A = A / r.std() if r.std() > 0 else 0 * A
        lp = theta - np.log(np.exp(theta).sum())
        tot = 0.0
        for o, a in zip(group, A):
            rho = np.exp(lp[o] - logp_old[o])
            surr = min(rho * a, min(max(rho, 1 - eps), 1 + eps) * a)
            ratio = np.exp(logp_ref[o] - lp[o])
            tot += surr - beta * (ratio - np.log(ratio) - 1)
        return tot / len(group)

    def fd(*args):
        theta, h = args[0], 1e-6
        return np.array(
            [
                (objective(theta + h * e, *args[1:]) - objective(theta - h * e, *args[1:]))
                / (2 * h)
                for e in np.eye(N)
            ]
        )

    lo, lr = np.log(pi), np.log(pi_ref)
    with R.case("gradient equals finite differences of the GRPO objective (beta = 0.04, 0.5)") as c:
        for beta, eps, scale in (
            (0.04, 0.2, 0.05),
            (0.5, 0.2, 0.05),
            (0.5, 0.1, 0.6),
            (0.0, 0.3, 0.4),
        ):
            for _ in range(3):
                theta = lo + scale * rng.normal(size=N)
                group = list(rng.integers(0, N, size=6))
                rew = rng.normal(size=6)
                c.close(
                    f.grpo_grad(theta, lo, lr, group, rew, eps, beta),
                    fd(theta, lo, lr, group, rew, eps, beta),
                    atol=1e-7,
                )
                c.close(
                    f.grpo_grad(theta, lo, lr, group, rew, eps, beta, normalize_std=False),
                    fd(theta, lo, lr, group, rew, eps, beta, False),
                    atol=1e-7,
                )

    with R.case("defaults: eps = 0.2, beta = 0 (the clip engaged)") as c:
        theta = lo + 0.5 * rng.normal(size=N)
        group, rew = [0, 1, 2, 3], np.array([1.0, 0.0, 2.0, -1.0])
        c.close(
            f.grpo_grad(theta, lo, lr, group, rew),
            fd(theta, lo, lr, group, rew, 0.2, 0.0),
            atol=1e-7,
        )
        c.true(bool(np.any(np.abs(softmax(theta)[:4] / pi[:4] - 1) > 0.2)), "some ratio clipped")
        shift = np.log(1.3 * (1 - pi[0]) / (1 - 1.3 * pi[0]))  # makes rho_0 = 1.3 exactly
        theta = lo + shift * np.eye(N)[0]
        c.close(softmax(theta)[0] / pi[0], 1.3, rtol=1e-12)
        g = f.grpo_grad(theta, lo, lr, [0, 1], np.array([1.0, 0.0]))
        c.close(g, fd(theta, lo, lr, [0, 1], np.array([1.0, 0.0]), 0.2, 0.0), atol=1e-7)

    with R.case("a clipped sample contributes only the KL gradient") as c:
        group, rew = [0, 1], np.array([1.0, 0.0])  # A = (+1, -1)
        theta = lo + 1.0 * np.eye(N)[0] - 1.0 * np.eye(N)[1]  # rho_0 up, rho_1 down: both clipped
        pi_t = softmax(theta)
        rho = pi_t[:2] / pi[:2]
        c.true(rho[0] > 1.2 and rho[1] < 0.8, f"ratios {rho}")
        c.close(f.grpo_grad(theta, lo, lr, group, rew, 0.2, 0.0), np.zeros(N), atol=1e-15)
        kl_only = -0.3 * sum((1 - pi_ref[o] / pi_t[o]) * (np.eye(N)[o] - pi_t) for o in group) / 2
        c.close(f.grpo_grad(theta, lo, lr, group, rew, 0.2, 0.3), kl_only, rtol=1e-10)

    # Expected gradient over all N^G groups at theta = theta_old, beta = 0, mean baseline.
    r_of = rng.normal(size=3)
    p3 = softmax(rng.normal(size=3))
    true_pg = p3 * (r_of - p3 @ r_of)  # d/dtheta E_pi[r] for a softmax policy
    with R.case("E over all N^G groups of the mean-baseline gradient = (1 - 1/G) grad E[r]") as c:
        for G in (2, 3, 4):
            exp_g = np.zeros(3)
            for grp in product(range(3), repeat=G):
                prob = np.prod(p3[list(grp)])
                exp_g += prob * f.grpo_grad(
                    np.log(p3),
                    np.log(p3),
                    np.log(p3),
                    list(grp),
                    r_of[list(grp)],
                    0.2,
                    0.0,
                    normalize_std=False,
                )
            c.close(exp_g, (1 - 1 / G) * true_pg, rtol=1e-10, atol=1e-14)
    with R.case("with std normalisation the expected gradient still points uphill") as c:
        exp_g = np.zeros(3)
        for grp in product(range(3), repeat=4):
            exp_g += np.prod(p3[list(grp)]) * f.grpo_grad(
                np.log(p3), np.log(p3), np.log(p3), list(grp), r_of[list(grp)], 0.2, 0.0
            )
        c.true(float(exp_g @ true_pg) > 0, f"inner product {float(exp_g @ true_pg):.4g}")
        c.close(exp_g.sum(), 0.0, atol=1e-12)
        R.figure(
            "expected GRPO gradient (G = 4) | true policy gradient",
            [exp_g.round(4).tolist(), true_pg.round(4).tolist()],
        )
    return R


if __name__ == "__main__":
    main(run)
