"""rl-verifiable-rewards: RL where the reward is a program that checks the answer.

Follows Lambert et al. (2024, Tulu 3), who name reinforcement learning with verifiable rewards
(RLVR): the learned reward model of RLHF is replaced by a verifier that gives a fixed reward
alpha (10 in Tulu 3) when the final answer is verifiably correct and 0 otherwise, inside the
same KL-regularised objective; and Guo et al. (2025, DeepSeek-R1), whose rule-based accuracy
reward asks for the final answer in a specified format (a box) so that it can be checked.
With a binary reward the KL-regularised optimum pi_ref exp(r/beta)/Z multiplies every correct
response by exp(alpha/beta), so the success probability becomes
p e^(alpha/beta) / (p e^(alpha/beta) + 1 - p). Checks: answer extraction and the reward on
hand-written responses (boxed answers, fractions, decimals, thousands separators, a missing
answer); the closed-form success probability against scipy maximisation of
E[r] - beta KL(pi || pi_ref) over the whole simplex; relative probabilities among correct
(and among wrong) responses are kept; and, because the verifier is the gold reward, the
optimum's gold reward rises monotonically as beta falls (no over-optimisation of a proxy).
"""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["extract_answer", "verifiable_reward", "kl_optimal_success"]

DOC_ZH = {
    "extract_answer": """从回答中取出最终答案：若有 \\boxed{...}，取最后一个盒子里的内容；否则取文中最后一个数
（允许负号、小数点、分数线 / 和千位分隔逗号，逗号会被去掉）；都没有则返回 None。

输入：text，模型回答的字符串。
输出：答案字符串或 None。

>>> extract_answer("3 + 4 = 7, so the answer is \\\\boxed{7}.")
'7'
""",
    "verifiable_reward": """可验证奖励：若取出的答案与参考答案在数值上相等（"1/2"、"0.5"、"2/4" 视为相等），给 alpha，否则给 0。

输入：text，回答；reference，参考答案字符串；alpha，答对时的奖励（Tulu 3 用 10）。
输出：alpha 或 0.0。无法解析为数的答案按字符串（去掉首尾空白）比较。

>>> verifiable_reward("We get 0.5, i.e. \\\\boxed{1/2}", "0.5")
10.0
""",
    "kl_optimal_success": """二值可验证奖励下，E[r] - beta KL(pi || pi_ref) 最优策略的成功概率。

最优解 pi_ref exp(r/beta) / Z 把每个正确回答乘以 exp(alpha/beta)，所以成功概率为
p e^(alpha/beta) / (p e^(alpha/beta) + 1 - p)，p 为参考策略的成功概率。
输入：p；alpha；beta > 0。
输出：一个概率。

>>> round(kl_optimal_success(0.2, 1.0, 1.0), 6)
0.40461
""",
}

HINTS = {
    "en": (
        "The verifier only needs the final answer in a fixed place and a robust way to compare "
        "numbers; the KL-regularised optimum tilts the reference policy by exp(reward / beta).",
        "Take the last \\boxed{...}, else the last number (strip commas); compare with "
        "Fraction(a) == Fraction(b) when both parse. With r = alpha on correct answers, "
        "pi* = pi_ref e^(r/beta) / Z gives p e^(alpha/beta) / (p e^(alpha/beta) + 1 - p).",
    ),
    "zh": (
        "验证器只需要最终答案出现在固定位置，以及一种稳妥的数值比较方式；带 KL 正则的最优解把参考策略乘以 exp(奖励 / beta)。",
        "取最后一个 \\boxed{...}，没有则取最后一个数（去掉逗号）；两者都能解析时用 Fraction(a) == Fraction(b) 比较。"
        "正确回答的奖励为 alpha 时，pi* = pi_ref e^(r/beta) / Z，成功概率为 p e^(alpha/beta) / (p e^(alpha/beta) + 1 - p)。",
    ),
}

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?(?:/\d+)?")


def extract_answer(text):
    """Take the final answer out of a response: the content of the last \\boxed{...} if any,
    else the last number in the text (minus sign, decimal point, a fraction bar / and
    thousands commas allowed; commas removed), else None.

    Input: text, the model's response. Output: the answer string, or None.

    >>> extract_answer("3 + 4 = 7, so the answer is \\\\boxed{7}.")
    '7'
    """
    boxed = re.findall(r"\\boxed\{([^{}]*)\}", text)
    if boxed:
        return boxed[-1].strip()
    nums = _NUMBER.findall(text)
    if nums:
        return nums[-1].replace(",", "")
    return None


def _as_number(s):
    try:
        return Fraction(s.replace(",", "").strip())
    except (ValueError, ZeroDivisionError):
        return None


