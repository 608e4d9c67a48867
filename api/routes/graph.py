"""The whole graph, or one discipline's part, as node-link JSON, Mermaid or DOT."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse

from api.deps import ComputeDep, CurriculumDep
from api.errors import GraphTooLarge
from api.responses import NodeLinkGraph, QualityReport
from graph.render import node_link, to_dot, to_mermaid
from graph.report import quality_report

router = APIRouter(prefix="/graph", tags=["curriculum"])


@router.get(
    "",
    response_model=None,
    responses={
        200: {
            "description": "Node-link JSON, Mermaid or DOT",
            "model": NodeLinkGraph,
            "content": {"application/json": {}, "text/plain": {}, "text/vnd.graphviz": {}},
        }
    },
)
async def get_graph(
    request: Request,
    curriculum: CurriculumDep,
    compute: ComputeDep,
    format: Literal["json", "mermaid", "dot"] = "json",
    discipline: Annotated[str | None, Query(max_length=120)] = None,
    lang: Literal["en", "zh"] = "en",
) -> dict[str, Any] | PlainTextResponse:
    """The prerequisite graph; ``discipline`` keeps one discipline's concepts."""
    limit = request.app.state.settings.graph_max_concepts
    return await compute(_graph, curriculum, format, discipline, lang, limit)


def _graph(
    curriculum: Any, format: str, discipline: str | None, lang: str, limit: int
) -> dict[str, Any] | PlainTextResponse:
    if discipline is not None:
        curriculum.require_known([discipline], kind="discipline")
    ids = curriculum.ids_where(discipline=discipline)
    if len(ids) > limit:
        # one answer must not hold a million-concept drawing in the serving process
        raise GraphTooLarge(
            f"query parameter 'discipline': the selection has {len(ids):,} concepts, more than "
            f"the {limit:,} one answer draws (STUDYPATH_GRAPH_MAX_CONCEPTS); choose a "
            "discipline, or export the whole graph with `studypath export`",
            {"parameter": "discipline", "concepts": len(ids), "limit": limit},
        )
    if format == "json":
        return node_link(curriculum, ids, lang)
    if format == "mermaid":
        return PlainTextResponse(
            to_mermaid(curriculum, ids, language=lang), media_type="text/plain; charset=utf-8"
        )
    return PlainTextResponse(
        to_dot(curriculum, ids, language=lang), media_type="text/vnd.graphviz; charset=utf-8"
    )


@router.get("/report", response_model=QualityReport, response_model_exclude_unset=True)
async def get_report(
    curriculum: CurriculumDep,
    compute: ComputeDep,
    max_closure: Annotated[int, Query(ge=1, le=100_000)] = 60,
    limit: Annotated[
        int, Query(ge=1, le=1_000_000, description="entries listed per finding; totals count all")
    ] = 1000,
) -> dict[str, Any]:
    """The authors' quality report: gaps, redundant edges, oversized closures, books used.
    Each list holds its first ``limit`` entries and ``totals`` counts them all, so the
    report of a million-concept curriculum stays a bounded answer (the CLI lists all)."""
    return await compute(quality_report, curriculum, max_closure=max_closure, limit=limit)
