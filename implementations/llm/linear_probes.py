"""linear-probes: logistic-regression probes on frozen hidden states.

Follows Alain and Bengio, "Understanding intermediate layers using linear classifier probes"
(arXiv 1610.01644): a probe is a linear classifier trained, separately from the model, on the
hidden units of one layer, and its accuracy measures how linearly decodable a property is
there. The probe here is L2-regularised logistic regression fitted by Newton's method on
frozen synthetic "layers" whose label signal grows with depth. Checks: the fitted probe
attains the minimum of the regularised loss found by scipy.optimize.minimize (BFGS) and its
gradient vanishes; accuracy against a direct count; probe accuracy rises with the planted
signal-to-noise ratio layer by layer; a label stored as an XOR of two coordinates is
invisible to a linear probe (about chance) although a probe given the product feature
decodes it, so a probe shows linear accessibility, not whether the information is present.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from implementations._common import Report, main, solution

EXERCISE = ["fit_probe", "probe_accuracy"]

DOC_ZH = {
    "fit_probe": """线性探针：在冻结的隐藏状态上用牛顿法拟合带 L2 正则的逻辑回归。

最小化 mean_i log(1 + exp(-s_i (h_i · w + b))) + (l2/2) ||w||^2，其中 s_i = 2 y_i - 1（偏置 b 不正则）。
输入：H，形状 (n, d) 的隐藏状态；y，0/1 标签；l2，正则系数；iters，牛顿迭代次数。
输出：(w, b)。

>>> w, b = fit_probe(np.array([[1.0], [-1.0]]), np.array([1, 0]), 1.0)
>>> round(float(w[0]), 4)
0.4011
""",
    "probe_accuracy": """探针准确率：预测 1 当且仅当 h · w + b > 0，返回预测正确的比例。

输入：H；y；w；b。
输出：浮点数。

