"""vanishing-exploding-gradients: the backward signal is a product of layer Jacobians.

Follows Goodfellow et al. ch. 8 (long-term dependencies / exploding gradients), Glorot &
Bengio (2010), Pascanu et al. (2013) (the norm of a Jacobian product is bounded by the
product of ||W^T|| ||diag(act')||), d2l-en ch. 5 (numerical stability) and qiu-nndl ch. 4.
Network h_l = act(h_{l-1} W_l), l = 1..L, with an upstream gradient g = dLoss/dh_L.
Checks: with W_l = c Q_l (Q orthogonal) and no nonlinearity the gradient norm at layer l is
exactly c^(L-l) ||g|| (explodes for c > 1, vanishes for c < 1); for tanh the backpropagated
gradients equal J^T g with the Jacobian of the layer map from central finite differences;
for sigmoid every norm obeys the bound (1/4)^(L-l) prod sigma_max(W) ||g||; ReLU with
He-scaled orthogonal weights keeps the norm within a moderate range.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit
from scipy.stats import ortho_group

from implementations._common import Report, main, solution

EXERCISE = ["backprop_norms"]

DOC_ZH = {
    "backprop_norms": """把上游梯度 g = dLoss/dh_L 反向传过网络 h_l = act(h_{l-1} W_l)（l = 1..L，无偏置），返回每一层的梯度范数。

输入：Ws，矩阵列表（W_l 形状 (d_{l-1}, d_l)）；x，输入 h_0，形状 (d_0,)；g，形状 (d_L,)；act 取 "linear"、"tanh"、"sigmoid"、"relu"。
输出：长度 L+1 的数组，第 l 个元素为 ||dLoss/dh_l||（l = 0..L，最后一个就是 ||g||）。

