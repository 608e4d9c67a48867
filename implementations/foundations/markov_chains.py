"""markov-chains: transition matrices, stationary distributions, mixing.

Follows Murphy PML2 ch. 12 (Markov chain Monte Carlo), Cover & Thomas ch. 4 (Markov chains
and entropy rate) and Goodfellow et al. 17.3. Checks: the stationary distribution as the
left eigenvector for eigenvalue 1 against power iteration (numpy.linalg.matrix_power) and
against a direct linear solve, also for a chain with an eigenvalue near -1; n-step
distributions against matrix powers; inverse-CDF simulation against numpy.searchsorted at
exact ties, its visit and transition frequencies against pi and P; detailed balance for a
random walk on a weighted graph (pi proportional to degree); convergence at the rate lambda_2.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["stationary", "n_step", "simulate"]

DOC_ZH = {
    "stationary": """行随机转移矩阵 P（P[i, j] = P(下一状态 j | 当前 i)）的平稳分布 pi：pi P = pi，Σ pi = 1，
即 P^T 特征值 1 对应的（左）特征向量，归一化为概率。

输入：P，n×n 行随机矩阵（不可约）。
输出：长度 n 的概率向量。

>>> stationary(np.array([[0.5, 0.5], [0.25, 0.75]])).round(6).tolist()
[0.333333, 0.666667]
""",
    "n_step": """n 步之后的分布：mu_n = mu P^n，逐步计算 mu <- mu P。

输入：mu，初始分布（长度 k）；P，k×k 行随机矩阵；n，步数（>= 0）。
输出：长度 k 的概率向量。

>>> n_step(np.array([1.0, 0.0]), np.array([[0.0, 1.0], [1.0, 0.0]]), 3).tolist()
[0.0, 1.0]
""",
    "simulate": """用逆 CDF 法模拟马尔可夫链：从状态 s0 出发，第 t 步的下一状态为满足
u[t] < cumsum(P[s])[j] 的最小 j。

输入：P，n×n 行随机矩阵；s0，初始状态；u，[0, 1) 上的均匀随机数（一维数组，每步一个）。
输出：长度 len(u) 的整数数组，第 t 个为第 t + 1 步后的状态（不含 s0）。

