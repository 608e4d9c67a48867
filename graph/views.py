"""Plain-data views of curriculum items, shared by the API, the CLI and the exports."""

from __future__ import annotations

from typing import Any

from graph.citations import resolve_citation
from graph.curriculum import Curriculum
from graph.queries import dependent_closure, prerequisite_closure
from graph.schema import Concept


def concept_brief(curriculum: Curriculum, c: Concept) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name.model_dump(),
        "discipline": c.discipline,
        "kind": c.kind,
        "level": c.level,
        "hours": c.hours,
    }


def implementation_info(c: Concept) -> dict[str, Any] | None:
    if c.implementation is None:
        return None
    return {
        "module": f"implementations.{c.implementation}",
        "command": f"python -m implementations.{c.implementation}",
        "cli": f"studypath run {c.id}",
    }


def prerequisite_views(curriculum: Curriculum, c: Concept) -> list[dict[str, Any]]:
    out = []
    for pre in c.prerequisites:
        item: dict[str, Any] = {
            "strength": pre.strength,
            "reason": pre.reason.model_dump() if pre.reason else None,
            "evidence": [resolve_citation(curriculum, e) for e in pre.evidence],
        }
        if pre.any_of is not None:
            item["any_of"] = [concept_brief(curriculum, curriculum.concepts[m]) for m in pre.any_of]
        else:
            item.update(concept_brief(curriculum, curriculum.concepts[pre.id or ""]))
        out.append(item)
    return out


def concept_detail(curriculum: Curriculum, concept_id: str) -> dict[str, Any]:
    """Everything about one concept, with resources resolved to book and chapter titles."""
    c = curriculum.concept(concept_id)
    data = concept_brief(curriculum, c)
    data.update(
        summary=c.summary.model_dump() if c.summary else None,
        discipline_name=curriculum.disciplines[c.discipline].name.model_dump(),
        prerequisites=prerequisite_views(curriculum, c),
        dependents=[
            concept_brief(curriculum, curriculum.concepts[d])
            for d in curriculum.direct_dependents(c.id)
        ],
        resources=[resolve_citation(curriculum, r) for r in c.resources],
        evidence=[resolve_citation(curriculum, e) for e in c.evidence],
        basis=[resolve_citation(curriculum, b) for b in c.basis],
        implementation=implementation_info(c),
    )
    return data


def closure_view(
    curriculum: Curriculum,
    concept_id: str,
    *,
    direction: str,
    closure: bool,
    include_recommended: bool = True,
) -> list[dict[str, Any]]:
    """Direct or transitive prerequisites ("up") or dependents ("down"), nearest first."""
    c = curriculum.concept(concept_id)
    if not closure:
        if direction == "up":
            return prerequisite_views(curriculum, c)
        return [
            dict(concept_brief(curriculum, curriculum.concepts[d]), distance=1)
            for d in curriculum.direct_dependents(c.id)
        ]
    walk = prerequisite_closure if direction == "up" else dependent_closure
    dist = walk(curriculum, concept_id, include_recommended=include_recommended)
    return [
        dict(concept_brief(curriculum, curriculum.concepts[i]), distance=d)
        for i, d in sorted(dist.items(), key=lambda kv: (kv[1], kv[0]))
    ]
