"""ib-view-of-deep-learning: the information plane of a network's discretised layers, and its caveats.

Tishby & Zaslavsky (2015) view the layers of a feed-forward network as a Markov chain
Y -> X -> T1 -> T2 and track I(X;T) and I(T;Y); Shwartz-Ziv & Tishby (2017) estimate these by
binning activations. Here X ranges over all 2^8 binary inputs (uniform), Y is a noisy function of
X, and T1, T2 are binned tanh layers, so every mutual information is computed exactly from the
joint table. Checks: the data-processing inequality I(X;Y) >= I(T1;Y) >= I(T2;Y); I(X;T) = H(T)
for a deterministic layer; and - the point raised by Saxe et al. (2018) - the binned I(X;T) is a
property of the bin size (refining the bins never lowers it), not of the network alone.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def entropy(p):
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def mutual_info(joint):
    """I(A;B) in bits from a joint probability table, via sum p log p/(p_a p_b)."""
    pa, pb = joint.sum(1, keepdims=True), joint.sum(0, keepdims=True)
    nz = joint > 0
    return float((joint[nz] * np.log2(joint[nz] / (pa @ pb)[nz])).sum())


def labels_of(codes):
    """Map each row (a discretised activation vector) to an integer id."""
    _, ids = np.unique(codes, axis=0, return_inverse=True)
    return ids.ravel()


def joint_table(a, b, w):
    J = np.zeros((a.max() + 1, b.max() + 1))
    np.add.at(J, (a, b), w)
    return J


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Information plane of a small network (exact, discrete)")
    X = ((np.arange(256)[:, None] >> np.arange(8)) & 1).astype(float)  # all 8-bit inputs
    px = np.full(256, 1 / 256)
    y_clean = (X[:, :4].sum(1) > X[:, 4:].sum(1)).astype(int)
    # p(y|x): correct label with prob 0.9 -> a joint over (x, y)
    pxy = np.zeros((256, 2))
    pxy[np.arange(256), y_clean] = 0.9 * px
    pxy[np.arange(256), 1 - y_clean] = 0.1 * px
    W1, W2 = rng.standard_normal((8, 6)), rng.standard_normal((6, 3))

    def cells(H, nbins):
        return np.clip(((H + 1) / 2 * nbins).astype(int), 0, nbins - 1)

    def binned(H, nbins):
        return labels_of(cells(H, nbins))

    H1 = np.tanh(X @ W1 - 0.5)
    Q1 = (cells(H1, 4) + 0.5) / 4 * 2 - 1  # layer 2 sees only the discretised layer 1,
    H2 = np.tanh(Q1 @ W2)  # so T2 is a function of T1: Y -> X -> T1 -> T2
    t1, t2 = binned(H1, 4), binned(H2, 4)
    x_id = np.arange(256)
    I_xy = mutual_info(pxy)
    I_t1y = mutual_info(
        np.stack([joint_table(t1, np.zeros(256, int), pxy[:, k])[:, 0] for k in (0, 1)], 1)
    )
    I_t2y = mutual_info(
        np.stack([joint_table(t2, np.zeros(256, int), pxy[:, k])[:, 0] for k in (0, 1)], 1)
    )
    r.figure("I(X;Y), I(T1;Y), I(T2;Y) bits", [I_xy, I_t1y, I_t2y])
    r.check("data processing: I(X;Y) >= I(T1;Y) >= I(T2;Y)", I_xy + 1e-12 >= I_t1y >= I_t2y - 1e-12)

    I_xt1 = mutual_info(joint_table(x_id, t1, px))
    pt1 = np.bincount(t1, weights=px)
    r.check_close("deterministic layer: I(X;T1) == H(T1)", I_xt1, entropy(pt1), rtol=1e-12)
    py = pxy.sum(0)
    hb = entropy(np.array([0.9, 0.1]))
    r.check_close("I(X;Y) == H(Y) - h(0.1) (label noise 10%)", I_xy, entropy(py) - hb, rtol=1e-12)
    I_xt2 = mutual_info(joint_table(x_id, t2, px))
    r.figure("I(X;T1), I(X;T2) bits (4 bins)", [I_xt1, I_xt2])
    r.check("deeper layer keeps no more information about X", I_xt1 >= I_xt2 - 1e-12)

    # Same activations, finer bins: 2, 4, 8, ..., 256 bins per unit (each grid refines the last).
    curve = [mutual_info(joint_table(x_id, binned(H1, 2**k), px)) for k in range(1, 9)]
    r.figure("I(X;T1) for 2..256 bins per unit", [round(c, 3) for c in curve])
    r.check(
        "binned I(X;T) grows with bin resolution (toward H(X) = 8 bits)",
        np.all(np.diff(curve) >= -1e-12) and curve[-1] > curve[0] + 1,
    )
    return r


if __name__ == "__main__":
    main(run)
