"""reward-models: fit a scalar reward from pairwise human preferences (Bradley-Terry).

Follows Ouyang et al. (2022), Sec. 3.5 and Christiano et al. (2017): P(y_w > y_l) =
sigmoid(r(y_w) - r(y_l)), trained by minimising -log sigmoid(r_w - r_l), i.e. a binary
cross-entropy on comparisons. Here r(y) = phi(y) . theta is linear in fixed features. Checks:
the NLL against a per-comparison loop (also for huge margins); its gradient and Hessian against
central finite differences of that loop and of its gradient; Newton's method reaches the
minimiser found by scipy.optimize.minimize (BFGS), where the gradient vanishes; it recovers the
planted reward from simulated Bradley-Terry comparisons; and a per-response (tabular) reward
has the all-ones vector in the Hessian's null space (numpy.linalg.eigh), i.e. only reward
differences are identified.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit

from implementations._common import Report, main, solution

EXERCISE = ["nll", "grad", "hessian", "fit_newton"]

DOC_ZH = {
    "nll": """Bradley-Terry 负对数似然：对每个比较 m = theta . (phi_w - phi_l)，求 -log sigmoid(m) 的平均，数值稳定地计算。

输入：theta，(d,)；Dphi，(n, d)，每行是获胜回答与落败回答的特征之差。
输出：一个 float。

>>> round(nll(np.zeros(2), np.ones((3, 2))), 6)
0.693147
""",
    "grad": """nll 对 theta 的梯度：-(1/n) sum_i sigmoid(-m_i) Dphi_i。

输入：同 nll。
输出：形状 (d,) 的数组。

>>> grad(np.zeros(2), np.ones((3, 2))).tolist()
[-0.5, -0.5]
""",
    "hessian": """nll 的 Hessian：(1/n) sum_i p_i (1 - p_i) Dphi_i Dphi_i^T，p_i = sigmoid(m_i)。

输入：同 nll。
输出：形状 (d, d) 的数组。

>>> hessian(np.zeros(2), np.array([[1.0, 0.0], [0.0, 2.0]])).tolist()
[[0.125, 0.0], [0.0, 0.5]]
""",
    "fit_newton": """用牛顿法最小化 nll（凸函数），从 theta = 0 出发：theta -= H^-1 grad，迭代 iters 次。

输入：Dphi，(n, d)；iters，迭代次数。
输出：拟合得到的 theta，形状 (d,)。

