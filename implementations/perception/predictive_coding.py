"""predictive-coding: inference by feedback predictions and feedforward prediction errors.

Follows Rao & Ballard (1999), linear-Gaussian case: an image x = U r + noise (variance s2), prior
r ~ N(0, p2 I). Higher level sends the prediction U r down; lower level sends the error
e = x - U r up; the estimate follows dr = lr (U^T e / s2 - r / p2), gradient descent on the
negative log posterior. Checks: the energy against the negative log joint from scipy.stats (up to
its constant); the dynamics converge to the MAP estimate (normal equations), which equals the
Gaussian conditional mean Sigma_rx Sigma_xx^{-1} x computed from the joint; at the fixed point the
fed-back error balances the prior; the recorded energies are those of the iterates and decrease
monotonically; the first step equals lr U^T x / s2.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import multivariate_normal

from implementations._common import Report, main, solution

EXERCISE = ["energy", "infer"]

DOC_ZH = {
    "energy": """线性高斯预测编码的能量（负对数后验，去掉常数）：
E(r) = ||x - U r||^2 / (2 s2) + ||r||^2 / (2 p2)。

输入：x，形状 (n,)；U，形状 (n, k)；r，形状 (k,)；s2，噪声方差；p2，先验方差。
输出：一个 float。

>>> round(float(energy(np.array([1.0, 2.0]), np.eye(2), np.zeros(2), 0.5, 1.0)), 6)
5.0
""",
    "infer": """预测编码推断：从 r = 0 出发，迭代 n_iter 次
e = x - U r（自下而上的预测误差），r <- r + lr (U^T e / s2 - r / p2)，
步长 lr = 1 / (U^T U / s2 + I / p2 的最大特征值)。

输入：x、U、s2、p2 同上；n_iter，迭代次数。
输出：(r, energies)：最终估计 (k,)，以及每次更新后的能量，长度 n_iter 的数组。

