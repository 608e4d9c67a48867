"""blahut-arimoto: alternating minimisation that computes R(D) and channel capacity.

Follows Blahut (1972) and Arimoto (1972); Cover & Thomas ch 10. For a slope s < 0 the
iteration q(xhat|x) ∝ r(xhat) exp(s d(x, xhat)), r(xhat) = sum_x p(x) q(xhat|x) converges
to the point of the R(D) curve with that slope. Checks: on a Bernoulli(0.3) source with
Hamming distortion every computed (D, R) pair lies on R(D) = h(p) - h(D); R decreases as
D grows; and the capacity version reproduces C = 1 - h(0.11) for a binary symmetric
channel and C = 1 - e for a binary erasure channel, log2(1.25) for a Z channel and
log2 3 - H(row) for a ternary symmetric channel, all in bits; on a 3-letter source the
returned (D, R) equals D and I(X; Xhat) recomputed from the closed-form fixed point.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["ba_rate_distortion", "ba_capacity"]

DOC_ZH = {
    "ba_rate_distortion": """Blahut-Arimoto 求率失真曲线上斜率为 s（s < 0）的点。

迭代：q(xhat|x) ∝ r(xhat) exp(s d(x, xhat))（按行归一化），r(xhat) = Σ_x p(x) q(xhat|x)，
r 从均匀分布开始，共 iters 次。
输入：p，信源分布（长度 m）；d，失真矩阵 (m, k)；s，斜率；iters。
输出：(D, R)：D = Σ p(x) q(xhat|x) d(x, xhat)，R = I(X; Xhat)，单位比特。

>>> D, R = ba_rate_distortion(np.array([0.5, 0.5]), 1.0 - np.eye(2), np.log(0.25 / 0.75))
>>> round(D, 6), round(R, 6)
(0.25, 0.188722)
""",
    "ba_capacity": """Blahut-Arimoto 求信道容量：p(x) <- p(x) exp(D(W(.|x) || p_Y))（再归一化），
其中 p_Y = p W，KL 用自然对数；最后返回 I(X; Y)，单位比特。

输入：W，信道矩阵，W[x, y] = P(y | x)；iters，迭代次数（p 从均匀分布开始）。
输出：容量（比特，float）。约定 0·log 0 = 0。