>>> Ws = [2.0 * np.eye(2)] * 3
>>> backprop_norms(Ws, np.ones(2), np.array([1.0, 0.0]), "linear").tolist()
[8.0, 4.0, 2.0, 1.0]
""",
}

HINTS = {
    "en": (
        "Run the forward pass and keep every pre-activation; going down one layer multiplies "
        "the gradient by the derivative of the activation and then by W^T.",
        "gs = [g]; for l = L..1: gz = gs[-1] * act'(z_l); gs.append(gz @ W_l.T), with "
        "z_l = h_{l-1} W_l. Return the norms reversed so index l is layer l.",
    ),
    "zh": (
        "先做前向计算并保存每层的预激活值；每往下传一层，梯度先乘以激活函数的导数，再乘以 W^T。",
        "gs = [g]；l 从 L 到 1：gz = gs[-1] * act'(z_l)；gs.append(gz @ W_l.T)，其中 z_l = h_{l-1} W_l。"
        "最后把范数倒序，使下标 l 对应第 l 层。",
    ),
}


def _act(name, z):
    if name == "linear":
        return z, np.ones_like(z)
    if name == "tanh":
        t = np.tanh(z)
        return t, 1 - t**2
    if name == "sigmoid":
        s = expit(z)
        return s, s * (1 - s)
    return np.maximum(z, 0), (z > 0).astype(float)


def backprop_norms(Ws, x, g, act):
    """Norms of the gradient at every layer when g = dLoss/dh_L is sent back through
    h_l = act(h_{l-1} W_l), l = 1..L (no biases).

    Input: Ws, a list of matrices (W_l of shape (d_{l-1}, d_l)); x = h_0 (d_0,); g (d_L,);
    act in "linear", "tanh", "sigmoid", "relu".
    Output: an array of length L+1 whose entry l is ||dLoss/dh_l|| (l = 0..L; the last is ||g||).

    >>> Ws = [2.0 * np.eye(2)] * 3
    >>> backprop_norms(Ws, np.ones(2), np.array([1.0, 0.0]), "linear").tolist()
    [8.0, 4.0, 2.0, 1.0]
    """
    h, derivs = x, []
    for W in Ws:
        z = h @ W
        if act == "linear":
            h, dz = z, np.ones_like(z)
        elif act == "tanh":
            h = np.tanh(z)
            dz = 1 - h**2
        elif act == "sigmoid":
            h = expit(z)
            dz = h * (1 - h)
        else:  # relu
            h, dz = np.maximum(z, 0), (z > 0).astype(float)
        derivs.append(dz)
    grads = [g]
    for W, dz in zip(reversed(Ws), reversed(derivs)):
        grads.append((grads[-1] * dz) @ W.T)
    return np.array([np.linalg.norm(v) for v in reversed(grads)])


def _forward_from(Ws, h, start, act):
    for W in Ws[start:]:
        h = _act(act, h @ W)[0]
    return h


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Vanishing and exploding gradients")
    rng = np.random.default_rng(0)
    d, L = 8, 12
    Qs = [ortho_group.rvs(d, random_state=k) for k in range(L)]
    x, g = rng.normal(size=d), rng.normal(size=d)

    for cval in (1.2, 0.8):
        with r.case(f"linear, W = {cval} Q: norm at layer l is {cval}^(L-l) ||g||") as c:
            norms = f.backprop_norms([cval * Q for Q in Qs], x, g, "linear")
            c.close(norms, cval ** np.arange(L, -1, -1.0) * np.linalg.norm(g), rtol=1e-10)
    r.figure("linear, W = 1.2 Q: input/output gradient ratio over 12 layers", 1.2**12)

    Ws = [rng.normal(0, 1.2 / np.sqrt(d), (d, d)) for _ in range(4)]
    for act in ("tanh", "sigmoid", "relu"):
        with r.case(f"{act}: gradients = J^T g with J from finite differences") as c:
            norms = f.backprop_norms(Ws, x, g, act)
            h, hs = x, [x]
            for W in Ws:
                h = _act(act, h @ W)[0]
                hs.append(h)
            eps = 1e-6
            for layer in range(len(Ws)):
                J = np.zeros((d, d))
                for j in range(d):
                    e = np.zeros(d)
                    e[j] = eps
                    up = _forward_from(Ws, hs[layer] + e, layer, act)
                    dn = _forward_from(Ws, hs[layer] - e, layer, act)
                    J[:, j] = (up - dn) / (2 * eps)
                c.close(norms[layer], np.linalg.norm(J.T @ g), rtol=1e-6)
            c.close(norms[-1], np.linalg.norm(g), rtol=1e-12)

    Wd = [rng.normal(0, 1 / np.sqrt(d), (d, d)) for _ in range(20)]
    with r.case("sigmoid: ||grad at l|| <= (1/4)^(L-l) prod sigma_max(W) ||g||") as c:
        norms = f.backprop_norms(Wd, x, g, "sigmoid")
        smax = np.array([np.linalg.norm(W, 2) for W in Wd])
        bound = np.array(
            [0.25 ** (20 - k) * np.prod(smax[k:]) for k in range(21)]
        ) * np.linalg.norm(g)
        c.true(np.all(norms <= bound * (1 + 1e-9)), "the bound holds at every layer")
        c.true(norms[0] < 1e-8 * norms[-1], f"vanished: ratio {norms[0] / norms[-1]:.3g}")
        r.figure("sigmoid, 20 layers: input/output gradient ratio", float(norms[0] / norms[-1]))
    with r.case("ReLU with He-scaled orthogonal weights: no vanishing over 12 layers") as c:
        Wh = [np.sqrt(2.0) * Q for Q in Qs]
        xr = np.abs(rng.normal(size=d)) + 0.1
        norms = f.backprop_norms(Wh, xr, g, "relu")
        ratio = norms[0] / norms[-1]
        r.figure("ReLU + He orthogonal, 12 layers: input/output gradient ratio", float(ratio))
        c.true(1e-3 < ratio < 1e3, f"ratio {ratio:.3g}")
        lin = f.backprop_norms(Wh, xr, g, "linear")
        c.close(lin[0], np.sqrt(2.0) ** 12 * np.linalg.norm(g), rtol=1e-10)
    return r


if __name__ == "__main__":
    main(run)
