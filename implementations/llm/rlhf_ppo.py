"""rlhf-ppo: PPO's clipped surrogate on a KL-penalised reward, as in RLHF.

Follows Schulman et al. (2017), Sec. 3: L = E[min(rho A, clip(rho, 1-eps, 1+eps) A)] with
rho = pi/pi_old; and Ouyang et al. (2022), Sec. 3.5: reward r(x,y) - beta log(pi/pi_ref).
Checks: the clipped objective vs the hand-written piecewise formula on a grid (including the
clip boundaries and A = 0); the gradient of the exact surrogate w.r.t. the policy logits vs
finite differences of the piecewise formula, for policies inside and outside the clip range
(where a response's gradient vanishes); and PPO iterations (exact expectations, one prompt,
N responses) converge to the KL-regularised optimum pi_ref exp(r/beta)/Z for beta = 0.7 and
1.5.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["clip_obj", "ppo_grad", "ppo_train"]

DOC_ZH = {
    "clip_obj": """PPO 的截断目标 min(rho A, clip(rho, 1-eps, 1+eps) A)，逐元素计算。

输入：rho，概率比 pi/pi_old（标量或数组）；A，优势；eps，截断范围。
输出：与输入同形状的目标值。

>>> clip_obj(np.array([0.5, 1.5, 1.5]), np.array([1.0, 1.0, -1.0]), 0.2).tolist()
[0.5, 1.2, -1.5]
""",
    "ppo_grad": """精确代理目标 S(theta) = sum_y pi_old(y) min(rho_y A_y, clip(rho_y) A_y) 对 logits theta 的梯度，
rho = softmax(theta) / pi_old。截断起作用的回答（A > 0 且 rho > 1+eps，或 A < 0 且 rho < 1-eps）梯度为 0；
其余回答贡献 pi_old rho A grad log pi，grad_theta log pi(y) = e_y - softmax(theta)。

输入：theta，(N,) logits；pi_old，(N,) 旧策略；A，(N,) 优势；eps。
输出：形状 (N,) 的梯度。

>>> ppo_grad(np.zeros(2), np.full(2, 0.5), np.array([1.0, 0.0]), 0.2).tolist()
[0.25, -0.25]
""",
    "ppo_train": """在一个提示、N 个回答上用 PPO 优化带 KL 惩罚的奖励（精确期望，不采样）。

从 theta = log pi_ref 出发，每轮外循环：pi_old = softmax(theta)，奖励 rew = r - beta log(pi_old / pi_ref)，
优势 A = rew - pi_old . rew；然后做 epochs 次 theta += lr * ppo_grad(theta, pi_old, A, eps)。
输入：r，(N,) 奖励；pi_ref，(N,) 参考（SFT）策略；beta；iters，外循环次数；epochs；lr；eps。
输出：最终策略 softmax(theta)，形状 (N,)。

