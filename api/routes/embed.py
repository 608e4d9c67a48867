"""Embeddable HTML pages for learning portals: a plan, a concept, and an example portal.

Pages are rendered with Jinja2 (autoescaping on), use only studypath's own CSS and JS, and
carry a Content-Security-Policy whose frame-ancestors lists the configured portal origins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from api.deps import ComputeDep, CurriculumDep, DatabaseDep, bearer_token
from api.errors import Unauthorized
from api.html import Lang, error_page, own_base, page, security_headers, templates
from api.routes.plans import GoalsQuery, HoursQuery, KnownQuery, request_from_query
from graph.curriculum import Curriculum
from graph.errors import UnknownIdError
from graph.render import DISCIPLINE_COLOURS, FALLBACK_COLOUR, neighbourhood_svg
from graph.validate import implementation_path
from graph.views import concept_detail
from planner.models import Depth, PlanRequest
from planner.plan import build_plan
from planner.svg import to_svg
from planner.text import text
from store.embed_tokens import is_embed_token, learner_for_embed_token
from store.learners import learner_for_token, list_progress
from store.models import KNOWN_STATUSES

router = APIRouter(prefix="/embed", tags=["embed"])


@dataclass(frozen=True)
class LearnerSession:
    """The learner an embed page is shown to: their id, when the embed token expires
    (None with the learner's own token) and the status of each concept they marked."""

    learner_id: str
    expires_at: datetime | None
    statuses: dict[str, str] = field(default_factory=dict)

    def known(self, curriculum: Curriculum) -> list[str]:
        return [
            c
            for c, status in self.statuses.items()
            if status in KNOWN_STATUSES and c in curriculum.concepts
        ]


async def learner_session(request: Request, db: Any) -> LearnerSession | None:
    """The page's learner from an ``Authorization: Bearer`` header (embed.js sends the token
    it took from the URL fragment); None without one, 401 when it is not valid."""
    if request.headers.get("authorization") is None:
        return None
    token = bearer_token(request)
    if is_embed_token(token):
        found = await db.read(lambda s: learner_for_embed_token(s, token))
    else:
        own = await db.read(lambda s: learner_for_token(s, token))
        found = (own, None) if own is not None else None
    if found is None:
        raise Unauthorized("the embed token is not valid or has expired")
    learner, expires_at = found
    rows = await db.read(lambda s: list_progress(s, learner.id))
    return LearnerSession(learner.id, expires_at, {r.concept_id: r.status for r in rows})


def _private(response: Response, session: LearnerSession | None) -> Response:
    """A page drawn for a learner is theirs: no shared cache may keep it."""
    response.headers["Vary"] = "Authorization"
    if session is not None:
        response.headers["Cache-Control"] = "no-store"
    return response


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
    db: DatabaseDep,
    goals: GoalsQuery,
    known: KnownQuery = None,
    hours_per_week: HoursQuery = 6.0,
    lang: Lang = "en",
    depth: Depth = "standard",
) -> Response:
    """The plan as an HTML page for an iframe: graph, weekly schedule, details per step.

    With a learner's embed token (``Authorization: Bearer``, sent by the page's own script)
    the learner's mastered concepts count as known too, and each step can be marked."""
    session = await learner_session(request, db)
    request_model = request_from_query(
        goals=goals, known=known, hours_per_week=hours_per_week, language=lang, depth=depth
    )
    page_ = await compute(_plan_page, request, curriculum, request_model, lang, session)
    return _private(page_, session)


def _plan_page(
    request: Request,
    curriculum: Curriculum,
    request_model: PlanRequest,
    lang: Lang,
    session: LearnerSession | None,
) -> HTMLResponse:
    given = list(request_model.known)
    by_learner = [c for c in session.known(curriculum) if c not in set(given)] if session else []
    # a learner may have marked more than a request may name; the planner takes them all
    known_ids = given + by_learner
    plan = build_plan(
        curriculum=curriculum, request=request_model.model_copy(update={"known": known_ids})
    )
    # Known concepts the goals need are shown as known, not dropped: the plan without them
    # says which they are, in its order.
    shown_known: list[dict[str, Any]] = []
    if known_ids:
        every = build_plan(
            curriculum=curriculum, request=request_model.model_copy(update={"known": []})
        )
        learner_marked, known_set = set(by_learner), set(known_ids)
        for s in every.steps:
            if s.id in known_set:
                c = curriculum.concepts[s.id]
                shown_known.append(
                    {
                        "id": s.id,
                        "name": c.name.get(lang),
                        "discipline": c.discipline,
                        "summary": c.summary.get(lang) if c.summary else "",
                        "by_learner": s.id in learner_marked,
                        "status": session.statuses.get(s.id) if session else None,
                    }
                )
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
    # the downloads describe the plan on screen; of the known concepts only those the goals
    # need matter, which keeps the link short however much the learner has marked
    download = {
        "goals": ",".join([*plan.goals, *plan.known_goals]),
        "known": ",".join(k["id"] for k in shown_known),
        "hours_per_week": f"{request_model.hours_per_week:g}",
        "lang": lang,
        "depth": request_model.depth,
    }
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
            "svg": to_svg(curriculum, plan, legend=False, known=[k["id"] for k in shown_known]),
            "known_steps": shown_known,
            "session": session,
            "download_query": urlencode({k: v for k, v in download.items() if v}),
        },
    )


@router.get("/concept/{concept_id}", response_class=HTMLResponse)
async def embed_concept(
    request: Request,
    concept_id: str,
    curriculum: CurriculumDep,
    compute: ComputeDep,
    db: DatabaseDep,
    lang: Lang = "en",
) -> Response:
    """One concept: summary, neighbourhood graph, readings, highlighted implementation source;
    with a learner's embed token, their status and a button to mark it."""
    session = await learner_session(request, db)
    page_ = await compute(_concept_page, request, concept_id, curriculum, lang, session)
    return _private(page_, session)


def _concept_page(
    request: Request,
    concept_id: str,
    curriculum: Curriculum,
    lang: Lang,
    session: LearnerSession | None = None,
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
            "session": session,
            "status": session.statuses.get(concept_id) if session else None,
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
        {
            "base_url": base,
            "static_url": f"{base}/embed/static",
            "plan_url": f"{base}/embed/plan?{query}",
        },
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
