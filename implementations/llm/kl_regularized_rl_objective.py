"""kl-regularized-rl-objective: maximise E_pi[r] - beta KL(pi || pi_ref).

Follows Rafailov et al. (2023), Sec. 4 / App. A.1 (and the KL-penalised reward of Ziegler et
al. 2019, Ouyang et al. 2022): the maximiser is pi*(y) = pi_ref(y) exp(r(y)/beta) / Z with
optimal value beta log Z. Checks: the closed form vs numerical optimisation (gradient ascent on
softmax logits, gradient checked by finite differences); the optimal value vs beta log Z; the
limits beta -> 0 (argmax of r) and beta -> inf (pi_ref); reward recovery r = beta log(pi*/pi_ref) + const; and
the objective equals -beta KL(pi || pi*) + beta log Z for any pi (Gibbs variational identity).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def softmax(a):
    e = np.exp(a - a.max())
    return e / e.sum()


def objective(pi, r, pi_ref, beta):
    return float(pi @ r - beta * (pi * np.log(pi / pi_ref)).sum())


def closed_form(r, pi_ref, beta):
    return softmax(np.log(pi_ref) + r / beta)


def run() -> Report:
    rng = np.random.default_rng(0)
    R = Report("KL-regularised RL objective")
    N = 8  # candidate responses to one prompt
    pi_ref = rng.dirichlet(np.ones(N))  # reference (SFT) policy
    r = rng.normal(size=N)  # reward model scores
    beta = 0.5

    # 1. Closed form vs numerical optimisation over softmax logits a (pi = softmax(a)).
    def grad(a):  # dJ/da = pi * (h - pi.h), h = dJ/dpi
        pi = softmax(a)
        h = r - beta * (np.log(pi / pi_ref) + 1)
        return pi * (h - pi @ h)

    a0, eps = rng.normal(size=N), 1e-6
    fd = np.array(
        [
            (
                objective(softmax(a0 + eps * e), r, pi_ref, beta)
                - objective(softmax(a0 - eps * e), r, pi_ref, beta)
            )
            / (2 * eps)
            for e in np.eye(N)
        ]
    )
    R.check_close(
        "analytic gradient of J w.r.t. logits matches finite differences", grad(a0), fd, atol=1e-8
    )
    a = np.zeros(N)
    for _ in range(5000):  # plain gradient ascent from the uniform policy
        a += 2.0 * grad(a)
    pi_num, pi_star = softmax(a), closed_form(r, pi_ref, beta)
    R.check_close("numerical maximiser = pi_ref exp(r/beta)/Z", pi_num, pi_star, atol=1e-6)
    logZ = np.logaddexp.reduce(np.log(pi_ref) + r / beta)
    R.check_close(
        "optimal value = beta log Z", objective(pi_star, r, pi_ref, beta), beta * logZ, rtol=1e-12
    )

    # 2. Gibbs identity: J(pi) = beta log Z - beta KL(pi || pi*) for every pi; so pi* is optimal.
    errs = []
    for _ in range(5):
        pi = rng.dirichlet(np.ones(N))
        kl = (pi * np.log(pi / pi_star)).sum()
        errs.append(abs(objective(pi, r, pi_ref, beta) - (beta * logZ - beta * kl)))
    R.check(
        "J(pi) = beta log Z - beta KL(pi||pi*) for 5 random policies",
        max(errs) < 1e-12,
        f"max err {max(errs):.1e}",
    )

    # 3. Limits of the trade-off parameter.
    R.check_close(
        "beta -> 0: all mass on argmax r",
        closed_form(r, pi_ref, 1e-4),
        np.eye(N)[np.argmax(r)],
        atol=1e-12,
    )
    R.check_close("beta -> inf: pi* -> pi_ref", closed_form(r, pi_ref, 1e6), pi_ref, atol=1e-5)

    # 4. Reward recovery (the step DPO builds on): beta log(pi*/pi_ref) = r - beta log Z.
    implied = beta * np.log(pi_star / pi_ref)
    R.check_close("beta log(pi*/pi_ref) = r - beta log Z", implied, r - beta * logZ, atol=1e-12)

    # Trade-off curve: expected reward vs KL from the reference as beta varies.
    curve = []
    for b in (4.0, 1.0, 0.25):
        p = closed_form(r, pi_ref, b)
        curve.append((b, round(float(p @ r), 3), round(float((p * np.log(p / pi_ref)).sum()), 3)))
    R.figure("(beta, E[r], KL) along the optimal frontier", curve)
    return R


if __name__ == "__main__":
    main(run)
