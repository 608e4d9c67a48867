"""reward-model-overoptimization: optimising a learned proxy reward eventually hurts the true one.

Follows Gao, Schulman & Hilton (2023): a gold reward model stands in for humans, a proxy
reward model is trained on its labels, a policy is optimised against the proxy, and the gold
reward is tracked as a function of d = sqrt(KL(pi || pi_init)); it first rises, then falls
(Goodhart's law), while the proxy keeps rising. Here the RL optimum against the proxy is the
tilted policy q = pi_ref exp(r/beta) / Z of the KL-regularised objective, so every point of
the curve is exact. Checks: KL(q || pi_ref) = E_q[r]/beta - log Z against the direct sum;
with lambda = 1/beta its derivative is lambda Var_q(r) (finite differences), so KL and the
proxy reward both grow as beta falls; with proxy = gold the gold reward only rises; with a few
large proxy errors it rises, peaks and falls; and for a Gaussian gold reward with independent
Gaussian proxy noise of variance s^2 ("regressional Goodhart") the gold reward is exactly
linear in d, gold = d sqrt(2 / (1 + s^2)), checked on a finely discretised 2-D Gaussian.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["tilt_kl", "optimised_rewards"]

DOC_ZH = {
    "tilt_kl": """针对奖励 r 的带 KL 正则最优策略 q = pi_ref exp(r/beta) / Z 相对 pi_ref 的 KL 散度（单位 nat）：
KL(q || pi_ref) = E_q[r] / beta - log Z，Z = sum pi_ref exp(r / beta)，用 log-sum-exp 稳定计算。

输入：pi_ref，(N,) 参考策略（各项为正）；r，(N,) 奖励；beta > 0。
输出：一个非负实数。

>>> round(tilt_kl(np.array([0.5, 0.5]), np.array([1.0, 0.0]), 1.0), 6)
0.110944
""",
    "optimised_rewards": """针对代理奖励优化后的策略在代理奖励和真实（金标准）奖励下的表现。

q = pi_ref exp(proxy / beta) / Z（带 KL 正则目标针对代理奖励的最优解）。
输入：pi_ref，(N,)；proxy，(N,) 代理奖励；gold，(N,) 真实奖励；beta > 0。
输出：(kl, proxy_mean, gold_mean)：KL(q || pi_ref)、E_q[proxy]、E_q[gold]。

