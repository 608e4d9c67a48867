"""lloyd-max-quantization: the MSE-optimal scalar quantiser for a known density.

Follows Lloyd (1982) and Max (1960); Cover & Thomas ch 10. Alternate two conditions:
thresholds at midpoints of neighbouring levels, levels at the conditional mean (centroid)
of their cell. For N(0, 1) the cell integrals are exact: mass Phi(b) - Phi(a), first moment
phi(a) - phi(b), second moment mass + a phi(a) - b phi(b). Checks: 1-bit optimum +-sqrt(2/pi)
with MSE 1 - 2/pi; 2- and 3-bit MSE equal Max's values 0.1175 and 0.03454; the MSE never
increases across iterations; for a uniform source Lloyd-Max returns the uniform quantiser
(MSE = Delta^2 / 12); and the sample-based Lloyd iteration agrees with the exact one.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from implementations._common import Report, main


def phi(x):
    return np.exp(-0.5 * x**2) / np.sqrt(2 * np.pi)


def cell_moments(a, b):
    """Mass, first and second moment of N(0,1) on [a, b) (a, b may be +-inf)."""
    m0 = ndtr(b) - ndtr(a)
    m1 = phi(a) - phi(b)
    aphi = np.where(np.isinf(a), 0.0, a * phi(np.where(np.isinf(a), 0, a)))
    bphi = np.where(np.isinf(b), 0.0, b * phi(np.where(np.isinf(b), 0, b)))
    return m0, m1, m0 + aphi - bphi


def lloyd_max_gaussian(levels: int, iters: int = 300):
    y = np.linspace(-1.5, 1.5, levels)
    history = []
    for _ in range(iters):
        t = np.concatenate([[-np.inf], (y[:-1] + y[1:]) / 2, [np.inf]])  # nearest-neighbour
        m0, m1, m2 = cell_moments(t[:-1], t[1:])
        history.append(float((m2 - 2 * y * m1 + y**2 * m0).sum()))  # exact MSE
        y = m1 / m0  # centroids
    return y, history


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Lloyd-Max quantization")
    y1, h1 = lloyd_max_gaussian(2)
    r.figure("1-bit levels", y1.tolist())
    r.check_close(
        "1-bit levels are +-sqrt(2/pi)", y1, [-np.sqrt(2 / np.pi), np.sqrt(2 / np.pi)], rtol=1e-9
    )
    r.check_close("1-bit MSE = 1 - 2/pi", h1[-1], 1 - 2 / np.pi, rtol=1e-9)
    y2, h2 = lloyd_max_gaussian(4)
    y3, h3 = lloyd_max_gaussian(8)
    r.figure("2-bit levels", np.round(y2, 4).tolist())
    r.figure("MSE for 1, 2, 3 bits", [round(h1[-1], 5), round(h2[-1], 5), round(h3[-1], 5)])
    r.check_close(
        "2- and 3-bit MSE match Max (1960): 0.1175, 0.03454",
        [h2[-1], h3[-1]],
        [0.1175, 0.03454],
        rtol=1e-3,
    )
    r.check(
        "MSE never increases across Lloyd iterations",
        all(np.diff(h).max() <= 1e-15 for h in (h1, h2, h3)),
    )

    # Uniform source on [0, 1): sample-based Lloyd converges to the uniform quantiser.
    u = np.sort(rng.uniform(0, 1, 40_000))
    c = np.sort(rng.uniform(0, 1, 8))
    for _ in range(120):
        t = (c[:-1] + c[1:]) / 2
        idx = np.searchsorted(t, u)
        c = np.bincount(idx, weights=u, minlength=8) / np.bincount(idx, minlength=8)
    r.check_close("uniform source: levels at (k + 1/2)/8", c, (np.arange(8) + 0.5) / 8, atol=5e-3)
    mse = np.mean((u - c[np.searchsorted((c[:-1] + c[1:]) / 2, u)]) ** 2)
    r.check_close("uniform source: MSE = Delta^2 / 12", mse, (1 / 8) ** 2 / 12, rtol=0.03)

    g = rng.normal(0, 1, 30_000)
    g = np.concatenate([g, -g])  # symmetrised sample: less sampling noise
    c = np.array([-1.0, -0.3, 0.3, 1.0])
    for _ in range(100):
        idx = np.searchsorted((c[:-1] + c[1:]) / 2, g)
        c = np.bincount(idx, weights=g, minlength=4) / np.bincount(idx, minlength=4)
    r.check_close(
        "sample-based Lloyd on N(0,1) data matches the exact 2-bit levels", c, y2, atol=0.02
    )
    return r


if __name__ == "__main__":
    main(run)
