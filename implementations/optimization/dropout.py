"""dropout: random unit masking during training and the weight-scaling rule at test time.

Follows Srivastava et al. (2014) and Goodfellow et al. ch. 7 (sec. 7.12). Checks by exact
enumeration of all 2^n masks: the mask probabilities equal a unit-by-unit product and sum to
1 with binomial counts; inverted dropout preserves the expectation exactly, with variance
h^2 (1-p)/p, and a Monte Carlo average agrees; for a linear layer the average of all thinned
networks equals the weight-scaled network; for a sigmoid unit the normalised geometric mean
of all thinned networks equals the weight-scaled network (and a two-member case by hand),
while the arithmetic mean only approximates it.
"""

from __future__ import annotations

from itertools import product
from math import comb

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["mask_prob", "inverted_dropout", "nwgm"]

DOC_ZH = {
    "mask_prob": """每个 dropout 掩码的概率：每个单元独立地以概率 p 保留（1）、以 1-p 丢弃（0）。

输入：masks，形状 (m, n) 的 0/1 数组，每行一个掩码；p，保留概率。
输出：长度 m 的数组，第 i 个元素为 p^k (1-p)^(n-k)，k 是第 i 行中 1 的个数。

>>> np.round(mask_prob(np.array([[1, 1], [1, 0], [0, 0]]), 0.8), 6).tolist()
[0.64, 0.16, 0.04]
""",
    "inverted_dropout": """反向（inverted）dropout：丢弃被掩码置零的单元，并把保留的单元除以 p，使期望不变。

输入：h，激活值（最后一维是单元）；mask，与 h 可广播的 0/1 数组；p，保留概率。
输出：mask * h / p，形状为广播后的形状。

>>> inverted_dropout(np.array([1.0, -2.0, 3.0]), np.array([1, 0, 1]), 0.5).tolist()
[2.0, -0.0, 6.0]
""",
    "nwgm": """集成的归一化加权几何平均（NWGM），用于 sigmoid 输出 s_i 和权重 prob_i。

输入：s，长度 m 的数组，每个子网络的 sigmoid 输出，取值于 (0, 1)；prob，长度 m、和为 1 的权重。
输出：一个 float：G1 / (G1 + G0)，其中 G1 = prod s_i^prob_i，G0 = prod (1 - s_i)^prob_i。

>>> round(nwgm(np.array([0.5, 0.8]), np.array([0.5, 0.5])), 6)
0.666667
""",
}

HINTS = {
    "en": (
        "Units are dropped independently; a thinned network's output is averaged over all "
        "masks with their probabilities, either arithmetically or geometrically.",
        "P(mask) = p^(#kept) (1-p)^(#dropped); inverted dropout returns mask*h/p so E = h; the "
        "NWGM is exp(sum prob log s) / (exp(sum prob log s) + exp(sum prob log(1-s))).",
    ),
    "zh": (
        "各单元独立地被丢弃；把所有掩码下的子网络输出按概率做算术平均或几何平均。",
        "P(mask) = p^(保留数) (1-p)^(丢弃数)；反向 dropout 返回 mask*h/p，于是期望为 h；NWGM 为 "
        "exp(sum prob log s) / (exp(sum prob log s) + exp(sum prob log(1-s)))。",
    ),
}


def mask_prob(masks, p):
    """Probability of each dropout mask when every unit is kept (1) independently with prob p.

    Input: masks, a 0/1 array (m, n), one mask per row; p, the keep probability.
    Output: m probabilities p^k (1-p)^(n-k), k the number of ones in the row.

    >>> np.round(mask_prob(np.array([[1, 1], [1, 0], [0, 0]]), 0.8), 6).tolist()
    [0.64, 0.16, 0.04]
    """
    masks = np.asarray(masks)
    k = masks.sum(axis=1)
    return p**k * (1 - p) ** (masks.shape[1] - k)


def inverted_dropout(h, mask, p):
    """Inverted dropout: zero the masked units and divide the kept ones by p (E unchanged).

    Input: h, activations (units on the last axis); mask, 0/1 broadcastable with h; p, the
    keep probability. Output: mask * h / p.

    >>> inverted_dropout(np.array([1.0, -2.0, 3.0]), np.array([1, 0, 1]), 0.5).tolist()
    [2.0, -0.0, 6.0]
    """
    return mask * h / p


