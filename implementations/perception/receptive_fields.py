"""receptive-fields: which input positions can influence one unit of a stack of filters.

Follows Hubel & Wiesel (1962) for the biological notion (the retinal region that drives a cell) and
d2l ch. 7 / Goodfellow et al. ch. 9 for stacked convolutions. Checks: the closed-form receptive
field size r = 1 + sum_l (k_l - 1) d_l prod_{i<l} s_i against the brute-force support of the
input-output Jacobian, and the variance of the effective (impulse-response) profile against the
sum of per-layer variances.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def conv1d(x, w, stride=1, dilation=1):
    # 'valid' cross-correlation with stride and dilation, written as an explicit sum.
    span = (len(w) - 1) * dilation + 1
    n_out = (len(x) - span) // stride + 1
    return np.array(
        [sum(w[j] * x[i * stride + j * dilation] for j in range(len(w))) for i in range(n_out)]
    )


def rf_formula(layers):
    r, jump = 1, 1  # jump = distance in input between adjacent units
    for k, s, d in layers:
        r += (k - 1) * d * jump
        jump *= s
    return r


def jacobian_support(layers, weights, n_in):
    # The net is linear, so d(out[c]) / d(in[j]) is the response to a unit impulse at j.
    out_len = None
    cols = []
    for j in range(n_in):
        x = np.zeros(n_in)
        x[j] = 1.0
        for (k, s, d), w in zip(layers, weights):
            x = conv1d(x, w, s, d)
        cols.append(x)
        out_len = len(x)
    J = np.array(cols).T  # J[unit, input]
    centre = out_len // 2
    support = np.nonzero(np.abs(J[centre]) > 0)[0]
    return support, J[centre]


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Receptive fields of stacked filters")
    stacks = {
        "3x conv k=3 s=1": [(3, 1, 1)] * 3,
        "conv k=5 s=2, conv k=3 s=2, conv k=3 s=1": [(5, 2, 1), (3, 2, 1), (3, 1, 1)],
        "conv k=3 d=1, k=3 d=2, k=3 d=4 (dilated)": [(3, 1, 1), (3, 1, 2), (3, 1, 4)],
    }
    for name, layers in stacks.items():
        # Positive weights: no accidental cancellations, so the support is the true field.
        weights = [rng.uniform(0.5, 1.5, size=k) for k, _, _ in layers]
        support, _ = jacobian_support(layers, weights, n_in=80)
        size = support.max() - support.min() + 1
        r.figure(f"receptive field, {name}", int(size))
        r.check(
            f"formula = brute-force Jacobian support ({name})",
            size == rf_formula(layers) and len(support) == size,
            f"formula {rf_formula(layers)}, brute force {size}",
        )

    # Effective receptive field: with uniform weights and stride 1 the impulse response is a
    # repeated convolution of boxes, so its variance is the sum of the box variances (k^2-1)/12
    # and its shape approaches a Gaussian concentrated in the centre of the nominal field.
    L, k = 8, 3
    layers = [(k, 1, 1)] * L
    _, prof = jacobian_support(layers, [np.ones(k)] * L, n_in=60)
    p = prof / prof.sum()
    pos = np.arange(len(p))
    mean = p @ pos
    var = p @ (pos - mean) ** 2
    r.figure("nominal field for 8 layers of k=3", rf_formula(layers))
    r.check_close(
        "effective-field variance = L (k^2 - 1) / 12", var, L * (k**2 - 1) / 12, rtol=1e-12
    )
    central = p[np.abs(pos - mean) <= np.sqrt(var)].sum()
    r.figure("weight within +-1 std of centre", central)
    return r


if __name__ == "__main__":
    main(run)
