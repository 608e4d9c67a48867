"""Concepts: list and search, detail, prerequisites, dependents, implementation."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import ComputeDep, CurriculumDep, concept_or_404
from api.errors import NoExercise, NoImplementation
from api.responses import ConceptDetail, ConceptPage, ImplementationSource, RelatedList
from graph.search import RANK_LIMIT, search
from graph.validate import implementation_path
from graph.views import closure_view, concept_brief, concept_detail, implementation_info
from implementations.exercise import exercise, stub_source

router = APIRouter(prefix="/concepts", tags=["curriculum"])

Kind = Literal["foundation", "concept", "technique"]
Lang = Literal["en", "zh"]


@router.get("", response_model=ConceptPage, response_model_exclude_unset=True)
async def list_concepts(
    curriculum: CurriculumDep,
    compute: ComputeDep,
    discipline: Annotated[str | None, Query(max_length=120)] = None,
    kind: Kind | None = None,
    level: Annotated[int | None, Query(ge=1, le=5)] = None,
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="search id, English and Chinese names and summaries; results ranked "
            "by relevance (exact, prefix, whole word, then misspellings within a rapidfuzz "
            "ratio of 85; Chinese by characters); curricula over 50,000 concepts: substring "
            "matches in file order",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """Concepts filtered by discipline, kind, level and text; ``count`` is the total before paging."""
    return await compute(_list, curriculum, discipline, kind, level, q, limit, offset)


def _list(
    curriculum: Any,
    discipline: str | None,
    kind: str | None,
    level: int | None,
    q: str | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    if discipline is not None:
        curriculum.require_known([discipline], kind="discipline")
    if q is not None and len(curriculum.concepts) <= RANK_LIMIT:
        among = curriculum.ids_where(discipline=discipline, kind=kind, level=level)
        hits = search(curriculum, q, among)
    else:  # too large to rank: substring matches in file order
        hits = curriculum.ids_where(discipline=discipline, kind=kind, level=level, text=q)
    page = [curriculum.concepts[i] for i in hits[offset : offset + limit]]
    return {"data": [concept_brief(curriculum, c) for c in page], "count": len(hits)}


@router.get("/{concept_id}", response_model=ConceptDetail, response_model_exclude_unset=True)
async def get_concept(
    concept_id: str, curriculum: CurriculumDep, compute: ComputeDep
) -> dict[str, Any]:
    """One concept with prerequisites and reasons, dependents, resolved resources, evidence."""
    await compute(concept_or_404, curriculum, concept_id)
    return await compute(concept_detail, curriculum, concept_id)


@router.get(
    "/{concept_id}/prerequisites", response_model=RelatedList, response_model_exclude_unset=True
)
async def get_prerequisites(
    concept_id: str,
    curriculum: CurriculumDep,
    compute: ComputeDep,
    closure: bool = False,
    include_recommended: bool = True,
) -> dict[str, Any]:
    """Direct prerequisites (with reasons), or with closure=true every transitive one with its distance."""
    await compute(concept_or_404, curriculum, concept_id)
    data = await compute(
        closure_view,
        curriculum,
        concept_id,
        direction="up",
        closure=closure,
        include_recommended=include_recommended,
    )
    return {"data": data, "count": len(data)}


@router.get(
    "/{concept_id}/dependents", response_model=RelatedList, response_model_exclude_unset=True
)
async def get_dependents(
    concept_id: str,
    curriculum: CurriculumDep,
    compute: ComputeDep,
    closure: bool = False,
    include_recommended: bool = True,
) -> dict[str, Any]:
    """What this concept is useful for: direct dependents, or with closure=true all of them."""
    await compute(concept_or_404, curriculum, concept_id)
    data = await compute(
        closure_view,
        curriculum,
        concept_id,
        direction="down",
        closure=closure,
        include_recommended=include_recommended,
    )
    return {"data": data, "count": len(data)}


@router.get("/{concept_id}/implementation", response_model=ImplementationSource)
async def get_implementation(
    concept_id: str, curriculum: CurriculumDep, compute: ComputeDep
) -> dict[str, Any]:
    """The reference implementation: module, source and how to run it."""
    c = await compute(concept_or_404, curriculum, concept_id)
    info = implementation_info(c)
    if info is None:
        raise NoImplementation(f"concept '{concept_id}' has no reference implementation")
    path = implementation_path(c.implementation or "")
    if not path.is_file():
        raise NoImplementation(f"the implementation file of '{concept_id}' is missing")
    return dict(info, concept_id=c.id, source=path.read_text(encoding="utf-8"))


class ExerciseFunction(BaseModel):
    name: str
    signature: str


class ExercisePublic(BaseModel):
    """What a learner writes for a concept, and how to grade it on their own machine."""

    concept_id: str
    functions: list[ExerciseFunction]
    stub: str
    check_command: str
    hints_available: bool


@router.get("/{concept_id}/exercise", response_model=ExercisePublic)
async def get_exercise(
    concept_id: str, curriculum: CurriculumDep, compute: ComputeDep, lang: Lang = "en"
) -> ExercisePublic:
    """The exercise: the functions to write, a stub in ``lang`` and the command that grades
    it. The server never runs a learner's code: grading is `studypath check`, locally."""
    c = await compute(concept_or_404, curriculum, concept_id)
    if not c.implementation:
        raise NoImplementation(f"concept '{concept_id}' has no reference implementation")
    try:
        ex = await compute(exercise, c.implementation)
        stub = await compute(stub_source, c.implementation, concept_id=concept_id, lang=lang)
    except (ValueError, OSError):
        raise NoExercise(f"the implementation of '{concept_id}' declares no exercise") from None
    filename = concept_id.replace("-", "_") + ".py"
    return ExercisePublic(
        concept_id=concept_id,
        functions=[ExerciseFunction(name=f.name, signature=f.signature) for f in ex.functions],
        stub=stub,
        check_command=f"studypath check {concept_id} {filename}",
        hints_available=bool(ex.hints),
    )
