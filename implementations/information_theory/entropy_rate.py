"""entropy-rate: H(X) = lim (1/n) H(X_1..X_n); for a stationary Markov chain it is
-sum_i pi_i sum_j P_ij log P_ij.

Follows Cover & Thomas (2006) ch. 4 (sec. 4.2). Checks compare the closed form with
(a) exact block entropies from brute-force enumeration of all sequences, which give
H(X_n | X^{n-1}) = rate and (1/n) H(X^n) decreasing towards it, and (b) the empirical
-(1/n) log p(x_1..x_n) on one long sample path (Shannon-McMillan-Breiman). The learner writes
the stationary law, the rate and the block entropy; they are also compared with power
iteration, the closed form (b h(a) + a h(b)) / (a + b) of a two-state chain, an i.i.d. chain
(rate = H(row), H(X^n) = n H(row) by scipy), a chain with zero transitions, and a plain loop
over the 27 sequences of length 3.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.stats import entropy as sp_entropy

from implementations._common import Report, main, solution

EXERCISE = ["stationary", "entropy_rate", "block_entropy"]

DOC_ZH = {
    "stationary": """马尔可夫链的平稳分布 pi（pi P = pi，Σ pi = 1）。

输入：P，k×k 转移矩阵，P[i, j] = P(X_{t+1} = j | X_t = i)，每行和为 1（不可约）。
输出：长度 k 的概率向量 pi。

>>> np.round(stationary(np.array([[0.5, 0.5], [0.25, 0.75]])), 6).tolist()
[0.333333, 0.666667]
""",
    "entropy_rate": """平稳马尔可夫链的熵率 H = -Σ_i pi_i Σ_j P_ij log2 P_ij，单位比特/符号。

输入：P，k×k 转移矩阵（可以有为 0 的转移，0·log 0 = 0）。
输出：一个 float。

>>> round(entropy_rate(np.array([[0.5, 0.5], [0.5, 0.5]])), 6)
1.0
""",
    "block_entropy": """由分布 pi 起始的链的块熵 H(X_1..X_n)，单位比特，穷举全部 k^n 个序列。

输入：P，k×k 转移矩阵；pi，X_1 的分布（平稳链即平稳分布）；n，块长。
输出：一个 float，-Σ p(x^n) log2 p(x^n)，p(x^n) = pi(x_1) Π P(x_t, x_{t+1})；概率为 0 的序列不计入。

