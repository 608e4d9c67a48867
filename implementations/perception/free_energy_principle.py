"""free-energy-principle: variational free energy F(q) = -log p(x) + KL(q || p(z|x)) >= -log p(x).

Follows Friston (2010): F = E_q[log q(z) - log p(x, z)] upper-bounds surprise -log p(x); lowering F
over q is approximate Bayesian inference (perception). The same quantity is the negative ELBO of
variational inference. Discrete hidden causes z in {0..K-1}. Checks: F - (-log p(x)) equals the KL
to the exact posterior computed separately; F >= -log p(x) for many random q with equality at the
posterior; gradient descent on F over q recovers the posterior.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def free_energy(q, log_joint):
    q = np.clip(q, 1e-300, None)
    return np.sum(q * (np.log(q) - log_joint))


def kl(p, q):
    return np.sum(p * (np.log(p) - np.log(q)))


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Variational free energy")
    K = 6
    prior = rng.dirichlet(np.ones(K))  # p(z)
    lik = rng.uniform(0.05, 0.9, size=K)  # p(x | z) for the observed x
    log_joint = np.log(prior) + np.log(lik)
    surprise = -np.log(np.sum(prior * lik))  # -log p(x) by direct marginalisation
    post = prior * lik / np.sum(prior * lik)  # Bayes' rule
    r.figure("surprise -log p(x)", surprise)

    q = rng.dirichlet(np.ones(K))
    F = free_energy(q, log_joint)
    r.check_close("F - surprise equals KL(q || posterior)", F - surprise, kl(q, post), rtol=1e-12)

    Qs = rng.dirichlet(np.ones(K) * 0.5, size=2000)
    gaps = np.sum(Qs * (np.log(Qs) - log_joint), axis=1) - surprise  # F for each row q
    r.figure("smallest F - surprise over 2000 random q", gaps.min())
    r.check("F >= surprise for 2000 random beliefs q", np.all(gaps >= -1e-12))
    r.check_close(
        "F at the exact posterior equals the surprise",
        free_energy(post, log_joint),
        surprise,
        rtol=1e-12,
    )

    # Perception as inference: descend F over q = softmax(phi); the minimiser is the posterior.
    phi = np.zeros(K)
    for _ in range(3000):
        q = np.exp(phi - phi.max())
        q /= q.sum()
        g = np.log(q) - log_joint  # dF/dq up to a constant
        phi -= 4.0 * q * (g - q @ g)  # chain rule through the softmax
    r.figure("F after descent minus surprise", free_energy(q, log_joint) - surprise)
    r.check_close("descent on F recovers the Bayesian posterior", q, post, rtol=0, atol=1e-6)
    return r


if __name__ == "__main__":
    main(run)
