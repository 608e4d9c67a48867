"""free-energy-principle: variational free energy F(q) = -log p(x) + KL(q || p(z|x)) >= -log p(x).

Follows Friston (2010): F = E_q[log q(z) - log p(x, z)] upper-bounds surprise -log p(x); lowering F
over q is approximate Bayesian inference (perception). The same quantity is the negative ELBO of
variational inference. Discrete hidden causes z in {0..K-1}. Checks compare F with a plain-Python
sum (zero beliefs counting 0 log 0 = 0); F - (-log p(x)) with the KL to the exact posterior from
scipy.special.rel_entr; F >= -log p(x) for many random q with equality at the posterior (Bayes'
rule); and gradient descent on F over q = softmax(phi) recovering the posterior from two priors.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import rel_entr

from implementations._common import Report, main, solution

EXERCISE = ["free_energy", "minimise_free_energy"]

DOC_ZH = {
    "free_energy": """离散隐变量的变分自由能 F(q) = Σ_z q(z) [log q(z) - log p(x, z)]。

输入：q，对 K 个隐原因的信念（非负、和为 1，可以有 0）；log_joint，长度 K 的 log p(x, z)。
输出：一个 float。约定 0·log 0 = 0：q(z) = 0 的项不计入。

>>> round(float(free_energy(np.array([0.5, 0.5, 0.0]), np.log(np.array([0.25, 0.25, 0.5])))), 6)
0.693147
""",
    "minimise_free_energy": """感知即推断：对 q = softmax(phi) 的参数 phi 做梯度下降以最小化 F，
从 phi = 0 出发。dF/dphi_j = q_j (g_j - Σ_k q_k g_k)，其中 g = log q - log_joint。

输入：log_joint，长度 K；steps，步数；lr，步长。
输出：最终的 q（长度 K，和为 1）。

>>> minimise_free_energy(np.log(np.array([0.1, 0.3])), steps=2000, lr=4.0).round(6).tolist()
[0.25, 0.75]
""",
}

HINTS = {
    "en": (
        "Free energy is a KL-like sum between the belief q and the unnormalised joint; it is "
        "smallest when q is proportional to the joint.",
        "F = sum over q > 0 of q (log q - log_joint). For descent, q = softmax(phi), "
        "g = log q - log_joint, phi -= lr * q * (g - q.g); repeat.",
    ),
    "zh": (
        "自由能是信念 q 与未归一化联合分布之间类似 KL 的求和；当 q 与联合分布成比例时最小。",
        "F = 对 q > 0 的项求和 q (log q - log_joint)。下降时 q = softmax(phi)，"
        "g = log q - log_joint，phi -= lr * q * (g - q.g)，重复。",
    ),
}


def free_energy(q, log_joint):
    """Variational free energy F(q) = sum_z q(z) [log q(z) - log p(x, z)] over discrete causes.

    Input: q, beliefs over K causes (non-negative, summing to 1, zeros allowed); log_joint,
    log p(x, z) for each of the K causes. Output: a float; terms with q(z) = 0 count 0
    (0 log 0 = 0).

    >>> round(float(free_energy(np.array([0.5, 0.5, 0.0]), np.log(np.array([0.25, 0.25, 0.5])))), 6)
    0.693147
    """
    q = np.asarray(q, float)
    nz = q > 0
    return float(np.sum(q[nz] * (np.log(q[nz]) - log_joint[nz])))


def minimise_free_energy(log_joint, steps, lr):
    """Perception as inference: gradient descent on F over phi, with q = softmax(phi), from phi = 0.

    dF/dphi_j = q_j (g_j - sum_k q_k g_k) with g = log q - log_joint. Input: log_joint
    (length K), the number of steps and the step size. Output: the final q (length K).

    >>> minimise_free_energy(np.log(np.array([0.1, 0.3])), steps=2000, lr=4.0).round(6).tolist()
    [0.25, 0.75]
    """
    phi = np.zeros(len(log_joint))
    for _ in range(steps):
        q = np.exp(phi - phi.max())
        q /= q.sum()
        g = np.log(q) - log_joint  # dF/dq up to a constant
        phi -= lr * q * (g - q @ g)  # chain rule through the softmax
    q = np.exp(phi - phi.max())
    return q / q.sum()


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Variational free energy")
    K = 6
    prior = rng.dirichlet(np.ones(K))  # p(z)
    lik = rng.uniform(0.05, 0.9, size=K)  # p(x | z) for the observed x
    log_joint = np.log(prior) + np.log(lik)
    surprise = -math.log(sum(prior * lik))  # -log p(x) by direct marginalisation
    post = prior * lik / np.sum(prior * lik)  # Bayes' rule
    r.figure("surprise -log p(x)", surprise)

    with r.case("F equals the sum q (log q - log p(x, z)), zero beliefs counting 0") as c:
        q = rng.dirichlet(np.ones(K))
        q0 = q.copy()
        q0[[1, 4]] = 0.0
        q0 /= q0.sum()
        for qq in (q, q0):
            ref = sum(a * (math.log(a) - b) for a, b in zip(qq, log_joint) if a > 0)
            c.close(f.free_energy(qq, log_joint), ref, rtol=1e-12)

    with r.case("F - surprise equals KL(q || posterior)") as c:
        for qq in (q, q0):
            c.close(f.free_energy(qq, log_joint) - surprise, rel_entr(qq, post).sum(), rtol=1e-10)

    Qs = rng.dirichlet(np.ones(K) * 0.5, size=2000)
    with r.case("F >= surprise for 2000 random beliefs q") as c:
        gaps = np.array([f.free_energy(qq, log_joint) for qq in Qs]) - surprise
        r.figure("smallest F - surprise over 2000 random q", gaps.min())
        c.true(bool(np.all(gaps >= -1e-12)), f"smallest gap {gaps.min():.3g}")
    with r.case("F at the exact posterior equals the surprise") as c:
        c.close(f.free_energy(post, log_joint), surprise, rtol=1e-12)

    # Perception as inference: descend F over q = softmax(phi); the minimiser is the posterior.
    with r.case("descent on F recovers the Bayesian posterior") as c:
        q = f.minimise_free_energy(log_joint, 3000, 4.0)
        r.figure("F after descent minus surprise", f.free_energy(post, log_joint) - surprise)
        c.close(q, post, rtol=0, atol=1e-6)
        lj2 = np.log(np.array([0.5, 0.2, 0.3])) + np.log(np.array([0.1, 0.8, 0.4]))
        p2 = np.exp(lj2) / np.exp(lj2).sum()
        c.close(f.minimise_free_energy(lj2, 3000, 4.0), p2, rtol=0, atol=1e-6)
    return r


if __name__ == "__main__":
    main(run)
