"""self-information: the surprisal I(x) = -log p(x) of a single outcome.

Follows Cover & Thomas (2006) ch. 2 and Goodfellow et al. (2016) sec. 3.13. The learner writes
the surprisal in any base. Checks compare with closed forms (I(1/2^k) = k bits, 1 bit = ln 2
nats, base 10), the additivity invariant for independent events against the hand-computed sum,
strict monotonicity, the value 0 at p = 1, and the entropy of a random distribution computed by
scipy.special.entr.
"""

from __future__ import annotations

import numpy as np
from scipy.special import entr

from implementations._common import Report, main, solution

EXERCISE = ["surprisal"]

DOC_ZH = {
    "surprisal": """概率为 p 的结果的自信息（惊奇度）I = -log p，以 base 为底（默认 2，单位比特）。

输入：p，一个概率或概率数组（取值于 (0, 1]）；base，对数的底。
输出：与 p 形状相同的 numpy 数组（或标量）。

>>> round(float(surprisal(0.125)), 6)
3.0
""",
}

HINTS = {
    "en": (
        "The rarer the outcome, the more it tells you; a certain outcome tells nothing.",
        "Take -ln p and divide by ln(base) to change units; it works elementwise on arrays.",
    ),
    "zh": (
        "结果越罕见，带来的信息越多；必然发生的结果不带信息。",
        "取 -ln p，再除以 ln(base) 换算单位；对数组逐元素计算即可。",
    ),
}


def surprisal(p, base=2.0):
    """Self-information I = -log p of outcomes with probabilities p, in base `base`.

    Input: p, a probability or an array of probabilities in (0, 1]; base, the logarithm's
    base (2 gives bits). Output: a numpy array (or scalar) of the shape of p.

    >>> round(float(surprisal(0.125)), 6)
    3.0
    """
    p = np.asarray(p, dtype=float)
    return -np.log(p) / np.log(base)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Self-information (surprisal)")

    # Rare events carry more information: the log turns small probabilities into many bits.
    with r.case("closed form: I(1/2^k) = k bits") as c:
        bits = f.surprisal(np.array([0.5, 0.25, 0.125, 1 / 1024]))
        r.figure("I(p) in bits for p = 1/2, 1/4, 1/8, 1/1024", np.round(bits, 6).tolist())
        c.close(bits, [1, 2, 3, 10], rtol=1e-12)

    with r.case("1 bit = ln 2 nats") as c:
        c.close(f.surprisal(0.5, base=np.e), np.log(2), rtol=1e-12)

    with r.case("base 10: I(1/1000) = 3 and I(1) = 0") as c:
        c.close(f.surprisal(0.001, base=10.0), 3.0, rtol=1e-12)
        c.close(f.surprisal(1.0), 0.0, atol=1e-15)

    # Additivity: for independent X, Y the joint surprisal is the sum of the two.
    with r.case("independent events: I(x,y) = I(x) + I(y)") as c:
        px = rng.dirichlet(np.ones(5))
        py = rng.dirichlet(np.ones(7))
        lhs = f.surprisal(np.outer(px, py))
        rhs = -np.log2(px)[:, None] - np.log2(py)[None, :]
        c.close(lhs, rhs, rtol=1e-12)

    # Monotone: a less likely outcome is more surprising.
    with r.case("surprisal strictly decreases in p") as c:
        p_sorted = np.sort(rng.uniform(1e-6, 1.0, 200))
        c.true(bool(np.all(np.diff(f.surprisal(p_sorted)) < 0)))

    # The average surprisal under p is the entropy (scipy's entr(p) = -p ln p).
    with r.case("E_p[I(X)] equals scipy entropy sum(entr(p))") as c:
        p = rng.dirichlet(np.ones(10))
        mean_nats = float(np.sum(p * f.surprisal(p, base=np.e)))
        r.figure("E[I(X)] in nats for a random 10-outcome p", mean_nats)
        c.close(mean_nats, float(np.sum(entr(p))), rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
