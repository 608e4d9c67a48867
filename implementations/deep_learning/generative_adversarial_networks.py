"""generative-adversarial-networks: a discriminator and a generator playing a minimax game.

Follows Goodfellow et al. (2014, "Generative Adversarial Nets": the value function
V(D, G) = E_data log D(x) + E_G log(1 - D(G(z))), Proposition 1 for the optimal discriminator
D* = p_data / (p_data + p_g), Theorem 1 for V(D*, G) = -log 4 + 2 JSD(p_data || p_g), and the
remark that log(1 - D(G(z))) saturates early in training, fixed by maximising log D(G(z))),
with Goodfellow et al., Deep Learning sec. 20.10.4 and Murphy PML2 ch. 26. Distributions are
discrete here, so every expectation is an exact sum. Checks: D* equals a numerical maximiser of
V (scipy minimize_scalar per point) and no random discriminator beats it; V(D*) matches
-log 4 + 2 JSD from scipy.spatial.distance.jensenshannon, so the generator's best reply is
p_g = p_data; and the two generator losses' gradients against finite differences, showing
that the minimax one vanishes when the discriminator rejects fakes while the non-saturating
one stays near -1.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.spatial.distance import jensenshannon
from scipy.special import expit, log_expit

from implementations._common import Report, main, solution

EXERCISE = ["optimal_discriminator", "gan_value", "generator_grads"]

DOC_ZH = {
    "optimal_discriminator": """固定生成器时的最优判别器 D*(x) = p_data(x) / (p_data(x) + p_g(x))（Goodfellow 等，命题 1）。

输入：p_data、p_g，同一有限样本空间上的两个概率向量（每处之和为正）。输出：D*，与输入同形状。

>>> optimal_discriminator(np.array([0.5, 0.5]), np.array([0.25, 0.75])).tolist()
[0.6666666666666666, 0.4]
""",
    "gan_value": """GAN 的价值函数 V(D, G) = Σ_x p_data(x) log D(x) + Σ_x p_g(x) log(1 - D(x))（自然对数）。

输入：D，每个样本点上的判别器输出，取值于 (0, 1)；p_data、p_g，概率向量。输出：标量 V。

>>> round(float(gan_value(np.array([0.5, 0.5]), np.array([0.5, 0.5]), np.array([0.5, 0.5]))), 6)
-1.386294
""",
    "generator_grads": """生成器两种损失对判别器 logit a（D = sigmoid(a)，在一个生成样本上）的导数。

极小极大损失 log(1 - D) 的导数，以及非饱和损失 -log D 的导数。
输入：a，判别器 logit（数组）。输出：(g_minimax, g_nonsat)，与 a 同形状。