>>> round(block_entropy(np.array([[0.5, 0.5], [0.5, 0.5]]), np.array([0.5, 0.5]), 3), 6)
3.0
""",
}

HINTS = {
    "en": (
        "Once the chain is stationary, each new symbol adds the same uncertainty: the entropy "
        "of the next-state row, averaged over where the chain is.",
        "pi is the left eigenvector of P for eigenvalue 1 (an eigenvector of P.T), normalised "
        "to sum 1. Rate = sum_i pi_i H(P[i]), skipping zero entries. For the block entropy, "
        "enumerate all sequences with itertools.product and sum -p log2 p.",
    ),
    "zh": (
        "链平稳后，每个新符号带来的不确定性相同：下一状态那一行的熵，按链所处状态平均。",
        "pi 是 P 关于特征值 1 的左特征向量（即 P.T 的特征向量），归一化使和为 1。"
        "熵率 = Σ_i pi_i H(P[i])，跳过为 0 的元素。块熵：用 itertools.product 枚举所有序列，"
        "对 -p log2 p 求和。",
    ),
}

P = np.array([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.1, 0.7]])


def stationary(P):
    """Stationary law pi of a Markov chain: pi P = pi, sum pi = 1 (left eigenvector, eig 1).

    Input: P, a k x k transition matrix, P[i, j] = P(X_{t+1} = j | X_t = i), rows summing
    to 1 (irreducible). Output: a probability vector pi of length k.

    >>> np.round(stationary(np.array([[0.5, 0.5], [0.25, 0.75]])), 6).tolist()
    [0.333333, 0.666667]
    """
    w, v = np.linalg.eig(P.T)
    pi = np.real(v[:, np.argmin(np.abs(w - 1))])
    return pi / pi.sum()


def entropy_rate(P):
    """Entropy rate -sum_i pi_i sum_j P_ij log2 P_ij of a stationary Markov chain, in bits.

    Input: P, a k x k transition matrix (zero transitions allowed: 0 log 0 = 0). Output: a
    float, bits per symbol.

    >>> round(entropy_rate(np.array([[0.5, 0.5], [0.5, 0.5]])), 6)
    1.0
    """
    pi = stationary(P)
    m = P > 0
    return float(-np.sum((pi[:, None] * P)[m] * np.log2(P[m])))


def block_entropy(P, pi, n):
    """Block entropy H(X_1..X_n) in bits of the chain started from pi, over all k^n sequences.

    Input: P, a k x k transition matrix; pi, the law of X_1 (the stationary law for a
    stationary chain); n, the block
    length. Output: a float, -sum p(x^n) log2 p(x^n) with p(x^n) = pi(x_1) prod
    P(x_t, x_{t+1}); sequences of probability 0 contribute nothing.

    >>> round(block_entropy(np.array([[0.5, 0.5], [0.5, 0.5]]), np.array([0.5, 0.5]), 3), 6)
    3.0
    """
    S = np.array(list(itertools.product(range(len(pi)), repeat=n)))  # all sequences, one per row
    p = pi[S[:, 0]] * np.prod(P[S[:, :-1], S[:, 1:]], axis=1)
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def h2(a):
    return float(sp_entropy([a, 1 - a], base=2))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Entropy rate of a Markov chain")

    # Power iteration is an independent route to the stationary law.
    pi = np.ones(3) / 3
    for _ in range(500):
        pi = pi @ P
    with r.case("eig and power iteration agree on pi") as c:
        c.close(f.stationary(P), pi, rtol=1e-10)
        a, b = 0.1, 0.4  # two states: pi = (b, a) / (a + b)
        c.close(
            f.stationary(np.array([[1 - a, a], [b, 1 - b]])), [b / (a + b), a / (a + b)], rtol=1e-10
        )

    rate = float(-np.sum(pi[:, None] * P * np.log2(P)))
    with r.case("two-state chain: rate = (b h(a) + a h(b)) / (a + b)") as c:
        a, b = 0.1, 0.4
        c.close(
            f.entropy_rate(np.array([[1 - a, a], [b, 1 - b]])),
            (b * h2(a) + a * h2(b)) / (a + b),
            rtol=1e-10,
        )

    with r.case("i.i.d. chain (equal rows): rate = H(row), H(X^n) = n H(row)") as c:
        row = np.array([0.5, 0.3, 0.2])
        Q = np.tile(row, (3, 1))
        c.close(f.entropy_rate(Q), sp_entropy(row, base=2), rtol=1e-10)
        c.close(f.block_entropy(Q, row, 4), 4 * sp_entropy(row, base=2), rtol=1e-10)

    # Zero transitions: 0 log 0 = 0, and impossible sequences have probability zero.
    with r.case("zero transitions: rate and block entropy stay finite and exact") as c:
        Z = np.array([[0.0, 1.0, 0.0], [0.5, 0.0, 0.5], [0.0, 1.0, 0.0]])
        # pi = (1/4, 1/2, 1/4); only state 2 is random (1 bit) so the rate is 1/2 bit.
        c.close(f.entropy_rate(Z), 0.5, rtol=1e-10)
        c.close(f.block_entropy(Z, np.array([0.25, 0.5, 0.25]), 4), 1.5 + 3 * 0.5, rtol=1e-10)

    # Also from a non-stationary start, where the terms H(X_t | X_{t-1}) change with t.
    with r.case("block entropy for n = 3 agrees with a plain loop over 27 sequences") as c:
        for start in (pi, np.array([0.8, 0.2, 0.0])):
            ref = 0.0
            for x in itertools.product(range(3), repeat=3):
                px = start[x[0]] * P[x[0], x[1]] * P[x[1], x[2]]
                ref -= px * np.log2(px) if px > 0 else 0.0
            c.close(f.block_entropy(P, start, 3), ref, rtol=1e-12)

    r.figure("entropy rate (bits/symbol)", rate)
    r.figure("H(pi) (bits, i.i.d. with the same marginal)", float(-np.sum(pi * np.log2(pi))))
    Hn = np.full(7, np.nan)
    with r.case("H(X_n | X^{n-1}) equals the closed-form rate for n = 2..7") as c:
        Hn = np.array([f.block_entropy(P, pi, n) for n in range(1, 8)])
        c.close(np.diff(Hn), np.full(6, rate), rtol=1e-10)  # chain rule: H(X_n | X^{n-1})
        c.close(f.entropy_rate(P), rate, rtol=1e-10)
    with r.case("(1/n) H(X^n) decreases towards the rate") as c:
        per_symbol = Hn / np.arange(1, 8)
        r.figure("(1/n) H(X^n) for n = 1..7", [round(float(v), 5) for v in per_symbol])
        c.true(bool(np.all(np.diff(per_symbol) < 0) and per_symbol[-1] > rate))

    # One long path: -(1/n) log2 p(x^n) -> rate.
    with r.case("sample path converges to the rate") as c:
        n = 50_000
        cum = np.cumsum(P, axis=1)
        u = rng.random(n)
        x = np.empty(n, dtype=int)
        x[0] = min(np.searchsorted(np.cumsum(pi), u[0]), 2)
        for t in range(1, n):
            x[t] = min(np.searchsorted(cum[x[t - 1]], u[t]), 2)
        emp = float(-(np.log2(pi[x[0]]) + np.log2(P[x[:-1], x[1:]]).sum()) / n)
        r.figure("empirical -(1/n) log2 p(x^n), n = 5e4", emp)
        c.close(f.entropy_rate(P), emp, rtol=1e-2)
    return r


if __name__ == "__main__":
    main(run)
