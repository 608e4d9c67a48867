"""Study plans, reading lists and the next concepts to learn."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import ComputeDep, CurriculumDep
from api.errors import TooMany
from api.responses import NextList, ReadingList
from planner.export import MEDIA_TYPES, render_plan
from planner.fringe import next_concepts
from planner.models import (
    MAX_GOALS,
    MAX_HOURS_PER_WEEK,
    MAX_KNOWN,
    MIN_HOURS_PER_WEEK,
    Depth,
    Plan,
    PlanRequest,
)
from planner.plan import build_plan, plan_json

router = APIRouter(tags=["plans"])

Format = Literal["json", "md", "ics", "bibtex", "mermaid", "dot", "svg"]


def split_ids(value: str | None, *, parameter: str, limit: int) -> list[str]:
    """Comma-separated ids from a query parameter, with the limit named when exceeded."""
    if not value:
        return []
    ids = [v.strip() for v in value.split(",") if v.strip()]
    if len(ids) > limit:
        raise TooMany(
            f"query parameter '{parameter}' has {len(ids)} ids; the limit is {limit}",
            {"parameter": parameter, "limit": limit},
        )
    return ids


def request_from_query(
    *, goals: str, known: str | None, owned_books: str | None = None, **fields: Any
) -> PlanRequest:
    """The planner input from query parameters: comma-separated id lists, limits named."""
    return PlanRequest(
        goals=split_ids(goals, parameter="goals", limit=MAX_GOALS) or [""],
        known=split_ids(known, parameter="known", limit=MAX_KNOWN),
        owned_books=split_ids(owned_books, parameter="owned_books", limit=1000),
        **fields,
    )


def plan_response(curriculum: Any, plan: Plan, request: PlanRequest, format: str) -> Response:
    """A plan rendered in ``format`` (planner.export) as an HTTP response."""
    body = render_plan(curriculum, plan, format)
    headers = (
        {"Content-Disposition": 'attachment; filename="studypath.ics"'} if format == "ics" else None
    )
    return Response(body, media_type=MEDIA_TYPES[format], headers=headers)


@router.post("/plans", response_model=Plan)
async def post_plan(request: PlanRequest, curriculum: CurriculumDep, compute: ComputeDep) -> Plan:
    """Plan a study path toward the goals (body: the planner input)."""
    tiny = compute.tiny_plan(request.goals)
    return await compute(build_plan, curriculum=curriculum, request=request, inline=tiny)


def _content(*media_types: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI: the 200 answer comes in each of these media types (by ``format``); the
    JSON one is a Plan."""
    return {
        200: {
            "description": "In the requested format",
            "model": Plan,
            "content": {m.split(";")[0]: {} for m in media_types},
        }
    }


PLAN_FORMATS = _content(*MEDIA_TYPES.values())


# Query parameters that GET /plans and the embed pages share.
GoalsQuery = Annotated[
    str,
    Query(
        min_length=1,
        max_length=8000,
        description=f"comma-separated concept ids (1-{MAX_GOALS})",
        examples=["knowledge-distillation", "adamw,clip"],
    ),
]
HoursQuery = Annotated[float, Query(ge=MIN_HOURS_PER_WEEK, le=MAX_HOURS_PER_WEEK)]
DepthQuery = Annotated[
    Depth | None, Query(description="essentials, standard (the default) or thorough")
]
KnownQuery = Annotated[
    str | None, Query(max_length=16_000, description=f"comma-separated ids (up to {MAX_KNOWN})")
]


@router.get("/plans", response_model=None, responses=PLAN_FORMATS)
async def get_plan(
    curriculum: CurriculumDep,
    compute: ComputeDep,
    goals: GoalsQuery,
    known: KnownQuery = None,
    hours_per_week: HoursQuery = 6.0,
    lang: Literal["en", "zh"] = "en",
    depth: DepthQuery = None,
    include_recommended: Annotated[
        bool | None, Query(description="older form of depth: true is thorough, false essentials")
    ] = None,
    start_date: date | None = None,
    owned_books: Annotated[str | None, Query(max_length=20000)] = None,
    prefer_free: bool = False,
    format: Format = "json",
) -> Response:
    """The same plan as POST /plans, from query parameters, in any export format."""
    request = request_from_query(
        goals=goals,
        known=known,
        owned_books=owned_books,
        hours_per_week=hours_per_week,
        language=lang,
        **({"depth": depth} if depth else {}),
        include_recommended=include_recommended,
        start_date=start_date,
        prefer_free=prefer_free,
    )
    tiny = format == "json" and compute.tiny_plan(request.goals)
    return await compute(planned_response, curriculum, request, format, inline=tiny)


def planned_response(curriculum: Any, request: PlanRequest, format: str) -> Response:
    """Plan and render (one unit of CPU work, run off the event loop)."""
    if format == "json":  # the common answer, serialised without building the models
        return Response(
            plan_json(curriculum=curriculum, request=request), media_type=MEDIA_TYPES["json"]
        )
    plan = build_plan(curriculum=curriculum, request=request)
    return plan_response(curriculum, plan, request, format)


@router.post("/reading-lists", response_model=ReadingList, response_model_exclude_unset=True)
async def post_reading_list(
    request: PlanRequest, curriculum: CurriculumDep, compute: ComputeDep
) -> dict[str, Any]:
    """The reading list of the plan toward the goals: books by first use, papers apart."""
    return await compute(_reading_list, curriculum, request)


def _reading_list(curriculum: Any, request: PlanRequest) -> dict[str, Any]:
    plan = build_plan(curriculum=curriculum, request=request)
    return dict(plan.reading_list, curriculum_version=curriculum.version, goals=request.goals)


@router.get("/next", response_model=NextList, response_model_exclude_unset=True)
async def get_next(
    curriculum: CurriculumDep,
    compute: ComputeDep,
    known: Annotated[str | None, Query(max_length=16_000)] = None,
    goals: Annotated[str | None, Query(max_length=8000)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
) -> dict[str, Any]:
    """Concepts whose prerequisites are all known, optionally only those serving the goals."""
    known_ids = split_ids(known, parameter="known", limit=MAX_KNOWN)
    goal_ids = split_ids(goals, parameter="goals", limit=MAX_GOALS)
    return await compute(_next, curriculum, known_ids, goal_ids, limit)


def _next(curriculum: Any, known_ids: list[str], goal_ids: list[str], limit: int) -> dict[str, Any]:
    data = next_concepts(curriculum, known=known_ids, goals=goal_ids or None, limit=limit)
    for item in data:
        c = curriculum.concepts[item["id"]]
        item.update(name=c.name.model_dump(), discipline=c.discipline, hours=c.hours)
    return {"data": data, "count": len(data)}
