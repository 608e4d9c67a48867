"""norms-inner-products: inner products, angles, vector and matrix norms, projections.

Follows Goodfellow et al. 2.5 (Norms) and d2l-en 22.1 (dot products and angles). Checks:
hand-written p-norms against numpy.linalg.norm and hand values; cosines against loops;
Cauchy-Schwarz and triangle inequality on random vectors; Frobenius norm = sqrt(trace(A^T A))
= sqrt(sum of squared singular values); Gram-Schmidt against numpy.linalg.qr and its
projection against least squares (numpy.linalg.lstsq); near-orthogonality of random
high-dimensional vectors against E|cos| ~ sqrt(2 / (pi d)).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["pnorm", "cosine_similarity", "gram_schmidt"]

DOC_ZH = {
    "pnorm": """向量的 L^p 范数 ||x||_p = (Σ |x_i|^p)^(1/p)；p = np.inf 时为 max |x_i|。

输入：x，一维数组；p，>= 1 的数或 np.inf。
输出：一个 float。

>>> float(pnorm(np.array([3.0, -4.0]), 2))
5.0
""",
    "cosine_similarity": """夹角余弦 cos = <u, v> / (||u|| ||v||)，沿最后一个轴计算（可批量）。

输入：u、v，形状相同的数组 (..., d)，向量非零。
输出：形状 (...) 的余弦值，位于 [-1, 1]。

>>> float(cosine_similarity(np.array([1.0, 0.0]), np.array([1.0, 1.0])).round(6))
0.707107
""",
    "gram_schmidt": """Gram-Schmidt 正交化：依次从 A 的每一列中减去它在之前各 q 上的分量，再归一化。

输入：A，形状 (m, n) 的矩阵，m >= n，列线性无关。
输出：形状 (m, n) 的 Q，列为单位正交向量，且 Q 的前 j 列张成 A 前 j 列的空间
（Q^T A 为上三角，对角元为正）。

