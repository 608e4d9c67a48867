"""Graph queries over a Curriculum. Each costs in proportion to the part of the graph it
touches (a breadth-first walk from one concept), never to the whole graph."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graph.curriculum import Curriculum
from graph.walk import distances, path_back, walk


@dataclass(frozen=True)
class ChainLink:
    """One edge of a chain: ``prerequisite`` is needed by ``dependent`` because ``reason``."""

    prerequisite: str
    dependent: str
    reason: str | None
    strength: str
    any_of: bool


def _walk(start: str, neighbours: Callable[[str], Iterator[str]]) -> dict[str, int]:
    """Breadth-first distances from ``start`` (excluded) over ``neighbours``."""
    dist = distances(walk([start], neighbours))
    del dist[start]
    return dist


def _edge_filter(curriculum: Curriculum, include_recommended: bool) -> Callable[[str, str], bool]:
    graph = curriculum.graph

    def keep(u: str, v: str) -> bool:
        return include_recommended or graph.edge_data(u, v)["strength"] == "required"

    return keep


def _closure(
    curriculum: Curriculum, concept_id: str, *, upward: bool, include_recommended: bool
) -> dict[str, int]:
    curriculum.concept(concept_id)
    keep = _edge_filter(curriculum, include_recommended)
    graph = curriculum.graph
    if upward:
        return _walk(concept_id, lambda n: (p for p in graph.predecessors(n) if keep(p, n)))
    return _walk(concept_id, lambda n: (s for s in graph.successors(n) if keep(n, s)))


def prerequisite_closure(
    curriculum: Curriculum, concept_id: str, *, include_recommended: bool = True
) -> dict[str, int]:
    """Every concept reachable backwards from ``concept_id``, with its distance in edges.

    Examples
    --------
    >>> from graph.build import make_curriculum
    >>> c = make_curriculum([("a", "b"), ("b", "c")])
    >>> prerequisite_closure(c, "c")
    {'b': 1, 'a': 2}
    """
    return _closure(curriculum, concept_id, upward=True, include_recommended=include_recommended)


def dependent_closure(
    curriculum: Curriculum, concept_id: str, *, include_recommended: bool = True
) -> dict[str, int]:
    """Every concept that needs ``concept_id`` directly or transitively ("what it is useful for").

    Examples
    --------
    >>> from graph.build import make_curriculum
    >>> c = make_curriculum([("a", "b"), ("b", "c")])
    >>> dependent_closure(c, "a")
    {'b': 1, 'c': 2}
    """
    return _closure(curriculum, concept_id, upward=False, include_recommended=include_recommended)


def link(
    curriculum: Curriculum, prerequisite: str, dependent: str, language: str = "en"
) -> ChainLink:
    entry, data = curriculum.edge(prerequisite, dependent)
    return ChainLink(
        prerequisite=prerequisite,
        dependent=dependent,
        reason=entry.reason.get(language) if entry.reason else None,
        strength=data["strength"],
        any_of=data["group"] is not None,
    )


def shortest_chain(
    curriculum: Curriculum, source: str, target: str, *, language: str = "en"
) -> list[ChainLink] | None:
    """One shortest chain of prerequisite edges from ``source`` up to ``target``, or None.

    Ties are broken by id, so the answer is deterministic.

    Examples
    --------
    >>> from graph.build import make_curriculum
    >>> c = make_curriculum([("a", "b"), ("b", "c")])
    >>> [(x.prerequisite, x.dependent) for x in shortest_chain(c, "a", "c")]
    [('a', 'b'), ('b', 'c')]
    """
    curriculum.concept(source)
    curriculum.concept(target)
    if source == target:
        return []
    graph = curriculum.graph
    parents = walk([source], lambda n: sorted(graph.successors(n)), until=target)
    if target not in parents:
        return None
    path = path_back(parents, target)[::-1]
    return [link(curriculum, u, v, language) for u, v in zip(path, path[1:], strict=False)]
