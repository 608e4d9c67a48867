"""knowledge-distillation: train a student on a teacher's temperature-softened outputs.

Follows Hinton, Vinyals & Dean (2015), Sec. 2-2.1: the soft-target loss is the cross-entropy
C = -sum_i p_i log q_i with p = softmax(v/T) (teacher), q = softmax(z/T) (student), whose
gradient is dC/dz_i = (q_i - p_i)/T; at high T it approaches (z_i - v_i)/(N T^2), hence the
T^2 rescaling. Checks: the loss vs scipy (logits ~1e3 included), the gradient vs central
finite differences, cross-entropy minus the
teacher entropy equals KL(p||q) = sum p log(p/q), the T^2-scaled gradient vs the
logit-matching limit, two distillation steps by hand, and a distilled linear student
recovering the teacher's logits (closer than a student fit to hard labels).
"""

from __future__ import annotations

import numpy as np
from scipy.special import log_softmax
from scipy.special import softmax as sp_softmax

from implementations._common import Report, main, solution

EXERCISE = ["soft_ce", "soft_ce_grad", "distill_linear"]

DOC_ZH = {
    "soft_ce": """软目标交叉熵 C = -sum_i p_i log q_i，p = softmax(v/T)（教师），q = softmax(z/T)（学生）。

输入：z，学生 logits；v，教师 logits（长度 N 的一维数组）；T > 0，温度。须对很大的 logits 数值稳定。
输出：一个 float。

>>> round(soft_ce(np.array([0.0, 0.0]), np.array([2.0, -2.0]), 2.0), 6)
0.693147
""",
    "soft_ce_grad": """软目标交叉熵对学生 logits 的梯度 dC/dz = (q - p) / T。

输入：同 soft_ce。
输出：长度 N 的数组。

>>> soft_ce_grad(np.array([0.0, 0.0]), np.array([0.0, 0.0]), 2.0).tolist()
[0.0, 0.0]
""",
    "distill_linear": """把软目标蒸馏进线性学生：从 Ws = 0 开始，对平均软交叉熵做梯度下降，并乘以 T^2 使步长与 T 无关。

输入：X (n, d) 无标签输入；P (n, N) 教师在温度 T 下的软目标；T；lr；steps。每步 Ws <- Ws - lr T^2 ((Q - P) / T)^T X / n，Q = softmax(X Ws^T / T)。
输出：Ws，形状 (N, d)。

>>> distill_linear(np.array([[1.0]]), np.array([[0.5, 0.5]]), 1.0, 1.0, 3).tolist()
[[0.0], [0.0]]
""",
}

HINTS = {
    "en": (
        "Distillation is ordinary cross-entropy whose targets are the teacher's full softened "
        "distribution rather than a one-hot label.",
        "With p = softmax(v/T) and q = softmax(z/T), C = -sum p log q and dC/dz = (q - p)/T; "
        "multiply gradients by T^2 so the step size does not shrink as T grows.",
    ),
    "zh": (
        "蒸馏就是普通的交叉熵，只是目标换成教师经温度软化后的完整分布，而不是独热标签。",
        "设 p = softmax(v/T)、q = softmax(z/T)，则 C = -sum p log q，dC/dz = (q - p)/T；"
        "梯度乘以 T^2，使步长不随 T 增大而缩小。",
    ),
}


def softmax(a: np.ndarray) -> np.ndarray:
    a = a - a.max(axis=-1, keepdims=True)
    e = np.exp(a)
    return e / e.sum(axis=-1, keepdims=True)


def soft_ce(z: np.ndarray, v: np.ndarray, T: float) -> float:
    """Soft-target cross-entropy C = -sum_i p_i log q_i with p = softmax(v/T) (teacher) and
    q = softmax(z/T) (student).

    Input: z, student logits; v, teacher logits (1-D arrays of length N); T > 0. Stable for
    large logits. Output: a float.

    >>> round(soft_ce(np.array([0.0, 0.0]), np.array([2.0, -2.0]), 2.0), 6)
    0.693147
    """
    p = softmax(v / T)
    logq = z / T - z.max() / T - np.log(np.exp(z / T - z.max() / T).sum())
    return float(-(p * logq).sum())


def soft_ce_grad(z, v, T):
    """Gradient of the soft-target cross-entropy in the student logits: dC/dz = (q - p) / T.

    Input: as soft_ce. Output: an array of length N.

    >>> soft_ce_grad(np.array([0.0, 0.0]), np.array([0.0, 0.0]), 2.0).tolist()
    [0.0, 0.0]
    """
    return (softmax(z / T) - softmax(v / T)) / T


def distill_linear(X, P, T, lr, steps):
    """Distil soft targets into a linear student: gradient descent on the mean soft
    cross-entropy from Ws = 0, scaled by T^2 so the step size does not depend on T.

    Input: X (n, d) unlabeled inputs; P (n, N) the teacher's soft targets at temperature T;
    T; lr; steps. Each step Ws <- Ws - lr T^2 ((Q - P) / T)^T X / n with
    Q = softmax(X Ws^T / T). Output: Ws, shape (N, d).

    >>> distill_linear(np.array([[1.0]]), np.array([[0.5, 0.5]]), 1.0, 1.0, 3).tolist()
    [[0.0], [0.0]]
    """
    n = len(X)
    Ws = np.zeros((P.shape[1], X.shape[1]))
    for _ in range(steps):
        Q = softmax(X @ Ws.T / T)
        Ws -= lr * (T**2) * ((Q - P) / T).T @ X / n  # T^2 keeps the step size T-independent
    return Ws


