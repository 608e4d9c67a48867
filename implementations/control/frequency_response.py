"""frequency-response: a stable LTI system answers sin(wt) with |G(iw)| sin(wt + arg G(iw)).

Follows Astrom & Murray, Feedback Systems 2e, ch. 9 (Transfer Functions: frequency
response, Bode plots) and Hu, Automatic Control Principles ch. 5. The gain and phase
of G(iw) = C (iwI - A)^-1 B are compared with a least-squares sine fit of the
simulated steady-state response (exact simulation: the sine generator is part of the
state), and a discrete-time H(e^{iw}) with the FFT of its impulse response.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def expm(M, terms=25):
    """e^M by its Taylor series (the steps used here have ||M|| well below 1)."""
    out, term = np.eye(len(M)), np.eye(len(M))
    for k in range(1, terms):
        term = term @ M / k
        out = out + term
    return out


def run() -> Report:
    r = Report("Frequency response: G(iw) vs simulated sinusoidal steady state")
    # lightly damped plant y'' + 0.4 y' + 4 y = 4 u (resonance near w = 2)
    A = np.array([[0.0, 1.0], [-4.0, -0.4]])
    B = np.array([[0.0], [4.0]])
    C = np.array([[1.0, 0.0]])
    ws = [0.5, 1.9, 6.0]
    gains, phases, fit_g, fit_p = [], [], [], []
    for w in ws:
        G = (C @ np.linalg.solve(1j * w * np.eye(2) - A, B)).item()
        gains.append(abs(G))
        phases.append(np.angle(G))
        # augmented state [x; s; c] with s' = w c, c' = -w s, u = s  ->  u(t) = sin(w t)
        M = np.zeros((4, 4))
        M[:2, :2] = A
        M[:2, 2:3] = B
        M[2, 3], M[3, 2] = w, -w
        period = 2 * np.pi / w
        dt = period / 200
        Phi = expm(M * dt)
        z = np.array([0.0, 0.0, 0.0, 1.0])  # sin(0) = 0, cos(0) = 1
        n_skip, n_fit = int(100 / dt) + 1, 200 * 5  # let the transient (e^{-0.2 t}) die out
        z = np.linalg.matrix_power(Phi, n_skip) @ z
        ys, ts = [], []
        for k in range(n_skip, n_skip + n_fit):
            ys.append(z[0])
            ts.append(k * dt)
            z = Phi @ z
        ts, ys = np.array(ts), np.array(ys)
        X = np.c_[np.sin(w * ts), np.cos(w * ts)]
        a, b = np.linalg.lstsq(X, ys, rcond=None)[0]  # y = a sin + b cos = R sin(wt + phi)
        fit_g.append(np.hypot(a, b))
        fit_p.append(np.arctan2(b, a))
    r.figure("w", ws)
    r.figure("|G(iw)|", np.round(gains, 5).tolist())
    r.figure("arg G(iw) [rad]", np.round(phases, 5).tolist())
    r.check_close("steady-state amplitude = |G(iw)|", fit_g, gains, rtol=1e-6)
    r.check_close("steady-state phase = arg G(iw)", fit_p, phases, rtol=1e-5, atol=1e-6)
    r.check("resonance: gain near w = 2 exceeds DC gain 1", gains[1] > 4.0)

    # discrete time: H(e^{iw}) vs FFT of the impulse response
    a1, a2, b0 = 1.5, -0.7, 0.2  # y[n] = a1 y[n-1] + a2 y[n-2] + b0 x[n]
    N = 2048
    h = np.zeros(N)
    for n in range(N):
        h[n] = (
            (b0 if n == 0 else 0.0)
            + (a1 * h[n - 1] if n >= 1 else 0.0)
            + (a2 * h[n - 2] if n >= 2 else 0.0)
        )
    wk = 2 * np.pi * np.arange(N) / N
    zinv = np.exp(-1j * wk)
    H = b0 / (1 - a1 * zinv - a2 * zinv**2)
    F = np.fft.fft(h)
    r.check_close("|H(e^{iw})| = |FFT(h)|", np.abs(F), np.abs(H), rtol=1e-9)
    r.check_close("arg H(e^{iw}) = arg FFT(h)", np.angle(F * np.conj(H)), np.zeros(N), atol=1e-9)
    return r


if __name__ == "__main__":
    main(run)
