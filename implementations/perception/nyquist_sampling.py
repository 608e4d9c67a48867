"""nyquist-sampling: a band-limited signal is fixed by samples taken faster than twice its band.

Follows Shannon (1949), "Communication in the presence of noise", Theorem 1, and the band-limited
ensemble theorem of Shannon (1948). Checks: sinc (Whittaker-Shannon) reconstruction against the
exact signal, the aliased frequency against the FFT peak, and the failure of reconstruction below
the Nyquist rate.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def signal(t, B):
    # sinc^2(B t) has a triangular spectrum supported on |f| <= B: band-limited to B Hz.
    return np.sinc(B * t) ** 2


def reconstruct(samples, n, fs, t):
    # Whittaker-Shannon interpolation: x(t) = sum_n x[n] sinc(fs t - n).
    return np.sinc(fs * t[:, None] - n[None, :]) @ samples


def run() -> Report:
    r = Report("Nyquist-Shannon sampling")
    B = 1.0  # band limit in Hz
    t = np.linspace(-3.0, 3.0, 301)  # off-grid evaluation points
    errs = {}
    for fs in (2.5 * B, 1.5 * B):  # above and below the Nyquist rate 2B
        n = np.arange(-4000, 4001)
        x_n = signal(n / fs, B)
        errs[fs] = np.max(np.abs(reconstruct(x_n, n, fs, t) - signal(t, B)))
    r.figure("Nyquist rate 2B (Hz)", 2 * B)
    r.figure("max reconstruction error, fs = 2.5B", errs[2.5 * B])
    r.figure("max reconstruction error, fs = 1.5B", errs[1.5 * B])
    # The infinite sum is truncated at |n| <= 4000; the samples decay like 1/n^2, so the tail is tiny.
    r.check(
        "above Nyquist: sinc interpolation recovers the signal",
        errs[2.5 * B] < 1e-5,
        f"max error {errs[2.5 * B]:.2e}",
    )
    r.check(
        "below Nyquist: reconstruction fails (aliasing)",
        errs[1.5 * B] > 1e-2,
        f"max error {errs[1.5 * B]:.2e}",
    )

    # Aliasing of a pure tone: a cosine at f > fs/2 is indistinguishable from one at |f - k fs|.
    fs, N = 100.0, 1000
    k = np.arange(N)
    for f in (70.0, 130.0, 262.0):
        alias = abs(f - round(f / fs) * fs)  # fold into [0, fs/2]
        spec = np.abs(np.fft.rfft(np.cos(2 * np.pi * f * k / fs)))
        f_peak = np.fft.rfftfreq(N, 1 / fs)[np.argmax(spec)]
        r.figure(f"tone {f:g} Hz sampled at {fs:g} Hz appears at (Hz)", f_peak)
        r.check_close(
            f"FFT peak of {f:g} Hz tone equals |f - k fs| = {alias:g}",
            f_peak,
            alias,
            atol=fs / N / 2,
        )
    same = np.max(np.abs(np.cos(2 * np.pi * 70.0 * k / fs) - np.cos(2 * np.pi * 30.0 * k / fs)))
    r.check_close(
        "samples of 70 Hz and 30 Hz cosines coincide at fs = 100 Hz", same, 0.0, atol=1e-9
    )
    return r


if __name__ == "__main__":
    main(run)
