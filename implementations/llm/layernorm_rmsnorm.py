"""layernorm-rmsnorm: LayerNorm and RMSNorm, their statistics and their invariances.

LayerNorm (Ba et al. 2016) re-centres and re-scales each token vector by its own mean and
standard deviation; RMSNorm (Zhang & Sennrich 2019) keeps only the re-scaling by the root mean
square. Checks: gain, bias and eps against the
statistics written out token by token (with a batch axis); output statistics (mean 0 / variance 1 for LN, RMS 1 for RMSNorm), invariance
of LN to shift and positive scale of the input, invariance of RMSNorm to scale but not shift,
LN(x) == RMSNorm(x - mean x), and the LN Jacobian annihilating the all-ones direction and x
itself (finite differences).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["layernorm", "rmsnorm"]

DOC_ZH = {
    "layernorm": """LayerNorm：沿最后一轴用每个 token 自己的均值和（总体）标准差做标准化，再乘 g 加 b。

输入：x (..., d)；g、b，增益和偏置（标量或长度 d）；eps，加在方差上的小常数。
输出：g * (x - mean) / sqrt(var + eps) + b，与 x 同形。

>>> layernorm(np.array([1.0, 2.0, 3.0])).round(6).tolist()
[-1.224745, 0.0, 1.224745]
""",
    "rmsnorm": """RMSNorm：只按每个 token 的均方根缩放（不减均值），再乘 g。

输入：x (..., d)；g，增益；eps，加在均方上的小常数。
输出：g * x / sqrt(mean(x^2) + eps)，与 x 同形。

>>> rmsnorm(np.array([3.0, 4.0])).round(6).tolist()
[0.848528, 1.131371]
""",
}

HINTS = {
    "en": (
        "Both normalise each token vector by its own statistics over the feature axis; they "
        "differ in whether the mean is removed first.",
        "LayerNorm: (x - mean) / sqrt(mean((x - mean)^2) + eps), then g and b. RMSNorm: "
        "x / sqrt(mean(x^2) + eps), then g. Reduce over the last axis with keepdims.",
    ),
    "zh": (
        "两者都用每个 token 向量自身在特征轴上的统计量做归一化；区别在于是否先减去均值。",
        "LayerNorm：(x - mean) / sqrt(mean((x - mean)^2) + eps)，再乘 g 加 b。RMSNorm："
        "x / sqrt(mean(x^2) + eps)，再乘 g。沿最后一轴归约并保持维度。",
    ),
}


def layernorm(x, g=1.0, b=0.0, eps=0.0):
    """LayerNorm: standardise each token by its own mean and (population) standard deviation
    over the last axis, then scale by g and shift by b.

    Input: x (..., d); g, b gain and bias (scalars or length d); eps added to the variance.
    Output: g * (x - mean) / sqrt(var + eps) + b, shaped like x.

    >>> layernorm(np.array([1.0, 2.0, 3.0])).round(6).tolist()
    [-1.224745, 0.0, 1.224745]
    """
    mu = x.mean(-1, keepdims=True)
    return g * (x - mu) / np.sqrt(((x - mu) ** 2).mean(-1, keepdims=True) + eps) + b


def rmsnorm(x, g=1.0, eps=0.0):
    """RMSNorm: rescale each token by its root mean square over the last axis (no
    centring), then by g.

    Input: x (..., d); g, the gain; eps added to the mean square. Output:
    g * x / sqrt(mean(x^2) + eps), shaped like x.

    >>> rmsnorm(np.array([3.0, 4.0])).round(6).tolist()
    [0.848528, 1.131371]
    """
    return g * x / np.sqrt((x**2).mean(-1, keepdims=True) + eps)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("LayerNorm and RMSNorm")
    T, d = 8, 32
    x = 3 * rng.standard_normal((T, d)) + 5  # tokens with an offset and a scale
    with r.case("LN output: per-token mean 0") as c:
        y = f.layernorm(x)
        c.close(y.mean(-1), np.zeros(T), atol=1e-12)
    with r.case("LN output: per-token (population) variance 1") as c:
        c.close(y.var(-1), np.ones(T), rtol=1e-12)
    with r.case("RMSNorm output: per-token RMS 1") as c:
        z = f.rmsnorm(x)
        c.close(np.sqrt((z**2).mean(-1)), np.ones(T), rtol=1e-12)

    # Gain, bias and eps, token by token with the statistics written out (a batch axis too).
    g, b, eps = rng.uniform(0.5, 2, d), rng.standard_normal(d), 0.7
    xb = rng.standard_normal((2, 3, d)) * 0.5
    with r.case("gain, bias and eps token by token (batch of 2 x 3 tokens)") as c:
        ln = np.array(
            [
                [
                    g * (t - sum(t) / d) / np.sqrt(sum((t - sum(t) / d) ** 2) / d + eps) + b
                    for t in row
                ]
                for row in xb
            ]
        )
        rms = np.array([[g * t / np.sqrt(sum(t**2) / d + eps) for t in row] for row in xb])
        c.close(f.layernorm(xb, g, b, eps), ln, rtol=1e-12)
        c.close(f.rmsnorm(xb, g, eps), rms, rtol=1e-12)

    a = rng.uniform(0.1, 10, size=(T, 1))  # per-token positive scale
    sh = rng.standard_normal((T, 1))  # per-token shift
    with r.case("LN(a x + c) == LN(x): re-centring and re-scaling invariant") as c:
        c.close(f.layernorm(a * x + sh), y, rtol=1e-10, atol=1e-10)
    with r.case("RMSNorm(a x) == RMSNorm(x): re-scaling invariant") as c:
        c.close(f.rmsnorm(a * x), z, rtol=1e-12, atol=1e-12)
    with r.case("RMSNorm is NOT shift invariant") as c:
        shift_err = np.abs(f.rmsnorm(x + sh) - z).max()
        r.figure("max |RMSNorm(x + c) - RMSNorm(x)|", shift_err)
        c.true(shift_err > 1e-2)
    with r.case("LN(x) == RMSNorm(x - mean(x))") as c:
        c.close(f.layernorm(x), f.rmsnorm(x - x.mean(-1, keepdims=True)), rtol=1e-12, atol=1e-12)
        c.close(f.rmsnorm(x), x / np.sqrt((x**2).mean(-1, keepdims=True)), rtol=1e-12)

    # Jacobian of LN at one token (eps = 0): directions 1 and x are mapped to 0.
    v = x[0]
    with r.case("LN Jacobian kills the all-ones direction: J 1 == 0") as c:
        J = np.zeros((d, d))
        for j in range(d):
            e = np.zeros(d)
            e[j] = 1e-6
            J[:, j] = (f.layernorm(v + e) - f.layernorm(v - e)) / 2e-6
        c.close(J @ np.ones(d), np.zeros(d), atol=1e-7)
    with r.case("LN Jacobian kills the input direction: J x == 0") as c:
        c.close(J @ v, np.zeros(d), atol=1e-6)
        r.figure("rank of the LN Jacobian (d = 32)", int(np.linalg.matrix_rank(J, tol=1e-6)))
        c.true(int(np.linalg.matrix_rank(J, tol=1e-6)) == d - 2, "rank d - 2")
    return r


if __name__ == "__main__":
    main(run)
