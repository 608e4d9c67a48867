"""prediction-with-expert-advice: exponential weights (Hedge) and the Bayes mixture under log loss.

Follows Shalev-Shwartz & Ben-David ch. 21 (online learning: the Weighted-Majority algorithm
over d experts, w_i proportional to exp(-eta * cumulative loss_i), with regret O(sqrt(T log d)))
and Cover & Thomas ch. 13 (universal coding: a mixture code is within log N of the best of
N codes, since -log sum_i (1/N) P_i(x) <= -log P_best(x) + log N). Checks: the weights equal the
closed form softmax(-eta L_{t-1}); the regret of every tested loss sequence (random, an
adversarial alternating one, a drifting best expert) stays under ln N / eta + eta T / 8 and,
with tuned eta, under sqrt(T ln N / 2); follow-the-leader suffers linear regret on the
alternating sequence while Hedge does not; the sequential mixture's log loss telescopes to
-ln((1/N) sum_i prod_t P_i) exactly and is within ln N of the best expert on every sequence.
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp

from implementations._common import Report, main, solution

EXERCISE = ["hedge_weights", "mixture_log_loss"]

DOC_ZH = {
    "hedge_weights": """指数加权（Hedge / 加权多数）：第 t 轮给专家 i 的权重正比于 exp(-eta × 前 t-1 轮的累计损失)。

输入：losses，(T, N)，第 t 行是第 t 轮各专家的损失（在 [0, 1] 内）；eta > 0，学习率。
输出：W，(T, N)：第 t 行是看到第 t 轮损失之前使用的权重（每行和为 1，第 0 行均匀）。

>>> np.round(hedge_weights(np.array([[1.0, 0.0], [1.0, 0.0]]), np.log(3.0)), 4).tolist()
[[0.5, 0.5], [0.25, 0.75]]
""",
    "mixture_log_loss": """对数损失下的贝叶斯混合：先验均匀，每轮按后验权重混合各专家对实际结果给出的概率，返回混合预测的累计对数损失（自然对数）。

输入：P，(T, N)，P[t, i] 是专家 i 在第 t 轮赋给实际发生结果的概率（> 0）。
输出：累计对数损失 -Σ_t ln(Σ_i w_t[i] P[t, i])，其中 w_t 是用前 t 轮数据更新得到的后验。

