"""nyquist-sampling: a band-limited signal is fixed by samples taken faster than twice its band.

Follows Shannon (1949), "Communication in the presence of noise", Theorem 1, and the band-limited
ensemble theorem of Shannon (1948). Checks: Whittaker-Shannon reconstruction against the
definitional sum written as a loop with math.sin, interpolation of the samples themselves, recovery
of the exact signal above the Nyquist rate and failure below it; the aliased frequency against the
FFT peak of sampled tones (below and above fs/2) and against the samples of the folded cosine.
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["reconstruct", "alias_frequency"]

DOC_ZH = {
    "reconstruct": """Whittaker–Shannon 插值：x(t) = Σ_n x[n] sinc(fs t - n)，
sinc(u) = sin(pi u) / (pi u)，sinc(0) = 1。

输入：samples，样本值 x[n]；n，对应的整数下标（样本时刻 n / fs）；fs，采样率；t，求值时刻数组。
输出：与 t 同长度的数组。

>>> reconstruct(np.array([1.0, 0.0]), np.array([0, 1]), 2.0, np.array([0.0, 0.25])).round(6).tolist()
[1.0, 0.63662]
""",
    "alias_frequency": """以采样率 fs 采样频率为 f 的余弦后看到的频率：折叠到 [0, fs/2]，
|f - k fs|，k 为最接近 f / fs 的整数。

输入：f，频率（Hz，非负）；fs，采样率。
输出：一个 float。

>>> alias_frequency(70.0, 100.0)
30.0
""",
}

HINTS = {
    "en": (
        "Each sample contributes one shifted sinc pulse; a tone sampled too slowly is "
        "indistinguishable from one whose frequency differs by a multiple of fs.",
        "np.sinc is already sin(pi u)/(pi u): x(t) = sinc(fs t[:, None] - n[None, :]) @ samples. "
        "Alias: abs(f - round(f / fs) * fs).",
    ),
    "zh": (
        "每个样本贡献一个平移后的 sinc 脉冲；采样太慢的单音与频率相差 fs 整数倍的单音无法区分。",
        "np.sinc 本身就是 sin(pi u)/(pi u)：x(t) = sinc(fs t[:, None] - n[None, :]) @ samples。"
        "混叠频率：abs(f - round(f / fs) * fs)。",
    ),
}


def _signal(t, B):
    # sinc^2(B t) has a triangular spectrum supported on |f| <= B: band-limited to B Hz.
    return np.sinc(B * t) ** 2


def reconstruct(samples, n, fs, t):
    """Whittaker-Shannon interpolation x(t) = sum_n x[n] sinc(fs t - n), sinc(u) = sin(pi u)/(pi u).

    Input: the samples x[n], their integer indices n (sample times n / fs), the rate fs, and
    the evaluation times t. Output: an array of t's length.

    >>> reconstruct(np.array([1.0, 0.0]), np.array([0, 1]), 2.0, np.array([0.0, 0.25])).round(6).tolist()
    [1.0, 0.63662]
    """
    return np.sinc(fs * t[:, None] - n[None, :]) @ samples


def alias_frequency(f, fs):
    """The frequency a cosine at f shows after sampling at fs, folded into [0, fs/2].

    |f - k fs| with k the integer nearest to f / fs. Input: f (Hz, non-negative) and fs.
    Output: a float.

    >>> alias_frequency(70.0, 100.0)
    30.0
    """
    return abs(f - round(f / fs) * fs)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Nyquist-Shannon sampling")
    B = 1.0  # band limit in Hz

    with r.case("reconstruction equals the definitional sum (loop with math.sin)") as c:
        nn, xs, fs, ts = np.arange(-6, 7), rng.normal(size=13), 2.5, rng.uniform(-3, 3, size=9)
        sinc = lambda u: 1.0 if u == 0 else math.sin(math.pi * u) / (math.pi * u)
        ref = [sum(xs[i] * sinc(fs * t - nn[i]) for i in range(13)) for t in ts]
        c.close(f.reconstruct(xs, nn, fs, ts), ref, rtol=1e-12, atol=1e-14)
        c.close(f.reconstruct(xs, nn, fs, nn / fs), xs, rtol=0, atol=1e-12)  # passes through samples

    t = np.linspace(-3.0, 3.0, 301)  # off-grid evaluation points
    errs = {}
    with r.case("above Nyquist: sinc interpolation recovers the signal") as c:
        for fs in (2.5 * B, 1.5 * B):  # above and below the Nyquist rate 2B
            n = np.arange(-4000, 4001)
            errs[fs] = np.max(np.abs(f.reconstruct(_signal(n / fs, B), n, fs, t) - _signal(t, B)))
        r.figure("Nyquist rate 2B (Hz)", 2 * B)
        r.figure("max reconstruction error, fs = 2.5B", errs[2.5 * B])
        r.figure("max reconstruction error, fs = 1.5B", errs[1.5 * B])
        # The sum is truncated at |n| <= 4000; samples decay like 1/n^2, so the tail is tiny.
        c.true(errs[2.5 * B] < 1e-5, f"max error {errs[2.5 * B]:.2e}")
    with r.case("below Nyquist: reconstruction fails (aliasing)") as c:
        c.true(errs[1.5 * B] > 1e-2, f"max error {errs[1.5 * B]:.2e}")

    # Aliasing of a pure tone: a cosine at f > fs/2 is indistinguishable from one at |f - k fs|.
    fs, N = 100.0, 1000
    k = np.arange(N)
    for tone in (70.0, 130.0, 262.0, 20.0, 349.0):
        with r.case(f"FFT peak of {tone:g} Hz tone equals its alias frequency") as c:
            spec = np.abs(np.fft.rfft(np.cos(2 * np.pi * tone * k / fs)))
            f_peak = np.fft.rfftfreq(N, 1 / fs)[np.argmax(spec)]
            r.figure(f"tone {tone:g} Hz sampled at {fs:g} Hz appears at (Hz)", f_peak)
            c.close(f.alias_frequency(tone, fs), f_peak, atol=fs / N / 2)
    with r.case("samples of a tone and of its alias coincide at fs = 100 Hz") as c:
        for tone in (70.0, 130.0, 262.0):
            a = f.alias_frequency(tone, fs)
            same = np.max(np.abs(np.cos(2 * np.pi * tone * k / fs) - np.cos(2 * np.pi * a * k / fs)))
            c.close(same, 0.0, atol=1e-9)
            c.true(0 <= a <= fs / 2, f"alias {a} in [0, fs/2]")
    return r


if __name__ == "__main__":
    main(run)
