"""information-bottleneck: find p(t|x) minimising I(X;T) - beta I(T;Y): compress X into T while
keeping what T says about Y.

Follows Tishby, Pereira & Bialek (1999), solved with their self-consistent equations
  p(t|x) ~ p(t) exp(-beta KL(p(y|x) || p(y|t))),  p(t) = sum_x p(x) p(t|x),
  p(y|t) = sum_x p(y|x) p(t|x) p(x) / p(t).
Checks: the Lagrangian never increases over iterations; I(T;Y) <= I(X;Y) and I(T;Y) <= I(X;T)
(data processing, since T - X - Y is a Markov chain); the result is a fixed point of the
equations; a large beta keeps all of I(X;Y) while dropping the label-irrelevant bit of X;
a small beta collapses to I(X;T) = 0.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

PX = np.full(8, 1 / 8)
PY1 = np.array(
    [0.1, 0.1, 0.4, 0.4, 0.7, 0.7, 0.95, 0.95]
)  # x values come in 4 pairs with equal p(y|x)
PYX = np.stack([1 - PY1, PY1], axis=1)


def mi(J):
    prod = np.outer(J.sum(1), J.sum(0))
    m = J > 1e-300
    return float(np.sum(J[m] * np.log2(J[m] / prod[m])))


def kl_rows(A, B):
    """KL(A[i] || B[j]) in nats for every pair of rows."""
    return np.sum(A[:, None, :] * (np.log(A[:, None, :]) - np.log(B[None, :, :])), axis=2)


def marginals(Ptx):
    pt = PX @ Ptx
    pyt = (Ptx * PX[:, None]).T @ PYX / pt[:, None]
    return pt, pyt


def ib(beta, n_t, rng, iters=300):
    Ptx = rng.dirichlet(np.ones(n_t), size=8)
    history = []
    for _ in range(iters):
        pt, pyt = marginals(Ptx)
        J_xt = PX[:, None] * Ptx
        history.append(mi(J_xt) - beta * mi(J_xt.T @ PYX))
        logits = np.log(pt + 1e-300)[None, :] - beta * kl_rows(PYX, pyt)
        Ptx = np.exp(logits - logits.max(axis=1, keepdims=True))
        Ptx /= Ptx.sum(axis=1, keepdims=True)
    return Ptx, np.array(history)


def info(Ptx):
    J_xt = PX[:, None] * Ptx
    return mi(J_xt), mi(J_xt.T @ PYX)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Information bottleneck (self-consistent iterations)")
    I_xy = mi(PX[:, None] * PYX)
    r.figure("I(X;Y), H(X) (bits)", [round(I_xy, 5), 3.0])

    beta = 5.0
    Ptx, hist = ib(beta, 4, rng)
    I_xt, I_ty = info(Ptx)
    r.figure(f"beta={beta}: I(X;T), I(T;Y)", [round(I_xt, 5), round(I_ty, 5)])
    r.check("Lagrangian I(X;T) - beta I(T;Y) never increases", bool(np.all(np.diff(hist) <= 1e-10)))
    r.check(
        "data processing: I(T;Y) <= I(X;Y) and I(T;Y) <= I(X;T)",
        I_ty <= I_xy + 1e-12 and I_ty <= I_xt + 1e-12,
    )

    pt, pyt = marginals(Ptx)
    logits = np.log(pt)[None, :] - beta * kl_rows(PYX, pyt)
    fixed = np.exp(logits - logits.max(1, keepdims=True))
    fixed /= fixed.sum(1, keepdims=True)
    r.check_close("converged p(t|x) satisfies the self-consistent equations", Ptx, fixed, atol=1e-8)

    # Large beta: best of 5 restarts keeps I(X;Y) and merges x's with equal p(y|x): I(X;T) = 2 bits < H(X).
    runs = [ib(200.0, 4, rng) for _ in range(5)]
    Ptx_hi = min(runs, key=lambda t: t[1][-1])[0]
    I_xt_hi, I_ty_hi = info(Ptx_hi)
    r.figure("beta=200: I(X;T), I(T;Y)", [round(I_xt_hi, 5), round(I_ty_hi, 5)])
    r.check_close("large beta keeps all relevant information", I_ty_hi, I_xy, atol=1e-4)
    r.check_close("and drops the irrelevant bit: I(X;T) = 2 bits", I_xt_hi, 2.0, atol=1e-3)

    # Small beta: compression wins and T ignores X.
    I_xt_lo, _ = info(ib(0.5, 4, rng)[0])
    r.check_close("small beta: trivial solution I(X;T) = 0", I_xt_lo, 0.0, atol=1e-6)
    return r


if __name__ == "__main__":
    main(run)