def verifiable_reward(text, reference, alpha=10.0):
    """Verifiable reward: alpha if the extracted answer equals the reference numerically
    ("1/2", "0.5" and "2/4" are equal), else 0.

    Input: text, the response; reference, the reference answer string; alpha, the reward for
    a correct answer (10 in Tulu 3). Output: alpha or 0.0. Answers that do not parse as numbers
    are compared as strings (surrounding whitespace stripped).

    >>> verifiable_reward("We get 0.5, i.e. \\\\boxed{1/2}", "0.5")
    10.0
    """
    ans = extract_answer(text)
    if ans is None:
        return 0.0
    a, b = _as_number(ans), _as_number(reference)
    if a is not None and b is not None:
        return float(alpha) if a == b else 0.0
    return float(alpha) if ans.strip() == reference.strip() else 0.0


def kl_optimal_success(p, alpha, beta):
    """Success probability of the optimum of E[r] - beta KL(pi || pi_ref) for a binary
    verifiable reward.

    The optimum pi_ref exp(r/beta) / Z multiplies every correct response by exp(alpha/beta),
    so the success probability is p e^(alpha/beta) / (p e^(alpha/beta) + 1 - p), p the
    reference policy's. Input: p; alpha; beta > 0. Output: a probability.

    >>> round(kl_optimal_success(0.2, 1.0, 1.0), 6)
    0.40461
    """
    w = p * np.exp(alpha / beta)
    return float(w / (w + 1 - p))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("RL with verifiable rewards")

    with R.case("answer extraction: last box, else last number, else None") as c:
        c.equal(f.extract_answer(r"First \boxed{3}, then corrected: \boxed{ 12 }"), "12")
        c.equal(f.extract_answer("She pays 1,250 dollars in total."), "1250")
        c.equal(f.extract_answer("From 2 and 3 we get -4.5 at the end"), "-4.5")
        c.equal(f.extract_answer("so x = 3/8"), "3/8")
        c.equal(f.extract_answer("I am not sure."), None)
        c.equal(f.extract_answer(r"\boxed{\text{yes}}... 42"), "42")

    with R.case("reward: numeric equality, string fallback, zero without an answer") as c:
        cases = [
            (r"The total is \boxed{18}.", "18", 10.0),
            (r"The total is \boxed{18}.", "17", 0.0),
            ("half of it, 2/4", "0.5", 10.0),
            (r"\boxed{0.75}", "3/4", 10.0),
            ("The answer is 1,000", "1000", 10.0),
            (r"\boxed{B}", "B", 10.0),
            (r"\boxed{C}", "B", 0.0),
            ("no idea", "3", 0.0),
            (r"\boxed{7} is wrong; 8", "8", 0.0),
        ]
        c.equal([f.verifiable_reward(t, ref) for t, ref, _ in cases], [w for *_, w in cases])
        c.equal(f.verifiable_reward(r"\boxed{5}", "5", alpha=1.0), 1.0)

    from scipy.optimize import minimize

    N = 6
    pi_ref = rng.dirichlet(np.ones(N))
    correct = np.array([1, 0, 0, 1, 0, 0], dtype=bool)
    p0 = float(pi_ref @ correct)

    def solve(alpha, beta):  # maximise E[r] - beta KL over the simplex (softmax logits)
        r = alpha * correct

        def neg(z):
            lq = z - np.log(np.exp(z - z.max()).sum()) - z.max()
            q = np.exp(lq)
            h = r - beta * (lq - np.log(pi_ref))  # d/dq of the objective, less the constant
            return -(q @ r - beta * q @ (lq - np.log(pi_ref))), -q * (h - q @ h)

        z = minimize(neg, np.log(pi_ref), jac=True, method="BFGS", options={"gtol": 1e-12}).x
        q = np.exp(z - z.max())
        return q / q.sum()

    with R.case("closed-form success probability = scipy optimum of E[r] - beta KL") as c:
        for alpha, beta in ((10.0, 5.0), (10.0, 2.0), (1.0, 0.7), (3.0, 4.0)):
            q = solve(alpha, beta)
            c.close(f.kl_optimal_success(p0, alpha, beta), float(q @ correct), atol=1e-6)
        c.close(f.kl_optimal_success(p0, 10.0, 1e6), p0, rtol=1e-5)
        c.close(f.kl_optimal_success(0.0, 10.0, 1.0), 0.0, atol=1e-15)
    with R.case("the verifier is the gold reward: success rises monotonically as beta falls") as c:
        betas = [20.0, 10.0, 5.0, 2.0, 1.0, 0.5]
        succ = [f.kl_optimal_success(p0, 10.0, b) for b in betas]
        c.true(all(b > a for a, b in zip(succ, succ[1:])), f"{np.round(succ, 4).tolist()}")
        c.true(succ[-1] > 0.999, "small beta: almost always correct")
        R.figure(
            "P(correct) at the optimum for beta = 20, 10, 5, 2, 1, 0.5 (alpha = 10)",
            np.round(succ, 4).tolist(),
        )
    return R


if __name__ == "__main__":
    main(run)
