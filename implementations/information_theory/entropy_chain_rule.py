"""entropy-chain-rule: H(X1,...,Xn) = sum_i H(Xi | X1,...,X_{i-1}).

Follows Cover & Thomas (2006) sec. 2.5. Each conditional entropy is computed from its own
definition (weighted row entropies of p(x_i | x_<i)) and the sum is compared with the joint
entropy computed directly; the chain rule for mutual information is checked the same way.
Autoregressive language models factorise text exactly like this. The learner writes H and
H(X_target | X_given) from the definition; each term is also compared with the difference of
marginal entropies H(X_given, X_target) - H(X_given) computed by scipy, on a table with zeros.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.stats import entropy as sp_entropy

from implementations._common import Report, main, solution

EXERCISE = ["H", "cond_H"]

DOC_ZH = {
    "H": """概率表 p 的熵（比特），多维联合表先展平。

输入：p，非负且总和为 1 的数组（任意形状）。
输出：一个 float，-Σ p log2 p；概率为 0 的项不计入。

>>> round(H([0.5, 0.25, 0.25, 0.0]), 6)
1.5
""",
    "cond_H": """由定义计算条件熵 H(X_target | X_given)，单位比特；J 是所有变量的联合表。

输入：J，n 维联合概率表（第 a 轴是变量 X_a）；target，目标变量的轴号；given，条件变量轴号的元组（可为空）。
输出：一个 float，Σ_g p(g) H(X_target | X_given = g)；先对其余变量求和（边缘化），p(g) = 0 的取值不计入。

>>> J = np.array([[0.25, 0.25], [0.5, 0.0]])
>>> round(cond_H(J, 1, (0,)), 6), round(cond_H(J, 0, ()), 6)
(0.5, 1.0)
""",
}

HINTS = {
    "en": (
        "Sum out the variables that are neither the target nor given, then read the table as "
        "rows: one row of p(given, target) per value of the given variables.",
        "Move the target axis last and reshape to (number of given values, |target|); weight "
        "the entropy of each normalised row by its row sum, skipping empty rows. With no "
        "given variables this is just H of the target's marginal.",
    ),
    "zh": (
        "先把既非目标、也非条件的变量求和消去，再把表看成若干行："
        "条件变量的每个取值对应 p(条件, 目标) 的一行。",
        "把目标轴移到最后，reshape 成（条件取值个数，目标取值个数）；"
        "用行和给每一行归一化后的熵加权，跳过全为 0 的行。没有条件变量时，就是目标边缘分布的熵。",
    ),
}


def H(p):
    """Entropy in bits of an array of probabilities (joint tables are flattened).

    Input: p, a non-negative array of any shape summing to 1. Output: a float,
    -sum p log2 p, with zero cells contributing nothing.

    >>> round(H([0.5, 0.25, 0.25, 0.0]), 6)
    1.5
    """
    p = np.asarray(p, dtype=float).ravel()
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def cond_H(J, target, given):
    """H(X_target | X_given) in bits by definition, J a joint table over all variables.

    Input: J, an n-D joint probability table (axis a is variable X_a); target, the axis of
    the target variable; given, a tuple of the axes conditioned on (may be empty). Output: a
    float, sum_g p(g) H(X_target | X_given = g) after summing out the other variables;
    values g with p(g) = 0 are skipped.

    >>> J = np.array([[0.25, 0.25], [0.5, 0.0]])
    >>> round(cond_H(J, 1, (0,)), 6), round(cond_H(J, 0, ()), 6)
    (0.5, 1.0)
    """
    other = tuple(a for a in range(J.ndim) if a not in given and a != target)
    M = J.sum(axis=other) if other else J  # joint of (given..., target) in axis order
    keep = sorted(given + (target,))
    M = np.moveaxis(M, keep.index(target), -1).reshape(-1, J.shape[target])
    pg = M.sum(axis=1)
    return float(sum(w * H(row / w) for w, row in zip(pg, M) if w > 0))


def hs(J, axes):
    """scipy's entropy in bits of the marginal of J on the given axes: the reference."""
    other = tuple(a for a in range(J.ndim) if a not in axes)
    return float(sp_entropy(J.sum(axis=other).ravel(), base=2)) if axes else 0.0


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Chain rule for entropy")

    J = rng.dirichlet(np.full(2 * 3 * 4 * 2, 0.5)).reshape(2, 3, 4, 2)
    with r.case("H agrees with scipy.stats.entropy on a 4-D table") as c:
        c.close(f.H(J), hs(J, (0, 1, 2, 3)), rtol=1e-12)

    with r.case("sum of conditionals equals joint entropy") as c:
        terms = [f.cond_H(J, i, tuple(range(i))) for i in range(4)]
        r.figure("H(X1), H(X2|X1), H(X3|X1,X2), H(X4|X1..X3) in bits", [round(t, 6) for t in terms])
        c.close(sum(terms), hs(J, (0, 1, 2, 3)), rtol=1e-12)

    # Each term on its own: H(T | G) = H(G, T) - H(G) from scipy marginals, with zeros in J.
    with r.case("each H(T|G) equals H(G,T) - H(G), zero cells and empty rows included") as c:
        Z = J.copy()
        Z[1, 2] = 0.0  # the value (X1, X2) = (1, 2) never occurs
        Z[0, 0, :2, 1] = 0.0
        Z /= Z.sum()
        for t, g in [(3, (0, 1)), (2, (0, 1)), (0, (2,)), (1, (3, 0)), (2, ()), (3, (0, 1, 2))]:
            ref = hs(Z, tuple(sorted(g + (t,)))) - hs(Z, g)
            c.close(f.cond_H(Z, t, g), ref, rtol=1e-10, atol=1e-14)

    # Any ordering of the variables gives the same total.
    with r.case("all 24 orderings give the same sum") as c:
        totals = []
        for order in itertools.permutations(range(4)):
            totals.append(sum(f.cond_H(J, order[i], tuple(order[:i])) for i in range(4)))
        c.close(totals, np.full(24, hs(J, (0, 1, 2, 3))), rtol=1e-12)

    # Each extra conditioning variable can only lower the next term's entropy.
    with r.case("H(X4|X1..X3) <= H(X4|X1,X2) <= H(X4|X1) <= H(X4)") as c:
        chain = [f.cond_H(J, 3, tuple(range(k))) for k in range(4)]
        c.true(bool(np.all(np.diff(chain) <= 1e-12)) and chain[0] > chain[3] + 1e-3)

    # Chain rule for information: I(X1,X2; Y) = I(X1; Y) + I(X2; Y | X1).
    with r.case("I(X1,X2;Y) = I(X1;Y) + I(X2;Y|X1)") as c:
        K = rng.dirichlet(np.ones(3 * 2 * 3)).reshape(3, 2, 3)  # axes: X1, X2, Y
        I_joint = hs(K, (2,)) - f.cond_H(K, 2, (0, 1))
        I_1 = hs(K, (2,)) - f.cond_H(K, 2, (0,))
        I_2_given_1 = f.cond_H(K, 2, (0,)) - f.cond_H(K, 2, (0, 1))
        c.close(I_joint, I_1 + I_2_given_1, rtol=1e-12)
        c.close(I_joint, hs(K, (0, 1)) + hs(K, (2,)) - hs(K, (0, 1, 2)), rtol=1e-10)
    return r


if __name__ == "__main__":
    main(run)
