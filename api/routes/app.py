"""GET /: the learner's web app (DESIGN.md section 11), one page over the public API.

The page is rendered here with its labels in the learner's language; api/static/app.js
does the rest through the same routes any client uses (search, plans, learners, progress,
questions, placements, reviews). Nothing is fetched from another origin.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.html import Lang, page
from planner.text import text

router = APIRouter(tags=["app"])

# The strings app.js shows after the page has loaded, in the page's language.
SCRIPT_STRINGS = (
    "app_no_results",
    "app_add_goal",
    "app_remove_goal",
    "app_mark_mastered",
    "app_marked",
    "app_questions",
    "app_check_answer",
    "app_correct",
    "app_wrong",
    "app_signed_in_as",
    "app_placement_done",
    "app_review_due",
    "app_no_reviews",
    "app_error",
    "steps",
    "hours",
    "weeks",
    "why",
    "read",
    "run",
    "week_label",
    "chapter",
)


def _language(request: Request, lang: str | None) -> str:
    if lang in ("en", "zh"):
        return lang
    accept = request.headers.get("accept-language", "")
    return "zh" if accept.lower().startswith("zh") else "en"


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def app_page(request: Request, lang: Lang | None = None) -> HTMLResponse:
    """The web app: search, goals, the plan with its graph and weeks, sign-up, progress."""
    language = _language(request, lang)
    strings: dict[str, Any] = {key: text(language, key) for key in SCRIPT_STRINGS}
    return page(
        request,
        "app.html",
        {"lang": language, "title": "studypath", "page": "app", "strings": strings},
    )