>>> gm, gn = generator_grads(np.array([0.0]))
>>> gm.tolist(), gn.tolist()
([-0.5], [-0.5])
""",
}

HINTS = {
    "en": (
        "For a fixed generator the value function splits into one independent term per point "
        "x: p log D + q log(1 - D). Maximise each.",
        "d/dD [p log D + q log(1-D)] = p/D - q/(1-D) = 0 gives D* = p/(p+q). With D = sigmoid(a): "
        "d/da log(1 - D) = -D and d/da (-log D) = D - 1.",
    ),
    "zh": (
        "固定生成器时，价值函数拆成每个样本点 x 上互相独立的一项 p log D + q log(1 - D)，逐点最大化即可。",
        "对 D 求导 p/D - q/(1-D) = 0 得 D* = p/(p+q)。令 D = sigmoid(a)：log(1 - D) 对 a 的导数是 -D，"
        "-log D 对 a 的导数是 D - 1。",
    ),
}


def optimal_discriminator(p_data, p_g):
    """The best discriminator for a fixed generator: D*(x) = p_data(x) / (p_data(x) + p_g(x)).

    Goodfellow et al. (2014), Proposition 1. Input: p_data, p_g, probability vectors over the
    same finite sample space (with p_data + p_g > 0 everywhere). Output: D*, shaped like them.

    >>> optimal_discriminator(np.array([0.5, 0.5]), np.array([0.25, 0.75])).tolist()
    [0.6666666666666666, 0.4]
    """
    return p_data / (p_data + p_g)


def gan_value(D, p_data, p_g):
    """GAN value function V(D, G) = sum_x p_data(x) log D(x) + sum_x p_g(x) log(1 - D(x)).

    Natural logarithms. Input: D, the discriminator's output at every point, in (0, 1);
    p_data, p_g, probability vectors. Output: the scalar V.

    >>> round(float(gan_value(np.array([0.5, 0.5]), np.array([0.5, 0.5]), np.array([0.5, 0.5]))), 6)
    -1.386294
    """
    return np.sum(p_data * np.log(D)) + np.sum(p_g * np.log(1 - D))


def generator_grads(a):
    """Derivatives of the two generator losses w.r.t. the discriminator logit a of a fake.

    D = sigmoid(a). Minimax loss log(1 - D) (minimised by the generator) and the
    non-saturating loss -log D. Input: a, logits (array). Output: (g_minimax, g_nonsat),
    shaped like a.

    >>> gm, gn = generator_grads(np.array([0.0]))
    >>> gm.tolist(), gn.tolist()
    ([-0.5], [-0.5])
    """
    D = 1 / (1 + np.exp(-a))
    return -D, D - 1


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(7)
    r = Report("GANs: the optimal discriminator and the Jensen-Shannon game")
    n = 6
    p = rng.dirichlet(np.ones(n))
    q = rng.dirichlet(np.ones(n))

    with r.case("D* = p/(p+q) equals a numerical maximiser of V at every point") as c:
        Ds = f.optimal_discriminator(p, q)
        num = [
            minimize_scalar(
                lambda d, i=i: -(p[i] * np.log(d) + q[i] * np.log(1 - d)),
                bounds=(1e-9, 1 - 1e-9),
                method="bounded",
                options={"xatol": 1e-12},
            ).x
            for i in range(n)
        ]
        c.close(Ds, num, atol=1e-7)

    with r.case("V(D) = E_data log D + E_g log(1 - D), and no random D beats D*") as c:
        Dr = rng.uniform(0.05, 0.95, size=n)
        c.close(f.gan_value(Dr, p, q), p @ np.log(Dr) + q @ np.log1p(-Dr), rtol=1e-12)
        best = f.gan_value(f.optimal_discriminator(p, q), p, q)
        others = [f.gan_value(rng.uniform(0.01, 0.99, size=n), p, q) for _ in range(200)]
        c.true(max(others) < best, f"best random {max(others):.4f} < V(D*) {best:.4f}")

    with r.case("V(D*, G) = -log 4 + 2 JSD(p_data || p_g) (scipy jensenshannon)") as c:
        for qq in (q, rng.dirichlet(np.ones(n) * 0.3), 0.5 * (p + q)):
            v = f.gan_value(f.optimal_discriminator(p, qq), p, qq)
            c.close(v, -np.log(4) + 2 * jensenshannon(p, qq) ** 2, rtol=1e-10)

    with r.case("p_g = p_data: D* = 1/2 everywhere and V = -log 4, the global minimum") as c:
        Ds = f.optimal_discriminator(p, p)
        c.close(Ds, np.full(n, 0.5), rtol=1e-12)
        c.close(f.gan_value(Ds, p, p), -np.log(4), rtol=1e-12)
        vals = [
            f.gan_value(f.optimal_discriminator(p, g), p, g) for g in rng.dirichlet(np.ones(n), 50)
        ]
        c.true(min(vals) > -np.log(4), "every other generator scores higher")
        r.figure(
            "V(D*, G) for G = data vs 50 random generators (min)",
            [round(float(-np.log(4)), 4), round(float(min(vals)), 4)],
        )

    a = np.array([-12.0, -4.0, -1.0, 0.0, 0.5, 3.0])
    eps = 1e-6
    with r.case("generator gradients = finite differences of log(1 - D) and -log D") as c:
        gm, gn = f.generator_grads(a)
        fd_m = (log_expit(-(a + eps)) - log_expit(-(a - eps))) / (2 * eps)  # log(1 - sigmoid(a))
        fd_n = (-log_expit(a + eps) + log_expit(a - eps)) / (2 * eps)
        c.close(gm, fd_m, rtol=1e-6, atol=1e-10)
        c.close(gn, fd_n, rtol=1e-6, atol=1e-10)

    with r.case(
        "saturation: when D rejects fakes the minimax gradient vanishes, not the other"
    ) as c:
        gm, gn = f.generator_grads(np.array([-12.0]))
        c.true(abs(gm[0]) < 1e-5, f"minimax {gm[0]:.2e}")
        c.close(gn, [expit(-12.0) - 1], rtol=1e-12)
        r.figure(
            "generator gradient at D(G(z)) = sigmoid(-12): minimax | non-saturating",
            [float(gm[0]), float(gn[0])],
        )
    return r


if __name__ == "__main__":
    main(run)
