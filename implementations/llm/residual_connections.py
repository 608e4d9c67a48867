"""residual-connections: y = x + F(x), its Jacobian I + dF, and why deep residual stacks train.

Follows He et al. (2015, identity shortcuts y = F(x) + x) as used around every Transformer
sub-layer (Vaswani et al. 2017, Sec. 3.1). Checks: the finite-difference Jacobian equals
I + J_F; for linear branches the product prod_l (I + A_l) equals the sum over all 2^L paths
(brute force); a zero-initialised branch makes the block exactly the identity; and in a deep
stack the input gradient survives with shortcuts but vanishes without them.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from implementations._common import Report, main


def branch(x, W1, W2):
    return np.tanh(x @ W1) @ W2


def branch_jac(x, W1, W2):
    """J_F for row-vector x: dF/dx = W1 diag(1 - tanh^2) W2, transposed to (out, in)."""
    s = 1 - np.tanh(x @ W1) ** 2
    return ((W1 * s) @ W2).T


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Residual connections")
    d = 6
    W1, W2 = rng.standard_normal((d, 12)) / np.sqrt(d), rng.standard_normal((12, d)) / np.sqrt(12)
    x = rng.standard_normal(d)
    f = lambda v: v + branch(v, W1, W2)
    J_num = np.zeros((d, d))
    for j in range(d):
        e = np.zeros(d)
        e[j] = 1e-6
        J_num[:, j] = (f(x + e) - f(x - e)) / 2e-6
    r.check_close(
        "Jacobian of x + F(x) == I + J_F (finite differences)",
        J_num,
        np.eye(d) + branch_jac(x, W1, W2),
        rtol=1e-6,
        atol=1e-9,
    )

    # Linear branches: (I + A_L)...(I + A_1) = sum over subsets S of prod_{l in S} A_l (ordered).
    L = 4
    A = [0.3 * rng.standard_normal((d, d)) for _ in range(L)]
    prod = np.eye(d)
    for Al in A:
        prod = (np.eye(d) + Al) @ prod
    paths = np.zeros((d, d))
    for k in range(L + 1):
        for S in combinations(range(L), k):
            M = np.eye(d)
            for l in S:
                M = A[l] @ M
            paths += M
    r.check_close(
        "prod (I + A_l) == sum over all 2^L paths (brute force)",
        prod,
        paths,
        rtol=1e-12,
        atol=1e-12,
    )

    # Zero-initialised last layer of the branch: the block starts as the identity map.
    r.check_close(
        "branch with W2 = 0 gives y == x exactly",
        x + branch(x, W1, np.zeros_like(W2)),
        x,
        rtol=0,
        atol=0,
    )

    # Deep stack of 50 small random layers: product of Jacobians with and without shortcuts.
    depth, Jres, Jplain, h_res, h_plain = 50, np.eye(d), np.eye(d), x.copy(), x.copy()
    for _ in range(depth):
        U1, U2 = (
            0.5 * rng.standard_normal((d, d)) / np.sqrt(d),
            0.5 * rng.standard_normal((d, d)) / np.sqrt(d),
        )
        Jres = (np.eye(d) + branch_jac(h_res, U1, U2)) @ Jres
        Jplain = branch_jac(h_plain, U1, U2) @ Jplain
        h_res, h_plain = h_res + branch(h_res, U1, U2), branch(h_plain, U1, U2)
    s_res, s_plain = np.linalg.norm(Jres, 2), np.linalg.norm(Jplain, 2)
    r.figure("||d out / d in|| after 50 layers: residual vs plain", [float(s_res), float(s_plain)])
    r.check(
        "gradient survives with shortcuts, vanishes without",
        s_res > 0.1 and s_plain < 1e-6,
        f"{s_res:.3g} vs {s_plain:.3g}",
    )
    return r


if __name__ == "__main__":
    main(run)
