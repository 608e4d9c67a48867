"""conditional-entropy: H(Y|X) = sum_x p(x) H(Y | X=x), the uncertainty left in Y once X is known.

Follows Cover & Thomas (2006) sec. 2.2. The learner writes H (bits, any table flattened) and
H(Y|X) from its definition (average of the row entropies of p(y|x)). Checks compare H with
scipy.stats.entropy, H(Y|X) with H(X,Y) - H(X) computed by scipy (also with a zero row and
zero cells), with the closed form h(eps) for a binary symmetric channel, and with the
invariants H(Y|X) <= H(Y), H(f(X)|X) = 0 and H(Y|X) = H(Y) for independent X, Y.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import entropy as sp_entropy

from implementations._common import Report, main, solution

EXERCISE = ["H", "cond_entropy"]

DOC_ZH = {
    "H": """概率表 p 的熵（比特），多维的联合表先展平。

输入：p，非负且总和为 1 的数组（任意形状）。
输出：一个 float，-Σ p log2 p；概率为 0 的项不计入。

>>> round(H([[0.25, 0.25], [0.5, 0.0]]), 6)
1.5
""",
    "cond_entropy": """由定义计算条件熵 H(Y|X) = Σ_x p(x) H(Y | X=x)，单位比特。

输入：J，二维联合概率表，J[x, y] = p(x, y)，总和为 1。
输出：一个 float。p(x) = 0 的行不计入（它的权重为 0）。

>>> round(cond_entropy(np.array([[0.25, 0.25], [0.5, 0.0]])), 6)
0.5
""",
}

HINTS = {
    "en": (
        "Knowing X = x leaves the distribution p(y|x), a row of the table divided by its sum.",
        "Weight the entropy of each normalised row J[x]/p(x) by p(x) = row sum, skipping rows "
        "with p(x) = 0; inside H drop zero cells before the log.",
    ),
    "zh": (
        "知道 X = x 后剩下的是分布 p(y|x)：表的一行除以该行之和。",
        "用 p(x)（行和）给每一行归一化后 J[x]/p(x) 的熵加权，跳过 p(x) = 0 的行；"
        "在 H 里取对数前先去掉为 0 的格子。",
    ),
}


def H(p):
    """Entropy in bits of an array of probabilities (joint tables are flattened).

    Input: p, a non-negative array of any shape summing to 1. Output: a float,
    -sum p log2 p, with zero cells contributing nothing.

    >>> round(H([[0.25, 0.25], [0.5, 0.0]]), 6)
    1.5
    """
    p = np.asarray(p, dtype=float).ravel()
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def cond_entropy(J):
    """H(Y|X) in bits for a joint table J[x, y], straight from the definition.

    Input: J, a 2-D array with J[x, y] = p(x, y) summing to 1. Output: a float,
    sum_x p(x) H(J[x] / p(x)); rows with p(x) = 0 have weight 0 and are skipped.

    >>> round(cond_entropy(np.array([[0.25, 0.25], [0.5, 0.0]])), 6)
    0.5
    """
    px = J.sum(axis=1)
    return float(sum(px[i] * H(J[i] / px[i]) for i in range(len(px)) if px[i] > 0))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Conditional entropy")

    with r.case("H agrees with scipy.stats.entropy, zeros and 2-D tables included") as c:
        P = rng.dirichlet(np.full(9, 0.5), size=50)
        P[:10, :3] = 0.0
        P /= P.sum(1, keepdims=True)
        c.close([f.H(p) for p in P], sp_entropy(P, base=2, axis=1), rtol=1e-12)
        c.close(f.H(P[0].reshape(3, 3)), sp_entropy(P[0], base=2), rtol=1e-12)

    with r.case("definition equals H(X,Y) - H(X)") as c:
        J = rng.dirichlet(np.full(24, 0.5)).reshape(4, 6)
        hc = f.cond_entropy(J)
        r.figure("H(Y|X) for a random 4x6 joint (bits)", hc)
        ref = sp_entropy(J.ravel(), base=2) - sp_entropy(J.sum(1), base=2)
        c.close(hc, ref, rtol=1e-12)

    # A row with p(x) = 0 has weight zero; zero cells inside rows count as 0 log 0 = 0.
    with r.case("zero row and zero cells: still H(X,Y) - H(X)") as c:
        J = rng.dirichlet(np.ones(20)).reshape(5, 4)
        J[2] = 0.0
        J[0, 1] = J[4, 3] = 0.0
        J /= J.sum()
        ref = sp_entropy(J.ravel(), base=2) - sp_entropy(J.sum(1), base=2)
        c.close(f.cond_entropy(J), ref, rtol=1e-12)

    # Conditioning reduces entropy on average (it can increase for one particular x).
    with r.case("H(Y|X) <= H(Y) on 300 random joints") as c:
        gaps = []
        for _ in range(300):
            J = rng.dirichlet(np.full(12, 0.4)).reshape(3, 4)
            gaps.append(sp_entropy(J.sum(0), base=2) - f.cond_entropy(J))
        c.true(
            min(gaps) >= -1e-12 and max(gaps) > 0.01, f"gaps in [{min(gaps):.3g}, {max(gaps):.3g}]"
        )

    with r.case("independent X, Y: H(Y|X) = H(Y)") as c:
        px, py = rng.dirichlet(np.ones(3)), rng.dirichlet(np.ones(5))
        c.close(f.cond_entropy(np.outer(px, py)), sp_entropy(py, base=2), rtol=1e-12)

    # Binary symmetric channel with crossover eps: each row of p(y|x) has entropy h(eps).
    with r.case("BSC: H(Y|X) = h(eps) for any input law") as c:
        eps, q = 0.11, 0.3
        Jb = np.array([[q * (1 - eps), q * eps], [(1 - q) * eps, (1 - q) * (1 - eps)]])
        h_eps = -eps * np.log2(eps) - (1 - eps) * np.log2(1 - eps)
        c.close(f.cond_entropy(Jb), h_eps, rtol=1e-12)

    # Y a function of X: nothing is left to learn.
    with r.case("H(f(X) | X) = 0") as c:
        p = rng.dirichlet(np.ones(6))
        Jf = np.zeros((6, 2))
        Jf[np.arange(6), np.arange(6) % 2] = p
        c.close(f.cond_entropy(Jf), 0.0, atol=1e-15)

    # Asymmetry: H(Y|X) and H(X|Y) differ in general, but H(X)+H(Y|X) = H(Y)+H(X|Y).
    with r.case("H(X)+H(Y|X) = H(Y)+H(X|Y)") as c:
        J = rng.dirichlet(np.ones(15)).reshape(3, 5)
        hyx, hxy = f.cond_entropy(J), f.cond_entropy(J.T)
        r.figure("H(Y|X) vs H(X|Y) (bits)", [round(hyx, 6), round(hxy, 6)])
        a = sp_entropy(J.sum(1), base=2) + hyx
        b = sp_entropy(J.sum(0), base=2) + hxy
        c.close(a, b, rtol=1e-12)
        c.true(abs(hyx - hxy) > 0.1, "H(Y|X) != H(X|Y) for a 3x5 joint")
    return r


if __name__ == "__main__":
    main(run)
