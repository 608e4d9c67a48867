"""mutual-information: I(X;Y) = D(p(x,y) || p(x)p(y)) = H(X) - H(X|Y).

Follows Cover & Thomas (2006) secs. 2.3-2.4 and MacKay (2003) ch. 8. Checks compare the KL
form with the entropy form, non-negativity on random joints, zero for independence,
I(X;X) = H(X), the closed form 1 - h(eps) for a binary symmetric channel with uniform input,
and the closed form -0.5 log(1 - rho^2) for a bivariate Gaussian (finely binned).
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main


def H(p):
    p = np.asarray(p, dtype=float).ravel()
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def mi_kl(J):
    """I(X;Y) in bits as the KL divergence of the joint from the product of marginals."""
    prod = np.outer(J.sum(1), J.sum(0))
    m = J > 0
    return float(np.sum(J[m] * np.log2(J[m] / prod[m])))


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Mutual information")

    J = rng.dirichlet(np.full(20, 0.4)).reshape(4, 5)
    i_kl = mi_kl(J)
    i_h = H(J.sum(1)) + H(J.sum(0)) - H(J)
    r.figure("I(X;Y) for a random 4x5 joint (bits)", i_kl)
    r.check_close("KL form equals H(X)+H(Y)-H(X,Y)", i_kl, i_h, rtol=1e-12)

    vals = [mi_kl(rng.dirichlet(np.full(12, 0.3)).reshape(3, 4)) for _ in range(300)]
    r.check("I(X;Y) >= 0 on 300 random joints", min(vals) >= -1e-12, f"min {min(vals):.3e}")
    r.check_close(
        "independent X, Y: I = 0",
        mi_kl(np.outer(rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(6)))),
        0.0,
        atol=1e-14,
    )

    p = rng.dirichlet(np.ones(5))
    r.check_close("I(X;X) = H(X)", mi_kl(np.diag(p)), H(p), rtol=1e-12)

    eps = 0.1
    Jb = 0.5 * np.array([[1 - eps, eps], [eps, 1 - eps]])
    h = -eps * math.log2(eps) - (1 - eps) * math.log2(1 - eps)
    r.check_close("BSC with uniform input: I = 1 - h(eps)", mi_kl(Jb), 1 - h, rtol=1e-12)

    # Bivariate Gaussian, correlation rho: bin the density finely; I(binned) -> -0.5 log2(1-rho^2).
    rho, d = 0.8, 0.02
    g = np.arange(-7, 7 + d / 2, d)
    X, Y = np.meshgrid(g, g, indexing="ij")
    dens = np.exp(-(X**2 - 2 * rho * X * Y + Y**2) / (2 * (1 - rho**2)))
    Jg = dens / dens.sum()
    exact = -0.5 * math.log2(1 - rho**2)
    r.figure("binned Gaussian MI vs closed form (bits)", [round(mi_kl(Jg), 6), round(exact, 6)])
    r.check_close("Gaussian: binned MI matches -0.5 log2(1 - rho^2)", mi_kl(Jg), exact, rtol=1e-3)
    return r


if __name__ == "__main__":
    main(run)
