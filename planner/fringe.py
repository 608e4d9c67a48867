"""Next (DESIGN.md 4.6): the outer fringe of what a learner knows."""

from __future__ import annotations

from typing import Any

from graph.curriculum import Curriculum
from graph.walk import walk
from planner.select import select


def _ready(curriculum: Curriculum, concept_id: str, known: set[str]) -> bool:
    for pre in curriculum.concepts[concept_id].prerequisites:
        if pre.strength != "required":
            continue
        if not any(m in known for m in pre.members):
            return False
    return True


def next_concepts(
    curriculum: Curriculum, *, known: list[str], goals: list[str] | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """Concepts not yet known whose required prerequisites are all known.

    With ``goals``: only those in the plan toward the goals, ordered by how many of that
    plan's steps depend on them (most first). Without: candidates are the successors of
    known concepts plus the roots, ordered by how many concepts they directly unlock.
    Ties by id.

    Examples
    --------
    >>> from graph.build import make_curriculum
    >>> c = make_curriculum([("a", "b"), ("b", "c"), ("a", "d")])
    >>> [x["id"] for x in next_concepts(c, known=["a"])]
    ['b', 'd']
    """
    curriculum.require_known([*known, *(goals or [])], kind="concept")
    known_set = set(known)
    graph = curriculum.graph
    if goals:
        sel = select(curriculum, goals=goals, known=known_set)
        plan = sel.selected
        candidates = {n for n in plan if _ready(curriculum, n, known_set)}
        preds: dict[str, list[str]] = {n: [] for n in plan}
        for dependent, prerequisite in sel.edges:
            if dependent in plan and prerequisite in plan:
                preds[dependent].append(prerequisite)
        unlocks: dict[str, int] = {n: 0 for n in candidates}
        # count, for each candidate, the plan steps whose walk reaches it
        for step in plan:
            for cand in walk([step], preds.__getitem__).keys() & candidates:
                if cand != step:
                    unlocks[cand] += 1
        ranked = sorted(candidates, key=lambda n: (-unlocks[n], n))
        return [{"id": n, "unlocks": unlocks[n]} for n in ranked[:limit]]
    candidates = {s for k in known_set for s in graph.successors(k) if s not in known_set}
    candidates |= {n for n in curriculum.roots() if n not in known_set}
    ready = [n for n in candidates if _ready(curriculum, n, known_set)]
    ranked = sorted(ready, key=lambda n: (-graph.out_degree(n), n))
    return [{"id": n, "unlocks": graph.out_degree(n)} for n in ranked[:limit]]
