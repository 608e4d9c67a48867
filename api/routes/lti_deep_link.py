"""LTI Deep Linking 2.0 (DESIGN.md section 12): an instructor's launch opens a plain HTML
picker (search, choose goals); the choice goes back to the platform as a signed
LtiDeepLinkingResponse whose ltiResourceLink carries the goals as custom parameters, with
a line item for the link's score."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import CurriculumDep, DatabaseDep
from api.html import Lang, error_page, page
from graph.curriculum import Curriculum
from graph.search import search
from portal import lti
from portal import lti_deep_linking as dl
from store import lti as stored
from store.models import LtiPlatform

router = APIRouter(prefix="/lti", tags=["lti"])
MAX_RESULTS = 30


def _tool_keys(session: Any) -> list[dict[str, Any]]:
    return [k.private_jwk for k in stored.listed_keys(session)]


def picker_page(
    request: Request, curriculum: Curriculum, context: str, claims: dict[str, Any], q: str
) -> HTMLResponse:
    lang = claims.get("language", "en")
    found = search(curriculum, q, curriculum.concepts)[:MAX_RESULTS] if q.strip() else []
    results = [
        {
            "id": cid,
            "name": curriculum.concepts[cid].name.get(lang),
            "summary": (s.get(lang) if (s := curriculum.concepts[cid].summary) else ""),
        }
        for cid in found
    ]
    response = page(
        request,
        "lti_picker.html",
        {
            "page": "lti-picker",
            "lang": lang,
            "title": "studypath",
            "context": context,
            "q": q,
            "results": results,
            "multiple": claims.get("multiple", True),
            "default_title": "",
        },
    )
    # the picker's own forms come back here
    policy = response.headers["Content-Security-Policy"]
    response.headers["Content-Security-Policy"] = policy.replace(
        "form-action 'none'", "form-action 'self'"
    )
    return response


async def open_picker(
    request: Request, db: Any, curriculum: Curriculum, platform: LtiPlatform, claims: dict[str, Any]
) -> Response:
    """The launch of an LtiDeepLinkingRequest (already verified): instructors get the picker."""
    settings = dl.request_settings(claims)
    if not lti.is_instructor(claims):
        return error_page(
            request, 403, "LTI launch refused: only an instructor may choose what a link shows"
        )
    language = lti.language_of(claims)

    def sign_context(session: Any) -> str:
        key = stored.signing_key(session, lti.new_key)
        return dl.picker_context(
            platform_id=platform.id,
            deployment_id=claims[lti.DEPLOYMENT_ID],
            settings=settings,
            language=language,
            private_key=key.private_jwk,
        )

    context = await db.write(sign_context)
    return picker_page(
        request,
        curriculum,
        context,
        {"language": language, "multiple": settings["accept_multiple"]},
        "",
    )


async def _context(request: Request, db: Any, token: str, lang: str) -> dict[str, Any] | Response:
    """The picker's verified context, or the page refusing it."""
    keys = await db.read(_tool_keys)
    try:
        return dl.read_picker_context(token, keys)
    except lti.LaunchRefused as err:
        return error_page(request, 401, str(err), lang)


@router.get("/deep-link", response_class=HTMLResponse)
async def picker_search(
    request: Request,
    db: DatabaseDep,
    curriculum: CurriculumDep,
    context: Annotated[str, Query(max_length=8000)],
    q: Annotated[str, Query(max_length=200)] = "",
    lang: Lang = "en",
) -> Response:
    """The picker with the concepts matching ``q`` (ranked as GET /concepts?q= ranks)."""
    claims = await _context(request, db, context, lang)
    if isinstance(claims, Response):
        return claims
    return picker_page(request, curriculum, context, claims, q)


@router.post("/deep-link", response_class=HTMLResponse)
async def picker_choose(
    request: Request,
    db: DatabaseDep,
    curriculum: CurriculumDep,
    context: Annotated[str, Form(max_length=8000)],
    goal: Annotated[list[str] | None, Form(max_length=50)] = None,
    title: Annotated[str, Form(max_length=200)] = "",
    action: Annotated[str, Form(max_length=20)] = "link",
    lang: Annotated[Lang, Form()] = "en",
) -> Response:
    """The instructor's choice, returned to the platform as a signed LtiDeepLinkingResponse
    (an auto-submitted form to its deep_link_return_url; none chosen returns no item)."""
    claims = await _context(request, db, context, lang)
    if isinstance(claims, Response):
        return claims
    goals = list(dict.fromkeys(goal or [])) if action == "link" else []
    unknown = [g for g in goals if g not in curriculum.concepts]
    if unknown:
        return error_page(request, 422, f"no concept '{unknown[0]}'", claims.get("language", "en"))
    if goals and not claims.get("multiple", True) and len(goals) > 1:
        return error_page(
            request, 422, "this platform takes one goal per link", claims.get("language", "en")
        )
    platform = await db.read(lambda s: s.get(LtiPlatform, claims["platform_id"]))
    if platform is None:
        return error_page(request, 401, "the platform of this picker was removed")
    language = claims.get("language", "en")
    names = [curriculum.concepts[g].name.get(language) for g in goals]
    link_title = title.strip() or ("studypath: " + ", ".join(names) if names else "studypath")
    public = (request.app.state.settings.public_url or "").rstrip("/")
    items = (
        [
            dl.resource_link(
                f"{public}/lti/launch",
                goals,
                link_title,
                with_lineitem=claims.get("lineitem", True),
            )
        ]
        if goals
        else []
    )

    def respond(session: Any) -> str:
        key = stored.signing_key(session, lti.new_key)
        return dl.response_token(
            client_id=platform.client_id,
            platform_issuer=platform.issuer,
            deployment_id=claims["deployment_id"],
            items=items,
            data=claims.get("data"),
            private_key=key.private_jwk,
        )

    token = await db.write(respond)
    response = page(
        request,
        "lti_return.html",
        {
            "page": "lti-return",
            "lang": language,
            "title": "studypath",
            "return_url": claims["return_url"],
            "jwt": token,
        },
    )
    # the form goes to the platform: allow that one origin as a form target, nothing else
    target = urlparse(claims["return_url"])
    policy = response.headers["Content-Security-Policy"]
    response.headers["Content-Security-Policy"] = policy.replace(
        "form-action 'none'", f"form-action {target.scheme}://{target.netloc}"
    )
    return response
