"""denoising-diffusion: DDPM's Gaussian noising chain and its learned reversal.

Follows Ho et al. (2020): forward process q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1}, beta_t),
its closed-form marginal q(x_t | x_0) = N(sqrt(abar_t) x_0, 1 - abar_t) (eq. 4), the posterior
q(x_{t-1} | x_t, x_0) with mean mu~ and variance beta~ (eqs. 6-7), and Algorithm 2's sampling
step x_{t-1} = (x_t - beta_t / sqrt(1 - abar_t) eps) / sqrt(alpha_t) + sigma_t z with
sigma_t^2 = beta_t; also Murphy PML2 ch. 25. Checks: the marginal against the variance
recursion v_t = alpha_t v_{t-1} + beta_t; the posterior against Bayes' rule for two Gaussians
(precisions add); the sampling step with the true noise equals the posterior mean, and its
noise scale is sqrt(beta_t) (none at t = 1); and a 1000-step reverse chain driven by the exact
optimal noise predictor for Gaussian data turns N(0, 1) noise into samples with the data's
mean and standard deviation.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["forward_sample", "posterior", "reverse_step"]

DOC_ZH = {
    "forward_sample": """DDPM 前向过程的闭式边缘分布：x_t = sqrt(ᾱ_t) x_0 + sqrt(1 - ᾱ_t) ε。

α_t = 1 - β_t，ᾱ_t = α_1 α_2 … α_t；t 从 1 开始计数（betas[t-1] 就是 β_t）。
输入：x0、eps（同形状数组）；t，整数 1..T；betas，长度 T 的噪声方差表。输出：x_t。

>>> round(float(forward_sample(np.array(1.0), 2, np.array(0.0), np.array([0.5, 0.5]))), 6)
0.5
""",
    "posterior": """前向过程的后验 q(x_{t-1} | x_t, x_0) = N(μ̃, β̃)。

μ̃ = sqrt(ᾱ_{t-1}) β_t / (1 - ᾱ_t) · x_0 + sqrt(α_t) (1 - ᾱ_{t-1}) / (1 - ᾱ_t) · x_t，
β̃ = (1 - ᾱ_{t-1}) / (1 - ᾱ_t) · β_t，约定 ᾱ_0 = 1（于是 t = 1 时后验就是 x_0 本身）。
输入：x_t、x0；t（1..T）；betas。输出：(mean, var)。

>>> m, v = posterior(np.array(1.0), np.array(0.0), 2, np.array([0.5, 0.5]))
>>> round(float(m), 6), round(float(v), 6)
(0.471405, 0.333333)
""",
    "reverse_step": """DDPM 采样的一步（Ho 等，算法 2）：

x_{t-1} = (x_t - β_t / sqrt(1 - ᾱ_t) · eps_hat) / sqrt(α_t) + σ_t z，σ_t = sqrt(β_t)；t = 1 时不加噪声。
输入：x_t；eps_hat，预测的噪声；t（1..T）；betas；z，标准正态噪声（与 x_t 同形状）。输出：x_{t-1}。

