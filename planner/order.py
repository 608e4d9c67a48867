"""Order (DESIGN.md 4.2): a deterministic topological order of the selection.

Goals are reached in priority order: the part of the selection that goal 1 needs comes
first, then what goal 2 still needs, and so on. Inside each part, Kahn's algorithm keeps
the current discipline while it has a concept ready; when it runs out, it moves to the
ready concept with the smallest (discipline rank, chapter, level, id), where chapter is
the chapter of the concept's first core book reading (papers-only concepts come after).
So steps of one discipline stay together wherever the edges allow, independent concepts
follow the order their textbook teaches them in (linear algebra, chapter 2, before
probability, chapter 3), and the same input always gives the same order.
"""

from __future__ import annotations

import heapq

from graph.curriculum import Curriculum
from graph.walk import walk
from planner.facts import facts


def order_selection(
    curriculum: Curriculum,
    *,
    selected: set[str],
    goals: list[str],
    edges: set[tuple[str, str]],
) -> list[str]:
    """The steps in study order. ``edges`` are the (dependent, prerequisite) pairs to respect.

    Examples
    --------
    >>> from graph.build import make_curriculum
    >>> c = make_curriculum([("a", "c"), ("b", "c")])
    >>> order_selection(c, selected={"a", "b", "c"}, goals=["c"], edges={("c", "a"), ("c", "b")})
    ['a', 'b', 'c']
    """
    preds: dict[str, list[str]] = {n: [] for n in selected}
    succs: dict[str, list[str]] = {n: [] for n in selected}
    for dependent, prerequisite in edges:
        if dependent in selected and prerequisite in selected:
            preds[dependent].append(prerequisite)
            succs[prerequisite].append(dependent)

    def key(n: str) -> tuple[int, int, int, str]:
        rank, level, chapter = facts(curriculum, n).order_key
        return (rank, chapter, level, n)

    def discipline(n: str) -> str:
        return facts(curriculum, n).discipline

    result: list[str] = []
    emitted: set[str] = set()
    parts = [g for g in goals if g in selected]
    # anything selected but not under a goal (cannot happen via select(), but be total)
    leftovers = selected.copy()
    for goal in [*parts, None]:
        part = (
            walk([goal], preds.__getitem__).keys() - emitted
            if goal is not None
            else leftovers - emitted
        )
        if not part:
            continue
        indegree = {n: sum(1 for p in preds[n] if p in part) for n in part}
        ready: dict[str, list[tuple[int, int, int, str]]] = {}
        for n in part:
            if indegree[n] == 0:
                heapq.heappush(ready.setdefault(discipline(n), []), key(n))
        current: str | None = None
        while any(ready.values()):
            if current is None or not ready.get(current):
                first = min((h[0] for h in ready.values() if h), default=None)
                current = discipline(first[3]) if first else None
                if current is None:
                    break
            node = heapq.heappop(ready[current])[-1]
            result.append(node)
            emitted.add(node)
            for s in succs[node]:
                if s in indegree:
                    indegree[s] -= 1
                    if indegree[s] == 0:
                        heapq.heappush(ready.setdefault(discipline(s), []), key(s))
        if len(result) != len(emitted) or not part <= emitted:
            raise RuntimeError("selection has a cycle; the curriculum should have been rejected")
    return result
