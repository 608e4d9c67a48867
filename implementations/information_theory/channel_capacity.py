"""channel-capacity: C = max over input laws p(x) of I(X;Y), the largest rate a noisy channel
can carry reliably.

Follows Cover & Thomas (2006) ch. 7 and MacKay (2003) ch. 9. Capacity is found by brute-force
maximisation over a fine grid of input distributions (no Blahut-Arimoto) and compared with
the closed forms for the binary symmetric channel 1 - h(p), the binary erasure channel
1 - e, the Z channel log2(1 + (1-p) p^{p/(1-p)}), and a weakly symmetric ternary channel
log2|Y| - H(row). The learner writes I(X;Y) for a batch of input laws and the grid search
over binary input laws; I(X;Y) is also compared with H(Y) - H(Y|X) from scipy.stats.entropy,
row by row, on input laws with zero entries and channels with zero transitions.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.stats import entropy as sp_entropy

from implementations._common import Report, main, solution

EXERCISE = ["mutual_info", "capacity_binary_input"]

DOC_ZH = {
    "mutual_info": """对一批输入分布逐个计算信道的互信息 I(X;Y)，单位比特。

输入：PX，形状 (k, |X|)，每行是一个输入分布 p(x)；W，形状 (|X|, |Y|) 的信道，W[x, y] = p(y|x)。
输出：长度 k 的数组，第 i 个元素是输入分布 PX[i] 下的 I(X;Y)；p(x, y) = 0 的项不计入。

>>> np.round(mutual_info(np.array([[0.5, 0.5], [1.0, 0.0]]), np.eye(2)), 6).tolist()
[1.0, 0.0]
""",
    "capacity_binary_input": """二元输入信道的容量：在网格 q = linspace(0, 1, n) 上穷举 P(X=1) = q，取 I(X;Y) 的最大值。

输入：W，形状 (2, |Y|) 的信道；n，网格点数（默认 20001，包含 q = 0.5）。
输出：(C, q*)，最大互信息（比特）与取得最大值的网格点 q*。

