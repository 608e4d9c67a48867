"""token-embeddings: an embedding table as a one-hot matrix product, its sparse gradient,
and weight tying with the output layer.

Follows Bengio et al. (2003) (shared feature vectors C(w)) and Vaswani et al. (2017, Sec. 3.4:
the same matrix for input embeddings and the pre-softmax projection). Checks: lookup equals
one-hot @ E, the scatter-add gradient equals the dense one-hot gradient (repeated ids
accumulate), and the tied-weight gradient (input + output use) matches finite differences.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def tied_loss(E, W, ids, targets):
    """Embed ids, mix with W, score with the same E as output matrix (weight tying)."""
    h = np.tanh(E[ids] @ W)
    lp = log_softmax(h @ E.T)
    return -lp[np.arange(len(ids)), targets].mean()


def tied_grad(E, W, ids, targets):
    T = len(ids)
    x = E[ids]
    h = np.tanh(x @ W)
    dz = np.exp(log_softmax(h @ E.T))
    dz[np.arange(T), targets] -= 1
    dz /= T
    dE = dz.T @ h  # output use of E: logits = h E^T
    dx = ((dz @ E) * (1 - h**2)) @ W.T
    np.add.at(dE, ids, dx)  # input use: sparse rows, repeats accumulate
    return dE


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Token embeddings: lookup, sparse gradients, weight tying")
    V, d, T = 10, 4, 16
    E = rng.standard_normal((V, d))
    ids = rng.integers(0, V, size=T)
    ids[3] = ids[7] = ids[11] = 2  # force repeated tokens
    onehot = np.eye(V)[ids]
    r.check_close("E[ids] == onehot(ids) @ E", E[ids], onehot @ E, rtol=0, atol=0)

    # Gradient of any loss through the lookup: dE = onehot^T @ dX, i.e. scatter-add of rows.
    dX = rng.standard_normal((T, d))
    dE_sparse = np.zeros_like(E)
    np.add.at(dE_sparse, ids, dX)
    r.check_close(
        "scatter-add gradient == onehot^T @ dX", dE_sparse, onehot.T @ dX, rtol=1e-14, atol=1e-14
    )
    r.figure("rows of E touched by the batch", int(np.count_nonzero(np.abs(dE_sparse).sum(1))))
    r.check(
        "rows of tokens absent from the batch get zero gradient",
        np.all(dE_sparse[np.setdiff1d(np.arange(V), ids)] == 0),
    )

    W = rng.standard_normal((d, d)) / np.sqrt(d)
    targets = rng.integers(0, V, size=T)
    G = tied_grad(E, W, ids, targets)
    num, eps = np.zeros_like(E), 1e-6
    for i in np.ndindex(*E.shape):
        Ep, Em = E.copy(), E.copy()
        Ep[i] += eps
        Em[i] -= eps
        num[i] = (tied_loss(Ep, W, ids, targets) - tied_loss(Em, W, ids, targets)) / (2 * eps)
    r.check_close(
        "tied embedding gradient (input + output paths) == finite differences",
        G,
        num,
        rtol=1e-5,
        atol=1e-9,
    )
    r.figure("parameters saved by tying (V*d)", V * d)
    return r


if __name__ == "__main__":
    main(run)
