"""variational-mi-bounds: sample-based lower bounds on I(X;Y) from a critic T(x, y):
Donsker-Varadhan (MINE), NWJ, and InfoNCE (contrastive predictive coding).

Follows van den Oord et al. (2018), Belghazi et al. (2018) and Poole et al. (2019). For a
correlated Gaussian pair the true MI is -0.5 log(1 - rho^2). Checks: with the optimal critic
(the pointwise MI) DV and NWJ recover the true MI; for a worse critic DV >= NWJ and both stay
below it; InfoNCE is below the true MI and never exceeds log N per batch, so it saturates at
log N when the true MI is larger. The learner writes the DV, NWJ and InfoNCE estimators from
critic values; they are also compared with hand values, scipy.special.logsumexp, and the
limits InfoNCE = log N for a critic that singles out the true pairs and 0 for a constant one.
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp

from implementations._common import Report, main, solution

EXERCISE = ["dv", "nwj", "infonce"]

DOC_ZH = {
    "dv": """Donsker-Varadhan（MINE）下界 E_P[T] - log E_Q[exp T]，单位奈特。

输入：Tp，评判函数在联合分布样本 (x, y) ~ p(x,y) 上的取值；Tq，在边缘乘积样本 ~ p(x)p(y) 上的取值（一维数组）。
输出：一个 float，mean(Tp) - log(mean(exp(Tq)))。

>>> round(dv(np.array([1.0, 2.0]), np.array([0.0, np.log(3.0)])), 6)
0.806853
""",
    "nwj": """NWJ 下界 E_P[T] - E_Q[exp(T - 1)]，单位奈特。

输入：Tp、Tq，含义同 dv。
输出：一个 float，mean(Tp) - mean(exp(Tq - 1))；对同一评判函数总有 NWJ <= DV。

>>> round(nwj(np.array([1.0, 2.0]), np.array([1.0, 1.0])), 6)
0.5
""",
    "infonce": """InfoNCE（对比预测编码）逐批次的互信息估计，单位奈特。

输入：S，形状 (B, N, N)，S[b, i, j] = 评判函数 f(x_i, y_j) 在第 b 批上的值，对角线是真正的配对。
输出：长度 B 的数组，每批为 mean_i [S[b,i,i] - logsumexp_j S[b,i,j]] + log N；每个值 <= log N。
logsumexp 要先减去最大值，以免溢出。

