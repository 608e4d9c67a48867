"""LTI Deep Linking 2.0: the request's settings, and the signed response that returns the
instructor's choice (an ltiResourceLink whose custom parameters carry the goals) to the
platform. Pure functions; no web code."""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping, Sequence
from typing import Any

from joserfc import jwk, jwt
from joserfc.errors import JoseError

from portal.lti import (
    ALGORITHM,
    DEPLOYMENT_ID,
    LEEWAY_SECONDS,
    MESSAGE_TYPE,
    VERSION,
    LaunchRefused,
    public_jwks,
    sign,
)

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
SETTINGS = DL + "deep_linking_settings"
CONTENT_ITEMS = DL + "content_items"
DATA = DL + "data"
RESPONSE_SECONDS = 600  # how long the platform may take to accept the response
SCORE_MAXIMUM = 100


def _flag(value: Any) -> bool:
    """A boolean setting; some platforms send "true"/"false" as strings."""
    return value is True or (isinstance(value, str) and value.lower() == "true")


def request_settings(claims: Mapping[str, Any]) -> dict[str, Any]:
    """What the platform accepts back (DL 4.4.1), checked: it must take an ltiResourceLink."""
    settings = claims.get(SETTINGS)
    if not isinstance(settings, dict):
        raise LaunchRefused("the deep linking request has no deep_linking_settings")
    url = settings.get("deep_link_return_url")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise LaunchRefused("the deep linking request has no deep_link_return_url")
    accepted = settings.get("accept_types")
    if not isinstance(accepted, list) or "ltiResourceLink" not in accepted:
        raise LaunchRefused("the platform does not accept an ltiResourceLink here")
    return {
        "return_url": url,
        "accept_multiple": _flag(settings.get("accept_multiple", True)),
        "accept_lineitem": _flag(settings.get("accept_lineitem", True)),
        "data": settings.get("data"),
    }


def resource_link(
    launch_url: str, goals: Sequence[str], title: str, *, with_lineitem: bool
) -> dict[str, Any]:
    """An ltiResourceLink content item (DL 3.2) launching the plan toward ``goals``."""
    item: dict[str, Any] = {
        "type": "ltiResourceLink",
        "title": title,
        "url": launch_url,
        "custom": {"goals": ",".join(goals)},
    }
    if with_lineitem:
        item["lineItem"] = {
            "scoreMaximum": SCORE_MAXIMUM,
            "label": title,
            "resourceId": ",".join(goals),
            "tag": "studypath",
        }
    return item


def response_token(
    *,
    client_id: str,
    platform_issuer: str,
    deployment_id: str,
    items: Sequence[Mapping[str, Any]],
    data: Any,
    private_key: Mapping[str, Any],
    now: float | None = None,
) -> str:
    """The LtiDeepLinkingResponse (DL 4.5), signed with the tool's key."""
    moment = int(now if now is not None else time.time())
    claims: dict[str, Any] = {
        "iss": client_id,
        "aud": platform_issuer,
        "iat": moment,
        "exp": moment + RESPONSE_SECONDS,
        "nonce": secrets.token_urlsafe(24),
        MESSAGE_TYPE: "LtiDeepLinkingResponse",
        VERSION: "1.3.0",
        DEPLOYMENT_ID: deployment_id,
        CONTENT_ITEMS: [dict(i) for i in items],
    }
    if data is not None:
        claims[DATA] = data  # returned as it came (DL 4.5.5)
    return sign(claims, private_key)


PICKER_AUDIENCE = "studypath:deep-link-picker"
PICKER_SECONDS = 1800


def picker_context(
    *,
    platform_id: str,
    deployment_id: str,
    settings: Mapping[str, Any],
    language: str,
    private_key: Mapping[str, Any],
    now: float | None = None,
) -> str:
    """The verified request, signed by the tool for its own picker pages: the picker needs
    no table, and a changed return URL or deployment cannot pass."""
    moment = int(now if now is not None else time.time())
    return sign(
        {
            "aud": PICKER_AUDIENCE,
            "iat": moment,
            "exp": moment + PICKER_SECONDS,
            "platform_id": platform_id,
            "deployment_id": deployment_id,
            "return_url": settings["return_url"],
            "multiple": settings["accept_multiple"],
            "lineitem": settings["accept_lineitem"],
            "data": settings["data"],
            "language": language,
        },
        private_key,
    )


def read_picker_context(token: str, tool_keys: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The picker's context, if the tool signed it and it has not expired."""
    keys = jwk.KeySet.import_key_set(public_jwks(tool_keys))  # type: ignore[arg-type]
    try:
        decoded = jwt.decode(token, keys, algorithms=[ALGORITHM])
        jwt.JWTClaimsRegistry(
            leeway=LEEWAY_SECONDS,
            aud={"essential": True, "value": PICKER_AUDIENCE},
            exp={"essential": True},
        ).validate(decoded.claims)
    except (JoseError, ValueError) as err:
        raise LaunchRefused(f"the picker's context is not valid ({err})") from None
    return dict(decoded.claims)
