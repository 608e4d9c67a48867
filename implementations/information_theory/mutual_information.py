"""mutual-information: I(X;Y) = D(p(x,y) || p(x)p(y)) = H(X) - H(X|Y).

Follows Cover & Thomas (2006) secs. 2.3-2.4 and MacKay (2003) ch. 8. Checks compare the KL
form with the entropy form, non-negativity on random joints, zero for independence,
I(X;X) = H(X), the closed form 1 - h(eps) for a binary symmetric channel with uniform input,
and the closed form -0.5 log(1 - rho^2) for a bivariate Gaussian (finely binned). The learner
writes I(X;Y) in its KL form; the entropy form it is compared with uses scipy.stats.entropy,
on joints with zero cells too, and the symmetry I(X;Y) = I(Y;X) is checked.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import entropy as sp_entropy

from implementations._common import Report, main, solution

EXERCISE = ["mi_kl"]

DOC_ZH = {
    "mi_kl": """互信息 I(X;Y) = D(p(x,y) || p(x)p(y))，即联合分布相对于边缘分布乘积的 KL 散度，单位比特。

输入：J，二维联合概率表，J[x, y] = p(x, y)，总和为 1。
输出：一个 float，>= 0；J 中为 0 的格子不计入。

>>> round(mi_kl(np.array([[0.5, 0.0], [0.0, 0.5]])), 6)
1.0
""",
}

HINTS = {
    "en": (
        "Compare the joint with what it would be if X and Y were independent.",
        "Build the product of the marginals np.outer(J.sum(1), J.sum(0)) and sum "
        "J log2(J / product) over the cells where J > 0.",
    ),
    "zh": (
        "把联合分布与 X、Y 独立时应有的样子相比较。",
        "用 np.outer(J.sum(1), J.sum(0)) 构造边缘分布的乘积，在 J > 0 的格子上对 "
        "J log2(J / 乘积) 求和。",
    ),
}


def mi_kl(J):
    """I(X;Y) in bits as the KL divergence of the joint from the product of its marginals.

    Input: J, a 2-D array with J[x, y] = p(x, y) summing to 1. Output: a float >= 0;
    cells with J = 0 contribute nothing.

    >>> round(mi_kl(np.array([[0.5, 0.0], [0.0, 0.5]])), 6)
    1.0
    """
    prod = np.outer(J.sum(1), J.sum(0))
    m = J > 0
    return float(np.sum(J[m] * np.log2(J[m] / prod[m])))


def hs(p):
    """scipy's entropy in bits of a flattened table: the reference."""
    return float(sp_entropy(np.ravel(p), base=2))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Mutual information")

    with r.case("KL form equals H(X)+H(Y)-H(X,Y)") as c:
        J = rng.dirichlet(np.full(20, 0.4)).reshape(4, 5)
        i_kl = f.mi_kl(J)
        r.figure("I(X;Y) for a random 4x5 joint (bits)", i_kl)
        c.close(i_kl, hs(J.sum(1)) + hs(J.sum(0)) - hs(J), rtol=1e-12)

    with r.case("zero cells and a zero row: still H(X)+H(Y)-H(X,Y)") as c:
        J = rng.dirichlet(np.ones(20)).reshape(4, 5)
        J[1] = 0.0
        J[0, 2] = J[3, 0] = 0.0
        J /= J.sum()
        c.close(f.mi_kl(J), hs(J.sum(1)) + hs(J.sum(0)) - hs(J), rtol=1e-12)

    with r.case("I(X;Y) >= 0 on 300 random joints") as c:
        vals = [f.mi_kl(rng.dirichlet(np.full(12, 0.3)).reshape(3, 4)) for _ in range(300)]
        c.true(min(vals) >= -1e-12 and max(vals) > 0.1, f"min {min(vals):.3e}")
    with r.case("symmetry: I(X;Y) = I(Y;X) on a 3x6 joint") as c:
        J = rng.dirichlet(np.ones(18)).reshape(3, 6)
        c.close(f.mi_kl(J.T), f.mi_kl(J), rtol=1e-12)
        c.close(f.mi_kl(J), hs(J.sum(1)) + hs(J.sum(0)) - hs(J), rtol=1e-12)
    with r.case("independent X, Y: I = 0") as c:
        c.close(
            f.mi_kl(np.outer(rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(6)))), 0.0, atol=1e-14
        )

    with r.case("I(X;X) = H(X)") as c:
        p = rng.dirichlet(np.ones(5))
        c.close(f.mi_kl(np.diag(p)), hs(p), rtol=1e-12)

    with r.case("BSC with uniform input: I = 1 - h(eps)") as c:
        eps = 0.1
        Jb = 0.5 * np.array([[1 - eps, eps], [eps, 1 - eps]])
        h = -eps * math.log2(eps) - (1 - eps) * math.log2(1 - eps)
        c.close(f.mi_kl(Jb), 1 - h, rtol=1e-12)

    # Bivariate Gaussian, correlation rho: bin the density finely; I(binned) -> -0.5 log2(1-rho^2).
    with r.case("Gaussian: binned MI matches -0.5 log2(1 - rho^2)") as c:
        rho, d = 0.8, 0.02
        g = np.arange(-7, 7 + d / 2, d)
        X, Y = np.meshgrid(g, g, indexing="ij")
        dens = np.exp(-(X**2 - 2 * rho * X * Y + Y**2) / (2 * (1 - rho**2)))
        Jg = dens / dens.sum()
        exact = -0.5 * math.log2(1 - rho**2)
        ig = f.mi_kl(Jg)
        r.figure("binned Gaussian MI vs closed form (bits)", [round(ig, 6), round(exact, 6)])
        c.close(ig, exact, rtol=1e-3)
    return r


if __name__ == "__main__":
    main(run)
