"""softmax: turn a vector of logits into a probability distribution.

Follows Goodfellow et al. 4.1 (softmax overflow and underflow) and ch. 6 (softmax output
units), Murphy PML1 ch. 2. Checks: the stable softmax against scipy.special.softmax and
against exp(x - logsumexp(x)); shift invariance; no NaN at logits ~ 1e3; the Jacobian
diag(p) - p p^T against central finite differences; temperature limits (argmax / uniform).
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp
from scipy.special import softmax as scipy_softmax

from implementations._common import Report, main


def softmax(z: np.ndarray, T: float = 1.0) -> np.ndarray:
    z = z / T
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))  # subtracting the max prevents overflow
    return e / e.sum(axis=-1, keepdims=True)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Softmax")

    Z = rng.normal(0, 3, size=(200, 10))
    P = softmax(Z)
    r.check_close(
        "matches scipy.special.softmax", P, scipy_softmax(Z, axis=1), rtol=1e-13, atol=1e-300
    )
    r.check_close(
        "equals exp(z - logsumexp(z))",
        P,
        np.exp(Z - logsumexp(Z, axis=1, keepdims=True)),
        rtol=1e-12,
    )
    r.check_close("invariant to adding a constant to all logits", softmax(Z + 123.4), P, rtol=1e-11)

    big = np.array([1000.0, 1001.0, 1002.0])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(big) / np.exp(big).sum()
    p_big = softmax(big)
    r.figure("softmax([1000, 1001, 1002])", p_big.round(6).tolist())
    r.check(
        "naive softmax gives NaN at 1e3, stable one does not",
        np.isnan(naive).any() and np.isfinite(p_big).all(),
    )
    r.check_close(
        "large logits: equals softmax([0, 1, 2])",
        p_big,
        softmax(np.array([0.0, 1.0, 2.0])),
        rtol=1e-14,
    )

    # Jacobian dp_i/dz_j = p_i (delta_ij - p_j).
    z = rng.normal(size=6)
    p = softmax(z)
    J = np.diag(p) - np.outer(p, p)
    h = 1e-6
    J_fd = np.column_stack([(softmax(z + h * e) - softmax(z - h * e)) / (2 * h) for e in np.eye(6)])
    r.check_close("Jacobian diag(p) - p p^T matches finite differences", J, J_fd, atol=1e-9)
    r.check_close(
        "Jacobian rows sum to zero (probabilities stay normalised)",
        J.sum(axis=1),
        np.zeros(6),
        atol=1e-15,
    )

    # Temperature: T -> 0 gives the argmax one-hot, T -> inf gives the uniform distribution.
    r.check_close(
        "T = 0.01 approaches one-hot argmax", softmax(z, T=0.01), np.eye(6)[np.argmax(z)], atol=1e-6
    )
    r.check_close("T = 1e6 approaches uniform", softmax(z, T=1e6), np.full(6, 1 / 6), rtol=1e-5)

    def ent(q):
        return -np.sum(q * np.log(q))

    Hs = [ent(softmax(z, T)) for T in (0.5, 1.0, 2.0, 4.0)]
    r.figure("entropy at T = 0.5, 1, 2, 4 (nats)", np.round(Hs, 4).tolist())
    r.check("entropy increases with temperature", np.all(np.diff(Hs) > 0))
    return r


if __name__ == "__main__":
    main(run)
