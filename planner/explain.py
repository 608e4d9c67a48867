"""Explanations (DESIGN.md 4.4): the goals each step serves and one shortest chain to
the nearest goal, each edge with its reason, in the learner's language."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

from graph.curriculum import Curriculum
from graph.schema import Concept
from planner.models import Link, Why


def _succs(selected: set[str], edges: set[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {n: [] for n in selected}
    for dependent, prerequisite in edges:
        if dependent in selected and prerequisite in selected:
            out[prerequisite].append(dependent)
    for v in out.values():
        v.sort()
    return out


def goals_served(
    *, selected: set[str], goals: list[str], edges: set[tuple[str, str]]
) -> dict[str, list[str]]:
    """For each selected concept, the goals (in priority order) whose walk reaches it."""
    preds: dict[str, list[str]] = {n: [] for n in selected}
    for dependent, prerequisite in edges:
        if dependent in selected and prerequisite in selected:
            preds[dependent].append(prerequisite)
    served: dict[str, list[str]] = {n: [] for n in selected}
    for goal in goals:
        if goal not in selected:
            continue
        seen = {goal}
        queue = deque([goal])
        while queue:
            node = queue.popleft()
            served[node].append(goal)
            for p in preds[node]:
                if p not in seen:
                    seen.add(p)
                    queue.append(p)
    return served


def nearest_goal_chains(
    curriculum: Curriculum,
    *,
    selected: set[str],
    goals: list[str],
    edges: set[tuple[str, str]],
    language: str,
) -> dict[str, Why]:
    """One shortest chain from every step to its nearest goal (ties: goal priority, then id).

    A single multi-source search backwards from all goals: linear in the selection.
    """
    succs = _succs(selected, edges)
    preds: dict[str, list[str]] = {n: [] for n in selected}
    for u, vs in succs.items():
        for v in vs:
            preds[v].append(u)
    for before in preds.values():
        before.sort()
    toward: dict[str, str | None] = {}
    goal_of: dict[str, str] = {}
    queue: deque[str] = deque()
    for goal in goals:
        if goal in selected and goal not in toward:
            toward[goal] = None
            goal_of[goal] = goal
            queue.append(goal)
    while queue:
        node = queue.popleft()
        for p in preds[node]:
            if p not in toward:
                toward[p] = node
                goal_of[p] = goal_of[node]
                queue.append(p)
    result: dict[str, Why] = {}
    concepts = curriculum.concepts
    for node in selected:
        chain: list[Link] = []
        cur = node
        while toward.get(cur) is not None:
            nxt = toward[cur]
            assert nxt is not None
            entry, _ = curriculum.edge(cur, nxt)
            chain.append(
                Link(
                    prerequisite=cur,
                    dependent=nxt,
                    reason=entry.reason.get(language) if entry.reason else None,
                )
            )
            cur = nxt
        goal = goal_of.get(node, node)
        result[node] = Why(
            goal=goal, chain=chain, text=_sentence(concepts, node, goal, chain, language)
        )
    return result


def _sentence(
    concepts: Mapping[str, Concept], node: str, goal: str, chain: list[Link], language: str
) -> str:

    def name(i: str) -> str:
        text: str = concepts[i].name.get(language)
        return text

    if not chain:
        return "这是你的学习目标。" if language == "zh" else "This is one of your goals."
    parts = []
    for link in chain:
        reason = (link.reason or "").strip().rstrip("。.")
        if language == "zh":
            parts.append(
                f"{name(link.dependent)}需要{name(link.prerequisite)}"
                + (f"（{reason}）" if reason else "")
            )
        else:
            parts.append(
                f"{name(link.dependent)} needs {name(link.prerequisite)}"
                + (f" ({reason})" if reason else "")
            )
    if language == "zh":
        return f"为了目标「{name(goal)}」：" + "；".join(parts) + "。"
    return f"Toward {name(goal)}: " + "; ".join(parts) + "."
