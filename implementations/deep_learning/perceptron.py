"""perceptron: Rosenblatt's mistake-driven learning rule for a linear threshold unit.

Follows Rosenblatt (1958), Bishop PRML ch. 4 (the perceptron algorithm) and qiu-nndl ch. 3.
The unit predicts sign(w.x + b); on a mistake it adds y x to w and y to b.
Checks: the first updates against a hand computation; on linearly separable data the result
classifies every training point correctly and the number of mistakes obeys Novikoff's bound
(R/gamma)^2, with gamma the margin of a known separator (bias folded into x); the weights
are the mistake-weighted sum of the examples it erred on (dual form); on XOR, which a linear
programme (scipy.optimize.linprog) proves non-separable, it never reaches zero mistakes.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from implementations._common import Report, main, solution

EXERCISE = ["perceptron_train"]

DOC_ZH = {
    "perceptron_train": """感知机学习规则：按顺序遍历样本，预测 sign(w·x + b)，预测错（y (w·x + b) <= 0）时令 w += y x、b += y。

输入：X，形状 (n, d)；y，取值 ±1 的标签 (n,)；max_epochs，最多遍历的轮数（某一轮没有错误就提前停止）。
起点 w = 0、b = 0。
输出：(w, b, mistakes, counts)：最终权重与偏置、更新的总次数、每个样本各自触发更新的次数 (n,)。

