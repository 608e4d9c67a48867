"""weber-fechner-law: the just-noticeable difference grows in proportion to the stimulus
(Weber), so sensation counted in JNDs grows like the logarithm of intensity (Fechner).

Follows Dehaene (2003), which states Weber's law for perceptual continua and numerosity and
explains it by a logarithmic internal scale with constant noise (Fechner's proposal), the
reading supported by number-tuned neurons. Model here: an observer compares ln I + noise with
ln(I + dI) + noise, noise N(0, sigma^2) per stimulus, in a two-alternative forced choice (2AFC).
Checks: the JND count from I0 to I equals a brute-force count of multiplicative steps (1 + k);
the 2AFC psychometric function equals a Monte Carlo simulation of the observer, is 1/2 at
dI = 0 and depends on dI / I only (Weber's law); the maximum-likelihood fit recovers the Weber
fraction from simulated binomial data within 10%, and exactly from expected counts; 75%
thresholds fitted separately per standard grow in proportion to I (log-log slope 1).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.stats import norm

from implementations._common import Report, main, solution

EXERCISE = ["jnd_count", "p_correct_2afc", "fit_weber_fraction"]

DOC_ZH = {
    "jnd_count": """费希纳计数：若每个最小可觉差（JND）把强度乘以 (1 + k)，从 I0 到 I 共有 ln(I / I0) / ln(1 + k) 个 JND。

输入：I0 > 0；I > 0；k > 0，韦伯分数。
输出：浮点数（可以不是整数）。

>>> round(float(jnd_count(1.0, 1.21, 0.1)), 6)
2.0
""",
    "p_correct_2afc": """二选一强迫选择中答对的概率：观察者比较 ln(I) + n1 与 ln(I + dI) + n2，n1、n2 独立同分布 N(0, sigma^2)；
P(正确) = Phi(ln(1 + dI / I) / (sigma sqrt(2)))。

输入：I，标准刺激（数组或数）；dI ≥ 0，增量；sigma > 0。
输出：与输入同形状的概率。

>>> round(float(p_correct_2afc(10.0, 0.0, 0.1)), 6)
0.5
""",
    "fit_weber_fraction": """用最大似然从 2AFC 数据拟合 sigma（对 log sigma 做一维最小化，范围 [log 1e-3, log 10]），
再返回 75% 正确阈值对应的韦伯分数 k = exp(sigma sqrt(2) Phi^{-1}(0.75)) - 1。

输入：I、dI、n_correct、n_trials，等长数组（每个条件一项）。
输出：(k, sigma)。

