"""score-matching: learn the score grad log p(x) by denoising, then sample with Langevin dynamics.

Follows Vincent (2011): denoising score matching, whose loss
E ||s(x + sigma z) + z / sigma||^2 / 2 has the same minimiser as matching the score of the
noised data density, and Song & Ermon (2019), who sample with Langevin dynamics
x <- x + (eps / 2) s(x) + sqrt(eps) z; also Murphy PML2 ch. 24-25. Checks: the DSM loss on
given noise; minimised over a linear score model s(x) = a x + b (scipy.optimize) it gives the
least-squares regression of the target -z/sigma on the noisy point (numpy lstsq on the same
samples), close to the exact score of N(m, s^2 + sigma^2), i.e. Tweedie's denoiser; noiseless
Langevin on a Gaussian contracts to the mean by exactly (1 - eps / (2 s^2)) per step; one
step from the mean with noise z moves by sqrt(eps) z; and many chains reach the stationary
variance s^2 / (1 - eps / (4 s^2)) of the discretised dynamics.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from implementations._common import Report, main, solution

EXERCISE = ["dsm_loss", "langevin"]

DOC_ZH = {
    "dsm_loss": """去噪得分匹配（DSM）损失（Vincent 2011）：

x̃ = x + σ z，目标 -(x̃ - x)/σ² = -z/σ；损失 = 对样本取平均的 0.5 ||s(x̃) + z/σ||²（对各维求和）。
输入：score_fn，把形状 (n, d) 的点映射到 (n, d) 得分的函数；x (n, d) 数据；sigma，噪声标准差；z (n, d) 标准正态噪声。
输出：标量损失。

>>> round(float(dsm_loss(lambda y: -y, np.zeros((1, 1)), 0.5, np.ones((1, 1)))), 6)
1.125
""",
    "langevin": """（未调整的）朗之万动力学采样：x ← x + (step/2) s(x) + sqrt(step) z_k，k = 1..n_steps。

输入：x，初始点 (n, d)；score_fn；step，步长；noise，形状 (n_steps, n, d) 的标准正态噪声（第 k 步用 noise[k]）。
输出：最后的 x。

