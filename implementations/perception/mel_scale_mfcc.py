"""mel-scale-mfcc: the mel pitch scale, triangular mel filterbanks and mel-frequency cepstral
coefficients (MFCCs).

Follows Davis & Mermelstein (1980), who introduced MFCCs for word recognition: the log energies
of filters spaced on the mel scale (Stevens, Volkmann & Newman 1937 measured pitch magnitude in
mels) are decorrelated by a cosine transform and truncated. The analytic scale used here is the
common fit mel(f) = 2595 log10(1 + f / 700). Checks: 1000 Hz maps to about 1000 mel and the map
inverts in closed form; filter peaks sit at mel-equally-spaced centres, each triangle is zero
outside its neighbours' centres, and neighbouring triangles sum to exactly 1 between the first
and last centre; the MFCCs equal scipy.fft.dct (type II, orthonormal) of the log filterbank
energies and the explicit cosine sum; a 1 kHz tone peaks in the band centred nearest 1 kHz; a
gain g shifts only c_0, by 2 sqrt(N) ln g.
"""

from __future__ import annotations

import numpy as np
from scipy.fft import dct

from implementations._common import Report, main, solution

EXERCISE = ["hz_to_mel", "mel_filterbank", "mfcc"]

DOC_ZH = {
    "hz_to_mel": """把频率（Hz）换算成梅尔：mel(f) = 2595 log10(1 + f / 700)。

输入：f，数组（Hz）。
输出：同形状的梅尔值。

>>> round(float(hz_to_mel(np.array([700.0]))[0]), 4)
781.1728
""",
    "mel_filterbank": """三角梅尔滤波器组：在 [fmin, fmax] 的梅尔刻度上取 n_mels + 2 个等距点并换回 Hz，得到边界 f_0 < f_1 < ... < f_{n+1}；
第 i 个滤波器（i = 1..n）在 f_{i-1} 到 f_i 之间从 0 线性升到 1，在 f_i 到 f_{i+1} 之间线性降回 0（在 Hz 上线性），其余为 0。
在 FFT 频点 k sr / n_fft（k = 0..n_fft/2）上取值。

输入：n_mels；n_fft（偶数）；sr，采样率；fmin、fmax（Hz）。
输出：(n_mels, n_fft // 2 + 1) 矩阵。

>>> fb = mel_filterbank(2, 8, 8000.0, 0.0, 4000.0)
>>> fb.shape, round(float(fb.sum()), 4)
((2, 5), 2.3583)
""",
    "mfcc": """梅尔频率倒谱系数：对每帧功率谱 P，取滤波器组能量 E = fb @ P 的自然对数，再做正交归一化的 II 型 DCT，保留前 n_ceps 个。

输入：power，(n_frames, n_fft // 2 + 1) 功率谱；fb，滤波器组矩阵；n_ceps。
输出：(n_frames, n_ceps)。

>>> np.round(mfcc(np.ones((1, 3)), np.eye(3), 2), 6).tolist()
[[0.0, 0.0]]
""",
}

HINTS = {
    "en": (
        "Work on the mel axis to place the filters (equal spacing there), but build each "
        "triangle on the Hz axis at the FFT bin frequencies.",
        "Edges: f_i = mel^-1(linspace(mel(fmin), mel(fmax), n + 2)); filter i = max(0, min((f - "
        "f_{i-1}) / (f_i - f_{i-1}), (f_{i+1} - f) / (f_{i+1} - f_i))) at f = k sr / n_fft. "
        "MFCC = dct(log(power @ fb.T), type=2, norm='ortho')[:, :n_ceps].",
    ),
    "zh": (
        "在梅尔轴上放置滤波器（在那里等距），但要在 Hz 轴上、于 FFT 频点处构造每个三角形。",
        "边界：f_i = mel^-1(linspace(mel(fmin), mel(fmax), n + 2))；第 i 个滤波器在 f = k sr / n_fft 处为 "
        "max(0, min((f - f_{i-1}) / (f_i - f_{i-1}), (f_{i+1} - f) / (f_{i+1} - f_i)))。"
        "MFCC = dct(log(power @ fb.T), type=2, norm='ortho')[:, :n_ceps]。",
    ),
}


