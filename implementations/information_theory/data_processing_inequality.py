"""data-processing-inequality: if X -> Y -> Z is a Markov chain then I(X;Z) <= I(X;Y).

Follows Cover & Thomas (2006) sec. 2.8. Random channels p(y|x), p(z|y) build Markov chains;
checks compare I(X;Z) with I(X;Y) and I(Y;Z), verify I(X;Z|Y) = 0 from the joint, cover
deterministic processing Z = g(Y), and show a non-Markov triple where the inequality fails,
so the Markov condition is what the theorem needs. The learner writes I(X;Y) of a joint table
and the joint p(x,y,z) = p(x)p(y|x)p(z|y) of a chain; they are compared with a triple loop,
with H(X)+H(Y)-H(X,Y) by scipy.special.entr (zero cells included), and with closed forms.
"""

from __future__ import annotations

import numpy as np
from scipy.special import entr

from implementations._common import Report, main, solution

EXERCISE = ["mi", "markov_joint"]

DOC_ZH = {
    "mi": """二维联合表的互信息 I(X;Y) = Σ p(x,y) log2(p(x,y) / (p(x)p(y)))，单位比特。

输入：J，二维联合概率表，J[x, y] = p(x, y)，总和为 1。
输出：一个 float，>= 0；J 中为 0 的格子不计入。

>>> round(mi(np.array([[0.5, 0.0], [0.0, 0.5]])), 6)
1.0
""",
    "markov_joint": """马尔可夫链 X -> Y -> Z 的联合分布 p(x,y,z) = p(x) p(y|x) p(z|y)。

输入：px，X 的分布（长度 nx）；A，形状 (nx, ny) 的信道，A[x, y] = p(y|x)；B，形状 (ny, nz) 的信道，B[y, z] = p(z|y)。
输出：形状 (nx, ny, nz) 的数组 T，T[x, y, z] = p(x,y,z)。

>>> T = markov_joint(np.array([1.0, 0.0]), np.eye(2), np.array([[0.5, 0.5], [0.0, 1.0]]))
>>> T[0].tolist()
[[0.5, 0.5], [0.0, 0.0]]
""",
}

HINTS = {
    "en": (
        "In a Markov chain Z sees X only through Y: each factor of the joint conditions on "
        "the previous variable alone.",
        "Broadcast px[:, None, None] * A[:, :, None] * B[None, :, :]. For I(X;Y), compare J "
        "with np.outer of its marginals on the cells where J > 0.",
    ),
    "zh": (
        "在马尔可夫链中，Z 只能通过 Y 看到 X：联合分布的每个因子只以前一个变量为条件。",
        "用广播计算 px[:, None, None] * A[:, :, None] * B[None, :, :]。计算 I(X;Y) 时，"
        "在 J > 0 的格子上把 J 与边缘分布的外积 np.outer 相比较。",
    ),
}


def mi(J):
    """Mutual information I(X;Y) in bits of a joint table J[x, y] = p(x, y).

    Input: J, a 2-D array summing to 1. Output: a float >= 0, the sum of
    J log2(J / (p(x) p(y))) over the cells with J > 0.

    >>> round(mi(np.array([[0.5, 0.0], [0.0, 0.5]])), 6)
    1.0
    """
    prod = np.outer(J.sum(1), J.sum(0))
    m = J > 0
    return float(np.sum(J[m] * np.log2(J[m] / prod[m])))


def markov_joint(px, A, B):
    """The joint p(x,y,z) = p(x) p(y|x) p(z|y) of a Markov chain X -> Y -> Z.

    Input: px, the law of X (length nx); A, an (nx, ny) channel with A[x, y] = p(y|x); B, an
    (ny, nz) channel with B[y, z] = p(z|y). Output: an (nx, ny, nz) array T[x, y, z].

    >>> T = markov_joint(np.array([1.0, 0.0]), np.eye(2), np.array([[0.5, 0.5], [0.0, 1.0]]))
    >>> T[0].tolist()
    [[0.5, 0.5], [0.0, 0.0]]
    """
    return px[:, None, None] * A[:, :, None] * B[None, :, :]


