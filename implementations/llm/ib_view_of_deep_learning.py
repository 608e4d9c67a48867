"""ib-view-of-deep-learning: the information plane of a network's discretised layers, and its caveats.

Tishby & Zaslavsky (2015) view the layers of a feed-forward network as a Markov chain
Y -> X -> T1 -> T2 and track I(X;T) and I(T;Y); Shwartz-Ziv & Tishby (2017) estimate these by
binning activations. Here X ranges over all 2^8 binary inputs (uniform), Y is a noisy function of
X, and T1, T2 are binned tanh layers, so every mutual information is computed exactly from the
joint table. Checks: entropy and mutual information against scipy.stats.entropy (zero cells
included), I = 0 for independence and log2 n for a permutation; the data-processing inequality I(X;Y) >= I(T1;Y) >= I(T2;Y); I(X;T) = H(T)
for a deterministic layer; and - the point raised by Saxe et al. (2018) - the binned I(X;T) is a
property of the bin size (refining the bins never lowers it), not of the network alone.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import entropy as sp_entropy

from implementations._common import Report, main, solution

EXERCISE = ["entropy", "mutual_info"]

DOC_ZH = {
    "entropy": """离散分布的熵（比特）：H(p) = -sum p log2 p，约定 0 log 0 = 0。

输入：p，非负且和为 1 的数组（任意形状，按所有元素计算）。
输出：一个 float。

>>> round(entropy(np.array([0.5, 0.25, 0.25, 0.0])), 6)
1.5
""",
    "mutual_info": """由联合概率表计算互信息（比特）：I(A;B) = sum p(a,b) log2 [p(a,b) / (p(a) p(b))]，只对 p(a,b) > 0 的格子求和。

输入：joint，二维数组，joint[a, b] = P(A=a, B=b)，元素和为 1。
输出：一个 float，>= 0。

