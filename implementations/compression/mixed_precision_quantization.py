"""mixed-precision-quantization: give more bits to the layers the loss is most sensitive to.

Follows the Hessian-aware view of Dong et al. (2019, HAWQ): near a minimum the loss grows
by about 1/2 sum_l h_l ||w_l - w_hat_l||^2, where h_l is a layer's curvature, so bit-widths
should follow sensitivity - a bit-allocation problem as in rate-distortion theory. Five
layers with different sizes, weight scales and curvatures must fit an average of 4 bits
per weight, choosing from {2, 3, 4, 6, 8}. Checks: the uniform-noise model h n s^2 / 24
predicts the true rounding loss within 20% (b >= 3); a greedy allocation by loss increase
per bit saved matches the brute-force optimum over all 5^5 assignments; the optimum beats
uniform 4-bit by a wide margin; and the most sensitive layer gets the most bits. The
quantiser is compared with a nearest-grid-point search and its scale with max|w| / (2^(b-1)
- 1); the greedy allocation with a separately written greedy loop on random problems.
"""

from __future__ import annotations

import itertools

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["quant", "greedy_allocation"]

DOC_ZH = {
    "quant": """b 位对称量化（不截断）：s = max|w| / (2^(b-1) - 1)，w_hat = s·round(w / s)。

输入：w，权重数组；b，位数（>= 2）。
输出：(w_hat，s)。

>>> w_hat, s = quant(np.array([0.9, -0.2, 0.4]), 3)
>>> np.round(w_hat, 6).tolist(), round(float(s), 6)
([0.9, -0.3, 0.3], 0.3)
""",
    "greedy_allocation": """贪心位宽分配：所有层从最高位宽开始；只要总位数 sizes·bits 超过 budget，就把
“每节省一位所增加的损失” (dloss[l, i-1] - dloss[l, i]) / (sizes[l]·(bits[i] - bits[i-1])) 最小的层降一档。

输入：dloss，(层数, 位宽个数) 的损失增量表；sizes，各层权重数；bits，递增的可选位宽；budget，总位数上限。
输出：每层所选位宽的下标列表。

>>> greedy_allocation(np.array([[9.0, 1.0], [2.0, 1.0]]), np.array([1, 1]), (2, 4), 6)
[1, 0]
""",
}

HINTS = {
    "en": (
        "Bits are a budget: spend them where one more bit removes the most loss per weight.",
        "Quantiser: s = max|w| / (2^(b-1) - 1), w_hat = s round(w / s). Greedy: from the "
        "highest precision, repeatedly lower the layer whose next step down costs the least "
        "loss per bit saved, until sizes @ bits fits the budget; a layer at the lowest width "
        "cannot go down (cost inf).",
    ),
    "zh": (
        "位数是预算：花在多给一位能让每个权重的损失下降最多的地方。",
        "量化器：s = max|w| / (2^(b-1) - 1)，w_hat = s round(w / s)。贪心：从最高精度开始，反复把"
        "下降一档时每节省一位损失增加最少的层降一档，直到 sizes @ bits 不超过预算；已在最低位宽的层不能再降"
        "（代价为 inf）。",
    ),
}

BITS = (2, 3, 4, 6, 8)


def quant(w, b):
    """Symmetric b-bit quantisation without clipping: s = max|w| / (2^(b-1) - 1),
    w_hat = s round(w / s).

    Input: w, weights; b >= 2, the bit-width. Output: (w_hat, s).

    >>> w_hat, s = quant(np.array([0.9, -0.2, 0.4]), 3)
    >>> np.round(w_hat, 6).tolist(), round(float(s), 6)
    ([0.9, -0.3, 0.3], 0.3)
    """
    s = np.abs(w).max() / (2 ** (b - 1) - 1)
    return s * np.round(w / s), s


def greedy_allocation(dloss, sizes, bits, budget):
    """Greedy bit allocation: every layer starts at the highest width; while the total
    sizes . bits exceeds the budget, lower by one step the layer with the smallest loss
    increase per bit saved, (dloss[l, i-1] - dloss[l, i]) / (sizes[l] (bits[i] - bits[i-1])).

    Input: dloss, the (layers, widths) table of loss increases; sizes, weights per layer;
    bits, the allowed widths in increasing order; budget, the total bits allowed.
    Output: the list of chosen width indices, one per layer.

    >>> greedy_allocation(np.array([[9.0, 1.0], [2.0, 1.0]]), np.array([1, 1]), (2, 4), 6)
    [1, 0]
    """
    a = [len(bits) - 1] * len(sizes)
    while sizes @ np.array([bits[i] for i in a]) > budget:
        cost = [
            (dloss[l, a[l] - 1] - dloss[l, a[l]]) / (sizes[l] * (bits[a[l]] - bits[a[l] - 1]))
            if a[l] > 0
            else np.inf
            for l in range(len(sizes))
        ]
        a[int(np.argmin(cost))] -= 1
    return a


