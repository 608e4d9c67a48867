"""integrals-change-of-variables: densities under invertible maps (the Jacobian determinant).

Follows Goodfellow et al. sec. 3.12 (technical details of continuous variables: p_y(y) =
p_x(g^-1(y)) |det d g^-1 / dy|) and Murphy PML1 ch. 2 (transformations of random variables);
normalizing flows (Murphy PML2 ch. 23) stack exactly this rule. Checks: y = exp(z) of a standard
normal equals scipy's lognormal density; a decreasing map y = exp(-z) needs the absolute
value; every transformed density integrates to 1 (scipy.integrate.quad); a histogram of
transformed samples matches the density; an affine map of a Gaussian equals
scipy.stats.multivariate_normal with covariance A A^T (also for det A < 0); the log-density of
a shear-plus-scale map matches a Monte Carlo box probability, and its log |det J| matches a
finite-difference Jacobian.
"""

from __future__ import annotations

import numpy as np
from scipy import integrate
from scipy.stats import lognorm, multivariate_normal, norm

from implementations._common import Report, main, solution

EXERCISE = ["density_1d", "affine_logdensity", "log_abs_det_jacobian"]

DOC_ZH = {
    "density_1d": """一维变量替换：y = g(z) 单调可逆时，p_y(y) = p_z(g^{-1}(y)) |d g^{-1}(y) / dy|。

输入：pz，z 的密度函数；g_inv，反函数；dg_inv，反函数的导数；y，数组。
输出：与 y 同形状的 p_y(y)。

>>> from scipy.stats import norm
>>> round(float(density_1d(norm.pdf, np.log, lambda y: 1 / y, np.array([1.0]))[0]), 6)
0.398942
""",
    "affine_logdensity": """仿射变换 x = A z + b 后的对数密度：log p_x(x) = log p_z(A^{-1}(x - b)) - log |det A|。

输入：logpz，接受形状 (n, d) 的数组、返回 n 个对数密度的函数；A，(d, d) 可逆矩阵；b，(d,)；X，(n, d)。
输出：形状 (n,) 的 log p_x。

>>> from scipy.stats import norm
>>> lp = lambda Z: norm.logpdf(Z).sum(1)
>>> round(float(affine_logdensity(lp, 2 * np.eye(2), np.zeros(2), np.zeros((1, 2)))[0]), 6)
-3.224171
""",
    "log_abs_det_jacobian": """log |det J_f(z)|：用中心差分求雅可比矩阵 J[i, j] = d f_i / d z_j，再取行列式绝对值的对数。

输入：f，把 (d,) 映到 (d,) 的函数；z，(d,)；h，差分步长。
输出：一个浮点数。

>>> round(float(log_abs_det_jacobian(lambda z: np.array([2 * z[0], z[1] + z[0] ** 2]), np.array([1.0, 0.0]))), 6)
0.693147
""",
}

HINTS = {
    "en": (
        "Probability mass in a small interval is conserved: p_y(y) |dy| = p_z(z) |dz|. Which "
        "factor stretches or squeezes the interval?",
        "p_y(y) = p_z(g^-1(y)) |d g^-1/dy|; in d dimensions the factor is |det| of the Jacobian "
        "of the inverse map, i.e. 1/|det A| for x = A z + b. Work in logs and keep the absolute "
        "value: a map that reverses orientation has a negative determinant.",
    ),
    "zh": (
        "小区间里的概率质量守恒：p_y(y) |dy| = p_z(z) |dz|。是哪个因子把区间拉长或压缩了？",
        "p_y(y) = p_z(g^-1(y)) |d g^-1/dy|；多维时这个因子是反变换雅可比矩阵行列式的绝对值，"
        "对 x = A z + b 就是 1/|det A|。在对数域计算，并保留绝对值：翻转方向的映射行列式为负。",
    ),
}


def density_1d(pz, g_inv, dg_inv, y):
    """Change of variables in 1-D: for y = g(z) monotone, p_y(y) = p_z(g^-1(y)) |d g^-1/dy|.

    Input: pz, the density of z; g_inv, the inverse map; dg_inv, its derivative; y, an array.
    Output: p_y(y), same shape as y.

    >>> from scipy.stats import norm
    >>> round(float(density_1d(norm.pdf, np.log, lambda y: 1 / y, np.array([1.0]))[0]), 6)
    0.398942
    """
    y = np.asarray(y, dtype=float)
    return pz(g_inv(y)) * np.abs(dg_inv(y))


def affine_logdensity(logpz, A, b, X):
    """Log-density after an affine map x = A z + b: log p_z(A^-1 (x - b)) - log |det A|.

    Input: logpz, a function of an (n, d) array returning n log-densities; A (d, d)
    invertible; b (d,); X (n, d). Output: log p_x, shape (n,).

    >>> from scipy.stats import norm
    >>> lp = lambda Z: norm.logpdf(Z).sum(1)
    >>> round(float(affine_logdensity(lp, 2 * np.eye(2), np.zeros(2), np.zeros((1, 2)))[0]), 6)
    -3.224171
    """
    Z = np.linalg.solve(A, (np.asarray(X) - b).T).T
    _, logdet = np.linalg.slogdet(A)
    return logpz(Z) - logdet


