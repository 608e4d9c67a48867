"""shannon-entropy: H(X) = -sum p(x) log p(x), the average surprisal of a distribution.

Follows Cover & Thomas (2006) ch. 2 (sec. 2.1) and Shannon (1948). Checks compare with the
closed form log2 n for a uniform distribution, scipy.special.entr, the bounds 0 <= H <= log n,
hand-computed values in other bases, a grid search for the maximum of the binary entropy, and
Shannon's grouping property.
"""

from __future__ import annotations

import numpy as np
from scipy.special import entr

from implementations._common import Report, main, solution

EXERCISE = ["entropy", "binary_entropy"]

DOC_ZH = {
    "entropy": """概率向量 p 的香农熵 H(p) = -Σ p_i log p_i，以 base 为底（默认 2，单位比特）。

输入：p，非负且和为 1 的一维数组；base，对数的底。
输出：一个 float。约定 0·log 0 = 0，即概率为 0 的项不计入。

>>> round(entropy([0.5, 0.25, 0.25]), 6)
1.5
""",
    "binary_entropy": """二元熵 h(q) = -q log2 q - (1-q) log2 (1-q)，单位比特。

输入：q，取值于 [0, 1] 的概率。
输出：一个 float；q 为 0 或 1 时为 0。

>>> round(binary_entropy(0.5), 6)
1.0
""",
}

HINTS = {
    "en": (
        "Entropy is the expected surprisal: weight -log p(x) by p(x) and add up.",
        "Drop the zero probabilities before taking logs (0 log 0 = 0), and divide natural "
        "logs by log(base) to change units.",
    ),
    "zh": (
        "熵是惊奇度的期望：用 p(x) 给 -log p(x) 加权再求和。",
        "取对数前先去掉概率为 0 的项（0·log 0 = 0）；用自然对数除以 log(base) 换算单位。",
    ),
}


def entropy(p, base=2.0):
    """Shannon entropy H(p) = -sum p_i log p_i of a probability vector, in the given base.

    Input: p, a 1-D array of non-negative numbers summing to 1; base, the logarithm's base
    (2 gives bits). Output: a float. Terms with p_i = 0 contribute 0 (0 log 0 = 0).

    >>> round(entropy([0.5, 0.25, 0.25]), 6)
    1.5
    """
    p = np.asarray(p, dtype=float)
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)) / np.log(base))


def binary_entropy(q):
    """Binary entropy h(q) = -q log2 q - (1-q) log2(1-q) in bits.

    Input: q, a probability in [0, 1]. Output: a float, 0 at q = 0 and q = 1.

    >>> round(binary_entropy(0.5), 6)
    1.0
    """
    return entropy([q, 1.0 - q])


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Shannon entropy")

    with r.case("uniform entropy equals log2 n") as c:
        h = f.entropy(np.full(8, 1 / 8))
        r.figure("H(uniform on 8 outcomes) in bits", h)
        c.close(h, np.log2(8), rtol=1e-12)

    # Library reference: scipy.special.entr(p) = -p ln p elementwise.
    P = rng.dirichlet(np.full(12, 0.5), size=200)
    P[:20, :3] = 0.0  # some zero probabilities: 0 log 0 must count as 0
    P /= P.sum(axis=1, keepdims=True)
    with r.case("agrees with scipy.special.entr on 200 random distributions") as c:
        ours = np.array([f.entropy(p, base=np.e) for p in P])
        c.close(ours, entr(P).sum(axis=1), rtol=1e-12)

    with r.case("other bases: natural log and base 10 by hand") as c:
        p = np.array([0.5, 0.25, 0.125, 0.125])
        nats = -(0.5 * np.log(0.5) + 0.25 * np.log(0.25) + 2 * 0.125 * np.log(0.125))
        c.close(f.entropy(p, base=np.e), nats, rtol=1e-12)
        c.close(f.entropy(p, base=10.0), nats / np.log(10.0), rtol=1e-12)
        c.close(f.entropy(p), 1.75, rtol=1e-12)  # default base 2: 1.75 bits

    with r.case("0 <= H <= ln 12 on all random draws") as c:
        c.true(bool(np.all(ours >= 0) and np.all(ours <= np.log(12) + 1e-12)))

    with r.case("point mass has zero entropy") as c:
        c.close(f.entropy([0, 1, 0, 0]), 0.0, atol=1e-15)

    # Binary entropy peaks at q = 1/2 with value 1 bit (grid search, not calculus).
    with r.case("binary entropy maximised at q = 0.5 with 1 bit") as c:
        grid = np.linspace(0.001, 0.999, 999)
        hb = np.array([f.binary_entropy(q) for q in grid])
        r.figure("argmax of binary entropy on a grid", float(grid[np.argmax(hb)]))
        c.close([grid[np.argmax(hb)], hb.max()], [0.5, 1.0], rtol=1e-9)

    with r.case("binary entropy matches its closed form and vanishes at 0 and 1") as c:
        q = 0.1
        c.close(f.binary_entropy(q), -q * np.log2(q) - (1 - q) * np.log2(1 - q), rtol=1e-12)
        c.close([f.binary_entropy(0.0), f.binary_entropy(1.0)], [0.0, 0.0], atol=1e-15)

    # Grouping: H(p1..pn) = H(p1+p2, p3..pn) + (p1+p2) H(p1/(p1+p2), p2/(p1+p2)).
    with r.case("grouping (recursivity) property") as c:
        p = rng.dirichlet(np.ones(6))
        s = p[0] + p[1]
        rhs = f.entropy(np.r_[s, p[2:]]) + s * f.entropy([p[0] / s, p[1] / s])
        c.close(f.entropy(p), rhs, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
