"""frequency-response: a stable LTI system answers sin(wt) with |G(iw)| sin(wt + arg G(iw)).

Follows Astrom & Murray, Feedback Systems 2e, ch. 9 (Transfer Functions: frequency
response, Bode plots) and Hu, Automatic Control Principles ch. 5. The learner computes
G(iw) = C (iwI - A)^-1 B + D and fits amplitude and phase to a sampled sinusoid by least
squares. Checks compare G with scipy.signal.freqresp and with the closed form
4/(4 - w^2 + 0.4 i w), the fit with exactly synthesised sinusoids, and both with the
steady state of an exact simulation (scipy.linalg.expm, the sine generator in the state).
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import expm
from scipy.signal import freqresp

from implementations._common import Report, main, solution

EXERCISE = ["freq_response", "fit_sinusoid"]

DOC_ZH = {
    "freq_response": """状态空间系统的频率响应 G(iw) = C (iwI - A)^-1 B + D（单输入单输出）。

输入：A，形状 (n, n)；B，形状 (n, 1)；C，形状 (1, n)；D，标量；w，频率数组（rad/s）。
输出：与 w 同形状的复数数组。

>>> G = freq_response(np.array([[-1.0]]), np.array([[1.0]]), np.array([[1.0]]), 0.0, np.array([1.0]))
>>> np.round(G, 6).tolist()
[(0.5-0.5j)]
""",
    "fit_sinusoid": """用最小二乘把 y ≈ R sin(w t + phi) 拟合到采样数据上。

输入：t，采样时刻；y，同长度的采样值；w，已知频率。
输出：(R, phi)，幅值 R >= 0 和相位 phi，phi 取值于 (-pi, pi]。

