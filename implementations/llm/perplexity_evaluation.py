"""perplexity-evaluation: perplexity as exp(cross-entropy), its limits, and tokenizer dependence.

Perplexity of a model q on text x_1..x_N is exp(-(1/N) sum log q(x_t | x_<t)) (Jurafsky &
Martin; d2l ch. 9). Checks against closed forms: a uniform model over V tokens has perplexity
exactly V and hand-computed values match; the entropy rate of a Markov chain equals
sum_i pi_i H(P_i.) with pi from matrix powers and H from scipy.stats.entropy, and reduces to the
row entropy for i.i.d. rows; on a long sample the true model's perplexity approaches
exp(entropy rate) and a wrong model's is larger; and re-tokenising the same text into
2-character tokens (log-probabilities checked against a loop) leaves the total code length
(bits per character) unchanged while the per-token perplexity is squared - so per-token
perplexities of different tokenizers are not comparable.
"""

from __future__ import annotations

import numpy as np
from scipy.special import xlogy
from scipy.stats import entropy

from implementations._common import Report, main, solution

EXERCISE = ["perplexity", "entropy_rate", "pair_token_logprobs"]

DOC_ZH = {
    "perplexity": """困惑度：exp(-(1/N) sum_t log q(x_t | x_<t))，即平均负对数似然（自然对数）的指数。

输入：logprobs，每个词元的对数概率（一维数组）。
输出：一个 float（>= 1）。

>>> round(perplexity(np.log([0.5, 0.125])), 6)
4.0
""",
    "entropy_rate": """平稳马尔可夫链的熵率 H = sum_i pi_i H(P_i.)（nats/步），pi 是平稳分布（pi P = pi）。

输入：P，(V, V) 的转移矩阵（行和为 1，不可约）。
输出：一个 float。

>>> round(entropy_rate(np.array([[0.5, 0.5], [1.0, 0.0]])), 6)
0.462098
""",
    "pair_token_logprobs": """把字符序列重新切成两字符的词元，在同一个字符级模型下给每个词元打分。

x[0] 是起始上下文；词元是 (x[1], x[2])、(x[3], x[4])、……（长度为奇数时丢掉最后一个字符）。
词元 (a, b) 前面的字符是 c 时，其概率为 P[c, a] * P[a, b]。
输入：P，(V, V) 转移矩阵；x，整数字符序列。
输出：每个两字符词元的对数概率数组，长度 (len(x) - 1) // 2。

>>> pair_token_logprobs(np.full((2, 2), 0.5), np.array([0, 1, 1, 0, 1])).round(6).tolist()
[-1.386294, -1.386294]
""",
}

HINTS = {
    "en": (
        "Perplexity is the exponential of the average surprisal, so it depends on what counts "
        "as one token; a chain's entropy rate weighs each row's entropy by how often that "
        "state is visited.",
        "perplexity = exp(-mean(logprobs)). Entropy rate: solve pi P = pi (eigenvector of P^T "
        "for eigenvalue 1, normalised), then -sum pi_i P_ij log P_ij. Pair tokens: with "
        "y = x[1:] trimmed to even length, log P[prev, y[0::2]] + log P[y[0::2], y[1::2]], "
        "where prev is x[0] then the second character of each earlier pair.",
    ),
    "zh": (
        "困惑度是平均惊奇度的指数，所以取决于什么算一个词元；马尔可夫链的熵率按各状态被访问的频率给每行的熵加权。",
        "perplexity = exp(-mean(logprobs))。熵率：解 pi P = pi（P^T 特征值 1 的特征向量，归一化），再求 "
        "-sum pi_i P_ij log P_ij。两字符词元：取 y = x[1:] 截成偶数长度，log P[prev, y[0::2]] + "
        "log P[y[0::2], y[1::2]]，prev 先是 x[0]，之后是前一个词元的第二个字符。",
    ),
}


def perplexity(logprobs):
    """Perplexity exp(-(1/N) sum_t log q(x_t | x_<t)): the exponential of the mean NLL (nats).

    Input: logprobs, per-token log-probabilities (1-D). Output: a float (>= 1).

    >>> round(perplexity(np.log([0.5, 0.125])), 6)
    4.0
    """
    return float(np.exp(-np.mean(logprobs)))


def entropy_rate(P):
    """Entropy rate of a stationary Markov chain, H = sum_i pi_i H(P_i.) in nats per step,
    with pi the stationary distribution (pi P = pi).

    Input: P, a (V, V) transition matrix (rows sum to 1, irreducible). Output: a float.

    >>> round(entropy_rate(np.array([[0.5, 0.5], [1.0, 0.0]])), 6)
    0.462098
    """
    w, vecs = np.linalg.eig(P.T)
    pi = np.real(vecs[:, np.argmin(abs(w - 1))])
    pi /= pi.sum()
    return float(-np.sum(pi[:, None] * xlogy(P, P)))  # xlogy: 0 log 0 = 0


