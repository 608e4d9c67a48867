"""ssm-sequence-models: a discretised linear state-space layer run as a recurrence and as a convolution.

Follows Gu, Goel & Re, "Efficiently Modeling Long Sequences with Structured State
Spaces" (S4, ICLR 2022) and Murphy, PML2 ch. 29. A continuous SSM x' = Ax + Bu,
y = Cx (here with the HiPPO-LegS matrix A) is discretised with the bilinear rule
Ab = (I - dA/2)^-1 (I + dA/2), Bb = (I - dA/2)^-1 d B. Checks: the recurrence
h[k] = Ab h[k-1] + Bb u[k], y = C h equals the causal convolution with the kernel
K = (C Bb, C Ab Bb, ..., C Ab^(L-1) Bb), computed directly and with the FFT; the
kernel's DFT equals S4's generating-function formula C (I - Ab^L)(I - Ab z)^-1 Bb at
the roots of unity; bilinear discretisation keeps a stable A stable.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def hippo_legs(N):
    n = np.arange(N)
    q = np.sqrt(2 * n + 1)
    A = -np.tril(np.outer(q, q), -1) - np.diag(n + 1)
    return A, q.reshape(N, 1)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("SSM layer: recurrence = convolution kernel = S4 generating function")
    N, L, d = 8, 256, 0.05
    A, B = hippo_legs(N)
    C = rng.normal(size=(1, N)) / np.sqrt(N)
    I = np.eye(N)
    Ab = np.linalg.solve(I - d / 2 * A, I + d / 2 * A)
    Bb = np.linalg.solve(I - d / 2 * A, d * B)
    r.figure("max Re eig(A) (HiPPO-LegS)", float(np.linalg.eigvals(A).real.max()))
    r.figure("spectral radius of Ab", float(np.abs(np.linalg.eigvals(Ab)).max()))
    r.check(
        "bilinear map keeps the stable A stable (rho(Ab) < 1)",
        np.linalg.eigvals(A).real.max() < 0 and np.abs(np.linalg.eigvals(Ab)).max() < 1,
    )

    u = rng.normal(size=L)
    h, y_rec = np.zeros((N, 1)), np.empty(L)
    for k in range(L):  # recurrent (inference) mode
        h = Ab @ h + Bb * u[k]
        y_rec[k] = (C @ h).item()

    K, v = np.empty(L), Bb.copy()
    for k in range(L):  # kernel K_k = C Ab^k Bb
        K[k] = (C @ v).item()
        v = Ab @ v
    y_conv = np.convolve(u, K)[:L]  # causal convolution (training mode)
    r.check_close("recurrence = causal convolution with K", y_rec, y_conv, rtol=1e-9, atol=1e-12)

    n_fft = 2 * L  # zero-pad: linear, not circular, conv
    y_fft = np.fft.irfft(np.fft.rfft(u, n_fft) * np.fft.rfft(K, n_fft), n_fft)[:L]
    r.check_close("FFT convolution = recurrence", y_fft, y_rec, rtol=1e-9, atol=1e-11)

    # S4's generating function: sum_k K_k z^k = C (I - Ab^L)(I - Ab z)^-1 Bb, z = e^{-2 pi i j / L}
    z = np.exp(-2j * np.pi * np.arange(L) / L)
    AbL = np.linalg.matrix_power(Ab, L)
    gen = np.array([(C @ (I - AbL) @ np.linalg.solve(I - Ab * zj, Bb)).item() for zj in z])
    Kf = np.fft.fft(K)
    r.check_close(
        "DFT of kernel = truncated generating function (real)",
        Kf.real,
        gen.real,
        rtol=1e-8,
        atol=1e-10,
    )
    r.check_close(
        "DFT of kernel = truncated generating function (imag)",
        Kf.imag,
        gen.imag,
        rtol=1e-8,
        atol=1e-10,
    )

    # bilinear = Pade(1,1) approximation of e^{dA}: local error O(d^3), so halving d divides it by ~8
    def expm_series(M, terms=40):
        out, term = np.eye(N), np.eye(N)
        for n in range(1, terms):
            term = term @ M / n
            out = out + term
        return out

    errs = []
    for dd in (0.002, 0.001):
        Abd = np.linalg.solve(I - dd / 2 * A, I + dd / 2 * A)
        errs.append(np.abs(Abd - expm_series(dd * A)).max())
    r.figure("|bilinear - e^{dA}| for d = 0.002, 0.001", [float(e) for e in errs])
    r.check_close("bilinear discretisation error is third order", errs[0] / errs[1], 8.0, rtol=0.05)
    return r


if __name__ == "__main__":
    main(run)
