"""gradient-noise-scale: the gradient noise scale and the critical batch size.

Follows McCandlish, Kaplan, Amodei et al. (2018), sec. 2: a batch-B gradient has mean G and
covariance Sigma / B; on the local quadratic model with Hessian H the expected loss change of a
step eps is -eps |G|^2 + eps^2/2 (G^T H G + tr(H Sigma)/B), minimised by
eps_opt(B) = eps_max / (1 + B_noise / B) with B_noise = tr(H Sigma) / (G^T H G) and
eps_max = |G|^2 / (G^T H G); B_simple = tr(Sigma) / |G|^2 is the H = I version. Checks: on a
finite data set of per-example gradients, B_simple against the population covariance from
numpy; the optimal step against a brute-force search over a grid of step sizes, scoring each by
the loss after the step averaged over 4000 random batches; eps_opt equals eps_max / (1 + B_noise/B)
for batch sizes from 1 to 10^5; doubling the batch doubles eps_opt while B << B_noise (the linear
scaling rule) and barely changes it when B >> B_noise; with H = I the two noise scales agree;
steps S(B) and examples E(B) = B S(B) to reach a fixed loss drop satisfy
(S/S_min - 1)(E/E_min - 1) = 1.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["noise_scales", "optimal_step"]

DOC_ZH = {
    "noise_scales": """梯度噪声尺度（McCandlish 等 2018）：B_noise = tr(H Sigma) / (G^T H G)，B_simple = tr(Sigma) / |G|^2。

输入：G，平均梯度 (n,)；H，Hessian (n, n)；Sigma，单样本梯度的协方差 (n, n)。
输出：二元组 (B_noise, B_simple)。

>>> noise_scales(np.array([1.0, 0.0]), np.diag([2.0, 1.0]), np.diag([3.0, 5.0]))
(5.5, 8.0)
""",
    "optimal_step": """批量为 B 时的最优步长与对应的期望损失变化（局部二次模型）。

输入：G、H、Sigma 同上；B，批量大小。批梯度的均值为 G、协方差为 Sigma / B，
期望损失变化为 -eps |G|^2 + eps^2/2 (G^T H G + tr(H Sigma)/B)。
输出：二元组 (eps_opt, dL_opt)：eps_opt = |G|^2 / (G^T H G + tr(H Sigma)/B)，
dL_opt = -|G|^4 / (2 (G^T H G + tr(H Sigma)/B))（为负数，表示损失下降）。

