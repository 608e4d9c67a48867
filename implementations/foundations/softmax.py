"""softmax: turn a vector of logits into a probability distribution.

Follows Goodfellow et al. 4.1 (softmax overflow and underflow) and ch. 6 (softmax output
units), Murphy PML1 ch. 2. Checks: the stable softmax against scipy.special.softmax and
against exp(x - logsumexp(x)); shift invariance; a 3-D batch; no NaN at logits ~ 1e3, for
logits far apart and with a masked -inf; the Jacobian diag(p) - p p^T against central
finite differences of scipy's softmax; temperature against softmax(z / T) and its limits
(argmax / uniform).
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp
from scipy.special import softmax as scipy_softmax

from implementations._common import Report, main, solution

EXERCISE = ["softmax", "softmax_jacobian"]

DOC_ZH = {
    "softmax": """带温度 T 的数值稳定 softmax：p_i = exp(z_i / T) / Σ_j exp(z_j / T)，沿最后一个轴计算。

输入：z，形状 (..., k) 的 logits（可以含 -inf，表示被屏蔽的类别）；T，温度（> 0）。
输出：同形状的概率，沿最后一个轴和为 1；logits 很大（~1e3）或相差很大时也不能出现 NaN
（先减去最大值）。

>>> softmax(np.array([0.0, np.log(3.0)])).round(6).tolist()
[0.25, 0.75]
""",
    "softmax_jacobian": """softmax 的雅可比矩阵 J_ij = d p_i / d z_j = p_i (delta_ij - p_j)，即 diag(p) - p p^T。

输入：z，一维 logits（长度 k）。
输出：k×k 矩阵。

