"""information-bottleneck: find p(t|x) minimising I(X;T) - beta I(T;Y): compress X into T while
keeping what T says about Y.

Follows Tishby, Pereira & Bialek (1999), solved with their self-consistent equations
  p(t|x) ~ p(t) exp(-beta KL(p(y|x) || p(y|t))),  p(t) = sum_x p(x) p(t|x),
  p(y|t) = sum_x p(y|x) p(t|x) p(x) / p(t).
Checks: the Lagrangian never increases over iterations; I(T;Y) <= I(X;Y) and I(T;Y) <= I(X;T)
(data processing, since T - X - Y is a Markov chain); the result is a fixed point of the
equations; a large beta keeps all of I(X;Y) while dropping the label-irrelevant bit of X;
a small beta collapses to I(X;T) = 0. The learner writes the marginals p(t), p(y|t) and one
self-consistent update; both are compared with plain loops over x, t and y, and the iterations
of the checks run the learner's update.
"""

from __future__ import annotations

import numpy as np
from scipy.special import softmax

from implementations._common import Report, main, solution

EXERCISE = ["marginals", "ib_step"]

DOC_ZH = {
    "marginals": """信息瓶颈中由编码器 p(t|x) 得到的边缘分布 p(t) 与解码分布 p(y|t)。

输入：Ptx，形状 (8, n_t)，Ptx[x, t] = p(t|x)；模块常量 PX（p(x)）与 PYX（PYX[x, y] = p(y|x)）。
输出：(pt, pyt)：pt[t] = Σ_x p(x) p(t|x)；pyt[t, y] = Σ_x p(y|x) p(t|x) p(x) / p(t)，形状 (n_t, 2)。

>>> pt, pyt = marginals(np.full((8, 2), 0.5))
>>> pt.tolist(), np.round(pyt[0], 6).tolist()
([0.5, 0.5], [0.4625, 0.5375])
""",
    "ib_step": """信息瓶颈自洽方程的一步更新：p(t|x) ∝ p(t) exp(-β KL(p(y|x) || p(y|t)))。

输入：Ptx，当前编码器，形状 (8, n_t)，每个簇都被用到（p(t) > 0）；beta > 0。KL 用自然对数。
输出：新的 Ptx（每行归一化为 1）。先减去每行 logits 的最大值再取指数，使 β 很大时也不会下溢。

>>> np.round(ib_step(np.full((8, 2), 0.5), 1.0)[0], 6).tolist()
[0.5, 0.5]
""",
}

HINTS = {
    "en": (
        "Each update asks, for every x: which cluster t predicts y the way x does? Clusters "
        "that are popular and whose p(y|t) is close to p(y|x) win.",
        "p(t) = PX @ Ptx and p(y|t) = (Ptx * PX[:, None]).T @ PYX / p(t). Then logits[x, t] = "
        "log p(t) - beta KL(PYX[x] || p(y|t)), and a row-wise softmax gives the new p(t|x).",
    ),
    "zh": (
        "每次更新都对每个 x 问：哪个簇 t 对 y 的预测最像 x？更常用、且 p(y|t) 接近 p(y|x) 的簇胜出。",
        "p(t) = PX @ Ptx，p(y|t) = (Ptx * PX[:, None]).T @ PYX / p(t)。然后 logits[x, t] = "
        "log p(t) - β KL(PYX[x] || p(y|t))，按行做 softmax 得到新的 p(t|x)。",
    ),
}

PX = np.full(8, 1 / 8)
PY1 = np.array(
    [0.1, 0.1, 0.4, 0.4, 0.7, 0.7, 0.95, 0.95]
)  # x values come in 4 pairs with equal p(y|x)
PYX = np.stack([1 - PY1, PY1], axis=1)


def mi(J):
    prod = np.outer(J.sum(1), J.sum(0))
    m = J > 1e-300
    return float(np.sum(J[m] * np.log2(J[m] / prod[m])))


def kl_rows(A, B):
    """KL(A[i] || B[j]) in nats for every pair of rows."""
    return np.sum(A[:, None, :] * (np.log(A[:, None, :]) - np.log(B[None, :, :])), axis=2)


def marginals(Ptx):
    """Marginal p(t) and decoder p(y|t) of the encoder p(t|x), for the module's PX and PYX.

    Input: Ptx, an (8, n_t) array with Ptx[x, t] = p(t|x). Output: (pt, pyt) with
    pt[t] = sum_x p(x) p(t|x) and pyt[t, y] = sum_x p(y|x) p(t|x) p(x) / p(t), shape (n_t, 2).

    >>> pt, pyt = marginals(np.full((8, 2), 0.5))
    >>> pt.tolist(), np.round(pyt[0], 6).tolist()
    ([0.5, 0.5], [0.4625, 0.5375])
    """
    pt = PX @ Ptx
    pyt = (Ptx * PX[:, None]).T @ PYX / pt[:, None]
    return pt, pyt