def pair_token_logprobs(P, x):
    """Re-tokenise a character sequence into 2-character tokens and score each token with the
    same character model.

    x[0] is the starting context; the tokens are (x[1], x[2]), (x[3], x[4]), ... (a last odd
    character is dropped). Token (a, b) after character c has probability P[c, a] * P[a, b].
    Input: P, a (V, V) transition matrix; x, integer characters.
    Output: the log-probability of each pair token, length (len(x) - 1) // 2.

    >>> pair_token_logprobs(np.full((2, 2), 0.5), np.array([0, 1, 1, 0, 1])).round(6).tolist()
    [-1.386294, -1.386294]
    """
    y = x[1:] if len(x[1:]) % 2 == 0 else x[1:-1]
    prev = np.concatenate([[x[0]], y[1::2][:-1]])  # char preceding each pair
    return np.log(P[prev, y[0::2]]) + np.log(P[y[0::2], y[1::2]])


def sample_chain(P, n, rng):
    cdf, u, x = P.cumsum(1), rng.random(n), np.empty(n, dtype=int)
    x[0] = 0
    for t in range(1, n):
        x[t] = min(int(np.searchsorted(cdf[x[t - 1]], u[t])), len(P) - 1)
    return x


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Perplexity: definition, limits and tokenizer dependence")
    V = 5
    P = rng.dirichlet(np.ones(V), size=V)  # character-level Markov chain
    x = sample_chain(P, 40_000, rng)
    lp = np.log(P[x[:-1], x[1:]])  # true model's log-probabilities

    with r.case("uniform model has perplexity V") as c:
        c.close(f.perplexity(np.full(len(lp), -np.log(V))), V, rtol=1e-12)
        c.close(f.perplexity(np.log([0.5, 0.25, 0.125])), 4.0, rtol=1e-12)  # (64)^(1/3)
        c.close(f.perplexity(np.log([0.2])), 5.0, rtol=1e-12)

    # Reference: pi from a high matrix power, row entropies from scipy.
    pi = np.linalg.matrix_power(P, 500)[0]
    H_ref = float(pi @ entropy(P, axis=1))
    with r.case("entropy rate == sum_i pi_i H(P_i.) (matrix power, scipy entropy)") as c:
        H = f.entropy_rate(P)
        r.figure("entropy rate (nats/char)", H)
        c.close(H, H_ref, rtol=1e-10)
        row = rng.dirichlet(np.ones(V))
        c.close(f.entropy_rate(np.tile(row, (V, 1))), entropy(row), rtol=1e-10)  # i.i.d.
        Q = np.array([[0.0, 1.0, 0.0], [0.3, 0.0, 0.7], [0.5, 0.5, 0.0]])  # zero entries
        piQ = np.linalg.matrix_power(Q, 2000)[0]
        c.close(f.entropy_rate(Q), float(piQ @ entropy(Q, axis=1)), rtol=1e-8)
    with r.case("perplexity of the true model -> exp(entropy rate)") as c:
        r.figure("true model perplexity on 40k chars", f.perplexity(lp))
        c.close(f.perplexity(lp), np.exp(H_ref), rtol=0.02)
    with r.case("perplexity of any model >= 1 and a wrong model is worse") as c:
        wrong = np.log(rng.dirichlet(np.ones(V), size=V)[x[:-1], x[1:]])
        c.true(1 <= f.perplexity(lp) < f.perplexity(wrong))

    # Same text, same model, coarser tokens.
    y = x[1:]  # even length: 39,999 is odd, so one character is dropped
    lp_char = np.log(P[x[:-2], x[1:-1]])
    with r.case("pair-token log-probabilities == a loop over pairs") as c:
        lp_pair = f.pair_token_logprobs(P, x)
        xs = x[:9]  # start + 8 characters -> 4 pairs
        loop = [np.log(P[xs[2 * i], xs[2 * i + 1]] * P[xs[2 * i + 1], xs[2 * i + 2]])
                for i in range(4)]
        c.close(f.pair_token_logprobs(P, xs), loop, rtol=1e-12)
        c.close(f.pair_token_logprobs(P, x[:10]), loop, rtol=1e-12)  # odd tail dropped
        c.equal(len(lp_pair), len(y) // 2)
    with r.case("2-char tokens: same total log-likelihood (bits per character)") as c:
        c.close(lp_pair.sum(), lp_char.sum(), rtol=1e-12)
    with r.case("pair-token perplexity == char perplexity squared") as c:
        r.figure("per-token perplexity, char vs pair tokens",
                 [f.perplexity(lp_char), f.perplexity(lp_pair)])
        c.close(f.perplexity(lp_pair), np.exp(-lp_char.mean()) ** 2, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
