"""tool-use-function-calling: the model writes a tool call as text, the runtime executes it and
splices the result back, and (Toolformer) only calls that help prediction are kept.

Follows Schick et al. (2023), Toolformer: an API call c = (name, input) is written inline as
e(c) = <API> name(input) </API>, or with its result r as e(c, r) = <API> name(input) -> r </API>
(the paper uses an arrow token). To build training data the model samples candidate calls,
executes them, and keeps a call only if it lowers the weighted cross-entropy of the following
tokens: with L+ the loss given e(c, r) and L- the smaller of the losses given no call and
given the call without its result, keep it when L- - L+ >= tau. Checks: the call format; the
weighted loss against its formula; the filter on hand cases, including the min in L-; with a
toy language model that copies a result it has just seen, a correct calculator result is
kept while a wrong result and an unhelpful call are dropped; and the runtime fills in every
result-less call, leaves completed calls and unknown tools alone, and round-trips
format_call.
"""

from __future__ import annotations

import re

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["format_call", "weighted_loss", "keep_call", "execute_calls"]

DOC_ZH = {
    "format_call": """把一次工具调用写成文本：无结果时为 "<API>name(arg)</API>"，有结果时为 "<API>name(arg) -> result</API>"。

输入：name，工具名；arg，参数字符串；result，结果字符串或 None。
输出：字符串。

>>> format_call("Calculator", "400/1400", "0.29")
'<API>Calculator(400/1400) -> 0.29</API>'
""",
    "weighted_loss": """后续词元的加权交叉熵：L = -sum_j w_j log p_j。

输入：logp，模型对后续各词元的对数概率（长度 n）；weights，对应的非负权重（长度 n）。
输出：一个实数。

>>> round(weighted_loss(np.log([0.5, 0.25]), [1.0, 0.5]), 6)
1.386294
""",
    "keep_call": """Toolformer 的过滤规则：L- = min(无调用时的损失, 有调用但无结果时的损失)，L+ = 有调用且有结果时的损失；
当 L- - L+ >= tau 时保留这次调用。

输入：loss_none；loss_call；loss_result；tau。
输出：布尔值。

>>> keep_call(3.0, 2.5, 1.0, 1.0)
True
""",
    "execute_calls": """运行时：把文本中每个没有结果的调用 "<API>name(arg)</API>" 替换为 format_call(name, arg, tools[name](arg))；
已有结果的调用和未知工具保持不变。

输入：text；tools，{工具名: 函数(参数字符串) -> 结果字符串}。
输出：新的文本。

>>> execute_calls("Out of 1400, 400 passed <API>Calculator(400/1400)</API> ...", {"Calculator": lambda a: "0.29"})
'Out of 1400, 400 passed <API>Calculator(400/1400) -> 0.29</API> ...'
""",
}

HINTS = {
    "en": (
        "A call earns its place only if seeing its result makes the following text easier to "
        "predict than both making no call and making the call without its result.",
        "format: f'<API>{name}({arg})</API>' or with ' -> {result}' before '</API>'. Loss: "
        "-sum(w * logp). Keep: min(loss_none, loss_call) - loss_result >= tau. Runtime: "
        "re.sub over r'<API>(\\w+)\\(([^()]*)\\)</API>' calling the tool when it exists.",
    ),
    "zh": (
        "只有当“看到调用结果”比“不调用”和“调用但不看结果”都更能帮助预测后面的文本时，这次调用才值得保留。",
        "格式：f'<API>{name}({arg})</API>'，有结果时在 '</API>' 前加 ' -> {result}'。损失：-sum(w * logp)。"
        "保留：min(loss_none, loss_call) - loss_result >= tau。运行时：用 re.sub 匹配 r'<API>(\\w+)\\(([^()]*)\\)</API>'，"
        "工具存在时调用它。",
    ),
}


def format_call(name, arg, result=None):
    """Write a tool call as text: "<API>name(arg)</API>" without a result,
    "<API>name(arg) -> result</API>" with one.

    Input: name, the tool; arg, the argument string; result, a string or None.
    Output: the string.

    >>> format_call("Calculator", "400/1400", "0.29")
    '<API>Calculator(400/1400) -> 0.29</API>'
    """
    if result is None:
        return f"<API>{name}({arg})</API>"
    return f"<API>{name}({arg}) -> {result}</API>"


def weighted_loss(logp, weights):
    """Weighted cross-entropy of the following tokens: L = -sum_j w_j log p_j.

    Input: logp, the model's log-probabilities of the next n tokens; weights, n non-negative
    weights. Output: a float.

    >>> round(weighted_loss(np.log([0.5, 0.25]), [1.0, 0.5]), 6)
    1.386294
    """
    return float(-np.sum(np.asarray(weights, dtype=float) * np.asarray(logp, dtype=float)))


def keep_call(loss_none, loss_call, loss_result, tau):
    """Toolformer's filter: L- = min(loss with no call, loss with the call but no result),
    L+ = loss with the call and its result; keep the call when L- - L+ >= tau.

    Input: loss_none; loss_call; loss_result; tau. Output: a bool.

    >>> keep_call(3.0, 2.5, 1.0, 1.0)
    True
    """
    return bool(min(loss_none, loss_call) - loss_result >= tau)


def execute_calls(text, tools):
    """The runtime: replace every result-less call "<API>name(arg)</API>" in the text by
    format_call(name, arg, tools[name](arg)); completed calls and unknown tools are left as
    they are.

    Input: text; tools, {name: function(argument string) -> result string}.
    Output: the new text.

    >>> execute_calls("Out of 1400, 400 passed <API>Calculator(400/1400)</API> ...", {"Calculator": lambda a: "0.29"})
    'Out of 1400, 400 passed <API>Calculator(400/1400) -> 0.29</API> ...'
    """

    def fill(m):
        name, arg = m.group(1), m.group(2)
        if name not in tools:
            return m.group(0)
        return format_call(name, arg, tools[name](arg))

    return re.sub(r"<API>(\w+)\(([^()]*)\)</API>", fill, text)


