"""calibration: expected calibration error (ECE) and temperature scaling.

Follows Guo et al. (2017): ECE bins predictions by confidence and averages |accuracy -
confidence| weighted by bin size; temperature scaling divides all logits by one scalar T fitted
by minimising validation NLL. Synthetic data make the truth known: labels are drawn from
softmax(z), so the model softmax(z) is calibrated by construction and softmax(2 z) is
over-confident with true temperature 2. Checks: NLL against scipy.special.log_softmax;
ECE against a sample-by-sample loop (confidences on bin edges and 1) and a hand value; ECE
of the calibrated model ~ 0 (below the
sampling noise), Newton's method on log T recovers
T ~ 2 and agrees with a grid search, the fitted T satisfies the analytic optimality condition
mean z_y = mean E_p[z] (true-class logit equals the model-expected logit), NLL and ECE drop after
scaling, models scaled by 0.1, 0.3 and 4 reach the optimum, and accuracy is unchanged (argmax is invariant to T).
"""

from __future__ import annotations

import numpy as np
from scipy.special import log_softmax as sp_log_softmax

from implementations._common import Report, main, solution

EXERCISE = ["nll", "ece", "fit_temperature"]

DOC_ZH = {
    "nll": """温度 T 下的平均负对数似然 -mean log softmax(z / T)[y]。

输入：z (n, K) logits；y，长度 n 的整数标签；T > 0，温度。
输出：一个 float（自然对数）。

>>> round(float(nll(np.array([[2.0, 0.0]]), np.array([0]), 2.0)), 6)
0.313262
""",
    "ece": """期望校准误差：按置信度 max p 分成 n_bins 个等宽区间，对 |准确率 - 平均置信度| 按区间样本占比加权求和。

输入：probs (n, K) 概率；y，长度 n 的标签；n_bins。置信度 c 落入第 floor(c * n_bins) 个区间，c = 1 归入最后一个区间；空区间不计。
输出：一个 float，在 [0, 1] 内。

>>> round(float(ece(np.array([[0.9, 0.1], [0.6, 0.4]]), np.array([0, 1]), n_bins=2)), 6)
0.25
""",
    "fit_temperature": """温度缩放：求使 nll(z, y, T) 最小的标量 T（Guo 等人 2017）。

输入：z (n, K) 验证集 logits；y 标签；iters，牛顿法迭代次数（对 s = log T，从 T = 1 开始；曲率不为正时，沿负梯度方向在 s 上走 0.1 步）。
输出：拟合的 T（float）。

>>> z = np.array([[2.0, 0.0], [2.0, 0.0], [2.0, 0.0], [0.0, 2.0]])
>>> round(fit_temperature(z, np.array([0, 0, 1, 1])), 4)
1.8205
""",
}

HINTS = {
    "en": (
        "Calibration compares how sure the model says it is with how often it is right; one "
        "scalar dividing every logit can fix over-confidence without changing any argmax.",
        "ECE: bin by max probability, sum (bin share) * |accuracy - mean confidence|. "
        "Temperature: minimise the validation NLL of softmax(z / T) over T, e.g. Newton's method "
        "on log T; at the optimum the mean true-class logit equals the mean expected logit.",
    ),
    "zh": (
        "校准比较的是模型自称有多确定与它实际有多常答对；用一个标量去除所有 logits，就能修正过度自信而不改变任何 argmax。",
        "ECE：按最大概率分箱，求和 (箱占比) * |准确率 - 平均置信度|。温度：在验证集上对 T 最小化 softmax(z / T) 的 NLL，"
        "例如对 log T 用牛顿法；最优处真实类 logit 的均值等于期望 logit 的均值。",
    ),
}


def log_softmax(z):
    z = z - z.max(1, keepdims=True)
    return z - np.log(np.exp(z).sum(1, keepdims=True))


