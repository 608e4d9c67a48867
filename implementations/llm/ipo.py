"""ipo: Identity Preference Optimisation, a squared-loss alternative to DPO.

Follows Azar et al. (2024), "A General Theoretical Paradigm to Understand Learning from Human
Preferences": the PsiPO objective max_pi E_{y~pi, y'~mu}[Psi(p(y > y'))] - tau KL(pi || pi_ref)
with Psi the identity has the optimum pi*(y) proportional to pi_ref(y) exp(p(y > mu) / tau),
p(y > mu) = sum_y' mu(y') p(y > y'); it is learned from preference pairs (y_w, y_l) drawn from
mu by regressing h = log[pi(y_w) pi_ref(y_l) / (pi(y_l) pi_ref(y_w))] onto 1/(2 tau):
loss (h - 1/(2 tau))^2. Unlike DPO, whose optimal log-ratio logit(p)/beta grows without bound
as a preference becomes deterministic, IPO's target stays finite, so it does not overfit a
preference seen always the same way. Checks: the loss and its gradient with respect to the
policy logits (finite differences), h unchanged by the softmax normaliser; the closed-form
optimum against scipy minimisation of the population IPO loss over all ordered pairs
weighted by mu(y) mu(y') p(y > y'); gradient descent with the learner's own gradient reaching
that optimum; for two responses the optimal h equals (2p - 1)/(2 tau), finite even at p = 1.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["ipo_loss", "ipo_grad", "ipo_optimum"]

DOC_ZH = {
    "ipo_loss": """IPO 损失：对每个偏好对 (y_w, y_l)，h = [log pi(y_w) - log pi_ref(y_w)] - [log pi(y_l) - log pi_ref(y_l)]，
损失 (h - 1/(2 tau))^2，按权重加权平均。

输入：theta，(N,) 策略 logits（pi = softmax(theta)）；logp_ref，(N,) 参考策略对数概率；pairs，(w, l) 下标对列表；
weights，各对的权重（与 pairs 等长）；tau > 0。
输出：sum_i weights_i (h_i - 1/(2 tau))^2 / sum_i weights_i。

>>> round(ipo_loss(np.zeros(2), np.log([0.5, 0.5]), [(0, 1)], [1.0], 0.5), 6)
1.0
""",
    "ipo_grad": """ipo_loss 对 logits theta 的梯度。h 只依赖 theta_w - theta_l（softmax 的归一化项相消），
所以每一对贡献 2 weights_i (h_i - 1/(2 tau)) (e_w - e_l) / sum(weights)。

输入：与 ipo_loss 相同。
输出：形状 (N,) 的梯度。

>>> ipo_grad(np.zeros(2), np.log([0.5, 0.5]), [(0, 1)], [1.0], 0.5).tolist()
[-2.0, 2.0]
""",
    "ipo_optimum": """IPO（Psi 为恒等映射的 PsiPO）的最优策略：pi*(y) 正比于 pi_ref(y) exp(p(y > mu) / tau)，
