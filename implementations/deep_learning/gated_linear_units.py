"""gated-linear-units: GLU-variant feed-forward layers (GLU, ReGLU, GEGLU, SwiGLU, bilinear).

Follows Shazeer (2020): FFN_variant(x) = (act(x W) * (x V)) W2 without biases, and
Dauphin et al. (2017) for the sigmoid-gated GLU. The Swish used by SwiGLU is Swish_1(x) =
x sigmoid(x). Checks: every variant against an explicit per-token, per-unit loop with scipy's
expit / norm.cdf; the bilinear variant is homogeneous of degree 2 (f(t x) = t^2 f(x)); the
gate matters (swapping W and V changes the output except for the bilinear form, where it is
symmetric); the Jacobian of the SwiGLU layer against central finite differences; the figures
show the width rule d_ff' = 2/3 d_ff that keeps a ReLU FFN's parameter count.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit
from scipy.stats import norm

from implementations._common import Report, main, solution

EXERCISE = ["swish", "glu_ffn", "glu_ffn_jacobian"]

DOC_ZH = {
    "swish": """Swish_1(x) = x sigmoid(x)（也叫 SiLU），逐元素计算。

>>> np.round(swish(np.array([0.0, 1.0])), 6).tolist()
[0.0, 0.731059]
""",
    "glu_ffn": """GLU 变体前馈层（Shazeer 2020，无偏置）：FFN(x) = (act(x W) * (x V)) W2。

输入：x，形状 (n, d)；W、V，形状 (d, d_ff)；W2，形状 (d_ff, d)；kind 取 "glu"（sigmoid）、
"reglu"（ReLU）、"geglu"（精确 GELU）、"swiglu"（Swish_1）、"bilinear"（不加激活）。
输出：形状 (n, d)。

>>> one = np.ones((1, 1))
>>> glu_ffn(np.array([[2.0]]), one, one, one, "bilinear").tolist()
[[4.0]]
""",
    "glu_ffn_jacobian": """单个 token x（形状 (d,)）处 SwiGLU 前馈层的雅可比矩阵 J[i, j] = d out_i / d x_j，形状 (d, d)。