>>> softmax_jacobian(np.array([0.0, 0.0])).tolist()
[[0.25, -0.25], [-0.25, 0.25]]
""",
}

HINTS = {
    "en": (
        "Exponentiate and normalise, but think about what exp does to a logit of 1000, and "
        "about which change of the logits leaves the result the same.",
        "softmax(z) = softmax(z - c) for any constant c: subtract max(z) along the last axis so "
        "the largest exponent is 0. Divide the logits by T first. Differentiating "
        "p_i = e^{z_i} / sum e^{z_j} gives p_i (delta_ij - p_j).",
    ),
    "zh": (
        "先取指数再归一化，但要想一想 exp 对 1000 这样的 logit 会怎样，以及 logits 的哪种变化不改变结果。",
        "对任意常数 c 有 softmax(z) = softmax(z - c)：沿最后一个轴减去 max(z)，使最大的指数为 0。"
        "先把 logits 除以 T。对 p_i = e^{z_i} / sum e^{z_j} 求导得 p_i (delta_ij - p_j)。",
    ),
}


def softmax(z, T=1.0):
    """Stable softmax with temperature T: p_i = exp(z_i / T) / sum_j exp(z_j / T) along the
    last axis.

    Input: z, logits of shape (..., k) (-inf marks a masked class); T, the temperature
    (> 0). Output: probabilities of the same shape summing to 1 along the last axis, with
    no NaN for logits ~ 1e3 or far apart (subtract the maximum first).

    >>> softmax(np.array([0.0, np.log(3.0)])).round(6).tolist()
    [0.25, 0.75]
    """
    z = np.asarray(z, dtype=float) / T
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))  # subtracting the max prevents overflow
    return e / e.sum(axis=-1, keepdims=True)


def softmax_jacobian(z):
    """Jacobian of the softmax, J_ij = d p_i / d z_j = p_i (delta_ij - p_j) = diag(p) - p p^T.

    Input: z, 1-D logits (length k). Output: the k x k matrix.

    >>> softmax_jacobian(np.array([0.0, 0.0])).tolist()
    [[0.25, -0.25], [-0.25, 0.25]]
    """
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Softmax")

    Z = rng.normal(0, 3, size=(200, 10))
    with r.case("matches scipy.special.softmax") as c:
        c.close(f.softmax(Z), scipy_softmax(Z, axis=1), rtol=1e-13, atol=1e-300)
    with r.case("equals exp(z - logsumexp(z))") as c:
        c.close(f.softmax(Z), np.exp(Z - logsumexp(Z, axis=1, keepdims=True)), rtol=1e-12)
    with r.case("invariant to adding a constant to all logits") as c:
        c.close(f.softmax(Z + 123.4), scipy_softmax(Z, axis=1), rtol=1e-11)
    with r.case("a batch of 3-D shape (2, 3, 4): along the last axis only") as c:
        Z3 = rng.normal(size=(2, 3, 4))
        c.close(f.softmax(Z3), scipy_softmax(Z3, axis=-1), rtol=1e-13)

    big = np.array([1000.0, 1001.0, 1002.0])
    with r.case("naive softmax gives NaN at 1e3, stable one does not") as c:
        with np.errstate(over="ignore", invalid="ignore"):
            naive = np.exp(big) / np.exp(big).sum()
        p_big = f.softmax(big)
        r.figure("softmax([1000, 1001, 1002])", np.round(p_big, 6).tolist())
        c.true(np.isnan(naive).any() and np.isfinite(p_big).all())
    with r.case("large logits: equals softmax([0, 1, 2])") as c:
        e = np.exp([-2.0, -1.0, 0.0])
        c.close(f.softmax(big), e / e.sum(), rtol=1e-14)
    with r.case("logits far apart ([-1000, 0, 5]) and a masked -inf logit") as c:
        with np.errstate(over="ignore", invalid="ignore"):
            far = f.softmax(np.array([-1000.0, 0.0, 5.0]))
            masked = f.softmax(np.array([[0.0, -np.inf, np.log(3.0)]]))
        c.close(far, scipy_softmax([-1000.0, 0.0, 5.0]), rtol=1e-14, atol=1e-300)
        c.close(masked, [[0.25, 0.0, 0.75]], rtol=1e-14)

    # Jacobian dp_i/dz_j = p_i (delta_ij - p_j).
    z = rng.normal(size=6)
    h = 1e-6
    J_fd = np.column_stack(
        [(scipy_softmax(z + h * e) - scipy_softmax(z - h * e)) / (2 * h) for e in np.eye(6)]
    )
    with r.case("Jacobian diag(p) - p p^T matches finite differences") as c:
        c.close(f.softmax_jacobian(z), J_fd, atol=1e-9)
    with r.case("Jacobian rows sum to zero (probabilities stay normalised)") as c:
        c.close(f.softmax_jacobian(z).sum(axis=1), np.zeros(6), atol=1e-15)
        c.close(f.softmax_jacobian(z + 500.0), J_fd, atol=1e-9)  # also stable for big logits

    # Temperature: T -> 0 gives the argmax one-hot, T -> inf gives the uniform distribution.
    with r.case("T = 0.01 approaches one-hot argmax") as c:
        c.close(f.softmax(z, T=0.01), np.eye(6)[np.argmax(z)], atol=1e-6)
    with r.case("T = 1e6 approaches uniform") as c:
        c.close(f.softmax(z, T=1e6), np.full(6, 1 / 6), rtol=1e-5)
    with r.case("temperature T equals softmax(z / T): T = 0.5, 2, 4") as c:
        for T in (0.5, 2.0, 4.0):
            c.close(f.softmax(z, T), scipy_softmax(z / T), rtol=1e-13)

    def ent(q):
        return -np.sum(q * np.log(q))

    with r.case("entropy increases with temperature") as c:
        Hs = [ent(f.softmax(z, T)) for T in (0.5, 1.0, 2.0, 4.0)]
        r.figure("entropy at T = 0.5, 1, 2, 4 (nats)", np.round(Hs, 4).tolist())
        c.true(np.all(np.diff(Hs) > 0))
    return r


if __name__ == "__main__":
    main(run)