def _greedy_ref(dloss, sizes, bits, budget):
    """Reference greedy written separately: scan layers, pick the cheapest step down."""
    a = [len(bits) - 1 for _ in sizes]
    total = sum(int(sizes[l]) * bits[a[l]] for l in range(len(sizes)))
    while total > budget:
        best_l, best_c = None, None
        for l in range(len(sizes)):
            if a[l] == 0:
                continue
            saved = int(sizes[l]) * (bits[a[l]] - bits[a[l] - 1])
            c = (dloss[l][a[l] - 1] - dloss[l][a[l]]) / saved
            if best_c is None or c < best_c:
                best_l, best_c = l, c
        total -= int(sizes[best_l]) * (bits[a[best_l]] - bits[a[best_l] - 1])
        a[best_l] -= 1
    return a


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Mixed-precision quantization (Hessian-aware bit allocation)")
    sizes = np.array([4000, 16000, 16000, 8000, 1000])
    scales = np.array([0.5, 0.1, 0.1, 0.2, 1.0])
    curv = np.array([50.0, 1.0, 0.2, 5.0, 200.0])  # per-layer Hessian diagonal h_l
    W = [rng.normal(0, s, n) for s, n in zip(scales, sizes)]

    with r.case(
        "quantiser = nearest point of the grid s * integers, s = max|w| / (2^(b-1) - 1)"
    ) as c:
        for b in (2, 3, 5, 8):
            w = W[0][:300]
            s_ref = np.abs(W[0]).max() / (2 ** (b - 1) - 1)
            wh, s = f.quant(W[0], b)
            c.close(s, s_ref, rtol=1e-12)
            grid = s_ref * np.arange(-(2 ** (b - 1) - 1), 2 ** (b - 1))
            c.close(
                np.asarray(wh)[:300],
                grid[np.argmin(np.abs(w[:, None] - grid), axis=1)],
                rtol=1e-12,
                atol=1e-15,
            )

    dloss = model = np.zeros((5, 5))  # until the quantiser under test fills them
    # exact loss increase 1/2 h ||w - w_hat||^2 for every layer and bit-width
    with r.case("uniform-noise model within 20% of the true rounding loss (b >= 3)") as c:
        dloss = np.array(
            [[0.5 * h * np.sum((w - f.quant(w, b)[0]) ** 2) for b in BITS] for w, h in zip(W, curv)]
        )
        model = np.array(
            [
                [0.5 * h * len(w) * (np.abs(w).max() / (2 ** (b - 1) - 1)) ** 2 / 12 for b in BITS]
                for w, h in zip(W, curv)
            ]
        )
        ratio = dloss[:, 1:] / model[:, 1:]
        r.figure("true / uniform-noise-model loss increase, b = 3..8", np.round(ratio, 3).tolist())
        c.true(bool(np.all(np.abs(ratio - 1) < 0.2)))

    budget = 4 * sizes.sum()
    best, best_a = np.inf, (0,) * 5
    for a in itertools.product(range(len(BITS)), repeat=len(sizes)):  # brute force 5^5
        if sizes @ np.array([BITS[i] for i in a]) <= budget:
            tot = sum(dloss[l, i] for l, i in enumerate(a))
            if tot < best:
                best, best_a = tot, a
    uniform = dloss[:, BITS.index(4)].sum()
    bits_opt = [BITS[i] for i in best_a]
    r.figure("optimal bits per layer", bits_opt)
    with r.case("greedy allocation matches the brute-force optimum") as c:
        a = list(f.greedy_allocation(dloss, sizes, BITS, budget))
        greedy = sum(dloss[l, i] for l, i in enumerate(a))
        r.figure(
            "loss increase: uniform 4-bit, greedy, optimum",
            (round(float(uniform), 4), round(float(greedy), 4), round(float(best), 4)),
        )
        c.true(sizes @ np.array([BITS[i] for i in a]) <= budget, "within the bit budget")
        c.close(greedy, best, rtol=1e-9)
    with r.case("greedy allocation equals a separately written greedy on random problems") as c:
        for _ in range(20):
            L = int(rng.integers(2, 6))
            sz = rng.integers(1, 50, size=L)
            dl = np.sort(rng.uniform(0, 10, size=(L, 5)), axis=1)[:, ::-1].copy()
            bud = int(sz.sum() * rng.uniform(2.0, 7.0))
            if _ % 2:  # a budget met exactly by some allocation: stop as soon as it fits
                bud = int(sz @ np.array([BITS[i] for i in rng.integers(0, 5, size=L)]))
            c.equal(list(f.greedy_allocation(dl, sz, BITS, bud)), _greedy_ref(dl, sz, BITS, bud))
    with r.case("optimal mixed precision beats uniform 4-bit by > 2x") as c:
        c.true(0 < best < uniform / 2)
    sens = curv * scales**2  # h_l sigma_l^2 drives the allocation
    with r.case("the most sensitive layer gets the most bits") as c:
        c.true(bits_opt[int(np.argmax(sens))] == max(bits_opt) and best > 0)
    r.figure(
        "average bits per weight at the optimum", float(sizes @ np.array(bits_opt) / sizes.sum())
    )
    return r


if __name__ == "__main__":
    main(run)