>>> probe_accuracy(np.array([[1.0], [-1.0]]), np.array([1, 1]), np.array([1.0]), 0.0)
0.5
""",
}

HINTS = {
    "en": (
        "Keep the model frozen: the probe is ordinary logistic regression whose inputs are the "
        "layer's hidden states.",
        "With p = sigmoid(Hw + b): gradient = [H, 1]^T (p - y) / n + l2 [w, 0]; Hessian = "
        "[H, 1]^T diag(p(1-p)) [H, 1] / n + l2 diag(1..1, 0); Newton step = H^-1 g.",
    ),
    "zh": (
        "模型保持冻结：探针就是以该层隐藏状态为输入的普通逻辑回归。",
        "记 p = sigmoid(Hw + b)：梯度 = [H, 1]^T (p - y) / n + l2 [w, 0]；Hessian = "
        "[H, 1]^T diag(p(1-p)) [H, 1] / n + l2 diag(1..1, 0)；牛顿步 = Hessian^-1 梯度。",
    ),
}


def fit_probe(H, y, l2, iters=30):
    """Linear probe: L2-regularised logistic regression on frozen hidden states, fitted by
    Newton's method.

    Minimises mean_i log(1 + exp(-s_i (h_i . w + b))) + (l2/2) ||w||^2 with s_i = 2 y_i - 1
    (the bias b is not regularised). Input: H (n, d) hidden states; y, 0/1 labels; l2; iters,
    the number of Newton steps. Output: (w, b).

    >>> w, b = fit_probe(np.array([[1.0], [-1.0]]), np.array([1, 0]), 1.0)
    >>> round(float(w[0]), 4)
    0.4011
    """
    n, d = H.shape
    A = np.hstack([H, np.ones((n, 1))])
    reg = np.r_[np.full(d, l2), 0.0]
    theta = np.zeros(d + 1)
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(A @ theta)))
        g = A.T @ (p - y) / n + reg * theta
        Hs = (A * (p * (1 - p))[:, None]).T @ A / n + np.diag(reg)
        theta = theta - np.linalg.solve(Hs, g)
    return theta[:d], theta[d]


def probe_accuracy(H, y, w, b):
    """Probe accuracy: predict 1 exactly when h . w + b > 0; return the fraction correct.

    Input: H; y; w; b. Output: a float.

    >>> probe_accuracy(np.array([[1.0], [-1.0]]), np.array([1, 1]), np.array([1.0]), 0.0)
    0.5
    """
    return float(np.mean((H @ w + b > 0) == (y == 1)))


def objective(theta, H, y, l2):
    z = H @ theta[:-1] + theta[-1]
    s = 2 * y - 1
    return np.mean(np.logaddexp(0, -s * z)) + 0.5 * l2 * theta[:-1] @ theta[:-1]


def geometry(rng, d, L):
    """A label direction u and one random rotation per layer."""
    u = rng.normal(size=d)
    return u / np.linalg.norm(u), [np.linalg.qr(rng.normal(size=(d, d)))[0] for _ in range(L)]


def layers(rng, n, geo, snrs):
    """Frozen 'hidden states' of several layers: label signal of growing strength plus noise."""
    u, Qs = geo
    y = rng.integers(0, 2, n)
    return y, [
        (s * (2 * y - 1)[:, None] * u + rng.normal(size=(n, len(u)))) @ Q for s, Q in zip(snrs, Qs)
    ]


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Linear probes: what a layer makes linearly decodable")
    snrs = [0.0, 0.3, 0.8, 1.5, 3.0]
    geo = geometry(rng, 10, len(snrs))
    y, Hs = layers(rng, 400, geo, snrs)

    with r.case("probe minimises the regularised loss (scipy BFGS) with zero gradient") as c:
        for Hl, l2 in ((Hs[2], 0.1), (Hs[3], 0.01), (Hs[4], 1.0)):
            w, b = f.fit_probe(Hl, y, l2)
            th = np.r_[w, b]
            ref = minimize(
                objective,
                np.zeros(Hl.shape[1] + 1),
                args=(Hl, y, l2),
                method="BFGS",
                options={"gtol": 1e-10},
            )
            c.close(objective(th, Hl, y, l2), ref.fun, rtol=1e-7)
            c.close(th, ref.x, atol=1e-4)
            eps = 1e-6
            gnum = [
                (objective(th + eps * e, Hl, y, l2) - objective(th - eps * e, Hl, y, l2))
                / (2 * eps)
                for e in np.eye(len(th))
            ]
            c.close(gnum, np.zeros(len(th)), atol=1e-6)

    with r.case("accuracy equals a direct count of correct predictions") as c:
        w = rng.normal(size=10)
        for b in (-0.5, 0.0, 0.7):
            want = sum(int((h @ w + b > 0) == bool(t)) for h, t in zip(Hs[3], y)) / len(y)
            c.close(f.probe_accuracy(Hs[3], y, w, b), want, rtol=1e-12)

    yt, Ht = layers(rng, 4000, geo, snrs)
    accs = []
    with r.case("held-out probe accuracy rises with the layer's label signal") as c:
        for Hl, Htl in zip(Hs, Ht):
            w, b = f.fit_probe(Hl, y, 1e-3)
            accs.append(round(f.probe_accuracy(Htl, yt, w, b), 3))
        r.figure("held-out probe accuracy per layer (signal 0, .3, .8, 1.5, 3)", accs)
        c.true(all(a < b for a, b in zip(accs, accs[1:])), str(accs))
        c.true(
            abs(accs[0] - 0.5) < 0.07 and accs[-1] > 0.98, "chance at layer 0, near 1 at the top"
        )

    with r.case(
        "an XOR-coded label is invisible to a linear probe, visible with a product feature"
    ) as c:
        Z = rng.normal(size=(4000, 2))
        yx = (Z[:, 0] * Z[:, 1] > 0).astype(int)
        Zt = rng.normal(size=(4000, 2))
        yxt = (Zt[:, 0] * Zt[:, 1] > 0).astype(int)
        w, b = f.fit_probe(Z, yx, 1e-3)
        lin = f.probe_accuracy(Zt, yxt, w, b)
        P, Pt = np.c_[Z, Z[:, 0] * Z[:, 1]], np.c_[Zt, Zt[:, 0] * Zt[:, 1]]
        w2, b2 = f.fit_probe(P, yx, 1e-3)
        prod = f.probe_accuracy(Pt, yxt, w2, b2)
        r.figure("XOR label: linear probe | probe with product feature", [lin, prod])
        c.true(abs(lin - 0.5) < 0.1 and prod > 0.95, f"{lin:.3f}, {prod:.3f}")
    return r


if __name__ == "__main__":
    main(run)
