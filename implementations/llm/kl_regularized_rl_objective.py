"""kl-regularized-rl-objective: maximise E_pi[r] - beta KL(pi || pi_ref).

Follows Rafailov et al. (2023), Sec. 4 / App. A.1 (and the KL-penalised reward of Ziegler et
al. 2019, Ouyang et al. 2022): the maximiser is pi*(y) = pi_ref(y) exp(r(y)/beta) / Z with
optimal value beta log Z. Checks: the objective vs scipy.special.rel_entr; the closed form vs
scipy's softmax and vs numerical optimisation (gradient ascent on
softmax logits, gradient checked by finite differences); the optimal value vs beta log Z; the
limits beta -> 0 (argmax of r) and beta -> inf (pi_ref); reward recovery r = beta log(pi*/pi_ref) + const; and
the objective equals -beta KL(pi || pi*) + beta log Z for any pi (Gibbs variational identity).
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp, rel_entr
from scipy.special import softmax as sp_softmax

from implementations._common import Report, main, solution

EXERCISE = ["objective", "objective_grad", "closed_form"]

DOC_ZH = {
    "objective": """KL 正则化的 RL 目标 J(pi) = E_pi[r] - beta KL(pi || pi_ref)。

输入：pi、pi_ref，长度 N 的正概率向量；r，N 个奖励；beta > 0。
输出：一个 float。

>>> round(objective(np.array([0.5, 0.5]), np.array([1.0, 0.0]), np.array([0.25, 0.75]), 1.0), 6)
0.356159
""",
    "objective_grad": """J(softmax(a)) 对 logits a 的梯度：dJ/da = pi * (h - pi . h)，h = dJ/dpi = r - beta (log(pi / pi_ref) + 1)。

输入：a，N 个 logits；r、pi_ref、beta，同 objective。
输出：长度 N 的数组。

>>> objective_grad(np.zeros(2), np.array([1.0, 0.0]), np.array([0.5, 0.5]), 1.0).tolist()
[0.25, -0.25]
""",
    "closed_form": """J 的最大化解 pi*(y) = pi_ref(y) exp(r(y) / beta) / Z。

输入：r、pi_ref、beta。beta 很小时也须数值稳定（在对数空间里做 softmax）。
输出：长度 N 的概率向量。

