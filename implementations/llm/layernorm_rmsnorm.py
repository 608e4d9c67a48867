"""layernorm-rmsnorm: LayerNorm and RMSNorm, their statistics and their invariances.

LayerNorm (Ba et al. 2016) re-centres and re-scales each token vector by its own mean and
standard deviation; RMSNorm (Zhang & Sennrich 2019) keeps only the re-scaling by the root mean
square. Checks: output statistics (mean 0 / variance 1 for LN, RMS 1 for RMSNorm), invariance
of LN to shift and positive scale of the input, invariance of RMSNorm to scale but not shift,
LN(x) == RMSNorm(x - mean x), and the LN Jacobian annihilating the all-ones direction and x
itself (finite differences).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def layernorm(x, g=1.0, b=0.0, eps=0.0):
    mu = x.mean(-1, keepdims=True)
    return g * (x - mu) / np.sqrt(((x - mu) ** 2).mean(-1, keepdims=True) + eps) + b


def rmsnorm(x, g=1.0, eps=0.0):
    return g * x / np.sqrt((x**2).mean(-1, keepdims=True) + eps)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("LayerNorm and RMSNorm")
    T, d = 8, 32
    x = 3 * rng.standard_normal((T, d)) + 5  # tokens with an offset and a scale
    y, z = layernorm(x), rmsnorm(x)
    r.check_close("LN output: per-token mean 0", y.mean(-1), np.zeros(T), atol=1e-12)
    r.check_close("LN output: per-token (population) variance 1", y.var(-1), np.ones(T), rtol=1e-12)
    r.check_close(
        "RMSNorm output: per-token RMS 1", np.sqrt((z**2).mean(-1)), np.ones(T), rtol=1e-12
    )

    a = rng.uniform(0.1, 10, size=(T, 1))  # per-token positive scale
    c = rng.standard_normal((T, 1))  # per-token shift
    r.check_close(
        "LN(a x + c) == LN(x): re-centring and re-scaling invariant",
        layernorm(a * x + c),
        y,
        rtol=1e-10,
        atol=1e-10,
    )
    r.check_close(
        "RMSNorm(a x) == RMSNorm(x): re-scaling invariant",
        rmsnorm(a * x),
        z,
        rtol=1e-12,
        atol=1e-12,
    )
    shift_err = np.abs(rmsnorm(x + c) - z).max()
    r.figure("max |RMSNorm(x + c) - RMSNorm(x)|", shift_err)
    r.check("RMSNorm is NOT shift invariant", shift_err > 1e-2)
    r.check_close(
        "LN(x) == RMSNorm(x - mean(x))",
        layernorm(x),
        rmsnorm(x - x.mean(-1, keepdims=True)),
        rtol=1e-12,
        atol=1e-12,
    )

    # Jacobian of LN at one token (eps = 0): directions 1 and x are mapped to 0.
    v = x[0]
    J = np.zeros((d, d))
    for j in range(d):
        e = np.zeros(d)
        e[j] = 1e-6
        J[:, j] = (layernorm(v + e) - layernorm(v - e)) / 2e-6
    r.check_close(
        "LN Jacobian kills the all-ones direction: J 1 == 0", J @ np.ones(d), np.zeros(d), atol=1e-7
    )
    r.check_close("LN Jacobian kills the input direction: J x == 0", J @ v, np.zeros(d), atol=1e-6)
    r.figure("rank of the LN Jacobian (d = 32)", int(np.linalg.matrix_rank(J, tol=1e-6)))
    return r


if __name__ == "__main__":
    main(run)