def log_abs_det_jacobian(f, z, h=1e-5):
    """log |det J_f(z)|, with the Jacobian J[i, j] = d f_i / d z_j by central differences.

    Input: f, a map from (d,) to (d,); z (d,); h, the step. Output: a float.

    >>> round(float(log_abs_det_jacobian(lambda z: np.array([2 * z[0], z[1] + z[0] ** 2]), np.array([1.0, 0.0]))), 6)
    0.693147
    """
    z = np.asarray(z, dtype=float)
    d = z.size
    J = np.empty((d, d))
    for j in range(d):
        e = np.zeros(d)
        e[j] = h
        J[:, j] = (f(z + e) - f(z - e)) / (2 * h)
    return np.linalg.slogdet(J)[1]


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Change of variables: densities under invertible maps")
    y = np.linspace(0.05, 6.0, 40)

    with r.case("y = exp(z), z ~ N(0, 1): density equals scipy's lognormal") as c:
        got = f.density_1d(norm.pdf, np.log, lambda t: 1 / t, y)
        c.close(got, lognorm.pdf(y, s=1.0), rtol=1e-10)
    with r.case("y = exp(-2 z) (decreasing map) needs |d g^-1/dy|: lognormal with s = 2") as c:
        got = f.density_1d(norm.pdf, lambda t: -np.log(t) / 2, lambda t: -1 / (2 * t), y)
        c.close(got, lognorm.pdf(y, s=2.0), rtol=1e-10)
    with r.case("transformed densities integrate to 1") as c:
        pz = norm(0.3, 0.5).pdf
        for gi, dgi, lo, hi in (
            (np.log, lambda t: 1 / t, 0, np.inf),
            (np.cbrt, lambda t: np.abs(t) ** (-2 / 3) / 3, -np.inf, np.inf),
            (lambda t: (t - 1) / -3, lambda t: -np.ones_like(t) / 3, -np.inf, np.inf),
        ):

            def dens(t, gi=gi, dgi=dgi):
                return float(f.density_1d(pz, gi, dgi, np.array([t]))[0])

            c.close(integrate.quad(dens, lo, hi, limit=200)[0], 1.0, rtol=1e-6)

    with r.case("histogram of y = sinh(2 z) samples matches the density") as c:
        z = rng.normal(0.3, 0.5, 100_000)
        edges = np.linspace(-1.5, 4.0, 23)
        hist = np.histogram(np.sinh(2 * z), bins=edges)[0] / (z.size * np.diff(edges))
        mid = (edges[:-1] + edges[1:]) / 2
        dens = f.density_1d(
            norm(0.3, 0.5).pdf, lambda t: np.arcsinh(t) / 2, lambda t: 0.5 / np.sqrt(1 + t * t), mid
        )
        r.figure("max |histogram - density| for y = sinh(2 z)", float(np.max(np.abs(hist - dens))))
        c.close(hist, dens, rtol=0.08, atol=0.02)

    def logpz(Z):
        return norm.logpdf(Z).sum(1)

    X = rng.normal(size=(25, 3))
    for name, A in {
        "det A > 0": np.array([[2.0, 0.5, 0.0], [0.0, 1.0, -0.3], [0.4, 0.0, 0.7]]),
        "det A < 0": np.array([[0.0, 1.5, 0.0], [1.0, 0.0, 0.2], [0.0, 0.3, 0.5]]),
    }.items():
        b = np.array([0.5, -1.0, 2.0])
        with r.case(f"affine map of N(0, I) equals N(b, A A^T) ({name})") as c:
            got = f.affine_logdensity(logpz, A, b, X)
            c.close(got, multivariate_normal(b, A @ A.T).logpdf(X), rtol=1e-10)

    # a nonlinear bijection: x1 = 2 z1, x2 = z2 exp(z1 / 2) + z1^2 (det J = 2 exp(z1 / 2))
    def fwd(z):
        return np.array([2 * z[0], z[1] * np.exp(z[0] / 2) + z[0] ** 2])

    with r.case("finite-difference log|det J| equals the closed form log 2 + z1/2") as c:
        zs = rng.normal(size=(6, 2))
        got = [f.log_abs_det_jacobian(fwd, z) for z in zs]
        c.close(got, np.log(2) + zs[:, 0] / 2, rtol=1e-7, atol=1e-8)
    with r.case("log|det J| of an orientation-reversing map (swap and scale by 3)") as c:
        got = f.log_abs_det_jacobian(lambda z: 3 * z[::-1], np.array([0.2, -0.4]))
        c.close(got, np.log(9.0), rtol=1e-8)
    with r.case("p_x = p_z / |det J| matches a Monte Carlo box probability") as c:
        Z = rng.normal(size=(300_000, 2))
        Xs = np.stack([2 * Z[:, 0], Z[:, 1] * np.exp(Z[:, 0] / 2) + Z[:, 0] ** 2], 1)
        x0, hw = np.array([0.5, 0.4]), 0.15
        frac = np.mean(np.all(np.abs(Xs - x0) < hw, axis=1)) / (2 * hw) ** 2
        z1 = x0[0] / 2
        z0 = np.array([z1, (x0[1] - z1**2) * np.exp(-z1 / 2)])
        dens = np.exp(norm.logpdf(z0).sum() - f.log_abs_det_jacobian(fwd, z0))
        r.figure("box frequency / area | density from the Jacobian", [float(frac), float(dens)])
        c.close(frac, dens, rtol=0.05)
    return r


if __name__ == "__main__":
    main(run)