def nll(z, y, T):
    """Mean negative log-likelihood -mean log softmax(z / T)[y] at temperature T.

    Input: z (n, K) logits; y, n integer labels; T > 0. Output: a float (nats).

    >>> round(float(nll(np.array([[2.0, 0.0]]), np.array([0]), 2.0)), 6)
    0.313262
    """
    return -log_softmax(z / T)[np.arange(len(y)), y].mean()


def ece(probs, y, n_bins=15):
    """Expected calibration error: bin predictions by confidence max p into n_bins equal-width
    bins and add |accuracy - mean confidence| weighted by each bin's share of samples.

    Input: probs (n, K); y, n labels; n_bins. Confidence c falls in bin floor(c * n_bins),
    c = 1 in the last bin; empty bins count for nothing. Output: a float in [0, 1].

    >>> round(float(ece(np.array([[0.9, 0.1], [0.6, 0.4]]), np.array([0, 1]), n_bins=2)), 6)
    0.25
    """
    conf, pred = probs.max(1), probs.argmax(1)
    bins = np.minimum((conf * n_bins).astype(int), n_bins - 1)
    acc = pred == y
    total = 0.0
    for b in range(n_bins):
        m = bins == b
        if m.any():
            total += m.mean() * abs(acc[m].mean() - conf[m].mean())
    return total


def fit_temperature(z, y, iters=30):
    """Temperature scaling (Guo et al. 2017): the scalar T minimising nll(z, y, T).

    Input: z (n, K) validation logits; y labels; iters, Newton steps on s = log T from
    T = 1 (finite-difference derivatives of the NLL; where the curvature is not positive, a
    step of 0.1 in s against the gradient). Output: the fitted T, a float.

    >>> z = np.array([[2.0, 0.0], [2.0, 0.0], [2.0, 0.0], [0.0, 2.0]])
    >>> round(fit_temperature(z, np.array([0, 0, 1, 1])), 4)
    1.8205
    """
    s, h = 0.0, 1e-4
    for _ in range(iters):
        f0, fp, fm = nll(z, y, np.exp(s)), nll(z, y, np.exp(s + h)), nll(z, y, np.exp(s - h))
        g, H = (fp - fm) / (2 * h), (fp - 2 * f0 + fm) / h**2
        s -= g / H if H > 0 else 0.1 * np.sign(g)
    return float(np.exp(s))


def nll_ref(z, y, T):
    return -sp_log_softmax(z / T, axis=1)[np.arange(len(y)), y].mean()