>>> simulate(np.array([[0.5, 0.5], [0.0, 1.0]]), 0, np.array([0.7, 0.2, 0.9])).tolist()
[1, 1, 1]
""",
}

HINTS = {
    "en": (
        "A distribution over states is a row vector that one step multiplies by P; the "
        "stationary distribution is the one this multiplication leaves unchanged.",
        "pi P = pi means pi^T is an eigenvector of P^T for eigenvalue 1: take numpy.linalg.eig "
        "of P.T, the eigenvalue closest to 1, and divide the vector by its sum. To sample the "
        "next state, compare a uniform number with the cumulative sums of row P[s].",
    ),
    "zh": (
        "状态上的分布是一个行向量，每走一步就乘以 P；平稳分布就是这个乘法不改变的那个分布。",
        "pi P = pi 说明 pi^T 是 P^T 对应特征值 1 的特征向量：对 P.T 用 numpy.linalg.eig，取最接近 1 的"
        "特征值，再把向量除以其和。抽样下一状态时，把一个均匀随机数与第 s 行 P[s] 的累积和比较。",
    ),
}


def stationary(P):
    """Stationary distribution pi of a row-stochastic P (P[i, j] = P(next j | now i)):
    pi P = pi with sum(pi) = 1, the left eigenvector for eigenvalue 1, normalised.

    Input: P, an irreducible n x n row-stochastic matrix. Output: a probability vector of
    length n.

    >>> stationary(np.array([[0.5, 0.5], [0.25, 0.75]])).round(6).tolist()
    [0.333333, 0.666667]
    """
    w, VL = np.linalg.eig(np.asarray(P, dtype=float).T)  # left eigenvectors of P
    v = np.real(VL[:, np.argmin(np.abs(w - 1))])
    return v / v.sum()


def n_step(mu, P, n):
    """The distribution after n steps, mu_n = mu P^n, one step mu <- mu P at a time.

    Input: mu, the initial distribution (length k); P, a k x k row-stochastic matrix;
    n, the number of steps (>= 0). Output: a probability vector of length k.

    >>> n_step(np.array([1.0, 0.0]), np.array([[0.0, 1.0], [1.0, 0.0]]), 3).tolist()
    [0.0, 1.0]
    """
    mu = np.asarray(mu, dtype=float)
    for _ in range(n):
        mu = mu @ P  # distribution after one more step
    return mu


def simulate(P, s0, u):
    """Simulate the chain by inverse-CDF sampling: from state s the next state is the
    smallest j with u[t] < cumsum(P[s])[j].

    Input: P, an n x n row-stochastic matrix; s0, the start state; u, uniforms in [0, 1),
    one per step (1-D). Output: an integer array of length len(u), entry t being the state
    after step t + 1 (s0 excluded).

    >>> simulate(np.array([[0.5, 0.5], [0.0, 1.0]]), 0, np.array([0.7, 0.2, 0.9])).tolist()
    [1, 1, 1]
    """
    C = np.cumsum(P, axis=1)[:, :-1].tolist()  # the last cumulative sum (1) is never needed
    s, out = s0, []
    for ut in np.asarray(u, dtype=float).tolist():
        s = sum(cj <= ut for cj in C[s])  # number of cumulative sums at or below u
        out.append(s)
    return np.array(out, dtype=int)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Markov chains")

    n = 5
    P = rng.random((n, n)) + 0.1
    P /= P.sum(axis=1, keepdims=True)  # row-stochastic: P[i, j] = P(next=j | now=i)
    pi_pow = np.full(n, 1 / n) @ np.linalg.matrix_power(P, 200)
    with r.case("left eigenvector equals power iteration") as c:
        pi = f.stationary(P)
        r.figure("stationary distribution", np.round(pi, 5).tolist())
        c.close(pi, pi_pow, rtol=1e-12)
    with r.case("left eigenvector equals the linear-system solution") as c:
        M = np.vstack([(P.T - np.eye(n)), np.ones(n)])  # pi (P - I) = 0 and sum(pi) = 1
        pi_lin = np.linalg.lstsq(M, np.r_[np.zeros(n), 1.0], rcond=None)[0]
        c.close(f.stationary(P), pi_lin, rtol=1e-10)
    with r.case("pi P = pi for a chain with an eigenvalue near -1 (-0.92)") as c:
        # eigenvalues of this chain include one near -1; the stationary one is still 1
        Pp = np.array([[0.05, 0.95, 0.0], [0.9, 0.0, 0.1], [0.0, 0.5, 0.5]])
        pi = f.stationary(Pp)
        c.close(pi @ Pp, pi, rtol=1e-12)
        c.close(np.sum(pi), 1.0, rtol=1e-12)
    with r.case("n_step equals mu P^n by numpy.linalg.matrix_power (n = 0, 1, 7)") as c:
        mu0 = rng.dirichlet(np.ones(n))
        for k in (0, 1, 7):
            c.close(f.n_step(mu0, P, k), mu0 @ np.linalg.matrix_power(P, k), rtol=1e-12)

    with r.case("inverse-CDF sampling: ties u = cumulative sum go to the next state") as c:
        Pd = np.array([[0.25, 0.5, 0.25], [0.5, 0.0, 0.5], [0.0, 0.25, 0.75]])
        u = np.array([0.25, 0.0, 0.75, 0.5, 0.999, 0.25, 0.1])
        ref, s = [], 0
        for ut in u:  # smallest j with u < cumsum(P[s])[j], by numpy.searchsorted
            s = int(np.searchsorted(np.cumsum(Pd[s]), ut, side="right"))
            ref.append(s)
        c.equal(f.simulate(Pd, 0, u), np.array(ref))
    steps = 50_000
    with r.case("long-run visit frequencies approach pi (ergodic theorem)") as c:
        states = np.asarray(f.simulate(P, 0, rng.random(steps)))
        freq = np.bincount(states, minlength=n) / steps
        r.figure("visit frequencies (5e4 steps)", freq.round(4).tolist())
        # Correlated samples: allow 0.01 (several times the i.i.d. s.e. of ~0.002).
        c.close(freq, pi_pow, atol=0.01)
        c.true(len(states) == steps, f"{len(states)} states")
    with r.case("empirical transition frequencies approach P") as c:
        counts = np.zeros((n, n))
        np.add.at(counts, (np.r_[0, states[:-1]], states), 1)
        c.close(counts / counts.sum(axis=1, keepdims=True), P, atol=0.03)

    # Random walk on an undirected weighted graph: pi_i = d_i / sum d, and detailed balance.
    Wt = rng.random((n, n))
    Wt = Wt + Wt.T
    deg = Wt.sum(axis=1)
    Q = Wt / deg[:, None]
    with r.case("random walk on a graph: pi proportional to degree") as c:
        c.close(f.stationary(Q), deg / deg.sum(), rtol=1e-10)
    with r.case("detailed balance pi_i Q_ij = pi_j Q_ji") as c:
        F = f.stationary(Q)[:, None] * Q  # probability flow i -> j
        c.close(F, F.T, rtol=1e-10)

    # Mixing: for the lazy walk L = (I + Q)/2 (reversible, real eigenvalues in [0, 1]) the
    # distance to pi shrinks by a factor lambda_2 per step once the other modes have died out.
    L = 0.5 * (np.eye(n) + Q)
    lam2 = np.sort(np.linalg.eigvals(L).real)[-2]
    with r.case("convergence rate equals the second eigenvalue") as c:
        pi_q = deg / deg.sum()
        d39 = np.abs(f.n_step(np.eye(n)[0], L, 39) - pi_q).sum()
        d59 = np.abs(f.n_step(np.eye(n)[0], L, 59) - pi_q).sum()
        rate = (d59 / d39) ** (1 / 20)
        r.figure(
            "lambda_2 and observed contraction per step (lazy walk)", [float(lam2), float(rate)]
        )
        c.close(rate, lam2, rtol=0.01)
    return r


if __name__ == "__main__":
    main(run)
