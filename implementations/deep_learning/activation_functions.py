"""activation-functions: sigmoid, tanh, ReLU and GELU, and their derivatives.

Follows Goodfellow et al. ch. 6 (hidden units), d2l-en ch. 5, qiu-nndl ch. 4 and Hendrycks &
Gimpel (2016) for GELU(x) = x Phi(x) and its tanh approximation.
Checks: the stable sigmoid against scipy.special.expit over [-800, 800] with no overflow and
no NaN; tanh(x) = 2 sigmoid(2x) - 1; exact GELU against x * scipy.stats.norm.cdf(x); the tanh
approximation within 5e-4 of it everywhere but not equal to it; every derivative against
central finite differences of the scipy references; sigmoid' = s(1 - s) peaks at 1/4 (the
source of vanishing gradients), ReLU' is the indicator of x > 0, GELU' is negative for
x < -0.75 (GELU is not monotone).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit
from scipy.stats import norm

from implementations._common import Report, main, solution

EXERCISE = ["sigmoid", "gelu", "activation_grad"]

DOC_ZH = {
    "sigmoid": """数值稳定的 sigmoid 函数 1 / (1 + exp(-x))，对很大的 |x| 也不溢出、不产生 NaN。

>>> sigmoid(np.array([0.0, 800.0, -800.0])).tolist()
[0.5, 1.0, 0.0]
""",
    "gelu": """GELU(x) = x Phi(x)，Phi 为标准正态分布函数；approximate=True 时用 tanh 近似
0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))。

>>> round(float(gelu(np.array(1.0))), 6), round(float(gelu(np.array(1.0), approximate=True)), 6)
(0.841345, 0.841192)
""",
    "activation_grad": """激活函数的导数，逐元素计算。name 取 "sigmoid"、"tanh"、"relu"、"gelu"（精确的 GELU）；
ReLU 在 0 处的导数取 0。

>>> activation_grad("sigmoid", np.array([0.0])).tolist(), activation_grad("relu", np.array([-1.0, 2.0])).tolist()
([0.25], [0.0, 1.0])
""",
}

HINTS = {
    "en": (
        "exp(-x) overflows for x << 0; write the sigmoid in a form that only ever exponentiates "
        "a non-positive number.",
        "sigmoid: exp(-|x|) with two branches (1/(1+e) for x >= 0, e/(1+e) for x < 0). "
        "Derivatives: s(1-s), 1 - tanh^2, [x > 0], and for GELU Phi(x) + x phi(x).",
    ),
    "zh": (
        "x 很负时 exp(-x) 会溢出；换一种写法，让指数函数的自变量永远不为正。",
        "sigmoid：令 e = exp(-|x|)，x >= 0 时取 1/(1+e)，x < 0 时取 e/(1+e)。"
        "导数：s(1-s)、1 - tanh^2、[x > 0]，GELU 的导数为 Phi(x) + x phi(x)。",
    ),
}


def sigmoid(x):
    """Numerically stable logistic sigmoid 1 / (1 + exp(-x)); no overflow or NaN for large |x|.

    >>> sigmoid(np.array([0.0, 800.0, -800.0])).tolist()
    [0.5, 1.0, 0.0]
    """
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def gelu(x, approximate=False):
    """GELU(x) = x Phi(x), Phi the standard normal CDF; approximate=True uses the tanh form
    0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).

    >>> round(float(gelu(np.array(1.0))), 6), round(float(gelu(np.array(1.0), approximate=True)), 6)
    (0.841345, 0.841192)
    """
    x = np.asarray(x, dtype=float)
    if approximate:
        return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))
    return x * norm.cdf(x)


def activation_grad(name, x):
    """Elementwise derivative of an activation: name in "sigmoid", "tanh", "relu", "gelu" (exact
    GELU). The ReLU derivative at 0 is taken as 0.

    >>> activation_grad("sigmoid", np.array([0.0])).tolist(), activation_grad("relu", np.array([-1.0, 2.0])).tolist()
    ([0.25], [0.0, 1.0])
    """
    x = np.asarray(x, dtype=float)
    if name == "sigmoid":
        s = sigmoid(x)
        return s * (1 - s)
    if name == "tanh":
        return 1 - np.tanh(x) ** 2
    if name == "relu":
        return (x > 0).astype(float)
    if name == "gelu":
        return norm.cdf(x) + x * norm.pdf(x)
    raise ValueError(name)


REFS = {
    "sigmoid": expit,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0.0),
    "gelu": lambda z: z * norm.cdf(z),
}


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Activation functions")
    x = np.linspace(-6, 6, 241) + 0.013  # avoid the ReLU kink at exactly 0

    with r.case("sigmoid = scipy expit on [-800, 800], no overflow, no NaN") as c:
        wide = np.concatenate([np.linspace(-800, 800, 1601), x])
        with np.errstate(over="raise"):
            s = f.sigmoid(wide)
        c.close(s, expit(wide), rtol=1e-12, atol=1e-300)
        c.true(np.all(np.isfinite(s)))
    with r.case("tanh(x) = 2 sigmoid(2x) - 1") as c:
        c.close(2 * f.sigmoid(2 * x) - 1, np.tanh(x), rtol=1e-10, atol=1e-14)
    with r.case("exact GELU = x Phi(x) (scipy.stats.norm)") as c:
        c.close(f.gelu(x), x * norm.cdf(x), rtol=1e-10, atol=1e-14)
        c.close(f.gelu(np.array([-30.0, 30.0])), [0.0, 30.0], atol=1e-12)
    with r.case("tanh-approximate GELU within 5e-4 of the exact one, not equal") as c:
        xs = np.linspace(-8, 8, 4001)
        diff = np.abs(f.gelu(xs, approximate=True) - xs * norm.cdf(xs))
        r.figure("max |GELU_tanh - GELU|", float(diff.max()))
        c.true(diff.max() < 5e-4, f"max difference {diff.max():.3g}")
        c.true(diff.max() > 1e-4, "the approximation is not the exact function")
        c.close(f.gelu(np.array([0.0]), approximate=True), [0.0], atol=1e-15)

    h = 1e-5
    for name, ref in REFS.items():
        with r.case(f"{name}' = central finite differences") as c:
            fd = (ref(x + h) - ref(x - h)) / (2 * h)
            c.close(f.activation_grad(name, x), fd, rtol=1e-6, atol=1e-8)
    with r.case("sigmoid' = s(1 - s) peaks at 1/4 at x = 0") as c:
        g = f.activation_grad("sigmoid", x)
        c.close(f.activation_grad("sigmoid", np.array([0.0])), [0.25], rtol=1e-12)
        c.true(np.all(g <= 0.25 + 1e-15))
        c.close(f.activation_grad("sigmoid", np.array([50.0, -50.0])), [0.0, 0.0], atol=1e-20)
    with r.case("ReLU' = [x > 0], 0 at the kink") as c:
        c.equal(f.activation_grad("relu", np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 1.0])
    with r.case("GELU is not monotone: GELU' < 0 below about -0.75") as c:
        g = f.activation_grad("gelu", np.array([-2.0, -1.0, -0.76, -0.74, 0.0]))
        c.true(np.all(g[:3] < 0) and np.all(g[3:] > 0), str(np.round(g, 4).tolist()))
        c.close(g[-1], 0.5, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
