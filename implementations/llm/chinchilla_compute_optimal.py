"""chinchilla-compute-optimal: splitting a compute budget C = 6 N D between parameters and tokens.

Hoffmann et al. (2022), approach 3, fit L(N, D) = E + A / N^alpha + B / D^beta and minimise it
under C = 6 N D. The constants used (E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28) are the
published fit as reproduced in several independent public notes. Checks: the loss against
the fit written out; the closed-form optimum N* = G (C/6)^(beta/(alpha+beta)),
G = (alpha A / (beta B))^(1/(alpha+beta)), matches a brute-force grid search, spends the
budget exactly, satisfies the Lagrange condition alpha A/N^alpha = beta B/D^beta and is a
minimum along the budget line, and N*, D* grow as C^a, C^b with a + b = 1.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

E, A, B, ALPHA, BETA = 1.69, 406.4, 410.7, 0.34, 0.28

EXERCISE = ["loss", "closed_form"]

DOC_ZH = {
    "loss": """Chinchilla 参数化损失 L(N, D) = E + A / N^alpha + B / D^beta（常数取发表的拟合值：E = 1.69，A = 406.4，B = 410.7，alpha = 0.34，beta = 0.28）。

输入：N，参数量；D，训练 token 数（标量或同形数组）。
输出：预测损失（float 或数组）。

>>> round(float(loss(1e9, 2e10)), 6)
2.580048
""",
    "closed_form": """在计算预算 C = 6 N D 下最小化 L(N, D) 的闭式解（常数同 loss）。

输入：C，FLOPs。
输出：(N*, D*)，N* = G (C/6)^(beta/(alpha+beta))，G = (alpha A / (beta B))^(1/(alpha+beta))，D* = C / (6 N*)。

>>> N, D = closed_form(6e20); round(N / 1e9, 4), round(D / 1e9, 4)
(1.4484, 69.042)
""",
}

HINTS = {
    "en": (
        "Substitute D = C / (6N) into the loss: what is left is a function of N alone; set "
        "its derivative to zero.",
        "The optimum balances the two power-law terms: alpha A / N^alpha = beta B / D^beta. "
        "With D = C/(6N) this gives N* = G (C/6)^(beta/(alpha+beta)), "
        "G = (alpha A / (beta B))^(1/(alpha+beta)), and D* = C/(6 N*).",
    ),
    "zh": (
        "把 D = C / (6N) 代入损失：剩下的只是 N 的函数；令其导数为零。",
        "最优点使两个幂律项平衡：alpha A / N^alpha = beta B / D^beta。由 D = C/(6N) 得 "
        "N* = G (C/6)^(beta/(alpha+beta))，G = (alpha A / (beta B))^(1/(alpha+beta))，D* = C/(6 N*)。",
    ),
}


def loss(N, D):
    """Chinchilla's parametric loss L(N, D) = E + A / N^alpha + B / D^beta with the
    published fit E = 1.69, A = 406.4, B = 410.7, alpha = 0.34, beta = 0.28.

    Input: N parameters, D training tokens (scalars or arrays of one shape). Output: the
    predicted loss.

    >>> round(float(loss(1e9, 2e10)), 6)
    2.580048
    """
    return E + A / N**ALPHA + B / D**BETA


def closed_form(C):
    """The minimiser of L(N, D) under the compute budget C = 6 N D (constants as in loss).

    Input: C, FLOPs. Output: (N*, D*), N* = G (C/6)^(beta/(alpha+beta)) with
    G = (alpha A / (beta B))^(1/(alpha+beta)), and D* = C / (6 N*).

    >>> N, D = closed_form(6e20); round(N / 1e9, 4), round(D / 1e9, 4)
    (1.4484, 69.042)
    """
    G = (ALPHA * A / (BETA * B)) ** (1 / (ALPHA + BETA))
    N = G * (C / 6) ** (BETA / (ALPHA + BETA))
    return N, C / (6 * N)


def grid_search(C, n=200_001):
    logN = np.linspace(np.log(1e6), np.log(C / 6 / 1e6), n)  # keep D >= 1e6 tokens
    N = np.exp(logN)
    i = np.argmin(A / N**ALPHA + B / (C / (6 * N)) ** BETA)  # E is a constant offset
    return N[i], C / (6 * N[i])


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Chinchilla compute-optimal allocation")
    L = lambda N, D: 1.69 + 406.4 / N**0.34 + 410.7 / D**0.28  # the published fit, written out
    with r.case("loss equals the published fit at hand-picked (N, D), arrays included") as c:
        Ns, Ds = np.array([1e6, 7e7, 1e9, 175e9]), np.array([3e9, 1.4e9, 2e10, 300e9])
        c.close(f.loss(Ns, Ds), L(Ns, Ds), rtol=1e-12)
        c.close(f.loss(1e30, 1e30), 1.69, rtol=1e-6)  # the irreducible loss E

    budgets = [1e19, 1e21, 1e23, 1e25]
    gs = np.array([grid_search(C) for C in budgets])
    with r.case("closed-form N*, D* == grid search over N (4 budgets)") as c:
        cf = np.array([f.closed_form(C) for C in budgets], dtype=float)
        c.close(cf, gs, rtol=2e-4)
        c.close(6 * cf[:, 0] * cf[:, 1], budgets, rtol=1e-12)  # the budget is spent exactly

    with r.case("Lagrange condition alpha A/N^alpha == beta B/D^beta at the optimum") as c:
        N, D = cf[2]
        r.figure("C = 1e23 FLOPs: N*, D*, tokens per parameter", [float(N), float(D), float(D / N)])
        c.close(0.34 * 406.4 / N**0.34, 0.28 * 410.7 / D**0.28, rtol=1e-10)
        # and it is a minimum along the budget line: moving N by 1% either way costs loss
        c.true(L(N, D) < min(L(1.01 * N, D / 1.01), L(N / 1.01, 1.01 * D)), "a minimum")

    # Exponents from a log-log fit across budgets: N* ~ C^a, D* ~ C^b.
    with r.case("a == beta/(alpha+beta) and a + b == 1") as c:
        a = np.polyfit(np.log(budgets), np.log(cf[:, 0]), 1)[0]
        b = np.polyfit(np.log(budgets), np.log(cf[:, 1]), 1)[0]
        r.figure("exponents a, b from this fit", [float(a), float(b)])
        c.close([a, a + b], [0.28 / (0.34 + 0.28), 1.0], rtol=1e-10)

    # Same compute, different split: the optimum beats 'big model, few tokens'.
    Cg = 6 * 175e9 * 300e9  # a GPT-3-sized run: 175B params, 300B tokens
    with r.case("optimal split has lower predicted loss at equal compute") as c:
        Ng, Dg = f.closed_form(Cg)
        r.figure(
            "C = 6*175e9*300e9: loss at (175B, 300B) vs at the optimum",
            [float(L(175e9, 300e9)), float(L(Ng, Dg))],
        )
        c.close(6 * Ng * Dg, Cg, rtol=1e-12)
        c.true(L(Ng, Dg) < L(175e9, 300e9))
    return r


if __name__ == "__main__":
    main(run)