>>> langevin(np.array([[4.0]]), lambda y: -y, 1.0, np.zeros((2, 1, 1))).tolist()
[[1.0]]
""",
}

HINTS = {
    "en": (
        "The clean point is unknown to the score model but known to the loss: the target is "
        "the score of the Gaussian noise kernel, pointing from the noisy point back to the clean one.",
        "xt = x + sigma z; loss = 0.5 mean over rows of sum((s(xt) + z / sigma)^2). Langevin: "
        "for each k, x = x + step / 2 * s(x) + sqrt(step) * noise[k].",
    ),
    "zh": (
        "得分模型看不到干净的点，损失却知道：目标是高斯噪声核的得分，从加噪点指回干净点。",
        "xt = x + sigma z；loss = 0.5 * 按行求和 (s(xt) + z / sigma)^2 后再取平均。朗之万：对每个 k，"
        "x = x + step / 2 * s(x) + sqrt(step) * noise[k]。",
    ),
}


def dsm_loss(score_fn, x, sigma, z):
    """Denoising score-matching loss (Vincent 2011).

    x~ = x + sigma z with target -(x~ - x) / sigma^2 = -z / sigma; the loss is the mean over
    samples of 0.5 ||s(x~) + z / sigma||^2 (summed over dimensions). Input: score_fn, mapping
    points (n, d) to scores (n, d); x (n, d), data; sigma, the noise level; z (n, d), standard
    normal noise. Output: the scalar loss.

    >>> round(float(dsm_loss(lambda y: -y, np.zeros((1, 1)), 0.5, np.ones((1, 1)))), 6)
    1.125
    """
    xt = x + sigma * z
    return 0.5 * np.mean(np.sum((score_fn(xt) + z / sigma) ** 2, axis=1))


def langevin(x, score_fn, step, noise):
    """Unadjusted Langevin dynamics: x <- x + (step / 2) s(x) + sqrt(step) z_k, k = 1..n_steps.

    Input: x, starting points (n, d); score_fn; step, the step size; noise, standard normal
    draws of shape (n_steps, n, d), noise[k] used at step k. Output: the final x.

    >>> langevin(np.array([[4.0]]), lambda y: -y, 1.0, np.zeros((2, 1, 1))).tolist()
    [[1.0]]
    """
    for z in noise:
        x = x + step / 2 * score_fn(x) + np.sqrt(step) * z
    return x


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(9)
    r = Report("Denoising score matching and Langevin sampling")
    n, m, s, sigma = 4000, 1.5, 0.8, 0.6
    x = m + s * rng.normal(size=(n, 1))
    z = rng.normal(size=(n, 1))

    with r.case("DSM loss = mean 0.5 ||s(x + sigma z) + z / sigma||^2 (2-d score)") as c:
        X2, Z2 = rng.normal(size=(50, 2)), rng.normal(size=(50, 2))
        A = np.array([[-1.0, 0.3], [0.2, -0.7]])

        def sc(y):
            return y @ A.T + 0.1

        xt = X2 + 0.4 * Z2
        c.close(
            f.dsm_loss(sc, X2, 0.4, Z2),
            0.5 * np.mean(np.sum((sc(xt) + Z2 / 0.4) ** 2, axis=1)),
            rtol=1e-12,
        )

    with r.case("best linear score = least-squares regression of -z/sigma on x + sigma z") as c:
        res = minimize(
            lambda ab: f.dsm_loss(lambda y: ab[0] * y + ab[1], x, sigma, z),
            np.zeros(2),
            method="BFGS",
            options={"gtol": 1e-10},
        )
        xt = x + sigma * z
        ref, *_ = np.linalg.lstsq(np.hstack([xt, np.ones((n, 1))]), (-z / sigma)[:, 0], rcond=None)
        c.close(res.x, ref, rtol=1e-5, atol=1e-6)
        v = s**2 + sigma**2  # the noised data is N(m, v): score -(x - m) / v
        r.figure(
            "fitted slope, intercept vs exact score of N(m, s^2 + sigma^2)",
            [
                round(float(res.x[0]), 4),
                round(float(res.x[1]), 4),
                round(-1 / v, 4),
                round(m / v, 4),
            ],
        )
        c.close(res.x, [-1 / v, m / v], rtol=0.05, atol=0.03)

    def score(y):
        return -(y - m) / s**2

    eps = 0.05
    with r.case("noiseless Langevin contracts to the mean by (1 - eps / (2 s^2)) per step") as c:
        x0 = np.array([[4.0], [-2.0]])
        out = f.langevin(x0, score, eps, np.zeros((30, 2, 1)))
        c.close(out, m + (1 - eps / (2 * s**2)) ** 30 * (x0 - m), rtol=1e-12)
    with r.case("one step from the mean moves by exactly sqrt(eps) z") as c:
        zz = rng.normal(size=(1, 3, 1))
        c.close(
            f.langevin(np.full((3, 1), m), score, eps, zz), m + np.sqrt(eps) * zz[0], rtol=1e-12
        )
    with r.case(
        "chains reach the stationary variance s^2 / (1 - eps / (4 s^2)) of discretised Langevin"
    ) as c:
        chains = f.langevin(np.zeros((5 * n, 1)), score, eps, rng.normal(size=(300, 5 * n, 1)))
        target = s**2 / (1 - eps / (4 * s**2))
        r.figure(
            "chain mean, variance (target 1.5, stationary variance)",
            [round(float(chains.mean()), 4), round(float(chains.var()), 4), round(target, 4)],
        )
        c.close(chains.mean(), m, atol=0.02)
        c.close(chains.var(), target, rtol=0.04)
    return r


if __name__ == "__main__":
    main(run)
