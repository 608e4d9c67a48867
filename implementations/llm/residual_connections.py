"""residual-connections: y = x + F(x), its Jacobian I + dF, and why deep residual stacks train.

Follows He et al. (2015, identity shortcuts y = F(x) + x) as used around every Transformer
sub-layer (Vaswani et al. 2017, Sec. 3.1). Checks: the branch Jacobian plus I equals the
finite-difference Jacobian of x + F(x); for linear branches the product prod_l (I + A_l) equals
the sum over all 2^L paths (brute force over subsets); a zero-initialised branch makes the
block exactly the identity; the Jacobian of a 5-layer stack (with and without shortcuts)
equals finite differences of the stack; and at depth 50 the input gradient survives with
shortcuts but vanishes without them.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["branch_jac", "linear_residual_product", "stack_jacobian"]

DOC_ZH = {
    "branch_jac": """残差分支 F(x) = tanh(x W1) W2 在 x 处的 Jacobian，形状 (输出, 输入)。

dF_i/dx_j = sum_k W1[j, k] (1 - tanh^2(x W1)_k) W2[k, i]。
输入：x，(d,) 行向量；W1，(d, m)；W2，(m, d)。
输出：(d, d) 数组 J，J[i, j] = dF_i / dx_j。

>>> branch_jac(np.zeros(2), np.eye(2), np.array([[1.0, 2.0], [3.0, 4.0]])).tolist()
[[1.0, 3.0], [2.0, 4.0]]
""",
    "linear_residual_product": """线性分支的残差堆叠 x -> (I + A_L) ... (I + A_1) x 的总矩阵。

输入：A，(d, d) 矩阵的列表 [A_1, ..., A_L]（先作用 A_1）。
输出：(d, d) 矩阵 (I + A_L) ... (I + A_1)。

>>> linear_residual_product([np.array([[1.0]]), np.array([[2.0]])]).tolist()
[[6.0]]
""",
    "stack_jacobian": """把各层 h -> h + F_l(h)（residual=True）或 h -> F_l(h)（residual=False）堆起来，
F_l(h) = tanh(h U1_l) U2_l；返回输出及输出对输入的 Jacobian（各层 Jacobian 的乘积，后面的层在左）。

输入：x，(d,)；layers，(U1, U2) 的列表；residual，是否有恒等捷径。
输出：(h, J)：h 形状 (d,)，J 形状 (d, d)。

