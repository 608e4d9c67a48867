"""superposition: toy models that store more sparse features than they have dimensions.

Follows Elhage et al., "Toy Models of Superposition" (arXiv 2209.10652): n features x_i, each
zero with probability S (sparsity) and otherwise uniform on [0, 1], are embedded by W (m x n,
m < n) into h = W x and read out by x' = ReLU(W^T h + b); the loss is the importance-weighted
squared error, and the "dimensionality" of feature i is D_i = ||W_i||^2 / sum_j (W_i_hat . W_j)^2.
Exact cases used as references: for n = 2, m = 1 and equal importance, keeping one feature
(W = [1, 0]) has expected loss q/3 with q = 1 - S, while the antipodal pair W = [1, -1] has
q^2/3, since it fails only when both features fire (E[min(u1, u2)^2] = 1/6); so superposition
wins whenever features are sparse. Checks: the forward pass against a per-sample loop;
Monte Carlo losses against these closed forms; the antipodal pair recovers every 1-sparse
input exactly; dimensionalities 1 (orthogonal), 1/2 (antipodal), 2/5 (pentagon in 2-D) and 0
(an unused feature); interference (W^T W off-diagonal) against numpy.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["toy_forward", "toy_loss", "feature_dimensionality"]

DOC_ZH = {
    "toy_forward": """叠加玩具模型的前向计算：x' = ReLU(W^T W x + b)。

输入：W，形状 (m, n)（n 个特征嵌入 m 维）；b，长度 n；X，形状 (batch, n)，每行一个输入。
输出：形状 (batch, n) 的重建 X'。