>>> round(float(reverse_step(np.array(1.0), np.array(0.0), 1, np.array([0.36]), np.array(5.0))), 6)
1.25
""",
}

HINTS = {
    "en": (
        "Everything follows from alpha_t = 1 - beta_t and the running product abar_t; keep the "
        "1-based t straight (betas[t - 1] is beta_t, abar_0 = 1).",
        "x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps. Posterior: coefficients sqrt(abar_{t-1}) "
        "beta_t / (1 - abar_t) on x0 and sqrt(alpha_t)(1 - abar_{t-1}) / (1 - abar_t) on x_t. "
        "Sampling step: remove the predicted noise, divide by sqrt(alpha_t), add sqrt(beta_t) z "
        "unless t = 1.",
    ),
    "zh": (
        "一切都由 α_t = 1 - β_t 和累乘 ᾱ_t 推出；注意 t 从 1 开始（betas[t - 1] 是 β_t，ᾱ_0 = 1）。",
        "x_t = sqrt(ᾱ_t) x0 + sqrt(1 - ᾱ_t) eps。后验：x0 的系数是 sqrt(ᾱ_{t-1}) β_t / (1 - ᾱ_t)，x_t 的系数是 "
        "sqrt(α_t)(1 - ᾱ_{t-1}) / (1 - ᾱ_t)。采样一步：去掉预测的噪声，除以 sqrt(α_t)，t > 1 时再加 sqrt(β_t) z。",
    ),
}


def forward_sample(x0, t, eps, betas):
    """Closed-form marginal of DDPM's forward process: x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps.

    alpha_t = 1 - beta_t and abar_t = alpha_1 ... alpha_t, with t counted from 1 (betas[t-1]
    is beta_t). Input: x0, eps (arrays of one shape); t, an integer 1..T; betas, the length-T
    variance schedule. Output: x_t.

    >>> round(float(forward_sample(np.array(1.0), 2, np.array(0.0), np.array([0.5, 0.5]))), 6)
    0.5
    """
    abar = np.prod(1 - betas[:t])
    return np.sqrt(abar) * x0 + np.sqrt(1 - abar) * eps


def posterior(x_t, x0, t, betas):
    """Forward-process posterior q(x_{t-1} | x_t, x_0) = N(mean, var).

    mean = sqrt(abar_{t-1}) beta_t / (1 - abar_t) x0 + sqrt(alpha_t)(1 - abar_{t-1}) / (1 - abar_t)
    x_t and var = (1 - abar_{t-1}) / (1 - abar_t) beta_t, with abar_0 = 1 (at t = 1 the
    posterior is x0 itself). Input: x_t, x0; t (1..T); betas. Output: (mean, var).

    >>> m, v = posterior(np.array(1.0), np.array(0.0), 2, np.array([0.5, 0.5]))
    >>> round(float(m), 6), round(float(v), 6)
    (0.471405, 0.333333)
    """
    beta = betas[t - 1]
    abar_prev = np.prod(1 - betas[: t - 1])
    abar = abar_prev * (1 - beta)
    mean = (
        np.sqrt(abar_prev) * beta / (1 - abar) * x0
        + np.sqrt(1 - beta) * (1 - abar_prev) / (1 - abar) * x_t
    )
    return mean, (1 - abar_prev) / (1 - abar) * beta


def reverse_step(x_t, eps_hat, t, betas, z):
    """One DDPM sampling step (Ho et al. 2020, Algorithm 2).

    x_{t-1} = (x_t - beta_t / sqrt(1 - abar_t) eps_hat) / sqrt(alpha_t) + sigma_t z with
    sigma_t = sqrt(beta_t), and no noise at t = 1. Input: x_t; eps_hat, the predicted noise;
    t (1..T); betas; z, standard normal noise shaped like x_t. Output: x_{t-1}.

    >>> round(float(reverse_step(np.array(1.0), np.array(0.0), 1, np.array([0.36]), np.array(5.0))), 6)
    1.25
    """
    beta = betas[t - 1]
    abar = np.prod(1 - betas[:t])
    mean = (x_t - beta / np.sqrt(1 - abar) * eps_hat) / np.sqrt(1 - beta)
    return mean + (np.sqrt(beta) * z if t > 1 else 0.0)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(8)
    r = Report("Denoising diffusion (DDPM)")
    T = 1000
    betas = np.linspace(1e-4, 0.02, T)  # Ho et al.'s linear schedule
    # independent recursion for the forward marginal: mean coefficient and variance
    m_coef, var = np.ones(T + 1), np.zeros(T + 1)
    for t in range(1, T + 1):
        m_coef[t] = np.sqrt(1 - betas[t - 1]) * m_coef[t - 1]
        var[t] = (1 - betas[t - 1]) * var[t - 1] + betas[t - 1]
    ts = [1, 2, 10, 300, 1000]

    with r.case("q(x_t | x_0): mean and variance equal the step-by-step recursion") as c:
        for t in ts:
            c.close(f.forward_sample(np.array(1.0), t, np.array(0.0), betas), m_coef[t], rtol=1e-10)
            c.close(
                f.forward_sample(np.array(0.0), t, np.array(1.0), betas),
                np.sqrt(var[t]),
                rtol=1e-10,
            )
        r.figure("signal coefficient sqrt(abar_T) at T = 1000", float(m_coef[T]))

    x0, xt = rng.normal(size=6), rng.normal(size=6)
    with r.case("posterior q(x_{t-1} | x_t, x_0) = Bayes' rule for two Gaussians") as c:
        for t in (2, 3, 50, 999):
            prior_m, prior_v = m_coef[t - 1] * x0, var[t - 1]  # q(x_{t-1} | x_0)
            a = np.sqrt(1 - betas[t - 1])  # q(x_t | x_{t-1}) = N(a x_{t-1}, beta_t)
            prec = 1 / prior_v + a**2 / betas[t - 1]
            ref_m = (prior_m / prior_v + a * xt / betas[t - 1]) / prec
            mean, v = f.posterior(xt, x0, t, betas)
            c.close(mean, ref_m, rtol=1e-9)
            c.close(v, 1 / prec, rtol=1e-9)
    with r.case("posterior at t = 1 is x_0 itself (variance 0)") as c:
        mean, v = f.posterior(xt, x0, 1, betas)
        c.close(mean, x0, rtol=1e-12)
        c.close(v, 0.0, atol=1e-15)

    eps = rng.normal(size=6)
    with r.case("sampling step with the true noise and z = 0 gives the posterior mean") as c:
        for t in (2, 10, 500, 1000):
            x_t = m_coef[t] * x0 + np.sqrt(var[t]) * eps
            prior_m, prior_v = m_coef[t - 1] * x0, var[t - 1]
            a = np.sqrt(1 - betas[t - 1])
            prec = 1 / prior_v + a**2 / betas[t - 1]
            ref_m = (prior_m / prior_v + a * x_t / betas[t - 1]) / prec
            c.close(f.reverse_step(x_t, eps, t, betas, np.zeros(6)), ref_m, rtol=1e-8, atol=1e-12)
    with r.case("sampling noise scale is sqrt(beta_t), and zero at t = 1") as c:
        z = np.ones(6)
        for t in (2, 700):
            diff = f.reverse_step(xt, eps, t, betas, z) - f.reverse_step(xt, eps, t, betas, 0 * z)
            c.close(diff, np.full(6, np.sqrt(betas[t - 1])), rtol=1e-10)
        c.close(
            f.reverse_step(xt, eps, 1, betas, z),
            (xt - betas[0] / np.sqrt(betas[0]) * eps) / np.sqrt(1 - betas[0]),
            rtol=1e-10,
        )

    # Gaussian data N(mu, s^2): the optimal noise predictor is E[eps | x_t], in closed form. Each
    # reverse step is then linear, x_{t-1} = A x_t + B + sigma_t z, so the exact mean and variance
    # of the chain's output follow by a moment recursion.
    mu, s = 2.0, 0.5
    n = 20000
    M, Vm = 0.0, 1.0
    for t in range(T, 0, -1):
        ab, vt, b = m_coef[t] ** 2, var[t], betas[t - 1]
        k = b / (ab * s**2 + vt)  # beta_t / sqrt(1 - abar_t) times d eps_hat / dx
        A = (1 - k) / np.sqrt(1 - b)
        B = k * np.sqrt(ab) * mu / np.sqrt(1 - b)
        M, Vm = A * M + B, A**2 * Vm + (b if t > 1 else 0.0)
    with r.case("reverse chain with the optimal denoiser turns N(0,1) into ~N(2, 0.5^2)") as c:
        x = rng.normal(size=n)
        for t in range(T, 0, -1):
            ab, vt = m_coef[t] ** 2, var[t]
            eps_hat = np.sqrt(vt) * (x - np.sqrt(ab) * mu) / (ab * s**2 + vt)
            x = f.reverse_step(x, eps_hat, t, betas, rng.normal(size=n))
        r.figure(
            "generated mean, std | exact chain moments | data (2, 0.5)",
            [
                round(float(x.mean()), 4),
                round(float(x.std()), 4),
                round(float(M), 4),
                round(float(np.sqrt(Vm)), 4),
            ],
        )
        c.close(x.mean(), M, atol=4 * np.sqrt(Vm / n))
        c.close(x.std(), np.sqrt(Vm), rtol=4 / np.sqrt(2 * n))
        c.close([M, np.sqrt(Vm)], [mu, s], rtol=0.03)  # sigma_t^2 = beta_t slightly over-disperses
    return r


if __name__ == "__main__":
    main(run)