>>> h, J = stack_jacobian(np.zeros(2), [(np.eye(2), np.eye(2))], residual=True)
>>> h.tolist(), J.tolist()
([0.0, 0.0], [[2.0, 0.0], [0.0, 2.0]])
""",
}

HINTS = {
    "en": (
        "The shortcut contributes the identity to every layer's Jacobian; the chain rule "
        "multiplies the layers' Jacobians, later layers on the left.",
        "For F(x) = tanh(x W1) W2: J_F = ((W1 * s) @ W2).T with s = 1 - tanh^2(x W1). A residual "
        "layer's Jacobian is I + J_F; the stack's is the product, accumulated J = J_l @ J while h "
        "moves forward (take J_l at the layer's input).",
    ),
    "zh": (
        "捷径给每一层的 Jacobian 加上单位矩阵；链式法则把各层 Jacobian 相乘，后面的层在左边。",
        "对 F(x) = tanh(x W1) W2：J_F = ((W1 * s) @ W2).T，s = 1 - tanh^2(x W1)。残差层的 Jacobian 是 I + J_F；"
        "整个堆叠的是乘积：h 向前推进时累积 J = J_l @ J（J_l 取在该层的输入处）。",
    ),
}


def branch(x, W1, W2):
    return np.tanh(x @ W1) @ W2


def branch_jac(x, W1, W2):
    """Jacobian of the residual branch F(x) = tanh(x W1) W2 at x, shaped (out, in).

    dF_i/dx_j = sum_k W1[j, k] (1 - tanh^2(x W1)_k) W2[k, i].
    Input: x, a (d,) row vector; W1, (d, m); W2, (m, d). Output: J (d, d), J[i, j] = dF_i/dx_j.

    >>> branch_jac(np.zeros(2), np.eye(2), np.array([[1.0, 2.0], [3.0, 4.0]])).tolist()
    [[1.0, 3.0], [2.0, 4.0]]
    """
    s = 1 - np.tanh(x @ W1) ** 2
    return ((W1 * s) @ W2).T


def linear_residual_product(A):
    """The matrix of a stack of linear residual layers x -> (I + A_L) ... (I + A_1) x.

    Input: A, a list [A_1, ..., A_L] of (d, d) matrices (A_1 acts first).
    Output: the (d, d) matrix (I + A_L) ... (I + A_1).

    >>> linear_residual_product([np.array([[1.0]]), np.array([[2.0]])]).tolist()
    [[6.0]]
    """
    prod = None
    for Al in A:
        step = np.eye(len(Al)) + Al
        prod = step if prod is None else step @ prod
    return prod


def stack_jacobian(x, layers, residual=True):
    """Stack layers h -> h + F_l(h) (residual) or h -> F_l(h) (plain), F_l(h) = tanh(h U1) U2,
    and return the output and its Jacobian with respect to the input (the product of the
    layers' Jacobians, later layers on the left).

    Input: x, (d,); layers, a list of (U1, U2); residual, whether to add the shortcut.
    Output: (h, J): h (d,), J (d, d).

    >>> h, J = stack_jacobian(np.zeros(2), [(np.eye(2), np.eye(2))], residual=True)
    >>> h.tolist(), J.tolist()
    ([0.0, 0.0], [[2.0, 0.0], [0.0, 2.0]])
    """
    h, J = np.array(x, dtype=float), np.eye(len(x))
    for U1, U2 in layers:
        Jl = branch_jac(h, U1, U2) + (np.eye(len(x)) if residual else 0)
        J = Jl @ J
        h = (h if residual else 0) + branch(h, U1, U2)
    return h, J


def _stack(x, layers, residual):
    for U1, U2 in layers:
        x = (x if residual else 0) + np.tanh(x @ U1) @ U2
    return x


def _fd_jac(fun, x, eps=1e-6):
    J = np.zeros((len(x), len(x)))
    for j in range(len(x)):
        e = np.zeros(len(x))
        e[j] = eps
        J[:, j] = (fun(x + e) - fun(x - e)) / (2 * eps)
    return J


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Residual connections")
    d = 6
    W1, W2 = rng.standard_normal((d, 12)) / np.sqrt(d), rng.standard_normal((12, d)) / np.sqrt(12)
    x = rng.standard_normal(d)
    with r.case("Jacobian of x + F(x) == I + J_F (finite differences)") as c:
        J_num = _fd_jac(lambda v: v + np.tanh(v @ W1) @ W2, x)
        c.close(np.eye(d) + f.branch_jac(x, W1, W2), J_num, rtol=1e-6, atol=1e-9)
        Wr = rng.standard_normal((d, 3))  # a narrow, non-square branch
        Wo = rng.standard_normal((3, d))
        c.close(f.branch_jac(x, Wr, Wo), _fd_jac(lambda v: np.tanh(v @ Wr) @ Wo, x),
                rtol=1e-6, atol=1e-9)

    # Linear branches: (I + A_L)...(I + A_1) = sum over subsets S of prod_{l in S} A_l (ordered).
    L = 4
    A = [0.3 * rng.standard_normal((d, d)) for _ in range(L)]
    paths = np.zeros((d, d))
    for k in range(L + 1):
        for S in combinations(range(L), k):
            M = np.eye(d)
            for l in S:
                M = A[l] @ M
            paths += M
    with r.case("prod (I + A_l) == sum over all 2^L paths (brute force)") as c:
        c.close(f.linear_residual_product(A), paths, rtol=1e-12, atol=1e-12)

    with r.case("branch with W2 = 0 gives y == x exactly (Jacobian I)") as c:
        h, J = f.stack_jacobian(x, [(W1, np.zeros_like(W2))])  # residual by default
        c.close(h, x, rtol=0, atol=0)
        c.close(J, np.eye(d), rtol=0, atol=0)

    small = [(0.5 * rng.standard_normal((d, d)) / np.sqrt(d),
              0.5 * rng.standard_normal((d, d)) / np.sqrt(d)) for _ in range(5)]
    with r.case("5-layer stack: output and Jacobian == forward pass and finite differences") as c:
        for res in (True, False):
            h, J = f.stack_jacobian(x, small, residual=res)
            c.close(h, _stack(x, small, res), rtol=1e-12, atol=1e-15)
            c.close(J, _fd_jac(lambda v: _stack(v, small, res), x), rtol=1e-5, atol=1e-9)

    # Deep stack of 50 small random layers: product of Jacobians with and without shortcuts.
    deep = [(0.5 * rng.standard_normal((d, d)) / np.sqrt(d),
             0.5 * rng.standard_normal((d, d)) / np.sqrt(d)) for _ in range(50)]
    with r.case("gradient survives with shortcuts, vanishes without") as c:
        s_res = np.linalg.norm(f.stack_jacobian(x, deep, residual=True)[1], 2)
        s_plain = np.linalg.norm(f.stack_jacobian(x, deep, residual=False)[1], 2)
        r.figure("||d out / d in|| after 50 layers: residual vs plain",
                 [float(s_res), float(s_plain)])
        c.true(s_res > 0.1 and s_plain < 1e-6, f"{s_res:.3g} vs {s_plain:.3g}")
    return r


if __name__ == "__main__":
    main(run)
