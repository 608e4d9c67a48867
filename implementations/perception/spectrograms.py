"""spectrograms: short-time Fourier transform magnitudes and the log-mel features fed to speech models.

Follows Koenig, Dunn & Lacy (1946) for the sound spectrogram (energy over time and frequency) and
Radford et al. (2023, Whisper) for its modern use: 16 kHz audio, 25 ms windows, 10 ms hop,
80 log-mel channels. Checks: the STFT against an explicit DFT loop with the periodic Hann window
written with math.cos; a pure tone peaks in the bin f N / fs; with a periodic Hann window and hop
N/4 the spectrogram energy equals 1.5 x the signal energy (Parseval per frame plus the constant
overlap sum of w^2); a chirp's peak frequency tracks its instantaneous frequency; the mel scale
against 2595 log10(1 + f/700) and its inverse; the filterbank against the triangle formula entry by
entry, with centres equally spaced on the mel scale.
"""

from __future__ import annotations

import cmath
import math

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["stft", "hz_to_mel", "mel_to_hz", "mel_filterbank"]

DOC_ZH = {
    "stft": """短时傅里叶变换：每隔 hop 个样本取一帧长度 N 的片段，乘以周期 Hann 窗
w[n] = 0.5 - 0.5 cos(2 pi n / N)，再做 rfft。只取完整的帧：起点 0, hop, ...，直到 len(x) - N。

输入：x，一维信号；N，帧长；hop，帧移。
输出：形状 (帧数, N/2 + 1) 的复数组。

>>> np.abs(stft(np.ones(4), 4, 2)).round(6).tolist()
[[2.0, 1.0, 0.0]]
""",
    "hz_to_mel": """把赫兹换算为梅尔：m = 2595 log10(1 + f / 700)。

输入：f，频率（标量或数组）。
输出：同形状的梅尔值。

>>> round(float(hz_to_mel(700.0)), 6)
781.172839
""",
    "mel_to_hz": """hz_to_mel 的逆：f = 700 (10^(m / 2595) - 1)。

输入：m，梅尔值（标量或数组）。
输出：同形状的赫兹值。

>>> round(float(mel_to_hz(0.0)), 6)
0.0
""",
    "mel_filterbank": """三角梅尔滤波器组。在梅尔刻度上把 [0, hz_to_mel(fs/2)] 等分成 n_mels + 2 个边界点，
换回赫兹得 edges；第 i 个滤波器在 (edges[i], edges[i+1], edges[i+2]) 上是三角形，
对 rfft 的频率 f_j = j fs / N 取值 max(0, min((f - lo)/(c - lo), (hi - f)/(hi - c)))。

输入：n_mels，滤波器个数；N，帧长；fs，采样率。
输出：(Fb, centres)：Fb 形状 (n_mels, N/2 + 1)，centres 为各滤波器中心频率（赫兹），长度 n_mels。

>>> Fb, c = mel_filterbank(1, 4, 8.0)
>>> Fb.round(3).tolist(), c.round(3).tolist()
([[0.0, 0.999, 0.0]], [1.997])
""",
}

HINTS = {
    "en": (
        "A spectrogram is a sequence of windowed FFTs; mel filters are triangles whose corners "
        "are equally spaced on a perceptual (logarithmic) frequency scale.",
        "Frames x[s:s+N] for s in range(0, len(x) - N + 1, hop), times w = 0.5 - 0.5 cos(2 pi n/N), "
        "rfft each. Edges = mel_to_hz(linspace(0, hz_to_mel(fs/2), n_mels + 2)); filter i rises "
        "from edges[i] to edges[i+1] and falls to edges[i+2], clipped at 0.",
    ),
    "zh": (
        "频谱图就是一串加窗的 FFT；梅尔滤波器是三角形，它们的顶点在感知（对数）频率刻度上等距。",
        "帧 x[s:s+N]，s 取 range(0, len(x) - N + 1, hop)，乘以 w = 0.5 - 0.5 cos(2 pi n/N)，各做 rfft。"
        "边界 = mel_to_hz(linspace(0, hz_to_mel(fs/2), n_mels + 2))；第 i 个滤波器从 edges[i] 升到 "
        "edges[i+1]，再降到 edges[i+2]，负值截为 0。",
    ),
}


