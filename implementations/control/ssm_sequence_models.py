"""ssm-sequence-models: a discretised linear state-space layer run as a recurrence and as a convolution.

Follows Gu, Goel & Re, "Efficiently Modeling Long Sequences with Structured State
Spaces" (S4, ICLR 2022) and Murphy, PML2 ch. 29. A continuous SSM x' = Ax + Bu,
y = Cx (here with the HiPPO-LegS matrix A) is discretised with the bilinear rule
Ab = (I - dA/2)^-1 (I + dA/2), Bb = (I - dA/2)^-1 d B. The learner writes the
discretisation, the recurrence and the convolution kernel K = (C Bb, C Ab Bb, ...).
Checks compare with scipy.signal.cont2discrete (bilinear), scipy.signal.dlsim, explicit
matrix powers, the causal convolution with K (numpy.convolve and FFT), S4's
generating-function formula C (I - Ab^L)(I - Ab z)^-1 Bb at the roots of unity, stability
of the bilinear map, and its third-order local error against scipy.linalg.expm.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import expm
from scipy.signal import cont2discrete, dlsim

from implementations._common import Report, main, solution

EXERCISE = ["discretize_bilinear", "ssm_recurrence", "ssm_kernel"]

DOC_ZH = {
    "discretize_bilinear": """双线性（Tustin）离散化：Ab = (I - dA/2)^-1 (I + dA/2)，Bb = (I - dA/2)^-1 d B。

输入：A，形状 (N, N)；B，形状 (N, 1)；d > 0，步长。
输出：(Ab，形状 (N, N)；Bb，形状 (N, 1))。

>>> Ab, Bb = discretize_bilinear(np.array([[-1.0]]), np.array([[1.0]]), 1.0)
>>> np.round(Ab, 6).tolist(), np.round(Bb, 6).tolist()
([[0.333333]], [[0.666667]])
""",
    "ssm_recurrence": """循环（推理）模式：h[k] = Ab h[k-1] + Bb u[k]，y[k] = C h[k]，h[-1] = 0。

输入：Ab，形状 (N, N)；Bb，形状 (N, 1)；C，形状 (1, N)；u，长度 L 的一维输入序列。
输出：长度 L 的一维数组 y。

>>> ssm_recurrence(np.array([[0.5]]), np.array([[1.0]]), np.array([[2.0]]), np.array([1.0, 0.0, 0.0])).tolist()
[2.0, 1.0, 0.5]
""",
    "ssm_kernel": """卷积（训练）模式的核 K = (C Bb, C Ab Bb, ..., C Ab^(L-1) Bb)，使 y = K 与 u 的因果卷积。

输入：Ab，形状 (N, N)；Bb，形状 (N, 1)；C，形状 (1, N)；L，核长度。
输出：长度 L 的一维数组 K。