>>> closed_form(np.array([np.log(3.0), 0.0]), np.array([0.5, 0.5]), 1.0).round(6).tolist()
[0.75, 0.25]
""",
}

HINTS = {
    "en": (
        "Write the objective as a sum over responses and add a Lagrange multiplier for "
        "sum pi = 1: each pi(y) then solves its own one-dimensional equation.",
        "Setting r(y) - beta (log(pi/pi_ref) + 1) = const gives pi* proportional to "
        "pi_ref exp(r/beta): a softmax of log pi_ref + r/beta. For the logit gradient use "
        "dJ/da = pi * (h - pi . h) with h = dJ/dpi.",
    ),
    "zh": (
        "把目标写成对各回复的求和，并为 sum pi = 1 加一个拉格朗日乘子：每个 pi(y) 各自满足一个一维方程。",
        "令 r(y) - beta (log(pi/pi_ref) + 1) = 常数，得 pi* 正比于 pi_ref exp(r/beta)，即 log pi_ref + r/beta 的 softmax。"
        "对 logits 的梯度用 dJ/da = pi * (h - pi . h)，h = dJ/dpi。",
    ),
}


def softmax(a):
    e = np.exp(a - a.max())
    return e / e.sum()


def objective(pi, r, pi_ref, beta):
    """The KL-regularised RL objective J(pi) = E_pi[r] - beta KL(pi || pi_ref).

    Input: pi, pi_ref, positive probability vectors of length N; r, N rewards; beta > 0.
    Output: a float.

    >>> round(objective(np.array([0.5, 0.5]), np.array([1.0, 0.0]), np.array([0.25, 0.75]), 1.0), 6)
    0.356159
    """
    return float(pi @ r - beta * (pi * np.log(pi / pi_ref)).sum())


def objective_grad(a, r, pi_ref, beta):
    """Gradient of J(softmax(a)) in the logits a: dJ/da = pi * (h - pi . h) with
    h = dJ/dpi = r - beta (log(pi / pi_ref) + 1).

    Input: a, N logits; r, pi_ref, beta as in objective. Output: an array of length N.

    >>> objective_grad(np.zeros(2), np.array([1.0, 0.0]), np.array([0.5, 0.5]), 1.0).tolist()
    [0.25, -0.25]
    """
    pi = softmax(a)
    h = r - beta * (np.log(pi / pi_ref) + 1)
    return pi * (h - pi @ h)


def closed_form(r, pi_ref, beta):
    """The maximiser of J: pi*(y) = pi_ref(y) exp(r(y) / beta) / Z.

    Input: r, pi_ref, beta; stable for small beta (a softmax in log space). Output: a
    probability vector of length N.

    >>> closed_form(np.array([np.log(3.0), 0.0]), np.array([0.5, 0.5]), 1.0).round(6).tolist()
    [0.75, 0.25]
    """
    return softmax(np.log(pi_ref) + r / beta)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("KL-regularised RL objective")
    N = 8  # candidate responses to one prompt
    pi_ref = rng.dirichlet(np.ones(N))  # reference (SFT) policy
    r = rng.normal(size=N)  # reward model scores
    beta = 0.5
    J = lambda pi, b=beta: float(pi @ r - b * rel_entr(pi, pi_ref).sum())  # scipy's KL terms
    pi_star = sp_softmax(np.log(pi_ref) + r / beta)
    logZ = logsumexp(np.log(pi_ref) + r / beta)

    with R.case("objective equals E[r] - beta KL with scipy.special.rel_entr") as c:
        for b in (beta, 2.0):
            pi = rng.dirichlet(np.ones(N))
            c.close(f.objective(pi, r, pi_ref, b), J(pi, b), rtol=1e-12)
        c.close(f.objective(pi_ref, r, pi_ref, beta), pi_ref @ r, rtol=1e-12)  # KL(ref||ref) = 0

    # 1. Closed form vs numerical optimisation over softmax logits a (pi = softmax(a)).
    a0, eps = rng.normal(size=N), 1e-6
    with R.case("analytic gradient of J w.r.t. logits matches finite differences") as c:
        for b in (beta, 3.0):
            fd = np.array(
                [
                    (J(sp_softmax(a0 + eps * e), b) - J(sp_softmax(a0 - eps * e), b)) / (2 * eps)
                    for e in np.eye(N)
                ]
            )
            c.close(f.objective_grad(a0, r, pi_ref, b), fd, atol=1e-8)
    with R.case("numerical maximiser = pi_ref exp(r/beta)/Z") as c:
        a = np.zeros(N)
        for _ in range(5000):  # plain gradient ascent from the uniform policy
            a = a + 2.0 * f.objective_grad(a, r, pi_ref, beta)
        c.close(sp_softmax(a), pi_star, atol=1e-6)
    with R.case("closed form equals scipy softmax(log pi_ref + r/beta)") as c:
        c.close(f.closed_form(r, pi_ref, beta), pi_star, rtol=1e-12)
        c.close(f.closed_form(r, pi_ref, 3.0), sp_softmax(np.log(pi_ref) + r / 3.0), rtol=1e-12)
    with R.case("optimal value = beta log Z") as c:
        c.close(f.objective(pi_star, r, pi_ref, beta), beta * logZ, rtol=1e-12)

    # 2. Gibbs identity: J(pi) = beta log Z - beta KL(pi || pi*) for every pi; so pi* is optimal.
    with R.case("J(pi) = beta log Z - beta KL(pi||pi*) for 5 random policies") as c:
        errs = []
        for _ in range(5):
            pi = rng.dirichlet(np.ones(N))
            kl = rel_entr(pi, pi_star).sum()
            errs.append(abs(f.objective(pi, r, pi_ref, beta) - (beta * logZ - beta * kl)))
        c.true(max(errs) < 1e-12, f"max err {max(errs):.1e}")

    # 3. Limits of the trade-off parameter.
    with R.case("beta -> 0: all mass on argmax r") as c:
        c.close(f.closed_form(r, pi_ref, 1e-4), np.eye(N)[np.argmax(r)], atol=1e-12)
    with R.case("beta -> inf: pi* -> pi_ref") as c:
        c.close(f.closed_form(r, pi_ref, 1e6), pi_ref, atol=1e-5)

    # 4. Reward recovery (the step DPO builds on): beta log(pi*/pi_ref) = r - beta log Z.
    with R.case("beta log(pi*/pi_ref) = r - beta log Z") as c:
        implied = beta * np.log(f.closed_form(r, pi_ref, beta) / pi_ref)
        c.close(implied, r - beta * logZ, atol=1e-12)

    # Trade-off curve: expected reward vs KL from the reference as beta varies.
    curve = []
    for b in (4.0, 1.0, 0.25):
        p = sp_softmax(np.log(pi_ref) + r / b)
        curve.append((b, round(float(p @ r), 3), round(float(rel_entr(p, pi_ref).sum()), 3)))
    R.figure("(beta, E[r], KL) along the optimal frontier", curve)
    return R


if __name__ == "__main__":
    main(run)
