"""Embeddable HTML pages for learning portals: a plan, a concept, and an example portal.

Pages are rendered with Jinja2 (autoescaping on), use only studypath's own CSS and JS, and
carry a Content-Security-Policy whose frame-ancestors lists the configured portal origins.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from api.deps import ComputeDep, CurriculumDep
from api.routes.plans import GoalsQuery, HoursQuery, KnownQuery, request_from_query
from graph.curriculum import Curriculum
from graph.errors import UnknownIdError
from graph.render import DISCIPLINE_COLOURS, FALLBACK_COLOUR, neighbourhood_svg
from graph.validate import implementation_path
from graph.views import concept_detail
from planner.plan import build_plan
from planner.svg import to_svg

HERE = Path(__file__).resolve().parent.parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters["fmt"] = lambda x: f"{x:g}"
router = APIRouter(prefix="/embed", tags=["embed"])

TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "title": "Study plan",
        "total": "Total",
        "hours": "hours",
        "h": "h",
        "weeks": "weeks",
        "known_goals": "already known",
        "legend": "Disciplines",
        "goal": "goal",
        "graph": "Plan graph",
        "schedule": "Weekly schedule",
        "continued": "(continued)",
        "hint": "Select a step to see why, what to read and what to run.",
        "why": "Why",
        "read": "Read",
        "free": "free online",
        "link": "link",
        "none": "No reading listed.",
        "run": "Run the reference implementation",
        "concept_page": "Concept page",
        "version": "curriculum",
        "level": "level",
        "neighbourhood": "Prerequisites and dependents",
        "prerequisites": "Prerequisites",
        "dependents": "Useful for",
        "reading": "Reading",
        "implementation": "Reference implementation",
        "any_of": "any one of a group",
        "recommended": "recommended",
        "no_prerequisites": "None: a starting point.",
        "did_you_mean": "Did you mean",
        "not_found": "Not found",
        "invalid": "Invalid request",
        "week_label": lambda n: f"Week {n}",
        "chapter": lambda n: f"ch. {n}",
    },
    "zh": {
        "title": "学习计划",
        "total": "合计",
        "hours": "小时",
        "h": "小时",
        "weeks": "周",
        "known_goals": "已掌握",
        "legend": "学科",
        "goal": "目标",
        "graph": "计划图",
        "schedule": "每周安排",
        "continued": "（续）",
        "hint": "点击一个步骤，查看为什么学、读什么、运行什么。",
        "why": "为什么学",
        "read": "阅读",
        "free": "免费在线阅读",
        "link": "链接",
        "none": "暂无阅读材料。",
        "run": "运行参考实现",
        "concept_page": "概念页面",
        "version": "课程图版本",
        "level": "层级",
        "neighbourhood": "先修与后续",
        "prerequisites": "先修",
        "dependents": "用于",
        "reading": "阅读",
        "implementation": "参考实现",
        "any_of": "任选其一",
        "recommended": "推荐",
        "no_prerequisites": "无：这是一个起点。",
        "did_you_mean": "你是不是想找",
        "not_found": "未找到",
        "invalid": "请求无效",
        "week_label": lambda n: f"第{n}周",
        "chapter": lambda n: f"第 {n} 章",
    },
}

Lang = Literal["en", "zh"]


def security_headers(request: Request) -> dict[str, str]:
    """CSP for embed pages: only studypath's own files; framing only by configured origins."""
    ancestors = " ".join(["'self'", *request.app.state.settings.frame_ancestors])
    return {
        "Content-Security-Policy": (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }


def own_base(request: Request) -> str:
    """Where studypath's own pages live, for links and assets: STUDYPATH_PUBLIC_URL, or
    the server's root path (root-relative links). Never the request's Host header, which
    a client chooses."""
    public = request.app.state.settings.public_url
    return (public or request.scope.get("root_path", "")).rstrip("/")


def page(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    lang = context.get("lang", "en")
    base = own_base(request)
    context = {
        "t": TEXT[lang],
        "lang": lang,
        "base_url": base,
        "static_url": f"{base}/embed/static",
        "allowed_origins": request.app.state.settings.frame_ancestors,
        **context,
    }
    response = templates.TemplateResponse(request, template, context, status_code=status)
    response.headers.update(security_headers(request))
    return response  # type: ignore[return-value]


def error_page(
    request: Request,
    status: int,
    message: str,
    lang: str = "en",
    suggestions: list[str] | None = None,
) -> HTMLResponse:
    t = TEXT[lang if lang in TEXT else "en"]
    heading = t["not_found"] if status == 404 else t["invalid"]
    return page(
        request,
        "error.html",
        {
            "lang": lang if lang in TEXT else "en",
            "title": heading,
            "heading": heading,
            "message": message,
            "suggestions": suggestions or [],
            "status": status,
            "page": "error",
        },
        status,
    )


def disciplines_css(curriculum: Curriculum) -> str:
    """One CSS custom property per discipline (ids are slugs, safe as class names)."""
    return "".join(
        f".d-{d} {{ --d: {DISCIPLINE_COLOURS.get(d, FALLBACK_COLOUR)}; }}\n"
        for d in curriculum.disciplines
    )


@router.get("/disciplines.css")
async def discipline_colours(curriculum: CurriculumDep) -> Response:
    """One colour per discipline of the curriculum, for the embed pages."""
    return Response(disciplines_css(curriculum), media_type="text/css")


@router.get("/plan", response_class=HTMLResponse)
async def embed_plan(
    request: Request,
    curriculum: CurriculumDep,
    compute: ComputeDep,
    goals: GoalsQuery,
    known: KnownQuery = None,
    hours_per_week: HoursQuery = 6.0,
    lang: Lang = "en",
) -> HTMLResponse:
    """The plan as an HTML page for an iframe: graph, weekly schedule, details per step."""
    request_model = request_from_query(
        goals=goals, known=known, hours_per_week=hours_per_week, language=lang
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
            "title": f"{TEXT[lang]['title']}: {', '.join(goal_names)}",
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


@router.get("/highlight.css")
async def highlight_css() -> Response:
    """Syntax-highlighting colours for implementation sources (Pygments)."""
    return Response(HtmlFormatter(cssclass="hl").get_style_defs(".hl"), media_type="text/css")
