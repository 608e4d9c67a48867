"""Selection (DESIGN.md 4.1): which concepts a plan must teach.

The walk goes backwards from the goals over required edges (with depth ``standard``
also the goals' own recommended prerequisites, each with its required closure; with
``thorough`` every recommended edge) and never enters a known concept, so knowing a concept also covers what only it
leads to. Any-of groups are resolved after the plain walk, in the order they were met:
a group with a known or already selected member adds nothing; otherwise the member whose
own plain walk adds the fewest hours is chosen (ties by id), its walk is added, and any
groups it brings are resolved in turn. Work is proportional to the part of the graph
walked, never to the whole graph.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from graph.curriculum import Curriculum
from graph.walk import walk


@dataclass
class Selection:
    """The concepts to teach, the goals already known, and how each any-of was settled."""

    selected: set[str]
    known_goals: list[str]
    choices: list[dict[str, object]] = field(default_factory=list)
    # (dependent, prerequisite) pairs the walk used, for explanations
    edges: set[tuple[str, str]] = field(default_factory=set)


def _plain_walk(
    curriculum: Curriculum,
    start: str,
    *,
    known: set[str],
    blocked: set[str],
    depth: str,
    goals: frozenset[str] = frozenset(),
) -> tuple[list[str], list[tuple[str, int]], set[tuple[str, str]]]:
    """Concepts reached from ``start`` over plain edges, skipping known and ``blocked``.

    Returns the new concepts (``start`` first), the any-of groups met as
    (dependent, group index), and the edges used.
    """
    concepts = curriculum.concepts
    groups: list[tuple[str, int]] = []
    used: set[tuple[str, str]] = set()
    if start in known or start in blocked:
        return [], groups, used

    def follow(node: str) -> Iterator[str]:
        # records the any-of groups met and the edges used as the walk reaches each node
        for index, pre in enumerate(concepts[node].prerequisites):
            if pre.any_of is not None:
                groups.append((node, index))
                continue
            if pre.strength == "recommended" and not (
                depth == "thorough" or (depth == "standard" and node in goals)
            ):
                continue
            pid = pre.id or ""
            if pid in known:
                continue
            used.add((node, pid))
            if pid not in blocked:
                yield pid

    return list(walk([start], follow)), groups, used


def select(
    curriculum: Curriculum,
    *,
    goals: list[str],
    known: set[str],
    depth: str = "standard",
) -> Selection:
    """Select the concepts needed for ``goals`` given ``known`` (ids already checked).

    Examples
    --------
    >>> from graph.build import make_curriculum
    >>> c = make_curriculum([("a", "b"), ("b", "c")])
    >>> sorted(select(c, goals=["c"], known={"a"}).selected)
    ['b', 'c']
    """
    selected: set[str] = set()
    known_goals = [g for g in goals if g in known]
    pending: deque[tuple[str, int]] = deque()
    sel = Selection(selected=selected, known_goals=known_goals)
    goal_set = frozenset(goals)
    for goal in goals:
        order, groups, used = _plain_walk(
            curriculum, goal, known=known, blocked=selected, depth=depth, goals=goal_set
        )
        selected.update(order)
        sel.edges |= used
        pending.extend(groups)
    while pending:
        dependent, index = pending.popleft()
        pre = curriculum.concepts[dependent].prerequisites[index]
        members = pre.members
        satisfied = [m for m in members if m in known or m in selected]
        if satisfied:
            sel.edges |= {(dependent, m) for m in satisfied if m in selected}
            continue
        best: tuple[float, str] | None = None
        best_walk: tuple[list[str], list[tuple[str, int]], set[tuple[str, str]]] | None = None
        costs: dict[str, float] = {}
        for member in sorted(members):
            walk = _plain_walk(
                curriculum,
                member,
                known=known,
                blocked=selected,
                depth=depth,
            )
            cost = sum(curriculum.concepts[n].hours for n in walk[0])
            costs[member] = round(cost, 6)
            if best is None or (round(cost, 6), member) < best:
                best = (round(cost, 6), member)
                best_walk = walk
        assert best is not None and best_walk is not None
        order, groups, used = best_walk
        selected.update(order)
        sel.edges |= used | {(dependent, best[1])}
        pending.extend(groups)
        sel.choices.append(
            {
                "concept": dependent,
                "any_of": list(members),
                "chosen": best[1],
                "added_hours": costs,
                "added": order,
            }
        )
    return sel
