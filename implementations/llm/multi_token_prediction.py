"""multi-token-prediction: n output heads on one trunk predict the next n tokens.

Follows Gloeckle et al. (2024): at each position a shared trunk feeds n independent heads,
head k predicting token t + k, and the training loss is the sum of the n cross-entropies
(next-token prediction is n = 1); the extra heads can later draft tokens for self-speculative
decoding. On data from a stationary Markov chain with transition matrix P, the best head k
given the current token is the k-step transition matrix P^k, and its expected loss is the
conditional entropy H(X_{t+k} | X_t), which grows towards H(stationary) as k grows.
Checks: the per-head loss against explicit loops (n = 1 is ordinary next-token
cross-entropy); the expected loss of tabular heads against a direct sum over token pairs;
its minimiser, found by scipy optimisation over the heads' logits, is P^k; any other head
does worse (Gibbs); the loss measured on a sampled sequence agrees with the expected loss
within 5 standard errors; and far heads approach the entropy of the stationary distribution.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["mtp_loss", "expected_mtp_loss"]

DOC_ZH = {
    "mtp_loss": """多词元预测的损失：第 k 个头（k = 1..n）在位置 t 预测词元 tokens[t + k]。

输入：logp，(n, T, V) 的对数概率，logp[k-1, t] 是第 k 个头在位置 t 给出的分布；tokens，长度 T 的整数序列。
输出：(n,) 数组，第 k 项是第 k 个头在所有有效位置（t + k < T）上交叉熵 -logp[k-1, t, tokens[t+k]] 的平均。
训练损失是它们的和；n = 1 即普通的下一词元预测。

>>> lp = np.log(np.full((2, 3, 2), 0.5)); lp[1, 0] = np.log([0.2, 0.8])
>>> mtp_loss(lp, [0, 1, 1]).round(6).tolist()
[0.693147, 0.223144]
""",
    "expected_mtp_loss": """表格形式的头在平稳马尔可夫链数据上的期望损失。

第 k 个头是 (V, V) 的矩阵 head[k-1]，第 a 行是当前词元为 a 时对 x_{t+k} 的预测分布。
数据由转移矩阵 P 生成，x_t 服从平稳分布 pi，所以 x_{t+k} 在 x_t = a 下的分布是 P^k 的第 a 行。
输入：heads，(n, V, V)；P，(V, V)；pi，(V,)。
输出：(n,) 数组，第 k 项为 sum_a pi_a sum_b (P^k)_ab (-log heads[k-1, a, b])。