>>> C, q = capacity_binary_input(np.eye(2), n=101)
>>> round(C, 6), round(q, 6)
(1.0, 0.5)
""",
}

HINTS = {
    "en": (
        "Capacity is a maximisation: for each candidate input law, build the joint p(x)W and "
        "measure I(X;Y); then keep the best.",
        "With J = PX[:, :, None] * W[None], the output law is J.sum(1) and I = sum J log2(J / "
        "(p(x) p(y))) over cells with J > 0. For binary inputs, stack [1 - q, q] for every q on "
        "the grid and take the argmax.",
    ),
    "zh": (
        "容量是一个最大化问题：对每个候选输入分布，构造联合分布 p(x)W 并计算 I(X;Y)，再取最大者。",
        "令 J = PX[:, :, None] * W[None]，输出分布为 J.sum(1)，I = Σ J log2(J / (p(x) p(y)))，"
        "只对 J > 0 的格子求和。二元输入时，对网格上的每个 q 叠放 [1 - q, q]，再取 argmax。",
    ),
}


def h2(p):
    return -p * np.log2(p) - (1 - p) * np.log2(1 - p)


def mutual_info(PX, W):
    """I(X;Y) in bits for each row of PX (an input law) through the channel W[x, y] = p(y|x).

    Input: PX, a (k, |X|) array whose rows are input laws; W, an (|X|, |Y|) channel matrix.
    Output: an array of k mutual informations; cells with p(x, y) = 0 contribute nothing.

    >>> np.round(mutual_info(np.array([[0.5, 0.5], [1.0, 0.0]]), np.eye(2)), 6).tolist()
    [1.0, 0.0]
    """
    J = PX[:, :, None] * W[None]  # p(x, y) for every candidate input law
    prod = PX[:, :, None] * J.sum(1)[:, None, :]  # p(x) p(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(J > 0, J * np.log2(J / prod), 0.0)
    return terms.sum(axis=(1, 2))


def capacity_binary_input(W, n=20_001):
    """Capacity of a binary-input channel by brute force over P(X=1) = q on a grid.

    Input: W, a (2, |Y|) channel matrix; n, the number of grid points of
    q = linspace(0, 1, n) (the default 20001 contains q = 0.5). Output: (C, q*), the largest
    I(X;Y) in bits and the grid point where it is reached.

    >>> C, q = capacity_binary_input(np.eye(2), n=101)
    >>> round(C, 6), round(q, 6)
    (1.0, 0.5)
    """
    qs = np.linspace(0, 1, n)
    vals = mutual_info(np.stack([1 - qs, qs], axis=1), W)
    i = int(np.argmax(vals))
    return float(vals[i]), float(qs[i])


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Channel capacity")

    # Reference: I = H(Y) - H(Y|X) with entropies by scipy, one input law at a time.
    with r.case("I(X;Y) = H(Y) - H(Y|X) (scipy) with zero inputs and zero transitions") as c:
        W = rng.dirichlet(np.ones(4), size=3)
        W[0, 1] = W[2, 3] = 0.0
        W /= W.sum(1, keepdims=True)
        PX = rng.dirichlet(np.ones(3), size=8)
        PX[:3, 1] = 0.0
        PX /= PX.sum(1, keepdims=True)
        ref = [
            sp_entropy(px @ W, base=2) - sum(a * sp_entropy(w, base=2) for a, w in zip(px, W))
            for px in PX
        ]
        c.close(f.mutual_info(PX, W), ref, rtol=1e-10)

    p = 0.11
    with r.case("BSC: brute force = 1 - h(p), at uniform input") as c:
        C, q = f.capacity_binary_input(np.array([[1 - p, p], [p, 1 - p]]))
        r.figure("BSC(0.11): brute-force C and best P(X=1)", [round(C, 6), round(q, 4)])
        c.close([C, q], [1 - h2(p), 0.5], rtol=1e-6)

    e = 0.3
    with r.case("BEC: brute force = 1 - e") as c:
        C, _ = f.capacity_binary_input(np.array([[1 - e, e, 0], [0, e, 1 - e]]))
        c.close(C, 1 - e, rtol=1e-6)

    # Z channel: 0 is received perfectly, 1 flips to 0 with probability p. Optimal input is not uniform.
    p = 0.5
    q = 0.5
    with r.case("Z channel: brute force = log2(1 + (1-p) p^(p/(1-p)))") as c:
        C, q = f.capacity_binary_input(np.array([[1, 0], [p, 1 - p]]))
        closed = np.log2(1 + (1 - p) * p ** (p / (1 - p)))
        r.figure("Z channel(0.5): C and best P(X=1)", [round(C, 6), round(q, 4)])
        c.close(C, closed, rtol=1e-6)
    # Optimum P(X=1) = 1 / ((1-p)(1 + 2^{h(p)/(1-p)})) = 0.4 for p = 1/2 (closed form).
    with r.case("Z channel optimum is not the uniform input") as c:
        c.close(q, 1 / ((1 - p) * (1 + 2 ** (h2(p) / (1 - p)))), atol=1e-4)

    # Ternary weakly symmetric channel: C = log2 3 - H(row), uniform input; grid over the simplex.
    best = np.nan
    with r.case("weakly symmetric: grid max = log2|Y| - H(row)") as c:
        row = np.array([0.7, 0.2, 0.1])
        W = np.array([np.roll(row, k) for k in range(3)])
        g = np.arange(301) / 300  # contains 1/3
        A = np.array([(a, b, 1 - a - b) for a, b in itertools.product(g, g) if a + b <= 1 + 1e-12])
        best = float(f.mutual_info(np.clip(A, 0, 1), W).max())
        closed = np.log2(3) + float(np.sum(row * np.log2(row)))
        c.close(best, closed, rtol=1e-6)
    with r.case("capacity <= min(log2|X|, log2|Y|)") as c:
        c.true(best <= np.log2(3))
        c.close(f.mutual_info(np.full((1, 3), 1 / 3), np.eye(3)), [np.log2(3)], rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
