"""model-collapse: refitting a model to its own samples, generation after generation.

Follows Shumailov et al., "AI models collapse when trained on recursively generated data"
(Nature 2024; preprint arXiv 2305.17493): when each generation is trained on samples of the
previous one, the tails of the original distribution disappear. The two smallest cases are
exact: a Gaussian refitted by maximum likelihood to n of its own samples has
E[var_t] = var_0 ((n-1)/n)^t and E[log var_t] = log var_0 + t (digamma((n-1)/2) + log(2/n)),
so the variance shrinks to zero; a categorical distribution re-estimated from n draws keeps
its mean (E[p_t] = p_0) while any category that draws no sample is lost forever, with
probability (1 - p)^n in one generation. Checks: Monte Carlo over many chains against these
closed forms, with tolerances from the sample standard error; lost categories never return.
"""

from __future__ import annotations

import numpy as np
from scipy.special import digamma

from implementations._common import Report, main, solution

EXERCISE = ["gaussian_refit_chain", "expected_mle_variance", "categorical_refit_chain"]

DOC_ZH = {
    "gaussian_refit_chain": """高斯分布的递归重拟合：每一代从当前 N(mu, var) 采 n 个样本，再用最大似然（均值与 ddof=0 的方差）重新拟合。

输入：rng，numpy 随机数生成器；mu0、var0，第 0 代参数；n，每代样本数；generations，代数。
输出：(mus, vars)，长度 generations+1 的数组，第 0 项为 mu0、var0。

>>> mus, vs = gaussian_refit_chain(np.random.default_rng(0), 0.0, 1.0, 10, 3)
>>> len(vs), float(vs[0])
(4, 1.0)
""",
    "expected_mle_variance": """最大似然方差在 t 代之后的期望：var0 * ((n-1)/n)^t。

输入：var0；n；t。
输出：浮点数。

>>> expected_mle_variance(1.0, 10, 2)
0.81
""",
    "categorical_refit_chain": """类别分布的递归重估计：每一代从当前概率 p 抽 n 次，用各类别的频率作为下一代的 p。

输入：rng；p0，概率向量；n；generations。
输出：形状 (generations+1, K) 的数组，第 0 行为 p0。

>>> P = categorical_refit_chain(np.random.default_rng(0), np.array([0.5, 0.5]), 4, 2)
>>> P.shape, P[0].tolist()
((3, 2), [0.5, 0.5])
""",
}

HINTS = {
    "en": (
        "Each generation only sees n samples of the previous model; fit by maximum likelihood "
        "and repeat. The estimation noise compounds instead of averaging out.",
        "var_{t+1} = mean((x - mean x)^2) with x ~ N(mu_t, var_t), so E[var_{t+1} | var_t] = "
        "var_t (n-1)/n and E[var_t] = var_0 ((n-1)/n)^t; p_{t+1} = multinomial(n, p_t) / n.",
    ),
    "zh": (
        "每一代只见到上一代模型的 n 个样本；用最大似然拟合后再重复。估计误差会层层累积，而不是相互抵消。",
        "var_{t+1} = mean((x - mean x)^2)，x ~ N(mu_t, var_t)，所以 E[var_{t+1} | var_t] = var_t (n-1)/n，"
        "E[var_t] = var_0 ((n-1)/n)^t；p_{t+1} = multinomial(n, p_t) / n。",
    ),
}


def gaussian_refit_chain(rng, mu0, var0, n, generations):
    """Recursive refitting of a Gaussian: each generation draws n samples from the current
    N(mu, var) and refits it by maximum likelihood (the mean and the ddof=0 variance).

    Input: rng, a numpy Generator; mu0, var0, the generation-0 parameters; n, samples per
    generation; generations. Output: (mus, vars), arrays of length generations+1 starting
    with mu0 and var0.

    >>> mus, vs = gaussian_refit_chain(np.random.default_rng(0), 0.0, 1.0, 10, 3)
    >>> len(vs), float(vs[0])
    (4, 1.0)
    """
    mus, vs = [mu0], [var0]
    for _ in range(generations):
        x = rng.normal(mus[-1], np.sqrt(vs[-1]), n)
        mus.append(x.mean())
        vs.append(x.var())
    return np.array(mus), np.array(vs)


def expected_mle_variance(var0, n, t):
    """The expected maximum-likelihood variance after t generations: var0 ((n-1)/n)^t.

    Input: var0; n; t. Output: a float.

    >>> expected_mle_variance(1.0, 10, 2)
    0.81
    """
    return var0 * ((n - 1) / n) ** t


