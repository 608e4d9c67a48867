"""Explanations (DESIGN.md 4.4): the goals each step serves and one shortest chain to
the nearest goal, each edge with its reason, in the learner's language."""

from __future__ import annotations

from typing import Any

from graph.curriculum import Curriculum
from graph.walk import roots, walk
from planner.facts import facts
from planner.text import text


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
        if goal in selected:
            for node in walk([goal], preds.__getitem__):
                served[node].append(goal)
    return served


def nearest_goal_chains(
    curriculum: Curriculum,
    *,
    selected: set[str],
    goals: list[str],
    edges: set[tuple[str, str]],
    language: str,
) -> dict[str, dict[str, Any]]:
    """One shortest chain from every step to its nearest goal (ties: goal priority, then id),
    as the plan's ``why`` ({goal, chain: [{prerequisite, dependent, reason}], text}).

    A single multi-source search backwards from all goals: linear in the selection.
    """
    succs = _succs(selected, edges)
    preds: dict[str, list[str]] = {n: [] for n in selected}
    for u, vs in succs.items():
        for v in vs:
            preds[v].append(u)
    for before in preds.values():
        before.sort()
    toward = walk([g for g in goals if g in selected], preds.__getitem__)
    goal_of = roots(toward)
    # Each node's chain is its first link followed by the chain of the node it leads to,
    # so links and their phrases are made once per node, in walk order (parents first).
    chains: dict[str, list[dict[str, Any]]] = {}
    phrases: dict[str, list[str]] = {}
    for node, nxt in toward.items():
        if nxt is None:
            chains[node], phrases[node] = [], []
            continue
        reason = facts(curriculum, nxt).reason(node, language)
        chains[node] = [{"prerequisite": node, "dependent": nxt, "reason": reason}, *chains[nxt]]
        phrases[node] = [_phrase(curriculum, node, nxt, reason, language), *phrases[nxt]]
    result: dict[str, dict[str, Any]] = {}
    for node in selected:
        goal = goal_of.get(node, node)
        parts = phrases.get(node, [])
        result[node] = {
            "goal": goal,
            "chain": chains.get(node, []),
            "text": _sentence(curriculum, goal, parts, language),
        }
    return result


def _phrase(
    curriculum: Curriculum, prerequisite: str, dependent: str, reason: str | None, language: str
) -> str:
    why = (reason or "").strip().rstrip("。.")
    return text(
        language,
        "needs_because" if why else "needs",
        dependent=facts(curriculum, dependent).name(language),
        prerequisite=facts(curriculum, prerequisite).name(language),
        reason=why,
    )


def _sentence(curriculum: Curriculum, goal: str, phrases: list[str], language: str) -> str:
    if not phrases:
        return text(language, "goal_itself")
    joined = text(language, "chain_joiner").join(phrases)
    return text(language, "toward_goal", goal=facts(curriculum, goal).name(language), chain=joined)
