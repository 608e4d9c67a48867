"""perplexity: PPL = 2^{cross-entropy per token} = exp(mean negative log-likelihood).

Follows Murphy (2022) ch. 6 and Dive into Deep Learning ch. 9. Checks compare a uniform
model's perplexity with the vocabulary size, the perplexity of the true model on a long
sample from a Markov chain with exp(entropy rate) (closed form), and show that a weaker
(unigram) model has higher perplexity, as cross-entropy >= entropy requires. The learner
writes the perplexity of a sequence of token log-probabilities; it is also compared with a
hand-computed two-token case and the inverse geometric mean of the probabilities
(scipy.stats.gmean).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import gmean

from implementations._common import Report, main, solution

EXERCISE = ["perplexity"]

DOC_ZH = {
    "perplexity": """由观测词元的对数概率（自然对数）计算困惑度 PPL = exp(-mean(logprobs))。

输入：logprobs，一维数组，每个元素是模型给实际出现的词元的 ln p（<= 0）。
输出：一个 float，>= 1；等于每个词元概率的几何平均的倒数。

>>> round(perplexity(np.log([0.5, 0.125])), 6)
4.0
""",
}

HINTS = {
    "en": (
        "Perplexity turns an average loss back into a number of equally likely choices.",
        "Average the negative log-likelihood over the tokens (a mean, not a sum) and "
        "exponentiate with the same base as the logs (e for natural logs).",
    ),
    "zh": (
        "困惑度把平均损失换回成“等可能选项的个数”。",
        "对各词元的负对数似然取平均（是平均，不是求和），再用与对数相同的底取指数（自然对数用 e）。",
    ),
}


def perplexity(logprobs):
    """Perplexity exp(-mean(logprobs)) of the observed tokens, natural logs.

    Input: logprobs, a 1-D array of ln p the model gave each observed token (each <= 0).
    Output: a float >= 1, the inverse geometric mean of the token probabilities.

    >>> round(perplexity(np.log([0.5, 0.125])), 6)
    4.0
    """
    return float(np.exp(-np.mean(logprobs)))


def sample_chain(P, pi, n, rng):
    """Sample n states of a Markov chain started from its stationary law pi."""
    cum = np.cumsum(P, axis=1)
    u = rng.random(n)
    x = np.empty(n, dtype=int)
    x[0] = np.searchsorted(np.cumsum(pi), u[0])
    for t in range(1, n):
        x[t] = np.searchsorted(cum[x[t - 1]], u[t])
    return np.minimum(x, len(pi) - 1)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Perplexity")

    # A model that spreads mass uniformly over V tokens is "as confused as" a V-way choice.
    with r.case("uniform model over V=50 tokens has perplexity 50") as c:
        V = 50
        c.close(f.perplexity(np.full(1000, -np.log(V))), V, rtol=1e-12)

    with r.case("two tokens with p = 1/2 and 1/8: perplexity 4 (by hand)") as c:
        c.close(f.perplexity(np.log([0.5, 0.125])), 4.0, rtol=1e-12)

    with r.case("inverse geometric mean of the token probabilities (scipy gmean)") as c:
        pr = rng.uniform(0.01, 1.0, size=37)
        c.close(f.perplexity(np.log(pr)), 1 / gmean(pr), rtol=1e-10)

    # A 4-token Markov "language"; the true model's perplexity tends to exp(entropy rate).
    P = np.array(
        [[0.1, 0.6, 0.2, 0.1], [0.5, 0.1, 0.3, 0.1], [0.3, 0.3, 0.1, 0.3], [0.7, 0.1, 0.1, 0.1]]
    )
    w, v = np.linalg.eig(P.T)
    pi = np.real(v[:, np.argmin(abs(w - 1))])
    pi /= pi.sum()
    rate = float(-np.sum(pi[:, None] * P * np.log(P)))  # nats per token
    x = sample_chain(P, pi, 100_000, rng)
    lp_true = np.log(P[x[:-1], x[1:]])
    ppl_true = ppl_uni = np.nan
    with r.case("true-model perplexity within 5 se of exp(entropy rate)") as c:
        ppl_true = f.perplexity(lp_true)
        se = lp_true.std() / np.sqrt(lp_true.size)  # rough (ignores autocorrelation), so 5 se
        r.figure(
            "exp(entropy rate) vs true-model perplexity",
            [round(float(np.exp(rate)), 4), round(ppl_true, 4)],
        )
        c.true(
            abs(np.log(ppl_true) - rate) < 5 * se,
            f"log PPL {np.log(ppl_true):.4f} vs rate {rate:.4f}",
        )

    # A unigram model ignores context: its perplexity tends to exp(H(pi)) > exp(rate).
    with r.case("unigram perplexity tends to exp(H(pi))") as c:
        ppl_uni = f.perplexity(np.log(pi[x[1:]]))
        r.figure("unigram-model perplexity", ppl_uni)
        c.close(np.log(ppl_uni), -np.sum(pi * np.log(pi)), rtol=5e-3)
    with r.case("weaker model has higher perplexity") as c:
        c.true(ppl_uni > ppl_true)

    # Units: perplexity is the same whether computed in bits (2^H) or nats (e^H).
    with r.case("2^(bits per token) = e^(nats per token)") as c:
        c.close(f.perplexity(lp_true), 2 ** (-np.mean(lp_true / np.log(2))), rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
