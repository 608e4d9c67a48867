"""arithmetic-coding: code a whole sequence as one sub-interval of [0, 1).

Follows MacKay ITILA ch 6 (exact-precision arithmetic coding with an adaptive model).
The model is the adaptive Laplace (add-one) predictor over a 3-letter alphabet. Checks: the
model's cumulative counts equal hand-computed ones; the returned width equals the closed form
P(x) = 1 / (C(N+K-1, K-1) * N!/prod n_i!) and the codeword's dyadic interval lies inside the
interval [low, low + P(x)) computed separately with exact fractions; the code length is
within 2 bits of the model's log-loss -log2 P(x) and below N * empirical entropy +
log2 C(N+K-1, K-1) + 2; the decoder recovers the message from the encoder's bits and from
the midpoint of the reference interval.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["model", "encode", "decode"]

K = 3  # alphabet size

DOC_ZH = {
    "model": """自适应 Laplace（加一）预测器：P(s) = (n_s + 1) / (n + K)，K = len(counts)。

输入：counts，到目前为止每个符号出现的次数（长度 K 的列表）。
输出：(cum, total)：cum 是长度 K+1 的整数累积计数 [0, n_0+1, n_0+n_1+2, ...]，total = n + K；
符号 s 占据区间 [cum[s]/total, cum[s+1]/total)。

>>> cum, total = model([2, 0, 1])
>>> [int(v) for v in cum], total
([0, 3, 4, 6], 6)
""",
    "encode": """精确分数的算术编码：每个符号把当前区间 [low, low+width) 缩小到它在模型中的子区间，
然后输出一个长 L = L0 + 1 的码字（L0 是满足 2^-L0 <= width 的最小整数），其二进区间
[k/2^L, (k+1)/2^L) 完全落在最终区间内（k = ceil(low·2^L)）。

输入：msg，取值于 0..K-1 的符号列表；K，字母表大小。
输出：(码字比特串，最终宽度 width = P(x)，一个 Fraction)。

>>> encode([0, 0], 2)
('000', Fraction(1, 3))
""",
    "decode": """算术解码：把码字读成 v = int(bits, 2) / 2^len(bits)，每一步找出包含 v 的子区间，
输出对应符号并更新模型。

输入：bits，码字；n，符号个数；K，字母表大小。
输出：符号列表。

