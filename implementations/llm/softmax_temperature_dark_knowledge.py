"""softmax-temperature-dark-knowledge: softmax at temperature T and the information in soft targets.

Follows Hinton, Vinyals & Dean (2015), Sec. 2 and 2.1: q_i = exp(z_i/T) / sum_j exp(z_j/T), and
the distillation gradient dC/dz_i = (1/T)(q_i - p_i), which for zero-mean logits and large T
tends to (z_i - v_i)/(N T^2). Checks compare with a log-domain softmax (exp(z/T - logsumexp(z/T))
via np.logaddexp), the T -> 0 (argmax) and T -> inf (uniform) limits, the closed-form
probability ratio exp((z_i - z_j)/T), the first-order high-T expansion (1 + (z_i - mean z)/T)/N,
scipy.stats.entropy in bits and monotone growth of the entropy with T; the distillation
gradient against finite differences of the soft cross-entropy and against Hinton's high-T
limit.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import entropy

from implementations._common import Report, main, solution

EXERCISE = ["softmax_t", "entropy_bits", "distillation_grad"]

DOC_ZH = {
    "softmax_t": """温度为 T 的 softmax：q_i = exp(z_i/T) / sum_j exp(z_j/T)，先减去最大值以保证数值稳定。

输入：z，一维 logits；T，正的温度。
输出：概率向量。

>>> softmax_t(np.array([0.0, 2 * np.log(3.0)]), 2.0).round(6).tolist()
[0.25, 0.75]
""",
    "entropy_bits": """概率向量的熵（以比特为单位），约定 0 log 0 = 0。

输入：p，概率向量。
输出：一个 float。

>>> round(entropy_bits(np.array([0.5, 0.25, 0.25, 0.0])), 6)
1.5
""",
    "distillation_grad": """蒸馏损失 C = -sum_i p_i log q_i 对学生 logits z 的梯度，
p = softmax(v / T)（教师的软目标），q = softmax(z / T)：dC/dz_i = (q_i - p_i) / T。

输入：z，学生 logits；v，教师 logits；T，温度。
输出：与 z 同形状的梯度。

