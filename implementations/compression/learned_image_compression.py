"""learned-image-compression: rate-distortion training with additive uniform noise as the
differentiable stand-in for rounding (Balle, Laparra & Simoncelli 2017).

The paper's codec is y = g_a(x), y_hat = round(y), x_hat = g_s(y_hat), trained on R + lambda D.
Rounding has zero gradient, so training replaces y_hat by y_tilde = y + u, u ~ U(-1/2, 1/2):
the density of y_tilde is the prior convolved with a unit box, p(t) = F(t + 1/2) - F(t - 1/2),
which at the integers equals the probability mass the entropy coder assigns to y_hat. Here
g_a and g_s are a scalar gain a and 1/a, the prior is a logistic with scale b. Checks: the
discretised likelihood sums to 1 over the integers and equals numerical integration of the
prior over each cell; the noisy-latent density equals the convolution integral (scipy quad)
at non-integer points; the proxy distortion E (y_tilde - y)^2 is 1/12 and the rounding
distortion of a broad latent is close to it; the proxy rate tracks the real code length
(sum of -log2 P(y_hat)); sweeping lambda traces a rate-distortion curve along which a larger
lambda buys lower distortion with more bits.
"""

from __future__ import annotations

import numpy as np
from scipy import integrate

from implementations._common import Report, main, solution

EXERCISE = ["logistic_cdf", "discretized_likelihood", "rd_loss"]

DOC_ZH = {
    "logistic_cdf": """尺度为 b 的逻辑分布（均值 0）的累积分布函数 F(t) = 1 / (1 + exp(-t / b))，需数值稳定。

输入：t，数组；b > 0。
输出：与 t 同形状的数组。

>>> round(float(logistic_cdf(np.array([0.0]), 2.0)[0]), 6)
0.5
""",
    "discretized_likelihood": """量化潜变量的概率质量（也是加噪潜变量 y + u 的密度）：P(t) = F(t + 1/2) - F(t - 1/2)，F 为尺度 b 的逻辑分布 CDF。

输入：t，数组（整数点给出 ŷ 的概率质量，非整数点给出 ỹ 的密度）；b > 0。
输出：与 t 同形状的数组。

>>> round(float(discretized_likelihood(np.array([0.0]), 1.0)[0]), 6)
0.244919
""",
    "rd_loss": """训练时的率失真代理目标（每个样本平均）：y = a x，ỹ = y + u，x̂ = ỹ / a；
码率 R = mean(-log2 P(ỹ))（比特），失真 D = mean((x - x̂)^2)，返回 (R + lam D, R, D)。

输入：x，(n,) 数据；a > 0，分析增益；b，先验尺度；lam，权衡系数；u，(n,) 在 (-1/2, 1/2) 内的均匀噪声。
输出：(loss, rate_bits, distortion) 三个浮点数。

>>> loss, R, D = rd_loss(np.array([0.0]), 1.0, 1.0, 1.0, np.array([0.0]))
>>> round(R, 6), round(D, 6)
(2.029625, 0.0)
""",
}

HINTS = {
    "en": (
        "Rounding to the nearest integer puts all prior mass of the cell [n - 1/2, n + 1/2) on n; "
        "adding uniform noise of width 1 spreads it back out with the same total.",
        "P(n) = F(n + 1/2) - F(n - 1/2) for the prior's CDF F; the density of y + u with u ~ U(-1/2, "
        "1/2) is the same expression at any real t. Rate = mean -log2 P(y + u), distortion = "
        "mean (x - (y + u)/a)^2. In the tails F(t + 1/2) - F(t - 1/2) cancels to 0 in floating "
        "point: the prior is symmetric, so evaluate it at -|t| with F written via exp(-|z|).",
    ),
    "zh": (
        "四舍五入把先验在区间 [n - 1/2, n + 1/2) 内的全部质量放到 n 上；加上宽度为 1 的均匀噪声，又把同样的总质量摊开。",
        "对先验的 CDF F，P(n) = F(n + 1/2) - F(n - 1/2)；y + u（u ~ U(-1/2, 1/2)）的密度在任意实数 t 处就是同一表达式。"
        "码率 = mean -log2 P(y + u)，失真 = mean (x - (y + u)/a)^2。尾部 F(t + 1/2) - F(t - 1/2) 在浮点中会抵消成 0："
        "先验对称，所以在 -|t| 处求值，并用 exp(-|z|) 写出 F。",
    ),
}