def ib_step(Ptx, beta):
    """One self-consistent update p(t|x) ~ p(t) exp(-beta KL(p(y|x) || p(y|t))).

    Input: Ptx, the current (8, n_t) encoder with every cluster used (p(t) > 0); beta > 0.
    KL in nats. Output: the new Ptx (rows sum to 1), computed with the row maximum of the
    logits subtracted before exponentiating, so that a large beta does not underflow.

    >>> np.round(ib_step(np.full((8, 2), 0.5), 1.0)[0], 6).tolist()
    [0.5, 0.5]
    """
    pt, pyt = marginals(Ptx)
    logits = np.log(pt)[None, :] - beta * kl_rows(PYX, pyt)
    Ptx = np.exp(logits - logits.max(axis=1, keepdims=True))
    return Ptx / Ptx.sum(axis=1, keepdims=True)


def ib(f, beta, n_t, rng, iters=300):
    """Iterate the learner's update from a random encoder; the Lagrangian at every step."""
    Ptx = rng.dirichlet(np.ones(n_t), size=8)
    history = []
    for _ in range(iters):
        J_xt = PX[:, None] * Ptx
        history.append(mi(J_xt) - beta * mi(J_xt.T @ PYX))
        Ptx = f.ib_step(Ptx, beta)
    return Ptx, np.array(history)


def info(Ptx):
    J_xt = PX[:, None] * Ptx
    return mi(J_xt), mi(J_xt.T @ PYX)


def step_loops(Ptx, beta):
    """One update by plain loops over x, t and y, normalised by scipy's softmax: the reference."""
    nx, nt = Ptx.shape
    pt = [sum(PX[x] * Ptx[x, t] for x in range(nx)) for t in range(nt)]
    logits = np.zeros_like(Ptx)
    for x in range(nx):
        for t in range(nt):
            pyt = [sum(PYX[u, y] * Ptx[u, t] * PX[u] for u in range(nx)) / pt[t] for y in range(2)]
            kl = sum(PYX[x, y] * np.log(PYX[x, y] / pyt[y]) for y in range(2))
            logits[x, t] = np.log(pt[t]) - beta * kl
    return softmax(logits, axis=1)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Information bottleneck (self-consistent iterations)")
    I_xy = mi(PX[:, None] * PYX)
    r.figure("I(X;Y), H(X) (bits)", [round(I_xy, 5), 3.0])

    with r.case("marginals p(t), p(y|t) agree with plain loops") as c:
        Q = rng.dirichlet(np.ones(3), size=8)
        pt, pyt = f.marginals(Q)
        c.close(pt, [sum(PX[x] * Q[x, t] for x in range(8)) for t in range(3)], rtol=1e-12)
        ref = [
            [sum(PYX[x, y] * Q[x, t] * PX[x] for x in range(8)) / pt[t] for y in range(2)]
            for t in range(3)
        ]
        c.close(pyt, ref, rtol=1e-12)

    # beta = 3000 makes the logits of order -1e3: exp overflows or underflows without the shift.
    with r.case("one update agrees with plain loops (beta = 0.7, 3, 40 and 3000)") as c:
        Q = rng.dirichlet(np.ones(3), size=8)
        for beta in (0.7, 3.0, 40.0, 3000.0):
            c.close(f.ib_step(Q, beta), step_loops(Q, beta), rtol=1e-9, atol=1e-15)

    beta = 5.0
    Ptx = np.full((8, 4), np.nan)
    with r.case("Lagrangian I(X;T) - beta I(T;Y) never increases") as c:
        Ptx, hist = ib(f, beta, 4, rng)
        c.true(bool(np.all(np.diff(hist) <= 1e-10)) and hist[-1] < hist[0])
    with r.case("data processing: I(T;Y) <= I(X;Y) and I(T;Y) <= I(X;T)") as c:
        I_xt, I_ty = info(Ptx)
        r.figure(f"beta={beta}: I(X;T), I(T;Y)", [round(I_xt, 5), round(I_ty, 5)])
        c.true(I_ty <= I_xy + 1e-12 and I_ty <= I_xt + 1e-12 and I_ty > 0)
    with r.case("converged p(t|x) satisfies the self-consistent equations") as c:
        c.close(Ptx, step_loops(Ptx, beta), atol=1e-8)

    # Large beta: best of 5 restarts keeps I(X;Y) and merges x's with equal p(y|x): I(X;T) = 2 bits < H(X).
    I_xt_hi = I_ty_hi = np.nan
    with r.case("large beta keeps all relevant information") as c:
        runs = [ib(f, 200.0, 4, rng) for _ in range(5)]
        I_xt_hi, I_ty_hi = info(min(runs, key=lambda t: t[1][-1])[0])
        r.figure("beta=200: I(X;T), I(T;Y)", [round(I_xt_hi, 5), round(I_ty_hi, 5)])
        c.close(I_ty_hi, I_xy, atol=1e-4)
    with r.case("and drops the irrelevant bit: I(X;T) = 2 bits") as c:
        c.close(I_xt_hi, 2.0, atol=1e-3)

    # Small beta: compression wins and T ignores X.
    with r.case("small beta: trivial solution I(X;T) = 0") as c:
        c.close(info(ib(f, 0.5, 4, rng)[0])[0], 0.0, atol=1e-6)
    return r


if __name__ == "__main__":
    main(run)
