"""HTML pages of studypath: templates, the en/zh page texts, security headers, error pages.

Below the routes (the embed routes and the error handlers both render pages here), so
neither needs the other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters["fmt"] = lambda x: f"{x:g}"

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