def ece_loops(probs, y, n_bins):
    """Brute-force ECE: one sample at a time into Python lists of bins."""
    bins = [[] for _ in range(n_bins)]
    for p, t in zip(probs, y):
        c = max(p)
        b = min(int(c * n_bins), n_bins - 1)
        bins[b].append((c, int(np.argmax(p)) == t))
    n = len(y)
    return sum(
        len(B) / n * abs(sum(a for _, a in B) / len(B) - sum(c for c, _ in B) / len(B))
        for B in bins
        if B
    )


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Calibration: ECE and temperature scaling")
    n, K = 12_000, 10
    z = 1.5 * rng.standard_normal((n, K))
    p_true = np.exp(sp_log_softmax(z, axis=1))
    y = (p_true.cumsum(1) > rng.random((n, 1))).argmax(1)  # y ~ softmax(z)

    with r.case("NLL equals scipy.special.log_softmax at several temperatures") as c:
        for T in (0.5, 1.0, 3.0):
            want = -sp_log_softmax(z[:500] / T, axis=1)[np.arange(500), y[:500]].mean()
            c.close(f.nll(z[:500], y[:500], T), want, rtol=1e-10)
        c.close(f.nll(np.array([[1000.0, 0.0]]), np.array([1]), 1.0), 1000.0, rtol=1e-12)
    with r.case("ECE equals a sample-by-sample loop, with confidences on bin edges") as c:
        P = rng.dirichlet(np.full(4, 0.7), size=300)
        P[:4] = [[1.0, 0, 0, 0], [0.4, 0.2, 0.2, 0.2], [0.6, 0.4, 0, 0], [0.2, 0.8, 0, 0]]
        yy = rng.integers(0, 4, 300)
        for nb in (5, 15):
            c.close(f.ece(P, yy, n_bins=nb), ece_loops(P, yy, nb), rtol=1e-12)
        c.close(f.ece(P, yy), ece_loops(P, yy, 15), rtol=1e-12)  # default 15 bins
        c.close(f.ece(np.array([[0.7, 0.3]] * 4), np.array([0, 0, 0, 1])), 0.05, rtol=1e-9)
    with r.case("calibrated model: ECE < 0.015 (sampling noise only)") as c:
        e_cal = f.ece(p_true, y)
        r.figure("ECE of the calibrated model", e_cal)
        c.true(e_cal < 0.015, f"{e_cal:.4f}")

    zo = 2.0 * z  # over-confident logits
    val, test = slice(0, n // 2), slice(n // 2, n)
    grid = np.linspace(1.5, 2.5, 101)  # spacing 0.01 around the true T = 2
    T_grid = grid[np.argmin([nll_ref(zo[val], y[val], t) for t in grid])]
    with r.case("Newton on log T agrees with a grid search (spacing 0.01)") as c:
        T = f.fit_temperature(zo[val], y[val])
        r.figure("fitted temperature: Newton vs grid search", [T, float(T_grid)])
        c.true(abs(T - T_grid) <= 0.01, f"{T:.4f} vs {T_grid:.2f}")
    # dNLL/dT = mean(z_y - E_{p_T}[z]) / T^2 = 0 at the optimum (analytic, no finite differences)
    zv, yv = zo[val], y[val]
    with r.case("optimality: mean true-class logit == mean model-expected logit") as c:
        pT = np.exp(sp_log_softmax(zv / T, axis=1))
        c.close(zv[np.arange(len(yv)), yv].mean(), (pT * zv).sum(1).mean(), rtol=1e-6)
    with r.case("recovers the true temperature 2") as c:
        c.close(T, 2.0, rtol=0.05)
    with r.case("under- and over-confident logits: T ~ 0.1, 0.3 and 4, optimal to 1e-6") as c:
        for scale in (0.3, 4.0):
            zu = scale * z[val]
            Tu = f.fit_temperature(zu, y[val])
            pu = np.exp(sp_log_softmax(zu / Tu, axis=1))
            c.close(zu[np.arange(len(yv)), yv].mean(), (pu * zu).sum(1).mean(), rtol=1e-6)
            c.close(Tu, scale, rtol=0.05)
        # Strongly under-confident: many fallback steps first, so give Newton more iterations.
        zs, ys = 0.1 * z[:2000], y[:2000]
        Ts = f.fit_temperature(zs, ys, iters=80)
        ps = np.exp(sp_log_softmax(zs / Ts, axis=1))
        c.close(zs[np.arange(2000), ys].mean(), (ps * zs).sum(1).mean(), rtol=1e-6)

    with r.case("temperature scaling lowers held-out NLL and ECE") as c:
        lsm = lambda a: np.exp(sp_log_softmax(a, axis=1))
        before = (nll_ref(zo[test], y[test], 1.0), f.ece(lsm(zo[test]), y[test]))
        after = (nll_ref(zo[test], y[test], T), f.ece(lsm(zo[test] / T), y[test]))
        r.figure("test NLL, ECE before scaling", [float(v) for v in before])
        r.figure("test NLL, ECE after scaling", [float(v) for v in after])
        c.true(after[0] < before[0] and after[1] < before[1] / 3)
    with r.case("accuracy unchanged by temperature scaling") as c:
        c.true(np.array_equal(zo[test].argmax(1), (zo[test] / T).argmax(1)))
        c.true(T > 1.5, "a real temperature")
    return r


if __name__ == "__main__":
    main(run)
