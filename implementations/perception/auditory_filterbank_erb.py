"""auditory-filterbank-erb: hearing as a bank of band-pass filters whose equivalent rectangular
bandwidth (ERB) grows with centre frequency, modelled with gammatone filters.

Follows Glasberg & Moore (1990), who derived auditory filter shapes from notched-noise masking
and proposed formulae for the variation of the filter with frequency: ERB(f) = 24.7 (4.37 f/1000
+ 1) Hz and the ERB-number scale 21.4 log10(4.37 f/1000 + 1). The filters are modelled here by
gammatone impulse responses t^(n-1) exp(-2 pi b t) cos(2 pi f_c t) (a modelling choice), whose
power response has ERB = b pi (2n-2)! / (2^(2n-2) ((n-1)!)^2), i.e. 0.982 b for n = 4. Checks: the
ERB formula at hand-computed points and its growth; d(ERB number)/df = 1/ERB(f) to 0.5%; centres
one ERB apart from the inverse scale; the numerically measured ERB of the sampled gammatone's
spectrum (FFT) equals the closed form for n = 1..5 and, with b = 1.019 ERB(f_c), the target ERB;
the magnitude response peaks at f_c.
"""

from __future__ import annotations

from math import factorial

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["erb_hz", "erb_number", "gammatone_ir"]

DOC_ZH = {
    "erb_hz": """Glasberg–Moore 等效矩形带宽：ERB(f) = 24.7 (4.37 f / 1000 + 1)，单位 Hz。

输入：f，中心频率数组（Hz）。
输出：同形状的 ERB（Hz）。

>>> round(float(erb_hz(np.array([1000.0]))[0]), 4)
132.639
""",
    "erb_number": """ERB 数刻度（在 f 以下能排下多少个 ERB）：21.4 log10(4.37 f / 1000 + 1)。

输入：f（Hz）。
输出：同形状的数组。

>>> round(float(erb_number(np.array([0.0]))[0]), 6)
0.0
""",
    "gammatone_ir": """n 阶 gammatone 冲激响应：t^(n-1) exp(-2 pi b t) cos(2 pi fc t)（t ≥ 0），除以其最大绝对值归一化。

输入：t，时间数组（秒，从 0 开始）；fc，中心频率；b，带宽参数（Hz）；n，阶数（默认 4）。
输出：同形状的数组。

>>> round(float(np.abs(gammatone_ir(np.linspace(0, 0.05, 2000), 1000.0, 125.0)).max()), 6)
1.0
""",
}

HINTS = {
    "en": (
        "The ERB grows linearly with frequency, so the number of ERBs below f grows like a "
        "logarithm of a linear function of f.",
        "ERB = 24.7 (4.37 f/1000 + 1); ERB number = 21.4 log10(4.37 f/1000 + 1), whose derivative is "
        "close to 1/ERB. Gammatone: g = t^(n-1) exp(-2 pi b t) cos(2 pi fc t), then g / max|g|.",
    ),
    "zh": (
        "ERB 随频率线性增长，所以 f 以下 ERB 的个数按 f 的线性函数的对数增长。",
        "ERB = 24.7 (4.37 f/1000 + 1)；ERB 数 = 21.4 log10(4.37 f/1000 + 1)，其导数约为 1/ERB。"
        "Gammatone：g = t^(n-1) exp(-2 pi b t) cos(2 pi fc t)，再除以 max|g|。",
    ),
}


def erb_hz(f):
    """Glasberg-Moore equivalent rectangular bandwidth, ERB(f) = 24.7 (4.37 f / 1000 + 1) Hz.

    Input: f centre frequencies (array, Hz). Output: ERBs in Hz, same shape.

    >>> round(float(erb_hz(np.array([1000.0]))[0]), 4)
    132.639
    """
    return 24.7 * (4.37 * np.asarray(f, dtype=float) / 1000.0 + 1.0)


def erb_number(f):
    """ERB-number scale (how many ERBs fit below f): 21.4 log10(4.37 f / 1000 + 1).

    Input: f in Hz. Output: an array of the same shape.

    >>> round(float(erb_number(np.array([0.0]))[0]), 6)
    0.0
    """
    return 21.4 * np.log10(4.37 * np.asarray(f, dtype=float) / 1000.0 + 1.0)