>>> np.round(infonce(np.zeros((1, 4, 4))), 6).tolist()
[0.0]
""",
}

HINTS = {
    "en": (
        "All three compare the critic on true pairs with the critic on shuffled pairs; they "
        "differ in how the shuffled side is summarised.",
        "DV: mean(Tp) - log mean(exp Tq). NWJ: mean(Tp) - mean(exp(Tq - 1)). InfoNCE: for each "
        "row i of a batch, the log-softmax of S[b, i, :] at the true partner j = i, averaged "
        "over i, plus log N.",
    ),
    "zh": (
        "三者都在比较评判函数在真实配对上与在打乱配对上的取值，区别在于如何汇总打乱的一侧。",
        "DV：mean(Tp) - log mean(exp Tq)。NWJ：mean(Tp) - mean(exp(Tq - 1))。InfoNCE：对批内每一行 i，"
        "取 S[b, i, :] 的 log-softmax 在真实配对 j = i 处的值，对 i 平均后再加 log N。",
    ),
}


def pmi(x, y, rho):
    """log p(y|x) - log p(y) for standard bivariate Gaussians with correlation rho."""
    v = 1 - rho**2
    return -0.5 * np.log(v) - (y - rho * x) ** 2 / (2 * v) + y**2 / 2


def sample(rho, n, rng):
    x = rng.normal(size=n)
    return x, rho * x + np.sqrt(1 - rho**2) * rng.normal(size=n)


def dv(Tp, Tq):
    """Donsker-Varadhan (MINE) lower bound E_P[T] - log E_Q[exp T] in nats.

    Input: Tp, critic values on samples of the joint p(x, y); Tq, critic values on samples
    of the product p(x) p(y) (1-D arrays). Output: a float, mean(Tp) - log(mean(exp(Tq))).

    >>> round(dv(np.array([1.0, 2.0]), np.array([0.0, np.log(3.0)])), 6)
    0.806853
    """
    return float(Tp.mean() - np.log(np.mean(np.exp(Tq))))


def nwj(Tp, Tq):
    """NWJ lower bound E_P[T] - E_Q[exp(T - 1)] in nats.

    Input: Tp, Tq as for dv. Output: a float, mean(Tp) - mean(exp(Tq - 1)); NWJ <= DV for
    the same critic.

    >>> round(nwj(np.array([1.0, 2.0]), np.array([1.0, 1.0])), 6)
    0.5
    """
    return float(Tp.mean() - np.mean(np.exp(Tq - 1)))


def infonce(S):
    """Per-batch InfoNCE (contrastive predictive coding) estimates of I(X;Y) in nats.

    Input: S, a (B, N, N) array with S[b, i, j] = f(x_i, y_j) in batch b; the diagonal
    holds the true pairs. Output: B estimates, mean_i [S[b,i,i] - logsumexp_j S[b,i,j]] +
    log N, each <= log N. The log-sum-exp subtracts the row maximum so it cannot overflow.

    >>> np.round(infonce(np.zeros((1, 4, 4))), 6).tolist()
    [0.0]
    """
    N = S.shape[-1]
    m = S.max(axis=2, keepdims=True)
    lse = (m + np.log(np.exp(S - m).sum(axis=2, keepdims=True)))[..., 0]
    return np.mean(np.diagonal(S, axis1=1, axis2=2) - lse, axis=1) + np.log(N)


def scores(x, y, rho, N):
    """Optimal-critic scores S[b, i, j] = pmi(x_i, y_j) for batches of N pairs."""
    xb, yb = x.reshape(-1, N), y.reshape(-1, N)
    return pmi(xb[:, :, None], yb[:, None, :], rho)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Variational bounds on mutual information")

    with r.case("DV and NWJ by hand on two-sample critics") as c:
        Tp, Tq = np.array([1.0, 2.0, 0.5]), np.array([0.0, np.log(3.0), -1.0])
        c.close(f.dv(Tp, Tq), 3.5 / 3 - np.log((1 + 3 + np.exp(-1)) / 3), rtol=1e-12)
        c.close(f.nwj(Tp, Tq), 3.5 / 3 - (np.exp(-1) + 3 / np.e + np.exp(-2)) / 3, rtol=1e-12)

    rho = 0.8
    true_mi = -0.5 * np.log(1 - rho**2)
    x, y = sample(rho, 200_000, rng)
    yq = rng.permutation(y)  # pairs from the product of marginals
    Tp, Tq = pmi(x, y, rho), pmi(x, yq, rho)
    r.figure("true MI (nats)", float(true_mi))
    with r.case("DV (MINE) with the optimal critic recovers the true MI") as c:
        c.close(f.dv(Tp, Tq), true_mi, atol=0.02)
    with r.case("NWJ with critic 1 + pmi recovers the true MI") as c:
        r.figure(
            "DV and NWJ with optimal critic",
            [round(f.dv(Tp, Tq), 4), round(f.nwj(Tp + 1, Tq + 1), 4)],
        )
        c.close(f.nwj(Tp + 1, Tq + 1), true_mi, atol=0.02)

    # A worse critic (scaled pmi): both bounds drop, and DV >= NWJ always (log z <= z/e).
    Tp2, Tq2 = 0.5 * Tp, 0.5 * Tq
    with r.case("DV >= NWJ for the same critic") as c:
        d2, n2 = f.dv(Tp2, Tq2), f.nwj(Tp2, Tq2)
        r.figure("DV and NWJ with a scaled critic", [round(d2, 4), round(n2, 4)])
        c.true(d2 > n2)
        z = np.mean(np.exp(Tq2))
        c.close([d2, n2], [Tp2.mean() - np.log(z), Tp2.mean() - z / np.e], rtol=1e-9)
    with r.case("sub-optimal critic gives a lower bound below the true MI") as c:
        c.true(f.dv(Tp2, Tq2) < true_mi - 0.05)

    # InfoNCE with N = 16: per batch <= log N, on average <= true MI.
    S = scores(x[:64_000], y[:64_000], rho, 16)
    est = np.full(4000, np.nan)
    with r.case("InfoNCE agrees with scipy logsumexp on every batch") as c:
        est = f.infonce(S)
        ref = np.mean(np.diagonal(S, axis1=1, axis2=2) - logsumexp(S, axis=2), axis=1) + np.log(16)
        c.close(est, ref, rtol=1e-10, atol=1e-12)
    with r.case(
        "InfoNCE limits: log N for a critic that singles out true pairs, 0 for a constant"
    ) as c:
        c.close(
            f.infonce(np.broadcast_to(800.0 * np.eye(8), (3, 8, 8))),
            np.full(3, np.log(8)),
            rtol=1e-12,
        )
        c.close(f.infonce(np.full((2, 5, 5), 7.0)), np.zeros(2), atol=1e-12)
    with r.case("InfoNCE <= log N in every batch") as c:
        r.figure("InfoNCE (N=16) mean estimate", float(est.mean()))
        c.true(bool(est.max() <= np.log(16) + 1e-12))
    with r.case("InfoNCE mean <= true MI (within 3 se)") as c:
        se = est.std() / np.sqrt(est.size)
        c.true(est.mean() <= true_mi + 3 * se and est.mean() > true_mi - 0.3)

    # High MI: rho = 0.999 gives MI = 3.11 nats but InfoNCE with N = 8 cannot exceed log 8 = 2.08.
    with r.case("InfoNCE saturates at log N below a large true MI") as c:
        rho_hi = 0.999
        xh, yh = sample(rho_hi, 16_000, rng)
        est_hi = f.infonce(scores(xh, yh, rho_hi, 8))
        r.figure(
            "high-MI case: true MI, log N, InfoNCE",
            [
                round(float(-0.5 * np.log(1 - rho_hi**2)), 3),
                round(float(np.log(8)), 3),
                round(float(est_hi.mean()), 3),
            ],
        )
        c.true(np.log(8) - 0.3 < est_hi.mean() <= np.log(8) < -0.5 * np.log(1 - rho_hi**2))
    return r


if __name__ == "__main__":
    main(run)