>>> k, s = fit_weber_fraction(np.array([10.0]), np.array([1.0]), np.array([75]), np.array([100]))
>>> round(float(k), 3)
0.1
""",
}

HINTS = {
    "en": (
        "If every noticeable step multiplies the intensity by the same factor, steps add up on a "
        "logarithmic axis.",
        "JNDs = ln(I/I0) / ln(1+k). The difference of the two noisy log-intensities is N(ln(1 + "
        "dI/I), 2 sigma^2), so P(correct) = Phi(ln(1 + dI/I) / (sigma sqrt 2)). Fit: minimise the "
        "binomial negative log-likelihood -sum [c ln p + (n - c) ln(1 - p)] over log sigma (ln p and "
        "ln(1 - p) as norm.logcdf(z) and norm.logcdf(-z)); then "
        "solve P = 0.75 for dI/I.",
    ),
    "zh": (
        "如果每一个可觉察的台阶都把强度乘以同一个因子，这些台阶在对数轴上就是等距相加的。",
        "JND 个数 = ln(I/I0) / ln(1+k)。两个带噪对数强度之差服从 N(ln(1 + dI/I), 2 sigma^2)，所以 "
        "P(正确) = Phi(ln(1 + dI/I) / (sigma sqrt 2))。拟合：对 log sigma 最小化二项负对数似然 "
        "-Σ [c ln p + (n - c) ln(1 - p)]；再解 P = 0.75 得到 dI/I。",
    ),
}


def jnd_count(I0, I, k):
    """Fechner's count: if each just-noticeable difference multiplies the intensity by (1 + k),
    there are ln(I / I0) / ln(1 + k) JNDs from I0 to I.

    Input: I0 > 0; I > 0; k > 0 the Weber fraction. Output: a float (not necessarily whole).

    >>> round(float(jnd_count(1.0, 1.21, 0.1)), 6)
    2.0
    """
    return np.log(I / I0) / np.log1p(k)


def p_correct_2afc(I, dI, sigma):
    """Probability correct in two-alternative forced choice: the observer compares ln(I) + n1
    with ln(I + dI) + n2, n1 and n2 i.i.d. N(0, sigma^2); P(correct) =
    Phi(ln(1 + dI / I) / (sigma sqrt(2))).

    Input: I the standard (array or number); dI >= 0 the increment; sigma > 0.
    Output: probabilities shaped like the input.

    >>> round(float(p_correct_2afc(10.0, 0.0, 0.1)), 6)
    0.5
    """
    return norm.cdf(np.log1p(np.asarray(dI) / np.asarray(I)) / (sigma * np.sqrt(2)))


def fit_weber_fraction(I, dI, n_correct, n_trials):
    """Maximum-likelihood fit of sigma to 2AFC data (1-D minimisation over log sigma in
    [log 1e-3, log 10]); returns the Weber fraction of the 75%-correct threshold,
    k = exp(sigma sqrt(2) Phi^-1(0.75)) - 1.

    Input: I, dI, n_correct, n_trials, arrays of equal length (one entry per condition).
    Output: (k, sigma).

    >>> k, s = fit_weber_fraction(np.array([10.0]), np.array([1.0]), np.array([75]), np.array([100]))
    >>> round(float(k), 3)
    0.1
    """

    def nll(ls):
        z = np.log1p(dI / I) / (np.exp(ls) * np.sqrt(2))
        return -np.sum(n_correct * norm.logcdf(z) + (n_trials - n_correct) * norm.logcdf(-z))

    res = minimize_scalar(
        nll, bounds=(np.log(1e-3), np.log(10.0)), method="bounded", options={"xatol": 1e-10}
    )
    sigma = float(np.exp(res.x))
    return float(np.exp(sigma * np.sqrt(2) * norm.ppf(0.75)) - 1), sigma


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Weber's law and Fechner's logarithm")

    with r.case("JND count equals a brute-force count of multiplicative steps") as c:
        for I0, I, k in ((1.0, 100.0, 0.08), (5.0, 7.0, 0.02), (2.0, 2.0, 0.3)):
            steps, x = 0, I0
            while x * (1 + k) <= I * (1 + 1e-12):
                x *= 1 + k
                steps += 1
            c.true(np.floor(f.jnd_count(I0, I, k) + 1e-9) == steps, f"{(I0, I, k)}: {steps}")
        c.close(f.jnd_count(1.0, 1.1**7, 0.1), 7.0, rtol=1e-12)
    with r.case("sensation in JNDs is logarithmic: equal ratios give equal JND counts") as c:
        c.close(f.jnd_count(1.0, 10.0, 0.05), f.jnd_count(30.0, 300.0, 0.05), rtol=1e-12)

    with r.case("psychometric function equals a Monte Carlo simulation of the observer") as c:
        I, sig = 20.0, 0.08
        dIs = np.array([0.5, 1.5, 3.0, 6.0])
        n1, n2 = rng.normal(0, sig, (2, 200_000))
        mc = [np.mean(np.log(I + d) + n2 > np.log(I) + n1) for d in dIs]
        c.close(f.p_correct_2afc(I, dIs, sig), mc, atol=0.005)
    with r.case("P = 1/2 at dI = 0, increasing in dI, and a function of dI / I only") as c:
        c.close(f.p_correct_2afc(7.0, 0.0, 0.2), 0.5, atol=1e-12)
        p = f.p_correct_2afc(5.0, np.linspace(0, 5, 30), 0.2)
        c.true(np.all(np.diff(p) > 0), "increasing")
        c.close(
            f.p_correct_2afc(np.array([1.0, 10.0, 1000.0]), np.array([0.1, 1.0, 100.0]), 0.2),
            np.full(3, norm.cdf(np.log(1.1) / (0.2 * np.sqrt(2)))),
            rtol=1e-12,
        )

    sig_true = 0.1
    k_true = np.exp(sig_true * np.sqrt(2) * norm.ppf(0.75)) - 1
    stds = np.repeat([5.0, 20.0, 80.0, 320.0], 6)
    rel = np.tile([0.02, 0.05, 0.1, 0.15, 0.25, 0.4], 4)
    dI = stds * rel
    n = np.full(stds.size, 80)
    with r.case("ML fit recovers the Weber fraction within 10% (3 simulated experiments)") as c:
        ks = []
        for _ in range(3):
            k_hat, _ = f.fit_weber_fraction(
                stds, dI, rng.binomial(n, p_correct_2afc_ref(stds, dI, sig_true)), n
            )
            ks.append(round(k_hat, 4))
            c.close(k_hat, k_true, rtol=0.10)
        r.figure("true Weber fraction | three fits", [round(float(k_true), 4)] + ks)
    with r.case("exact data (expected counts) give the exact sigma and k") as c:
        nn = np.full(stds.size, 10_000)
        k_hat, s_hat = f.fit_weber_fraction(
            stds, dI, nn * p_correct_2afc_ref(stds, dI, sig_true), nn
        )
        c.close(s_hat, sig_true, rtol=1e-5)
        c.close(k_hat, k_true, rtol=1e-5)
    with r.case("75% thresholds fitted per standard grow in proportion to I") as c:
        thr = []
        for s0 in (5.0, 20.0, 80.0, 320.0):
            m = stds == s0
            k_hat, _ = f.fit_weber_fraction(
                stds[m],
                dI[m],
                rng.binomial(400, p_correct_2afc_ref(stds[m], dI[m], sig_true)),
                np.full(m.sum(), 400),
            )
            thr.append(k_hat * s0)
        slope = np.polyfit(np.log([5.0, 20.0, 80.0, 320.0]), np.log(thr), 1)[0]
        r.figure("log-log slope of threshold vs standard (Weber: 1)", round(float(slope), 3))
        c.close(slope, 1.0, atol=0.1)
    return r


def p_correct_2afc_ref(I, dI, sigma):
    d = np.log(np.asarray(I, dtype=float) + dI) - np.log(I)
    return norm.cdf(d / (sigma * np.sqrt(2)))


if __name__ == "__main__":
    main(run)
