"""shampoo-preconditioning: Shampoo's two-sided Kronecker preconditioner for a weight matrix.

Follows Gupta, Koren & Singer (2018), Algorithm 1 (the matrix case): L = eps I + sum G G^T,
R = eps I + sum G^T G, W <- W - lr L^(-1/4) G R^(-1/4). Checks: the matrix power of a symmetric
positive definite matrix against scipy.linalg.fractional_matrix_power; the Shampoo step equals
the full (mn x mn) preconditioner (L kron R)^(-1/4) applied to vec(G), computed from
scipy.linalg.eigh of the Kronecker product itself (Shampoo never forms it); on 1 x 1
"matrices" Shampoo is AdaGrad, step g / sqrt(eps + sum g^2) (exponent -1/4 on each side), also
with the default eps; a rank-1 gradient u v^T gives the first step -u v^T / (|u| |v|); the
matrix inequality behind the paper's analysis: for gradients of rank <= r,
eps I + (1/r) sum vec(G) vec(G)^T <= L^(1/2) kron R^(1/2) (smallest eigenvalue of the
difference >= 0), tight for one gradient with r equal singular values, where dropping the 1/r
leaves a gap of 1 - r; an invariance: rotating the gradients G -> U G V^T with orthogonal U, V
rotates the whole trajectory the same way.
"""

from __future__ import annotations

import numpy as np
from scipy import linalg, stats

from implementations._common import Report, main, solution

EXERCISE = ["psd_power", "shampoo"]

DOC_ZH = {
    "psd_power": """对称正定矩阵的实数次幂 A^p：用特征分解 A = V diag(w) V^T，得 V diag(w^p) V^T。

输入：A，对称正定矩阵 (k, k)；p，实数指数（例如 -1/4）。
输出：(k, k) 矩阵 A^p。

>>> np.round(psd_power(np.diag([16.0, 1.0]), -0.25), 6).tolist()
[[0.5, 0.0], [0.0, 1.0]]
""",
    "shampoo": """Shampoo（Gupta、Koren、Singer 2018，算法 1，矩阵情形）在给定梯度序列上的迭代，起点 W = 0。

输入：grads，形状 (T, m, n)，第 t 个是第 t 步的梯度矩阵 G；lr，学习率；eps，初始化 L = eps I_m，R = eps I_n。
每一步：L += G G^T，R += G^T G，W -= lr L^(-1/4) G R^(-1/4)。
输出：形状 (T+1, m, n) 的数组，第 0 个是零矩阵。

>>> Ws = shampoo(np.array([[[3.0]], [[4.0]]]), 1.0, eps=0.0)
>>> np.round(Ws[:, 0, 0], 6).tolist()
[0.0, -1.0, -1.8]
""",
}

HINTS = {
    "en": (
        "Keep one statistic per side of the matrix: rows see G G^T, columns see G^T G. Each "
        "side gets a quarter power, so together they act like an inverse square root.",
        "psd_power: w, V = np.linalg.eigh(A); return (V * w**p) @ V.T. shampoo: L += G @ G.T, "
        "R += G.T @ G, W -= lr * psd_power(L, -1/4) @ G @ psd_power(R, -1/4).",
    ),
    "zh": (
        "矩阵的每一侧各保留一个统计量：行方向是 G G^T，列方向是 G^T G。每侧取四分之一次幂，合起来相当于逆平方根。",
        "psd_power：w, V = np.linalg.eigh(A)；返回 (V * w**p) @ V.T。shampoo：L += G @ G.T，"
        "R += G.T @ G，W -= lr * psd_power(L, -1/4) @ G @ psd_power(R, -1/4)。",
    ),
}


def psd_power(A, p):
    """The real power A^p of a symmetric positive definite matrix, via A = V diag(w) V^T.

    Input: A, a symmetric positive definite matrix (k, k); p, a real exponent (e.g. -1/4).
    Output: the (k, k) matrix V diag(w^p) V^T.

    >>> np.round(psd_power(np.diag([16.0, 1.0]), -0.25), 6).tolist()
    [[0.5, 0.0], [0.0, 1.0]]
    """
    w, V = np.linalg.eigh(A)
    return (V * w**p) @ V.T


