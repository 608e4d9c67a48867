"""stevens-power-law: perceived magnitude grows as a power of stimulus intensity, psi = k S^n.

Follows Stevens (1957), who measured sensation directly by magnitude estimation (observers
assign numbers in proportion to perceived intensity) and argued that a power function, whose
exponent depends on the continuum, describes the results better than Fechner's logarithm.
A power law maps equal stimulus ratios to equal sensation ratios, psi(c S) / psi(S) = c^n,
where Fechner's law maps them to equal differences; on log-log axes it is a straight line of
slope n. Checks: the fit of log psi on log S equals scipy.stats.linregress and recovers k and n
exactly from noiseless data; with multiplicative (log-normal) judgement noise, fitting the
geometric means per stimulus recovers n within 0.03 over several simulated observers; the
ratio property and the contrast with a logarithmic law; and matching two continua with
exponents n1 and n2 to equal sensation gives S2 proportional to S1^(n1 / n2).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import linregress

from implementations._common import Report, main, solution

EXERCISE = ["fit_power_law", "matched_stimulus"]

DOC_ZH = {
    "fit_power_law": """用对数—对数最小二乘拟合幂律 psi = k S^n：对 (log S, log psi) 做直线拟合，斜率为 n，截距为 log k。

输入：S，正的刺激强度数组；psi，同长度的正的量值估计。
输出：(k, n) 两个浮点数。

>>> k, n = fit_power_law(np.array([1.0, 4.0, 16.0]), np.array([2.0, 4.0, 8.0]))
>>> round(k, 6), round(n, 6)
(2.0, 0.5)
""",
    "matched_stimulus": """跨通道匹配：连续体 1 上的刺激 S1 产生感觉 k1 S1^n1，求连续体 2 上感觉相同的刺激 S2，即 k2 S2^n2 = k1 S1^n1。

输入：S1（数组或数）；k1、n1；k2、n2。
输出：S2，与 S1 同形状。

>>> round(float(matched_stimulus(8.0, 1.0, 1.0, 1.0, 3.0)), 6)
2.0
""",
}

HINTS = {
    "en": (
        "Take logarithms: a power law becomes a straight line.",
        "log psi = log k + n log S, so n is the least-squares slope of log psi on log S and k = exp "
        "of the intercept (np.polyfit(np.log(S), np.log(psi), 1)). Matching: solve k2 S2^n2 = "
        "k1 S1^n1, S2 = (k1 S1^n1 / k2)^(1/n2).",
    ),
    "zh": (
        "取对数：幂律就变成了一条直线。",
        "log psi = log k + n log S，所以 n 是 log psi 对 log S 的最小二乘斜率，k 是截距的 exp"
        "（np.polyfit(np.log(S), np.log(psi), 1)）。匹配：解 k2 S2^n2 = k1 S1^n1，得 S2 = (k1 S1^n1 / k2)^(1/n2)。",
    ),
}


def fit_power_law(S, psi):
    """Fit psi = k S^n by least squares on log-log axes: a straight-line fit of log psi on
    log S, slope n and intercept log k.

    Input: S positive stimulus intensities; psi positive magnitude estimates (same length).
    Output: (k, n), floats.

    >>> k, n = fit_power_law(np.array([1.0, 4.0, 16.0]), np.array([2.0, 4.0, 8.0]))
    >>> round(k, 6), round(n, 6)
    (2.0, 0.5)
    """
    n, logk = np.polyfit(np.log(S), np.log(psi), 1)
    return float(np.exp(logk)), float(n)


def matched_stimulus(S1, k1, n1, k2, n2):
    """Cross-modality matching: the stimulus S2 on continuum 2 whose sensation k2 S2^n2
    equals the sensation k1 S1^n1 of S1 on continuum 1.

    Input: S1 (array or number); k1, n1; k2, n2. Output: S2, shaped like S1.

    >>> round(float(matched_stimulus(8.0, 1.0, 1.0, 1.0, 3.0)), 6)
    2.0
    """
    return (k1 * np.asarray(S1, dtype=float) ** n1 / k2) ** (1.0 / n2)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Stevens' power law")
    S = np.geomspace(1.0, 1000.0, 9)

    with r.case("noiseless data: k and n are recovered exactly (n < 1 and n > 1)") as c:
        for k, n in ((2.0, 0.33), (0.5, 0.67), (0.01, 3.5)):
            kk, nn = f.fit_power_law(S, k * S**n)
            c.close([kk, nn], [k, n], rtol=1e-9)
    with r.case("the fit equals scipy.stats.linregress on log-log data") as c:
        psi = 3.0 * S**0.6 * np.exp(rng.normal(0, 0.3, S.size))
        lr = linregress(np.log(S), np.log(psi))
        kk, nn = f.fit_power_law(S, psi)
        c.close(nn, lr.slope, rtol=1e-10)
        c.close(kk, np.exp(lr.intercept), rtol=1e-10)
    with r.case("simulated magnitude estimation: geometric means recover n within 0.03") as c:
        fits = []
        for _ in range(5):
            judg = (
                10 * S[None, :] ** 0.67 * np.exp(rng.normal(0, 0.4, (40, S.size)))
            )  # 40 judgements
            gm = np.exp(np.log(judg).mean(0))
            _, nn = f.fit_power_law(S, gm)
            fits.append(round(nn, 3))
            c.close(nn, 0.67, atol=0.03)
        r.figure("fitted exponents, 5 simulated observers (true 0.67)", fits)
    with r.case("equal stimulus ratios give equal sensation ratios c^n (not equal steps)") as c:
        k, n = f.fit_power_law(S, 4.0 * S**0.5)
        psi = k * S**n
        c.close(psi[1:] / psi[:-1], np.full(S.size - 1, (S[1] / S[0]) ** 0.5), rtol=1e-9)
        logpsi = np.log(S)  # Fechner: equal ratios give equal differences instead
        c.true(
            np.allclose(np.diff(logpsi), np.diff(logpsi)[0])
            and not np.allclose(np.diff(psi), np.diff(psi)[0])
        )

    with r.case("matched stimuli satisfy k2 S2^n2 = k1 S1^n1") as c:
        S2 = np.asarray(f.matched_stimulus(S, 2.0, 0.67, 0.5, 3.5))
        c.close(0.5 * S2**3.5, 2.0 * S**0.67, rtol=1e-10)
    with r.case("cross-modality matching is a power law with exponent n1 / n2") as c:
        S2 = np.asarray(f.matched_stimulus(S, 1.3, 0.33, 0.7, 1.0))
        slope = linregress(np.log(S), np.log(S2)).slope
        c.close(slope, 0.33 / 1.0, rtol=1e-9)
        S3 = np.asarray(f.matched_stimulus(S, 1.0, 3.5, 2.0, 0.67))
        c.close(linregress(np.log(S), np.log(S3)).slope, 3.5 / 0.67, rtol=1e-9)
    return r


if __name__ == "__main__":
    main(run)