其中 p(y > mu) = sum_y' mu(y') P[y, y']。

输入：pi_ref，(N,)；mu，(N,) 生成偏好对的分布；P，(N, N) 偏好概率，P[y, y'] = p(y 优于 y')；tau。
输出：(N,) 分布。

>>> ipo_optimum(np.array([0.5, 0.5]), np.array([0.5, 0.5]), np.array([[0.5, 1.0], [0.0, 0.5]]), 0.5).round(6).tolist()
[0.731059, 0.268941]
""",
}

HINTS = {
    "en": (
        "IPO is a regression, not a classification: it pulls each pair's log-ratio margin h to "
        "the fixed target 1/(2 tau) instead of pushing it to infinity.",
        "h = (theta_w - theta_l) - (logp_ref[w] - logp_ref[l]); loss = weighted mean of "
        "(h - 1/(2 tau))^2; gradient 2 (h - 1/(2 tau)) (e_w - e_l) per pair, weighted. Optimum: "
        "pi_ref * exp(P @ mu / tau), normalised.",
    ),
    "zh": (
        "IPO 是回归而不是分类：它把每一对的对数比差 h 拉向固定目标 1/(2 tau)，而不是推向无穷大。",
        "h = (theta_w - theta_l) - (logp_ref[w] - logp_ref[l])；损失是 (h - 1/(2 tau))^2 的加权平均；"
        "每一对的梯度为 2 (h - 1/(2 tau)) (e_w - e_l)，再加权。最优解：pi_ref * exp(P @ mu / tau) 再归一化。",
    ),
}


def ipo_loss(theta, logp_ref, pairs, weights, tau):
    """IPO loss: for each preference pair (y_w, y_l),
    h = [log pi(y_w) - log pi_ref(y_w)] - [log pi(y_l) - log pi_ref(y_l)], loss
    (h - 1/(2 tau))^2, weighted mean over pairs.

    Input: theta (N,) policy logits (pi = softmax(theta)); logp_ref (N,) reference
    log-probabilities; pairs, a list of (w, l) index pairs; weights, one per pair; tau > 0.
    Output: sum_i weights_i (h_i - 1/(2 tau))^2 / sum_i weights_i.

    >>> round(ipo_loss(np.zeros(2), np.log([0.5, 0.5]), [(0, 1)], [1.0], 0.5), 6)
    1.0
    """
    w = np.asarray(weights, dtype=float)
    # log pi(y_w) - log pi(y_l) = theta_w - theta_l: the softmax normaliser cancels
    h = np.array([(theta[a] - logp_ref[a]) - (theta[b] - logp_ref[b]) for a, b in pairs])
    return float(np.sum(w * (h - 1 / (2 * tau)) ** 2) / np.sum(w))


def ipo_grad(theta, logp_ref, pairs, weights, tau):
    """Gradient of ipo_loss with respect to the logits theta. h depends only on
    theta_w - theta_l (the softmax normaliser cancels), so each pair contributes
    2 weights_i (h_i - 1/(2 tau)) (e_w - e_l) / sum(weights).

    Input: as ipo_loss. Output: the (N,) gradient.

    >>> ipo_grad(np.zeros(2), np.log([0.5, 0.5]), [(0, 1)], [1.0], 0.5).tolist()
    [-2.0, 2.0]
    """
    w = np.asarray(weights, dtype=float)
    h = np.array([(theta[a] - logp_ref[a]) - (theta[b] - logp_ref[b]) for a, b in pairs])
    g = np.zeros(len(theta))
    for (a, b), wi, hi in zip(pairs, w, h):
        coef = 2 * wi * (hi - 1 / (2 * tau))
        g[a] += coef
        g[b] -= coef
    return g / np.sum(w)


def ipo_optimum(pi_ref, mu, P, tau):
    """The optimal IPO policy (PsiPO with Psi the identity): pi*(y) proportional to
    pi_ref(y) exp(p(y > mu) / tau), with p(y > mu) = sum_y' mu(y') P[y, y'].

    Input: pi_ref (N,); mu (N,) the distribution the pairs are drawn from; P (N, N)
    preference probabilities, P[y, y'] = p(y preferred to y'); tau.
    Output: the (N,) distribution.

    >>> ipo_optimum(np.array([0.5, 0.5]), np.array([0.5, 0.5]), np.array([[0.5, 1.0], [0.0, 0.5]]), 0.5).round(6).tolist()
    [0.731059, 0.268941]
    """
    z = np.log(pi_ref) + (P @ mu) / tau
    e = np.exp(z - z.max())
    return e / e.sum()


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("IPO: identity preference optimisation")
    N = 5
    pi_ref = rng.dirichlet(np.ones(N))
    lr = np.log(pi_ref)
    theta = rng.normal(size=N)
    pairs = [(0, 1), (2, 1), (3, 4), (4, 0), (1, 3), (2, 0)]
    wts = rng.uniform(0.2, 2.0, size=len(pairs))

    with R.case("loss = weighted mean of (h - 1/(2 tau))^2, h the log-ratio margin") as c:
        lp = np.log(np.exp(theta) / np.exp(theta).sum())
        h = np.array([(lp[a] - lr[a]) - (lp[b] - lr[b]) for a, b in pairs])
        for tau in (0.1, 0.5, 2.0):
            c.close(
                f.ipo_loss(theta, lr, pairs, wts, tau),
                np.sum(wts * (h - 1 / (2 * tau)) ** 2) / wts.sum(),
                rtol=1e-12,
            )
        c.close(
            f.ipo_loss(theta + 30.0, lr, pairs, wts, 0.5),
            f.ipo_loss(theta, lr, pairs, wts, 0.5),
            rtol=1e-10,
        )

    with R.case("gradient equals finite differences of the loss") as c:
        for tau in (0.1, 0.7):
            fd = np.array(
                [
                    (
                        f.ipo_loss(theta + 1e-6 * e, lr, pairs, wts, tau)
                        - f.ipo_loss(theta - 1e-6 * e, lr, pairs, wts, tau)
                    )
                    / 2e-6
                    for e in np.eye(N)
                ]
            )
            c.close(f.ipo_grad(theta, lr, pairs, wts, tau), fd, atol=1e-6)
        c.close(f.ipo_grad(theta, lr, pairs, wts, 0.7).sum(), 0.0, atol=1e-12)

    # Population loss: every ordered pair (y, y') from mu, labelled y > y' with prob P[y, y'].
    A = rng.uniform(size=(N, N))
    P = np.triu(A, 1) + np.tril(1 - A.T, -1) + 0.5 * np.eye(N)  # P + P^T = 1
    mu = rng.dirichlet(4 * np.ones(N))
    all_pairs = [(a, b) for a in range(N) for b in range(N) if a != b]
    all_w = [mu[a] * mu[b] * P[a, b] for a, b in all_pairs]

    from scipy.optimize import minimize

    with R.case("closed-form optimum = scipy minimiser of the population IPO loss") as c:
        for tau in (0.3, 1.0):

            def pop(z, tau=tau):
                lq = z - np.log(np.exp(z).sum())
                return sum(
                    w * ((lq[a] - lr[a]) - (lq[b] - lr[b]) - 1 / (2 * tau)) ** 2
                    for (a, b), w in zip(all_pairs, all_w)
                )

            z = minimize(pop, np.zeros(N), method="BFGS", options={"gtol": 1e-12}).x
            fit = np.exp(z) / np.exp(z).sum()
            c.close(f.ipo_optimum(pi_ref, mu, P, tau), fit, rtol=1e-5, atol=1e-8)
    with R.case("small tau: the optimum concentrates, computed without overflow") as c:
        for tau in (0.01, 0.002, 2e-4):
            z = lr + P @ mu / tau
            want = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
            got = f.ipo_optimum(pi_ref, mu, P, tau)
            c.close(got, want, rtol=1e-9, atol=1e-300)
        c.equal(int(np.argmax(got)), int(np.argmax(P @ mu)))

    with R.case("gradient descent with ipo_grad reaches the closed-form optimum") as c:
        tau = 0.5
        lap = np.zeros((N, N))  # Hessian of the loss: a weighted graph Laplacian
        for (a, b), w in zip(all_pairs, all_w):
            d = np.eye(N)[a] - np.eye(N)[b]
            lap += 2 * w * np.outer(d, d) / sum(all_w)
        ev = np.sort(np.linalg.eigvalsh(lap))
        th = lr.copy()
        for _ in range(int(40 * ev[-1] / ev[1])):
            th -= f.ipo_grad(th, lr, all_pairs, all_w, tau) / ev[-1]
        pi = np.exp(th - th.max()) / np.exp(th - th.max()).sum()
        c.close(pi, f.ipo_optimum(pi_ref, mu, P, tau), rtol=1e-6, atol=1e-9)
        R.figure(
            "pi_ref | IPO optimum (tau = 0.5)",
            [np.round(pi_ref, 4).tolist(), np.round(pi, 4).tolist()],
        )

    with R.case("two responses: optimal h = (2p - 1)/(2 tau), finite even for p = 1") as c:
        ref2 = np.array([0.3, 0.7])
        for p in (0.6, 0.9, 1.0):
            for tau in (0.1, 0.5):
                P2 = np.array([[0.5, p], [1 - p, 0.5]])
                opt = f.ipo_optimum(ref2, np.array([0.5, 0.5]), P2, tau)
                h = np.log(opt[0] / opt[1]) - np.log(ref2[0] / ref2[1])
                c.close(h, (2 * p - 1) / (2 * tau), rtol=1e-10)
        beta = 0.1
        R.figure(
            "optimal margin h at p = 0.9, 0.99, 0.999: DPO logit(p)/beta | IPO (2p-1)/(2 tau)",
            [
                [round(float(np.log(p / (1 - p)) / beta), 2) for p in (0.9, 0.99, 0.999)],
                [round((2 * p - 1) / (2 * beta), 2) for p in (0.9, 0.99, 0.999)],
            ],
        )
    return R


if __name__ == "__main__":
    main(run)