def shampoo(grads, lr, eps=1e-4):
    """Shampoo (Gupta, Koren & Singer 2018, Algorithm 1, matrix case) from W = 0.

    Input: grads, an array (T, m, n) whose t-th entry is the gradient matrix G of step t; lr,
    the learning rate; eps, the initial L = eps I_m and R = eps I_n. Each step:
    L += G G^T, R += G^T G, W -= lr L^(-1/4) G R^(-1/4).
    Output: an array (T+1, m, n) whose entry 0 is the zero matrix.

    >>> Ws = shampoo(np.array([[[3.0]], [[4.0]]]), 1.0, eps=0.0)
    >>> np.round(Ws[:, 0, 0], 6).tolist()
    [0.0, -1.0, -1.8]
    """
    _, m, n = grads.shape
    L, R = eps * np.eye(m), eps * np.eye(n)
    W = np.zeros((m, n))
    Ws = [W.copy()]
    for G in grads:
        L = L + G @ G.T  # row statistics
        R = R + G.T @ G  # column statistics
        W = W - lr * psd_power(L, -0.25) @ G @ psd_power(R, -0.25)
        Ws.append(W.copy())
    return np.array(Ws)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Shampoo")
    rng = np.random.default_rng(0)
    m, n, T, eps = 3, 4, 6, 1e-3
    grads = rng.normal(size=(T, m, n)) * np.array([1.0, 10.0, 0.1])[:, None]

    with r.case("psd_power equals scipy.linalg.fractional_matrix_power") as c:
        B = rng.normal(size=(5, 5))
        A = B @ B.T + 0.1 * np.eye(5)
        for p in (-0.25, 0.5, -1.0, 1.5):
            c.close(f.psd_power(A, p), np.real(linalg.fractional_matrix_power(A, p)), rtol=1e-8)

    with r.case(
        "the step equals (L kron R)^(-1/4) vec(G), the full preconditioner (scipy eigh)"
    ) as c:
        Ws = f.shampoo(grads, 0.1, eps)
        L, R = eps * np.eye(m), eps * np.eye(n)
        for t in range(T):
            L, R = L + grads[t] @ grads[t].T, R + grads[t].T @ grads[t]
            lam, Q = linalg.eigh(np.kron(L, R))  # the mn x mn matrix Shampoo never forms
            H = (Q * lam**-0.25) @ Q.T
            c.close((Ws[t + 1] - Ws[t]).ravel(), -0.1 * H @ grads[t].ravel(), rtol=1e-7)
        c.close(Ws[0], np.zeros((m, n)))
        r.figure(
            "condition number of the last L and R",
            [float(np.linalg.cond(L)), float(np.linalg.cond(R))],
        )

    with r.case("1 x 1 matrices: Shampoo is AdaGrad, step g / sqrt(eps + sum g^2)") as c:
        g = rng.normal(size=20)
        Ws = f.shampoo(g[:, None, None], 0.5, eps)
        c.close(np.diff(Ws[:, 0, 0]), -0.5 * g / np.sqrt(eps + np.cumsum(g**2)), rtol=1e-9)
        small = 0.01 * g[:5]  # default eps = 1e-4 matters next to g^2 ~ 1e-4
        Ws = f.shampoo(small[:, None, None], 0.5)
        c.close(np.diff(Ws[:, 0, 0]), -0.5 * small / np.sqrt(1e-4 + np.cumsum(small**2)), rtol=1e-9)

    with r.case("rank-1 gradient u v^T: the first step is -u v^T / (|u| |v|)") as c:
        u, v = np.array([1.0, 2.0, 2.0]), np.array([3.0, 0.0, 4.0, 0.0])
        Ws = f.shampoo(np.outer(u, v)[None], 1.0, 1e-8)
        # L = |v|^2 u u^T and R = |u|^2 v v^T: the step is -u v^T / (|u| |v|)^(1/2) / (|u| |v|)^(1/2)
        ref = -np.outer(u, v) / (np.linalg.norm(u) * np.linalg.norm(v))
        c.close(Ws[1], ref, rtol=1e-5, atol=1e-8)

    rank = 2
    low = np.array([rng.normal(size=(m, rank)) @ rng.normal(size=(rank, n)) for _ in range(T)])
    with r.case(
        "Kronecker bound: eps I + (1/r) sum g g^T <= L^(1/2) kron R^(1/2), rank r = 2"
    ) as c:
        L = eps * np.eye(m) + sum(G @ G.T for G in low)
        R = eps * np.eye(n) + sum(G.T @ G for G in low)
        S = sum(np.outer(G.ravel(), G.ravel()) for G in low)
        K = np.kron(f.psd_power(L, 0.5), f.psd_power(R, 0.5))
        gap = np.linalg.eigvalsh(K - eps * np.eye(m * n) - S / rank).min()
        c.true(gap >= -1e-9, f"min eigenvalue {gap:.3g}")
        # tight: one gradient Q1 Q2^T with orthonormal columns (all singular values 1) meets the
        # bound with equality, and without the 1/r it fails by r - 1
        Q1 = np.linalg.qr(rng.normal(size=(m, rank)))[0]
        Q2 = np.linalg.qr(rng.normal(size=(n, rank)))[0]
        G = Q1 @ Q2.T
        K1 = np.kron(
            f.psd_power(eps * np.eye(m) + G @ G.T, 0.5), f.psd_power(eps * np.eye(n) + G.T @ G, 0.5)
        )
        d = np.linalg.eigvalsh(K1 - eps * np.eye(m * n) - np.outer(G.ravel(), G.ravel()) / rank)
        d1 = np.linalg.eigvalsh(K1 - eps * np.eye(m * n) - np.outer(G.ravel(), G.ravel())).min()
        r.figure(
            "smallest eigenvalue: random rank-2, tight case, tight without 1/r",
            [float(gap), float(d.min()), float(d1)],
        )
        c.true(d.min() >= -1e-6, f"tight case min eigenvalue {d.min():.3g}")
        c.close(d1, 1 - rank, atol=0.01)

    with r.case("rotating gradients U G V^T rotates the trajectory the same way") as c:
        U = stats.ortho_group.rvs(m, random_state=1)
        V = stats.ortho_group.rvs(n, random_state=2)
        W1 = f.shampoo(grads, 0.1, eps)
        W2 = f.shampoo(np.array([U @ G @ V.T for G in grads]), 0.1, eps)
        c.close(W2[-1], U @ W1[-1] @ V.T, rtol=1e-8, atol=1e-10)
        # a per-entry (AdaGrad-style) preconditioner is not rotation equivariant
        diag = -0.1 * grads / np.sqrt(eps + np.cumsum(grads**2, axis=0))
        diag_rot = -0.1 * np.array([U @ G @ V.T for G in grads])
        diag_rot = diag_rot / np.sqrt(eps + np.cumsum((diag_rot / 0.1) ** 2, axis=0))
        c.true(not np.allclose(diag_rot.sum(axis=0), U @ diag.sum(axis=0) @ V.T, atol=1e-3))
    return r


if __name__ == "__main__":
    main(run)
