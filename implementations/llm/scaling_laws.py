"""scaling-laws: fitting L(N) = E + (N_c / N)^alpha to loss-vs-size data and extrapolating.

Kaplan et al. (2020) found test loss to follow power laws in parameters N, data D and compute
C (with C ~ 6 N D for a forward + backward pass). Here the data are synthetic with known
constants, so the fits can be checked against the truth: a noise-free pure power law is
recovered exactly by log-log regression; a noise-free offset law E + a N^-alpha is recovered to
1e-6 (so a search that drifts off the minimum fails); with 0.2% noise the fit agrees with
scipy.optimize.least_squares started at the truth and extrapolates 100x beyond the data; and
the FLOPs counted layer by layer equal the closed form 2 N D forward and 4 N D backward, with N
counted from the weight matrices' shapes.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import least_squares, minimize_scalar

from implementations._common import Report, main, solution

EXERCISE = ["fit_power_law", "fit_offset_power_law", "training_flops"]

DOC_ZH = {
    "fit_power_law": """把纯幂律 L = (N_c / N)^alpha 拟合到数据上（对数-对数坐标下的直线回归）。

输入：N，模型规模（正数一维数组）；L，对应的损失（正数）。
输出：(alpha, N_c)，两个 float。

>>> N = np.array([1.0, 10.0, 100.0])
>>> [round(float(v), 6) for v in fit_power_law(N, (1e4 / N) ** 0.5)]
[0.5, 10000.0]
""",
    "fit_offset_power_law": """最小二乘拟合 L = E + a N^-alpha（E 为不可约损失）。

对固定的 alpha，模型对 (E, a) 是线性的（线性最小二乘）；再对 alpha 做一维搜索，使残差平方和最小。
输入：N，模型规模；L，损失。
输出：(alpha, E, a)，三个 float。

>>> N = np.logspace(6, 9, 10)
>>> [round(float(v), 4) for v in fit_offset_power_law(N, 1.7 + 60.0 * N ** -0.3)]
[0.3, 1.7, 60.0]
""",
    "training_flops": """逐层数出训练一个全连接网络所需的浮点运算数（FLOPs）。

宽度为 widths 的网络有权重矩阵 (widths[i], widths[i+1])。每个 token 经过一个 (a, b) 矩阵：前向 2ab 次运算
（乘加各算一次），反向传播对输入求导 2ab、对权重求导 2ab。
输入：widths，各层宽度的列表；tokens，训练的 token 数 D。
输出：(forward, backward)，两个 int：前向与反向的总 FLOPs。

