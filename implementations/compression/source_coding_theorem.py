"""source-coding-theorem: no lossless code beats the entropy, and block codes reach it.

Follows MacKay ITILA ch 4-5 and Cover & Thomas ch 5. Checks: entropy agrees with
scipy.stats.entropy (with zero probabilities); Shannon code lengths equal the smallest l with
2^-l <= p found by a loop (exact on dyadic probabilities), satisfy Kraft and give
H <= L < H+1; the per-symbol rate of coding blocks of n symbols equals an enumeration of all
n-tuples with itertools.product and obeys H <= L_n/n < H + 1/n; and a brute-force search over
every prefix-code length assignment never finds an expected length below H.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.stats import entropy as scipy_entropy

from implementations._common import Report, main, solution

EXERCISE = ["entropy", "shannon_lengths", "block_rate"]

DOC_ZH = {
    "entropy": """以比特为单位的熵 H(p) = -Σ p_i log2 p_i（0·log 0 = 0）。

输入：p，概率的一维数组。
输出：一个 float。

>>> round(entropy(np.array([0.5, 0.25, 0.25, 0.0])), 6)
1.5
""",
    "shannon_lengths": """香农码长 l_i = ceil(-log2 p_i)：满足 Kraft 不等式，因此存在这些码长的前缀码。

输入：p，正概率的一维数组。
输出：整数数组；p_i 是 2 的负整数次幂时 l_i 恰为 -log2 p_i（小心浮点误差）。

>>> shannon_lengths(np.array([0.5, 0.3, 0.2]))
array([1, 2, 3])
""",
    "block_rate": """把 n 个符号当作一个超符号（乘积分布）用香农码编码时，每个符号的期望码长 L_n / n。

输入：p，单符号概率的一维数组；n，块长（n >= 1）。
输出：一个 float。