def run(f=None) -> Report:
    f = solution(f, __name__)
    R = Report("Tool use: inline API calls, a runtime, and Toolformer's filter")

    with R.case("the call format with and without a result") as c:
        c.equal(
            f.format_call("QA", "Where was Joe Biden born?"),
            "<API>QA(Where was Joe Biden born?)</API>",
        )
        c.equal(f.format_call("Calendar", ""), "<API>Calendar()</API>")
        c.equal(f.format_call("MT", "tortuga", "turtle"), "<API>MT(tortuga) -> turtle</API>")

    rng = np.random.default_rng(0)
    with R.case("weighted loss = -sum w log p") as c:
        lp = np.log(rng.uniform(0.05, 1, size=6))
        w = np.maximum(0, 1 - 0.2 * np.arange(6))
        c.close(f.weighted_loss(lp, w), -float(w @ lp), rtol=1e-12)
        c.close(f.weighted_loss(lp, np.zeros(6)), 0.0, atol=1e-15)
        c.close(f.weighted_loss(list(lp), list(w / w.sum())), -float(w @ lp) / w.sum(), rtol=1e-12)

    with R.case("filter: L- = min(no call, call without result); keep iff L- - L+ >= tau") as c:
        c.equal(
            [
                f.keep_call(a, b, r, t)
                for a, b, r, t in [
                    (3.0, 2.5, 1.0, 1.0),  # 2.5 - 1.0 = 1.5 >= 1
                    (2.5, 3.0, 1.0, 1.0),  # min is the no-call loss
                    (1.8, 3.0, 1.0, 1.0),  # 0.8 < 1: the call does not help enough
                    (3.0, 1.8, 1.0, 1.0),  # the call alone explains it, not the result
                    (3.0, 3.0, 2.0, 1.0),  # exactly tau: kept
                    (2.0, 2.0, 2.5, 0.0),  # the result hurts
                ]
            ],
            [True, True, False, False, True, False],
        )

    # A toy language model that copies a number it has just seen after "->".
    digits = "0123456789."

    def future_logp(prefix, future):
        m = re.search(r"-> ([\d.]+)</API>\s*$", prefix)
        seen = m.group(1) if m else None
        out = []
        for j, ch in enumerate(future):
            if seen is not None and j < len(seen) and seen[j] == ch:
                out.append(np.log(0.9))
            elif seen is not None and j < len(seen):
                out.append(np.log(0.01))
            else:
                out.append(np.log(1 / len(digits)))
        return np.array(out)

    text, future = "Out of 1400 participants, 400 (or ", "0.29"
    w = np.maximum(0, 1 - 0.2 * np.arange(len(future)))
    w /= w.sum()

    def decide(result):
        L = [
            f.weighted_loss(future_logp(text + z, future), w)
            for z in (
                "",
                f.format_call("Calculator", "400/1400"),
                f.format_call("Calculator", "400/1400", result),
            )
        ]
        return f.keep_call(L[0], L[1], L[2], 1.0), L

    with R.case("toy LM: a correct result is kept, a wrong one and a useless call dropped") as c:
        keep, L = decide("0.29")
        c.true(keep, f"losses {np.round(L, 3)}")
        c.close(L[2], -np.log(0.9), rtol=1e-12)
        c.close(L[0], np.log(len(digits)), rtol=1e-12)
        keep_bad, Lb = decide("0.31")
        c.true(not keep_bad, f"losses {np.round(Lb, 3)}")
        L_none = f.weighted_loss(future_logp(text, future), w)
        L_date = f.weighted_loss(
            future_logp(text + f.format_call("Calendar", "", "Today is Monday"), future), w
        )
        c.true(not f.keep_call(L_none, L_none, L_date, 1.0), "an unrelated result does not help")
        R.figure(
            "weighted loss: no call | call without result | with result 0.29 | with 0.31",
            [round(L[0], 3), round(L[1], 3), round(L[2], 3), round(Lb[2], 3)],
        )

    def calculator(expr):  # one binary operation on two numbers
        a, op, b = re.fullmatch(r"\s*([\d.]+)\s*([-+*/])\s*([\d.]+)\s*", expr).groups()
        x, y = float(a), float(b)
        return f"{ {'+': x + y, '-': x - y, '*': x * y, '/': x / y}[op]:.2f}"

    tools = {"Calculator": calculator, "Calendar": lambda a: "Today is Friday, January 30, 2023."}
    with R.case(
        "runtime fills every result-less call; completed calls, unknown tools untouched"
    ) as c:
        src = (
            "Of 1400, 400 <API>Calculator(400/1400)</API> passed; "
            "<API>Calendar()</API> then <API>Calculator(2*3) -> 6</API> and <API>Search(cats)</API>."
        )
        want = (
            "Of 1400, 400 <API>Calculator(400/1400) -> 0.29</API> passed; "
            "<API>Calendar() -> Today is Friday, January 30, 2023.</API> then "
            "<API>Calculator(2*3) -> 6</API> and <API>Search(cats)</API>."
        )
        c.equal(f.execute_calls(src, tools), want)
        c.equal(f.execute_calls("no calls here", tools), "no calls here")
        call = f.format_call("Calculator", "7/8")
        c.equal(f.execute_calls(call, tools), f.format_call("Calculator", "7/8", "0.88"))
    return R


if __name__ == "__main__":
    main(run)