>>> training_flops([2, 3], 10)
(120, 240)
""",
}

HINTS = {
    "en": (
        "A power law is a straight line in log-log coordinates; with an offset E, fix alpha "
        "first and the rest is linear.",
        "log L = alpha log N_c - alpha log N, so the slope is -alpha. For E + a N^-alpha solve "
        "the linear least squares in (E, a) for each alpha and minimise the residual over alpha. "
        "Each weight multiply-add is 2 FLOPs; backward does two products of the same size.",
    ),
    "zh": (
        "幂律在对数-对数坐标下是一条直线；带偏移 E 时，先固定 alpha，其余就是线性问题。",
        "log L = alpha log N_c - alpha log N，斜率为 -alpha。对 E + a N^-alpha，对每个 alpha 解 (E, a) 的"
        "线性最小二乘，再对 alpha 最小化残差。每次乘加是 2 个 FLOPs；反向传播做两次同样大小的矩阵乘法。",
    ),
}


def fit_power_law(N, L):
    """Fit a pure power law L = (N_c / N)^alpha by a straight line in log-log coordinates.

    Input: N, model sizes (positive 1-D array); L, their losses (positive).
    Output: (alpha, N_c), two floats.

    >>> N = np.array([1.0, 10.0, 100.0])
    >>> [round(float(v), 6) for v in fit_power_law(N, (1e4 / N) ** 0.5)]
    [0.5, 10000.0]
    """
    slope, icpt = np.polyfit(np.log(N), np.log(L), 1)
    return -slope, np.exp(icpt / -slope)  # log L = alpha log Nc - alpha log N


def fit_offset_power_law(N, L):
    """Least squares for L = E + a N^-alpha (E: the irreducible loss).

    For fixed alpha the model is linear in (E, a): solve that linear least squares, then
    search alpha (1-D) for the smallest residual sum of squares.
    Input: N, model sizes; L, losses. Output: (alpha, E, a), three floats.

    >>> N = np.logspace(6, 9, 10)
    >>> [round(float(v), 4) for v in fit_offset_power_law(N, 1.7 + 60.0 * N ** -0.3)]
    [0.3, 1.7, 60.0]
    """

    def resid(alpha):
        X = np.column_stack([np.ones_like(N), N**-alpha])
        coef, *_ = np.linalg.lstsq(X, L, rcond=None)
        return np.linalg.norm(X @ coef - L), coef

    # The residual is unimodal in alpha here: Brent's method on (0, 1), to full precision.
    opt = minimize_scalar(lambda a: resid(a)[0], bounds=(0, 1), method="bounded",
                          options={"xatol": 0})
    E, a_coef = resid(opt.x)[1]
    return opt.x, E, a_coef


def training_flops(widths, tokens):
    """Count the FLOPs of training a dense network, layer by layer.

    The network of widths w has weight matrices (w[i], w[i+1]). Per token, an (a, b) matrix
    costs 2ab forward (a multiply and an add per weight), and backward 2ab for the input
    gradient plus 2ab for the weight gradient.
    Input: widths, list of layer widths; tokens, the number D of training tokens.
    Output: (forward, backward), two ints, total FLOPs over all tokens.

    >>> training_flops([2, 3], 10)
    (120, 240)
    """
    fwd = bwd = 0
    for a, b in zip(widths, widths[1:]):
        fwd += 2 * a * b * tokens
        bwd += (2 * a * b + 2 * a * b) * tokens  # dX = dY W^T and dW = X^T dY
    return fwd, bwd


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Scaling laws: power-law fits and extrapolation")
    N = np.logspace(6, 9, 13)

    # 1. Pure power law L = (Nc/N)^alpha: a straight line in log-log coordinates.
    with r.case("log-log regression recovers alpha exactly") as c:
        alpha0, Nc0 = 0.076, 8.8e13  # Kaplan et al.'s constants
        al, Nc = f.fit_power_law(N, (Nc0 / N) ** alpha0)
        c.close(al, alpha0, rtol=1e-10)
        c.close(Nc, Nc0, rtol=1e-8)
    with r.case("... and N_c, on uneven sizes with a steep law") as c:
        Nu = np.array([3e5, 1e6, 2.5e7, 4e7, 9e8])
        al, Nc = f.fit_power_law(Nu, (2e9 / Nu) ** 0.5)
        c.close([al, Nc], [0.5, 2e9], rtol=1e-9)

    # 2. Offset law, noise free: the exact minimiser is the truth (SSE = 0 there).
    with r.case("noise-free offset law: alpha, E, a recovered to 1e-6") as c:
        for E0, a0, al0 in [(1.69, 406.4, 0.34), (2.0, 10.0, 0.076), (0.5, 3e3, 0.61)]:
            got = f.fit_offset_power_law(N, E0 + a0 * N**-al0)
            c.close(got, [al0, E0, a0], rtol=1e-6)

    # 3. With an irreducible loss E and 0.2% multiplicative noise: compare with scipy.
    E0, a0, al0 = 1.7, 60.0, 0.3
    true = lambda n: E0 + a0 * n**-al0
    Ln = true(N) * (1 + 0.002 * rng.standard_normal(len(N)))
    ls = least_squares(lambda t: t[0] + t[1] * N ** -t[2] - Ln, [E0, a0, al0],
                       xtol=1e-15, ftol=1e-15, gtol=1e-15)
    with r.case("noisy fit == scipy.optimize.least_squares from the truth") as c:
        alpha, E, a = f.fit_offset_power_law(N, Ln)
        r.figure("fitted alpha, E (true 0.3, 1.7)", [float(alpha), float(E)])
        c.close([alpha, E, a], [ls.x[2], ls.x[0], ls.x[1]], rtol=1e-5)
        c.close(alpha, al0, rtol=0.05)
    with r.case("extrapolation 100x beyond the largest model within 1%") as c:
        pred = E + a * (1e11) ** -alpha
        r.figure("loss at N = 1e11: predicted vs true", [float(pred), float(true(1e11))])
        c.close(pred, true(1e11), rtol=0.01)

    # 4. Training FLOPs: N counted from the shapes of real weight matrices.
    with r.case("training FLOPs: forward == 2 N D, backward == 4 N D") as c:
        for widths, D in [([512, 2048, 512, 2048, 512], 10_000), ([3, 7, 1], 5), ([4, 4], 1)]:
            Ws = [np.zeros((a, b)) for a, b in zip(widths, widths[1:])]
            params = sum(W.size for W in Ws)
            fwd, bwd = f.training_flops(widths, D)
            c.equal([fwd, bwd, fwd + bwd], [2 * params * D, 4 * params * D, 6 * params * D])
    return r


if __name__ == "__main__":
    main(run)