def nwgm(s, prob):
    """Normalised weighted geometric mean of an ensemble's sigmoid outputs.

    Input: s, m sigmoid outputs in (0, 1); prob, m weights summing to 1.
    Output: G1 / (G1 + G0), G1 = prod s_i^prob_i, G0 = prod (1 - s_i)^prob_i, a float.

    >>> round(nwgm(np.array([0.5, 0.8]), np.array([0.5, 0.5])), 6)
    0.666667
    """
    g1 = np.exp(prob @ np.log(s))
    g0 = np.exp(prob @ np.log(1 - s))
    return float(g1 / (g1 + g0))


def expit(z):
    return 0.5 * (1 + np.tanh(0.5 * z))  # logistic sigmoid


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Dropout")
    n, p = 10, 0.8  # keep probability p
    h = rng.normal(size=n)
    masks = np.array(list(product([0, 1], repeat=n)), dtype=float)  # all 1024 thinned networks
    # reference probabilities: product over units of p (kept) or 1 - p (dropped)
    prob = np.array([np.prod([p if m else 1 - p for m in row]) for row in masks])
    with r.case("mask probabilities equal the unit-by-unit product and sum to 1") as c:
        got = f.mask_prob(masks, p)
        c.close(got, prob, rtol=1e-12)
        c.close(got.sum(), 1.0, rtol=1e-12)
        k = masks.sum(1).astype(int)
        c.close(
            [got[k == j].sum() for j in range(n + 1)],
            [comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(n + 1)],
            rtol=1e-12,
        )
        c.close(f.mask_prob(masks[:4, -2:], 0.3), [0.49, 0.21, 0.21, 0.09], rtol=1e-12)

    with r.case("E[mask * h / p] = h exactly (enumeration)") as c:
        out = f.inverted_dropout(h, masks, p)
        c.close(prob @ out, h, rtol=1e-12)
        c.close(out[-1], h / p, rtol=1e-15)  # all kept: scaled up by 1/p
    with r.case("Var = h^2 (1-p)/p") as c:
        out = f.inverted_dropout(h, masks, p)
        c.close(prob @ (out - h) ** 2, h**2 * (1 - p) / p, rtol=1e-10)
    with r.case("Monte Carlo mean within 5 standard errors of h") as c:
        sample = f.inverted_dropout(h, rng.uniform(size=(20000, n)) < p, p)
        se = np.sqrt(h**2 * (1 - p) / p / 20000)
        c.true(np.all(np.abs(sample.mean(0) - h) < 5 * se))

    # linear layer: averaging all thinned networks = one network with weights scaled by p
    w = rng.normal(size=n)
    lin_thinned = masks @ (w * h)  # standard (non-inverted) dropout outputs
    with r.case("linear unit: ensemble mean of 2^n thinned nets = weight-scaled net") as c:
        c.close(f.mask_prob(masks, p) @ lin_thinned, p * w @ h, rtol=1e-12)

    # sigmoid unit: the normalised weighted geometric mean of the ensemble = sigmoid(p w.h)
    s = expit(lin_thinned)
    scaled = expit(p * w @ h)
    with r.case("sigmoid unit: normalised geometric mean of the ensemble = weight-scaled net") as c:
        c.close(f.nwgm(s, prob), scaled, rtol=1e-12)
    with r.case("two members by hand: sqrt(s1 s2) / (sqrt(s1 s2) + sqrt((1-s1)(1-s2)))") as c:
        s2, q = np.array([0.3, 0.9]), np.array([0.5, 0.5])
        g1, g0 = np.sqrt(0.27), np.sqrt(0.07)
        c.close(f.nwgm(s2, q), g1 / (g1 + g0), rtol=1e-12)
        c.close(f.nwgm(s2, np.array([1.0, 0.0])), 0.3, rtol=1e-12)  # a single member
    with r.case(
        "the arithmetic mean differs (weight scaling is an approximation of that average)"
    ) as c:
        arith = prob @ s
        got = f.nwgm(s, prob)
        r.figure("sigmoid: arithmetic ensemble mean vs NWGM", [float(arith), float(got)])
        c.true(0 < abs(arith - got) < 0.1, f"gap {abs(arith - got):.3g}")
    return r


if __name__ == "__main__":
    main(run)