>>> distillation_grad(np.zeros(2), np.array([0.0, 2 * np.log(3.0)]), 2.0).round(6).tolist()
[0.125, -0.125]
""",
}

HINTS = {
    "en": (
        "Dividing logits by T flattens or sharpens the distribution but keeps its ranking; the "
        "gradient of a softmax cross-entropy is a difference of probabilities.",
        "q = exp(z/T - max) / sum. Entropy: -sum p log2 p over p > 0. With C = -sum p log "
        "softmax(z/T), the chain rule through z/T gives dC/dz = (softmax(z/T) - p) / T.",
    ),
    "zh": (
        "把 logits 除以 T 会让分布变平或变尖，但不改变排序；softmax 交叉熵的梯度是两个概率之差。",
        "q = exp(z/T - max) / sum。熵：对 p > 0 求 -sum p log2 p。若 C = -sum p log softmax(z/T)，"
        "经过 z/T 的链式法则给出 dC/dz = (softmax(z/T) - p) / T。",
    ),
}


def softmax_t(z, T):
    """Softmax of logits z at temperature T, q_i = exp(z_i/T) / sum_j exp(z_j/T), shifted by
    the max for stability.

    Input: z, 1-D logits; T, a positive temperature. Output: a probability vector.

    >>> softmax_t(np.array([0.0, 2 * np.log(3.0)]), 2.0).round(6).tolist()
    [0.25, 0.75]
    """
    a = z / T
    a = a - a.max()
    e = np.exp(a)
    return e / e.sum()


def entropy_bits(p):
    """Entropy of a probability vector in bits, with 0 log 0 = 0.

    Input: p, a probability vector. Output: a float.

    >>> round(entropy_bits(np.array([0.5, 0.25, 0.25, 0.0])), 6)
    1.5
    """
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def distillation_grad(z, v, T):
    """Gradient with respect to the student logits z of the distillation loss
    C = -sum_i p_i log q_i with p = softmax(v / T) (teacher soft targets), q = softmax(z / T):
    dC/dz_i = (q_i - p_i) / T.

    Input: z, student logits; v, teacher logits; T, the temperature.
    Output: the gradient, shaped like z.

    >>> distillation_grad(np.zeros(2), np.array([0.0, 2 * np.log(3.0)]), 2.0).round(6).tolist()
    [0.125, -0.125]
    """
    return (softmax_t(z, T) - softmax_t(v, T)) / T


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Softmax temperature and dark knowledge")
    N = 10
    z = rng.normal(0.0, 3.0, N)  # teacher logits for one input
    ref = lambda z, T: np.exp(z / T - np.logaddexp.reduce(z / T))

    # 1. Agreement with a log-domain evaluation exp(z/T - logsumexp(z/T)) at several temperatures.
    with r.case("matches exp(z/T - logsumexp(z/T)) for T in {0.5,1,2,5}") as c:
        for T in [0.5, 1.0, 2.0, 5.0]:
            c.close(f.softmax_t(z, T), ref(z, T), rtol=1e-12, atol=1e-15)
        c.close(f.softmax_t(100 * z, 0.2), ref(100 * z, 0.2), rtol=1e-12, atol=1e-300)

    # 2. Limits: T -> 0 gives the one-hot argmax, T -> inf gives the uniform distribution.
    with r.case("T = 1e-3 gives one-hot on argmax") as c:
        c.close(f.softmax_t(z, 1e-3), np.eye(N)[np.argmax(z)], atol=1e-12)
    with r.case("T = 1e6 gives uniform 1/N") as c:
        c.close(f.softmax_t(z, 1e6), np.full(N, 1 / N), atol=1e-6)

    # 3. Dark knowledge lives in the ratios: q_i/q_j = exp((z_i - z_j)/T), a closed form.
    with r.case("q_i/q_j = exp((z_i - z_j)/T)") as c:
        q = f.softmax_t(z, 4.0)
        c.close(q[:, None] / q[None, :], np.exp((z[:, None] - z[None, :]) / 4.0), rtol=1e-12)

    # 4. Hinton Sec. 2.1: for large T, q_i ~ (1 + (z_i - mean z)/T)/N, error O(1/T^2).
    with r.case("high-T expansion error shrinks ~100x when T grows 10x (O(1/T^2))") as c:
        errs = [np.abs(f.softmax_t(z, T) - (1 + (z - z.mean()) / T) / N).max()
                for T in (100.0, 1000.0)]
        r.figure("high-T expansion error at T=100, 1000", [float(e) for e in errs])
        c.true(80 < errs[0] / errs[1] < 120, f"ratio {errs[0] / errs[1]:.1f}")

    with r.case("entropy in bits == scipy.stats.entropy(base=2), zeros included") as c:
        P = rng.dirichlet(np.ones(N), size=5)
        P[0, :4] = 0
        P[0] /= P[0].sum()
        c.close([f.entropy_bits(x) for x in P], entropy(P, base=2, axis=1), rtol=1e-12)
        c.close(f.entropy_bits(np.eye(N)[3]), 0.0, atol=1e-15)

    # 5. Raising T raises the entropy of the soft targets (more information per example).
    with r.case("entropy strictly increases with T and stays below log2 N") as c:
        grid = np.geomspace(0.05, 50, 60)
        H = np.array([f.entropy_bits(f.softmax_t(z, T)) for T in grid])
        r.figure("entropy (bits) at T=1, T=5, max log2 N",
                 [float(entropy(ref(z, 1.0), base=2)), float(entropy(ref(z, 5.0), base=2)),
                  float(np.log2(N))])
        c.true(bool(np.all(np.diff(H) > 0) and H.max() < np.log2(N)),
               f"H range {H.min():.3f}..{H.max():.3f}")
        c.close(H[[0, -1]], entropy([ref(z, grid[0]), ref(z, grid[-1])], base=2, axis=1),
                rtol=1e-9)

    # 6. Distillation: gradient of C = -sum p log q(z/T) vs finite differences, and Hinton's limit.
    s = rng.normal(0.0, 2.0, N)  # student logits
    C = lambda zz, T: -float(ref(z, T) @ (zz / T - np.logaddexp.reduce(zz / T)))
    with r.case("distillation gradient (q - p)/T == finite differences of the soft CE") as c:
        h = 1e-6
        for T in (1.0, 3.0):
            fd = np.array([(C(s + h * e, T) - C(s - h * e, T)) / (2 * h) for e in np.eye(N)])
            c.close(f.distillation_grad(s, z, T), fd, rtol=1e-6, atol=1e-10)
    with r.case("high T, zero-mean logits: T^2 dC/dz -> (z - v)/N (Hinton eq. 4)") as c:
        zs, vt = s - s.mean(), z - z.mean()
        T = 1e3
        c.close(T**2 * f.distillation_grad(zs, vt, T), (zs - vt) / N, rtol=1e-2, atol=1e-5)

    # The small probabilities that T = 1 nearly erases become visible at T = 5.
    small = np.argsort(z)[:3]
    r.figure("mass of the 3 least likely classes at T=1 vs T=5",
             [float(ref(z, 1.0)[small].sum()), float(ref(z, 5.0)[small].sum())])
    return r


if __name__ == "__main__":
    main(run)
