"""receptive-fields: which input positions can influence one unit of a stack of filters.

Follows Hubel & Wiesel (1962) for the biological notion (the retinal region that drives a cell) and
d2l ch. 7 / Goodfellow et al. ch. 9 for stacked convolutions. Checks: the strided, dilated 1-D
layer against numpy.correlate with a dilated kernel, subsampled; the closed-form receptive field
size r = 1 + sum_l (k_l - 1) d_l prod_{i<l} s_i against the brute-force support of the
input-output Jacobian (computed with the numpy.correlate reference) for five stacks; and the
variance of the effective (impulse-response) profile through the learner's layer against the sum
of per-layer variances L (k^2 - 1) / 12.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["conv1d", "rf_formula"]

DOC_ZH = {
    "conv1d": """带步长和膨胀的一维 valid 互相关：
y[i] = Σ_j w[j] x[i*stride + j*dilation]，输出长度 (len(x) - span) // stride + 1，
span = (len(w) - 1) * dilation + 1。

输入：x、w，一维数组；stride、dilation，正整数。
输出：一维数组。

>>> conv1d(np.arange(6.0), np.array([1.0, 1.0]), stride=2, dilation=2).tolist()
[2.0, 6.0]
""",
    "rf_formula": """堆叠卷积层的感受野大小：r = 1 + Σ_l (k_l - 1) d_l Π_{i<l} s_i。

输入：layers，(k, s, d) 三元组的列表（核大小、步长、膨胀），从输入到输出的顺序。
输出：一个 int。

>>> rf_formula([(3, 2, 1), (3, 1, 1)])
7
""",
}

HINTS = {
    "en": (
        "Each layer widens the field by (k - 1) dilated taps, measured in units of the spacing "
        "between its inputs, and strides stretch that spacing for every later layer.",
        "Keep a running 'jump' (input distance between neighbouring units, starting at 1): "
        "r += (k - 1) * d * jump, then jump *= s. The layer itself: y[i] = sum_j w[j] "
        "x[i*stride + j*dilation].",
    ),
    "zh": (
        "每一层让感受野增加 (k - 1) 个膨胀后的抽头，以该层输入之间的间距为单位；"
        "步长会把之后每一层的间距拉大。",
        "维护一个“跳距” jump（相邻单元在输入上的距离，初值 1）：r += (k - 1) * d * jump，"
        "然后 jump *= s。层本身：y[i] = Σ_j w[j] x[i*stride + j*dilation]。",
    ),
}


def conv1d(x, w, stride, dilation):
    """Strided, dilated 'valid' cross-correlation y[i] = sum_j w[j] x[i*stride + j*dilation].

    Output length (len(x) - span) // stride + 1 with span = (len(w) - 1) * dilation + 1.
    Input: 1-D arrays x, w; positive integers stride and dilation. Output: a 1-D array.

    >>> conv1d(np.arange(6.0), np.array([1.0, 1.0]), stride=2, dilation=2).tolist()
    [2.0, 6.0]
    """
    span = (len(w) - 1) * dilation + 1
    n_out = (len(x) - span) // stride + 1
    return np.array(
        [sum(w[j] * x[i * stride + j * dilation] for j in range(len(w))) for i in range(n_out)]
    )


def rf_formula(layers):
    """Receptive-field size of a stack of convolutions: r = 1 + sum_l (k_l - 1) d_l prod_{i<l} s_i.

    Input: layers, a list of (k, s, d) triples (kernel size, stride, dilation) from input to
    output. Output: an int.

    >>> rf_formula([(3, 2, 1), (3, 1, 1)])
    7
    """
    r, jump = 1, 1  # jump = distance in input between adjacent units
    for k, s, d in layers:
        r += (k - 1) * d * jump
        jump *= s
    return r


def _conv_ref(x, w, stride, dilation):
    # Reference: correlate with the dilated kernel (zeros between taps), keep every stride-th.
    wd = np.zeros((len(w) - 1) * dilation + 1)
    wd[::dilation] = w
    return np.correlate(x, wd, mode="valid")[::stride]


def _jacobian_row(layers, weights, n_in, conv):
    # The net is linear, so d(out[c]) / d(in[j]) is the response to a unit impulse at j.
    cols = []
    for j in range(n_in):
        x = np.zeros(n_in)
        x[j] = 1.0
        for (k, s, d), w in zip(layers, weights):
            x = conv(x, w, s, d)
        cols.append(x)
    J = np.array(cols).T  # J[unit, input]
    return J[J.shape[0] // 2]


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Receptive fields of stacked filters")

    with r.case("strided, dilated layer equals numpy.correlate with a dilated kernel") as c:
        x = rng.normal(size=37)
        for k, s, d in [(3, 1, 1), (4, 2, 1), (3, 1, 3), (2, 3, 2), (5, 2, 3)]:
            w = rng.normal(size=k)
            c.close(f.conv1d(x, w, s, d), _conv_ref(x, w, s, d), rtol=1e-12, atol=1e-12)

    stacks = {
        "3x conv k=3 s=1": [(3, 1, 1)] * 3,
        "conv k=5 s=2, conv k=3 s=2, conv k=3 s=1": [(5, 2, 1), (3, 2, 1), (3, 1, 1)],
        "conv k=3 d=1, k=3 d=2, k=3 d=4 (dilated)": [(3, 1, 1), (3, 1, 2), (3, 1, 4)],
        "conv k=2 s=3, k=4 d=2 s=2, k=3": [(2, 3, 1), (4, 2, 2), (3, 1, 1)],
        "single conv k=7 d=2": [(7, 1, 2)],
    }
    for name, layers in stacks.items():
        with r.case(f"formula = brute-force Jacobian support ({name})") as c:
            # Positive weights: no accidental cancellations, so the support is the true field.
            weights = [rng.uniform(0.5, 1.5, size=k) for k, _, _ in layers]
            support = np.nonzero(_jacobian_row(layers, weights, 90, _conv_ref) > 0)[0]
            size = int(support.max() - support.min() + 1)
            r.figure(f"receptive field, {name}", size)
            c.equal(int(f.rf_formula(layers)), size)

    # Effective receptive field: with uniform weights and stride 1 the impulse response is a
    # repeated convolution of boxes, so its variance is the sum of the box variances (k^2-1)/12.
    with r.case("effective-field variance = L (k^2 - 1) / 12") as c:
        L, k = 8, 3
        prof = _jacobian_row([(k, 1, 1)] * L, [np.ones(k)] * L, 60, f.conv1d)
        p = prof / prof.sum()
        pos = np.arange(len(p))
        mean = p @ pos
        var = p @ (pos - mean) ** 2
        r.figure("nominal field for 8 layers of k=3", 1 + L * (k - 1))
        r.figure("weight within +-1 std of centre", p[np.abs(pos - mean) <= np.sqrt(var)].sum())
        c.close(var, L * (k**2 - 1) / 12, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
