"""blahut-arimoto: alternating minimisation that computes R(D) and channel capacity.

Follows Blahut (1972) and Arimoto (1972); Cover & Thomas ch 10. For a slope s < 0 the
iteration q(xhat|x) ∝ r(xhat) exp(s d(x, xhat)), r(xhat) = sum_x p(x) q(xhat|x) converges
to the point of the R(D) curve with that slope. Checks: on a Bernoulli(0.3) source with
Hamming distortion every computed (D, R) pair lies on R(D) = h(p) - h(D); R decreases as
D grows; and the capacity version reproduces C = 1 - h(0.11) for a binary symmetric
channel and C = 1 - e for a binary erasure channel.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def h2(q: float) -> float:
    return float(-q * np.log2(q) - (1 - q) * np.log2(1 - q))


def ba_rate_distortion(p, d, s, iters=500):
    r = np.full(d.shape[1], 1.0 / d.shape[1])
    for _ in range(iters):
        q = r * np.exp(s * d)  # q(xhat | x), unnormalised
        q /= q.sum(axis=1, keepdims=True)
        r = p @ q  # output marginal
    D = float((p[:, None] * q * d).sum())
    R = float((p[:, None] * q * np.log2(q / r)).sum())
    return D, R


def ba_capacity(W, iters=2000):
    """W[x, y] = P(y | x). Returns the capacity in bits."""
    px = np.full(W.shape[0], 1.0 / W.shape[0])
    for _ in range(iters):
        py = px @ W
        with np.errstate(divide="ignore", invalid="ignore"):
            kl = np.where(W > 0, W * np.log(W / py), 0.0).sum(axis=1)  # D(W(.|x) || py)
        px = px * np.exp(kl)
        px /= px.sum()
    py = px @ W
    with np.errstate(divide="ignore", invalid="ignore"):
        return float((px[:, None] * np.where(W > 0, W * np.log2(W / py), 0.0)).sum())


def run() -> Report:
    r = Report("Blahut-Arimoto algorithm")
    p = np.array([0.7, 0.3])
    d = 1.0 - np.eye(2)  # Hamming distortion
    slopes = np.array([-4.0, -3.0, -2.0, -1.5, -1.0])
    pts = [ba_rate_distortion(p, d, s) for s in slopes]
    Ds, Rs = np.array(pts).T
    r.figure("(D, R) points", [(round(a, 4), round(b, 4)) for a, b in pts])
    r.check_close(
        "every point lies on R(D) = h(p) - h(D)", Rs, [h2(0.3) - h2(D) for D in Ds], atol=1e-9
    )
    r.check("R decreases as D increases", bool(np.all(np.diff(Ds) > 0) and np.all(np.diff(Rs) < 0)))
    # the Bernoulli test channel has slope s = log(D / (1 - D)) in nats: D = 1 / (1 + e^-s)
    r.check_close(
        "distortion at slope s equals 1 / (1 + e^-s)", Ds, 1 / (1 + np.exp(-slopes)), rtol=1e-9
    )

    eps = 0.11
    bsc = np.array([[1 - eps, eps], [eps, 1 - eps]])
    r.check_close("BSC(0.11) capacity = 1 - h(0.11)", ba_capacity(bsc), 1 - h2(eps), atol=1e-9)
    e = 0.25
    bec = np.array([[1 - e, e, 0.0], [0.0, e, 1 - e]])
    r.check_close("BEC(0.25) capacity = 1 - e", ba_capacity(bec), 1 - e, atol=1e-9)
    z = np.array([[1.0, 0.0], [0.5, 0.5]])  # Z channel, q = 0.5: C = log2(1 + (1-q) q^(q/(1-q)))
    r.check_close(
        "Z-channel capacity = log2(1 + 0.5 * 0.5)", ba_capacity(z), np.log2(1.25), atol=1e-6
    )
    return r


if __name__ == "__main__":
    main(run)