>>> ssm_kernel(np.array([[0.5]]), np.array([[1.0]]), np.array([[2.0]]), 3).tolist()
[2.0, 1.0, 0.5]
""",
}

HINTS = {
    "en": (
        "Unroll the recurrence from a zero state: each output is a weighted sum of the past "
        "inputs, and the weights do not depend on the time step.",
        "y[k] = sum_j C Ab^j Bb u[k-j], so K_j = C Ab^j Bb (keep v = Ab^j Bb and multiply by "
        "Ab each step). Bilinear: solve (I - dA/2) X = (I + dA/2) and (I - dA/2) Y = d B.",
    ),
    "zh": (
        "从零状态展开递推：每个输出都是过去输入的加权和，而权重与时间步无关。",
        "y[k] = Σ_j C Ab^j Bb u[k-j]，所以 K_j = C Ab^j Bb（保存 v = Ab^j Bb，每步乘以 Ab）。"
        "双线性：解 (I - dA/2) X = (I + dA/2) 和 (I - dA/2) Y = d B。",
    ),
}


def discretize_bilinear(A, B, d):
    """Bilinear (Tustin) discretisation Ab = (I - dA/2)^-1 (I + dA/2), Bb = (I - dA/2)^-1 d B.

    Input: A, shape (N, N); B, shape (N, 1); d > 0, the step.
    Output: (Ab, shape (N, N); Bb, shape (N, 1)).

    >>> Ab, Bb = discretize_bilinear(np.array([[-1.0]]), np.array([[1.0]]), 1.0)
    >>> np.round(Ab, 6).tolist(), np.round(Bb, 6).tolist()
    ([[0.333333]], [[0.666667]])
    """
    I = np.eye(A.shape[0])
    return np.linalg.solve(I - d / 2 * A, I + d / 2 * A), np.linalg.solve(I - d / 2 * A, d * B)


def ssm_recurrence(Ab, Bb, C, u):
    """Recurrent (inference) mode: h[k] = Ab h[k-1] + Bb u[k], y[k] = C h[k], h[-1] = 0.

    Input: Ab, shape (N, N); Bb, shape (N, 1); C, shape (1, N); u, a 1-D input of length L.
    Output: y, a 1-D array of length L.

    >>> ssm_recurrence(np.array([[0.5]]), np.array([[1.0]]), np.array([[2.0]]), np.array([1.0, 0.0, 0.0])).tolist()
    [2.0, 1.0, 0.5]
    """
    h, y = np.zeros((Ab.shape[0], 1)), np.empty(len(u))
    for k in range(len(u)):
        h = Ab @ h + Bb * u[k]
        y[k] = (C @ h).item()
    return y


def ssm_kernel(Ab, Bb, C, L):
    """Convolution (training) kernel K = (C Bb, C Ab Bb, ..., C Ab^(L-1) Bb): y = K causally convolved with u.

    Input: Ab, shape (N, N); Bb, shape (N, 1); C, shape (1, N); L, the kernel length.
    Output: K, a 1-D array of length L.

    >>> ssm_kernel(np.array([[0.5]]), np.array([[1.0]]), np.array([[2.0]]), 3).tolist()
    [2.0, 1.0, 0.5]
    """
    K, v = np.empty(L), Bb.copy()
    for k in range(L):
        K[k] = (C @ v).item()
        v = Ab @ v
    return K


def hippo_legs(N):
    n = np.arange(N)
    q = np.sqrt(2 * n + 1)
    return -np.tril(np.outer(q, q), -1) - np.diag(n + 1), q.reshape(N, 1)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("SSM layer: recurrence = convolution kernel = S4 generating function")
    N, L, d = 8, 256, 0.05
    A, B = hippo_legs(N)
    C = rng.normal(size=(1, N)) / np.sqrt(N)
    I = np.eye(N)
    Ab_ref, Bb_ref, *_ = cont2discrete((A, B, C, np.zeros((1, 1))), d, method="bilinear")
    u = rng.normal(size=L)

    with r.case("bilinear discretisation = scipy cont2discrete") as c:
        Ab, Bb = f.discretize_bilinear(A, B, d)
        c.close(Ab, Ab_ref, rtol=1e-10, atol=1e-13)
        c.close(Bb, Bb_ref, rtol=1e-10, atol=1e-13)

    with r.case("bilinear map keeps the stable A stable (rho(Ab) < 1)") as c:
        Ab, _ = f.discretize_bilinear(A, B, d)
        r.figure("max Re eig(A) (HiPPO-LegS)", float(np.linalg.eigvals(A).real.max()))
        r.figure("spectral radius of Ab", float(np.abs(np.linalg.eigvals(Ab)).max()))
        c.true(np.abs(np.linalg.eigvals(Ab)).max() < 1)
        Ab2, _ = f.discretize_bilinear(A, B, 5.0)  # even a huge step stays stable
        c.true(np.abs(np.linalg.eigvals(Ab2)).max() < 1)

    with r.case("recurrence = scipy dlsim") as c:
        # dlsim's y[k] = C x[k] + D u[k] with x[k] before u[k] enters; the learner's h[k] has
        # taken u[k] in, so its output is dlsim's with C Ab and D = C Bb
        _, y_next, _ = dlsim((Ab_ref, Bb_ref, C @ Ab_ref, C @ Bb_ref, d), u)
        c.close(f.ssm_recurrence(Ab_ref, Bb_ref, C, u), y_next[:, 0], rtol=1e-9, atol=1e-12)

    with r.case("kernel K_k = C Ab^k Bb (matrix powers)") as c:
        K = f.ssm_kernel(Ab_ref, Bb_ref, C, L)
        idx = [0, 1, 7, 100, 255]
        ref = [(C @ np.linalg.matrix_power(Ab_ref, k) @ Bb_ref).item() for k in idx]
        c.equal(np.shape(K), (L,))
        c.close(np.asarray(K)[idx], ref, rtol=1e-9, atol=1e-14)

    with r.case("recurrence = causal convolution with K") as c:
        y_rec = f.ssm_recurrence(Ab_ref, Bb_ref, C, u)
        K = f.ssm_kernel(Ab_ref, Bb_ref, C, L)
        c.close(y_rec, np.convolve(u, K)[:L], rtol=1e-9, atol=1e-12)

    with r.case("FFT convolution = recurrence") as c:
        K = f.ssm_kernel(Ab_ref, Bb_ref, C, L)
        n_fft = 2 * L  # zero-pad: linear, not circular, conv
        y_fft = np.fft.irfft(np.fft.rfft(u, n_fft) * np.fft.rfft(K, n_fft), n_fft)[:L]
        c.close(y_fft, f.ssm_recurrence(Ab_ref, Bb_ref, C, u), rtol=1e-9, atol=1e-11)

    with r.case("DFT of kernel = truncated generating function") as c:
        K = f.ssm_kernel(Ab_ref, Bb_ref, C, L)
        z = np.exp(-2j * np.pi * np.arange(L) / L)
        AbL = np.linalg.matrix_power(Ab_ref, L)
        gen = np.array(
            [(C @ (I - AbL) @ np.linalg.solve(I - Ab_ref * zj, Bb_ref)).item() for zj in z]
        )
        Kf = np.fft.fft(K)
        c.close(Kf.real, gen.real, rtol=1e-8, atol=1e-10)
        c.close(Kf.imag, gen.imag, rtol=1e-8, atol=1e-10)

    with r.case("bilinear discretisation error is third order") as c:
        errs = [
            np.abs(f.discretize_bilinear(A, B, dd)[0] - expm(dd * A)).max() for dd in (0.002, 0.001)
        ]
        r.figure("|bilinear - e^{dA}| for d = 0.002, 0.001", [float(e) for e in errs])
        c.close(errs[0] / errs[1], 8.0, rtol=0.05)
    return r


if __name__ == "__main__":
    main(run)