def categorical_refit_chain(rng, p0, n, generations):
    """Recursive re-estimation of a categorical distribution: each generation draws n times
    from the current p and uses the category frequencies as the next p.

    Input: rng; p0, a probability vector; n; generations. Output: an array
    (generations+1, K) whose row 0 is p0.

    >>> P = categorical_refit_chain(np.random.default_rng(0), np.array([0.5, 0.5]), 4, 2)
    >>> P.shape, P[0].tolist()
    ((3, 2), [0.5, 0.5])
    """
    P = [np.asarray(p0, float)]
    for _ in range(generations):
        P.append(rng.multinomial(n, P[-1]) / n)
    return np.array(P)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Model collapse: refitting to one's own samples loses the tails")
    n, G, chains, var0 = 10, 12, 3000, 4.0

    with r.case("expected MLE variance equals var0 ((n-1)/n)^t") as c:
        for v, m, t in [(1.0, 10, 0), (4.0, 10, 5), (2.5, 3, 7), (1.0, 1, 1), (9.0, 100, 50)]:
            c.close(f.expected_mle_variance(v, m, t), v * (1 - 1 / m) ** t, rtol=1e-12)

    with r.case("Gaussian chain: shape, start, and mean variance = var0 ((n-1)/n)^t") as c:
        out = [f.gaussian_refit_chain(rng, 1.0, var0, n, G) for _ in range(chains)]
        Mu = np.array([o[0] for o in out])
        V = np.array([o[1] for o in out])
        c.equal(V.shape, (chains, G + 1))
        c.true(np.all(V[:, 0] == var0), "generation 0 is var0")
        for t in (1, 3, 6, 12):
            se = V[:, t].std() / np.sqrt(chains)
            want = var0 * ((n - 1) / n) ** t
            c.true(
                abs(V[:, t].mean() - want) < 4 * se, f"t={t}: {V[:, t].mean():.4f} vs {want:.4f}"
            )

    with r.case("... and E[log var_t] = log var0 + t (digamma((n-1)/2) + log(2/n))") as c:
        drift = digamma((n - 1) / 2) + np.log(2 / n)
        for t in (1, 4, 12):
            lv = np.log(V[:, t])
            se = lv.std() / np.sqrt(chains)
            want = np.log(var0) + t * drift
            c.true(abs(lv.mean() - want) < 4 * se, f"t={t}: {lv.mean():.4f} vs {want:.4f}")
        med = np.median(V, axis=0)
        r.figure("median variance over generations (var0 = 4, n = 10)", np.round(med, 3).tolist())
        c.true(med[-1] < 0.35 * var0, "the typical chain has lost most of its variance")

    with r.case("Gaussian chain: the mean random-walks, Var(mu_t) = sum_s E[var_s] / n") as c:
        for t in (2, 6, 12):
            want = sum(var0 * ((n - 1) / n) ** s / n for s in range(t))
            c.close(Mu[:, t].var(), want, rtol=0.15)
            c.true(abs(Mu[:, t].mean() - 1.0) < 4 * np.sqrt(want / chains), f"t={t}")

    with r.case("Gaussian chain: the mean of each generation is centred on the previous one") as c:
        M = [f.gaussian_refit_chain(rng, 3.0, 1.0, 20, 1)[0] for _ in range(3000)]
        m1 = np.array([m[1] for m in M])
        c.true(abs(m1.mean() - 3.0) < 4 * np.sqrt(1.0 / 20 / 3000), f"{m1.mean():.4f}")
        c.true(abs(m1.var() - 1.0 / 20) < 0.1 / 20, f"var of the mean {m1.var():.5f} vs 0.05")

    p0 = np.array([0.55, 0.3, 0.1, 0.04, 0.01])
    with r.case("categorical chain: lost categories never return") as c:
        runs = [f.categorical_refit_chain(rng, p0, 25, 30) for _ in range(1000)]
        ok = True
        for P in runs:
            P = np.asarray(P)
            ok &= bool(np.all(P[1:][P[:-1] == 0] == 0)) and np.allclose(P.sum(1), 1)
        c.true(ok)
    with r.case("categorical chain: E[p_t] = p0 (martingale) while tails vanish") as c:
        P = np.array(runs)
        for t in (1, 10, 30):
            se = P[:, t].std(0) / np.sqrt(len(runs)) + 1e-12
            c.true(np.all(np.abs(P[:, t].mean(0) - p0) < 4 * se + 1e-3), f"t={t}")
        lost1 = np.mean(P[:, 1] == 0, axis=0)
        want1 = (1 - p0) ** 25
        se1 = np.sqrt(want1 * (1 - want1) / len(runs)) + 1e-3
        c.true(np.all(np.abs(lost1 - want1) < 4 * se1), f"{lost1} vs {want1}")
        alive = (P[:, -1] > 0).mean(0)
        r.figure(
            "P(category still present after 30 generations), p0 = .55 .3 .1 .04 .01",
            np.round(alive, 3).tolist(),
        )
        c.true(alive[-1] < 0.2 and alive[0] > 0.5, "the rare tail is usually gone")
    return r


if __name__ == "__main__":
    main(run)
