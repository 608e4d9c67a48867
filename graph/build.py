"""Small curricula from literal edge lists, for docstring examples, tests and experiments.

``make_curriculum([("a", "b"), ("b", "c")])`` is a three-concept chain, every edge with a
reason; ``make_concept`` builds one valid concept with keyword overrides.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.curriculum import Curriculum
from graph.schema import Concept, Discipline

DISCIPLINES = {
    "foundations": Discipline(id="foundations", name={"en": "Foundations", "zh": "数学基础"}),  # type: ignore[arg-type]
    "llm": Discipline(id="llm", name={"en": "LLM techniques", "zh": "大模型技术"}),  # type: ignore[arg-type]
}


def make_concept(id: str = "c", **overrides: Any) -> Concept:
    data: dict[str, Any] = {
        "id": id,
        "name": {"en": id.replace("-", " ").title(), "zh": id},
        "discipline": "foundations",
        "kind": "concept",
        "level": 1,
        "hours": 1.0,
    }
    data.update(overrides)
    return Concept.model_validate(data)


def make_curriculum(
    edges: Iterable[tuple[str, str]] = (),
    *,
    nodes: Iterable[str] = (),
    concepts: Iterable[Concept] = (),
    hours: dict[str, float] | None = None,
    recommended: Iterable[tuple[str, str]] = (),
    any_of: dict[str, list[list[str]]] | None = None,
) -> Curriculum:
    """A curriculum from (prerequisite, dependent) edges; every edge gets a reason."""
    edges = list(edges)
    recommended = set(recommended)
    ids = list(
        dict.fromkeys(
            [*nodes, *(u for e in edges for u in e), *(u for e in recommended for u in e)]
        )
    )
    for groups in (any_of or {}).values():
        for group in groups:
            ids.extend(m for m in group if m not in ids)
    ids.extend(k for k in (any_of or {}) if k not in ids)
    prereqs: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for u, v in edges:
        prereqs[v].append({"id": u, "reason": {"en": f"{v} uses {u}", "zh": f"{v} 用到 {u}"}})
    for u, v in sorted(recommended):
        prereqs[v].append({"id": u, "reason": f"{u} helps with {v}", "strength": "recommended"})
    for v, groups in (any_of or {}).items():
        for group in groups:
            prereqs[v].append({"any_of": group, "reason": f"{v} needs one of {group}"})
    made = {c.id: c for c in concepts}
    for i in ids:
        if i not in made:
            made[i] = make_concept(i, prerequisites=prereqs[i], hours=(hours or {}).get(i, 1.0))
    return Curriculum(disciplines=dict(DISCIPLINES), concepts=made, books={}, papers={})