>>> kl, p, g = optimised_rewards(np.array([0.5, 0.5]), np.array([1.0, 0.0]), np.array([0.0, 1.0]), 1.0)
>>> round(kl, 6), round(p, 6), round(g, 6)
(0.110944, 0.731059, 0.268941)
""",
}

HINTS = {
    "en": (
        "The optimum against the proxy is the reference policy tilted by exp(proxy / beta); "
        "evaluate that one distribution under both rewards.",
        "log q = log pi_ref + r/beta - logsumexp(log pi_ref + r/beta); KL = E_q[r]/beta - log Z. "
        "Then return (KL, q @ proxy, q @ gold).",
    ),
    "zh": (
        "针对代理奖励的最优解，是参考策略乘以 exp(proxy / beta) 后的分布；在两种奖励下分别评估这同一个分布。",
        "log q = log pi_ref + r/beta - logsumexp(log pi_ref + r/beta)；KL = E_q[r]/beta - log Z。然后返回 (KL, q @ proxy, q @ gold)。",
    ),
}


def tilt_kl(pi_ref, r, beta):
    """KL divergence (nats) from pi_ref of the KL-regularised optimum q = pi_ref exp(r/beta)/Z:
    KL(q || pi_ref) = E_q[r] / beta - log Z, Z = sum pi_ref exp(r / beta), computed with a
    stable log-sum-exp.

    Input: pi_ref (N,) positive reference policy; r (N,) rewards; beta > 0.
    Output: a non-negative float.

    >>> round(tilt_kl(np.array([0.5, 0.5]), np.array([1.0, 0.0]), 1.0), 6)
    0.110944
    """
    z = np.log(pi_ref) + np.asarray(r, dtype=float) / beta
    m = z.max()
    log_Z = m + np.log(np.sum(np.exp(z - m)))
    q = np.exp(z - log_Z)
    return float(q @ r / beta - log_Z)


def optimised_rewards(pi_ref, proxy, gold, beta):
    """How the policy optimised against a proxy reward scores on the proxy and on the true
    (gold) reward.

    q = pi_ref exp(proxy / beta) / Z, the optimum of the KL-regularised objective for the
    proxy. Input: pi_ref (N,); proxy (N,) proxy rewards; gold (N,) gold rewards; beta > 0.
    Output: (kl, proxy_mean, gold_mean) = (KL(q || pi_ref), E_q[proxy], E_q[gold]).

    >>> kl, p, g = optimised_rewards(np.array([0.5, 0.5]), np.array([1.0, 0.0]), np.array([0.0, 1.0]), 1.0)
    >>> round(kl, 6), round(p, 6), round(g, 6)
    (0.110944, 0.731059, 0.268941)
    """
    z = np.log(pi_ref) + np.asarray(proxy, dtype=float) / beta
    q = np.exp(z - z.max())
    q /= q.sum()
    return tilt_kl(pi_ref, proxy, beta), float(q @ proxy), float(q @ gold)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Reward model over-optimisation (Goodhart) under KL-regularised RL")
    N = 8
    pi_ref = rng.dirichlet(np.ones(N))
    r = rng.normal(size=N) * 2

    def tilted(p, rr, beta):
        w = p * np.exp((rr - rr.max()) / beta)
        return w / w.sum()

    with R.case("KL(q || pi_ref) = E_q[r]/beta - log Z equals the direct sum") as c:
        for beta in (0.2, 1.0, 5.0):
            q = tilted(pi_ref, r, beta)
            c.close(
                f.tilt_kl(pi_ref, r, beta),
                float(np.sum(q * np.log(q / pi_ref))),
                rtol=1e-9,
                atol=1e-14,
            )
        c.close(f.tilt_kl(pi_ref, r, 1e6), 0.0, atol=1e-9)
        c.close(f.tilt_kl(pi_ref, 300 * r, 0.5), float(-np.log(pi_ref[np.argmax(r)])), rtol=1e-9)
    with R.case("dKL/dlambda = lambda Var_q(r) with lambda = 1/beta (finite differences)") as c:
        for lam in (0.3, 1.0, 2.5):
            h = 1e-5
            d = (f.tilt_kl(pi_ref, r, 1 / (lam + h)) - f.tilt_kl(pi_ref, r, 1 / (lam - h))) / (
                2 * h
            )
            q = tilted(pi_ref, r, 1 / lam)
            c.close(d, lam * (q @ r**2 - (q @ r) ** 2), rtol=1e-5)

    betas = [8.0, 4.0, 2.0, 1.0, 0.5, 0.25, 0.12, 0.06]
    with R.case("as beta falls, KL and the proxy reward both rise; proxy = gold only rises") as c:
        rows = [f.optimised_rewards(pi_ref, r, r, b) for b in betas]
        kls, prox, gold = (np.array(x) for x in zip(*rows))
        c.true(bool(np.all(np.diff(kls) > 0) and np.all(np.diff(prox) > 0)), f"{np.round(kls, 3)}")
        c.close(gold, prox, rtol=1e-12)
        q = tilted(pi_ref, r, 0.5)
        c.close(f.optimised_rewards(pi_ref, r, -r, 0.5)[2], -(q @ r), rtol=1e-10)
        for beta in (0.01, 0.002):  # strong optimisation: no overflow, q -> the argmax
            q = tilted(pi_ref, r, beta)
            got = f.optimised_rewards(pi_ref, r + 3.0, r**2, beta)[1:]
            c.close(got, [q @ r + 3.0, q @ r**2], rtol=1e-9)

    M = 300
    g = rng.normal(size=M)
    proxy = g + rng.normal(scale=0.3, size=M)
    worst = np.argsort(g)[:3]
    proxy[worst] += 6.0  # three bad responses the proxy rates highly
    p0 = np.full(M, 1 / M)
    betas2 = [4.0, 2.0, 1.0, 0.7, 0.5, 0.4, 0.3, 0.2, 0.1]
    with R.case("a proxy with a few large errors: gold rises, peaks and falls") as c:
        rows = [f.optimised_rewards(p0, proxy, g, b) for b in betas2]
        kls, prox, gold = (np.array(x) for x in zip(*rows))
        peak = int(np.argmax(gold))
        c.true(bool(np.all(np.diff(prox) > 0)), "the proxy keeps rising")
        c.true(0 < peak < len(betas2) - 1 and gold[-1] < gold[peak] - 0.4, f"{np.round(gold, 3)}")
        R.figure(
            "sqrt(KL) | proxy | gold along decreasing beta",
            [
                [round(float(np.sqrt(k)), 3), round(float(a), 3), round(float(b), 3)]
                for k, a, b in zip(kls, prox, gold)
            ],
        )

    # Regressional Goodhart: gold ~ N(0,1), proxy = gold + N(0, s^2) noise, on a 2-D grid.
    s = 0.7
    x = np.linspace(-7, 7, 141)
    G, E = np.meshgrid(x, s * x, indexing="ij")
    w = np.exp(-(G**2) / 2 - E**2 / (2 * s * s)).ravel()
    w /= w.sum()
    gold2, proxy2 = G.ravel(), (G + E).ravel()
    with R.case("Gaussian gold and proxy noise: gold = sqrt(KL) sqrt(2/(1+s^2)), linear in d") as c:
        for beta in (4.0, 2.0, 1.0):
            kl, pm, gm = f.optimised_rewards(w, proxy2, gold2, beta)
            c.close(
                [kl, pm, gm], [(1 + s * s) / (2 * beta**2), (1 + s * s) / beta, 1 / beta], rtol=1e-4
            )
            c.close(gm, np.sqrt(kl) * np.sqrt(2 / (1 + s * s)), rtol=1e-4)
    return R


if __name__ == "__main__":
    main(run)
