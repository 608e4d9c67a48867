"""mixed-precision-quantization: give more bits to the layers the loss is most sensitive to.

Follows the Hessian-aware view of Dong et al. (2019, HAWQ): near a minimum the loss grows
by about 1/2 sum_l h_l ||w_l - w_hat_l||^2, where h_l is a layer's curvature, so bit-widths
should follow sensitivity - a bit-allocation problem as in rate-distortion theory. Five
layers with different sizes, weight scales and curvatures must fit an average of 4 bits
per weight, choosing from {2, 3, 4, 6, 8}. Checks: the uniform-noise model h n s^2 / 24
predicts the true rounding loss within 20% (b >= 3); a greedy allocation by loss increase
per bit saved matches the brute-force optimum over all 5^5 assignments; the optimum beats
uniform 4-bit by a wide margin; and the most sensitive layer gets the most bits.
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main

BITS = (2, 3, 4, 6, 8)


def quant(w, b):
    s = np.abs(w).max() / (2 ** (b - 1) - 1)
    return s * np.round(w / s), s


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Mixed-precision quantization (Hessian-aware bit allocation)")
    sizes = np.array([4000, 16000, 16000, 8000, 1000])
    scales = np.array([0.5, 0.1, 0.1, 0.2, 1.0])
    curv = np.array([50.0, 1.0, 0.2, 5.0, 200.0])  # per-layer Hessian diagonal h_l
    W = [rng.normal(0, s, n) for s, n in zip(scales, sizes)]

    # exact loss increase 1/2 h ||w - w_hat||^2 for every layer and bit-width
    dloss = np.array(
        [[0.5 * h * np.sum((w - quant(w, b)[0]) ** 2) for b in BITS] for w, h in zip(W, curv)]
    )
    model = np.array(
        [[0.5 * h * len(w) * quant(w, b)[1] ** 2 / 12 for b in BITS] for w, h in zip(W, curv)]
    )
    ratio = dloss[:, 1:] / model[:, 1:]
    r.figure("true / uniform-noise-model loss increase, b = 3..8", np.round(ratio, 3).tolist())
    r.check(
        "uniform-noise model within 20% of the true rounding loss (b >= 3)",
        bool(np.all(np.abs(ratio - 1) < 0.2)),
    )

    budget = 4 * sizes.sum()
    best, best_a = np.inf, None
    for a in itertools.product(range(len(BITS)), repeat=len(sizes)):  # brute force 5^5
        if sizes @ np.array([BITS[i] for i in a]) <= budget:
            tot = sum(dloss[l, i] for l, i in enumerate(a))
            if tot < best:
                best, best_a = tot, a
    # greedy: start at 8 bits everywhere, lower the layer with the least loss per bit saved
    a = [len(BITS) - 1] * len(sizes)
    while sizes @ np.array([BITS[i] for i in a]) > budget:
        cost = [
            (dloss[l, a[l] - 1] - dloss[l, a[l]]) / (sizes[l] * (BITS[a[l]] - BITS[a[l] - 1]))
            if a[l] > 0
            else np.inf
            for l in range(len(sizes))
        ]
        a[int(np.argmin(cost))] -= 1
    greedy = sum(dloss[l, i] for l, i in enumerate(a))
    uniform = dloss[:, BITS.index(4)].sum()
    bits_opt = [BITS[i] for i in best_a]
    r.figure("optimal bits per layer", bits_opt)
    r.figure(
        "loss increase: uniform 4-bit, greedy, optimum",
        (round(float(uniform), 4), round(float(greedy), 4), round(float(best), 4)),
    )
    r.check_close("greedy allocation matches the brute-force optimum", greedy, best, rtol=1e-9)
    r.check("optimal mixed precision beats uniform 4-bit by > 2x", best < uniform / 2)
    sens = curv * scales**2  # h_l sigma_l^2 drives the allocation
    r.check(
        "the most sensitive layer gets the most bits",
        bits_opt[int(np.argmax(sens))] == max(bits_opt),
    )
    r.figure(
        "average bits per weight at the optimum", float(sizes @ np.array(bits_opt) / sizes.sum())
    )
    return r


if __name__ == "__main__":
    main(run)