def channel(rng, n_in, n_out, conc=0.5):
    return rng.dirichlet(np.full(n_out, conc), size=n_in)  # rows are p(out | in)


def mi_ref(J):
    """I(X;Y) = H(X) + H(Y) - H(X,Y), entropies by scipy.special.entr: the reference."""
    h = lambda p: float(entr(np.ravel(p)).sum() / np.log(2))  # noqa: E731
    return h(J.sum(1)) + h(J.sum(0)) - h(J)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Data-processing inequality")

    with r.case("joint of the chain agrees with a triple loop") as c:
        px, A, B = rng.dirichlet(np.ones(3)), channel(rng, 3, 4), channel(rng, 4, 2)
        loop = np.zeros((3, 4, 2))
        for x in range(3):
            for y in range(4):
                for z in range(2):
                    loop[x, y, z] = px[x] * A[x, y] * B[y, z]
        c.close(f.markov_joint(px, A, B), loop, rtol=1e-12)

    with r.case("I(X;Y) equals H(X)+H(Y)-H(X,Y), zero cells included") as c:
        J = rng.dirichlet(np.ones(15)).reshape(3, 5)
        J[0, :2] = J[2, 4] = 0.0
        J /= J.sum()
        c.close([f.mi(J), f.mi(J.T)], [mi_ref(J), mi_ref(J)], rtol=1e-12)

    ok_xy, ok_yz, cmi_max, margins = True, True, 0.0, []
    with r.case("I(X;Z) <= I(X;Y) on 300 random Markov chains") as c:
        for _ in range(300):
            px = rng.dirichlet(np.ones(4))
            A, B = channel(rng, 4, 5), channel(rng, 5, 3)
            T = f.markov_joint(px, A, B)
            ixy, iyz, ixz = f.mi(T.sum(2)), f.mi(T.sum(0)), f.mi(T.sum(1))
            ok_xy &= ixz <= ixy + 1e-12
            ok_yz &= ixz <= iyz + 1e-12
            margins.append(ixy - ixz)
            # I(X;Z|Y) = sum_y p(y) I(X;Z | Y=y) must vanish for a Markov chain.
            py = T.sum((0, 2))
            cmi_max = max(cmi_max, sum(py[y] * mi_ref(T[:, y, :] / py[y]) for y in range(5)))
        r.figure("mean I(X;Y) - I(X;Z) over 300 chains (bits)", float(np.mean(margins)))
        c.true(ok_xy and min(margins) > 0)
    with r.case("I(X;Z) <= I(Y;Z) on 300 random Markov chains") as c:
        c.true(ok_yz and len(margins) == 300)
    with r.case("Markov property: I(X;Z|Y) = 0") as c:
        c.true(len(margins) == 300 and cmi_max < 1e-12, f"max {cmi_max:.2e}")

    # Deterministic processing Z = g(Y) (merge Y's 5 values into 2): I(X; g(Y)) <= I(X; Y).
    with r.case("I(X; g(Y)) <= I(X; Y) for a merging g") as c:
        px, A = rng.dirichlet(np.ones(4)), channel(rng, 4, 5)
        Jxy = px[:, None] * A
        Jxz = np.stack([Jxy[:, :3].sum(1), Jxy[:, 3:].sum(1)], axis=1)
        c.true(f.mi(Jxz) < f.mi(Jxy))
        c.close(f.mi(Jxz), mi_ref(Jxz), rtol=1e-12)

    # Not a Markov chain: Z copies X while Y is independent noise, so I(X;Z) = 1 > I(X;Y) = 0.
    with r.case("without the Markov condition the inequality can fail") as c:
        px, py = np.array([0.5, 0.5]), np.array([0.3, 0.7])
        T = np.einsum("x,y,xz->xyz", px, py, np.eye(2))
        c.close([f.mi(T.sum(1)), f.mi(T.sum(2))], [1.0, 0.0], rtol=1e-12, atol=1e-15)
    return r


if __name__ == "__main__":
    main(run)
