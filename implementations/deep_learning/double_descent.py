"""double-descent: test error peaks where the model can just interpolate, then falls again.

Follows Belkin, Hsu, Ma & Mandal (2019) (random-feature models fitted by the minimum-norm
interpolant) and Nakkiran et al. (2019) (deep double descent). Model: p random ReLU features
max(x W, 0) of d inputs, fitted by least squares with the minimum-norm solution (pseudo-
inverse) on n = 40 noisy samples of a linear target.
Checks: the fit against np.linalg.lstsq (its minimum-norm solution) in the under- and
over-parameterised cases and against F^T (F F^T)^-1 y for p > n; for p >= n it interpolates
the training data and has the smallest norm among interpolants (adding null-space vectors
only grows it); the median test error over five draws peaks at p = n (more than 5x the
errors at p = 20 and p = 200) and the over-parameterised p = 200 beats the best
under-parameterised model tried (p = 20): the second descent.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import null_space

from implementations._common import Report, main, solution

EXERCISE = ["relu_features", "min_norm_fit"]

DOC_ZH = {
    "relu_features": """随机 ReLU 特征：F = max(X W, 0)。输入 X (n, d)、W (d, p)；输出 F (n, p)。

>>> relu_features(np.array([[1.0, -1.0]]), np.array([[1.0, 2.0], [3.0, -1.0]])).tolist()
[[0.0, 3.0]]
""",
    "min_norm_fit": """最小范数最小二乘解：在所有使 ||F w - y|| 最小的 w 中取 ||w|| 最小的那个（即伪逆解 w = F^+ y）。
p > n 时它是所有插值解中范数最小的。输入 F (n, p)、y (n,)；输出 w (p,)。

>>> np.round(min_norm_fit(np.array([[1.0, 1.0]]), np.array([2.0])), 6).tolist()
[1.0, 1.0]
""",
}

HINTS = {
    "en": (
        "With more features than samples there are infinitely many exact fits; choose the one "
        "with the smallest Euclidean norm.",
        "w = pinv(F) @ y (or the SVD: w = V diag(1/s) U^T y over the non-zero singular values; "
        "for full row rank F^T (F F^T)^-1 y).",
    ),
    "zh": (
        "特征比样本多时，精确拟合的解有无穷多个；取欧氏范数最小的那一个。",
        "w = pinv(F) @ y（或用 SVD：只对非零奇异值取 w = V diag(1/s) U^T y；行满秩时为 F^T (F F^T)^-1 y）。",
    ),
}


def relu_features(X, W):
    """Random ReLU features F = max(X W, 0). Input X (n, d), W (d, p); output F (n, p).

    >>> relu_features(np.array([[1.0, -1.0]]), np.array([[1.0, 2.0], [3.0, -1.0]])).tolist()
    [[0.0, 3.0]]
    """
    return np.maximum(X @ W, 0.0)


def min_norm_fit(F, y):
    """The minimum-norm least-squares solution: among all w minimising ||F w - y|| the one with
    the smallest ||w|| (the pseudo-inverse solution w = F^+ y); for p > n the smallest-norm
    interpolant. Input F (n, p), y (n,); output w (p,).

    >>> np.round(min_norm_fit(np.array([[1.0, 1.0]]), np.array([2.0])), 6).tolist()
    [1.0, 1.0]
    """
    return np.linalg.pinv(F) @ y


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Double descent with random ReLU features")
    rng = np.random.default_rng(0)
    n, d, sigma = 40, 10, 0.3

    with r.case("relu_features = max(X W, 0)") as c:
        X, W = rng.normal(size=(5, 3)), rng.normal(size=(3, 4))
        ref = np.array([[max(float(X[i] @ W[:, j]), 0.0) for j in range(4)] for i in range(5)])
        c.close(f.relu_features(X, W), ref, rtol=1e-12)
    with r.case("min-norm fit = np.linalg.lstsq (p < n and p > n)") as c:
        for p in (15, 90):
            F, y = rng.normal(size=(n, p)), rng.normal(size=n)
            c.close(
                f.min_norm_fit(F, y), np.linalg.lstsq(F, y, rcond=None)[0], rtol=1e-8, atol=1e-10
            )
    with r.case("p > n: w = F^T (F F^T)^-1 y, interpolates, smallest norm") as c:
        F, y = rng.normal(size=(n, 90)), rng.normal(size=n)
        w = f.min_norm_fit(F, y)
        c.close(w, F.T @ np.linalg.solve(F @ F.T, y), rtol=1e-8, atol=1e-10)
        c.close(F @ w, y, rtol=1e-8, atol=1e-10)
        N = null_space(F)
        others = [np.linalg.norm(w + N @ rng.normal(size=N.shape[1])) for _ in range(20)]
        c.true(min(others) > np.linalg.norm(w), "every other interpolant is longer")
    with r.case("rank-deficient features: still the pseudo-inverse solution") as c:
        F = rng.normal(size=(n, 5)) @ rng.normal(size=(5, 30))  # rank 5
        y = rng.normal(size=n)
        c.close(f.min_norm_fit(F, y), np.linalg.lstsq(F, y, rcond=None)[0], rtol=1e-6, atol=1e-9)

    errs = {}
    with r.case("test error peaks at the interpolation threshold p = n") as c:
        for p in (20, 40, 200):
            e = []
            for seed in range(5):
                g = np.random.default_rng(100 + seed)
                beta = g.normal(size=d) / np.sqrt(d)
                X, Xt = g.normal(size=(n, d)), g.normal(size=(300, d))
                y = X @ beta + sigma * g.normal(size=n)
                W = g.normal(size=(d, p)) / np.sqrt(d)
                w = f.min_norm_fit(f.relu_features(X, W), y)
                e.append(np.mean((f.relu_features(Xt, W) @ w - Xt @ beta) ** 2))
            errs[p] = float(np.median(e))
            r.figure(f"median test MSE, p = {p}", errs[p])
        c.true(
            errs[40] > 5 * max(errs[20], errs[200]), str({k: round(v, 3) for k, v in errs.items()})
        )
    with r.case("second descent: p = 200 beats the under-parameterised p = 20") as c:
        c.true(errs[200] < errs[20], f"{errs[200]:.3g} < {errs[20]:.3g}")
    return r


if __name__ == "__main__":
    main(run)
