"""cross-entropy: H(p, q) = -sum p log q, the average code length (or loss) when q models p.

Follows Cover & Thomas (2006) sec. 5.4 (the "wrong code" theorem) and Goodfellow et al. (2016)
sec. 3.13. Checks compare H(p,q) with H(p) + D(p||q), its minimum at q = p, the softmax
cross-entropy gradient softmax(z) - onehot(y) against finite differences, and the expected
length of a Shannon code built for q against H(p,q) <= L < H(p,q) + 1. The learner writes
H(p, q) in bits and the softmax cross-entropy loss; they are also compared with a loop over
outcomes (zero probabilities included) and scipy.special.logsumexp.
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp
from scipy.stats import entropy as sp_entropy

from implementations._common import Report, main, solution

EXERCISE = ["xent", "softmax_xent"]

DOC_ZH = {
    "xent": """交叉熵 H(p, q) = -Σ p_i log2 q_i，单位比特：用为 q 设计的编码传输来自 p 的数据的平均码长。

输入：p、q，长度相同、非负且和为 1 的一维数组；p_i > 0 处要求 q_i > 0。
输出：一个 float；p_i = 0 的项不计入（即使 q_i = 0）。

>>> round(xent([0.5, 0.5, 0.0], [0.25, 0.5, 0.25]), 6)
1.5
""",
    "softmax_xent": """语言模型的损失 -log softmax(z)[y]，单位奈特，用 log-sum-exp 稳定地计算。

输入：z，一维 logits 数组；y，目标类别的整数下标。
输出：一个 float，logsumexp(z) - z[y]；logits 很大（如 1000）时也不能溢出。

>>> round(softmax_xent(np.array([0.0, 0.0]), 1), 6)
0.693147
""",
}

HINTS = {
    "en": (
        "Cross-entropy averages the code length -log2 q(x) under the true p; the softmax loss "
        "is the same thing with q = softmax(z) and p a one-hot target.",
        "Skip outcomes with p = 0 in H(p, q). For the loss, log softmax(z)[y] = z[y] - "
        "logsumexp(z), and subtract max(z) before exponentiating so nothing overflows.",
    ),
    "zh": (
        "交叉熵是在真实分布 p 下平均码长 -log2 q(x)；softmax 损失就是 q = softmax(z)、"
        "p 为 one-hot 目标时的交叉熵。",
        "计算 H(p, q) 时跳过 p = 0 的结果。损失中 log softmax(z)[y] = z[y] - logsumexp(z)，"
        "取指数前先减去 max(z)，避免溢出。",
    ),
}


def xent(p, q):
    """Cross-entropy H(p, q) = -sum p_i log2 q_i in bits.

    Input: p, q, 1-D arrays of equal length, non-negative, each summing to 1, with q_i > 0
    wherever p_i > 0. Output: a float; outcomes with p_i = 0 contribute nothing, even where
    q_i = 0.

    >>> round(xent([0.5, 0.5, 0.0], [0.25, 0.5, 0.25]), 6)
    1.5
    """
    p, q = np.asarray(p, float), np.asarray(q, float)
    m = p > 0
    return float(-np.sum(p[m] * np.log2(q[m])))


def softmax_xent(z, y):
    """The loss -log softmax(z)[y] in nats, computed stably with log-sum-exp.

    Input: z, a 1-D array of logits; y, the integer index of the target class. Output: a
    float, logsumexp(z) - z[y], finite even for logits as large as 1000.

    >>> round(softmax_xent(np.array([0.0, 0.0]), 1), 6)
    0.693147
    """
    zmax = z.max()
    return float(zmax + np.log(np.sum(np.exp(z - zmax))) - z[y])


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Cross-entropy")

    p, q = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))
    Hp = float(sp_entropy(p, base=2))
    with r.case("H(p,q) = H(p) + D(p||q)") as c:
        D = float(np.sum(p * np.log2(p / q)))
        hpq = f.xent(p, q)
        r.figure("H(p), D(p||q), H(p,q) in bits", [round(Hp, 6), round(D, 6), round(hpq, 6)])
        c.close(hpq, Hp + D, rtol=1e-12)

    with r.case("zero probabilities in p (and q = 0 there) agree with a loop") as c:
        P = rng.dirichlet(np.ones(7), size=20)
        Q = rng.dirichlet(np.ones(7), size=20)
        P[:, :2] = 0.0
        P /= P.sum(1, keepdims=True)
        Q[:10, 0] = 0.0
        Q /= Q.sum(1, keepdims=True)
        loop = [sum(-a * np.log2(b) for a, b in zip(pp, qq) if a != 0) for pp, qq in zip(P, Q)]
        c.close([f.xent(pp, qq) for pp, qq in zip(P, Q)], loop, rtol=1e-12)

    # No model q beats the truth: H(p,q) >= H(p) for many random q, with equality at q = p.
    with r.case("H(p,q) >= H(p) for 2000 random q, = at q = p") as c:
        Qs = rng.dirichlet(np.full(6, 0.5), size=2000)
        c.true(bool(min(f.xent(p, qq) for qq in Qs) >= Hp - 1e-12))
        c.close(f.xent(p, p), Hp, rtol=1e-12)

    with r.case("softmax loss equals logsumexp(z) - z[y] (scipy) on random logits") as c:
        Z = rng.normal(scale=3.0, size=(30, 10))
        ys = rng.integers(0, 10, size=30)
        c.close(
            [f.softmax_xent(z, y) for z, y in zip(Z, ys)],
            logsumexp(Z, axis=1) - Z[np.arange(30), ys],
            rtol=1e-12,
        )

    # Gradient of the LLM loss wrt logits is softmax(z) - onehot(y): compare finite differences.
    with r.case("d loss / d logits = softmax - onehot") as c:
        z, y, h = rng.normal(size=10), 3, 1e-6
        fd = np.array(
            [
                (f.softmax_xent(z + h * e, y) - f.softmax_xent(z - h * e, y)) / (2 * h)
                for e in np.eye(10)
            ]
        )
        sm = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        c.close(fd, sm - np.eye(10)[y], atol=1e-8)

    # Stable log-sum-exp keeps the loss finite for huge logits.
    with r.case("stable loss for logits (1000, 0, -1000), target 0") as c:
        big = np.array([1000.0, 0.0, -1000.0])
        c.close(f.softmax_xent(big, 0), 0.0, atol=1e-12)
        c.close(f.softmax_xent(big, 1), 1000.0, rtol=1e-12)

    # Wrong-code theorem: Shannon code lengths ceil(-log2 q) give H(p,q) <= E_p[len] < H(p,q) + 1.
    with r.case("H(p,q) <= expected length < H(p,q) + 1") as c:
        lengths = np.ceil(-np.log2(q))
        L = float(np.sum(p * lengths))
        r.figure("expected Shannon-code length for q under p (bits)", L)
        c.true(float(np.sum(2.0**-lengths)) <= 1 + 1e-12, "Kraft sum of the lengths <= 1")
        c.true(f.xent(p, q) <= L < f.xent(p, q) + 1)
    return r


if __name__ == "__main__":
    main(run)