>>> round(mutual_info(np.array([[0.5, 0.0], [0.0, 0.5]])), 6)
1.0
""",
}

HINTS = {
    "en": (
        "Mutual information compares the joint table with the product of its margins; zero "
        "cells contribute nothing.",
        "Margins are the row and column sums; I = sum over non-zero cells of "
        "p log2(p / (p_a p_b)), equivalently H(A) + H(B) - H(A, B).",
    ),
    "zh": (
        "互信息把联合概率表与其边缘分布的乘积相比较；为零的格子不贡献。",
        "边缘分布是行和与列和；I = 对非零格子求和 p log2(p / (p_a p_b))，等价于 H(A) + H(B) - H(A, B)。",
    ),
}


def entropy(p):
    """Entropy in bits of a discrete distribution, H(p) = -sum p log2 p with 0 log 0 = 0.

    Input: p, a non-negative array summing to 1 (any shape: all entries count).
    Output: a float.

    >>> round(entropy(np.array([0.5, 0.25, 0.25, 0.0])), 6)
    1.5
    """
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def mutual_info(joint):
    """Mutual information in bits from a joint probability table:
    I(A;B) = sum p(a,b) log2 [p(a,b) / (p(a) p(b))] over the cells with p(a,b) > 0.

    Input: joint, a 2-D array, joint[a, b] = P(A=a, B=b), summing to 1. Output: a float >= 0.

    >>> round(mutual_info(np.array([[0.5, 0.0], [0.0, 0.5]])), 6)
    1.0
    """
    pa, pb = joint.sum(1, keepdims=True), joint.sum(0, keepdims=True)
    nz = joint > 0
    return float((joint[nz] * np.log2(joint[nz] / (pa @ pb)[nz])).sum())


def labels_of(codes):
    """Map each row (a discretised activation vector) to an integer id."""
    _, ids = np.unique(codes, axis=0, return_inverse=True)
    return ids.ravel()


def joint_table(a, b, w):
    J = np.zeros((a.max() + 1, b.max() + 1))
    np.add.at(J, (a, b), w)
    return J


def mi_scipy(J):
    """I = H(A) + H(B) - H(A, B) with scipy.stats.entropy."""
    return (
        sp_entropy(J.sum(1), base=2) + sp_entropy(J.sum(0), base=2) - sp_entropy(J.ravel(), base=2)
    )


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Information plane of a small network (exact, discrete)")
    with r.case("entropy and mutual information equal scipy.stats.entropy identities") as c:
        for shape in [(3, 5), (6, 2), (4, 4)]:
            J = rng.dirichlet(np.full(shape[0] * shape[1], 0.6)).reshape(shape)
            J[0, :2] = 0.0  # zero cells
            J /= J.sum()
            c.close(f.mutual_info(J), mi_scipy(J), rtol=1e-10, atol=1e-14)
            c.close(f.entropy(J.sum(0)), sp_entropy(J.sum(0), base=2), rtol=1e-12)
        c.close(f.entropy(J), sp_entropy(J.ravel(), base=2), rtol=1e-12)
    with r.case("independent table has I = 0; a permutation table has I = log2 n") as c:
        pa, pb = rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(3))
        c.close(f.mutual_info(np.outer(pa, pb)), 0.0, atol=1e-12)
        c.close(f.mutual_info(np.eye(5)[[2, 0, 4, 1, 3]] / 5), np.log2(5), rtol=1e-12)

    X = ((np.arange(256)[:, None] >> np.arange(8)) & 1).astype(float)  # all 8-bit inputs
    px = np.full(256, 1 / 256)
    y_clean = (X[:, :4].sum(1) > X[:, 4:].sum(1)).astype(int)
    # p(y|x): correct label with prob 0.9 -> a joint over (x, y)
    pxy = np.zeros((256, 2))
    pxy[np.arange(256), y_clean] = 0.9 * px
    pxy[np.arange(256), 1 - y_clean] = 0.1 * px
    W1, W2 = rng.standard_normal((8, 6)), rng.standard_normal((6, 3))

    def cells(H, nbins):
        return np.clip(((H + 1) / 2 * nbins).astype(int), 0, nbins - 1)

    def binned(H, nbins):
        return labels_of(cells(H, nbins))

    H1 = np.tanh(X @ W1 - 0.5)
    Q1 = (cells(H1, 4) + 0.5) / 4 * 2 - 1  # layer 2 sees only the discretised layer 1,
    H2 = np.tanh(Q1 @ W2)  # so T2 is a function of T1: Y -> X -> T1 -> T2
    t1, t2 = binned(H1, 4), binned(H2, 4)
    x_id = np.arange(256)
    ty = lambda t: np.stack(
        [joint_table(t, np.zeros(256, int), pxy[:, k])[:, 0] for k in (0, 1)], 1
    )
    with r.case("data processing: I(X;Y) >= I(T1;Y) >= I(T2;Y)") as c:
        I_xy, I_t1y, I_t2y = f.mutual_info(pxy), f.mutual_info(ty(t1)), f.mutual_info(ty(t2))
        r.figure("I(X;Y), I(T1;Y), I(T2;Y) bits", [I_xy, I_t1y, I_t2y])
        c.true(I_xy + 1e-12 >= I_t1y >= I_t2y - 1e-12)
        c.close([I_t1y, I_t2y], [mi_scipy(ty(t1)), mi_scipy(ty(t2))], rtol=1e-10)

    pt1 = np.bincount(t1, weights=px)
    with r.case("deterministic layer: I(X;T1) == H(T1)") as c:
        I_xt1 = f.mutual_info(joint_table(x_id, t1, px))
        c.close(I_xt1, sp_entropy(pt1, base=2), rtol=1e-12)
        c.close(f.entropy(pt1), sp_entropy(pt1, base=2), rtol=1e-12)
    py = pxy.sum(0)
    with r.case("I(X;Y) == H(Y) - h(0.1) (label noise 10%)") as c:
        hb = -(0.9 * np.log2(0.9) + 0.1 * np.log2(0.1))
        c.close(I_xy, sp_entropy(py, base=2) - hb, rtol=1e-12)
    with r.case("deeper layer keeps no more information about X") as c:
        I_xt2 = f.mutual_info(joint_table(x_id, t2, px))
        r.figure("I(X;T1), I(X;T2) bits (4 bins)", [I_xt1, I_xt2])
        c.true(I_xt1 >= I_xt2 - 1e-12)
        c.close(I_xt2, sp_entropy(np.bincount(t2, weights=px), base=2), rtol=1e-12)

    # Same activations, finer bins: 2, 4, 8, ..., 256 bins per unit (each grid refines the last).
    with r.case("binned I(X;T) grows with bin resolution (toward H(X) = 8 bits)") as c:
        curve = [f.mutual_info(joint_table(x_id, binned(H1, 2**k), px)) for k in range(1, 9)]
        r.figure("I(X;T1) for 2..256 bins per unit", [round(v, 3) for v in curve])
        c.true(np.all(np.diff(curve) >= -1e-12) and curve[-1] > curve[0] + 1)
    return r


if __name__ == "__main__":
    main(run)