>>> round(ba_capacity(np.eye(2)), 6)
1.0
""",
}

HINTS = {
    "en": (
        "Alternate two closed-form minimisations: the best test channel for a fixed output "
        "marginal, and the best output marginal (the mixture) for a fixed channel.",
        "R(D): q = r * exp(s d), normalise rows, r = p @ q; report D = sum p q d and "
        "R = sum p q log2(q / r). Capacity: multiply p(x) by exp of the KL divergence (in "
        "nats) of W(.|x) from the output distribution, renormalise; report I in bits.",
    ),
    "zh": (
        "交替两个闭式最小化：输出边缘分布固定时的最佳测试信道，信道固定时的最佳输出边缘分布（混合）。",
        "R(D)：q = r * exp(s d)，按行归一化，r = p @ q；给出 D = Σ p q d 和 R = Σ p q log2(q / r)。"
        "容量：p(x) 乘以 W(.|x) 相对输出分布的 KL 散度（自然对数）的指数，再归一化；给出以比特计的 I。",
    ),
}


def h2(q: float) -> float:
    return float(-q * np.log2(q) - (1 - q) * np.log2(1 - q))


def ba_rate_distortion(p, d, s, iters=500):
    """Blahut-Arimoto for the point of the rate-distortion curve with slope s < 0.

    Iterate q(xhat|x) proportional to r(xhat) exp(s d(x, xhat)) (rows normalised) and
    r(xhat) = sum_x p(x) q(xhat|x), r starting uniform, iters times.
    Input: p, the source distribution (length m); d, the (m, k) distortion matrix; s, the
    slope; iters. Output: (D, R) with D = sum p(x) q(xhat|x) d(x, xhat) and R = I(X; Xhat)
    in bits.

    >>> D, R = ba_rate_distortion(np.array([0.5, 0.5]), 1.0 - np.eye(2), np.log(0.25 / 0.75))
    >>> round(D, 6), round(R, 6)
    (0.25, 0.188722)
    """
    r = np.full(d.shape[1], 1.0 / d.shape[1])
    for _ in range(iters):
        q = r * np.exp(s * d)  # q(xhat | x), unnormalised
        q /= q.sum(axis=1, keepdims=True)
        r = p @ q  # output marginal
    D = float((p[:, None] * q * d).sum())
    R = float((p[:, None] * q * np.log2(q / r)).sum())
    return D, R


def ba_capacity(W, iters=2000):
    """Blahut-Arimoto for channel capacity: p(x) <- p(x) exp(D(W(.|x) || p_Y)),
    renormalised, with p_Y = p W and the KL divergence in nats; return I(X; Y) in bits.

    Input: W, the channel matrix W[x, y] = P(y | x); iters (p starts uniform).
    Output: the capacity in bits (a float), with 0 log 0 = 0.

    >>> round(ba_capacity(np.eye(2)), 6)
    1.0
    """
    px = np.full(W.shape[0], 1.0 / W.shape[0])
    for _ in range(iters):
        py = px @ W
        with np.errstate(divide="ignore", invalid="ignore"):
            kl = np.where(W > 0, W * np.log(W / py), 0.0).sum(axis=1)  # D(W(.|x) || py)
        px = px * np.exp(kl)
        px /= px.sum()
    py = px @ W
    with np.errstate(divide="ignore", invalid="ignore"):
        return float((px[:, None] * np.where(W > 0, W * np.log2(W / py), 0.0)).sum())


def _H(v):
    v = np.asarray(v, dtype=float)
    v = v[v > 0]
    return float(-(v * np.log2(v)).sum())


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Blahut-Arimoto algorithm")
    p = np.array([0.7, 0.3])
    d = 1.0 - np.eye(2)  # Hamming distortion
    slopes = np.array([-4.0, -3.0, -2.0, -1.5, -1.0])
    Ds, Rs = np.zeros(5), np.zeros(5)
    with r.case("every point lies on R(D) = h(p) - h(D)") as c:
        pts = [f.ba_rate_distortion(p, d, s) for s in slopes]
        Ds, Rs = np.array(pts).T
        r.figure("(D, R) points", [(round(a, 4), round(b, 4)) for a, b in pts])
        c.close(Rs, [h2(0.3) - h2(D) for D in Ds], atol=1e-9)
    with r.case("R decreases as D increases") as c:
        c.true(bool(np.all(np.diff(Ds) > 0) and np.all(np.diff(Rs) < 0)))
    # the Bernoulli test channel has slope s = log(D / (1 - D)) in nats: D = 1 / (1 + e^-s)
    with r.case("distortion at slope s equals 1 / (1 + e^-s)") as c:
        c.close(Ds, 1 / (1 + np.exp(-slopes)), rtol=1e-9)
    with r.case("3-letter source: (D, R) of the closed-form fixed point") as c:
        p3 = np.array([0.5, 0.3, 0.2])
        d3 = np.array([[0.0, 3.0], [1.0, 1.0], [4.0, 0.0]])  # 3 source letters, 2 outputs
        s3 = -1.2
        for its in (1, 2, 3000):
            D3, R3 = f.ba_rate_distortion(p3, d3, s3, iters=its)
            rr = np.full(2, 1 / 2)
            for _ in range(its):  # reference iteration, written as explicit sums
                qq = np.array([[rr[j] * np.exp(s3 * d3[i, j]) for j in range(2)] for i in range(3)])
                qq = qq / qq.sum(1, keepdims=True)
                rr = np.array([sum(p3[i] * qq[i, j] for i in range(3)) for j in range(2)])
            joint = p3[:, None] * qq
            c.close(D3, float((joint * d3).sum()), rtol=1e-8)
            c.close(R3, _H(rr) - sum(p3[i] * _H(qq[i]) for i in range(3)), rtol=1e-8)

    eps = 0.11
    bsc = np.array([[1 - eps, eps], [eps, 1 - eps]])
    with r.case("BSC(0.11) capacity = 1 - h(0.11)") as c:
        c.close(f.ba_capacity(bsc), 1 - h2(eps), atol=1e-9)
    e = 0.25
    bec = np.array([[1 - e, e, 0.0], [0.0, e, 1 - e]])
    with r.case("BEC(0.25) capacity = 1 - e") as c:
        c.close(f.ba_capacity(bec), 1 - e, atol=1e-9)
    z = np.array([[1.0, 0.0], [0.5, 0.5]])  # Z channel, q = 0.5: C = log2(1 + (1-q) q^(q/(1-q)))
    with r.case("Z-channel capacity = log2(1 + 0.5 * 0.5)") as c:
        c.close(f.ba_capacity(z), np.log2(1.25), atol=1e-6)
        for its in (1, 3):  # a few steps against the update written out (KL in nats)
            px = np.array([0.5, 0.5])
            for _ in range(its):
                py = px @ z
                kl = [
                    sum(z[x, y] * np.log(z[x, y] / py[y]) for y in range(2) if z[x, y] > 0)
                    for x in range(2)
                ]
                px = px * np.exp(kl)
                px = px / px.sum()
            py = px @ z
            ref = sum(
                px[x] * z[x, y] * np.log2(z[x, y] / py[y])
                for x in range(2)
                for y in range(2)
                if z[x, y] > 0
            )
            c.close(f.ba_capacity(z, iters=its), ref, rtol=1e-10)
    with r.case("ternary symmetric channel: C = log2 3 - H(row)") as c:
        row = np.array([0.7, 0.2, 0.1])
        W = np.array([np.roll(row, k) for k in range(3)])
        c.close(f.ba_capacity(W), np.log2(3) - _H(row), atol=1e-9)
    return r


if __name__ == "__main__":
    main(run)
