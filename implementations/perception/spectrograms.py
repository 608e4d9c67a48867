"""spectrograms: short-time Fourier transform magnitudes and the log-mel features fed to speech models.

Follows Koenig, Dunn & Lacy (1946) for the sound spectrogram (energy over time and frequency) and
Radford et al. (2023, Whisper) for its modern use: 16 kHz audio, 25 ms windows, 10 ms hop,
80 log-mel channels. Checks: a pure tone peaks in the bin f N / fs; with a periodic Hann window and
hop N/4 the spectrogram energy equals 1.5 x the signal energy (Parseval per frame plus the
constant overlap sum of w^2); a chirp's peak frequency tracks its instantaneous frequency; mel
filters are centred uniformly on the mel scale and their conversion round-trips.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def hann(N):
    return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N) / N)  # periodic Hann


def stft(x, N, hop):
    w = hann(N)
    starts = range(0, len(x) - N + 1, hop)
    return np.array([np.fft.rfft(w * x[s : s + N]) for s in starts])  # (frames, N/2 + 1)


hz_to_mel = lambda f: 2595 * np.log10(1 + f / 700)
mel_to_hz = lambda m: 700 * (10 ** (m / 2595) - 1)


def mel_filterbank(n_mels, N, fs):
    edges = mel_to_hz(np.linspace(0, hz_to_mel(fs / 2), n_mels + 2))  # equally spaced in mel
    f = np.fft.rfftfreq(N, 1 / fs)
    Fb = np.zeros((n_mels, len(f)))
    for i in range(n_mels):
        lo, c, hi = edges[i : i + 3]
        Fb[i] = np.clip(np.minimum((f - lo) / (c - lo), (hi - f) / (hi - c)), 0, None)
    return Fb, edges[1:-1]


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Spectrograms")
    fs, N, hop = 16000, 400, 100  # 25 ms window, hop N/4 (Whisper uses 10 ms = 160)
    t = np.arange(fs) / fs
    f0 = 1000.0
    S = np.abs(stft(np.sin(2 * np.pi * f0 * t), N, hop)) ** 2
    r.check(
        "pure 1 kHz tone peaks in bin f0 N / fs = 25",
        np.all(np.argmax(S, axis=1) == round(f0 * N / fs)),
    )

    # Energy: per frame sum |X_k|^2 over the full spectrum = N sum (w x)^2 (Parseval); summed over
    # frames, sum_m w^2[n - m hop] = 1.5 for periodic Hann at hop N/4, away from the ends.
    x = rng.normal(size=8000)
    x[:N] = 0.0
    x[-N:] = 0.0  # silence at the ends so every sample is fully covered
    X = stft(x, N, hop)
    full = np.abs(X) ** 2
    full[:, 1:-1] *= 2  # rfft keeps one of each +-f pair (N even)
    r.check_close(
        "spectrogram energy / N = 1.5 x signal energy",
        full.sum() / N,
        1.5 * np.sum(x**2),
        rtol=1e-10,
    )
    ola = sum(
        np.roll(np.pad(hann(N) ** 2, (0, 3 * N)), k * hop)[: 4 * N] for k in range(4 * N // hop)
    )
    r.check_close(
        "overlap sum of Hann^2 at hop N/4 is constant 1.5",
        ola[N : 3 * N],
        np.full(2 * N, 1.5),
        rtol=1e-12,
    )

    # Chirp 500 -> 4500 Hz over 1 s: the spectrogram peak follows f(t) = 500 + 4000 t.
    chirp = np.sin(2 * np.pi * (500 * t + 2000 * t**2))
    Sc = np.abs(stft(chirp, N, hop))
    centres = (np.arange(len(Sc)) * hop + N / 2) / fs
    peak_hz = np.argmax(Sc, axis=1) * fs / N
    err = np.abs(peak_hz - (500 + 4000 * centres)).max()
    r.figure("chirp: max peak-tracking error (Hz); bin width 40 Hz", err)
    r.check("chirp peak tracks the instantaneous frequency within one bin", err <= fs / N)

    Fb, centres_hz = mel_filterbank(80, N, fs)
    r.figure(
        "mel filter centres (Hz): first, middle, last",
        f"{centres_hz[0]:.0f}, {centres_hz[40]:.0f}, {centres_hz[-1]:.0f}",
    )
    r.check_close(
        "mel centres are equally spaced in mel",
        np.diff(hz_to_mel(centres_hz)),
        np.full(79, hz_to_mel(fs / 2) / 81),
        rtol=1e-9,
    )
    r.check_close(
        "mel <-> Hz conversion round-trips",
        mel_to_hz(hz_to_mel(centres_hz)),
        centres_hz,
        rtol=1e-12,
    )
    logmel = np.log10(np.maximum(S @ Fb.T, 1e-10))
    r.figure("log-mel frame shape (frames, mels)", str(logmel.shape))
    return r


if __name__ == "__main__":
    main(run)