>>> gram_schmidt(np.array([[3.0, 1.0], [4.0, 0.0]])).round(6).tolist()
[[0.6, 0.8], [0.8, -0.6]]
""",
}

HINTS = {
    "en": (
        "A norm measures length; an inner product measures length and angle together. "
        "Orthogonalising means removing, one column at a time, what is already explained by "
        "the earlier directions.",
        "||x||_p = (sum |x_i|^p)^(1/p) and the max of |x_i| for p = inf; "
        "cos = <u, v> / (||u|| ||v||). In Gram-Schmidt, v = a_j - Q_{<j} (Q_{<j}^T a_j), "
        "then q_j = v / ||v||.",
    ),
    "zh": (
        "范数衡量长度；内积同时衡量长度和夹角。正交化就是逐列去掉已被前面方向解释的部分。",
        "||x||_p = (sum |x_i|^p)^(1/p)，p = inf 时为 |x_i| 的最大值；cos = <u, v> / (||u|| ||v||)。"
        "Gram-Schmidt 中 v = a_j - Q_{<j} (Q_{<j}^T a_j)，再令 q_j = v / ||v||。",
    ),
}


def pnorm(x, p):
    """The L^p norm ||x||_p = (sum |x_i|^p)^(1/p) of a vector; max |x_i| for p = np.inf.

    Input: x, a 1-D array; p, a number >= 1 or np.inf. Output: a float.

    >>> float(pnorm(np.array([3.0, -4.0]), 2))
    5.0
    """
    x = np.asarray(x, dtype=float)
    return np.max(np.abs(x)) if p == np.inf else np.sum(np.abs(x) ** p) ** (1 / p)


def cosine_similarity(u, v):
    """Cosine of the angle, <u, v> / (||u|| ||v||), along the last axis (batched).

    Input: u, v, arrays of the same shape (..., d) with non-zero vectors.
    Output: the cosines, shape (...), in [-1, 1].

    >>> float(cosine_similarity(np.array([1.0, 0.0]), np.array([1.0, 1.0])).round(6))
    0.707107
    """
    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
    return np.sum(u * v, axis=-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1))


def gram_schmidt(A):
    """Gram-Schmidt orthonormalisation: remove from each column of A its components along
    the earlier q's, then normalise.

    Input: A, an (m, n) matrix with m >= n and independent columns. Output: Q of shape
    (m, n) with orthonormal columns whose first j span the first j columns of A (Q^T A is
    upper triangular with a positive diagonal).

    >>> gram_schmidt(np.array([[3.0, 1.0], [4.0, 0.0]])).round(6).tolist()
    [[0.6, 0.8], [0.8, -0.6]]
    """
    A = np.asarray(A, dtype=float)
    Q = np.zeros_like(A)
    for j in range(A.shape[1]):
        v = A[:, j] - Q[:, :j] @ (Q[:, :j].T @ A[:, j])  # remove components along earlier q's
        Q[:, j] = v / np.linalg.norm(v)
    return Q


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Norms and inner products")

    x = rng.normal(size=20)
    for p in (1, 2, 3, np.inf):
        with r.case(f"L{p} norm equals numpy.linalg.norm") as c:
            c.close(f.pnorm(x, p), np.linalg.norm(x, ord=p), rtol=1e-13)
    with r.case("p-norms by hand: (3, -4, 0) and the zero vector") as c:
        v = np.array([3.0, -4.0, 0.0])
        c.close(
            [f.pnorm(v, 1), f.pnorm(v, 2), f.pnorm(v, 3), f.pnorm(v, np.inf)],
            [7.0, 5.0, 91 ** (1 / 3), 4.0],
            rtol=1e-14,
        )
        c.close([f.pnorm(-v, np.inf), f.pnorm(np.zeros(4), 2)], [4.0, 0.0], atol=0)

    U, V = rng.normal(size=(1000, 5)), rng.normal(size=(1000, 5))
    with r.case("cosine equals <u,v> / (||u|| ||v||) by loops, batched over 1000 pairs") as c:
        cos = f.cosine_similarity(U, V)
        ref = [
            sum(a * b for a, b in zip(u, w))
            / np.sqrt(sum(a * a for a in u) * sum(b * b for b in w))
            for u, w in zip(U[:20], V[:20])
        ]
        c.true(np.shape(cos) == (1000,), f"shape {np.shape(cos)}")
        c.close(cos[:20], ref, rtol=1e-12)
    with r.case("Cauchy-Schwarz |<u,v>| <= ||u|| ||v|| (1000 pairs)") as c:
        c.true(np.all(np.abs(f.cosine_similarity(U, V)) <= 1 + 1e-12))
    with r.case("triangle inequality ||u+v|| <= ||u|| + ||v||") as c:
        for p in (1, 2, 3, np.inf):
            lhs = np.array([f.pnorm(u + w, p) for u, w in zip(U[:200], V[:200])])
            rhs = np.array([f.pnorm(u, p) + f.pnorm(w, p) for u, w in zip(U[:200], V[:200])])
            c.true(np.all(lhs <= rhs + 1e-12), f"p = {p}")
    with r.case("equality in Cauchy-Schwarz for parallel vectors") as c:
        c.close(
            [f.cosine_similarity(x, -2.5 * x), f.cosine_similarity(x, 0.1 * x)],
            [-1.0, 1.0],
            rtol=1e-13,
        )

    A = rng.normal(size=(6, 4))
    with r.case("Frobenius norm = sqrt(trace(A^T A)) = sqrt(sum sigma_i^2)") as c:
        fro = f.pnorm(A.ravel(), 2)
        c.close(fro, np.sqrt(np.trace(A.T @ A)), rtol=1e-13)
        c.close(fro, np.sqrt(np.sum(np.linalg.svd(A, compute_uv=False) ** 2)), rtol=1e-12)

    with r.case("Gram-Schmidt gives orthonormal columns (Q^T Q = I)") as c:
        Q = f.gram_schmidt(A)
        c.close(Q.T @ Q, np.eye(4), atol=1e-12)
    with r.case("Gram-Schmidt equals numpy.linalg.qr with a positive diagonal of R") as c:
        Qn, Rn = np.linalg.qr(A)
        c.close(f.gram_schmidt(A), Qn * np.sign(np.diag(Rn)), atol=1e-12)
    b = rng.normal(size=6)
    coef = np.linalg.lstsq(A, b, rcond=None)[0]
    with r.case("projection Q Q^T b equals least-squares fit A x*") as c:
        Q = f.gram_schmidt(A)
        c.close(Q @ (Q.T @ b), A @ coef, rtol=1e-10, atol=1e-12)
    with r.case("residual of the projection is orthogonal to the column space") as c:
        Q = f.gram_schmidt(A)
        c.close(A.T @ (b - Q @ (Q.T @ b)), np.zeros(4), atol=1e-12)

    d = 4096
    X, Y = rng.normal(size=(500, d)), rng.normal(size=(500, d))
    with r.case("random high-dim vectors are nearly orthogonal: E|cos| ~ sqrt(2/(pi d))") as c:
        cos = f.cosine_similarity(X, Y)
        r.figure("mean |cosine| of random pairs in 4096-D", float(np.mean(np.abs(cos))))
        c.close(np.mean(np.abs(cos)), np.sqrt(2 / (np.pi * d)), rtol=0.1)
    return r


if __name__ == "__main__":
    main(run)
