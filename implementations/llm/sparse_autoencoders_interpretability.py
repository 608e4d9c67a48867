"""sparse-autoencoders-interpretability: L1-penalised autoencoders that find sparse features.

Follows Cunningham et al., "Sparse Autoencoders Find Highly Interpretable Features in Language
Models" (arXiv 2309.08600): activations x in R^d are encoded by a ReLU layer into more
features than dimensions and decoded linearly, trained on reconstruction error plus an L1
penalty on the features with unit-norm dictionary directions, so that each activation is a
sparse combination of learned directions. This module uses the common untied form
f = ReLU(W_e (x - b_d) + b_e), x_hat = W_d f + b_d. Here the activations are synthetic: sparse
non-negative combinations of 12 planted unit directions in 8 dimensions (more features than
dimensions, as in superposition), so the learned dictionary can be compared with the truth.
Checks: the forward pass against a per-sample loop; every gradient against central finite
differences; the L1 term's gradient is lambda times the active-feature pattern; after Adam
training with the learner's gradients, every planted direction has a decoder column with
cosine above 0.9 and the features are sparse; lambda = 0 gives denser codes.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["sae_forward", "sae_loss_and_grads"]

DOC_ZH = {
    "sae_forward": """稀疏自编码器的前向计算：f = ReLU((x - b_d) W_e^T + b_e)，x_hat = f W_d^T + b_d。

输入：params，字典 {"W_e": (k, d), "b_e": (k,), "W_d": (d, k), "b_d": (d,)}；X，形状 (batch, d)。
输出：(F, X_hat)，形状 (batch, k) 与 (batch, d)。

>>> p = {"W_e": np.eye(2), "b_e": np.zeros(2), "W_d": np.eye(2), "b_d": np.zeros(2)}
>>> F, Xh = sae_forward(p, np.array([[1.0, -1.0]])); F.tolist(), Xh.tolist()
([[1.0, 0.0]], [[1.0, 0.0]])
""",
    "sae_loss_and_grads": """稀疏自编码器的损失及其对全部参数的梯度。

损失 = mean_batch ||x - x_hat||^2 + l1 * mean_batch sum_j f_j（f >= 0，所以 sum_j f_j 就是 L1 范数）。
输入：params；X；l1，L1 系数。
输出：(loss, grads)，grads 是与 params 同键、同形状的字典。

