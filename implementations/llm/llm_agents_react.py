"""llm-agents-react: interleave reasoning ("Thought"), tool calls ("Action") and results
("Observation") until the agent answers.

Follows Yao et al. (2023), ReAct: the language model writes a thought, then an action in a
fixed syntax (for HotpotQA: Search[entity], Lookup[keyword], Finish[answer] over a Wikipedia
API); the environment's reply is appended to the context as an observation, and the loop
repeats until Finish or a step budget runs out. The model here is any function from the
transcript so far to the next (thought, action) pair, so the loop itself can be checked
exactly. Checks: parsing actions (case, spaces, malformed text); a scripted two-hop question
over a tiny wiki answered with the expected transcript; malformed and unknown actions
produce an error observation and the loop goes on; the step budget stops an agent that never
finishes; and, with a tool that succeeds with probability p per call and a task needing m
successful calls plus Finish within T steps, the loop's success probability (all 2^(T-1)
outcome patterns enumerated) equals the binomial tail sum_{k >= m} C(T-1, k) p^k (1-p)^(T-1-k).
"""

from __future__ import annotations

import re
from itertools import product
from math import comb

from implementations._common import Report, main, solution

EXERCISE = ["parse_action", "react_loop"]

DOC_ZH = {
    "parse_action": """解析 ReAct 的动作文本 "Name[argument]"：返回 (小写的动作名, 参数)，参数去掉首尾空白；
不符合格式时返回 None。

输入：text，例如 "Search[Colorado orogeny]"（前后可以有空白）。
输出：元组 (name, arg) 或 None。

>>> parse_action(" Lookup[eastern sector] ")
('lookup', 'eastern sector')
""",
    "react_loop": """ReAct 循环：反复让模型根据当前记录给出 (想法, 动作)，执行动作并把观察结果追加进记录，直到 finish 或用完步数。

输入：policy(transcript) -> (thought, action_text)；tools，{动作名: 函数(参数) -> 观察字符串}；max_steps。
每一步把三行 "Thought i: ..."、"Action i: ..."、"Observation i: ..." 追加到 transcript（i 从 1 开始）。
动作为 finish 时，记录 Thought 和 Action 两行后立即返回答案；无法解析或未知的动作得到观察
"Invalid action: <动作文本>"，循环继续。
输出：(answer, transcript)，answer 为 finish 的参数；用完 max_steps 仍未 finish 时为 None。

>>> pol = lambda tr: ("I know it.", "Finish[42]")
>>> react_loop(pol, {}, 3)
('42', ['Thought 1: I know it.', 'Action 1: Finish[42]'])
""",
}

HINTS = {
    "en": (
        "The agent is just a loop: ask the model for the next thought and action, run the "
        "action, and feed the observation back as text.",
        "parse_action: match r'^\\s*(\\w+)\\[(.*)\\]\\s*$' and lower-case the name. Loop i = 1.."
        "max_steps: append Thought i and Action i; if the action is finish return its argument; "
        "else append 'Observation i: ' + tools[name](arg), or 'Invalid action: ...' when it does "
        "not parse or the tool is unknown. After the loop return (None, transcript).",
    ),
    "zh": (
        "智能体就是一个循环：向模型要下一个想法和动作，执行动作，再把观察结果作为文本喂回去。",
        "parse_action：匹配 r'^\\s*(\\w+)\\[(.*)\\]\\s*$'，动作名转小写。循环 i = 1..max_steps：追加 Thought i 和 Action i；"
        "若动作是 finish 就返回其参数；否则追加 'Observation i: ' + tools[name](arg)，无法解析或工具未知时追加 "
        "'Invalid action: ...'。循环结束后返回 (None, transcript)。",
    ),
}


def parse_action(text):
    """Parse a ReAct action "Name[argument]": return (lower-case name, argument with
    surrounding spaces removed), or None when the text does not have that form.

    Input: text, e.g. "Search[Colorado orogeny]" (spaces around it allowed).
    Output: a tuple (name, arg) or None.

    >>> parse_action(" Lookup[eastern sector] ")
    ('lookup', 'eastern sector')
    """
    m = re.match(r"^\s*(\w+)\[(.*)\]\s*$", text)
    if m is None:
        return None
    return m.group(1).lower(), m.group(2).strip()


def react_loop(policy, tools, max_steps):
    """The ReAct loop: repeatedly ask the model for (thought, action) given the transcript,
    run the action and append its observation, until finish or the step budget runs out.

    Input: policy(transcript) -> (thought, action_text); tools, {name: function(arg) ->
    observation string}; max_steps. Each step appends the lines "Thought i: ...",
    "Action i: ..." and "Observation i: ..." (i from 1). On a finish action the Thought and
    Action lines are appended and the answer is returned at once; an action that does not
    parse, or names an unknown tool, gets the observation "Invalid action: <action text>" and
    the loop goes on.
    Output: (answer, transcript), answer the argument of finish, or None if max_steps pass
    without one.

    >>> pol = lambda tr: ("I know it.", "Finish[42]")
    >>> react_loop(pol, {}, 3)
    ('42', ['Thought 1: I know it.', 'Action 1: Finish[42]'])
    """
    transcript = []
    for i in range(1, max_steps + 1):
        thought, action = policy(list(transcript))
        transcript.append(f"Thought {i}: {thought}")
        transcript.append(f"Action {i}: {action}")
        parsed = parse_action(action)
        if parsed is not None and parsed[0] == "finish":
            return parsed[1], transcript
        if parsed is None or parsed[0] not in tools:
            obs = f"Invalid action: {action}"
        else:
            obs = tools[parsed[0]](parsed[1])
        transcript.append(f"Observation {i}: {obs}")
    return None, transcript