>>> decode("000", 2, 2)
[0, 0]
""",
}

HINTS = {
    "en": (
        "Keep the interval as exact fractions (low, width); each symbol keeps the part of "
        "the interval its model probability covers, and the model learns after each symbol.",
        "low += width * cum[s]/total; width *= (cum[s+1]-cum[s])/total; counts[s] += 1. "
        "At the end pick the shortest dyadic interval [k/2^L, (k+1)/2^L) inside [low, low + "
        "width): L = (smallest L0 with 2^-L0 <= width) + 1, k = ceil(low 2^L). The decoder "
        "replays the same model and picks the sub-interval containing the code value.",
    ),
    "zh": (
        "用精确分数保存区间 (low, width)；每个符号保留模型概率覆盖的那一段，模型在每个符号后更新。",
        "low += width * cum[s]/total；width *= (cum[s+1]-cum[s])/total；counts[s] += 1。最后在 "
        "[low, low + width) 内取最短的二进区间 [k/2^L, (k+1)/2^L)：L = (满足 2^-L0 <= width 的最小 L0) "
        "+ 1，k = ceil(low 2^L)。解码器重放同一模型，选出包含码值的子区间。",
    ),
}


def model(counts):
    """Adaptive Laplace (add-one) predictor: P(s) = (n_s + 1) / (n + K), K = len(counts).

    Input: counts, how often each symbol has occurred so far (a list of length K).
    Output: (cum, total): cum, the K+1 integer cumulative counts [0, n_0+1, n_0+n_1+2, ...],
    and total = n + K; symbol s owns [cum[s]/total, cum[s+1]/total).

    >>> cum, total = model([2, 0, 1])
    >>> [int(v) for v in cum], total
    ([0, 3, 4, 6], 6)
    """
    total = sum(counts) + len(counts)
    cum = np.concatenate([[0], np.cumsum(np.array(counts) + 1)])
    return cum, total


def encode(msg, K=3) -> tuple[str, Fraction]:
    """Arithmetic coding with exact fractions: each symbol shrinks [low, low + width) to its
    model sub-interval; then output a codeword of L = L0 + 1 bits (L0 the smallest integer
    with 2^-L0 <= width) whose dyadic interval [k/2^L, (k+1)/2^L), k = ceil(low 2^L), lies
    inside the final interval.

    Input: msg, a list of symbols in 0..K-1; K, the alphabet size.
    Output: (codeword bit string, final width = P(x) as a Fraction).

    >>> encode([0, 0], 2)
    ('000', Fraction(1, 3))
    """
    low, width, counts = Fraction(0), Fraction(1), [0] * K
    for s in msg:
        cum, total = model(counts)
        low += width * Fraction(int(cum[s]), total)
        width *= Fraction(int(cum[s + 1] - cum[s]), total)
        counts[s] += 1
    # smallest L0 with 2^-L0 <= width; one more bit guarantees a whole dyadic
    # interval [k/2^L, (k+1)/2^L) inside [low, low + width): a prefix-free codeword.
    L0 = max(0, width.denominator.bit_length() - width.numerator.bit_length() - 1)
    while Fraction(1, 2**L0) > width:
        L0 += 1
    L = L0 + 1
    k = math.ceil(low * 2**L)
    return format(k, f"0{L}b"), width


def decode(bits: str, n: int, K=3) -> list[int]:
    """Arithmetic decoding: read the codeword as v = int(bits, 2) / 2^len(bits); at each
    step find the model sub-interval containing v, output its symbol, update the model.

    Input: bits, the codeword; n, the number of symbols; K, the alphabet size.
    Output: the list of symbols.

    >>> decode("000", 2, 2)
    [0, 0]
    """
    v = Fraction(int(bits, 2), 2 ** len(bits))
    low, width, counts, out = Fraction(0), Fraction(1), [0] * K, []
    for _ in range(n):
        cum, total = model(counts)
        for s in range(K):  # find the sub-interval that contains v
            lo = low + width * Fraction(int(cum[s]), total)
            hi = low + width * Fraction(int(cum[s + 1]), total)
            if lo <= v < hi:
                break
        out.append(s)
        low, width = lo, hi - lo
        counts[s] += 1
    return out


def _interval(msg, K):
    """Reference interval [low, low + P(x)) of the Laplace model, from first principles."""
    low, width, n = Fraction(0), Fraction(1), [0] * K
    for t, s in enumerate(msg):
        below = sum(n[j] + 1 for j in range(s))
        low += width * Fraction(below, t + K)
        width *= Fraction(n[s] + 1, t + K)
        n[s] += 1
    return low, width


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Arithmetic coding")
    with r.case("Laplace model: cumulative counts by hand") as c:
        cum, total = f.model([4, 0, 2])
        c.equal([int(v) for v in cum], [0, 5, 6, 9])
        c.equal(int(total), 9)
        cum, total = f.model([0, 0, 0, 0, 0])
        c.equal([int(v) for v in cum], [0, 1, 2, 3, 4, 5])
        c.equal(int(total), 5)

    p = np.array([0.7, 0.2, 0.1])
    N = 400
    msg = [int(s) for s in rng.choice(K, size=N, p=p)]
    n = np.bincount(msg, minlength=K)
    # closed form of the Laplace sequential probability
    log2_comb = (math.lgamma(N + K) - math.lgamma(K) - math.lgamma(N + 1)) / math.log(2)
    log2_multi = (math.lgamma(N + 1) - sum(math.lgamma(c + 1) for c in n)) / math.log(2)
    emp_H = float(-(n / N * np.log2(n / N)).sum())
    H = float(-(p * np.log2(p)).sum())
    bits, width, logloss = "", Fraction(1), 0.0
    with r.case("P(x) matches the closed form 1/(C(N+K-1,K-1) * multinomial)") as c:
        bits, width = f.encode(msg)
        logloss = math.log2(width.denominator) - math.log2(width.numerator)  # -log2 P(x)
        c.close(logloss, log2_comb + log2_multi, rtol=1e-12)
        r.figure("code length (bits)", len(bits))
        r.figure("model log-loss -log2 P(x)", logloss)
        r.figure("bits/symbol", len(bits) / N)
        r.figure("empirical entropy / source entropy (bits)", (round(emp_H, 4), round(H, 4)))
    # short random messages too: a codeword one bit too short escapes its interval on
    # about half of them, while a few fixed messages may happen to fit
    short = [
        ([int(s) for s in rng.integers(0, k, size=int(rng.integers(1, 7)))], int(k))
        for k in rng.integers(2, 5, size=60)
    ]
    with r.case("codeword's dyadic interval lies inside [low, low + P(x))") as c:
        fixed = [(msg, K), ([2, 0, 0, 1, 2, 2, 0], 3), ([1, 1, 1, 1], 2), ([0], 4)]
        for m, k in fixed + short:
            b, w = f.encode(m, k)
            lo, wd = _interval(m, k)
            v = Fraction(int(b, 2), 2 ** len(b))
            c.true(
                w == wd and lo <= v and v + Fraction(1, 2 ** len(b)) <= lo + wd,
                f"K={k}, n={len(m)}",
            )
    with r.case("codeword length is ceil(-log2 P(x)) + 1 exactly") as c:
        for m, k in ((msg, K), ([0], 2), ([1, 0], 2), ([], 3), ([0, 0, 1], 3), ([2], 4)):
            b, _ = f.encode(m, k)
            _, wd = _interval(m, k)
            L0 = 0
            while wd.numerator * 2**L0 < wd.denominator:  # smallest L0 with 2^-L0 <= P(x)
                L0 += 1
            c.equal(len(b), L0 + 1)
    with r.case("decode(encode(x)) == x") as c:
        c.true(list(f.decode(bits, N)) == msg)
        for k in (2, 3, 5):  # all-zero messages: the code value sits on the interval's low end
            c.true(list(f.decode("0" * 12, 6, k)) == [0] * 6, f"K={k}, v = low = 0")
    with r.case("decoder recovers messages from the reference interval midpoint") as c:
        for _ in range(20):
            k = int(rng.integers(2, 5))
            m = [int(s) for s in rng.integers(0, k, size=rng.integers(1, 30))]
            lo, wd = _interval(m, k)
            mid = lo + wd / 2
            L = 1
            while Fraction(1, 2**L) > wd / 4:
                L += 1
            code = format(math.floor(mid * 2**L), f"0{L}b")  # a point inside the interval
            c.true(list(f.decode(code, len(m), k)) == m, f"K={k}")
    with r.case("log-loss <= code length <= log-loss + 2") as c:
        c.true(
            0 < logloss <= len(bits) <= logloss + 2,
            f"{logloss:.2f} <= {len(bits)} <= {logloss + 2:.2f}",
        )
    bound = N * emp_H + log2_comb + 2
    with r.case("length <= N * empirical entropy + log2 C(N+K-1, K-1) + 2") as c:
        c.true(0 < len(bits) <= bound, f"{len(bits)} <= {bound:.1f}")
    return r


if __name__ == "__main__":
    main(run)