>>> p = {"W_e": np.eye(2), "b_e": np.zeros(2), "W_d": np.eye(2), "b_d": np.zeros(2)}
>>> loss, g = sae_loss_and_grads(p, np.array([[1.0, -1.0]]), 0.1); round(float(loss), 6)
1.1
""",
}

HINTS = {
    "en": (
        "Backpropagate through x_hat = W_d f + b_d and f = ReLU(pre): the ReLU passes gradient "
        "only where pre > 0, and the L1 term adds l1 to the gradient of every active feature.",
        "r = x_hat - x; dL/dx_hat = 2r/B; dW_d = dx_hat^T F; db_d = sum dx_hat + (the b_d inside "
        "the encoder) -sum dpre W_e; dF = dx_hat W_d + l1/B; dpre = dF * (pre > 0); "
        "dW_e = dpre^T (X - b_d); db_e = sum dpre.",
    ),
    "zh": (
        "对 x_hat = W_d f + b_d 和 f = ReLU(pre) 做反向传播：ReLU 只在 pre > 0 处传递梯度，L1 项给每个激活的特征的梯度加上 l1。",
        "r = x_hat - x；dL/dx_hat = 2r/B；dW_d = dx_hat^T F；db_d = sum dx_hat 再加上编码器中 b_d 的贡献 -sum dpre W_e；"
        "dF = dx_hat W_d + l1/B；dpre = dF * (pre > 0)；dW_e = dpre^T (X - b_d)；db_e = sum dpre。",
    ),
}


def sae_forward(params, X):
    """Forward pass of a sparse autoencoder: f = ReLU((x - b_d) W_e^T + b_e),
    x_hat = f W_d^T + b_d.

    Input: params, a dict {"W_e": (k, d), "b_e": (k,), "W_d": (d, k), "b_d": (d,)}; X
    (batch, d). Output: (F, X_hat) of shapes (batch, k) and (batch, d).

    >>> p = {"W_e": np.eye(2), "b_e": np.zeros(2), "W_d": np.eye(2), "b_d": np.zeros(2)}
    >>> F, Xh = sae_forward(p, np.array([[1.0, -1.0]])); F.tolist(), Xh.tolist()
    ([[1.0, 0.0]], [[1.0, 0.0]])
    """
    pre = (X - params["b_d"]) @ params["W_e"].T + params["b_e"]
    F = np.maximum(pre, 0.0)
    return F, F @ params["W_d"].T + params["b_d"]


def sae_loss_and_grads(params, X, l1):
    """Sparse-autoencoder loss and its gradient with respect to every parameter.

    loss = mean_batch ||x - x_hat||^2 + l1 * mean_batch sum_j f_j (f >= 0, so sum_j f_j is
    the L1 norm). Input: params; X; l1, the L1 coefficient. Output: (loss, grads), grads a
    dict with the keys and shapes of params.

    >>> p = {"W_e": np.eye(2), "b_e": np.zeros(2), "W_d": np.eye(2), "b_d": np.zeros(2)}
    >>> loss, g = sae_loss_and_grads(p, np.array([[1.0, -1.0]]), 0.1); round(float(loss), 6)
    1.1
    """
    B = X.shape[0]
    Xc = X - params["b_d"]
    pre = Xc @ params["W_e"].T + params["b_e"]
    F = np.maximum(pre, 0.0)
    Xh = F @ params["W_d"].T + params["b_d"]
    R = Xh - X
    loss = np.sum(R**2) / B + l1 * np.sum(F) / B
    dXh = 2 * R / B
    dF = dXh @ params["W_d"] + l1 / B
    dpre = dF * (pre > 0)
    grads = {
        "W_d": dXh.T @ F,
        "b_d": dXh.sum(0) - dpre.sum(0) @ params["W_e"],
        "W_e": dpre.T @ Xc,
        "b_e": dpre.sum(0),
    }
    return float(loss), grads


def make_data(rng, n=2048, d=8, m=12, p=0.08):
    D = rng.normal(size=(d, m))
    D /= np.linalg.norm(D, axis=0)
    codes = (rng.random((n, m)) < p) * rng.uniform(0.5, 1.5, (n, m))
    return D, codes @ D.T


def init(rng, d, k):
    W_d = rng.normal(size=(d, k))
    W_d /= np.linalg.norm(W_d, axis=0)
    return {"W_e": W_d.T.copy(), "b_e": np.zeros(k), "W_d": W_d, "b_d": np.zeros(d)}


def train(f, params, X, l1, steps, rng, lr=0.01, batch=256):
    """Adam on the learner's gradients, decoder columns renormalised after each step."""
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(v) for k, v in params.items()}
    for t in range(1, steps + 1):
        idx = rng.integers(0, len(X), batch)
        _, g = f.sae_loss_and_grads(params, X[idx], l1)
        for k in params:
            m[k] = 0.9 * m[k] + 0.1 * g[k]
            v[k] = 0.999 * v[k] + 0.001 * g[k] ** 2
            params[k] = params[k] - lr * (m[k] / (1 - 0.9**t)) / (
                np.sqrt(v[k] / (1 - 0.999**t)) + 1e-8
            )
        params["W_d"] = params["W_d"] / np.linalg.norm(params["W_d"], axis=0)
    return params


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Sparse autoencoder on planted sparse features")
    d, k = 8, 24
    D, X = make_data(rng)
    p0 = init(rng, d, k)
    p0["b_e"] = rng.normal(size=k) * 0.1
    p0["b_d"] = rng.normal(size=d) * 0.1

    with r.case("forward pass equals a per-sample loop") as c:
        F, Xh = f.sae_forward(p0, X[:20])
        for i, x in enumerate(X[:20]):
            fi = np.array(
                [max(0.0, p0["W_e"][j] @ (x - p0["b_d"]) + p0["b_e"][j]) for j in range(k)]
            )
            c.close(np.asarray(F)[i], fi, rtol=1e-12, atol=1e-12)
            c.close(np.asarray(Xh)[i], p0["W_d"] @ fi + p0["b_d"], rtol=1e-12, atol=1e-12)

    Xb, l1 = X[:64], 0.3
    with r.case("loss = mean squared reconstruction + l1 * mean L1 of the features") as c:
        F, Xh = sae_forward(p0, Xb)
        want = np.mean(np.sum((Xb - Xh) ** 2, 1)) + l1 * np.mean(np.sum(np.abs(F), 1))
        c.close(f.sae_loss_and_grads(p0, Xb, l1)[0], want, rtol=1e-12)

    with r.case("gradients equal central finite differences for every parameter") as c:
        _, g = f.sae_loss_and_grads(p0, Xb, l1)
        h = 1e-6
        for name in ("W_e", "b_e", "W_d", "b_d"):
            fd = np.zeros_like(p0[name])
            for idx in np.ndindex(p0[name].shape):
                pp = {q: a.copy() for q, a in p0.items()}
                pp[name][idx] += h
                lp = f.sae_loss_and_grads(pp, Xb, l1)[0]
                pp[name][idx] -= 2 * h
                lm = f.sae_loss_and_grads(pp, Xb, l1)[0]
                fd[idx] = (lp - lm) / (2 * h)
            c.close(g[name], fd, rtol=1e-4, atol=1e-6)

    with r.case("with zero reconstruction error the b_e gradient is l1 times the active rate") as c:
        pz = {"W_e": np.eye(d), "b_e": np.zeros(d), "W_d": np.eye(d), "b_d": np.zeros(d)}
        Xp = np.abs(rng.normal(size=(50, d))) * (rng.random((50, d)) < 0.5)
        _, gz = f.sae_loss_and_grads(pz, Xp, 0.2)
        act = (Xp > 0).mean(0)
        c.close(gz["b_e"], 0.2 * act, rtol=1e-10)
    with r.case("... and at l1 = 0 the identity autoencoder has zero gradient") as c:
        _, g0 = f.sae_loss_and_grads(pz, Xp, 0.0)
        for name in g0:
            c.close(g0[name], np.zeros_like(pz[name]), atol=1e-12)

    with r.case("training with these gradients recovers every planted direction (cos > 0.9)") as c:
        params = train(
            f, init(np.random.default_rng(1), d, k), X, 0.3, 1500, np.random.default_rng(2)
        )
        Wd = params["W_d"]
        cos = np.abs(D.T @ Wd)  # planted x learned, both unit columns
        best = cos.max(axis=1)
        r.figure(
            "best cosine of each planted direction with a decoder column",
            np.round(best, 3).tolist(),
        )
        c.true(np.all(best > 0.9), f"min {best.min():.3f}")
    with r.case("learned codes are sparse and reconstruct the activations") as c:
        F, Xh = f.sae_forward(params, X)
        F = np.asarray(F)
        l0 = float(np.mean(np.sum(F > 1e-6, 1)))
        fvu = float(np.sum((X - Xh) ** 2) / np.sum((X - X.mean(0)) ** 2))
        r.figure("mean active features per input | fraction of variance unexplained", [l0, fvu])
        c.true(l0 < 3.0 and fvu < 0.1, f"L0 {l0:.2f}, FVU {fvu:.3f}")
    with r.case("without the L1 penalty the codes are much denser") as c:
        dense = train(
            f, init(np.random.default_rng(1), d, k), X, 0.0, 1500, np.random.default_rng(2)
        )
        F0 = np.asarray(f.sae_forward(dense, X)[0])
        l0_dense = float(np.mean(np.sum(F0 > 1e-6, 1)))
        r.figure("mean active features per input with l1 = 0", l0_dense)
        c.true(l0_dense > 2 * l0, f"{l0_dense:.2f} vs {l0:.2f}")
    return r


if __name__ == "__main__":
    main(run)