>>> toy_forward(np.array([[1.0, -1.0]]), np.zeros(2), np.array([[0.7, 0.0]])).tolist()
[[0.7, 0.0]]
""",
    "toy_loss": """按重要性加权的平方误差，对批次取平均：mean_batch sum_i I_i (x_i - x'_i)^2。

输入：W；b；X；importance，长度 n 的权重 I。
输出：浮点数。

>>> round(float(toy_loss(np.array([[1.0, 0.0]]), np.zeros(2), np.array([[0.5, 0.5]]), np.ones(2))), 6)
0.25
""",
    "feature_dimensionality": """每个特征的“维数” D_i = ||W_i||^2 / sum_j (W_i_hat · W_j)^2，其中 W_i 是 W 的第 i 列、W_i_hat 为其单位向量；未被表示的特征（W_i = 0）记为 0。

输入：W，形状 (m, n)。
输出：长度 n 的数组。

>>> feature_dimensionality(np.array([[1.0, -1.0]])).tolist()
[0.5, 0.5]
""",
}

HINTS = {
    "en": (
        "Columns of W are the feature directions; W^T W holds their lengths on the diagonal and "
        "their interference off it. The ReLU and a negative bias can filter small interference.",
        "X' = relu(X @ W.T @ W + b); loss = mean over rows of sum_i I_i (x_i - x'_i)^2; "
        "D_i = ||W_i||^2 / sum_j (W_i . W_j / ||W_i||)^2, and 0 when ||W_i|| = 0.",
    ),
    "zh": (
        "W 的各列是特征方向；W^T W 的对角线是它们的长度平方，非对角线是相互干扰。ReLU 和负偏置可以滤掉小的干扰。",
        "X' = relu(X @ W.T @ W + b)；损失 = 各行 sum_i I_i (x_i - x'_i)^2 的平均；"
        "D_i = ||W_i||^2 / sum_j (W_i · W_j / ||W_i||)^2，||W_i|| = 0 时为 0。",
    ),
}


def toy_forward(W, b, X):
    """Forward pass of the superposition toy model: x' = ReLU(W^T W x + b).

    Input: W (m, n), n features embedded in m dimensions; b, length n; X (batch, n), one
    input per row. Output: the reconstruction X' (batch, n).

    >>> toy_forward(np.array([[1.0, -1.0]]), np.zeros(2), np.array([[0.7, 0.0]])).tolist()
    [[0.7, 0.0]]
    """
    return np.maximum(X @ W.T @ W + b, 0.0)


def toy_loss(W, b, X, importance):
    """Importance-weighted squared error averaged over the batch:
    mean_batch sum_i I_i (x_i - x'_i)^2.

    Input: W; b; X; importance, the length-n weights I. Output: a float.

    >>> round(float(toy_loss(np.array([[1.0, 0.0]]), np.zeros(2), np.array([[0.5, 0.5]]), np.ones(2))), 6)
    0.25
    """
    err = X - toy_forward(W, b, X)
    return float(np.mean(np.sum(importance * err**2, axis=1)))


def feature_dimensionality(W):
    """The dimensionality of each feature, D_i = ||W_i||^2 / sum_j (W_i_hat . W_j)^2, with W_i
    the i-th column of W and W_i_hat its unit vector; a feature that is not represented
    (W_i = 0) gets 0.

    Input: W (m, n). Output: an array of length n.

    >>> feature_dimensionality(np.array([[1.0, -1.0]])).tolist()
    [0.5, 0.5]
    """
    G = W.T @ W
    norms2 = np.diag(G)
    out = np.zeros(W.shape[1])
    for i in range(W.shape[1]):
        if norms2[i] > 0:
            out[i] = norms2[i] / np.sum(G[i] ** 2 / norms2[i])
    return out


def sample_features(rng, batch, n, S):
    x = rng.random((batch, n))
    return x * (rng.random((batch, n)) >= S)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Toy models of superposition: antipodal pairs, pentagons and sparsity")

    W = rng.normal(size=(3, 7))
    b = rng.normal(size=7) * 0.3
    X = sample_features(rng, 50, 7, 0.5)
    with r.case("forward pass equals a per-sample loop with an explicit ReLU") as c:
        want = np.zeros_like(X)
        for k, x in enumerate(X):
            h = W @ x
            for i in range(7):
                want[k, i] = max(float(W[:, i] @ h + b[i]), 0.0)
        c.close(f.toy_forward(W, b, X), want, rtol=1e-12, atol=1e-12)
    with r.case("loss is the importance-weighted squared error") as c:
        imp = 0.8 ** np.arange(7)
        want_l = np.mean(
            [sum(imp[i] * (x[i] - y[i]) ** 2 for i in range(7)) for x, y in zip(X, want)]
        )
        c.close(f.toy_loss(W, b, X, imp), want_l, rtol=1e-12)

    anti, one = np.array([[1.0, -1.0]]), np.array([[1.0, 0.0]])
    with r.case("antipodal pair reconstructs every 1-sparse input exactly") as c:
        u = rng.random(20)
        X1 = np.concatenate([np.c_[u, 0 * u], np.c_[0 * u, u]])
        c.close(f.toy_forward(anti, np.zeros(2), X1), X1, atol=1e-15)

    losses = {}
    with r.case("Monte Carlo loss matches q/3 (one feature) and q^2/3 (antipodal pair)") as c:
        for S in (0.0, 0.5, 0.9, 0.99):
            q = 1 - S
            Xs = sample_features(rng, 200_000, 2, S)
            for name, Wt, want in (("one", one, q / 3), ("antipodal", anti, q * q / 3)):
                per = np.sum((Xs - np.maximum(Xs @ Wt.T @ Wt, 0)) ** 2, axis=1)
                tol = 4 * per.std() / np.sqrt(len(per)) + 1e-12
                got = f.toy_loss(Wt, np.zeros(2), Xs, np.ones(2))
                c.true(abs(got - want) <= tol, f"S={S}, {name}: {got:.5f} vs {want:.5f}")
                losses[(S, name)] = round(float(got), 5)
    r.figure("expected loss (S: one feature, antipodal)", {str(k): v for k, v in losses.items()})
    with r.case("superposition wins for sparse features, ties for dense ones") as c:
        c.true(losses[(0.9, "antipodal")] < 0.2 * losses[(0.9, "one")])
        c.true(abs(losses[(0.0, "antipodal")] - losses[(0.0, "one")]) < 0.01)

    with r.case("dimensionality: 1 orthogonal, 1/2 antipodal, 2/5 pentagon, 0 unused") as c:
        c.close(f.feature_dimensionality(np.eye(3)), np.ones(3), rtol=1e-12)
        c.close(f.feature_dimensionality(anti * 2.5), [0.5, 0.5], rtol=1e-12)
        ang = 2 * np.pi * np.arange(5) / 5
        pent = np.vstack([np.cos(ang), np.sin(ang)]) * 0.7
        c.close(f.feature_dimensionality(pent), np.full(5, 0.4), rtol=1e-12)
        mixed = np.array([[1.0, -1.0, 0.0, 0.0], [0.0, 0.0, 2.0, 0.0]])
        c.close(f.feature_dimensionality(mixed), [0.5, 0.5, 1.0, 0.0], rtol=1e-12)
        Wr = rng.normal(size=(4, 9))
        G = Wr.T @ Wr
        want_d = [G[i, i] ** 2 / np.sum(G[i] ** 2) for i in range(9)]
        c.close(f.feature_dimensionality(Wr), want_d, rtol=1e-12)
        c.close(np.sum(f.feature_dimensionality(pent)), 2.0, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
