"""LTI 1.3 tool routes (DESIGN.md section 12): OIDC login initiation, the launch, and the
tool's JWKS. A launch that breaks any rule is refused with a page naming the rule, and no
learner is made.

The launch lands on the plan page for the link's goals (custom parameter ``goals``) with a
short-lived embed token in the fragment (docs/embedding.md), not a cookie: the page lives
in the platform's iframe, where browsers block third-party cookies.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from api.ags import scores_for, wake
from api.db import Database
from api.deps import CurriculumDep, DatabaseDep
from api.html import error_page, own_base, page
from api.routes.lti_deep_link import open_picker
from graph.curriculum import Curriculum
from portal import lti, lti_ags
from store import ags as stored_ags
from store import embed_tokens
from store import lti as stored
from store.learners import mastered
from store.models import LtiLink, LtiPlatform

router = APIRouter(prefix="/lti", tags=["lti"])
STATE_COOKIE = "studypath_lti_state"


def state_cookie(state: str) -> str:
    """The cookie of one login: named after its state, so that two launches started at
    once in one browser (two tabs) do not overwrite each other's."""
    return f"{STATE_COOKIE}_{state[:16]}"


MAX_LOGINS = 100_000  # logins in progress (each lives 10 minutes): a flood cannot fill the table
SESSION_SECONDS = 8 * 3600  # a launched learner's embed token


def _public(request: Request) -> str | None:
    public = request.app.state.settings.public_url
    return public.rstrip("/") if public else None


def _refused(request: Request, status: int, message: str) -> Response:
    return error_page(request, status, f"LTI launch refused: {message}")


async def _params(request: Request) -> dict[str, str]:
    """A login's parameters, from the query (GET) or the form (POST): the platform chooses."""
    params = {k: v for k, v in request.query_params.items()}
    if request.method == "POST":
        form = await request.form(max_files=0, max_fields=50)
        params.update({k: v for k, v in form.items() if isinstance(v, str)})
    return params


@router.get("/login", response_class=RedirectResponse, status_code=302)
async def login_get(request: Request, db: DatabaseDep) -> Response:
    """OIDC third-party login initiation: redirects the browser to the platform's
    authorization endpoint with a fresh state (also set as a cookie) and nonce."""
    return await _login(request, db)


@router.post("/login", response_class=RedirectResponse, status_code=302)
async def login_post(request: Request, db: DatabaseDep) -> Response:
    """The same login initiation, for a platform that posts it as a form."""
    return await _login(request, db)


async def _login(request: Request, db: Database) -> Response:
    public = _public(request)
    if public is None:
        return _refused(request, 503, "STUDYPATH_PUBLIC_URL is not set; LTI needs the tool's URL")
    params = await _params(request)
    missing = [p for p in ("iss", "login_hint", "target_link_uri") if not params.get(p)]
    if missing:
        return _refused(request, 400, f"the login lacks {', '.join(missing)}")
    if any(len(v) > 4000 for v in params.values()):
        return _refused(request, 400, "a login parameter is over 4000 characters")
    issuer, client_id = params["iss"], params.get("client_id")
    try:
        platform = await db.read(lambda s: stored.find_platform(s, issuer, client_id))
    except stored.PlatformConflict as err:
        return _refused(request, 400, str(err))
    if platform is None:
        return _refused(
            request, 400, f"platform {issuer} is not registered (studypath lti add-platform)"
        )
    target = params["target_link_uri"]
    if not target.startswith(public + "/"):
        return _refused(request, 400, f"target_link_uri {target} is not a page of {public}")
    started = await db.write(lambda s: stored.start_login(s, platform.id, target, limit=MAX_LOGINS))
    if started is None:
        return _refused(request, 503, "too many logins are in progress; try again in a minute")
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": f"{public}/lti/launch",
        "login_hint": params["login_hint"],
        "state": started.state,
        "nonce": started.nonce,
    }
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    joiner = "&" if "?" in platform.auth_url else "?"
    response = RedirectResponse(platform.auth_url + joiner + urlencode(query), status_code=302)
    # the launch must come back to this browser: the platform posts it cross-site, so the
    # cookie is SameSite=None, hence Secure (browsers keep Secure cookies on http://localhost)
    response.set_cookie(
        state_cookie(started.state),
        started.state,
        max_age=600,
        path="/lti",
        secure=True,
        httponly=True,
        samesite="none",
    )
    return response


