"""kfac: Kronecker-factored approximate curvature for one linear layer.

Follows Martens & Grosse (2015): for a layer s = W a, the per-example weight gradient is
g a' (g = dL/ds), so the Fisher block is E[(a a') kron (g g')], approximated by
E[a a'] kron E[g g'] = A kron G. Checks by exact enumeration over a discrete joint
distribution: the Fisher block equals a sum of outer products of column-major vec(g a'),
the factors equal the marginal second moments, the approximation is exact when a and g are
independent and not when they are correlated; and the damped step G^{-1} V A^{-1} equals
(A kron G)^{-1} vec(V) from np.linalg.solve on the full matrix.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["fisher_block", "kfac_factors", "kfac_step"]

DOC_ZH = {
    "fisher_block": """线性层 s = W a 的精确 Fisher 块 E[vec(g a') vec(g a')']，对 (a, g) 的离散联合分布求期望。

输入：a_vals，(p, d_in)，a 的 p 个可能取值；g_vals，(q, d_out)，g = dL/ds 的 q 个可能取值；
joint，(p, q) 联合概率。vec 按列堆叠（column-major），vec(g a') = kron(a, g)。
输出：(d_in*d_out, d_in*d_out) 矩阵。

>>> fisher_block(np.array([[2.0]]), np.array([[1.0], [3.0]]), np.array([[0.5, 0.5]])).tolist()
[[20.0]]
""",
    "kfac_factors": """K-FAC 的两个因子 A = E[a a']、G = E[g g']，各自对联合分布的边缘求期望。

输入：与 fisher_block 相同。
输出：(A, G)，形状 (d_in, d_in) 和 (d_out, d_out)。Fisher 块被近似为 kron(A, G)。

>>> A, G = kfac_factors(np.array([[2.0]]), np.array([[1.0], [3.0]]), np.array([[0.5, 0.5]]))
>>> A.tolist(), G.tolist()
([[4.0]], [[5.0]])
""",
    "kfac_step": """K-FAC 的预条件步 (G + lam I)^{-1} V (A + lam I)^{-1}，只需对两个小因子求逆。

输入：A，(d_in, d_in)；G，(d_out, d_out)，均为对称半正定；V，(d_out, d_in) 的权重梯度矩阵；lam，阻尼。
输出：(d_out, d_in) 矩阵；它的列堆叠等于 (A kron G + 阻尼)^{-1} vec(V)，阻尼加在每个因子上。

>>> kfac_step(np.array([[2.0]]), np.array([[4.0]]), np.array([[8.0]]), 0.0).tolist()
[[1.0]]
""",
}

HINTS = {
    "en": (
        "The weight gradient of one example is an outer product g a'; its vec is a Kronecker "
        "product, and if a and g were independent the expectation would factor.",
        "F = sum_ij p_ij kron(a_i, g_j) kron(a_i, g_j)'; A and G use the marginals joint.sum(1) "
        "and joint.sum(0); (A kron G)^{-1} vec(V) = vec(G^{-1} V A^{-1}), so solve with the "
        "damped small factors only.",
    ),
    "zh": (
        "单个样本的权重梯度是外积 g a'；它的 vec 是 Kronecker 积；若 a 与 g 独立，期望就能分解。",
        "F = sum_ij p_ij kron(a_i, g_j) kron(a_i, g_j)'；A 和 G 分别用边缘 joint.sum(1) 与 joint.sum(0)；"
        "(A kron G)^{-1} vec(V) = vec(G^{-1} V A^{-1})，所以只需用加了阻尼的小因子求解。",
    ),
}


def fisher_block(a_vals, g_vals, joint):
    """Exact Fisher block E[vec(g a') vec(g a')'] of s = W a over a discrete joint of (a, g).

    Input: a_vals (p, d_in), the p possible inputs; g_vals (q, d_out), the q possible
    back-propagated gradients g = dL/ds; joint (p, q), their joint probabilities. vec stacks
    columns (column-major), so vec(g a') = kron(a, g).
    Output: a (d_in*d_out, d_in*d_out) matrix.

    >>> fisher_block(np.array([[2.0]]), np.array([[1.0], [3.0]]), np.array([[0.5, 0.5]])).tolist()
    [[20.0]]
    """
    d = len(a_vals[0]) * len(g_vals[0])
    F = np.zeros((d, d))
    for i, a in enumerate(a_vals):
        for j, g in enumerate(g_vals):
            v = np.kron(a, g)  # vec(g a') in column-major order
            F += joint[i, j] * np.outer(v, v)
    return F


def kfac_factors(a_vals, g_vals, joint):
    """K-FAC's factors A = E[a a'] and G = E[g g'], each under its marginal of the joint.

    Input: as fisher_block. Output: (A, G), shapes (d_in, d_in) and (d_out, d_out); the
    Fisher block is approximated by kron(A, G).

    >>> A, G = kfac_factors(np.array([[2.0]]), np.array([[1.0], [3.0]]), np.array([[0.5, 0.5]]))
    >>> A.tolist(), G.tolist()
    ([[4.0]], [[5.0]])
    """
    pa, pg = joint.sum(axis=1), joint.sum(axis=0)
    A = (a_vals * pa[:, None]).T @ a_vals
    G = (g_vals * pg[:, None]).T @ g_vals
    return A, G


def kfac_step(A, G, V, lam):
    """K-FAC's preconditioned step (G + lam I)^{-1} V (A + lam I)^{-1}: only small inverses.

    Input: A (d_in, d_in) and G (d_out, d_out), symmetric positive semi-definite; V
    (d_out, d_in), a weight-gradient matrix; lam, the damping added to each factor.
    Output: a (d_out, d_in) matrix whose column-major vec is (A' kron G')^{-1} vec(V), with
    A' = A + lam I and G' = G + lam I.

    >>> kfac_step(np.array([[2.0]]), np.array([[4.0]]), np.array([[8.0]]), 0.0).tolist()
    [[1.0]]
    """
    Ad, Gd = A + lam * np.eye(len(A)), G + lam * np.eye(len(G))
    return np.linalg.solve(Gd, V) @ np.linalg.inv(Ad)  # G^{-1} V A^{-1}


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("K-FAC")
    d_in, d_out = 4, 3
    a_vals = rng.normal(size=(5, d_in))  # 5 possible input activations
    g_vals = rng.normal(size=(6, d_out))  # 6 possible back-propagated gradients
    pa, pg = rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(6))
    A = np.einsum("i,ij,ik->jk", pa, a_vals, a_vals)  # E[a a']
    G = np.einsum("i,ij,ik->jk", pg, g_vals, g_vals)  # E[g g']

    # correlated: same marginals are not enough - build a joint that couples a and g
    joint = np.outer(pa, pg) + 0.5 * np.minimum.outer(pa, pg) * np.outer(
        np.sign(rng.normal(size=5)), np.sign(rng.normal(size=6))
    )
    joint = np.clip(joint, 0, None)
    joint /= joint.sum()

    with r.case("Fisher block = sum of outer products of column-major vec(g a')") as c:
        ref = sum(
            joint[i, j] * np.outer(np.outer(g, a).ravel(order="F"), np.outer(g, a).ravel(order="F"))
            for i, a in enumerate(a_vals)
            for j, g in enumerate(g_vals)
        )
        c.close(f.fisher_block(a_vals, g_vals, joint), ref, rtol=1e-12, atol=1e-14)
        # a deterministic layer (one a, one g): F = vec(g a') vec(g a')'
        v = np.outer(g_vals[0], a_vals[0]).ravel(order="F")
        c.close(f.fisher_block(a_vals[:1], g_vals[:1], np.ones((1, 1))), np.outer(v, v), rtol=1e-12)
    with r.case("factors are the marginal second moments E[a a'], E[g g']") as c:
        Af, Gf = f.kfac_factors(a_vals, g_vals, np.outer(pa, pg))
        c.close(Af, A, rtol=1e-12)
        c.close(Gf, G, rtol=1e-12)
        Ac, Gc = f.kfac_factors(a_vals, g_vals, joint)
        c.close(Ac, np.einsum("i,ij,ik->jk", joint.sum(1), a_vals, a_vals), rtol=1e-12)
        c.close(Gc, np.einsum("j,jk,jl->kl", joint.sum(0), g_vals, g_vals), rtol=1e-12)
    with r.case("independent a and g: exact Fisher block = A kron G") as c:
        F_ind = f.fisher_block(a_vals, g_vals, np.outer(pa, pg))
        c.close(F_ind, np.kron(A, G), rtol=1e-10, atol=1e-13)
    with r.case("correlated a and g: Kronecker product is only an approximation (error > 1%)") as c:
        F_cor = f.fisher_block(a_vals, g_vals, joint)
        A_c, G_c = f.kfac_factors(a_vals, g_vals, joint)
        err = np.linalg.norm(F_cor - np.kron(A_c, G_c)) / np.linalg.norm(F_cor)
        r.figure("relative error of A kron G when a and g are correlated", err)
        c.true(0.01 < err < 1, f"{err:.3g}")

    # update: (A kron G)^{-1} vec(V) = vec(G^{-1} V A^{-1}); only the small factors are inverted
    V = rng.normal(size=(d_out, d_in))  # a weight-gradient matrix
    with r.case("G^{-1} V A^{-1} = (A kron G)^{-1} vec(V)") as c:
        for lam, (AA, GG) in ((1e-3, (A, G)), (0.5, (A + np.diag([0, 1, 0, 2.0]), G))):
            Ad, Gd = AA + lam * np.eye(d_in), GG + lam * np.eye(d_out)
            full = np.linalg.solve(np.kron(Ad, Gd), V.flatten(order="F"))
            c.close(f.kfac_step(AA, GG, V, lam).flatten(order="F"), full, rtol=1e-8)
    n_in, n_out = 1024, 1024
    r.figure(
        "entries to invert for a 1024x1024 layer: full block vs K-FAC factors",
        f"{(n_in * n_out) ** 2:.2e} vs {n_in**2 + n_out**2:.2e}",
    )
    return r


if __name__ == "__main__":
    main(run)
