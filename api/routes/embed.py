"""Embeddable HTML pages for learning portals: a plan, a concept, and an example portal.

Pages are rendered with Jinja2 (autoescaping on), use only studypath's own CSS and JS, and
carry a Content-Security-Policy whose frame-ancestors lists the configured portal origins.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from api.deps import ComputeDep, CurriculumDep
from api.html import Lang, error_page, own_base, page, security_headers, templates
from api.routes.plans import GoalsQuery, HoursQuery, KnownQuery, request_from_query
from graph.curriculum import Curriculum
from graph.errors import UnknownIdError
from graph.render import DISCIPLINE_COLOURS, FALLBACK_COLOUR, neighbourhood_svg
from graph.validate import implementation_path
from graph.views import concept_detail
from planner.models import Depth
from planner.plan import build_plan
from planner.svg import to_svg
from planner.text import text

router = APIRouter(prefix="/embed", tags=["embed"])


class CSSResponse(Response):
    media_type = "text/css"


def disciplines_css(curriculum: Curriculum) -> str:
    """One CSS custom property per discipline (ids are slugs, safe as class names)."""
    return "".join(
        f".d-{d} {{ --d: {DISCIPLINE_COLOURS.get(d, FALLBACK_COLOUR)}; }}\n"
        for d in curriculum.disciplines
    )


@router.get("/disciplines.css", response_class=CSSResponse)
async def discipline_colours(curriculum: CurriculumDep) -> Response:
    """One colour per discipline of the curriculum, for the embed pages."""
    return CSSResponse(disciplines_css(curriculum))


@router.get("/plan", response_class=HTMLResponse)
async def embed_plan(
    request: Request,
    curriculum: CurriculumDep,
    compute: ComputeDep,
    goals: GoalsQuery,
    known: KnownQuery = None,
    hours_per_week: HoursQuery = 6.0,
    lang: Lang = "en",
    depth: Depth = "standard",
) -> HTMLResponse:
    """The plan as an HTML page for an iframe: graph, weekly schedule, details per step."""
    request_model = request_from_query(
        goals=goals, known=known, hours_per_week=hours_per_week, language=lang, depth=depth
    )
    return await compute(_plan_page, request, curriculum, request_model, lang)


def _plan_page(
    request: Request, curriculum: Curriculum, request_model: Any, lang: Lang
) -> HTMLResponse:
    plan = build_plan(curriculum=curriculum, request=request_model)
    steps = {s.id: s for s in plan.steps}
    used = list(dict.fromkeys(s.discipline for s in plan.steps))
    names = {d: curriculum.disciplines[d].name.get(lang) for d in curriculum.disciplines}
    summaries = {
        s.id: (
            curriculum.concepts[s.id].summary.get(lang) if curriculum.concepts[s.id].summary else ""
        )
        for s in plan.steps
    }
    goal_names = [curriculum.concepts[g].name.get(lang) for g in plan.goals]
    return page(
        request,
        "plan.html",
        {
            "page": "plan",
            "lang": lang,
            "title": f"{text(lang, 'title')}: {', '.join(goal_names)}",
            "plan": plan,
            "steps": steps,
            "goal_names": goal_names,
            "known_goal_names": [curriculum.concepts[g].name.get(lang) for g in plan.known_goals],
            "disciplines": [{"id": d, "name": names[d]} for d in used],
            "discipline_names": names,
            "summaries": summaries,
            "svg": to_svg(curriculum, plan, legend=False),
        },
    )


@router.get("/concept/{concept_id}", response_class=HTMLResponse)
async def embed_concept(
    request: Request,
    concept_id: str,
    curriculum: CurriculumDep,
    compute: ComputeDep,
    lang: Lang = "en",
) -> HTMLResponse:
    """One concept: summary, neighbourhood graph, readings, highlighted implementation source."""
    return await compute(_concept_page, request, concept_id, curriculum, lang)


def _concept_page(
    request: Request, concept_id: str, curriculum: Curriculum, lang: Lang
) -> HTMLResponse:
    try:
        detail = concept_detail(curriculum, concept_id)
    except UnknownIdError as err:
        return error_page(request, 404, str(err), lang, err.suggestions.get(concept_id))
    c = curriculum.concepts[concept_id]
    source = None
    if c.implementation and implementation_path(c.implementation).is_file():
        code = implementation_path(c.implementation).read_text(encoding="utf-8")
        source = highlight(code, PythonLexer(), HtmlFormatter(nowrap=False, cssclass="hl"))
    prerequisites = []
    for p in detail["prerequisites"]:
        members = p["any_of"] if "any_of" in p else [p]
        for m in members:
            prerequisites.append(
                {
                    "id": m["id"],
                    "name": m["name"].get(lang) or m["name"].get("en"),
                    "any_of": "any_of" in p,
                    "strength": p["strength"],
                    "reason": (p["reason"] or {}).get(lang) or (p["reason"] or {}).get("en"),
                }
            )
    return page(
        request,
        "concept.html",
        {
            "page": "concept",
            "lang": lang,
            "title": c.name.get(lang),
            "name": c.name.get(lang),
            "concept": c,
            "discipline_name": curriculum.disciplines[c.discipline].name.get(lang),
            "summary": c.summary.get(lang) if c.summary else "",
            "svg": neighbourhood_svg(curriculum, concept_id, language=lang),
            "prerequisites": prerequisites,
            "dependents": [
                {"id": d["id"], "name": d["name"].get(lang) or d["name"].get("en")}
                for d in detail["dependents"]
            ],
            "resources": detail["resources"],
            "source": source,
            "command": detail["implementation"]["command"] if detail["implementation"] else None,
        },
    )


@router.get("/example", response_class=HTMLResponse)
async def embed_example(
    request: Request,
    curriculum: CurriculumDep,
    goals: Annotated[str, Query(max_length=8000)] = "knowledge-distillation",
    lang: Lang = "en",
) -> HTMLResponse:
    """An example portal page that embeds a plan and shows the messages it sends."""
    query = urlencode({"goals": goals, "lang": lang})
    base = own_base(request)
    response = templates.TemplateResponse(
        request,
        "example.html",
        {"static_url": f"{base}/embed/static", "plan_url": f"{base}/embed/plan?{query}"},
    )
    headers = security_headers(request)
    headers["Content-Security-Policy"] = headers["Content-Security-Policy"].replace(
        "default-src 'none'", "default-src 'none'; frame-src 'self'"
    )
    response.headers.update(headers)
    return response  # type: ignore[return-value]


@router.get("/highlight.css", response_class=CSSResponse)
async def highlight_css() -> Response:
    """Syntax-highlighting colours for implementation sources (Pygments)."""
    return CSSResponse(HtmlFormatter(cssclass="hl").get_style_defs(".hl"))