>>> round(float(mixture_log_loss(np.array([[0.5, 1.0], [0.5, 1.0]]))), 6)
0.470004
""",
}

HINTS = {
    "en": (
        "Keep each expert's running total of loss; the weights before round t depend only on "
        "the totals of rounds 0..t-1.",
        "W[t] = softmax(-eta * L_{t-1}) with L_{-1} = 0 (so row 0 is uniform); compute it in log "
        "space. For log loss, the posterior after round t is w_{t+1} proportional to w_t * P[t], "
        "and the loss of round t is -ln(w_t . P[t]).",
    ),
    "zh": (
        "记录每位专家的累计损失；第 t 轮之前的权重只取决于第 0 到 t-1 轮的累计值。",
        "W[t] = softmax(-eta × L_{t-1})，L_{-1} = 0（所以第 0 行均匀）；在对数域计算。对数损失下，"
        "第 t 轮后的后验 w_{t+1} ∝ w_t × P[t]，第 t 轮的损失是 -ln(w_t · P[t])。",
    ),
}


def hedge_weights(losses, eta):
    """Exponential weights (Hedge / Weighted-Majority): in round t expert i gets weight
    proportional to exp(-eta * its cumulative loss over rounds 0..t-1).

    Input: losses (T, N), row t the experts' losses in round t (in [0, 1]); eta > 0.
    Output: W (T, N), row t the weights used before seeing round t's losses (each row sums
    to 1, row 0 uniform).

    >>> np.round(hedge_weights(np.array([[1.0, 0.0], [1.0, 0.0]]), np.log(3.0)), 4).tolist()
    [[0.5, 0.5], [0.25, 0.75]]
    """
    T, N = losses.shape
    cum = np.vstack([np.zeros(N), np.cumsum(losses, axis=0)[:-1]])
    s = -eta * cum
    s = s - s.max(axis=1, keepdims=True)
    W = np.exp(s)
    return W / W.sum(axis=1, keepdims=True)


def mixture_log_loss(P):
    """Bayes mixture under log loss: uniform prior, each round mix the experts' probabilities
    of the actual outcome with the posterior weights; return the mixture's cumulative log
    loss in nats.

    Input: P (T, N), P[t, i] > 0 the probability expert i gave the outcome of round t.
    Output: -sum_t ln(sum_i w_t[i] P[t, i]), with w_t the posterior after rounds 0..t-1.

    >>> round(float(mixture_log_loss(np.array([[0.5, 1.0], [0.5, 1.0]]))), 6)
    0.470004
    """
    T, N = P.shape
    w = np.full(N, 1.0 / N)
    total = 0.0
    for t in range(T):
        mix = w @ P[t]
        total -= np.log(mix)
        w = w * P[t] / mix
    return total


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Prediction with expert advice: Hedge and the Bayes mixture")
    T, N = 400, 6

    def regret(losses, W):
        return float(np.sum(W * losses) - losses.sum(0).min())

    seqs = {"random": rng.random((T, N))}
    alt = np.zeros((T, 2))
    alt[0] = [0.5, 0.0]
    alt[1::2, 1], alt[2::2, 0] = 1.0, 1.0  # the leader is always about to lose
    seqs["alternating (2 experts)"] = alt
    drift = rng.random((T, N)) * 0.5
    drift[: T // 2, 0] -= 0.3
    drift[T // 2 :, 3] -= 0.4
    seqs["best expert changes at T/2"] = np.clip(drift, 0, 1)

    with r.case("weights equal softmax(-eta * cumulative loss before the round)") as c:
        L = seqs["random"]
        W = f.hedge_weights(L, 0.3)
        cum = np.vstack([np.zeros(N), np.cumsum(L, 0)[:-1]])
        c.close(W, np.exp(-0.3 * cum - logsumexp(-0.3 * cum, axis=1, keepdims=True)), rtol=1e-10)
        c.close(W[0], np.full(N, 1 / N))
    with r.case("stable for long runs (cumulative losses ~ 10^4)") as c:
        W = f.hedge_weights(np.tile([[1.0, 0.999]], (10_000, 1)), 5.0)
        c.true(np.all(np.isfinite(W)), "finite")
        c.close(W[-1, 1], 1 / (1 + np.exp(-5.0 * 9999 * 0.001)), rtol=1e-10)
    with r.case("regret <= ln N / eta + eta T / 8 on every tested sequence and eta") as c:
        for name, L in seqs.items():
            n = L.shape[1]
            for eta in (0.05, 0.2, 1.0):
                reg = regret(L, f.hedge_weights(L, eta))
                c.true(reg <= np.log(n) / eta + eta * T / 8 + 1e-9, f"{name}, eta={eta}: {reg:.3g}")
    with r.case("tuned eta = sqrt(8 ln N / T): regret <= sqrt(T ln N / 2)") as c:
        regs = []
        for name, L in seqs.items():
            n = L.shape[1]
            reg = regret(L, f.hedge_weights(L, np.sqrt(8 * np.log(n) / T)))
            regs.append(round(reg, 2))
            c.true(reg <= np.sqrt(T * np.log(n) / 2), f"{name}: {reg:.3g}")
        r.figure("regret with tuned eta (random, alternating, drifting)", regs)
    with r.case("follow-the-leader (eta = 1e4) has linear regret on the alternating sequence") as c:
        ftl = regret(alt, f.hedge_weights(alt, 1e4))
        hedge = regret(alt, f.hedge_weights(alt, np.sqrt(8 * np.log(2) / T)))
        r.figure("alternating sequence: regret of FTL | Hedge", [round(ftl, 2), round(hedge, 2)])
        c.true(ftl > T / 3 and hedge < 0.1 * ftl, f"FTL {ftl:.3g}, Hedge {hedge:.3g}")

    with r.case("mixture log loss telescopes to -ln mean_i prod_t P_i (exact)") as c:
        for n in (1, 3, 8):
            P = rng.uniform(0.05, 1.0, size=(50, n))
            exact = -(logsumexp(np.log(P).sum(0)) - np.log(n))
            c.close(f.mixture_log_loss(P), exact, rtol=1e-10)
    with r.case("mixture is within ln N of the best expert on every sequence") as c:
        for _ in range(10):
            # binary outcomes; each expert predicts a fixed Bernoulli parameter
            thetas = np.linspace(0.05, 0.95, N)
            y = rng.random(200) < rng.uniform(0.1, 0.9)
            P = np.where(y[:, None], thetas, 1 - thetas)
            mix = f.mixture_log_loss(P)
            best = (-np.log(P).sum(0)).min()
            c.true(best <= mix + 1e-9 <= best + np.log(N) + 2e-9, f"{mix - best:.3g}")
    return r


if __name__ == "__main__":
    main(run)