def hz_to_mel(f):
    """Frequency in Hz to mels: mel(f) = 2595 log10(1 + f / 700).

    Input: f an array in Hz. Output: mels, same shape.

    >>> round(float(hz_to_mel(np.array([700.0]))[0]), 4)
    781.1728
    """
    return 2595.0 * np.log10(1.0 + np.asarray(f, dtype=float) / 700.0)


def mel_filterbank(n_mels, n_fft, sr, fmin, fmax):
    """Triangular mel filterbank. Take n_mels + 2 points equally spaced in mel on
    [fmin, fmax], mapped back to Hz: f_0 < f_1 < ... < f_{n+1}. Filter i (1..n) rises linearly
    in Hz from 0 at f_{i-1} to 1 at f_i and falls back to 0 at f_{i+1}, zero elsewhere,
    evaluated at the FFT bin frequencies k sr / n_fft (k = 0..n_fft/2).

    Input: n_mels; n_fft (even); sr the sample rate; fmin, fmax in Hz.
    Output: a (n_mels, n_fft // 2 + 1) matrix.

    >>> fb = mel_filterbank(2, 8, 8000.0, 0.0, 4000.0)
    >>> fb.shape, round(float(fb.sum()), 4)
    ((2, 5), 2.3583)
    """
    mels = np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2)
    edges = 700.0 * (10.0 ** (mels / 2595.0) - 1.0)
    freqs = np.arange(n_fft // 2 + 1) * sr / n_fft
    fb = np.zeros((n_mels, freqs.size))
    for i in range(1, n_mels + 1):
        lo, c, hi = edges[i - 1], edges[i], edges[i + 1]
        up = (freqs - lo) / (c - lo)
        down = (hi - freqs) / (hi - c)
        fb[i - 1] = np.maximum(0.0, np.minimum(up, down))
    return fb


def mfcc(power, fb, n_ceps):
    """Mel-frequency cepstral coefficients: per frame, the natural log of the filterbank
    energies E = fb @ P, then an orthonormal type-II DCT, keeping the first n_ceps.

    Input: power (n_frames, n_fft // 2 + 1) power spectra; fb the filterbank; n_ceps.
    Output: (n_frames, n_ceps).

    >>> np.round(mfcc(np.ones((1, 3)), np.eye(3), 2), 6).tolist()
    [[0.0, 0.0]]
    """
    return dct(np.log(power @ fb.T), type=2, norm="ortho", axis=1)[:, :n_ceps]


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Mel scale, mel filterbank and MFCCs")
    sr, n_fft, n_mels = 16000.0, 512, 26

    with r.case("1000 Hz is about 1000 mel; the scale is log-like above 1 kHz") as c:
        c.close(f.hz_to_mel(np.array([1000.0])), [1000.0], atol=0.1)
        c.close(f.hz_to_mel(np.array([0.0])), [0.0], atol=1e-12)
        hz = np.array([50.0, 300.0, 2000.0, 7000.0])
        c.close(f.hz_to_mel(hz), (2595 / np.log(10)) * np.log1p(hz / 700.0), rtol=1e-9)
        d = np.diff(f.hz_to_mel(np.array([4000.0, 8000.0, 16000.0])))
        c.true(d[1] < 1.2 * d[0], "an octave up adds about the same number of mels at high f")

    freqs = np.arange(n_fft // 2 + 1) * sr / n_fft
    mel_edges = np.linspace(0.0, (2595 / np.log(10)) * np.log1p(sr / 2 / 700), n_mels + 2)
    edges = 700.0 * np.expm1(mel_edges / (2595 / np.log(10)))
    fb_ref = np.array(  # the reference filterbank, for the MFCC checks
        [
            np.clip(np.minimum((freqs - lo) / (ce - lo), (hi - freqs) / (hi - ce)), 0, None)
            for lo, ce, hi in zip(edges[:-2], edges[1:-1], edges[2:])
        ]
    )
    with r.case(
        "shape, non-negative, and each filter vanishes outside its neighbours' centres"
    ) as c:
        fb = np.asarray(f.mel_filterbank(n_mels, n_fft, sr, 0.0, sr / 2))
        c.equal(fb.shape, (n_mels, n_fft // 2 + 1))
        c.true(np.all(fb >= 0), "non-negative")
        for i in range(n_mels):
            outside = (freqs <= edges[i]) | (freqs >= edges[i + 2])
            c.true(np.all(np.abs(fb[i, outside]) < 1e-9), f"filter {i}")
    with r.case("each triangle peaks at its mel-spaced centre (linear interpolation in Hz)") as c:
        for i in range(n_mels):
            lo, ce, hi = edges[i], edges[i + 1], edges[i + 2]
            tri = np.clip(np.minimum((freqs - lo) / (ce - lo), (hi - freqs) / (hi - ce)), 0, None)
            c.close(fb[i], tri, atol=1e-9)
    with r.case("neighbouring triangles sum to 1 between the first and last centre") as c:
        inside = (freqs >= edges[1]) & (freqs <= edges[-2])
        c.close(fb[:, inside].sum(0), np.ones(inside.sum()), atol=1e-9)
    with r.case("a band-limited filterbank (300-3400 Hz) has no weight outside the band") as c:
        fb2 = np.asarray(f.mel_filterbank(12, n_fft, 8000.0, 300.0, 3400.0))
        fr2 = np.arange(n_fft // 2 + 1) * 8000.0 / n_fft
        c.true(np.all(np.abs(fb2[:, (fr2 <= 300) | (fr2 >= 3400)]) < 1e-9))
        c.true(np.all(fb2.max(1) > 0.9), "every filter has a bin near its peak")

    t = np.arange(n_fft) / sr
    win = np.hanning(n_fft)
    tone = np.sin(2 * np.pi * 1000 * t)
    P = np.abs(np.fft.rfft(win * tone)) ** 2
    with r.case("a 1 kHz tone has most energy in the band centred nearest 1 kHz") as c:
        E = fb @ P
        c.equal(int(np.argmax(E)), int(np.argmin(np.abs(edges[1:-1] - 1000))))

    frames = np.abs(np.fft.rfft(win * rng.normal(size=(5, n_fft)), axis=1)) ** 2 + 1e-6
    logE = np.log(frames @ fb_ref.T)
    with r.case("MFCC equals scipy.fft.dct (type II, orthonormal) of the log energies") as c:
        c.close(
            f.mfcc(frames, fb_ref, 13),
            dct(logE, type=2, norm="ortho", axis=1)[:, :13],
            rtol=1e-10,
            atol=1e-12,
        )
    with r.case("... and the explicit cosine sum of Davis & Mermelstein") as c:
        N = n_mels
        j = np.arange(N)
        C = np.cos(np.pi * np.arange(13)[:, None] * (j + 0.5) / N)
        scale = np.sqrt(2.0 / N) * np.where(np.arange(13) == 0, np.sqrt(0.5), 1.0)
        c.close(f.mfcc(frames, fb_ref, 13), (logE @ C.T) * scale, rtol=1e-10, atol=1e-12)
    with r.case("a gain g changes only c_0, by 2 sqrt(N) ln g") as c:
        g = 3.0
        d = np.asarray(f.mfcc(frames * g**2, fb_ref, 13)) - np.asarray(f.mfcc(frames, fb_ref, 13))
        c.close(d[:, 0], np.full(5, 2 * np.sqrt(n_mels) * np.log(g)), rtol=1e-10)
        c.close(d[:, 1:], np.zeros((5, 12)), atol=1e-10)
    r.figure("mel centres of the first 5 bands (Hz)", [round(float(e), 1) for e in edges[1:6]])
    return r


if __name__ == "__main__":
    main(run)