WIKI = {
    "Colorado orogeny": "The Colorado orogeny was an episode of mountain building in Colorado. "
    "The eastern sector extends into the High Plains.",
    "High Plains": "The High Plains rise in elevation from around 1,800 to 7,000 ft.",
}


def make_tools(wiki):
    state = {"page": ""}

    def search(entity):
        if entity in wiki:
            state["page"] = wiki[entity]
            return wiki[entity].split(". ")[0].rstrip(".") + "."
        return f"Could not find {entity}. Similar: {sorted(wiki)}"

    def lookup(keyword):
        hits = [s for s in state["page"].split(". ") if keyword.lower() in s.lower()]
        return hits[0].rstrip(".") + "." if hits else "No more results."

    return {"search": search, "lookup": lookup}


def run(f=None) -> Report:
    f = solution(f, __name__)
    R = Report("ReAct: Thought / Action / Observation loop")

    with R.case("parse actions: name lower-cased, argument stripped, malformed -> None") as c:
        c.equal(f.parse_action("Search[High Plains]"), ("search", "High Plains"))
        c.equal(f.parse_action("  FINISH[ 1,800 to 7,000 ft ]"), ("finish", "1,800 to 7,000 ft"))
        c.equal(f.parse_action("lookup[]"), ("lookup", ""))
        c.equal(f.parse_action("Search High Plains"), None)
        c.equal(f.parse_action("Search[High Plains] and more"), None)
        c.equal(f.parse_action("[x]"), None)

    script = [
        ("I need to search Colorado orogeny.", "Search[Colorado orogeny]"),
        ("It does not mention the eastern sector; look it up.", "Lookup[eastern sector]"),
        ("The eastern sector extends into the High Plains.", "Search[High Plains]"),
        ("So the answer is 1,800 to 7,000 ft.", "Finish[1,800 to 7,000 ft]"),
    ]

    def scripted(steps):
        def policy(transcript):
            n_thoughts = sum(line.startswith("Thought") for line in transcript)
            return steps[min(n_thoughts, len(steps) - 1)]

        return policy

    with R.case("a scripted two-hop question: the expected transcript and answer") as c:
        answer, tr = f.react_loop(scripted(script), make_tools(WIKI), 8)
        c.equal(answer, "1,800 to 7,000 ft")
        want = [
            "Thought 1: I need to search Colorado orogeny.",
            "Action 1: Search[Colorado orogeny]",
            "Observation 1: The Colorado orogeny was an episode of mountain building in Colorado.",
            "Thought 2: It does not mention the eastern sector; look it up.",
            "Action 2: Lookup[eastern sector]",
            "Observation 2: The eastern sector extends into the High Plains.",
            "Thought 3: The eastern sector extends into the High Plains.",
            "Action 3: Search[High Plains]",
            "Observation 3: The High Plains rise in elevation from around 1,800 to 7,000 ft.",
            "Thought 4: So the answer is 1,800 to 7,000 ft.",
            "Action 4: Finish[1,800 to 7,000 ft]",
        ]
        c.equal(list(tr), want)

    with R.case("malformed and unknown actions give an error observation; the loop goes on") as c:
        steps = [
            ("Try.", "search Colorado"),
            ("Try a tool I lack.", "Calculator[2+2]"),
            ("Give up.", "Finish[unknown]"),
        ]
        answer, tr = f.react_loop(scripted(steps), make_tools(WIKI), 5)
        c.equal(answer, "unknown")
        c.equal(tr[2], "Observation 1: Invalid action: search Colorado")
        c.equal(tr[5], "Observation 2: Invalid action: Calculator[2+2]")
        c.equal(len(tr), 8)

    with R.case("the step budget stops an agent that never finishes") as c:
        answer, tr = f.react_loop(
            lambda t: ("Keep looking.", "Search[Nowhere]"), make_tools(WIKI), 3
        )
        c.equal(answer, None)
        c.equal(len(tr), 9)
        c.equal(tr[-1].split(":")[0], "Observation 3")
        answer, tr = f.react_loop(scripted(script), make_tools(WIKI), 3)
        c.equal(answer, None)

    # Stochastic tool: each call succeeds or fails according to a fixed outcome pattern.
    def success_probability(p, m, T):
        total = 0.0
        for pattern in product((True, False), repeat=T - 1):
            calls = iter(pattern)

            def tool(arg, calls=calls):
                return "found" if next(calls, False) else "error"

            def policy(transcript):
                found = sum(line.endswith(": found") for line in transcript)
                return ("Need more.", "Fetch[x]") if found < m else ("Done.", "Finish[yes]")

            answer, _ = f.react_loop(policy, {"fetch": tool}, T)
            k = sum(pattern)
            total += (answer == "yes") * p**k * (1 - p) ** (T - 1 - k)
        return total

    with R.case("m successes plus Finish within T steps: binomial tail over T - 1 calls") as c:
        for p, m, T in ((0.7, 2, 5), (0.4, 3, 7), (0.9, 1, 2)):
            want = sum(comb(T - 1, k) * p**k * (1 - p) ** (T - 1 - k) for k in range(m, T))
            c.close(success_probability(p, m, T), want, rtol=1e-12)
        R.figure(
            "P(solved) for m = 2, p = 0.7 with step budgets 3..8",
            [
                round(sum(comb(T - 1, k) * 0.7**k * 0.3 ** (T - 1 - k) for k in range(2, T)), 4)
                for T in range(3, 9)
            ],
        )
    return R


if __name__ == "__main__":
    main(run)