>>> [round(v, 6) for v in optimal_step(np.array([1.0, 0.0]), np.diag([2.0, 1.0]), np.diag([3.0, 5.0]), 11)]
[0.333333, -0.166667]
""",
}

HINTS = {
    "en": (
        "Write the expected loss after one noisy step as a quadratic in the step size; the "
        "noise adds tr(H Sigma)/B to the curvature term, and the minimiser follows.",
        "B_noise = trace(H @ Sigma) / (G @ H @ G); B_simple = trace(Sigma) / (G @ G). "
        "c = G @ H @ G + trace(H @ Sigma) / B; eps_opt = (G @ G) / c; dL_opt = -(G @ G)**2 / (2 c).",
    ),
    "zh": (
        "把一次带噪声的更新后的期望损失写成步长的二次函数；噪声给曲率项加上 tr(H Sigma)/B，最小值点随之可得。",
        "B_noise = trace(H @ Sigma) / (G @ H @ G)；B_simple = trace(Sigma) / (G @ G)。"
        "c = G @ H @ G + trace(H @ Sigma) / B；eps_opt = (G @ G) / c；dL_opt = -(G @ G)**2 / (2 c)。",
    ),
}


def noise_scales(G, H, Sigma):
    """The gradient noise scales (McCandlish et al. 2018): B_noise and B_simple.

    Input: G, the mean gradient (n,); H, the Hessian (n, n); Sigma, the covariance of a single
    example's gradient (n, n).
    Output: (B_noise, B_simple) = (tr(H Sigma) / (G^T H G), tr(Sigma) / |G|^2).

    >>> noise_scales(np.array([1.0, 0.0]), np.diag([2.0, 1.0]), np.diag([3.0, 5.0]))
    (5.5, 8.0)
    """
    b_noise = np.trace(H @ Sigma) / (G @ H @ G)
    b_simple = np.trace(Sigma) / (G @ G)
    return float(b_noise), float(b_simple)


def optimal_step(G, H, Sigma, B):
    """The best step size for batch size B and its expected loss change (local quadratic model).

    Input: G, H, Sigma as in noise_scales; B, the batch size. The batch gradient has mean G and
    covariance Sigma / B, so the expected change is -eps |G|^2 + eps^2/2 (G^T H G + tr(H Sigma)/B).
    Output: (eps_opt, dL_opt) with eps_opt = |G|^2 / (G^T H G + tr(H Sigma)/B) and
    dL_opt = -|G|^4 / (2 (G^T H G + tr(H Sigma)/B)) (negative: the loss goes down).

    >>> [round(v, 6) for v in optimal_step(np.array([1.0, 0.0]), np.diag([2.0, 1.0]), np.diag([3.0, 5.0]), 11)]
    [0.333333, -0.166667]
    """
    c = G @ H @ G + np.trace(H @ Sigma) / B
    g2 = G @ G
    return float(g2 / c), float(-(g2**2) / (2 * c))


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Gradient noise scale and critical batch size")
    rng = np.random.default_rng(0)
    n, N = 3, 2000
    Q = np.linalg.qr(rng.normal(size=(n, n)))[0]
    H = Q @ np.diag([4.0, 1.0, 0.25]) @ Q.T
    theta = np.array([0.3, -0.2, 0.5])  # loss L(x) = x^T H x / 2, so the mean gradient is H theta
    # a finite data set: per-example gradients with mean exactly H theta
    noise = rng.normal(size=(N, n)) @ np.diag([20.0, 7.0, 15.0])
    per_ex = H @ theta + noise - noise.mean(axis=0)
    G = per_ex.mean(axis=0)
    Sigma = np.cov(per_ex, rowvar=False, bias=True)  # the population covariance of the data set

    with r.case(
        "B_simple = tr(population covariance) / |mean|^2 of the per-example gradients"
    ) as c:
        _, b_simple = f.noise_scales(G, H, Sigma)
        ref = np.sum(np.var(per_ex, axis=0)) / np.sum(G**2)
        c.close(b_simple, ref, rtol=1e-10)
        b_noise, _ = f.noise_scales(G, H, Sigma)
        r.figure("B_noise, B_simple", [b_noise, b_simple])
        c.close(b_noise, np.trace(H @ Sigma) / (G @ H @ G), rtol=1e-10)

    def loss(x):
        return 0.5 * np.einsum("...i,ij,...j->...", x, H, x)

    B = 64
    with r.case("optimal step = brute-force grid search over 4000 random batches (B = 64)") as c:
        eps_opt, dl_opt = f.optimal_step(G, H, Sigma, B)
        idx = rng.integers(0, N, size=(4000, B))  # batches drawn with replacement
        gB = per_ex[idx].mean(axis=1)
        grid = np.geomspace(0.01, 1.0, 201)
        mc = np.array([np.mean(loss(theta - e * gB)) - loss(theta) for e in grid])
        best = grid[np.argmin(mc)]
        r.figure("eps_opt formula vs grid best", [eps_opt, float(best)])
        c.true(abs(best / eps_opt - 1) < 0.1, f"grid best {best:.4f}, formula {eps_opt:.4f}")
        e_mc = np.mean(loss(theta - eps_opt * gB)) - loss(theta)
        c.close(dl_opt, e_mc, rtol=0.05)

    with r.case("eps_opt(B) = eps_max / (1 + B_noise / B) for B = 1 ... 10^5") as c:
        b_noise, _ = f.noise_scales(G, H, Sigma)
        eps_max = (G @ G) / (G @ H @ G)
        for Bk in (1, 3, 10, 100, 1e5):
            c.close(f.optimal_step(G, H, Sigma, Bk)[0], eps_max / (1 + b_noise / Bk), rtol=1e-10)
    with r.case(
        "doubling B doubles eps_opt for B << B_noise (linear scaling), not for B >> B_noise"
    ) as c:
        b_noise, _ = f.noise_scales(G, H, Sigma)
        small, big = b_noise / 1000, b_noise * 1000
        lo = f.optimal_step(G, H, Sigma, 2 * small)[0] / f.optimal_step(G, H, Sigma, small)[0]
        hi = f.optimal_step(G, H, Sigma, 2 * big)[0] / f.optimal_step(G, H, Sigma, big)[0]
        r.figure("eps_opt(2B)/eps_opt(B) far below and far above B_noise", [lo, hi])
        c.close(lo, 2.0, rtol=2e-3)
        c.close(hi, 1.0, rtol=2e-3)
    with r.case("H = I: B_noise = B_simple") as c:
        bn, bs = f.noise_scales(G, np.eye(n), Sigma)
        c.close(bn, bs, rtol=1e-12)
        c.close(bs, np.trace(Sigma) / (G @ G), rtol=1e-12)

    with r.case(
        "steps and examples for a fixed loss drop obey (S/S_min - 1)(E/E_min - 1) = 1"
    ) as c:
        drop = 1.0

        def steps(Bk):
            return drop / -f.optimal_step(G, H, Sigma, Bk)[1]

        s_min = steps(1e15)  # B -> infinity
        e_min = 1e-9 * steps(1e-9)  # B -> 0: E = B S(B)
        for Bk in (0.5, 5.0, 50.0, 500.0):
            S, E = steps(Bk), Bk * steps(Bk)
            c.close((S / s_min - 1) * (E / e_min - 1), 1.0, rtol=1e-5)
        r.figure("critical batch E_min / S_min (= B_noise)", float(e_min / s_min))
    return r


if __name__ == "__main__":
    main(run)