>>> r, E = infer(np.array([2.0]), np.eye(1), 1.0, 1.0, 1)
>>> r.tolist(), E.tolist()
([1.0], [1.0])
""",
}

HINTS = {
    "en": (
        "The estimate moves along the prediction error sent up from below, held back by the "
        "prior pulling it towards zero.",
        "E = ||x - U r||^2/(2 s2) + ||r||^2/(2 p2); its gradient is -(U^T e / s2 - r / p2) with "
        "e = x - U r. Step r += lr (U^T e / s2 - r / p2) with lr = 1 / max eigenvalue of "
        "U^T U / s2 + I / p2, and record E after each step.",
    ),
    "zh": (
        "估计值沿着自下而上传来的预测误差移动，同时被把它拉向 0 的先验牵制。",
        "E = ||x - U r||^2/(2 s2) + ||r||^2/(2 p2)；其梯度为 -(U^T e / s2 - r / p2)，e = x - U r。"
        "每步 r += lr (U^T e / s2 - r / p2)，lr = 1 / (U^T U / s2 + I / p2 的最大特征值)，"
        "每步之后记录 E。",
    ),
}


def energy(x, U, r, s2, p2):
    """Predictive-coding energy (negative log posterior up to a constant).

    E(r) = ||x - U r||^2 / (2 s2) + ||r||^2 / (2 p2). Input: x (n,), U (n, k), r (k,), the
    noise variance s2 and the prior variance p2. Output: a float.

    >>> round(float(energy(np.array([1.0, 2.0]), np.eye(2), np.zeros(2), 0.5, 1.0)), 6)
    5.0
    """
    return np.sum((x - U @ r) ** 2) / (2 * s2) + np.sum(r**2) / (2 * p2)


def infer(x, U, s2, p2, n_iter):
    """Predictive-coding inference from r = 0 for n_iter steps.

    e = x - U r (bottom-up error), r <- r + lr (U^T e / s2 - r / p2), with lr = 1 / (largest
    eigenvalue of U^T U / s2 + I / p2). Input: x, U, s2, p2 as in energy; n_iter.
    Output: (r, energies): the final estimate (k,) and the energy after each update
    (an array of length n_iter).

    >>> r, E = infer(np.array([2.0]), np.eye(1), 1.0, 1.0, 1)
    >>> r.tolist(), E.tolist()
    ([1.0], [1.0])
    """
    k = U.shape[1]
    A = U.T @ U / s2 + np.eye(k) / p2  # Hessian of the energy
    lr = 1.0 / np.linalg.eigvalsh(A).max()  # stable step size
    r, energies = np.zeros(k), []
    for _ in range(n_iter):
        e = x - U @ r  # bottom-up prediction error
        r = r + lr * (U.T @ e / s2 - r / p2)
        energies.append(energy(x, U, r, s2, p2))
    return r, np.array(energies)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Predictive coding (Rao-Ballard, linear)")
    n, k, s2, p2 = 20, 5, 0.1, 2.0
    U = rng.normal(size=(n, k)) / np.sqrt(n)  # generative weights (top-down)
    r_true = rng.normal(scale=np.sqrt(p2), size=k)
    x = U @ r_true + rng.normal(scale=np.sqrt(s2), size=n)
    nlj = lambda r_: -(multivariate_normal(U @ r_, s2 * np.eye(n)).logpdf(x)
                       + multivariate_normal(np.zeros(k), p2 * np.eye(k)).logpdf(r_))

    with r.case("energy equals the negative log joint (scipy.stats) up to its constant") as c:
        R = rng.normal(size=(4, k))
        c.close([f.energy(x, U, rr, s2, p2) - f.energy(x, U, np.zeros(k), s2, p2) for rr in R],
                [nlj(rr) - nlj(np.zeros(k)) for rr in R], rtol=1e-10)

    A = U.T @ U / s2 + np.eye(k) / p2
    r_map = np.linalg.solve(A, U.T @ x / s2)  # normal equations of the MAP problem
    with r.case("dynamics converge to the MAP estimate") as c:
        rhat, energies = f.infer(x, U, s2, p2, 2000)
        c.close(rhat, r_map, rtol=0, atol=1e-8)

    # The same number from Bayes' rule for jointly Gaussian (r, x): E[r|x] = S_rx S_xx^{-1} x.
    with r.case("MAP equals the Gaussian conditional mean from the joint") as c:
        S_xx = p2 * U @ U.T + s2 * np.eye(n)
        c.close(rhat, p2 * U.T @ np.linalg.solve(S_xx, x), rtol=0, atol=1e-8)

    with r.case("at the fixed point U^T e / s2 = r / p2 (error balances prior)") as c:
        e = x - U @ rhat
        c.close(U.T @ e / s2, rhat / p2, rtol=0, atol=1e-7)
        r.figure("residual error norm ||x - U r|| / ||x||", np.linalg.norm(e) / np.linalg.norm(x))

    with r.case("energy (negative log posterior) never increases") as c:
        c.equal(energies.shape, (2000,))
        c.true(bool(np.all(np.diff(energies) <= 1e-12)))
        c.close(energies[-1], np.sum((x - U @ r_map) ** 2) / (2 * s2) + r_map @ r_map / (2 * p2),
                rtol=1e-10)
        r.figure("iterations to reach 1e-6 of the MAP energy",
                 int(np.argmax(energies - energies[-1] < 1e-6)))

    with r.case("the first step is lr U^T x / s2 with lr = 1 / lambda_max") as c:
        r1, e1 = f.infer(x, U, s2, p2, 1)
        step = U.T @ x / s2 / np.linalg.eigvalsh(A).max()
        c.close(r1, step, rtol=1e-12)
        c.close(e1, [np.sum((x - U @ step) ** 2) / (2 * s2) + step @ step / (2 * p2)], rtol=1e-12)
    r.figure("MAP estimate vs true cause (correlation)", np.corrcoef(r_map, r_true)[0, 1])
    return r


if __name__ == "__main__":
    main(run)