>>> fit_newton(np.array([[1.0], [1.0], [-1.0]]), 30).round(6).tolist()
[0.693147]
""",
}

HINTS = {
    "en": (
        "A preference is a logistic regression on the feature difference, with label 'the "
        "winner won'; the loss is convex, so Newton's method converges in a few steps.",
        "nll = mean(logaddexp(0, -m)); grad = -Dphi^T sigmoid(-m) / n; Hessian = Dphi^T diag(p "
        "(1-p)) Dphi / n with p = sigmoid(m); Newton: theta -= solve(H, grad).",
    ),
    "zh": (
        "一次偏好就是对特征差做逻辑回归，标签是“胜者获胜”；损失是凸的，所以牛顿法几步就收敛。",
        "nll = mean(logaddexp(0, -m))；grad = -Dphi^T sigmoid(-m) / n；Hessian = Dphi^T diag(p (1-p)) Dphi / n，"
        "p = sigmoid(m)；牛顿法：theta -= solve(H, grad)。",
    ),
}


def nll(theta, Dphi):
    """Bradley-Terry NLL: mean over comparisons of -log sigmoid(m), m = theta . (phi_w - phi_l),
    computed stably.

    Input: theta, (d,); Dphi, (n, d), each row the winner's minus the loser's features.
    Output: a float.

    >>> round(nll(np.zeros(2), np.ones((3, 2))), 6)
    0.693147
    """
    m = Dphi @ theta
    return float(np.mean(np.logaddexp(0.0, -m)))


def grad(theta, Dphi):
    """Gradient of nll with respect to theta: -(1/n) sum_i sigmoid(-m_i) Dphi_i.

    Input: as nll. Output: an array (d,).

    >>> grad(np.zeros(2), np.ones((3, 2))).tolist()
    [-0.5, -0.5]
    """
    m = Dphi @ theta
    s = 0.5 * (1 + np.tanh(-m / 2))  # sigmoid(-m), stable
    return -(Dphi.T @ s) / len(m)


def hessian(theta, Dphi):
    """Hessian of nll: (1/n) sum_i p_i (1 - p_i) Dphi_i Dphi_i^T with p_i = sigmoid(m_i).

    Input: as nll. Output: an array (d, d).

    >>> hessian(np.zeros(2), np.array([[1.0, 0.0], [0.0, 2.0]])).tolist()
    [[0.125, 0.0], [0.0, 0.5]]
    """
    p = 0.5 * (1 + np.tanh((Dphi @ theta) / 2))
    return (Dphi * (p * (1 - p))[:, None]).T @ Dphi / len(p)


def fit_newton(Dphi, iters):
    """Minimise nll (convex) by Newton's method from theta = 0: theta -= H^-1 grad, iters times.

    Input: Dphi, (n, d); iters, the number of steps. Output: the fitted theta, shape (d,).

    >>> fit_newton(np.array([[1.0], [1.0], [-1.0]]), 30).round(6).tolist()
    [0.693147]
    """
    theta = np.zeros(Dphi.shape[1])
    for _ in range(iters):
        theta -= np.linalg.solve(hessian(theta, Dphi), grad(theta, Dphi))
    return theta


def _nll_loop(theta, Dphi):
    total = 0.0
    for row in Dphi:
        m = float(row @ theta)
        total += max(0.0, -m) + math.log1p(math.exp(-abs(m)))  # log(1 + e^-m), stable
    return total / len(Dphi)


def _grad_ref(theta, Dphi):
    return -(Dphi.T @ expit(-(Dphi @ theta))) / len(Dphi)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Reward model from pairwise preferences (Bradley-Terry)")
    K, d, n = 30, 5, 6000  # responses, features, comparisons
    Phi = rng.normal(size=(K, d))  # features of each candidate response
    theta_true = rng.normal(size=d)
    r_true = Phi @ theta_true

    # Simulate labelers: pick a pair, prefer i over j with prob sigmoid(r_i - r_j).
    i, j = rng.integers(K, size=n), rng.integers(K, size=n)
    keep = i != j
    i, j = i[keep], j[keep]
    win = rng.random(i.size) < 1 / (1 + np.exp(-(r_true[i] - r_true[j])))
    w, l = np.where(win, i, j), np.where(win, j, i)
    Dphi = Phi[w] - Phi[l]
    th = rng.normal(size=d)
    Ds = Dphi[:40]
    h = 1e-6

    with R.case("NLL == per-comparison loop, also for huge margins") as c:
        c.close(f.nll(th, Ds), _nll_loop(th, Ds), rtol=1e-12)
        c.close(f.nll(300 * th, Ds), _nll_loop(300 * th, Ds), rtol=1e-12)
    with R.case("gradient of the Bradley-Terry NLL matches finite differences") as c:
        fd = np.array([(_nll_loop(th + h * e, Ds) - _nll_loop(th - h * e, Ds)) / (2 * h)
                       for e in np.eye(d)])
        c.close(f.grad(th, Ds), fd, atol=1e-9)
        c.close(f.grad(300 * th, Ds), _grad_ref(300 * th, Ds), rtol=1e-10, atol=1e-14)
    with R.case("Hessian matches finite differences of the gradient") as c:
        fdH = np.array([(_grad_ref(th + h * e, Ds) - _grad_ref(th - h * e, Ds)) / (2 * h)
                        for e in np.eye(d)])
        c.close(f.hessian(th, Ds), fdH, atol=1e-8)

    # 2. Fit by Newton's method (the NLL is convex) and, independently, by scipy's BFGS.
    bfgs = minimize(lambda t: _nll_loop(t, Dphi[:500]), np.zeros(d),
                    jac=lambda t: _grad_ref(t, Dphi[:500]), method="BFGS",
                    options={"gtol": 1e-11})
    with R.case("Newton fit equals scipy BFGS on the same comparisons") as c:
        c.close(f.fit_newton(Dphi[:500], 30), bfgs.x, atol=1e-6)
    with R.case("Newton's gradient is zero at the fit") as c:
        theta = f.fit_newton(Dphi, 30)
        c.true(float(np.abs(_grad_ref(theta, Dphi)).max()) < 1e-12)

    # 3. Consistency: with 6000 comparisons the planted reward is recovered.
    with R.case("recovers planted reward weights (rel. err < 0.08)") as c:
        rel = np.linalg.norm(theta - theta_true) / np.linalg.norm(theta_true)
        c.true(rel < 0.08, f"rel err {rel:.3f}")
        r_hat = Phi @ theta
        R.figure("correlation of learned vs true rewards over 30 responses",
                 float(np.corrcoef(r_hat, r_true)[0, 1]))
        R.figure("training pairwise accuracy (labels are noisy by design)",
                 float(np.mean(r_hat[w] > r_hat[l])))

    # 4. A tabular reward (one score per response) is identified only up to a constant:
    #    the Hessian of the NLL has the all-ones vector as its null direction.
    with R.case("NLL Hessian of a tabular reward has null vector 1/sqrt(K) (common offset)") as c:
        E = np.eye(K)[w] - np.eye(K)[l]  # one-hot differences, r_w - r_l = E @ u
        vals, vecs = np.linalg.eigh(f.hessian(r_true, E))
        null = vecs[:, 0] * np.sign(vecs[0, 0])
        c.true(abs(vals[0]) < 1e-12 * vals[-1] and vals[1] > 1e-3 * vals[-1],
               f"eigenvalues: smallest {vals[0]:.1e}, next {vals[1]:.1e}, largest {vals[-1]:.1e}")
        c.close(null, np.ones(K) / np.sqrt(K), atol=1e-8)
    return R


if __name__ == "__main__":
    main(run)