>>> round(block_rate(np.array([0.5, 0.25, 0.25]), 2), 6)
1.5
""",
}

HINTS = {
    "en": (
        "A codeword of length l 'costs' 2^-l of the code space; give each symbol just enough.",
        "Shannon lengths are ceil(-log2 p) (subtract a tiny epsilon so dyadic p stay exact); "
        "for blocks, the product distribution of n symbols is an n-fold outer product, and the "
        "rate is its expected Shannon length divided by n.",
    ),
    "zh": (
        "长度为 l 的码字占用 2^-l 的码空间；给每个符号刚好够用的长度。",
        "香农码长为 ceil(-log2 p)（减去一个极小的 epsilon，使二进分数概率保持精确）；"
        "分块时 n 个符号的乘积分布是 n 重外积，码率是它的期望香农码长除以 n。",
    ),
}


def entropy(p: np.ndarray) -> float:
    """Entropy in bits, H(p) = -sum p_i log2 p_i, with 0 log 0 = 0.

    Input: p, a 1-D array of probabilities. Output: a float.

    >>> round(entropy(np.array([0.5, 0.25, 0.25, 0.0])), 6)
    1.5
    """
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def shannon_lengths(p: np.ndarray) -> np.ndarray:
    """Shannon code lengths l_i = ceil(-log2 p_i): they satisfy Kraft, so a prefix code
    with these lengths exists.

    Input: p, a 1-D array of positive probabilities. Output: an integer array; when p_i is a
    power of 1/2, l_i is exactly -log2 p_i (mind floating-point error).

    >>> shannon_lengths(np.array([0.5, 0.3, 0.2]))
    array([1, 2, 3])
    """
    # ceil(-log2 p) satisfies Kraft, so a prefix code with these lengths exists
    return np.ceil(-np.log2(p) - 1e-12).astype(int)


def block_rate(p: np.ndarray, n: int) -> float:
    """Expected Shannon code length per symbol, L_n / n, when blocks of n symbols are coded
    as one super-symbol with the product distribution.

    Input: p, a 1-D array of single-symbol probabilities; n >= 1, the block length.
    Output: a float.

    >>> round(block_rate(np.array([0.5, 0.25, 0.25]), 2), 6)
    1.5
    """
    pn = np.asarray(p, dtype=float)
    for _ in range(n - 1):
        pn = np.outer(pn, p).ravel()
    return float(pn @ shannon_lengths(pn)) / n


def _len_ref(q: float) -> int:
    """Smallest l with 2^-l <= q, by a loop (powers of two are exact in floating point)."""
    l = 0
    while 2.0**-l > q * (1 + 1e-12):
        l += 1
    return l


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Source coding theorem")
    p = np.array([0.45, 0.25, 0.15, 0.1, 0.05])
    H = float(scipy_entropy(p, base=2))
    with r.case("entropy agrees with scipy.stats.entropy") as c:
        c.close(f.entropy(p), H, rtol=1e-12)
        z = np.array([0.0, 0.3, 0.0, 0.7])
        c.close(f.entropy(z), scipy_entropy(z, base=2), rtol=1e-12)
        c.close(f.entropy(np.array([0.0, 1.0])), 0.0, atol=1e-15)
        for q in rng.dirichlet(np.ones(7), size=20):
            c.close(f.entropy(q), scipy_entropy(q, base=2), rtol=1e-12)
    r.figure("H(p) bits", H)

    l = np.zeros(5, int)
    with r.case("Shannon lengths equal the smallest l with 2^-l <= p") as c:
        l = np.asarray(f.shannon_lengths(p))
        c.equal(l, [_len_ref(x) for x in p])  # [2, 2, 3, 4, 5]
        q = rng.dirichlet(np.ones(9) * 0.5)
        q = q[q > 1e-9]
        c.equal(np.asarray(f.shannon_lengths(q)), [_len_ref(x) for x in q])
    L1 = float(p @ l)
    r.figure("Shannon code expected length (n=1)", L1)
    with r.case("H <= L < H + 1 for the Shannon code") as c:
        c.true(H <= L1 < H + 1, f"H={H:.4f}, L={L1:.4f}")
    with r.case("Shannon lengths satisfy Kraft") as c:
        c.true(np.sum(2.0**-l) <= 1 + 1e-12 and len(l) == 5, f"sum={np.sum(2.0**-l):.4f}")

    # Block coding: treat n symbols as one super-symbol with the product distribution.
    rates = []
    with r.case("block rate equals an enumeration of all n-tuples") as c:
        for n in (1, 2, 3):
            ref = 0.0
            for tup in itertools.product(range(len(p)), repeat=n):
                pt = float(np.prod(p[list(tup)]))
                ref += pt * _len_ref(pt)
            c.close(f.block_rate(p, n), ref / n, rtol=1e-12)
    with r.case("H <= L_n/n < H + 1/n for n = 1..6") as c:
        ok = True
        for n in range(1, 7):
            Ln = f.block_rate(p, n)
            rates.append(Ln)
            ok &= H - 1e-12 <= Ln < H + 1.0 / n
        r.figure("bits/symbol for block lengths 1..6", [round(x, 4) for x in rates])
        c.true(ok, f"L_6/6 - H = {rates[-1] - H:.4f} < 1/6")

    # Converse, by brute force: every length vector obeying Kraft (all prefix codes)
    # has expected length >= H.  Enumerate lengths 1..7 for the 5 symbols.
    grid = np.array(list(itertools.product(range(1, 8), repeat=len(p))))
    feasible = grid[(2.0**-grid).sum(axis=1) <= 1 + 1e-12]
    best = float((feasible @ p).min())
    r.figure("best prefix-code expected length (brute force)", best)
    with r.case("no prefix code has expected length below H") as c:
        c.true(best >= f.entropy(p) - 1e-12, f"best={best:.4f} >= H={H:.4f}")
        c.true(best < f.entropy(p) + 1, f"gap={best - H:.4f}")

    # Dyadic source: ideal lengths are integers and the bound is met with equality.
    with r.case("dyadic source: Shannon code length equals H exactly") as c:
        q = np.array([0.5, 0.25, 0.125, 0.125])
        c.equal(np.asarray(f.shannon_lengths(q)), [1, 2, 3, 3])
        c.close(f.block_rate(q, 2), 1.75, rtol=1e-12)
        c.close(f.entropy(q), 1.75, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