>>> one = np.ones((1, 1))
>>> np.round(glu_ffn_jacobian(np.array([0.0]), one, one, one), 6).tolist()
[[0.0]]
""",
}

HINTS = {
    "en": (
        "Two parallel projections of the same x: one goes through the activation and acts as a "
        "gate, the other is left linear; multiply them elementwise, then project back.",
        "a = x W, g = x V, h = act(a) * g, out = h W2. For the Jacobian of SwiGLU: "
        "dh/dx = diag(swish'(a)) W^T * g + diag(swish(a)) V^T, swish'(a) = s + a s (1 - s).",
    ),
    "zh": (
        "对同一个 x 做两路投影：一路经过激活函数当作门，另一路保持线性；二者逐元素相乘后再投影回去。",
        "a = x W，g = x V，h = act(a) * g，out = h W2。SwiGLU 的雅可比：dh/dx = diag(swish'(a) g) W^T + diag(swish(a)) V^T，"
        "其中 swish'(a) = s + a s (1 - s)。",
    ),
}


def swish(x):
    """Swish_1(x) = x sigmoid(x) (also called SiLU), elementwise.

    >>> np.round(swish(np.array([0.0, 1.0])), 6).tolist()
    [0.0, 0.731059]
    """
    return x * expit(x)


def glu_ffn(x, W, V, W2, kind="swiglu"):
    """A GLU-variant feed-forward layer (Shazeer 2020, no biases): (act(x W) * (x V)) W2.

    Input: x (n, d); W, V (d, d_ff); W2 (d_ff, d); kind in "glu" (sigmoid), "reglu" (ReLU),
    "geglu" (exact GELU), "swiglu" (Swish_1) or "bilinear" (no activation).
    Output: (n, d).

    >>> one = np.ones((1, 1))
    >>> glu_ffn(np.array([[2.0]]), one, one, one, "bilinear").tolist()
    [[4.0]]
    """
    a = x @ W
    if kind == "glu":
        gate = expit(a)
    elif kind == "reglu":
        gate = np.maximum(a, 0.0)
    elif kind == "geglu":
        gate = a * norm.cdf(a)
    elif kind == "swiglu":
        gate = a * expit(a)
    else:  # bilinear
        gate = a
    return (gate * (x @ V)) @ W2


def glu_ffn_jacobian(x, W, V, W2):
    """Jacobian J[i, j] = d out_i / d x_j of the SwiGLU layer at one token x of shape (d,); (d, d).

    >>> one = np.ones((1, 1))
    >>> np.round(glu_ffn_jacobian(np.array([0.0]), one, one, one), 6).tolist()
    [[0.0]]
    """
    a, g = x @ W, x @ V
    s = expit(a)
    dswish = s + a * s * (1 - s)
    dh = (dswish * g)[:, None] * W.T + (a * s)[:, None] * V.T  # (d_ff, d)
    return W2.T @ dh


REF_ACT = {
    "glu": lambda z: float(expit(z)),
    "reglu": lambda z: max(z, 0.0),
    "geglu": lambda z: z * float(norm.cdf(z)),
    "swiglu": lambda z: z * float(expit(z)),
    "bilinear": lambda z: z,
}


def _loop(x, W, V, W2, act):
    n, d = x.shape
    out = np.zeros((n, W2.shape[1]))
    for t in range(n):
        for k in range(W.shape[1]):
            a = sum(x[t, i] * W[i, k] for i in range(d))
            g = sum(x[t, i] * V[i, k] for i in range(d))
            out[t] += act(a) * g * W2[k]
    return out


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Gated linear units (GLU variants)")
    rng = np.random.default_rng(0)
    d, dff, n = 4, 6, 5
    W, V = rng.normal(size=(d, dff)), rng.normal(size=(d, dff))
    W2 = rng.normal(size=(dff, d))
    x = rng.normal(size=(n, d))

    with r.case("swish(x) = x * expit(x)") as c:
        z = np.linspace(-20, 20, 81)
        c.close(f.swish(z), z * expit(z), rtol=1e-12, atol=1e-15)
    for kind, act in REF_ACT.items():
        with r.case(f"{kind} = per-token, per-unit loop") as c:
            c.close(f.glu_ffn(x, W, V, W2, kind), _loop(x, W, V, W2, act), rtol=1e-10, atol=1e-12)
    with r.case("default kind is SwiGLU") as c:
        c.close(f.glu_ffn(x, W, V, W2), _loop(x, W, V, W2, REF_ACT["swiglu"]), rtol=1e-10)
    with r.case("bilinear is homogeneous of degree 2 and symmetric in W, V") as c:
        base = f.glu_ffn(x, W, V, W2, "bilinear")
        c.close(f.glu_ffn(3 * x, W, V, W2, "bilinear"), 9 * base, rtol=1e-10)
        c.close(f.glu_ffn(x, V, W, W2, "bilinear"), base, rtol=1e-10)
    with r.case("with an activation the gate is not symmetric: swapping W and V changes it") as c:
        for kind in ("glu", "swiglu", "geglu", "reglu"):
            diff = np.abs(f.glu_ffn(x, W, V, W2, kind) - f.glu_ffn(x, V, W, W2, kind)).max()
            c.true(diff > 1e-3, f"{kind}: {diff:.3g}")

    x0 = rng.normal(size=d)
    hh = 1e-6
    fd = np.zeros((d, d))
    for j in range(d):
        e = np.zeros(d)
        e[j] = hh
        up = _loop((x0 + e)[None], W, V, W2, REF_ACT["swiglu"])[0]
        dn = _loop((x0 - e)[None], W, V, W2, REF_ACT["swiglu"])[0]
        fd[:, j] = (up - dn) / (2 * hh)
    with r.case("SwiGLU Jacobian = central finite differences") as c:
        c.close(f.glu_ffn_jacobian(x0, W, V, W2), fd, rtol=1e-6, atol=1e-7)
    with r.case("SwiGLU Jacobian at x = 0 is zero (the product of two linear maps)") as c:
        c.close(f.glu_ffn_jacobian(np.zeros(d), W, V, W2), np.zeros((d, d)), atol=1e-14)

    dm, dff_relu = 512, 2048
    dff_glu = 2 * dff_relu // 3
    r.figure("SwiGLU width matching a 2048-wide ReLU FFN at d = 512", dff_glu)
    r.figure(
        "parameters: SwiGLU 3 d d_ff' vs ReLU 2 d d_ff",
        f"{3 * dm * dff_glu} vs {2 * dm * dff_relu}",
    )
    return r


if __name__ == "__main__":
    main(run)