@router.post("/launch", response_class=RedirectResponse)
async def launch(request: Request, db: DatabaseDep, curriculum: CurriculumDep) -> Response:
    """The platform's id_token, checked (signature, iss, aud, azp, exp/iat, nonce once,
    state bound to this browser, deployment registered); the learner it names is signed in
    and sent to the plan of the link's goals. A Deep Linking request opens the picker."""
    form = await request.form(max_files=0, max_fields=50)
    id_token, state = form.get("id_token"), form.get("state")
    if not isinstance(id_token, str) or not isinstance(state, str) or not id_token or not state:
        return _refused(request, 400, "the launch lacks id_token or state")
    if len(id_token) > 64_000 or len(state) > 100:
        return _refused(request, 400, "id_token or state is too long")
    cookie = request.cookies.get(state_cookie(state), "")
    if not secrets.compare_digest(cookie.encode(), state.encode()):
        return _refused(request, 401, "the launch did not come back to the browser that started it")
    login_row = await db.write(lambda s: stored.consume_login(s, state))
    if login_row is None:
        return _refused(request, 401, "the login is unknown, expired or already used (a replay?)")
    platform = await db.read(lambda s: s.get(LtiPlatform, login_row.platform_id))
    if platform is None:
        return _refused(request, 401, "the platform of this login was removed")
    try:
        header = lti.unverified_header(id_token)
        jwks = await request.app.state.platform_keys.for_kid(platform.jwks_url, header.get("kid"))
        claims = lti.verify_id_token(
            id_token,
            jwks,
            issuer=platform.issuer,
            client_id=platform.client_id,
            nonce=login_row.nonce,
        )
        deployments = await db.read(lambda s: stored.deployment_ids(s, platform.id))
        lti.check_resource_link_launch(claims, deployments)
        if claims.get(lti.TARGET_LINK_URI) != login_row.target_link_uri:
            raise lti.LaunchRefused("target_link_uri differs from the login's")
        if claims.get(lti.MESSAGE_TYPE) == "LtiDeepLinkingRequest":
            picker = await open_picker(request, db, curriculum, platform, claims)
            picker.delete_cookie(
                state_cookie(state), path="/lti", secure=True, httponly=True, samesite="none"
            )
            return picker
    except lti.LaunchRefused as err:
        return _refused(request, 401, str(err))
    custom = claims.get(lti.CUSTOM) if isinstance(claims.get(lti.CUSTOM), dict) else {}
    goals = str(custom.get("goals", "")).strip()
    if not goals:
        return _refused(
            request, 400, "this link names no goals: set its custom parameter goals=<concept ids>"
        )
    language = lti.language_of(claims)
    name = str(claims.get("name") or claims.get("given_name") or "")
    learner, _ = await db.write(
        lambda s: stored.learner_for_user(
            s, platform.issuer, claims["sub"], display_name=name, language=language
        )
    )
    lineitem = lti_ags.lineitem_of(claims)
    instructor = lti.is_instructor(claims)
    link: LtiLink | None = None
    if lineitem is not None:  # the platform takes scores for this link: the first one now
        link_id, deployment = claims[lti.RESOURCE_LINK]["id"], claims[lti.DEPLOYMENT_ID]

        def register(session: Any) -> tuple[LtiLink, int]:
            found = stored_ags.upsert_link(
                session,
                platform_id=platform.id,
                deployment_id=deployment,
                resource_link_id=link_id,
                goals=goals,
                lineitem_url=lineitem,
            )
            if instructor:  # instructors are not graded
                return found, 0
            known = mastered(session, learner.id)
            rows = scores_for(curriculum, learner.id, [(found, claims["sub"])], known)
            stored_ags.queue(session, rows)
            session.commit()
            return found, len(rows)

        link, queued = await db.write(register)
        if queued:
            wake(request.app.state.ags)
    issued = await db.write(
        lambda s: embed_tokens.issue_embed_token(s, learner.id, SESSION_SECONDS)
    )
    if issued is None:
        return _refused(request, 503, "this learner has too many live sessions; try later")
    token, _ = issued
    page_query: dict[str, Any] = {"goals": goals, "lang": language}
    for extra in ("known", "depth"):
        if custom.get(extra):
            page_query[extra] = str(custom[extra])
    target = f"{own_base(request)}/embed/plan?{urlencode(page_query)}#embed_token={token}"
    if instructor:  # the class's progress on this link, and the plan itself one click away
        response = await _class_page(request, db, curriculum, link, goals, language, target)
    else:
        response = RedirectResponse(target, status_code=303)
    response.delete_cookie(
        state_cookie(state), path="/lti", secure=True, httponly=True, samesite="none"
    )
    return response


class PublicKey(BaseModel):
    """An RSA public key of the tool (RFC 7517)."""

    kty: str
    n: str
    e: str
    kid: str
    alg: str
    use: str


class KeySet(BaseModel):
    keys: list[PublicKey]


async def _class_page(
    request: Request,
    db: Database,
    curriculum: Curriculum,
    link: LtiLink | None,
    goals: str,
    language: str,
    plan_url: str,
) -> Response:
    rows = await db.read(lambda s: stored_ags.members(s, link.id)) if link else []
    names = [
        curriculum.concepts[g].name.get(language) if g in curriculum.concepts else g
        for g in (x.strip() for x in goals.split(","))
        if g
    ]
    return page(
        request,
        "lti_class.html",
        {
            "page": "lti-class",
            "lang": language,
            "title": "studypath",
            "goal_names": names,
            "plan_url": plan_url,
            "graded": link is not None,
            "members": rows,
        },
    )


@router.get("/jwks", response_model=KeySet)
async def jwks(db: DatabaseDep) -> JSONResponse:
    """The tool's public keys: the current one and those retired in the last two days."""

    def listed(session: Any) -> list[dict[str, Any]]:
        stored.signing_key(session, lti.new_key)  # the first request makes the first key
        return [k.private_jwk for k in stored.listed_keys(session)]

    keys = await db.write(listed)
    return JSONResponse(lti.public_jwks(keys), headers={"Cache-Control": "max-age=300"})
