"""sign-descent-signsgd: signSGD, its momentum form (Signum) and majority vote.

Follows Bernstein, Wang, Azizzadenesheli & Anandkumar (2018): each coordinate moves by exactly
the learning rate in the direction of minus the sign of its (stochastic) gradient; Signum takes
the sign of a momentum average; distributed workers send signs and the server takes a majority
vote. Checks: every step moves each coordinate by exactly -lr sign(g) (0 where g = 0); on a
separable quadratic the iterates march linearly toward 0 (closed form); the trajectory does not
change when each coordinate's gradient is rescaled by its own positive factor (a normalised
gradient does); Signum's first steps against a hand-unrolled momentum; Adam with b1 = b2 = 0 and
eps = 0 (written out independently) gives the same iterates as signSGD; majority vote against a
brute-force count, and its error probability over all 2^M sign patterns of M workers against the
binomial tail from scipy.stats.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy import stats

from implementations._common import Report, main, solution

EXERCISE = ["signum", "majority_vote"]

DOC_ZH = {
    "signum": """Signum（带动量的符号梯度下降）；beta = 0 时就是 signSGD。

输入：grad，函数 grad(x) 返回 x 处的梯度（numpy 数组）；x0，起点；lr，学习率；steps，步数；
beta，动量系数：m = beta m + (1 - beta) g，m 从 0 开始，更新 x = x - lr sign(m)。
输出：形状 (steps + 1, n) 的数组，第 0 行是 x0。

>>> xs = signum(lambda x: np.array([2.0, 0.5]) * x, np.array([1.0, -1.0]), 0.25, 2)
>>> xs.tolist()
[[1.0, -1.0], [0.75, -0.75], [0.5, -0.5]]
""",
    "majority_vote": """多数表决：每个工作节点只发送梯度的符号，服务器取各坐标符号之和的符号。

输入：worker_grads，形状 (M, n)，第 i 行是第 i 个节点的梯度。
输出：形状 (n,) 的数组 sign(sum_i sign(g_i))，元素取值于 {-1, 0, +1}。