>>> t = np.linspace(0, 10, 101)
>>> R, phi = fit_sinusoid(t, 2 * np.sin(3 * t + 0.5), 3.0)
>>> round(R, 6), round(phi, 6)
(2.0, 0.5)
""",
}

HINTS = {
    "en": (
        "Plug s = i w into the transfer function; for the fit, a sinusoid of known frequency "
        "is linear in two unknown coefficients.",
        "G(iw) = C solve(iwI - A, B) + D. R sin(wt + phi) = a sin(wt) + b cos(wt) with "
        "a = R cos phi, b = R sin phi: solve for (a, b) by lstsq, then R = hypot(a, b), "
        "phi = arctan2(b, a).",
    ),
    "zh": (
        "把 s = i w 代入传递函数；拟合时，已知频率的正弦对两个未知系数是线性的。",
        "G(iw) = C solve(iwI - A, B) + D。R sin(wt + phi) = a sin(wt) + b cos(wt)，其中 "
        "a = R cos phi，b = R sin phi：用 lstsq 解出 (a, b)，再取 R = hypot(a, b)，phi = arctan2(b, a)。",
    ),
}


def freq_response(A, B, C, D, w):
    """Frequency response G(iw) = C (iwI - A)^-1 B + D of a single-input single-output system.

    Input: A, shape (n, n); B, shape (n, 1); C, shape (1, n); D, a scalar; w, an array of
    frequencies in rad/s. Output: a complex array with the shape of w.

    >>> G = freq_response(np.array([[-1.0]]), np.array([[1.0]]), np.array([[1.0]]), 0.0, np.array([1.0]))
    >>> np.round(G, 6).tolist()
    [(0.5-0.5j)]
    """
    n = A.shape[0]
    w = np.asarray(w, dtype=float)
    G = [(C @ np.linalg.solve(1j * wk * np.eye(n) - A, B)).item() + D for wk in w.ravel()]
    return np.array(G).reshape(w.shape)


def fit_sinusoid(t, y, w):
    """Least-squares fit of y ~ R sin(w t + phi) to samples.

    Input: t, sample times; y, samples of the same length; w, the known frequency.
    Output: (R, phi), amplitude R >= 0 and phase phi in (-pi, pi].

    >>> t = np.linspace(0, 10, 101)
    >>> R, phi = fit_sinusoid(t, 2 * np.sin(3 * t + 0.5), 3.0)
    >>> round(R, 6), round(phi, 6)
    (2.0, 0.5)
    """
    t = np.asarray(t, dtype=float)
    X = np.c_[np.sin(w * t), np.cos(w * t)]
    a, b = np.linalg.lstsq(X, np.asarray(y, dtype=float), rcond=None)[0]
    return float(np.hypot(a, b)), float(np.arctan2(b, a))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Frequency response: G(iw) vs simulated sinusoidal steady state")
    # lightly damped plant y'' + 0.4 y' + 4 y = 4 u (resonance near w = 2)
    A = np.array([[0.0, 1.0], [-4.0, -0.4]])
    B = np.array([[0.0], [4.0]])
    C = np.array([[1.0, 0.0]])
    ws = np.array([0.5, 1.9, 6.0])

    with r.case("G(iw) = scipy freqresp = 4 / (4 - w^2 + 0.4 i w)") as c:
        G = np.asarray(f.freq_response(A, B, C, 0.0, ws))
        r.figure("|G(iw)| at w = 0.5, 1.9, 6", np.round(np.abs(G), 5).tolist())
        c.close(G.real, (4 / (4 - ws**2 + 0.4j * ws)).real, rtol=1e-12)
        c.close(G.imag, (4 / (4 - ws**2 + 0.4j * ws)).imag, rtol=1e-12)
        c.true(abs(G[1]) > 4.0, "resonance: gain near w = 2 exceeds DC gain 1")

    with r.case("random 3-state system with feedthrough = scipy freqresp") as c:
        A3 = rng.normal(size=(3, 3)) - 2 * np.eye(3)
        B3, C3, D3 = rng.normal(size=(3, 1)), rng.normal(size=(1, 3)), 0.7
        w3 = np.logspace(-1, 1, 7)
        _, H = freqresp((A3, B3, C3, np.array([[D3]])), w3)
        G3 = np.asarray(f.freq_response(A3, B3, C3, D3, w3))
        c.close(np.abs(G3 - H), np.zeros(7), atol=1e-10)

    with r.case("fit recovers amplitude and phase of exact sinusoids") as c:
        t = np.linspace(0.0, 7.3, 400)
        for R0, ph0, w in ((1.7, -2.5, 2.2), (0.3, 3.0, 0.9), (5.0, 0.0, 4.0)):
            R, ph = f.fit_sinusoid(t, R0 * np.sin(w * t + ph0), w)
            c.close([R, ph], [R0, ph0], rtol=1e-9, atol=1e-12)
        R, ph = f.fit_sinusoid(t, -2.0 * np.cos(1.5 * t), 1.5)  # = 2 sin(wt - pi/2)
        c.close([R, ph], [2.0, -np.pi / 2], rtol=1e-9)

    # simulated steady state: augmented state [x; s; c], s' = w c, c' = -w s, u = s = sin wt
    fits = []
    for w in ws:
        M = np.zeros((4, 4))
        M[:2, :2], M[:2, 2:3] = A, B
        M[2, 3], M[3, 2] = w, -w
        dt = 2 * np.pi / w / 200
        z = expm(M * (int(100 / dt) + 1) * dt) @ np.array([0.0, 0.0, 0.0, 1.0])
        Phi = expm(M * dt)
        ts = (int(100 / dt) + 1 + np.arange(1000)) * dt  # transient e^{-0.2 t} has died out
        ys = []
        for _ in ts:
            ys.append(z[0])
            z = Phi @ z
        fits.append((ts, np.array(ys), w))

    with r.case("steady-state amplitude = |G(iw)|") as c:
        G = np.asarray(f.freq_response(A, B, C, 0.0, ws))
        got = [f.fit_sinusoid(ts, ys, w)[0] for ts, ys, w in fits]
        c.close(got, np.abs(G), rtol=1e-6)
        c.close(got, np.abs(4 / (4 - ws**2 + 0.4j * ws)), rtol=1e-6)

    with r.case("steady-state phase = arg G(iw)") as c:
        G = np.asarray(f.freq_response(A, B, C, 0.0, ws))
        got = [f.fit_sinusoid(ts, ys, w)[1] for ts, ys, w in fits]
        c.close(got, np.angle(G), rtol=1e-5, atol=1e-6)
        c.close(got, np.angle(4 / (4 - ws**2 + 0.4j * ws)), rtol=1e-5, atol=1e-6)
    return r


if __name__ == "__main__":
    main(run)