def logistic_cdf(t, b):
    """CDF of a zero-mean logistic distribution of scale b, F(t) = 1 / (1 + exp(-t / b)),
    computed stably.

    Input: t an array; b > 0. Output: an array shaped like t.

    >>> round(float(logistic_cdf(np.array([0.0]), 2.0)[0]), 6)
    0.5
    """
    z = np.asarray(t, dtype=float) / b
    e = np.exp(-np.abs(z))  # never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def discretized_likelihood(t, b):
    """Probability mass of a rounded latent (and density of the noisy latent y + u):
    P(t) = F(t + 1/2) - F(t - 1/2), F the logistic CDF of scale b.

    Input: t an array (integers give the pmf of y_hat, other points the density of y_tilde);
    b > 0. Output: an array shaped like t.

    >>> round(float(discretized_likelihood(np.array([0.0]), 1.0)[0]), 6)
    0.244919
    """
    s = -np.abs(np.asarray(t, dtype=float))  # the prior is symmetric: use the accurate tail
    return logistic_cdf(s + 0.5, b) - logistic_cdf(s - 0.5, b)


def rd_loss(x, a, b, lam, u):
    """The training proxy of the rate-distortion objective, per sample: y = a x,
    y_tilde = y + u, x_hat = y_tilde / a; rate R = mean(-log2 P(y_tilde)) in bits, distortion
    D = mean((x - x_hat)^2); returns (R + lam D, R, D).

    Input: x (n,) data; a > 0 the analysis gain; b the prior scale; lam the trade-off;
    u (n,) uniform noise in (-1/2, 1/2). Output: (loss, rate_bits, distortion), floats.

    >>> loss, R, D = rd_loss(np.array([0.0]), 1.0, 1.0, 1.0, np.array([0.0]))
    >>> round(R, 6), round(D, 6)
    (2.029625, 0.0)
    """
    yt = a * x + u
    R = float(np.mean(-np.log2(discretized_likelihood(yt, b))))
    D = float(np.mean((x - yt / a) ** 2))
    return R + lam * D, R, D


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Learned compression: uniform-noise proxy for quantisation")

    def pdf(t, b):
        return np.exp(-np.abs(t) / b) / (b * (1 + np.exp(-np.abs(t) / b)) ** 2)

    with r.case("logistic CDF equals integral of the density, stable at t = +-1e4") as c:
        for b in (0.5, 2.0):
            for t in (-3.0, 0.7, 5.0):
                c.close(
                    f.logistic_cdf(np.array([t]), b)[0],
                    integrate.quad(pdf, -np.inf, t, args=(b,))[0],
                    rtol=1e-8,
                )
        c.close(f.logistic_cdf(np.array([-1e4, 1e4]), 1.0), [0.0, 1.0], atol=1e-300)
    n = np.arange(-200.0, 201.0)
    with r.case("pmf of the rounded latent sums to 1 and equals cell integrals of the prior") as c:
        for b in (0.3, 1.0, 4.0):
            P = f.discretized_likelihood(n, b)
            c.close(P.sum(), 1.0, rtol=1e-10)
            cells = [integrate.quad(pdf, k - 0.5, k + 0.5, args=(b,))[0] for k in (-2, 0, 3)]
            c.close(f.discretized_likelihood(np.array([-2.0, 0.0, 3.0]), b), cells, rtol=1e-8)
    with r.case("far tail is accurate: P(40) for b = 1 equals e^-40 (e^0.5 - e^-0.5) to 1e-6") as c:
        got = f.discretized_likelihood(np.array([40.0, -40.0]), 1.0)
        c.close(got, np.full(2, np.exp(-40) * (np.exp(0.5) - np.exp(-0.5))), rtol=1e-6)
    with r.case("density of y + u equals the convolution of the prior with a unit box") as c:
        for t in (-1.3, 0.25, 2.8):
            conv = integrate.quad(lambda s: pdf(t - s, 1.5), -0.5, 0.5)[0]
            c.close(f.discretized_likelihood(np.array([t]), 1.5)[0], conv, rtol=1e-8)
        # Monte Carlo: histogram of y + u for y drawn from the prior
        y = rng.logistic(0, 1.5, 200_000) + rng.uniform(-0.5, 0.5, 200_000)
        edges = np.linspace(-4, 4, 17)
        hist = np.histogram(y, edges)[0] / (y.size * 0.5)
        c.close(hist, f.discretized_likelihood((edges[:-1] + edges[1:]) / 2, 1.5), atol=0.01)

    x = rng.logistic(0, 1.0, 20_000)
    u = rng.uniform(-0.5, 0.5, x.size)
    with r.case("proxy distortion is E u^2 / a^2 = 1 / (12 a^2)") as c:
        for a in (1.0, 4.0):
            _, _, D = f.rd_loss(x, a, 1.0, 1.0, u)
            c.close(D, np.mean(u**2) / a**2, rtol=1e-10)
            c.close(D, 1 / (12 * a**2), rtol=0.03)
    with r.case("the proxy adds the given noise: x = 1, a = 1, u = 0.3 costs -log2 P(1.3)") as c:
        loss, R, D = f.rd_loss(np.array([1.0]), 1.0, 1.0, 2.0, np.array([0.3]))
        want = -np.log2(1 / (1 + np.exp(-1.8)) - 1 / (1 + np.exp(-0.8)))
        c.close(R, want, rtol=1e-10)
        c.close(D, 0.09, rtol=1e-10)
        c.close(loss, want + 2.0 * 0.09, rtol=1e-10)
    with r.case("proxy rate is close to the real code length of round(a x)") as c:
        for a in (2.0, 6.0):
            b = a  # the prior matched to the scaled data
            yhat = np.round(a * x)
            real = np.mean(-np.log2(f.discretized_likelihood(yhat, b)))
            _, R, _ = f.rd_loss(x, a, b, 1.0, u)
            real_D = np.mean((x - yhat / a) ** 2)
            r.figure(
                f"a = {a}: proxy rate | real bits; real MSE * 12 a^2",
                [round(R, 4), round(float(real), 4), round(float(real_D * 12 * a * a), 4)],
            )
            c.close(R, real, rtol=0.03)
    with r.case("rate-distortion sweep: larger lambda -> lower distortion, more bits") as c:
        gains = np.exp(np.linspace(np.log(0.25), np.log(32), 60))
        pts = []
        for lam in (1.0, 10.0, 100.0, 1000.0):
            losses = [f.rd_loss(x, a, a, lam, u) for a in gains]
            best = min(losses, key=lambda t: t[0])
            pts.append((best[1], best[2]))
        r.figure(
            "optimal (bits, MSE) for lambda = 1, 10, 100, 1000",
            [(round(p, 3), round(q, 5)) for p, q in pts],
        )
        c.true(all(p1 < p2 for (p1, _), (p2, _) in zip(pts, pts[1:])), "rate increases")
        c.true(all(d1 > d2 for (_, d1), (_, d2) in zip(pts, pts[1:])), "distortion decreases")
        # high-rate theory: an extra 10x in lambda adds about 0.5 log2(10) bits
        c.close(pts[3][0] - pts[2][0], 0.5 * np.log2(10), rtol=0.15)
    return r


if __name__ == "__main__":
    main(run)