>>> majority_vote(np.array([[1.0, -2.0], [3.0, 0.5], [-0.1, -4.0]])).tolist()
[1.0, -1.0]
""",
}

HINTS = {
    "en": (
        "Only the sign of each coordinate matters: the step length is lr for every "
        "coordinate, whatever the gradient's size.",
        "m = beta m + (1 - beta) g (m = g when beta = 0); x = x - lr * np.sign(m). Majority vote: "
        "np.sign(np.sign(G).sum(axis=0)).",
    ),
    "zh": (
        "只有每个坐标的符号起作用：无论梯度大小，每个坐标的步长都是 lr。",
        "m = beta m + (1 - beta) g（beta = 0 时 m = g）；x = x - lr * np.sign(m)。多数表决："
        "np.sign(np.sign(G).sum(axis=0))。",
    ),
}


def signum(grad, x0, lr, steps, beta=0.0):
    """Signum (sign descent with momentum); with beta = 0 it is signSGD.

    Input: grad, a function returning the gradient (a numpy array) at x; x0, the start; lr,
    the learning rate; steps, the number of steps; beta, the momentum: m = beta m + (1 - beta) g
    from m = 0, then x = x - lr sign(m).
    Output: an array (steps + 1, n) whose row 0 is x0.

    >>> xs = signum(lambda x: np.array([2.0, 0.5]) * x, np.array([1.0, -1.0]), 0.25, 2)
    >>> xs.tolist()
    [[1.0, -1.0], [0.75, -0.75], [0.5, -0.5]]
    """
    x = np.asarray(x0, dtype=float).copy()
    m = np.zeros_like(x)
    xs = [x.copy()]
    for _ in range(steps):
        m = beta * m + (1 - beta) * grad(x)
        x = x - lr * np.sign(m)
        xs.append(x.copy())
    return np.array(xs)


def majority_vote(worker_grads):
    """Majority vote: each worker sends only the signs, the server takes the sign of their sum.

    Input: worker_grads, an array (M, n) whose row i is worker i's gradient.
    Output: an array (n,) equal to sign(sum_i sign(g_i)), entries in {-1, 0, +1}.

    >>> majority_vote(np.array([[1.0, -2.0], [3.0, 0.5], [-0.1, -4.0]])).tolist()
    [1.0, -1.0]
    """
    return np.sign(np.sign(worker_grads).sum(axis=0))


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("signSGD, Signum and majority vote")
    rng = np.random.default_rng(0)

    a = np.array([100.0, 1.0, 0.01, 3.0])  # f(x) = sum a_i x_i^2 / 2, wildly scaled
    x0 = np.array([2.0, -1.5, 0.9, -3.1])
    lr = 0.1

    def grad(x):
        return a * x

    with r.case("each step moves every coordinate by exactly -lr sign(g)") as c:
        xs = f.signum(grad, x0, lr, 40)
        steps = np.diff(xs, axis=0)
        c.close(steps, -lr * np.sign(a * xs[:-1]), rtol=1e-12, atol=1e-15)
        c.close(xs[0], x0)
        xs0 = f.signum(lambda x: np.array([0.0, 1.0]), np.array([1.0, 1.0]), 0.5, 3)
        c.close(xs0[-1], [1.0, -0.5], rtol=1e-12)  # zero gradient: the coordinate stays put
    with r.case("closed form on a quadratic: x_t = x0 - t lr sign(x0) while |x_t| >= lr") as c:
        xs = f.signum(grad, x0, lr, 8)
        t = np.arange(9)[:, None]
        c.close(xs, x0 - t * lr * np.sign(x0), rtol=1e-12)
        r.figure("|x| after 8 steps (every coordinate moved 0.8)", np.abs(xs[-1]).tolist())

    scale = np.array([1e-3, 7.0, 250.0, 0.5])
    with r.case("invariant to rescaling each coordinate's gradient by a positive factor") as c:
        xs1 = f.signum(grad, x0, lr, 60, 0.9)
        xs2 = f.signum(lambda x: scale * grad(x), x0, lr, 60, 0.9)
        c.close(xs2, xs1, rtol=1e-12, atol=1e-14)
        # a normalised-gradient method would not be: its first step changes with the scale
        g1, g2 = grad(x0), scale * grad(x0)
        c.true(not np.allclose(g1 / np.linalg.norm(g1), g2 / np.linalg.norm(g2)))

    b = 0.5
    with r.case("Signum unrolled by hand: m1 = (1-b) g0, m2 = b m1 + (1-b) g1 (b = 0.5)") as c:
        gs = [np.array([1.0, -3.0]), np.array([-4.0, 2.0]), np.array([1.0, 1.0])]
        it = iter(gs)
        xs = f.signum(lambda x: next(it), np.zeros(2), 0.1, 3, b)
        m1 = (1 - b) * gs[0]
        m2 = b * m1 + (1 - b) * gs[1]
        m3 = b * m2 + (1 - b) * gs[2]
        c.close(xs[1], -0.1 * np.sign(m1), rtol=1e-12)
        c.close(xs[2], xs[1] - 0.1 * np.sign(m2), rtol=1e-12)
        c.close(xs[3], xs[2] - 0.1 * np.sign(m3), rtol=1e-12, atol=1e-15)

    # Adam with b1 = b2 = 0 and eps = 0: m_hat = g, v_hat = g^2, step g/|g| = sign(g)
    with r.case("equals Adam with b1 = b2 = 0, eps = 0 (an independent Adam loop)") as c:
        noise = rng.normal(size=(30, 4))
        it = iter(noise)
        xs = f.signum(lambda x: grad(x) + next(it), x0, lr, 30)
        x = x0.copy()
        for k in range(30):
            g = grad(x) + noise[k]
            mh, vh = g, g * g
            x = x - lr * mh / np.sqrt(vh)
        c.close(xs[-1], x, rtol=1e-12, atol=1e-12)

    with r.case("majority vote equals a brute-force count of +/- votes") as c:
        G = rng.normal(size=(7, 50)) + 0.3
        pos, neg = (G > 0).sum(axis=0), (G < 0).sum(axis=0)
        c.equal(f.majority_vote(G), np.where(pos > neg, 1.0, -1.0))
        c.equal(f.majority_vote(np.array([[1.0, -1.0], [-2.0, 0.0]])), np.array([0.0, -1.0]))

    # M workers, each right with probability p: vote is wrong iff at most (M-1)/2 are right
    M, p = 5, 0.7
    with r.case("vote error probability over all 2^5 patterns = binomial tail (scipy)") as c:
        err = 0.0
        for pattern in itertools.product([1.0, -1.0], repeat=M):  # +1: worker has the right sign
            prob = np.prod([p if s > 0 else 1 - p for s in pattern])
            vote = f.majority_vote(np.array(pattern)[:, None])[0]
            err += prob * (vote < 0)
        ref = stats.binom.cdf((M - 1) // 2, M, p)
        r.figure("P(one worker wrong), P(vote of 5 wrong)", [1 - p, round(float(err), 6)])
        c.close(err, ref, rtol=1e-12)
        c.true(err < 1 - p, "the vote is wrong less often than one worker")
    return r


if __name__ == "__main__":
    main(run)