def gammatone_ir(t, fc, b, n=4):
    """Gammatone impulse response of order n, t^(n-1) exp(-2 pi b t) cos(2 pi fc t) for t >= 0,
    normalised by its largest absolute value.

    Input: t times in seconds from 0; fc the centre frequency; b the bandwidth parameter (Hz);
    n the order (default 4). Output: an array shaped like t.

    >>> round(float(np.abs(gammatone_ir(np.linspace(0, 0.05, 2000), 1000.0, 125.0)).max()), 6)
    1.0
    """
    t = np.asarray(t, dtype=float)
    g = t ** (n - 1) * np.exp(-2 * np.pi * b * t) * np.cos(2 * np.pi * fc * t)
    return g / np.abs(g).max()


def _measured_erb(g, fs):
    """ERB of a filter from its sampled impulse response: integral of |H|^2 over max |H|^2."""
    H2 = np.abs(np.fft.rfft(g, 1 << 17)) ** 2
    df = fs / (1 << 17)
    return H2.sum() * df / H2.max()


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Auditory filters: ERB scale and gammatone filterbank")

    with r.case("ERB formula at hand-computed points; ERB grows with frequency") as c:
        c.close(
            f.erb_hz(np.array([0.0, 1000.0, 4000.0])), [24.7, 24.7 * 5.37, 24.7 * 18.48], rtol=1e-12
        )
        e = f.erb_hz(np.geomspace(50, 10_000, 20))
        c.true(np.all(np.diff(e) > 0), "increasing")
    with r.case("ERB number: d(number)/df = 1 / ERB(f) within 0.5%") as c:
        fr = np.geomspace(100, 8000, 12)
        h = 1e-3
        deriv = (f.erb_number(fr + h) - f.erb_number(fr - h)) / (2 * h)
        c.close(deriv, 1 / (24.7 * (4.37 * fr / 1000 + 1)), rtol=5e-3)
        c.close(f.erb_number(np.array([1000.0])), [21.4 * np.log10(5.37)], rtol=1e-12)
    with r.case("centres equally spaced in ERB number are about one ERB apart") as c:
        nums = np.arange(3.0, 36.0)
        centres = (10 ** (nums / 21.4) - 1) * 1000 / 4.37  # inverse of the ERB-number scale
        c.close(f.erb_number(centres), nums, rtol=1e-10)
        mid = (centres[1:] + centres[:-1]) / 2
        c.close(np.diff(centres), f.erb_hz(mid), rtol=0.01)
        r.figure(
            "ERB-spaced centres 3..35 (Hz): first, 1 kHz-ish, last",
            [
                round(float(centres[0]), 1),
                round(float(centres[12]), 1),
                round(float(centres[-1]), 1),
            ],
        )

    fs = 48_000.0
    t = np.arange(int(0.2 * fs)) / fs
    with r.case("measured ERB of the gammatone spectrum equals the closed form, n = 1..5") as c:
        for n in (1, 2, 3, 4, 5):
            g = np.asarray(f.gammatone_ir(t, 2000.0, 100.0, n))
            closed = (
                100.0 * np.pi * factorial(2 * n - 2) / (2 ** (2 * n - 2) * factorial(n - 1) ** 2)
            )
            c.close(_measured_erb(g, fs), closed, rtol=0.01)
    with r.case("b = 1.019 ERB(fc) gives a 4th-order filter of the target ERB") as c:
        for fc in (500.0, 1000.0, 3000.0):
            erb = 24.7 * (4.37 * fc / 1000 + 1)
            g = np.asarray(f.gammatone_ir(t, fc, 1.019 * erb))
            c.close(_measured_erb(g, fs), erb, rtol=0.01)
    with r.case("the magnitude response peaks at the centre frequency; max |g| = 1") as c:
        for fc in (800.0, 2500.0):
            g = np.asarray(f.gammatone_ir(t, fc, 1.019 * 24.7 * (4.37 * fc / 1000 + 1)))
            H = np.abs(np.fft.rfft(g, 1 << 17))
            peak = np.fft.rfftfreq(1 << 17, 1 / fs)[np.argmax(H)]
            c.close(peak, fc, rtol=0.01)
            c.close(np.abs(g).max(), 1.0, rtol=1e-12)
        c.close(
            np.asarray(f.gammatone_ir(np.array([0.0, 0.001]), 1000.0, 100.0, 1))[0], 1.0, rtol=1e-12
        )
    return r


if __name__ == "__main__":
    main(run)