>>> P = np.array([[0.0, 1.0], [1.0, 0.0]]); H = np.full((2, 2, 2), 0.5)
>>> expected_mtp_loss(H, P, np.array([0.5, 0.5])).round(6).tolist()
[0.693147, 0.693147]
""",
}

HINTS = {
    "en": (
        "Head k at position t is scored on the token k steps ahead, so it has k fewer positions "
        "than the sequence length; on a Markov chain the k-step-ahead distribution is a matrix "
        "power.",
        "mtp: for k in 1..n, mean over t < T - k of -logp[k-1, t, tokens[t+k]]. Expected: "
        "Pk = matrix_power(P, k); loss_k = sum(pi[:, None] * Pk * -log(heads[k-1])).",
    ),
    "zh": (
        "第 k 个头在位置 t 上按 k 步之后的词元打分，所以它比序列长度少 k 个位置；在马尔可夫链上，k 步之后的分布是矩阵的幂。",
        "损失：对 k = 1..n，在 t < T - k 上对 -logp[k-1, t, tokens[t+k]] 取平均。期望：Pk = matrix_power(P, k)；"
        "loss_k = sum(pi[:, None] * Pk * -log(heads[k-1]))。",
    ),
}


def mtp_loss(logp, tokens):
    """Multi-token prediction loss: head k (k = 1..n) at position t predicts tokens[t + k].

    Input: logp (n, T, V) log-probabilities, logp[k-1, t] the distribution head k gives at
    position t; tokens, a length-T integer sequence.
    Output: (n,) array, entry k the mean over valid positions (t + k < T) of the
    cross-entropy -logp[k-1, t, tokens[t+k]]. The training loss is their sum; n = 1 is
    ordinary next-token prediction.

    >>> lp = np.log(np.full((2, 3, 2), 0.5)); lp[1, 0] = np.log([0.2, 0.8])
    >>> mtp_loss(lp, [0, 1, 1]).round(6).tolist()
    [0.693147, 0.223144]
    """
    tokens = np.asarray(tokens)
    n, T, _ = logp.shape
    out = np.zeros(n)
    for k in range(1, n + 1):
        t = np.arange(T - k)
        out[k - 1] = -np.mean(logp[k - 1, t, tokens[t + k]])
    return out


def expected_mtp_loss(heads, P, pi):
    """Expected loss of tabular heads on data from a stationary Markov chain.

    Head k is a (V, V) matrix heads[k-1] whose row a is its prediction of x_{t+k} when the
    current token is a. The data follow transition matrix P with x_t ~ pi (stationary), so
    x_{t+k} given x_t = a has distribution row a of P^k.
    Input: heads (n, V, V); P (V, V); pi (V,).
    Output: (n,) array, entry k = sum_a pi_a sum_b (P^k)_ab (-log heads[k-1, a, b]).

    >>> P = np.array([[0.0, 1.0], [1.0, 0.0]]); H = np.full((2, 2, 2), 0.5)
    >>> expected_mtp_loss(H, P, np.array([0.5, 0.5])).round(6).tolist()
    [0.693147, 0.693147]
    """
    out = []
    for k in range(1, len(heads) + 1):
        Pk = np.linalg.matrix_power(P, k)
        out.append(np.sum(pi[:, None] * Pk * -np.log(heads[k - 1])))
    return np.array(out)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Multi-token prediction")
    V, n, T = 4, 3, 12
    logits = rng.normal(size=(n, T, V))
    logp = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    tokens = rng.integers(0, V, size=T)

    with R.case("per-head loss equals explicit loops; n = 1 is next-token cross-entropy") as c:
        want = [
            np.mean([-logp[k - 1, t, tokens[t + k]] for t in range(T - k)]) for k in range(1, n + 1)
        ]
        c.close(f.mtp_loss(logp, tokens), want, rtol=1e-12)
        ntp = np.mean([-logp[0, t, tokens[t + 1]] for t in range(T - 1)])
        c.close(f.mtp_loss(logp[:1], list(tokens)), [ntp], rtol=1e-12)

    P = rng.dirichlet(np.ones(V) * 0.7, size=V)
    w, vecs = np.linalg.eig(P.T)
    pi = np.real(vecs[:, np.argmin(np.abs(w - 1))])
    pi /= pi.sum()
    heads = rng.dirichlet(np.ones(V), size=(n, V))

    def pair_sum(heads, k):  # loop over (x_t, x_{t+k}) pairs, paths enumerated step by step
        dist = np.zeros((V, V))
        for a in range(V):
            row = np.eye(V)[a]
            for _ in range(k):
                row = row @ P
            dist[a] = pi[a] * row
        return sum(-dist[a, b] * np.log(heads[k - 1][a, b]) for a in range(V) for b in range(V))

    with R.case("expected loss of tabular heads equals the sum over token pairs") as c:
        c.close(
            f.expected_mtp_loss(heads, P, pi),
            [pair_sum(heads, k) for k in range(1, n + 1)],
            rtol=1e-10,
        )

    from scipy.optimize import minimize

    with R.case("the minimiser over each head's logits (scipy) is the k-step matrix P^k") as c:

        def obj(z):
            H = np.exp(z.reshape(n, V, V))
            return f.expected_mtp_loss(H / H.sum(-1, keepdims=True), P, pi).sum()

        z = minimize(obj, np.zeros(n * V * V), method="BFGS", options={"gtol": 1e-9}).x
        Hs = np.exp(z.reshape(n, V, V))
        Hs /= Hs.sum(-1, keepdims=True)
        for k in range(1, n + 1):
            c.close(Hs[k - 1], np.linalg.matrix_power(P, k), atol=2e-4)
    best = np.stack([np.linalg.matrix_power(P, k) for k in range(1, n + 1)])
    cond_H = [-np.sum(pi[:, None] * best[k] * np.log(best[k])) for k in range(n)]
    with R.case("at P^k the loss is H(X_{t+k} | X_t); any other head does worse (Gibbs)") as c:
        c.close(f.expected_mtp_loss(best, P, pi), cond_H, rtol=1e-10)
        for _ in range(5):
            other = rng.dirichlet(np.ones(V), size=(n, V))
            c.true(bool(np.all(f.expected_mtp_loss(other, P, pi) > np.array(cond_H))))

    with R.case("the loss on a sampled sequence agrees with the expected loss (5 s.e.)") as c:
        L = 20000
        cum, u = np.cumsum(P, axis=1), rng.random(L)
        seq = np.zeros(L, dtype=int)
        seq[0] = min(int(np.searchsorted(np.cumsum(pi), u[0])), V - 1)
        for t in range(1, L):
            seq[t] = min(int(np.searchsorted(cum[seq[t - 1]], u[t])), V - 1)
        lp_seq = np.log(best[:, seq, :])  # head k's log-prediction at each position
        got = f.mtp_loss(lp_seq, seq)
        for k in range(1, n + 1):
            x = -lp_seq[k - 1, np.arange(L - k), seq[np.arange(L - k) + k]]
            c.true(
                abs(got[k - 1] - cond_H[k - 1]) < 5 * x.std() / np.sqrt(L),
                f"head {k}: {got[k - 1]:.4f} vs {cond_H[k - 1]:.4f}",
            )

    with R.case("far heads approach the entropy of the stationary distribution") as c:
        far = np.stack([np.linalg.matrix_power(P, k) for k in range(1, 41)])
        losses = f.expected_mtp_loss(far, P, pi)
        c.close(losses[-1], -np.sum(pi * np.log(pi)), rtol=1e-6)
        c.true(losses[0] < losses[-1], "the next token is easier than one 40 steps ahead")
        R.figure(
            "H(X_{t+k} | X_t) for k = 1, 2, 3, 40 (nats)",
            [round(float(x), 4) for x in (*losses[:3], losses[-1])],
        )
    return R


if __name__ == "__main__":
    main(run)
