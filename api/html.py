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

from planner.text import LANGUAGES, words

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters["fmt"] = lambda x: f"{x:g}"


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
        "t": words(lang),
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
    t = words(lang)
    heading = t["not_found"] if status == 404 else t["invalid"]
    return page(
        request,
        "error.html",
        {
            "lang": lang if lang in LANGUAGES else "en",
            "title": heading,
            "heading": heading,
            "message": message,
            "suggestions": suggestions or [],
            "status": status,
            "page": "error",
        },
        status,
    )