>>> X = np.array([[1.0, 1.0], [-1.0, -2.0]]); y = np.array([1, -1])
>>> w, b, m, counts = perceptron_train(X, y)
>>> w.tolist(), b, m, counts.tolist()
([1.0, 1.0], 1.0, 1, [1, 0])
""",
}

HINTS = {
    "en": (
        "Only mistakes change anything: a point with y (w.x + b) <= 0 (a tie counts as a "
        "mistake) pulls the boundary towards classifying it correctly.",
        "Loop over epochs and over the examples in order; on a mistake w += y_i x_i, b += y_i, "
        "count it for example i; stop after an epoch without mistakes.",
    ),
    "zh": (
        "只有分错的样本才会改变参数：y (w·x + b) <= 0（恰好为 0 也算错）的样本会把分界面拉向把它分对的方向。",
        "外层按轮循环、内层按顺序遍历样本；分错时 w += y_i x_i，b += y_i，并给样本 i 计数；某轮没有错误就停止。",
    ),
}


def perceptron_train(X, y, max_epochs=100):
    """The perceptron learning rule, examples visited in order, from w = 0, b = 0.

    Input: X (n, d); y (n,) labels in {-1, +1}; max_epochs, the most passes over the data
    (stop early after a pass without a mistake). A mistake is y_i (w.x_i + b) <= 0; it
    updates w += y_i x_i and b += y_i.
    Output: (w, b, mistakes, counts): the final weights and bias, the total number of updates
    and the number of updates each example caused, shape (n,).

    >>> X = np.array([[1.0, 1.0], [-1.0, -2.0]]); y = np.array([1, -1])
    >>> w, b, m, counts = perceptron_train(X, y)
    >>> w.tolist(), b, m, counts.tolist()
    ([1.0, 1.0], 1.0, 1, [1, 0])
    """
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    counts = np.zeros(n, dtype=int)
    for _ in range(max_epochs):
        errors = 0
        for i in range(n):
            if y[i] * (X[i] @ w + b) <= 0:
                w = w + y[i] * X[i]
                b = b + y[i]
                counts[i] += 1
                errors += 1
        if errors == 0:
            break
    return w, float(b), int(counts.sum()), counts


def _separable(X, y):
    """LP feasibility: is there (w, b) with y_i (w.x_i + b) >= 1 for all i?"""
    A = -y[:, None] * np.hstack([X, np.ones((len(y), 1))])
    res = linprog(np.zeros(X.shape[1] + 1), A_ub=A, b_ub=-np.ones(len(y)), bounds=(None, None))
    return res.status == 0


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Perceptron")
    rng = np.random.default_rng(0)

    X0 = np.array([[2.0, 1.0], [-1.0, 1.0], [-0.5, -2.0]])
    y0 = np.array([1, -1, -1])
    with r.case("first updates by hand") as c:
        w, b, m, counts = f.perceptron_train(X0, y0, max_epochs=1)
        # x0: 0 <= 0 mistake -> w=(2,1), b=1; x1: -(−2+1+1)=0 mistake -> w=(3,0), b=0;
        # x2: y (w.x + b) = 1.5 > 0 -> correct
        c.close(w, [3.0, 0.0])
        c.close(b, 0.0, atol=1e-12)
        c.equal(counts, [1, 1, 0])
        c.equal(m, 2)
    with r.case("a correct point with a small margin is left alone") as c:
        # x0 is a mistake (w = (1, 0), b = 1); x1 then has margin 0.5 > 0: no update
        w, b, m, counts = f.perceptron_train(np.array([[1.0, 0.0], [-1.5, 0.0]]), np.array([1, -1]))
        c.close(w, [1.0, 0.0])
        c.close(b, 1.0)
        c.equal(counts, [1, 0])

    # separable data around a known separator u, with a margin gap
    d, n = 5, 200
    u = rng.normal(size=d + 1)
    X = rng.normal(size=(n, d))
    s = X @ u[:d] + u[d]
    keep = np.abs(s) > 0.5
    X, s = X[keep], s[keep]
    y = np.where(s > 0, 1, -1)
    Xa = np.hstack([X, np.ones((len(y), 1))])  # bias folded in
    gamma = np.min(y * (Xa @ u)) / np.linalg.norm(u)
    R = np.max(np.linalg.norm(Xa, axis=1))
    bound = (R / gamma) ** 2
    r.figure("Novikoff bound (R/gamma)^2", float(bound))
    with r.case("separable data: every training point classified correctly") as c:
        w, b, m, counts = f.perceptron_train(X, y, max_epochs=1000)
        margins = y * (X @ w + b)
        r.figure("mistakes made", int(m))
        c.true(np.all(margins > 0), f"min margin {margins.min():.3g}")
        for _ in range(40):  # many small separable problems
            us = rng.normal(size=3)
            Xs = rng.normal(size=(8, 2))
            ss = Xs @ us[:2] + us[2]
            ys = np.where(ss > 0, 1, -1)
            w, b, m, _ = f.perceptron_train(Xs, ys, max_epochs=10_000)
            c.true(np.all(ys * (Xs @ w + b) > 0), "a small separable problem left errors")
    with r.case("number of mistakes <= (R/gamma)^2 (Novikoff)") as c:
        w, b, m, counts = f.perceptron_train(X, y, max_epochs=1000)
        c.true(0 < m <= bound, f"{m} mistakes, bound {bound:.1f}")
        c.equal(int(counts.sum()), int(m))
    with r.case("dual form: w = sum_i counts_i y_i x_i, b = sum_i counts_i y_i") as c:
        w, b, m, counts = f.perceptron_train(X, y, max_epochs=1000)
        c.close(w, (counts * y) @ X, rtol=1e-10, atol=1e-10)
        c.close(b, float(counts @ y), atol=1e-10)
        c.true(np.all(counts >= 0))

    Xx = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    yx = np.array([-1, 1, 1, -1])
    r.figure("XOR separable by LP", bool(_separable(Xx, yx)))
    with r.case("XOR (not separable, by LP): mistakes in every epoch") as c:
        c.true(not _separable(Xx, yx), "LP proves XOR infeasible")
        _, _, m, _ = f.perceptron_train(Xx, yx, max_epochs=50)
        c.true(m >= 50, f"{m} mistakes in 50 epochs")
        _, _, m2, _ = f.perceptron_train(Xx, yx, max_epochs=100)
        c.true(m2 >= m + 50, "still erring after 100 epochs")
        _, _, m3, _ = f.perceptron_train(Xx, yx)
        c.equal(m3, m2)  # the default is max_epochs = 100
    with r.case("AND (separable, by LP): stops with zero training errors") as c:
        ya = np.array([-1, -1, -1, 1])
        c.true(_separable(Xx, ya))
        w, b, m, _ = f.perceptron_train(Xx, ya, max_epochs=100)
        c.true(np.all(ya * (Xx @ w + b) > 0))
        w2, b2, m2, _ = f.perceptron_train(Xx, ya, max_epochs=200)
        c.equal(m2, m)  # converged: more epochs change nothing
    return r


if __name__ == "__main__":
    main(run)
