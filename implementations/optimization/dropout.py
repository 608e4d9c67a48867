"""dropout: random unit masking during training and the weight-scaling rule at test time.

Follows Srivastava et al. (2014) and Goodfellow et al. ch. 7 (sec. 7.12). Checks by exact
enumeration of all 2^n masks: inverted dropout preserves the expectation exactly, with
variance h^2 (1-p)/p; for a linear layer the average of all thinned networks equals the
weight-scaled network; for a sigmoid unit the normalised geometric mean of all thinned
networks equals the weight-scaled network, while the arithmetic mean only approximates it.
"""

from __future__ import annotations

from itertools import product

import numpy as np

from implementations._common import Report, main


def expit(z):
    return 0.5 * (1 + np.tanh(0.5 * z))  # logistic sigmoid


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Dropout")
    n, p = 10, 0.8  # keep probability p
    h = rng.normal(size=n)
    masks = np.array(list(product([0, 1], repeat=n)), dtype=float)  # all 1024 thinned networks
    prob = p ** masks.sum(1) * (1 - p) ** (n - masks.sum(1))
    r.check_close("mask probabilities sum to 1", prob.sum(), 1.0, rtol=1e-12)

    out = masks * h / p  # inverted dropout: scale kept units by 1/p
    mean = prob @ out
    var = prob @ (out - mean) ** 2
    r.check_close("E[mask * h / p] = h exactly (enumeration)", mean, h, rtol=1e-12)
    r.check_close("Var = h^2 (1-p)/p", var, h**2 * (1 - p) / p, rtol=1e-10)
    sample = (rng.uniform(size=(20000, n)) < p) * h / p
    se = np.sqrt(h**2 * (1 - p) / p / 20000)
    r.check(
        "Monte Carlo mean within 5 standard errors of h",
        np.all(np.abs(sample.mean(0) - h) < 5 * se),
    )

    # linear layer: averaging all thinned networks = one network with weights scaled by p
    w = rng.normal(size=n)
    lin_thinned = masks @ (w * h)  # standard (non-inverted) dropout outputs
    r.check_close(
        "linear unit: ensemble mean of 2^n thinned nets = weight-scaled net",
        prob @ lin_thinned,
        p * w @ h,
        rtol=1e-12,
    )

    # sigmoid unit: the normalised weighted geometric mean of the ensemble = sigmoid(p w.h)
    s = expit(lin_thinned)
    log_g1 = prob @ np.log(s)
    log_g0 = prob @ np.log(1 - s)
    nwgm = np.exp(log_g1) / (np.exp(log_g1) + np.exp(log_g0))
    scaled = expit(p * w @ h)
    r.check_close(
        "sigmoid unit: normalised geometric mean of the ensemble = weight-scaled net",
        nwgm,
        scaled,
        rtol=1e-12,
    )
    arith = prob @ s
    r.figure(
        "sigmoid: arithmetic ensemble mean vs weight-scaled output", [float(arith), float(scaled)]
    )
    r.check(
        "the arithmetic mean differs (weight scaling is an approximation of that average)",
        0 < abs(arith - scaled) < 0.1,
        f"gap {abs(arith - scaled):.3g}",
    )
    return r


if __name__ == "__main__":
    main(run)