def stft(x, N, hop):
    """Short-time Fourier transform with a periodic Hann window w[n] = 0.5 - 0.5 cos(2 pi n / N).

    Full frames only, starting at 0, hop, ... up to len(x) - N; each frame is windowed and
    rfft-ed. Input: a 1-D signal x, the frame length N and the hop. Output: a complex array
    (frames, N/2 + 1).

    >>> np.abs(stft(np.ones(4), 4, 2)).round(6).tolist()
    [[2.0, 1.0, 0.0]]
    """
    w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N) / N)  # periodic Hann
    starts = range(0, len(x) - N + 1, hop)
    return np.array([np.fft.rfft(w * x[s : s + N]) for s in starts])  # (frames, N/2 + 1)


def hz_to_mel(f):
    """Hertz to mel: m = 2595 log10(1 + f / 700). Input: a frequency or an array.

    >>> round(float(hz_to_mel(700.0)), 6)
    781.172839
    """
    return 2595 * np.log10(1 + f / 700)


def mel_to_hz(m):
    """Mel to hertz, the inverse of hz_to_mel: f = 700 (10^(m / 2595) - 1).

    >>> round(float(mel_to_hz(0.0)), 6)
    0.0
    """
    return 700 * (10 ** (m / 2595) - 1)


def mel_filterbank(n_mels, N, fs):
    """Triangular mel filterbank on the rfft frequencies f_j = j fs / N.

    Split [0, hz_to_mel(fs/2)] into n_mels + 2 equally spaced mel edges, convert back to Hz;
    filter i is the triangle on (edges[i], edges[i+1], edges[i+2]):
    max(0, min((f - lo)/(c - lo), (hi - f)/(hi - c))). Input: n_mels, N, fs. Output:
    (Fb, centres): Fb (n_mels, N/2 + 1) and the centre frequencies in Hz (length n_mels).

    >>> Fb, c = mel_filterbank(1, 4, 8.0)
    >>> Fb.round(3).tolist(), c.round(3).tolist()
    ([[0.0, 0.999, 0.0]], [1.997])
    """
    edges = mel_to_hz(np.linspace(0, hz_to_mel(fs / 2), n_mels + 2))  # equally spaced in mel
    f = np.fft.rfftfreq(N, 1 / fs)
    Fb = np.zeros((n_mels, len(f)))
    for i in range(n_mels):
        lo, c, hi = edges[i : i + 3]
        Fb[i] = np.clip(np.minimum((f - lo) / (c - lo), (hi - f) / (hi - c)), 0, None)
    return Fb, edges[1:-1]


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Spectrograms")
    fs, N, hop = 16000, 400, 100  # 25 ms window, hop N/4 (Whisper uses 10 ms = 160)
    t = np.arange(fs) / fs

    with r.case("STFT equals an explicit windowed DFT loop (N = 16, hop 5)") as c:
        x = rng.normal(size=60)
        n16 = 16
        w = [0.5 - 0.5 * math.cos(2 * math.pi * i / n16) for i in range(n16)]
        ref = [[sum(w[i] * x[s + i] * cmath.exp(-2j * math.pi * kk * i / n16) for i in range(n16))
                for kk in range(n16 // 2 + 1)] for s in range(0, 60 - n16 + 1, 5)]
        X = f.stft(x, n16, 5)
        c.equal(X.shape, (9, 9))
        c.close(X.real, np.real(ref), rtol=0, atol=1e-12)
        c.close(X.imag, np.imag(ref), rtol=0, atol=1e-12)

    with r.case("pure 1 kHz tone peaks in bin f0 N / fs = 25") as c:
        f0 = 1000.0
        S = np.abs(f.stft(np.sin(2 * np.pi * f0 * t), N, hop)) ** 2
        c.equal(np.argmax(S, axis=1), np.full(len(S), round(f0 * N / fs)))
        c.equal(len(S), (fs - N) // hop + 1)

    # Energy: per frame sum |X_k|^2 over the full spectrum = N sum (w x)^2 (Parseval); summed over
    # frames, sum_m w^2[n - m hop] = 1.5 for periodic Hann at hop N/4, away from the ends.
    with r.case("spectrogram energy / N = 1.5 x signal energy") as c:
        x = rng.normal(size=8000)
        x[:N] = 0.0
        x[-N:] = 0.0  # silence at the ends so every sample is fully covered
        full = np.abs(f.stft(x, N, hop)) ** 2
        full[:, 1:-1] *= 2  # rfft keeps one of each +-f pair (N even)
        c.close(full.sum() / N, 1.5 * np.sum(x**2), rtol=1e-10)

    # Chirp 500 -> 4500 Hz over 1 s: the spectrogram peak follows f(t) = 500 + 4000 t.
    with r.case("chirp peak tracks the instantaneous frequency within one bin") as c:
        chirp = np.sin(2 * np.pi * (500 * t + 2000 * t**2))
        Sc = np.abs(f.stft(chirp, N, hop))
        centres = (np.arange(len(Sc)) * hop + N / 2) / fs
        err = np.abs(np.argmax(Sc, axis=1) * fs / N - (500 + 4000 * centres)).max()
        r.figure("chirp: max peak-tracking error (Hz); bin width 40 Hz", err)
        c.true(err <= fs / N, f"{err:.1f} Hz")

    with r.case("mel scale equals 2595 log10(1 + f / 700) and its inverse") as c:
        hz = np.array([0.0, 100.0, 700.0, 1000.0, 8000.0])
        c.close(f.hz_to_mel(hz), [2595 * math.log10(1 + v / 700) for v in hz], rtol=1e-12)
        mel = np.array([0.0, 500.0, 1000.0, 2840.0])
        c.close(f.mel_to_hz(mel), [700 * (10 ** (v / 2595) - 1) for v in mel], rtol=1e-12, atol=1e-12)

    with r.case("mel <-> Hz conversion round-trips") as c:
        hz = rng.uniform(0, 8000, size=20)
        c.close(f.mel_to_hz(f.hz_to_mel(hz)), hz, rtol=1e-12)

    mel_of = lambda v: 2595 * math.log10(1 + v / 700)
    top = mel_of(fs / 2)
    edges = [700 * (10 ** (top * i / 81 / 2595) - 1) for i in range(82)]
    with r.case("mel centres are equally spaced in mel") as c:
        Fb, centres_hz = f.mel_filterbank(80, N, fs)
        r.figure("mel filter centres (Hz): first, middle, last",
                 f"{centres_hz[0]:.0f}, {centres_hz[40]:.0f}, {centres_hz[-1]:.0f}")
        c.close(centres_hz, edges[1:-1], rtol=1e-9)

    with r.case("filterbank equals the triangle formula entry by entry") as c:
        freqs = [j * fs / N for j in range(N // 2 + 1)]
        ref = [[max(0.0, min((fj - edges[i]) / (edges[i + 1] - edges[i]),
                             (edges[i + 2] - fj) / (edges[i + 2] - edges[i + 1]))) for fj in freqs]
               for i in range(80)]
        c.close(Fb, ref, rtol=1e-9, atol=1e-12)
        S = np.abs(f.stft(np.sin(2 * np.pi * 1000.0 * t), N, hop)) ** 2
        r.figure("log-mel frame shape (frames, mels)", str(np.log10(np.maximum(S @ Fb.T, 1e-10)).shape))
    # Overlap-add of Hann^2 at hop N/4 is the constant 1.5 used above.
    hann2 = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N) / N)) ** 2
    ola = sum(np.roll(np.pad(hann2, (0, 3 * N)), k * hop)[: 4 * N] for k in range(4 * N // hop))
    r.figure("overlap sum of Hann^2 at hop N/4 (middle)", float(ola[2 * N]))
    return r


if __name__ == "__main__":
    main(run)
