"""normalizing-flows: exact densities through invertible maps and the change-of-variables formula.

Follows Rezende & Mohamed (2015, sec. 3: a density pushed through invertible maps f_k has
log q_K(z_K) = log q_0(z_0) - sum_k log |det df_k/dz_{k-1}|) and Murphy PML2 ch. 23
(normalizing flows; affine coupling layers, whose Jacobian is triangular). The layer used
here: keep the first half x_a, map the second half to x_b * exp(s(x_a)) + t(x_a), log-det =
sum s(x_a); a flow reverses the coordinates between layers and scores x by
log N(z; 0, I) + sum of log-dets. Checks: inverse(forward(x)) = x and forward(inverse(y)) = y;
the log-det against log |det J| of a finite-difference Jacobian (numpy slogdet); a one-layer
flow with constant s and t has exactly the Gaussian density scipy.stats.norm gives; and the
density of a three-layer nonlinear flow integrates to 1 over the plane.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import norm

from implementations._common import Report, main, solution

EXERCISE = ["coupling_forward", "coupling_inverse", "flow_log_prob"]

DOC_ZH = {
    "coupling_forward": """仿射耦合层（从数据到隐变量的方向）。

把 x (n, D) 按列分成前一半 x_a = x[:, :D//2] 和后一半 x_b；y_a = x_a，y_b = x_b * exp(s(x_a)) + t(x_a)。
log|det J| = Σ s(x_a)（对每个样本按列求和）。
输入：x；scale_fn、shift_fn，把 (n, D//2) 映射到 (n, D - D//2) 的函数。输出：(y, logdet)，logdet 形状 (n,)。

>>> y, ld = coupling_forward(np.array([[1.0, 2.0]]), lambda a: a, lambda a: 0 * a)
>>> np.round(y, 6).tolist(), ld.tolist()
([[1.0, 5.436564]], [1.0])
""",
    "coupling_inverse": """仿射耦合层的逆：x_a = y_a，x_b = (y_b - t(y_a)) * exp(-s(y_a))。

输入：y (n, D)；scale_fn、shift_fn。输出：x。

>>> coupling_inverse(np.array([[1.0, 3.0]]), lambda a: 0 * a, lambda a: a).tolist()
[[1.0, 2.0]]
""",
    "flow_log_prob": """由若干耦合层组成的流给出的精确对数密度（变量替换公式）。

z = x；对 layers 中每个 (scale_fn, shift_fn)：z, ld = coupling_forward(z, ...)，累加 ld，然后把 z 的列顺序反转（z[:, ::-1]）。
log p(x) = Σ_j log N(z_j; 0, 1) + Σ ld。
输入：x (n, D)；layers，(scale_fn, shift_fn) 的列表。输出：形状 (n,) 的 log p(x)。

>>> round(float(flow_log_prob(np.zeros((1, 2)), [])[0]), 6)
-1.837877
""",
}

HINTS = {
    "en": (
        "Half of the coordinates pass through unchanged and parameterise an elementwise affine "
        "map of the other half, so the Jacobian is triangular and its log-determinant is a sum.",
        "forward: y_b = x_b exp(s(x_a)) + t(x_a), logdet = s(x_a).sum(1); inverse: x_b = (y_b - "
        "t(y_a)) exp(-s(y_a)); log p(x) = sum log N(z; 0, 1) + sum of the layers' logdets.",
    ),
    "zh": (
        "一半坐标原样通过，并用来参数化另一半的逐元素仿射变换，所以雅可比矩阵是三角阵，其对数行列式是一个求和。",
        "正向：y_b = x_b exp(s(x_a)) + t(x_a)，logdet = s(x_a).sum(1)；逆向：x_b = (y_b - t(y_a)) exp(-s(y_a))；"
        "log p(x) = Σ log N(z; 0, 1) + 各层 logdet 之和。",
    ),
}


def coupling_forward(x, scale_fn, shift_fn):
    """Affine coupling layer, data-to-latent direction.

    Split x (n, D) into x_a = x[:, :D//2] and x_b = the rest; y_a = x_a and
    y_b = x_b * exp(s(x_a)) + t(x_a); log |det J| = sum of s(x_a) over columns. Input: x;
    scale_fn, shift_fn, maps from (n, D//2) to (n, D - D//2). Output: (y, logdet), logdet (n,).

    >>> y, ld = coupling_forward(np.array([[1.0, 2.0]]), lambda a: a, lambda a: 0 * a)
    >>> np.round(y, 6).tolist(), ld.tolist()
    ([[1.0, 5.436564]], [1.0])
    """
    k = x.shape[1] // 2
    xa, xb = x[:, :k], x[:, k:]
    s = scale_fn(xa)
    return np.hstack([xa, xb * np.exp(s) + shift_fn(xa)]), s.sum(axis=1)


def coupling_inverse(y, scale_fn, shift_fn):
    """Inverse of the affine coupling layer: x_a = y_a, x_b = (y_b - t(y_a)) * exp(-s(y_a)).

    Input: y (n, D); scale_fn, shift_fn. Output: x.

    >>> coupling_inverse(np.array([[1.0, 3.0]]), lambda a: 0 * a, lambda a: a).tolist()
    [[1.0, 2.0]]
    """
    k = y.shape[1] // 2
    ya, yb = y[:, :k], y[:, k:]
    return np.hstack([ya, (yb - shift_fn(ya)) * np.exp(-scale_fn(ya))])


def flow_log_prob(x, layers):
    """Exact log-density of a flow of coupling layers (change of variables).

    z = x; for each (scale_fn, shift_fn) in layers: z, ld = coupling_forward(z, ...), add ld,
    then reverse the columns of z (z[:, ::-1]). log p(x) = sum_j log N(z_j; 0, 1) + sum ld.
    Input: x (n, D); layers, a list of (scale_fn, shift_fn). Output: log p(x), shape (n,).

    >>> round(float(flow_log_prob(np.zeros((1, 2)), [])[0]), 6)
    -1.837877
    """
    z, total = x, np.zeros(len(x))
    for s_fn, t_fn in layers:
        z, ld = coupling_forward(z, s_fn, t_fn)
        total = total + ld
        z = z[:, ::-1]
    return np.sum(-0.5 * z**2 - 0.5 * np.log(2 * np.pi), axis=1) + total


def _net(rng, k_in, k_out, gain):
    A, B = rng.normal(size=(k_in, k_out)) * gain, rng.normal(size=k_out) * 0.3
    return lambda a: np.tanh(a @ A + B)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(11)
    r = Report("Normalizing flows: affine coupling and change of variables")
    D, n = 5, 8
    k = D // 2
    s_fn, t_fn = _net(rng, k, D - k, 0.8), _net(rng, k, D - k, 1.5)
    X = rng.normal(size=(n, D))

    with r.case("inverse(forward(x)) = x and forward(inverse(y)) = y") as c:
        Y, _ = f.coupling_forward(X, s_fn, t_fn)
        c.close(f.coupling_inverse(Y, s_fn, t_fn), X, rtol=1e-12, atol=1e-14)
        Y2, _ = f.coupling_forward(f.coupling_inverse(X, s_fn, t_fn), s_fn, t_fn)
        c.close(Y2, X, rtol=1e-12, atol=1e-14)
        c.close(Y[:, :k], X[:, :k], rtol=0)

    with r.case("log-det = log |det J| of a finite-difference Jacobian (slogdet)") as c:
        _, ld = f.coupling_forward(X, s_fn, t_fn)
        eps = 1e-6
        ref = []
        for x in X:
            J = np.zeros((D, D))
            for j in range(D):
                e = np.zeros(D)
                e[j] = eps
                J[:, j] = (
                    f.coupling_forward((x + e)[None], s_fn, t_fn)[0][0]
                    - f.coupling_forward((x - e)[None], s_fn, t_fn)[0][0]
                ) / (2 * eps)
            ref.append(np.linalg.slogdet(J)[1])
        c.close(ld, ref, rtol=1e-6, atol=1e-8)

    with r.case("one layer with constant s = c, t = b: exactly a Gaussian density") as c:
        cc, bb = 0.7, -1.2
        layer = (lambda a: np.full((len(a), 1), cc), lambda a: np.full((len(a), 1), bb))
        X2 = rng.normal(size=(n, 2)) * 2
        # z = (x_a, x_b e^c + b) is standard normal, so x_b ~ N(-b e^-c, e^-2c)
        ref = norm.logpdf(X2[:, 0]) + norm.logpdf(
            X2[:, 1], loc=-bb * np.exp(-cc), scale=np.exp(-cc)
        )
        c.close(f.flow_log_prob(X2, [layer]), ref, rtol=1e-12)

    with r.case("no layers: log N(x; 0, I)") as c:
        c.close(f.flow_log_prob(X, []), norm.logpdf(X).sum(axis=1), rtol=1e-12)

    with r.case("a three-layer nonlinear flow in 2-d has a density that integrates to 1") as c:
        layers = [(_net(rng, 1, 1, 0.6), _net(rng, 1, 1, 1.0)) for _ in range(3)]
        g = np.linspace(-12, 12, 301)
        G = np.stack(np.meshgrid(g, g, indexing="ij"), -1).reshape(-1, 2)
        p = np.exp(f.flow_log_prob(G, layers)).reshape(301, 301)
        mass = np.trapezoid(np.trapezoid(p, g, axis=1), g)
        r.figure("total probability on [-12, 12]^2", round(float(mass), 8))
        c.close(mass, 1.0, atol=1e-6)
        lp_rev = f.flow_log_prob(G[:50], layers[::-1])
        c.true(np.abs(lp_rev - f.flow_log_prob(G[:50], layers)).max() > 1e-3, "layer order matters")
    return r


if __name__ == "__main__":
    main(run)