>>> ppo_train(np.zeros(3), np.full(3, 1 / 3), 0.5, 10).round(6).tolist()
[0.333333, 0.333333, 0.333333]
""",
}

HINTS = {
    "en": (
        "The clip removes the incentive to move a ratio further once it has left [1-eps, 1+eps] "
        "in the direction the advantage favours; the KL penalty turns the reward-maximising "
        "fixed point into a tilted reference policy.",
        "clip_obj = min(rho A, clip(rho, 1-eps, 1+eps) A). Gradient: with w = pi_old rho A on "
        "unclipped responses (0 on clipped ones), d/dtheta sum_y w_y log pi_y = w - softmax(theta) "
        "sum(w). The optimum of E[r] - beta KL(pi || pi_ref) is pi_ref exp(r / beta) / Z.",
    ),
    "zh": (
        "一旦概率比沿优势有利的方向离开 [1-eps, 1+eps]，截断就去掉了继续推动它的动力；KL 惩罚让奖励最大化的不动点变成一个被倾斜的参考策略。",
        "clip_obj = min(rho A, clip(rho, 1-eps, 1+eps) A)。梯度：在未被截断的回答上令 w = pi_old rho A（被截断的为 0），"
        "d/dtheta sum_y w_y log pi_y = w - softmax(theta) sum(w)。E[r] - beta KL(pi || pi_ref) 的最优解是 pi_ref exp(r / beta) / Z。",
    ),
}


def softmax(a):
    e = np.exp(a - a.max())
    return e / e.sum()


def clip_obj(rho, A, eps):
    """PPO's clipped objective min(rho A, clip(rho, 1-eps, 1+eps) A), elementwise.

    Input: rho, the ratio pi/pi_old (scalar or array); A, the advantage; eps, the clip range.
    Output: the objective, shaped like the inputs.

    >>> clip_obj(np.array([0.5, 1.5, 1.5]), np.array([1.0, 1.0, -1.0]), 0.2).tolist()
    [0.5, 1.2, -1.5]
    """
    return np.minimum(rho * A, np.clip(rho, 1 - eps, 1 + eps) * A)


def ppo_grad(theta, pi_old, A, eps):
    """Gradient with respect to the logits theta of the exact surrogate
    S(theta) = sum_y pi_old(y) min(rho_y A_y, clip(rho_y) A_y), rho = softmax(theta) / pi_old.

    Clipped responses (A > 0 and rho > 1+eps, or A < 0 and rho < 1-eps) contribute 0; the
    others pi_old rho A grad log pi, with grad_theta log pi(y) = e_y - softmax(theta).
    Input: theta, (N,) logits; pi_old, (N,); A, (N,) advantages; eps.
    Output: the gradient, shape (N,).

    >>> ppo_grad(np.zeros(2), np.full(2, 0.5), np.array([1.0, 0.0]), 0.2).tolist()
    [0.25, -0.25]
    """
    rho = softmax(theta) / pi_old
    active = ~(((A > 0) & (rho > 1 + eps)) | ((A < 0) & (rho < 1 - eps)))
    w = pi_old * rho * A * active  # d/dtheta of E_old[rho A] where unclipped
    return w - softmax(theta) * w.sum()


def ppo_train(r, pi_ref, beta, iters, epochs=4, lr=1.0, eps=0.2):
    """PPO on a KL-penalised reward for one prompt with N responses (exact expectations).

    Start at theta = log pi_ref; each outer iteration sets pi_old = softmax(theta), the reward
    rew = r - beta log(pi_old / pi_ref), the advantage A = rew - pi_old . rew, then takes
    epochs steps theta += lr * ppo_grad(theta, pi_old, A, eps).
    Input: r, (N,) rewards; pi_ref, (N,) reference (SFT) policy; beta; iters; epochs; lr; eps.
    Output: the final policy softmax(theta), shape (N,).

    >>> ppo_train(np.zeros(3), np.full(3, 1 / 3), 0.5, 10).round(6).tolist()
    [0.333333, 0.333333, 0.333333]
    """
    theta = np.log(pi_ref).copy()  # start at the SFT policy
    for _ in range(iters):  # outer PPO iterations
        pi_old = softmax(theta)
        rew = r - beta * np.log(pi_old / pi_ref)  # KL-penalised reward
        A = rew - pi_old @ rew  # advantage with value baseline
        for _ in range(epochs):  # a few epochs on the surrogate
            theta += lr * ppo_grad(theta, pi_old, A, eps)
    return softmax(theta)


def piecewise(rho, A, eps):
    """The same objective written out case by case (Schulman et al., Fig. 1)."""
    if A >= 0:
        return min(rho, 1 + eps) * A
    return max(rho, 1 - eps) * A


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("RLHF with PPO-clip")
    eps = 0.2

    # 1. Clipped objective vs the piecewise definition on a grid of ratios and advantages.
    rhos = np.r_[np.linspace(0.3, 1.8, 31), 0.8, 1.2]
    grid = [(rho, A) for rho in rhos for A in (-2.0, -0.5, 0.0, 0.7, 3.0)]
    with R.case("clipped surrogate equals the piecewise formula on 165 (rho, A) points") as c:
        got = [float(f.clip_obj(rho, A, eps)) for rho, A in grid]
        c.close(got, [piecewise(rho, A, eps) for rho, A in grid], rtol=1e-15, atol=1e-15)
        arr = f.clip_obj(np.array([0.5, 1.5]), np.array([-1.0, 2.0]), 0.3)  # arrays, eps 0.3
        c.close(arr, [-0.7, 2.6], rtol=1e-12)

    N = 6
    h = 1e-6

    def surrogate(theta, pi_old, A):  # the exact expectation, with the piecewise formula
        rho = softmax(theta) / pi_old
        return sum(pi_old[y] * piecewise(rho[y], A[y], eps) for y in range(N))

    def fd(theta, pi_old, A):
        return np.array([(surrogate(theta + h * e, pi_old, A)
                          - surrogate(theta - h * e, pi_old, A)) / (2 * h) for e in np.eye(N)])

    # 2. Gradient w.r.t. logits of one response's term: zero when clipped.
    pi_old = softmax(rng.normal(size=N))
    with R.case("gradient is exactly zero outside the clip range (A>0, rho>1+eps and A<0, rho<1-eps)") as c:
        for scale, A0 in ((1.0, 1.0), (-1.0, -1.0)):
            theta = np.log(pi_old) + scale * np.eye(N)[0]  # push response 0's ratio up or down
            A = A0 * np.eye(N)[0]
            c.true(abs(softmax(theta)[0] / pi_old[0] - 1) > eps)
            c.close(f.ppo_grad(theta, pi_old, A, eps), np.zeros(N), atol=1e-15)
            c.close(fd(theta, pi_old, A), np.zeros(N), atol=1e-9)
    with R.case("inside the clip range the gradient is rho A grad log pi") as c:
        theta = np.log(pi_old) + 0.02 * np.eye(N)[0]
        A = np.eye(N)[0]
        rho = softmax(theta)[0] / pi_old[0]
        c.close(f.ppo_grad(theta, pi_old, A, eps),
                pi_old[0] * rho * (np.eye(N)[0] - softmax(theta)), atol=1e-14)

    with R.case("gradient of the exact surrogate E_old[min(rho A, clip A)] vs finite differences") as c:
        for _ in range(3):
            th0, pi_o = rng.normal(size=N), softmax(rng.normal(size=N))
            A0 = rng.normal(size=N)
            c.close(f.ppo_grad(th0, pi_o, A0, eps), fd(th0, pi_o, A0), atol=1e-8)
        c.close(f.ppo_grad(th0 + 800, pi_o, A0, eps), fd(th0, pi_o, A0), atol=1e-8)

    # 3. PPO iterations on the penalised reward converge to the KL-regularised optimum.
    rng1 = np.random.default_rng(1)  # a prompt whose PPO run converges well within 400 iterations
    pi_ref = softmax(rng1.normal(size=N))
    r = rng1.normal(size=N)
    with R.case("PPO fixed point = pi_ref exp(r/beta)/Z") as c:
        for beta in (0.7, 1.5):
            pi_star = pi_ref * np.exp(r / beta) / (pi_ref * np.exp(r / beta)).sum()
            pi = f.ppo_train(r, pi_ref, beta, 400)
            c.close(pi, pi_star, atol=1e-6)
        R.figure("E[r] at SFT policy -> after PPO (beta = 1.5)",
                 [float(pi_ref @ r), float(pi @ r)])
    with R.case("one PPO iteration of 4 epochs == the steps written out (clip engaged)") as c:
        for rr, e_ in ((5 * r, 0.2), (5 * r, 0.35), (r - 3.0, 0.2)):
            th = np.log(pi_ref)
            A = rr - pi_ref @ rr  # at pi_old = pi_ref the KL term is 0; big A: ratios leave the clip
            for _ in range(4):
                pi = np.exp(th - th.max()) / np.exp(th - th.max()).sum()
                rho = pi / pi_ref
                keep = ~(((A > 0) & (rho > 1 + e_)) | ((A < 0) & (rho < 1 - e_)))
                g = pi_ref * rho * A * keep
                th = th + g - pi * g.sum()
            want = np.exp(th - th.max()) / np.exp(th - th.max()).sum()
            c.close(f.ppo_train(rr, pi_ref, 0.5, 1, eps=e_), want, rtol=1e-10)
            c.true(bool(np.any(~keep)) or e_ == 0.35, "some ratio was clipped")
        c.close(f.ppo_train(5 * r, pi_ref, 0.5, 1), f.ppo_train(5 * r, pi_ref, 0.5, 1, eps=0.2),
                rtol=1e-12)
    return R


if __name__ == "__main__":
    main(run)
