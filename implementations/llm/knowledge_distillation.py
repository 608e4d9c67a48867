"""knowledge-distillation: train a student on a teacher's temperature-softened outputs.

Follows Hinton, Vinyals & Dean (2015), Sec. 2-2.1: the soft-target loss is the cross-entropy
C = -sum_i p_i log q_i with p = softmax(v/T) (teacher), q = softmax(z/T) (student), whose
gradient is dC/dz_i = (q_i - p_i)/T; at high T it approaches (z_i - v_i)/(N T^2), hence the
T^2 rescaling. Checks: the gradient vs central finite differences, cross-entropy minus the
teacher entropy equals KL(p||q) = sum p log(p/q), the T^2-scaled gradient vs the
logit-matching limit, and a distilled linear student recovering the teacher's logits.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def softmax(a: np.ndarray) -> np.ndarray:
    a = a - a.max(axis=-1, keepdims=True)
    e = np.exp(a)
    return e / e.sum(axis=-1, keepdims=True)


def soft_ce(z: np.ndarray, v: np.ndarray, T: float) -> float:
    """Cross-entropy of student logits z against teacher logits v, both at temperature T."""
    p = softmax(v / T)
    logq = z / T - z.max() / T - np.log(np.exp(z / T - z.max() / T).sum())
    return float(-(p * logq).sum())


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Knowledge distillation with temperature")
    N = 8
    v = rng.normal(0, 2, N)  # teacher logits
    z = rng.normal(0, 2, N)  # student logits

    # 1. Gradient of the soft-target cross-entropy: (q - p)/T, vs central differences.
    T, h = 3.0, 1e-6
    grad = (softmax(z / T) - softmax(v / T)) / T
    fd = np.array(
        [(soft_ce(z + h * e, v, T) - soft_ce(z - h * e, v, T)) / (2 * h) for e in np.eye(N)]
    )
    r.check_close("dC/dz = (q - p)/T matches finite differences", grad, fd, atol=1e-9)

    # 2. Cross-entropy = H(p) + KL(p||q): the student minimises KL to the teacher.
    p, q = softmax(v / T), softmax(z / T)
    H = float(-(p * np.log(p)).sum())
    r.check_close(
        "CE - H(teacher) equals KL(p||q) = sum p log(p/q)",
        soft_ce(z, v, T) - H,
        float((p * np.log(p / q)).sum()),
        rtol=1e-10,
    )

    # 3. High-T limit (Sec. 2.1): with zero-mean logits, T^2 * grad -> (z - v)/N.
    zc, vc = z - z.mean(), v - v.mean()
    errs = []
    for T in (10.0, 100.0, 1000.0):
        g = (softmax(zc / T) - softmax(vc / T)) / T
        errs.append(np.abs(T**2 * g - (zc - vc) / N).max())
    r.figure("|T^2 grad - (z-v)/N| at T=10,100,1000", [float(e) for e in errs])
    r.check(
        "T^2-scaled gradient converges to logit matching (error ~1/T)",
        errs[2] < 1e-3 and errs[0] / errs[1] > 8 and errs[1] / errs[2] > 8,
        ", ".join(f"{e:.2e}" for e in errs),
    )
    unscaled = [np.abs((softmax(zc / T) - softmax(vc / T)) / T).max() for T in (10.0, 100.0)]
    r.figure("max |grad| without T^2 at T=10, 100 (shrinks ~1/T^2)", [float(u) for u in unscaled])

    # 4. Distil a linear teacher into a linear student on unlabeled inputs (transfer set).
    d, n, T = 5, 300, 2.0
    Wt = rng.normal(0, 1.5, (N, d))
    X = rng.normal(0, 1, (n, d))
    P = softmax(X @ Wt.T / T)  # soft targets
    Ws = np.zeros((N, d))
    lr = 2.0
    for _ in range(400):  # gradient descent on the mean soft CE
        Q = softmax(X @ Ws.T / T)
        Ws -= lr * (T**2) * ((Q - P) / T).T @ X / n  # T^2 keeps the step size T-independent
    Q = softmax(X @ Ws.T / T)
    kl = float((P * np.log(P / Q)).sum(axis=1).mean())
    # Logits are identifiable only up to a per-input shift: compare centred weight rows.
    Wt_c, Ws_c = Wt - Wt.mean(0), Ws - Ws.mean(0)
    rel = np.linalg.norm(Ws_c - Wt_c) / np.linalg.norm(Wt_c)
    r.check(
        "student recovers the teacher's centred weights (rel. err < 1e-2)",
        rel < 1e-2,
        f"rel err {rel:.2e}",
    )

    # Hard labels only give the argmax: a student fit to them cannot see the dark knowledge.
    Yh = np.eye(N)[np.argmax(X @ Wt.T, axis=1)]
    Wh = np.zeros((N, d))
    for _ in range(400):
        Wh -= 0.5 * (softmax(X @ Wh.T) - Yh).T @ X / n
    kl_hard = float((P * np.log(P / softmax(X @ Wh.T / T))).sum(axis=1).mean())
    r.figure("mean KL to the teacher: soft-target student vs hard-label student", [kl, kl_hard])
    r.check(
        "soft targets transfer more of the teacher than hard labels (KL 100x smaller)",
        kl * 100 < kl_hard,
        f"{kl:.2e} vs {kl_hard:.2e}",
    )
    return r


if __name__ == "__main__":
    main(run)