def ce_ref(z, v, T):
    return float(-(sp_softmax(v / T) * log_softmax(z / T)).sum())


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Knowledge distillation with temperature")
    N = 8
    v = rng.normal(0, 2, N)  # teacher logits
    z = rng.normal(0, 2, N)  # student logits

    with r.case("soft CE equals -sum softmax(v/T) log_softmax(z/T) (scipy), large logits too") as c:
        for T in (0.5, 1.0, 3.0):
            c.close(f.soft_ce(z, v, T), ce_ref(z, v, T), rtol=1e-12)
        c.close(f.soft_ce(300 * z, v, 0.5), ce_ref(300 * z, v, 0.5), rtol=1e-12)
        c.close(f.soft_ce(300 * z - 9000, v, 2.0), ce_ref(300 * z, v, 2.0), rtol=1e-12)

    # 1. Gradient of the soft-target cross-entropy: (q - p)/T, vs central differences.
    h = 1e-6
    with r.case("dC/dz = (q - p)/T matches finite differences") as c:
        for T in (3.0, 0.7):
            fd = np.array(
                [(ce_ref(z + h * e, v, T) - ce_ref(z - h * e, v, T)) / (2 * h) for e in np.eye(N)]
            )
            c.close(f.soft_ce_grad(z, v, T), fd, atol=1e-8)
        g = f.soft_ce_grad(400 * z, v, 1.0)
        c.true(bool(np.all(np.isfinite(g))), "finite for logits ~1e3")

    # 2. Cross-entropy = H(p) + KL(p||q): the student minimises KL to the teacher.
    with r.case("CE - H(teacher) equals KL(p||q) = sum p log(p/q)") as c:
        T = 3.0
        p, q = sp_softmax(v / T), sp_softmax(z / T)
        H = float(-(p * np.log(p)).sum())
        c.close(f.soft_ce(z, v, T) - H, float((p * np.log(p / q)).sum()), rtol=1e-10)
        c.close(f.soft_ce(v, v, T), H, rtol=1e-12)

    # 3. High-T limit (Sec. 2.1): with zero-mean logits, T^2 * grad -> (z - v)/N.
    zc, vc = z - z.mean(), v - v.mean()
    with r.case("T^2-scaled gradient converges to logit matching (error ~1/T)") as c:
        errs = []
        for T in (10.0, 100.0, 1000.0):
            errs.append(np.abs(T**2 * f.soft_ce_grad(zc, vc, T) - (zc - vc) / N).max())
        r.figure("|T^2 grad - (z-v)/N| at T=10,100,1000", [float(e) for e in errs])
        c.true(
            errs[2] < 1e-3 and errs[0] / errs[1] > 8 and errs[1] / errs[2] > 8,
            ", ".join(f"{e:.2e}" for e in errs),
        )
    unscaled = [np.abs((sp_softmax(zc / T) - sp_softmax(vc / T)) / T).max() for T in (10.0, 100.0)]
    r.figure("max |grad| without T^2 at T=10, 100 (shrinks ~1/T^2)", [float(u) for u in unscaled])

    # 4. Distil a linear teacher into a linear student on unlabeled inputs (transfer set).
    d, n, T = 5, 300, 2.0
    Wt = rng.normal(0, 1.5, (N, d))
    X = rng.normal(0, 1, (n, d))
    P = sp_softmax(X @ Wt.T / T, axis=1)  # soft targets
    with r.case("two distillation steps by hand") as c:
        Tb = 1.5  # not 2, where T^2 = 2T
        Pb = sp_softmax(X[:7] @ Wt.T / Tb, axis=1)
        Ws = f.distill_linear(X[:7], Pb, Tb, 0.3, 2)
        W1 = -0.3 * Tb * (sp_softmax(np.zeros((7, N)), axis=1) - Pb).T @ X[:7] / 7
        Q1 = sp_softmax(X[:7] @ W1.T / Tb, axis=1)
        c.close(Ws, W1 - 0.3 * Tb * (Q1 - Pb).T @ X[:7] / 7, rtol=1e-10, atol=1e-14)
    with r.case("student recovers the teacher's centred weights (rel. err < 1e-2)") as c:
        Ws = f.distill_linear(X, P, T, 2.0, 400)
        Q = sp_softmax(X @ Ws.T / T, axis=1)
        kl = float((P * np.log(P / Q)).sum(axis=1).mean())
        # Logits are identifiable only up to a per-input shift: compare centred weight rows.
        Wt_c, Ws_c = Wt - Wt.mean(0), Ws - Ws.mean(0)
        rel = np.linalg.norm(Ws_c - Wt_c) / np.linalg.norm(Wt_c)
        c.true(rel < 1e-2, f"rel err {rel:.2e}")

    # Hard labels only give the argmax: a student fit to them cannot see the dark knowledge.
    Yh = np.eye(N)[np.argmax(X @ Wt.T, axis=1)]
    Wh = np.zeros((N, d))
    for _ in range(400):
        Wh -= 0.5 * (sp_softmax(X @ Wh.T, axis=1) - Yh).T @ X / n
    kl_hard = float((P * np.log(P / sp_softmax(X @ Wh.T / T, axis=1))).sum(axis=1).mean())
    with r.case(
        "soft targets transfer more of the teacher than hard labels (KL 100x smaller)"
    ) as c:
        r.figure("mean KL to the teacher: soft-target student vs hard-label student", [kl, kl_hard])
        c.true(kl * 100 < kl_hard, f"{kl:.2e} vs {kl_hard:.2e}")
    return r


if __name__ == "__main__":
    main(run)
